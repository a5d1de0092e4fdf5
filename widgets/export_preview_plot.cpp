#include "widgets/export_preview_plot.h"

#include "widgets/grid_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>

namespace prunescope {

ExportPreviewPlot::ExportPreviewPlot(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_title(addPlotTitle(m_plot))
    , m_group(new QCPBarsGroup(m_plot))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(420, 220);
    m_plot->legend->setVisible(true);
    QFont small = m_plot->legend->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_plot->legend->setFont(small);
    m_plot->yAxis->setLabel(tr("share of the source kept"));
    m_plot->yAxis->setRange(0, 1.05);
    m_title->setText(tr("Size after export, by layer"));
}

void ExportPreviewPlot::setTowers(const std::vector<StudyExportTower> &towers)
{
    m_plot->clearPlottables();
    m_group->clear();
    m_values.assign(4, {});
    m_layers.clear();
    const auto share = [](int64_t part, int64_t whole) { return whole > 0 ? double(part) / double(whole) : 0.0; };
    for (const StudyExportTower &tower : towers)
        for (size_t l = 0; l < std::max(tower.neuronsKept.size(), tower.headsKept.size()); ++l) {
            m_layers << (towers.size() > 1 ? QStringLiteral("%1 %2").arg(QString::fromStdString(tower.name)).arg(l)
                                           : QString::number(l));
            m_values[0].push_back(l < tower.neuronsKept.size() ? share(tower.neuronsKept[l], tower.ffnBefore) : 1.0);
            m_values[1].push_back(share(tower.ffnAfter, tower.ffnBefore));
            m_values[2].push_back(l < tower.headsKept.size() ? share(tower.headsKept[l], tower.headsBefore) : 1.0);
            m_values[3].push_back(share(tower.headsAfter, tower.headsBefore));
        }
    const QString names[] = {tr("FFN neurons the mask keeps"), tr("FFN width in the export"), tr("heads the mask keeps"),
                             tr("heads in the export")};
    const QColor colours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xae, 0xc7, 0xe8), QColor(0xd6, 0x27, 0x28),
                              QColor(0xff, 0x98, 0x96)};
    for (int s = 0; s < 4; ++s) {
        auto *bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(names[s]);
        bars->setPen(QPen(colours[s].darker(120)));
        bars->setBrush(colours[s]);
        bars->setWidth(0.8 / 4);
        bars->setBarsGroup(m_group);
        for (int l = 0; l < int(m_layers.size()); ++l)
            bars->addData(double(l), m_values[size_t(s)][size_t(l)]);
    }
    m_plot->xAxis->setTicker(textTicker(m_layers));
    m_plot->xAxis->setTickLabelRotation(m_layers.size() > 12 ? 60 : 0);
    m_plot->xAxis->setLabel(tr("layer"));
    m_plot->xAxis->setRange(-0.6, double(m_layers.size()) - 0.4);
    replotWhenSized(m_plot);
}

QStringList ExportPreviewPlot::barNames() const
{
    QStringList names;
    for (int i = 0; i < m_plot->plottableCount(); ++i)
        names << m_plot->plottable(i)->name();
    return names;
}

double ExportPreviewPlot::barValue(int series, int layer) const
{
    return m_values.at(size_t(series)).at(size_t(layer));
}

QStringList ExportPreviewPlot::layerNames() const
{
    return m_layers;
}

} // namespace prunescope
