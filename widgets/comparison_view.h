// A comparison of the study's masks and score maps: the K x K matrix of one metric (over
// all layers or one), and for the pair clicked in it the metric layer by layer and both
// maps side by side on the head or neuron grid, agreements and disagreements coloured.
#pragma once

#include "core/analysis/comparison.h"
#include "core/scoring/unit_grids.h"

#include <QList>
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

    void selectPair(int a, int b);
    std::pair<int, int> selectedPair() const { return {m_a, m_b}; }
    // The matrix shown: the chosen metric over all layers (scope -1) or one layer.
    PairMatrix shownMatrix() const;
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

private:
    void showMatrix();
    void showPair();
    void showMaps();

    MapComparison m_comparison;
    std::vector<GridSet> m_grids;
    int m_a = 0, m_b = 1;
    std::vector<int64_t> m_counts;
    QComboBox *m_metric, *m_scope, *m_tensor;
    QLabel *m_empty, *m_pairTitle, *m_leftTitle, *m_rightTitle, *m_agreement;
    QWidget *m_content;
    GridPlot *m_matrix, *m_left, *m_right;
    QCustomPlot *m_curve;
    QList<QCPItemText *> m_cellTexts; // the numbers drawn in the matrix
};

} // namespace prunescope
