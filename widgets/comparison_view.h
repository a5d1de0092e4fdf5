// A comparison of the study's masks and score maps: the K x K matrix of one metric (over
// all layers or one), and for the pair clicked in it the metric layer by layer and both
// maps side by side on the head or neuron grid, agreements and disagreements coloured.
// The matrix shows the items the metric compares, grouped (head masks, neuron masks, score
// maps), or one group, or all items; its numbers are sized to their cells (two decimals
// where three would not fit), and left to the tool tip where cells are too small to read.
#pragma once

#include "core/analysis/comparison.h"
#include "core/scoring/unit_grids.h"

#include <QFont>
#include <QLabel>
#include <QList>
#include <QString>
#include <QWidget>

#include <utility>
#include <vector>

class QComboBox;
class QCPItemText;
class QCustomPlot;
class QLabel;

namespace prunescope {

class GridPlot;

// Where two maps of one tensor agree, seen from `mine`. A map keeps its non-zero units
// when it is a mask; a score map keeps its highest-scoring units: as many as the other
// map keeps when that is a mask, else the top `topFraction`.
enum class Agreement { KeptByBoth, PrunedByBoth, PrunedHereOnly, KeptHereOnly };
inline constexpr int kAgreementKinds = 4;
// A grid of Agreement values, the shape of `mine` (which must match `other`).
Grid agreementGrid(const Grid &mine, bool mineIsMask, const Grid &other, bool otherIsMask, double topFraction = 0.1);

class ComparisonView : public QWidget
{
    Q_OBJECT

public:
    explicit ComparisonView(QWidget *parent = nullptr);

    // `unitGrids`: each item's heads and neurons maps, in the comparison's order; an
    // empty set where the item's file is gone. The first pair is selected.
    void setComparison(const MapComparison &comparison, std::vector<GridSet> unitGrids);
    void clear();
    const MapComparison &comparison() const { return m_comparison; }

    // Items by their index in the comparison.
    void selectPair(int a, int b);
    std::pair<int, int> selectedPair() const { return {m_a, m_b}; }
    // The matrix shown: the chosen metric over all layers (scope -1) or one layer, for the
    // items shown, in the order shown (shownItems).
    PairMatrix shownMatrix() const;
    const std::vector<int> &shownItems() const { return m_shown; }
    // Which items the matrix shows: those the metric compares, grouped; all; or one group.
    QComboBox *itemsBox() const { return m_items; }
    // The pair's metric per layer, as the curve draws it.
    std::vector<double> pairCurve() const;
    // How many units of the shown tensor fall in each Agreement kind, from the left map's side.
    std::vector<int64_t> agreementCounts() const { return m_counts; }
    QString agreementText() const;

    QComboBox *metricBox() const { return m_metric; }
    QComboBox *scopeBox() const { return m_scope; }
    QComboBox *tensorBox() const { return m_tensor; }
    GridPlot *matrixPlot() const { return m_matrix; }
    GridPlot *leftMap() const { return m_left; }
    GridPlot *rightMap() const { return m_right; }
    // The numbers drawn in the matrix's cells, as drawn (hidden ones where cells are too
    // small), and the width of a cell in pixels at the last layout.
    struct CellText
    {
        QString text;
        QFont font;
        bool visible = false;
    };
    QList<CellText> cellTexts() const;
    double cellWidth() const;
    // The pair curve's legend: a line of text under it, wrapped to the view's width.
    QString curveLegend() const;
    bool curveLegendWraps() const { return m_curveLegend->wordWrap(); }

private:
    // The items the chosen metric compares, in groups of items compared with each other.
    void findGroups();
    void showMatrix();
    void fitCellTexts();
    void showPair();
    void showMaps();

    MapComparison m_comparison;
    std::vector<GridSet> m_grids;
    int m_a = 0, m_b = 1;
    std::vector<std::vector<int>> m_groups;
    std::vector<int> m_shown;
    std::vector<int64_t> m_counts;
    QComboBox *m_metric, *m_scope, *m_tensor, *m_items;
    QLabel *m_empty, *m_pairTitle, *m_leftTitle, *m_rightTitle, *m_agreement;
    QWidget *m_content;
    GridPlot *m_matrix, *m_left, *m_right;
    QCustomPlot *m_curve;
    QLabel *m_curveLegend;
    QList<QCPItemText *> m_cellTexts; // the numbers drawn in the matrix
    std::vector<double> m_cellValues; // and their values
};

} // namespace prunescope
