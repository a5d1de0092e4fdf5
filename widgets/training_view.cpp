#include "widgets/training_view.h"

#include "widgets/help_texts.h"

#include <qcustomplot.h>

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

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

// Short column names: layer and component ("0 q", "3 in").
QString componentAbbreviation(const std::string &component)
{
    if (component == "attention-output")
        return QStringLiteral("o");
    if (component == "ffn-in")
        return QStringLiteral("in");
    if (component == "ffn-out")
        return QStringLiteral("out");
    return QString::fromStdString(component.substr(0, 1));
}

} // namespace

TrainingView::TrainingView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_roundTitle(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_plotTitle(addPlotTitle(m_plot))
    , m_schedule(new QCPAxisRect(m_plot))
    , m_rounds(new GridPlot(this))
{
    m_summary->setWordWrap(true);
    m_roundTitle->setWordWrap(true);
    m_rounds->setNames(tr("mask"), tr("layer and component"));
    m_rounds->setColorScheme(ColorScheme::Thermal);
    m_rounds->setMinimumHeight(160);
    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(createHelpButton(this, HelpTopic::Training, tr("Explains the training plot and the round map")));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_plot, 2);
    layout->addWidget(m_summary);
    layout->addWidget(m_roundTitle);
    layout->addWidget(m_rounds, 1);
    m_plot->legend->setVisible(true);
    m_plot->yAxis->setLabel(tr("training loss"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setRange(0, 1);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // The schedule below, on the same steps, its axes lined up with the plot's.
    m_plot->plotLayout()->addElement(2, 0, m_schedule);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.35);
    auto *margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_schedule->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_schedule->axis(QCPAxis::atLeft)->setLabel(tr("learning rate"));
    m_schedule->axis(QCPAxis::atBottom)->setLabel(tr("step"));
    m_schedule->axis(QCPAxis::atRight)->setVisible(true);
    m_schedule->axis(QCPAxis::atRight)->setTickLabels(false);
    m_plot->xAxis->setLabel(QString());
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), m_schedule->axis(QCPAxis::atBottom),
            qOverload<const QCPRange &>(&QCPAxis::setRange));
    clear();
}

void TrainingView::clear()
{
    start(QString());
    m_title->setText(tr("Train the study's model (Analysis \u2192 Train) to follow the run here; the training log of "
                        "the study's model shows here when it has one."));
    m_title->show();
}

void TrainingView::start(const QString &title)
{
    m_steps.clear();
    m_lastRound = StudyPruningRound();
    m_title->hide(); // the plot is titled
    m_plotTitle->setText(title);
    m_summary->clear();
    m_roundTitle->clear();
    m_roundTitle->hide();
    m_rounds->clear();
    m_rounds->hide();
    m_valueGraphs.clear();
    m_metric.clear();
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
    QCPGraph *rate = m_plot->addGraph(m_schedule->axis(QCPAxis::atBottom), m_schedule->axis(QCPAxis::atLeft));
    rate->setName(tr("learning rate"));
    rate->setPen(QPen(QColor(0xff, 0x7f, 0x0e), 1.5));
    replotWhenSized(m_plot);
}

void TrainingView::showLog(const StudyTrainingLog &log)
{
    const QString folder = QString::fromStdString(log.result.checkpoint);
    start(tr("Training log of %1 (%2)").arg(QDir(folder).dirName(), QString::fromStdString(log.task)));
    for (const StudyTrainingStep &step : log.steps) {
        m_steps.push_back(step);
        plotStep(step);
    }
    if (!log.steps.empty())
        fitAxes(log.steps.back());
    finish(log.result);
    QStringList recipe;
    for (const auto &[key, value] : log.recipe)
        recipe << QStringLiteral("%1 %2").arg(QString::fromStdString(key), QString::fromStdString(value));
    if (!recipe.isEmpty())
        m_summary->setText(m_summary->text() + QLatin1Char('\n') + tr("Recipe: %1").arg(recipe.join(QStringLiteral(", "))));
    replotWhenSized(m_plot, true);
}

QString TrainingView::title() const
{
    return m_plotTitle->text();
}

int TrainingView::schedulePoints() const
{
    return m_plot->graph(3)->dataCount();
}

