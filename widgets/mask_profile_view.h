// Adapting by Pruning's analyses of masks side by side: bars of the share of weights each
// mask removes per component (query, key, value, attention output, FFN in, FFN out) or per
// layer, one colour a mask; below, when measured, the metric dense, under each mask, under
// the mask shuffled within each tensor and with the weights re-initialised under it.
#pragma once

#include "core/study/study_jobs.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QCPBarsGroup;
class QCustomPlot;
class QCPTextElement;
class QLabel;

namespace prunescope {

class MaskProfileView : public QWidget
{
    Q_OBJECT

public:
    explicit MaskProfileView(QWidget *parent = nullptr);

    void setAnalysis(const StudyMaskAnalysis &analysis);
    void clear();
    const StudyMaskAnalysis &analysis() const { return m_analysis; }
    QComboBox *byBox() const { return m_by; }
    QStringList barNames() const; // one bar series a mask, in drawing order
    QString sensitivityText() const;
    QString title() const; // above the bars: which masks, by what
    // The share plotted for mask `mask` at tick `tick` (component or layer, as chosen).
    double barValue(int mask, int tick) const;

private:
    void redraw();

    StudyMaskAnalysis m_analysis;
    QComboBox *m_by;
    QLabel *m_empty, *m_sensitivity;
    QCustomPlot *m_plot;
    QCPTextElement *m_title;
    QCPBarsGroup *m_group; // the bars side by side, reused by every redraw
};

} // namespace prunescope
