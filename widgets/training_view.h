// A training run as it happens, or as its log recorded it: the training loss per step, the
// validation metric at each evaluation on the right axis, the sparsity reached by methods
// that prune against the sparsity their schedule asks for, ADMM's primal and dual residuals;
// below, the learning-rate schedule; a line of text with the latest numbers. For pruning over rounds (ISP,
// IMP), a map below: one row per mask of the latest round (ISP's weak masks, their
// combination and the round's mask; IMP's mask of every round so far), one column per
// layer and component, coloured by the share of weights pruned.
#pragma once

#include "core/study/study_jobs.h"
#include "widgets/grid_plot.h"

#include <QStringList>
#include <QWidget>

#include <map>
#include <string>
#include <vector>

class QCustomPlot;
class QCPAxisRect;
class QCPGraph;
class QCPTextElement;
class QLabel;

namespace prunescope {

class TrainingView : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingView(QWidget *parent = nullptr);

    // A new run: clears the plot and names it (the plot's title, kept in pictures of it).
    void start(const QString &title);
    // A finished run from its log (readTrainingLog), named by its folder.
    void showLog(const StudyTrainingLog &log);
    void addStep(const StudyTrainingStep &step);
    void addRound(const StudyPruningRound &round);
    void finish(const StudyTrainingResult &result);
    void clear();

    const std::vector<StudyTrainingStep> &steps() const { return m_steps; }
    QString summary() const;
    QString title() const;
    int schedulePoints() const; // of the learning-rate curve
    QCustomPlot *plot() const { return m_plot; }
    QStringList graphNames() const; // the plot's curves, as the legend names them
    // The latest round's map, its masks and the line above it.
    GridPlot *rounds() const { return m_rounds; }
    const StudyPruningRound &lastRound() const { return m_lastRound; }
    QString roundText() const;

private:
    void finishOneShot(const StudyTrainingResult &result);
    void plotStep(const StudyTrainingStep &step);
    void fitAxes(const StudyTrainingStep &last);
    // A graph on the right axis, made the first time a value of that name arrives.
    QCPGraph *valueGraph(const std::string &name);

    std::vector<StudyTrainingStep> m_steps;
    StudyPruningRound m_lastRound;
    QLabel *m_title, *m_summary, *m_roundTitle;
    QCustomPlot *m_plot;
    QCPTextElement *m_plotTitle;
    QCPAxisRect *m_schedule; // the learning rate, under the main plot
    GridPlot *m_rounds;
    std::map<std::string, QCPGraph *> m_valueGraphs;
    QString m_metric; // the validation metric plotted
};

} // namespace prunescope