void TrainingView::addStep(const StudyTrainingStep &step)
{
    m_steps.push_back(step);
    if (std::isnan(step.loss)) { // a method that prunes in one shot: a step is a layer
        m_summary->setText(tr("Layer %1 of %2 pruned").arg(step.step).arg(step.total));
        return;
    }
    plotStep(step);
    fitAxes(step);
    QString text = tr("Step %1 of %2, epoch %3: loss %4, learning rate %5")
                       .arg(step.step)
                       .arg(step.total)
                       .arg(step.epoch, 0, 'f', 2)
                       .arg(step.loss, 0, 'f', 4)
                       .arg(step.learningRate, 0, 'e', 2);
    if (step.values.count("sparsity"))
        text += tr(", sparsity %1").arg(step.values.at("sparsity"), 0, 'f', 3);
    m_summary->setText(text);
    replotWhenSized(m_plot, true);
}

void TrainingView::plotStep(const StudyTrainingStep &step)
{
    if (std::isfinite(step.loss))
        m_plot->graph(0)->addData(double(step.step), step.loss);
    const QString metric = plottedMetric(step.eval);
    if (!metric.isEmpty()) {
        m_plot->graph(1)->setName(tr("validation %1").arg(metric));
        m_plot->graph(1)->addData(double(step.step), step.eval.at(metric.toStdString()));
        m_metric = metric;
    }
    if (step.values.count("sparsity"))
        m_plot->graph(2)->addData(double(step.step), step.values.at("sparsity"));
    m_plot->graph(3)->addData(double(step.step), step.learningRate);
    if (step.values.count("keep_target")) // movement's cubic schedule
        valueGraph("target_sparsity")->addData(double(step.step), 1.0 - step.values.at("keep_target"));
    for (const char *residual : {"primal_residual", "dual_residual"})
        if (step.values.count(residual))
            valueGraph(residual)->addData(double(step.step), step.values.at(residual));
}

void TrainingView::fitAxes(const StudyTrainingStep &last)
{
    m_plot->xAxis->setRange(0, double(std::max<int64_t>(last.total, 1)));
    m_plot->graph(0)->rescaleValueAxis(false, true);
    m_plot->graph(1)->rescaleValueAxis(true, true);
    if (m_plot->yAxis2->range().lower > 0)
        m_plot->yAxis2->setRangeLower(0);
    if (m_plot->yAxis2->range().upper < 1)
        m_plot->yAxis2->setRangeUpper(1);
    m_plot->graph(3)->rescaleValueAxis(false, true);
    m_schedule->axis(QCPAxis::atLeft)->setRangeLower(0);
    // The legend names what is drawn: no sparsity for a run that does not prune.
    for (int g = 0; g < m_plot->graphCount(); ++g)
        if (m_plot->graph(g)->dataCount() > 0)
            m_plot->graph(g)->addToLegend();
        else
            m_plot->graph(g)->removeFromLegend();
    m_plot->yAxis2->setLabel(m_metric.isEmpty() ? tr("sparsity") : tr("validation %1 / sparsity").arg(m_metric));
}

void TrainingView::finish(const StudyTrainingResult &result)
{
    if (result.details.count("one_shot_layers")) {
        finishOneShot(result);
        return;
    }
    QString text = tr("%n step(s)", nullptr, int(result.steps));
    if (result.stoppedEarly)
        text += tr(" (stopped early)");
    if (!result.primary.empty())
        text += tr("; best validation %1 %2 at step %3").arg(QString::fromStdString(result.primary)).arg(result.best, 0, 'g', 4).arg(result.bestStep);
    text += tr(". The trained model is in %1.").arg(QString::fromStdString(result.checkpoint));
    if (result.computeSteps > 0)
        text += tr(" Compute spent: %n training step(s) in all runs, %1 s.", nullptr, int(result.computeSteps))
                    .arg(result.computeSeconds, 0, 'f', 1);
    if (result.details.count("recovered"))
        text += tr(" %n pruned connection(s) recovered.", nullptr, int(result.details.at("recovered")));
    if (result.details.count("reached_by_push") && result.details.at("reached_by_push") == 0)
        text += tr(" The push did not reach the target sparsity in the steps given: train longer.");
    m_summary->setText(text);
}

