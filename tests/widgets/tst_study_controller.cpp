// The study controller without a window: a job run through it adds its item to the study
// and says so. A study's settings are its own once it is made: the application's settings
// seed a new study, and changing them later changes neither an open study nor what its
// jobs run with; only the device is this computer's. The settings dialog edits the open
// study's settings. Each shipped demo study opens as the user's copy of it.
#include "widgets/app_settings.h"
#include "widgets/job_runner.h"
#include "widgets/study_controller.h"
#include "widgets/study_document.h"

#include "core/study/study.h"
#include "core/support/options.h"

#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace prunescope;

namespace {

const QString kTinyBert = QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert");

// The tiny BERT's 36 sentences.
StudyData sentences()
{
    StudyData data;
    data.path = std::string(PRUNESCOPE_TEST_DATA "/sentences.tsv");
    return data;
}

void saveAppSettings(const QString &device, const QString &precision, int batchSize, int maxExamples)
{
    AppSettings settings = AppSettings::load();
    settings.device = device;
    settings.precision = precision;
    settings.batchSize = batchSize;
    settings.maxExamples = maxExamples;
    settings.save();
}

// Settings as one line, so that a comparison that fails shows every field.
QString describe(const StudySettings &s)
{
    return QStringLiteral("device %1, precision %2, batch %3, sample %4, seed %5")
        .arg(QString::fromStdString(s.device), QString::fromStdString(s.precision))
        .arg(s.batchSize)
        .arg(s.maxExamples)
        .arg(s.seed);
}

StudySettings settings(const std::string &device, const std::string &precision, int64_t batchSize,
                       int64_t maxExamples, uint64_t seed)
{
    StudySettings s;
    s.device = device;
    s.precision = precision;
    s.batchSize = batchSize;
    s.maxExamples = maxExamples;
    s.seed = seed;
    return s;
}

// A study made elsewhere (by the command line, or on another computer) with settings of its own.
void writeStudyWith(const QString &folder, const StudySettings &own)
{
    Study study = createStudy(folder.toStdString(), kTinyBert.toStdString(), sentences());
    study.settings = own;
    writeStudy(study);
}

// The job the controller starts next, once it has ended.
Job *runJob(StudyController &controller, const std::function<void()> &start)
{
    QSignalSpy ended(controller.jobs(), &JobRunner::jobEnded);
    start();
    return ended.wait(120000) ? ended.first().first().value<Job *>() : nullptr;
}

} // namespace

