#include "widgets/mask_profile_view.h"

#include "widgets/grid_plot.h"
#include "widgets/help_texts.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace prunescope {

namespace {

const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
                          QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e), QColor(0x8c, 0x56, 0x4b),
                          QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};

QString figure(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 4) : QStringLiteral("\u2013");
}

} // namespace

MaskProfileView::MaskProfileView(QWidget *parent)
    : QWidget(parent)
    , m_by(new QComboBox(this))
    , m_empty(new QLabel(tr("Analyse masks (Analysis \u2192 Mask Profiles) to see where each one prunes."), this))
    , m_sensitivity(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_title(addPlotTitle(m_plot))
    , m_group(new QCPBarsGroup(m_plot))
{
    m_by->addItem(tr("By component"), QStringLiteral("component"));
    m_by->addItem(tr("By layer"), QStringLiteral("layer"));
    m_by->setToolTip(tr("Bars per component (query, key, value, attention output, FFN in, FFN out) or per layer"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Sparsity:"), this));
    controls->addWidget(m_by, 1);
    controls->addWidget(createHelpButton(this, HelpTopic::Profiles, tr("Explains the sparsity bars and the sensitivity tests")));
    m_empty->setAlignment(Qt::AlignCenter);
    m_sensitivity->setTextFormat(Qt::RichText);
    m_sensitivity->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_empty);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_sensitivity);
    m_plot->legend->setVisible(true);
    m_plot->yAxis->setLabel(tr("share of weights pruned"));
    m_plot->yAxis->setRange(0, 1);
    connect(m_by, &QComboBox::currentIndexChanged, this, &MaskProfileView::redraw);
    clear();
}

void MaskProfileView::setAnalysis(const StudyMaskAnalysis &analysis)
{
    m_analysis = analysis;
    redraw();
}

void MaskProfileView::clear()
{
    setAnalysis(StudyMaskAnalysis());
}

double MaskProfileView::barValue(int mask, int tick) const
{
    const MaskProfile &p = m_analysis.profiles.at(size_t(mask));
    const bool byLayer = m_by->currentData().toString() == QLatin1String("layer");
    return byLayer ? p.layerSparsity.at(size_t(tick)) : p.componentSparsity.at(size_t(tick));
}

QStringList MaskProfileView::barNames() const
{
    QStringList names;
    for (int i = 0; i < m_plot->plottableCount(); ++i)
        names << m_plot->plottable(i)->name();
    return names;
}

QString MaskProfileView::sensitivityText() const
{
    return m_sensitivity->text();
}

QString MaskProfileView::title() const
{
    return m_title->text();
}

void MaskProfileView::redraw()
{
    m_plot->clearPlottables();
    const bool empty = m_analysis.profiles.empty();
    m_empty->setVisible(empty);
    m_plot->setVisible(!empty);
    m_sensitivity->clear();
    if (empty) {
        m_title->setText(QString());
        replotWhenSized(m_plot);
        return;
    }
    const MaskProfile &first = m_analysis.profiles.front();
    const bool byLayer = m_by->currentData().toString() == QLatin1String("layer");
    m_title->setText(byLayer ? tr("Where the masks prune: the share of weights by layer")
                             : tr("Where the masks prune: the share of weights by component")); // the masks: the legend
    const std::vector<std::string> &names = byLayer ? first.layers : first.components;
    QStringList ticks;
    for (const std::string &name : names)
        ticks << QString::fromStdString(name);
    m_plot->xAxis->setTicker(textTicker(ticks));
    m_plot->xAxis->setLabel(byLayer ? tr("layer") : tr("component"));
    m_plot->xAxis->setRange(-0.6, double(names.size()) - 0.4);

    m_group->clear();
    const size_t count = m_analysis.profiles.size();
    for (size_t i = 0; i < count; ++i) {
        const MaskProfile &p = m_analysis.profiles[i];
        auto *bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(tr("%1 (%2 % overall)").arg(QString::fromStdString(p.name)).arg(100.0 * p.sparsity, 0, 'f', 1));
        const QColor color = kColors[i % (sizeof kColors / sizeof kColors[0])];
        bars->setPen(QPen(color.darker(120)));
        bars->setBrush(color);
        bars->setWidth(0.8 / double(count));
        bars->setBarsGroup(m_group);
        for (size_t t = 0; t < names.size(); ++t)
            bars->addData(double(t), barValue(int(i), int(t)));
    }
    replotWhenSized(m_plot);

    if (m_analysis.sensitivity.empty())
        return;
    QString table = tr("<table cellspacing=\"6\"><tr><th align=\"left\">mask</th><th>%1 dense</th><th>under the "
                       "mask</th><th>mask shuffled</th><th>weights re-initialised</th></tr>")
                        .arg(QString::fromStdString(m_analysis.sensitivity.front().primary));
    for (size_t i = 0; i < m_analysis.sensitivity.size() && i < count; ++i) {
        const MaskSensitivity &s = m_analysis.sensitivity[i];
        table += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                                "<td align=\"right\">%4</td><td align=\"right\">%5</td></tr>")
                     .arg(QString::fromStdString(m_analysis.profiles[i].name).toHtmlEscaped(), figure(s.dense),
                          figure(s.masked), figure(s.shuffled), figure(s.reinitialised));
    }
    m_sensitivity->setText(table + QStringLiteral("</table>"));
}

} // namespace prunescope