void TrainingView::finishOneShot(const StudyTrainingResult &result)
{
    QString text = tr("%n layer(s) pruned in one shot to sparsity %1 in %2 s", nullptr, int(result.steps))
                       .arg(result.details.at("sparsity"), 0, 'f', 3)
                       .arg(result.computeSeconds, 0, 'f', 1);
    if (!result.primary.empty())
        text += tr("; validation %1 %2 (dense %3)")
                    .arg(QString::fromStdString(result.primary))
                    .arg(result.best, 0, 'g', 4)
                    .arg(result.details.at("dense"), 0, 'g', 4);
    text += tr(". The pruned model is in %1.").arg(QString::fromStdString(result.checkpoint));
    m_summary->setText(text);
}

QString TrainingView::summary() const
{
    return m_summary->text();
}

QStringList TrainingView::graphNames() const
{
    QStringList names;
    for (int g = 0; g < m_plot->graphCount(); ++g)
        names << m_plot->graph(g)->name();
    return names;
}

QCPGraph *TrainingView::valueGraph(const std::string &name)
{
    if (QCPGraph *graph = m_valueGraphs[name])
        return graph;
    QCPGraph *graph = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    if (name == "target_sparsity") {
        graph->setName(tr("sparsity the schedule asks for"));
        graph->setPen(QPen(QColor(0x7f, 0x7f, 0x7f), 1.5, Qt::DotLine));
    } else {
        const bool primal = name == "primal_residual";
        graph->setName(primal ? tr("ADMM primal residual") : tr("ADMM dual residual"));
        graph->setPen(QPen(primal ? QColor(0x2c, 0xa0, 0x2c) : QColor(0x94, 0x67, 0xbd), 1.5));
        graph->setLineStyle(QCPGraph::lsStepLeft);
    }
    m_valueGraphs[name] = graph;
    return graph;
}

void TrainingView::addRound(const StudyPruningRound &round)
{
    m_lastRound = round;
    if (round.masks.empty())
        return;
    const MaskProfile &first = round.masks.front();
    Grid grid;
    grid.name = "round";
    grid.rows = int64_t(round.masks.size());
    grid.cols = int64_t(first.layers.size() * first.components.size());
    grid.shape = {grid.rows, grid.cols};
    QStringList rows, columns;
    for (const MaskProfile &mask : round.masks) {
        rows << QString::fromStdString(mask.name);
        for (const auto &layer : mask.cells)
            for (const double share : layer)
                grid.values.push_back(float(share));
    }
    for (size_t l = 0; l < first.layers.size(); ++l)
        for (const std::string &component : first.components)
            columns << QStringLiteral("%1 %2").arg(l).arg(componentAbbreviation(component));
    m_rounds->setValueRange(0.0, 1.0);
    m_rounds->setTickLabels(rows, columns);
    m_rounds->setToolTipText([this](int64_t row, int64_t column) {
        const MaskProfile &mask = m_lastRound.masks.at(size_t(row));
        const size_t components = mask.components.size();
        const size_t layer = size_t(column) / components, component = size_t(column) % components;
        return tr("%1, %2 %3: %4 % of the weights pruned (the mask: %5 %)")
            .arg(QString::fromStdString(mask.name), QString::fromStdString(mask.layers.at(layer)),
                 QString::fromStdString(mask.components.at(component)))
            .arg(100.0 * mask.cells.at(layer).at(component), 0, 'f', 1)
            .arg(100.0 * mask.sparsity, 0, 'f', 1);
    });
    m_rounds->setGrid(grid, false);
    m_rounds->show();
    m_roundTitle->setText(roundText());
    m_roundTitle->show();
}

QString TrainingView::roundText() const
{
    if (m_lastRound.masks.empty())
        return QString();
    QString text = tr("Round %1: the share of weights each mask prunes, by layer and component").arg(m_lastRound.round);
    if (std::isfinite(m_lastRound.agreement))
        text += tr("; the weak masks' pruned sets overlap by %1 % (mean IoU)").arg(100.0 * m_lastRound.agreement, 0, 'f', 1);
    return text + QLatin1Char('.');
}

} // namespace prunescope
