// The jobs panel: one row per job with its progress bar, elapsed and remaining time,
// state or error text, and a Cancel button while it runs, then a button to what it made
// (Job::setOutput). A brief job (opening an item) gets its row only once it has run a
// second, or when it fails or is cancelled.
#pragma once

#include <QHash>
#include <QWidget>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace prunescope {

class Job;
class JobRunner;

class JobsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit JobsPanel(JobRunner *runner, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    QTreeWidgetItem *itemFor(Job *job) const { return m_items.value(job); }
    // The button in `job`'s row: Cancel while it runs, then the one to its output (or none).
    QPushButton *buttonFor(Job *job) const;
    // A row that is not a job, such as the device the jobs fell back to; Clear Finished removes it.
    QTreeWidgetItem *addNote(const QString &title, const QString &text);

    static QString formatDuration(qint64 ms); // "0.4 s", "12 s", "3 min 05 s"

private:
    enum Column { TitleColumn, ProgressColumn, TimeColumn, StateColumn, ActionColumn };
    void addJob(Job *job);
    void addRow(Job *job);
    void refresh(Job *job);

    JobRunner *m_runner;
    QTreeWidget *m_tree;
    QHash<Job *, QTreeWidgetItem *> m_items;
    QList<QTreeWidgetItem *> m_notes;
};

} // namespace prunescope
