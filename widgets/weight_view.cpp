#include "widgets/weight_view.h"


#include <qcustomplot.h>

#include <cmath>

namespace prunescope {

WeightView::WeightView(QWidget *parent)
    : MapView(HelpTopic::Weights, parent)
{
    gridPlot()->setNames(tr("output feature"), tr("input feature"));
    QCustomPlot *plot = gridPlot()->plot();
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setToolTip(tr("Scroll to zoom, drag to move"));
    connect(plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &WeightView::updateOutlines);
    connect(plot->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &WeightView::updateOutlines);
}

bool WeightView::shows(const Grid &grid) const
{
    return grid.shape.size() == 2 && !isUnitGrid(grid, "heads") && !isUnitGrid(grid, "neurons");
}

void WeightView::gridShown(const Grid &grid)
{
    m_blockSize = 0;
    if (const GridSet *set = gridSet()) {
        const auto it = set->provenance.find("mask.granularity");
        const auto colon = it == set->provenance.end() ? std::string::npos : it->second.find(':');
        if (colon != std::string::npos)
            m_blockSize = std::atoll(it->second.c_str() + colon + 1);
    }
    gridPlot()->setNames(tr("output feature"), tr("input feature"));
    if (m_inputMajor.count(grid.name))
        gridPlot()->setNames(tr("input feature"), tr("output feature"));
    updateOutlines();
}

void WeightView::updateOutlines()
{
    QCustomPlot *plot = gridPlot()->plot();
    for (auto *item : m_outlines)
        plot->removeItem(item);
    m_outlines.clear();
    const Grid &grid = gridPlot()->grid();
    const QCPRange x = plot->xAxis->range(), y = plot->yAxis->range();
    if (m_blockSize <= 0 || grid.rows == 0 || x.size() > kOutlineLimit || y.size() > kOutlineLimit) {
        replotWhenSized(plot);
        return;
    }
    // Groups run along the input axis: columns, or rows for [in, out] matrices.
    const bool alongRows = m_inputMajor.count(gridPlot()->grid().name) > 0;
    const QCPRange along = alongRows ? y : x, across = alongRows ? x : y;
    const QPen boundary(Qt::white, 1.5), cell(QColor(255, 255, 255, 90), 0.5);
    const auto line = [&](double position, bool groupBoundary, bool vertical) {
        auto *item = new QCPItemStraightLine(plot);
        item->setPen(groupBoundary ? boundary : cell);
        item->point1->setCoords(vertical ? position : 0, vertical ? 0 : position);
        item->point2->setCoords(vertical ? position : 1, vertical ? 1 : position);
        m_outlines.push_back(item);
    };
    for (int64_t k = int64_t(std::ceil((along.lower + 0.5) / double(m_blockSize))); k * m_blockSize - 0.5 <= along.upper; ++k)
        line(double(k * m_blockSize) - 0.5, true, !alongRows);
    for (int64_t k = int64_t(std::ceil(across.lower + 0.5)); double(k) - 0.5 <= across.upper; ++k)
        line(double(k) - 0.5, false, alongRows);
    replotWhenSized(plot);
}

} // namespace prunescope
