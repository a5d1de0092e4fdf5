#include "widgets/neuron_map_view.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace prunescope {

NeuronMapView::NeuronMapView(QWidget *parent)
    : MapView(HelpTopic::Neurons, parent)
    , m_sort(new QCheckBox(tr("Sort by score"), this))
    , m_histogramPlot(new QCustomPlot(this))
    , m_redundancyPlot(new QCustomPlot(this))
{
    gridPlot()->setNames(tr("layer"), tr("neuron"));
    m_sort->setToolTip(tr("Order each layer's neurons from the highest score to the lowest"));
    controls()->insertWidget(2, m_sort);
    m_bars = new QCPBars(m_histogramPlot->xAxis, m_histogramPlot->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(33, 145, 140));
    m_histogramPlot->yAxis->setLabel(tr("neurons"));
    m_histogramPlot->setMinimumHeight(140);
    m_histogramPlot->setMaximumHeight(200);
    m_histogramPlot->setToolTip(tr("How the scores of the selected layer are spread"));
    m_redundancyPlot->setMinimumHeight(140);
    m_redundancyPlot->setMaximumHeight(200);
    m_redundancyPlot->setToolTip(tr("Analysis \u2192 Neuron Redundancy: how many neurons of each layer have a near-copy"));
    m_redundancyPlot->legend->setVisible(true);
    m_redundancyPlot->yAxis->setRange(0, 1.05);
    m_redundancyPlot->hide();
    auto *below = new QHBoxLayout;
    below->addWidget(m_histogramPlot, 1);
    below->addWidget(m_redundancyPlot, 1);
    static_cast<QVBoxLayout *>(layout())->addLayout(below);
    connect(m_sort, &QCheckBox::toggled, this, &NeuronMapView::applyOrder);
    connect(this, &MapView::unitClicked, this, [this](const QString &, int64_t row, int64_t) { setSelectedLayer(row); });
}

bool NeuronMapView::shows(const Grid &grid) const
{
    return isUnitGrid(grid, "neurons");
}

void NeuronMapView::gridShown(const Grid &grid)
{
    m_layer = std::clamp<int64_t>(m_layer, 0, std::max<int64_t>(grid.rows - 1, 0));
    applyOrder();
}

void NeuronMapView::setSelectedLayer(int64_t layer)
{
    m_layer = layer;
    updateHistogram();
}

void NeuronMapView::applyOrder()
{
    const Grid &grid = gridPlot()->grid();
    std::vector<std::vector<int64_t>> order;
    if (m_sort->isChecked()) {
        for (int64_t r = 0; r < grid.rows; ++r) {
            std::vector<int64_t> columns(size_t(grid.cols));
            std::iota(columns.begin(), columns.end(), 0);
            std::stable_sort(columns.begin(), columns.end(),
                             [&](int64_t a, int64_t b) { return grid.at(r, a) > grid.at(r, b); });
            order.push_back(std::move(columns));
        }
    }
    gridPlot()->setColumnOrder(std::move(order));
    updateHistogram();
}

void NeuronMapView::updateHistogram()
{
    const Grid &grid = gridPlot()->grid();
    m_counts.assign(kBins, 0);
    if (grid.rows == 0 || m_layer >= grid.rows) {
        m_bars->data()->clear();
        m_histogramPlot->xAxis->setLabel(QString());
        replotWhenSized(m_histogramPlot);
        return;
    }
    const auto begin = grid.values.begin() + m_layer * grid.cols, end = begin + grid.cols;
    const auto [lowIt, highIt] = std::minmax_element(begin, end);
    const double low = *lowIt, width = std::max(double(*highIt - *lowIt), 1e-12) / kBins;
    for (auto it = begin; it != end; ++it)
        ++m_counts[size_t(std::min<int64_t>(int64_t((*it - low) / width), kBins - 1))];
    QVector<double> keys, counts;
    for (int b = 0; b < kBins; ++b) {
        keys.append(low + (b + 0.5) * width);
        counts.append(m_counts[size_t(b)]);
    }
    m_bars->setWidth(width);
    m_bars->setData(keys, counts, true);
    m_histogramPlot->xAxis->setLabel(tr("score in layer %1").arg(m_layer));
    m_histogramPlot->rescaleAxes();
    m_histogramPlot->yAxis->setRangeLower(0);
    replotWhenSized(m_histogramPlot);
}

void NeuronMapView::setRedundancy(const StudyRedundancy &redundancy, const QString &of)
{
    m_redundancy = redundancy;
    m_redundancyPlot->clearGraphs();
    const struct
    {
        QString name;
        const std::vector<double> *values;
        QColor color;
    } curves[] = {{tr("uniqueness"), &m_redundancy.uniqueness, QColor(0x1f, 0x77, 0xb4)},
                  {tr("max cos > 0.9"), &m_redundancy.above09, QColor(0xff, 0x7f, 0x0e)},
                  {tr("max cos > 0.99"), &m_redundancy.above099, QColor(0xd6, 0x27, 0x28)}};
    QStringList layers;
    for (size_t l = 0; l < m_redundancy.layers.size(); ++l)
        layers << QString::number(l);
    m_redundancyPlot->xAxis->setTicker(textTicker(layers));
    for (const auto &curve : curves) {
        QCPGraph *graph = m_redundancyPlot->addGraph();
        graph->setName(curve.name);
        graph->setPen(QPen(curve.color, 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
        for (size_t l = 0; l < curve.values->size(); ++l)
            graph->addData(double(l), (*curve.values)[l]);
    }
    m_redundancyPlot->xAxis->setRange(-0.5, double(m_redundancy.layers.size()) - 0.5);
    m_redundancyPlot->xAxis->setLabel(tr("layer (redundancy of %1)").arg(of));
    m_redundancyPlot->setVisible(!m_redundancy.layers.empty());
    replotWhenSized(m_redundancyPlot);
}

QString NeuronMapView::redundancyText() const
{
    QString text;
    for (size_t l = 0; l < m_redundancy.layers.size(); ++l)
        text += tr("%1: %2 neurons kept, uniqueness %3, %4 with a near-copy (cos > 0.99)\n")
                    .arg(QString::fromStdString(m_redundancy.layers[l]))
                    .arg(m_redundancy.kept[l])
                    .arg(m_redundancy.uniqueness[l], 0, 'f', 3)
                    .arg(m_redundancy.above099[l], 0, 'f', 3);
    return text;
}

} // namespace prunescope
