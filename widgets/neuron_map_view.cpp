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
    static_cast<QVBoxLayout *>(layout())->addWidget(m_histogramPlot);
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
        m_histogramPlot->replot();
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
    m_histogramPlot->replot();
}

} // namespace prunescope