class TestStudyController : public QObject
{
    Q_OBJECT

private slots:
    // The application's settings in a folder of this test's own.
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
        QStandardPaths::setTestModeEnabled(true);
    }

    void init() { saveAppSettings(QStringLiteral("cpu"), QStringLiteral("fp32"), 8, 32); }

    // A score job with no window: the item joins the study and its study.json, and the
    // document says it was added.
    void scoreJobWithoutAWindow()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("s"));
        StudyController controller;
        QVERIFY(controller.newStudy(folder, kTinyBert, sentences()));
        QSignalSpy added(controller.document(), &StudyDocument::itemAdded);
        Job *job = runJob(controller, [&] { controller.runScore(QStringLiteral("taylor")); });
        QVERIFY(job);
        QVERIFY2(job->state() == Job::State::Finished, qPrintable(job->errorText()));
        QCOMPARE(job->title(), QStringLiteral("Scoring: taylor"));
        QCOMPARE(added.size(), 1);
        const StudyItem *scores = controller.study().find("taylor");
        QVERIFY(scores);
        QCOMPARE(scores->kind, StudyItem::Kind::Scores);
        QVERIFY(QFileInfo::exists(QString::fromStdString(controller.study().itemPath(*scores).string())));
        QVERIFY(readStudy(folder.toStdString()).find("taylor"));
        QVERIFY(!controller.document()->isModified());
    }

    // Each demo's shipped folder, however it is named (a trailing slash, a link to it),
    // opens as that demo's own copy; another folder of the installation is refused.
    void shippedDemosOpenAsTheirCopies_data()
    {
        QTest::addColumn<int>("demo");
        QTest::addColumn<QString>("copy");
        QTest::newRow("text") << int(DemoStudy::Id::Text) << QStringLiteral("demo-study");
        QTest::newRow("image") << int(DemoStudy::Id::Image) << QStringLiteral("demo-vit-study");
    }

    void shippedDemosOpenAsTheirCopies()
    {
        QFETCH(int, demo);
        QFETCH(QString, copy);
        const auto id = DemoStudy::Id(demo);
        const QString shipped = StudyController::demoStudyPath(id);
        QCOMPARE(StudyController::demoCopyPath(id),
                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1Char('/') + copy);
        QTemporaryDir dir;
        const QString link = dir.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(shipped, link));
        for (const QString &folder : {shipped + QLatin1Char('/'), link}) {
            const DemoStudy *found = DemoStudy::shippedAt(folder);
            QVERIFY2(found && found->id == id, qPrintable(folder));
        }
        QVERIFY(!StudyController::isShippedDemo(QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/demo")));

        StudyController controller;
        QSignalSpy problems(&controller, &StudyController::problem);
        QVERIFY(controller.openStudy(link));
        QVERIFY2(problems.isEmpty(), problems.isEmpty() ? "" : qPrintable(problems.first().at(1).toString()));
        QCOMPARE(controller.document()->folder(), StudyController::demoCopyPath(id));
        for (const DemoStudy &each : DemoStudy::all())
            QCOMPARE(controller.isDemoCopyOpen(each.id), each.id == id);
        QCOMPARE(controller.study().items.size(), readStudy(shipped.toStdString()).items.size());

        QVERIFY(!controller.openStudy(QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/demo")));
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().at(1).toString().contains(QStringLiteral("lies in PruneScope's installation")));
    }

    // A method's options from the form reach the job, and the item records them.
    void scoreWithTheMethodsOptions()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("s"));
        StudyController controller;
        QVERIFY(controller.newStudy(folder, kTinyBert, sentences()));
        MethodOptions options;
        options.set("normalize-globally", false);
        Job *job = runJob(controller, [&] { controller.runScore(QStringLiteral("head-importance"), options); });
        QVERIFY(job);
        QVERIFY2(job->state() == Job::State::Finished, qPrintable(job->errorText()));
        const StudyItem *scores = controller.study().find("head-importance");
        QVERIFY(scores);
        const auto recorded = nlohmann::json::parse(scores->options.at("method_options"));
        QCOMPARE(recorded.at("normalize-globally").get<bool>(), false);
        QCOMPARE(recorded.at("normalize-per-layer").get<bool>(), true);
    }

    // Evaluation hands its text over in `evaluated`, the dense model's figures once per study.
    void evaluationSignalsItsText()
    {
        QTemporaryDir dir;
        StudyController controller;
        QVERIFY(controller.newStudy(dir.filePath(QStringLiteral("s")), kTinyBert, sentences()));
        QSignalSpy evaluated(&controller, &StudyController::evaluated);
        Job *job = runJob(controller, [&] { controller.evaluate(nullptr, QString(), 0); });
        QVERIFY2(job && job->state() == Job::State::Finished, job ? qPrintable(job->errorText()) : "no job");
        QCOMPARE(evaluated.size(), 1);
        const QString text = evaluated.first().first().toString();
        // The application's sample of 32 of the 36 sentences, which the new study took.
        QVERIFY2(text.startsWith(QStringLiteral("Dense model: ")) && text.contains(QStringLiteral(" on 32 examples")),
                 qPrintable(text));
    }

    // The application's settings change while a study is open: the study's settings, its
    // study.json and what its next jobs run with stay the study's own.
    void applicationSettingsLeaveTheOpenStudyAlone()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("s"));
        const StudySettings own = settings("cpu", "fp32", 4, 12, 7);
        writeStudyWith(folder, own);
        StudyController controller;
        QVERIFY(controller.openStudy(folder));
        saveAppSettings(QStringLiteral("cpu"), QStringLiteral("bf16"), 2, 5);

        QSignalSpy evaluated(&controller, &StudyController::evaluated);
        Job *job = runJob(controller, [&] { controller.evaluate(nullptr, QString(), 0); });
        QVERIFY2(job && job->state() == Job::State::Finished, job ? qPrintable(job->errorText()) : "no job");
        QCOMPARE(evaluated.size(), 1);
        // 12 of the 36 sentences: the study's sample size, not the application's 5.
        const QString text = evaluated.first().first().toString();
        QVERIFY2(text.contains(QStringLiteral(" on 12 examples")), qPrintable(text));

        job = runJob(controller, [&] { controller.runScore(QStringLiteral("taylor")); });
        QVERIFY2(job && job->state() == Job::State::Finished, job ? qPrintable(job->errorText()) : "no job");
        const StudyItem *scores = controller.study().find("taylor");
        QVERIFY(scores);
        QCOMPARE(QString::fromStdString(scores->options.at("precision")), QStringLiteral("fp32"));

        QCOMPARE(describe(controller.study().settings), describe(own));
        QVERIFY(!controller.document()->isModified());
        QCOMPARE(describe(readStudy(folder.toStdString()).settings), describe(own));
    }

    // The device is this computer's: a study whose device this computer lacks runs its jobs
    // on the application's device, and keeps its own setting for where it came from.
    void theDeviceIsTheComputers()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("s"));
        const StudySettings own = settings("cuda:63", "fp32", 8, 12, 0);
        writeStudyWith(folder, own);
        StudyController controller;
        QVERIFY(controller.openStudy(folder));
        QCOMPARE(QString::fromStdString(controller.jobStudy().settings.device), QStringLiteral("cpu"));
        Job *job = runJob(controller, [&] { controller.runScore(QStringLiteral("magnitude")); });
        QVERIFY2(job && job->state() == Job::State::Finished, job ? qPrintable(job->errorText()) : "no job");
        const StudyItem *scores = controller.study().find("magnitude");
        QVERIFY(scores);
        QCOMPARE(QString::fromStdString(scores->options.at("device")), QStringLiteral("cpu"));
        QCOMPARE(describe(controller.study().settings), describe(own));
        QVERIFY(controller.deviceNote().isEmpty());
    }

    // A new study starts with the application's settings, and keeps them when those change.
    void newStudyIsSeededFromTheApplication()
    {
        QTemporaryDir dir;
        saveAppSettings(QStringLiteral("cpu"), QStringLiteral("bf16"), 6, 10);
        StudyController controller;
        const QString first = dir.filePath(QStringLiteral("first"));
        QVERIFY(controller.newStudy(first, kTinyBert, sentences()));
        const StudySettings seeded = settings("cpu", "bf16", 6, 10, 0);
        QCOMPARE(describe(controller.study().settings), describe(seeded));
        QCOMPARE(describe(readStudy(first.toStdString()).settings), describe(seeded));

        saveAppSettings(QStringLiteral("auto"), QStringLiteral("fp16"), 3, 0);
        QCOMPARE(describe(controller.study().settings), describe(seeded));
        const QString second = dir.filePath(QStringLiteral("second"));
        QVERIFY(controller.newStudy(second, kTinyBert, sentences()));
        QCOMPARE(describe(controller.study().settings), describe(settings("auto", "fp16", 3, 0, 0)));
        QCOMPARE(describe(readStudy(first.toStdString()).settings), describe(seeded));
    }

    // With a study open, the dialog's precision, batch and sample sizes are the study's; the
    // application keeps its own for new studies. Without one, they are the application's.
    void settingsDialogEditsTheOpenStudy()
    {
        const AppSettings app = AppSettings::load();
        const StudySettings own = settings("cuda:1", "fp32", 4, 12, 7);
        SettingsDialog dialog(app, &own);
        const auto spins = dialog.findChildren<QSpinBox *>();
        QCOMPARE(spins.size(), 2); // batch size, sample size
        QCOMPARE(spins[0]->value(), 4);
        QCOMPARE(spins[1]->value(), 12);
        spins[0]->setValue(5);
        QCOMPARE(describe(dialog.studySettings()), describe(settings("cuda:1", "fp32", 5, 12, 7)));
        QCOMPARE(dialog.settings().batchSize, app.batchSize);
        QCOMPARE(dialog.settings().maxExamples, app.maxExamples);

        SettingsDialog noStudy(app);
        const auto appSpins = noStudy.findChildren<QSpinBox *>();
        QCOMPARE(appSpins[0]->value(), app.batchSize);
        appSpins[0]->setValue(app.batchSize + 1);
        QCOMPARE(noStudy.settings().batchSize, app.batchSize + 1);

        // The precisions are the registry's, in its order; a study's tf32x3 is the one chosen.
        const StudySettings split = settings("cuda", "tf32x3", 4, 12, 7);
        SettingsDialog splitDialog(app, &split);
        QComboBox *precision = nullptr;
        for (auto *combo : splitDialog.findChildren<QComboBox *>())
            if (combo->findData(QStringLiteral("fp32")) >= 0)
                precision = combo;
        QVERIFY(precision);
        QStringList listed, registry;
        for (int i = 0; i < precision->count(); ++i)
            listed << precision->itemData(i).toString();
        for (const std::string &name : choices::precision)
            registry << QString::fromStdString(name);
        QCOMPARE(listed, registry);
        QCOMPARE(precision->currentData().toString(), QStringLiteral("tf32x3"));
        QCOMPARE(describe(splitDialog.studySettings()), describe(split));
    }

private:
    QTemporaryDir m_home;
};

QTEST_MAIN(TestStudyController)
#include "tst_study_controller.moc"
