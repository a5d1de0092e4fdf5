// A training run as it happens: the training loss per step, the validation metric at each
// evaluation on the right axis, and for movement pruning the sparsity reached; a line of
// text with the latest numbers.
#pragma once

#include "core/study_jobs.h"

#include <QWidget>

#include <vector>

class QCustomPlot;
class QLabel;

namespace prunescope {

class TrainingView : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingView(QWidget *parent = nullptr);

    // A new run: clears the plot and names it.
    void start(const QString &title);
    void addStep(const StudyTrainingStep &step);
    void finish(const StudyTrainingResult &result);
    void clear();

    const std::vector<StudyTrainingStep> &steps() const { return m_steps; }
    QString summary() const;
    QCustomPlot *plot() const { return m_plot; }

private:
    std::vector<StudyTrainingStep> m_steps;
    QLabel *m_title, *m_summary;
    QCustomPlot *m_plot;
};

} // namespace prunescope
