// Layers x FFN neurons, each row sortable by score, with a histogram of the selected layer.
#pragma once

#include "widgets/map_view.h"

#include "core/study/study_jobs.h"

class QCheckBox;
class QCustomPlot;
class QCPBars;

namespace prunescope {

class NeuronMapView : public MapView
{
    Q_OBJECT

public:
    explicit NeuronMapView(QWidget *parent = nullptr);

    QCheckBox *sortBox() const { return m_sort; }
    void setSelectedLayer(int64_t layer);
    int64_t selectedLayer() const { return m_layer; }
    // The histogram's bin counts (for the tests and the tool tip).
    std::vector<int> histogram() const { return m_counts; }

    static constexpr int kBins = 40;

    // The redundancy analysis of the model (or of the mask) shown beside the histogram:
    // uniqueness and the shares of neurons with a near-copy, layer by layer.
    void setRedundancy(const StudyRedundancy &redundancy, const QString &of);
    const StudyRedundancy &redundancy() const { return m_redundancy; }
    QString redundancyText() const;

protected:
    bool shows(const Grid &grid) const override;
    void gridShown(const Grid &grid) override;
    void nothingShown() override { updateHistogram(); } // a head mask: no stale neuron histogram

private:
    void applyOrder();
    void updateHistogram();

    QCheckBox *m_sort;
    QCustomPlot *m_histogramPlot;
    QCPBars *m_bars;
    QCustomPlot *m_redundancyPlot;
    StudyRedundancy m_redundancy;
    int64_t m_layer = 0;
    std::vector<int> m_counts;
};

} // namespace prunescope
