#include "widgets/study_report.h"

#include "widgets/comparison_view.h"
#include "widgets/curves_view.h"
#include "widgets/job_runner.h"
#include "widgets/mask_editor.h"
#include "widgets/mask_profile_view.h"
#include "widgets/study_document.h"
#include "widgets/training_view.h"

#include "core/models/checkpoint_summary.h"
#include "core/analysis/comparison.h"
#include "core/analysis/sweep_result.h"

#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QSaveFile>
#include <QTimer>

#include <iterator>

namespace prunescope {

namespace {

const char *const kViewFiles[] = {"heads", "neurons", "weights", "attribution", "curves", "compare"};

} // namespace

StudyReport::StudyReport(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    // A job that fails while the report waits for it ends the report.
    connect(window->jobs(), &JobRunner::jobEnded, this, [this](Job *job) {
        if (job->state() == Job::State::Failed)
            fail(tr("%1 failed: %2").arg(job->title(), job->errorText()));
    });
}

void StudyReport::fail(const QString &message)
{
    if (!m_error.isEmpty())
        return;
    m_error = message;
    Q_EMIT finished(false);
}

void StudyReport::shoot(MainWindow::View view, const QString &file, std::function<void()> next)
{
    const QString item = m_window->itemForView(view);
    if (item.isEmpty()) {
        fail(tr("The study has nothing to show in the %1 view yet.").arg(QLatin1String(kViewFiles[int(view)])));
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_window, &MainWindow::itemShown, this, [this, view, file, item, next, connection](const QString &name) {
        if (name != item)
            return;
        disconnect(*connection);
        m_window->showView(view);
        grabInto(file, next);
    });
    m_window->showItem(item);
}

void StudyReport::grabInto(const QString &file, std::function<void()> next)
{
    // After the job's own end has reached the jobs panel.
    QTimer::singleShot(0, this, [this, file, next] {
        if (!m_window->grab().save(file)) {
            fail(tr("Cannot write %1").arg(file));
            return;
        }
        m_shots << QFileInfo(file).completeBaseName();
        next();
    });
}

void StudyReport::screenshot(MainWindow::View view, const QString &file)
{
    shoot(view, file, [this] { Q_EMIT finished(true); });
}

void StudyReport::report(const QString &folder)
{
    if (!QDir().mkpath(folder)) {
        fail(tr("Cannot create %1").arg(folder));
        return;
    }
    // The views one after another, then the evaluation of the study's first mask.
    m_steps.clear();
    m_notes.clear();
    m_shots.clear();
    for (int v = 0; v < int(std::size(kViewFiles)); ++v)
        m_steps.append([this, v, folder](std::function<void()> next) {
            shoot(MainWindow::View(v), QDir(folder).filePath(QLatin1String(kViewFiles[v]) + QStringLiteral(".png")), next);
        });
    // The training log of the study's model, when it has one.
    m_steps.append([this, folder](std::function<void()> next) {
        const QString file = QDir(folder).filePath(QStringLiteral("training.png"));
        if (!m_window->trainingView()->steps().empty()) {
            m_window->showView(MainWindow::View::Training);
            grabInto(file, next);
            return;
        }
        // Opening the view reads the log of the study's model; whether there was one, the signal says.
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(m_window, &MainWindow::trainingLogRead, this, [this, connection, file, next](bool shown) {
            disconnect(*connection);
            if (shown) {
                grabInto(file, next);
                return;
            }
            m_notes << tr("The study's model has no training log (%1), so the Training view is not shown.")
                           .arg(QString::fromStdString(m_window->document()->study().modelPath().string()));
            next();
        });
        m_window->showView(MainWindow::View::Training);
    });
    // Where the study's masks prune, by component (no evaluation: the report stays quick).
    m_steps.append([this, folder](std::function<void()> next) {
        QStringList masks;
        for (const auto &item : m_window->document()->study().items)
            if (item.kind == StudyItem::Kind::Mask)
                masks << QString::fromStdString(item.name);
        if (masks.isEmpty()) {
            next();
            return;
        }
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(m_window, &MainWindow::masksAnalysed, this, [this, connection, folder, next] {
            disconnect(*connection);
            grabInto(QDir(folder).filePath(QStringLiteral("profiles.png")), next);
        });
        m_window->analyseMasks(masks, false);
    });
    m_steps.append([this](std::function<void()> next) {
        QString mask;
        for (const auto &item : m_window->document()->study().items)
            if (item.kind == StudyItem::Kind::Mask && mask.isEmpty())
                mask = QString::fromStdString(item.name);
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(m_window, &MainWindow::evaluated, this, [connection, next] {
            disconnect(*connection);
            next();
        });
        if (mask.isEmpty()) {
            m_window->evaluateMask();
            return;
        }
        auto shown = std::make_shared<QMetaObject::Connection>();
        *shown = connect(m_window, &MainWindow::itemShown, this, [this, shown, mask](const QString &name) {
            if (name != mask)
                return;
            disconnect(*shown);
            m_window->evaluateMask();
        });
        m_window->showItem(mask);
    });
    m_steps.append([this, folder](std::function<void()>) {
        const Study &study = m_window->document()->study();
        QString text = tr("# PruneScope report\n\nStudy: `%1`\n\n").arg(m_window->document()->folder());
        try {
            text += QStringLiteral("```\n%1```\n\n").arg(QString::fromStdString(summaryText(summarizeCheckpoint(study.modelPath()))));
        } catch (const std::exception &e) {
            text += tr("The model cannot be read: %1\n\n").arg(QString::fromStdString(e.what()));
        }
        text += tr("## Evaluation\n\n%1\n\n## Items\n\n").arg(m_window->evaluationText().replace(QLatin1Char('\n'), QStringLiteral("  \n")));
        for (const auto &item : study.items)
            text += QStringLiteral("- %1 `%2` (%3)\n")
                        .arg(QLatin1String(studyItemKindName(item.kind)), QString::fromStdString(item.name),
                             QString::fromStdString(item.file));
        const SweepResult &sweep = m_window->curvesView()->sweep();
        if (!sweep.points.empty())
            text += tr("\n## Sweep\n\n```\n%1```\n").arg(QString::fromStdString(sweepCsv(sweep)));
        const MapComparison &comparison = m_window->comparisonView()->comparison();
        if (!comparison.names.empty())
            text += tr("\n## Comparison\n\n```\n%1```\n").arg(QString::fromStdString(comparisonText(comparison)));
        const StudyMaskAnalysis &profiles = m_window->profileView()->analysis();
        if (!profiles.profiles.empty())
            text += tr("\n## Mask profiles\n\n```\n%1```\n")
                        .arg(QString::fromStdString(maskProfilesText(profiles.profiles, profiles.sensitivity)));
        text += tr("\n## Views\n\n");
        for (const QString &view : std::as_const(m_shots))
            text += QStringLiteral("![%1](%1.png)\n").arg(view);
        for (const QString &note : std::as_const(m_notes))
            text += QStringLiteral("\n%1\n").arg(note);
        QSaveFile file(QDir(folder).filePath(QStringLiteral("report.md")));
        if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
            fail(tr("Cannot write %1").arg(file.fileName()));
            return;
        }
        Q_EMIT finished(true);
    });
    runStep(0);
}

void StudyReport::runStep(int index)
{
    // Each step is handed the way on to the next.
    if (index < m_steps.size() && m_error.isEmpty())
        m_steps[index]([this, index] { runStep(index + 1); });
}

} // namespace prunescope
