#include "widgets/training_view.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>

namespace prunescope {

namespace {

// The validation metric plotted: the one the task is judged by, when the evaluation has it.
QString plottedMetric(const std::map<std::string, double> &eval)
{
    for (const char *metric : {"accuracy", "image_to_text_accuracy", "perplexity", "pearson", "loss"})
        if (eval.count(metric))
            return QLatin1String(metric);
    return eval.empty() ? QString() : QString::fromStdString(eval.begin()->first);
}

} // namespace

TrainingView::TrainingView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_plot(new QCustomPlot(this))
{
    m_summary->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_summary);
    m_plot->legend->setVisible(true);
    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("training loss"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setRange(0, 1);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    clear();
}

void TrainingView::clear()
{
    start(tr("Train the study's model (Analysis \u2192 Train) to follow the run here."));
}

void TrainingView::start(const QString &title)
{
    m_steps.clear();
    m_title->setText(title);
    m_summary->clear();
    m_plot->clearGraphs();
    QCPGraph *loss = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    loss->setName(tr("training loss"));
    loss->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 1.5));
    QCPGraph *metric = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    metric->setName(tr("validation"));
    metric->setPen(QPen(QColor(0xd6, 0x27, 0x28), 2));
    metric->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    QCPGraph *sparsity = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    sparsity->setName(tr("sparsity"));
    sparsity->setPen(QPen(QColor(0x7f, 0x7f, 0x7f), 1.5, Qt::DashLine));
    m_plot->replot();
}

void TrainingView::addStep(const StudyTrainingStep &step)
{
    m_steps.push_back(step);
    m_plot->graph(0)->addData(double(step.step), step.loss);
    const QString metric = plottedMetric(step.eval);
    if (!metric.isEmpty()) {
        m_plot->graph(1)->setName(tr("validation %1").arg(metric));
        m_plot->graph(1)->addData(double(step.step), step.eval.at(metric.toStdString()));
    }
    if (step.values.count("sparsity"))
        m_plot->graph(2)->addData(double(step.step), step.values.at("sparsity"));
    m_plot->xAxis->setRange(0, double(std::max<int64_t>(step.total, 1)));
    m_plot->graph(0)->rescaleValueAxis(false, true);
    m_plot->graph(1)->rescaleValueAxis(true, true);
    if (m_plot->yAxis2->range().lower > 0)
        m_plot->yAxis2->setRangeLower(0);
    if (m_plot->yAxis2->range().upper < 1)
        m_plot->yAxis2->setRangeUpper(1);
    m_plot->yAxis2->setLabel(metric.isEmpty() ? tr("sparsity") : tr("validation %1 / sparsity").arg(metric));
    QString text = tr("Step %1 of %2, epoch %3: loss %4, learning rate %5")
                       .arg(step.step)
                       .arg(step.total)
                       .arg(step.epoch, 0, 'f', 2)
                       .arg(step.loss, 0, 'f', 4)
                       .arg(step.learningRate, 0, 'e', 2);
    if (step.values.count("sparsity"))
        text += tr(", sparsity %1").arg(step.values.at("sparsity"), 0, 'f', 3);
    m_summary->setText(text);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingView::finish(const StudyTrainingResult &result)
{
    QString text = tr("%n step(s)", nullptr, int(result.steps));
    if (result.stoppedEarly)
        text += tr(" (stopped early)");
    if (!result.primary.empty())
        text += tr("; best validation %1 %2 at step %3").arg(QString::fromStdString(result.primary)).arg(result.best, 0, 'g', 4).arg(result.bestStep);
    text += tr(". The trained model is in %1.").arg(QString::fromStdString(result.checkpoint));
    m_summary->setText(text);
}

QString TrainingView::summary() const
{
    return m_summary->text();
}

} // namespace prunescope
