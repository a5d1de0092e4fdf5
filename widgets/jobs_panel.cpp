#include "widgets/jobs_panel.h"

#include "widgets/job_runner.h"

#include <QHeaderView>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace prunescope {

JobsPanel::JobsPanel(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_tree(new QTreeWidget(this))
{
    m_tree->setColumnCount(5);
    m_tree->setHeaderLabels({tr("Job"), tr("Progress"), tr("Elapsed / remaining"), tr("State"), QString()});
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setSectionResizeMode(StateColumn, QHeaderView::Stretch);
    m_tree->setColumnWidth(TitleColumn, 220);
    m_tree->setColumnWidth(ProgressColumn, 160);
    m_tree->setColumnWidth(TimeColumn, 150);
    m_tree->setToolTip(tr("Long operations run here, off the window's thread; cancel one with its button."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    auto *clear = new QPushButton(tr("Clear Finished"), this);
    clear->setToolTip(tr("Remove the jobs that have ended from the list"));
    layout->addWidget(clear, 0, Qt::AlignRight);
    connect(clear, &QPushButton::clicked, this, [this] {
        for (auto it = m_items.begin(); it != m_items.end();) {
            if (!it.key()->isRunning()) {
                delete it.value();
                it = m_items.erase(it);
            } else {
                ++it;
            }
        }
        qDeleteAll(m_notes);
        m_notes.clear();
        m_runner->clearFinished();
    });
    connect(runner, &JobRunner::jobStarted, this, &JobsPanel::addJob);
    // Elapsed and remaining times move even between progress reports.
    auto *ticker = new QTimer(this);
    connect(ticker, &QTimer::timeout, this, [this] {
        for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
            if (it.key()->isRunning())
                refresh(it.key());
    });
    ticker->start(500);
}

QString JobsPanel::formatDuration(qint64 ms)
{
    if (ms < 10000)
        return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    if (ms < 60000)
        return tr("%1 s").arg(ms / 1000);
    return tr("%1 min %2 s").arg(ms / 60000).arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'));
}

QTreeWidgetItem *JobsPanel::addNote(const QString &title, const QString &text)
{
    auto *item = new QTreeWidgetItem(m_tree, {title});
    item->setText(StateColumn, text);
    item->setToolTip(StateColumn, text);
    item->setForeground(StateColumn, QBrush(QColor(0xb3, 0x5c, 0x00)));
    m_notes.append(item);
    m_tree->scrollToItem(item);
    return item;
}

QPushButton *JobsPanel::buttonFor(Job *job) const
{
    QTreeWidgetItem *item = m_items.value(job);
    return item ? qobject_cast<QPushButton *>(m_tree->itemWidget(item, ActionColumn)) : nullptr;
}

void JobsPanel::addJob(Job *job)
{
    if (!job->isBrief()) {
        addRow(job);
        return;
    }
    const QPointer<Job> guarded(job);
    QTimer::singleShot(1000, this, [this, guarded] {
        if (guarded && guarded->isRunning() && !m_items.contains(guarded))
            addRow(guarded);
    });
    connect(job, &Job::finished, this, [this, job] {
        if (job->state() != Job::State::Finished && !m_items.contains(job))
            addRow(job); // its message must show
    });
}

void JobsPanel::addRow(Job *job)
{
    auto *item = new QTreeWidgetItem(m_tree, {job->title()});
    item->setToolTip(TitleColumn, job->title());
    m_items.insert(job, item);
    auto *bar = new QProgressBar(m_tree);
    bar->setRange(0, 0); // busy until the first report
    m_tree->setItemWidget(item, ProgressColumn, bar);
    auto *cancel = new QPushButton(tr("Cancel"), m_tree);
    cancel->setToolTip(tr("Stop this job; it leaves no result and no partial file"));
    m_tree->setItemWidget(item, ActionColumn, cancel);
    connect(cancel, &QPushButton::clicked, job, &Job::cancel);
    connect(job, &Job::progressed, this, [this, job] { refresh(job); });
    connect(job, &Job::finished, this, [this, job] { refresh(job); });
    connect(job, &QObject::destroyed, this, [this, job] { m_items.remove(job); });
    m_tree->scrollToItem(item);
    refresh(job);
}

void JobsPanel::refresh(Job *job)
{
    QTreeWidgetItem *item = m_items.value(job);
    if (!item)
        return;
    auto *bar = qobject_cast<QProgressBar *>(m_tree->itemWidget(item, ProgressColumn));
    if (bar && job->total() > 0) {
        bar->setRange(0, 1000);
        bar->setValue(int(1000 * job->done() / job->total()));
    }
    const qint64 remaining = job->remainingMs();
    item->setText(TimeColumn, remaining >= 0 ? tr("%1 / %2").arg(formatDuration(job->elapsedMs()), formatDuration(remaining))
                                             : formatDuration(job->elapsedMs()));
    switch (job->state()) {
    case Job::State::Running:
        item->setText(StateColumn, job->cancelRequested() ? tr("Cancelling\u2026") : job->message());
        break;
    case Job::State::Finished:
        item->setText(StateColumn, tr("Done"));
        if (bar)
            bar->setRange(0, 1), bar->setValue(1);
        break;
    case Job::State::Cancelled:
        item->setText(StateColumn, tr("Cancelled"));
        break;
    case Job::State::Failed:
        item->setText(StateColumn, tr("Failed: %1").arg(job->errorText().section(QLatin1Char('\n'), 0, 0)));
        item->setToolTip(StateColumn, job->errorText());
        item->setForeground(StateColumn, QBrush(Qt::red));
        break;
    }
    if (job->isRunning())
        return;
    // Ended: Cancel goes; a job that made something gets a button to it.
    if (job->state() == Job::State::Finished && !job->outputLabel().isEmpty()) {
        if (!item->data(ActionColumn, Qt::UserRole).toBool()) {
            auto *open = new QPushButton(job->outputLabel(), m_tree);
            open->setToolTip(tr("Show what this job made"));
            connect(open, &QPushButton::clicked, job, &Job::openOutput);
            m_tree->setItemWidget(item, ActionColumn, open);
            item->setData(ActionColumn, Qt::UserRole, true);
        }
    } else if (QWidget *button = m_tree->itemWidget(item, ActionColumn)) {
        button->setEnabled(false);
    }
}

} // namespace prunescope
