#include "widgets/job_runner.h"

#include "core/support/error.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QThread>

#include <new>

namespace prunescope {

Job::Job(const QString &title, QObject *parent)
    : QObject(parent)
    , m_title(title)
{
    m_clock.start();
}

qint64 Job::done() const
{
    QMutexLocker lock(&m_mutex);
    return m_done;
}

qint64 Job::total() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

QString Job::message() const
{
    QMutexLocker lock(&m_mutex);
    return m_message;
}

qint64 Job::elapsedMs() const
{
    return m_endMs >= 0 ? m_endMs : m_clock.elapsed();
}

qint64 Job::remainingMs() const
{
    QMutexLocker lock(&m_mutex);
    if (m_state != State::Running || m_done <= 0 || m_total <= m_done)
        return -1;
    return qint64(double(m_clock.elapsed()) * double(m_total - m_done) / double(m_done));
}

bool Job::report(int64_t done, int64_t total, const std::string &message)
{
    {
        QMutexLocker lock(&m_mutex);
        m_done = done;
        m_total = total;
        m_message = QString::fromStdString(message);
    }
    QMetaObject::invokeMethod(this, &Job::progressed, Qt::QueuedConnection);
    return !m_cancelRequested;
}

void Job::setOutput(const QString &label, std::function<void()> open)
{
    m_outputLabel = label;
    m_openOutput = std::move(open);
}

void Job::openOutput() const
{
    if (m_openOutput)
        m_openOutput();
}

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
{
}

JobRunner::~JobRunner()
{
    cancelAll();
    waitForAll();
}

QString explainError(const std::exception &error)
{
    const QString text = QString::fromStdString(error.what());
    if (dynamic_cast<const std::bad_alloc *>(&error) || text.contains(QLatin1String("out of memory"), Qt::CaseInsensitive))
        return JobRunner::tr("%1\n\nThe device ran out of memory: choose a smaller batch size or sample in the "
                             "settings, or run on the CPU.")
            .arg(text);
    return text;
}

Job *JobRunner::start(const QString &title, Work work, std::function<void()> done, Listing listing)
{
    auto *job = new Job(title, this);
    job->m_brief = listing == Listing::WhenSlow;
    m_jobs.append(job);
    // The worker's outcome, read on the GUI thread once the thread has finished.
    auto outcome = std::make_shared<std::pair<Job::State, QString>>(Job::State::Finished, QString());
    QThread *thread = QThread::create([job, work = std::move(work), outcome] {
        try {
            work([job](int64_t d, int64_t t, const std::string &m) { return job->report(d, t, m); });
            if (job->cancelRequested()) // finished although asked to stop: its result is not wanted
                *outcome = {Job::State::Cancelled, QString()};
        } catch (const Cancelled &) {
            *outcome = {Job::State::Cancelled, QString()};
        } catch (const std::exception &e) {
            *outcome = {Job::State::Failed, explainError(e)};
        }
    });
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, job, thread, outcome, done = std::move(done)] {
        job->m_endMs = job->m_clock.elapsed();
        job->m_state = outcome->first;
        job->m_error = outcome->second;
        if (job->m_state == Job::State::Finished && done) {
            try {
                done();
            } catch (const std::exception &e) {
                job->m_state = Job::State::Failed;
                job->m_error = explainError(e);
            }
        }
        m_threads.removeAll(thread);
        thread->deleteLater();
        Q_EMIT job->finished();
        Q_EMIT jobEnded(job);
        if (runningCount() == 0)
            Q_EMIT allFinished();
    });
    Q_EMIT jobStarted(job);
    thread->start();
    return job;
}

int JobRunner::runningCount() const
{
    int n = 0;
    for (const Job *job : m_jobs)
        n += job->isRunning();
    return n;
}

void JobRunner::cancelAll()
{
    for (Job *job : std::as_const(m_jobs))
        if (job->isRunning())
            job->cancel();
}

bool JobRunner::waitForAll(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (const auto &thread : std::as_const(m_threads))
        if (thread && !thread->wait(deadline))
            return false;
    return true;
}

void JobRunner::clearFinished()
{
    for (Job *job : m_jobs)
        if (!job->isRunning())
            job->deleteLater();
    m_jobs.erase(std::remove_if(m_jobs.begin(), m_jobs.end(), [](const Job *job) { return !job->isRunning(); }),
                 m_jobs.end());
}

} // namespace prunescope
