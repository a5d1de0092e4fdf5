// Jobs (DESIGN.md): long core work run on a worker thread while the window stays live.
// A job's work receives a Progress callback; progress reaches the GUI thread through
// queued signals, cancel() makes the next callback return false (the core then throws
// Cancelled and leaves nothing behind), and the work's result is handed over on the GUI
// thread by its `done` function, never by the worker.
#pragma once

#include "core/support/progress.h"

#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>

class QThread;

namespace prunescope {

class Job : public QObject
{
    Q_OBJECT

public:
    enum class State { Running, Finished, Failed, Cancelled };

    const QString &title() const { return m_title; }
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // Progress as last reported: done of total steps, and what is being done.
    qint64 done() const;
    qint64 total() const;
    QString message() const;
    QString errorText() const { return m_error; }
    qint64 elapsedMs() const;
    // Estimated from the rate so far; -1 until there is a rate.
    qint64 remainingMs() const;

    void cancel() { m_cancelRequested = true; }
    bool cancelRequested() const { return m_cancelRequested; }
    // Listed only once it has run a second, or when it fails or is cancelled: opening an item
    // is work the user waits on only when it is slow.
    bool isBrief() const { return m_brief; }
    // What the job made, for a button beside it once it has finished: the button's text and
    // what it does (show the item made, open the folder written). Set by the job's `done`.
    void setOutput(const QString &label, std::function<void()> open);
    QString outputLabel() const { return m_outputLabel; }
    void openOutput() const;

Q_SIGNALS:
    void progressed();
    void finished(); // in any end state

private:
    friend class JobRunner;
    explicit Job(const QString &title, QObject *parent);
    bool report(int64_t done, int64_t total, const std::string &message); // worker thread

    QString m_title;
    bool m_brief = false;
    QString m_outputLabel;
    std::function<void()> m_openOutput;
    State m_state = State::Running;
    QString m_error;
    QElapsedTimer m_clock;
    qint64 m_endMs = -1;
    std::atomic<bool> m_cancelRequested{false};
    mutable QMutex m_mutex; // guards the three below, written by the worker
    qint64 m_done = 0;
    qint64 m_total = 0;
    QString m_message;
};

class JobRunner : public QObject
{
    Q_OBJECT

public:
    // Runs `work` on a worker thread; `done` runs on the GUI thread after the work returned
    // normally. An exception from the work fails the job with its message (out of memory on
    // the GPU gets a hint); Cancelled ends it as cancelled.
    using Work = std::function<void(const Progress &progress)>;
    explicit JobRunner(QObject *parent = nullptr);
    ~JobRunner() override;

    enum class Listing { Always, WhenSlow }; // WhenSlow: a brief job (Job::isBrief)
    Job *start(const QString &title, Work work, std::function<void()> done = {}, Listing listing = Listing::Always);
    QList<Job *> jobs() const { return m_jobs; }
    int runningCount() const;
    void cancelAll();
    // Waits (without an event loop) until no worker runs; returns false on timeout.
    bool waitForAll(int timeoutMs = 30000);
    // Forgets the jobs that have ended.
    void clearFinished();

Q_SIGNALS:
    void jobStarted(prunescope::Job *job);
    void jobEnded(prunescope::Job *job);
    void allFinished();

private:
    QList<Job *> m_jobs;
    QList<QPointer<QThread>> m_threads;
};

// The user-facing text of an error from the core, with what to do about it.
QString explainError(const std::exception &error);

} // namespace prunescope
