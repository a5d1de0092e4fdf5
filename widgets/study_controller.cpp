#include "widgets/study_controller.h"

#include "widgets/app_settings.h"
#include "widgets/job_runner.h"

#include "core/models/checkpoint_summary.h"
#include "core/pruning/oneshot_methods.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace prunescope {

namespace {

// These texts were the main window's before the controller took its study and jobs over:
// they keep its translation context, and so the translations made for them.
class WindowText
{
    Q_DECLARE_TR_FUNCTIONS(prunescope::MainWindow)
};

QString describeEvaluation(const StudyEvaluation &e)
{
    QString text = WindowText::tr("%1 %2 on %3 examples")
                       .arg(QString::fromStdString(e.primary))
                       .arg(e.metrics.count(e.primary) ? e.metrics.at(e.primary) : 0.0, 0, 'f', 4)
                       .arg(e.examples);
    if (e.sparsity > 0)
        text += WindowText::tr(", mask sparsity %1").arg(e.sparsity, 0, 'f', 3);
    return text;
}

bool isInside(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

// `path` with its links resolved as far as it exists (an output folder does not yet).
QString resolvedPath(const QString &path)
{
    QFileInfo info(QDir::cleanPath(QDir(path).absolutePath()));
    QString rest;
    while (!info.exists() && !info.isRoot()) {
        const QFileInfo parent(info.absolutePath());
        if (parent.absoluteFilePath() == info.absoluteFilePath())
            break; // no parent to climb to: the path as it is
        rest.prepend(QLatin1Char('/') + info.fileName());
        info = parent;
    }
    return QDir::cleanPath(info.canonicalFilePath() + rest);
}

// A fresh copy of the shipped demo study, made beside its copy's folder and renamed into its
// place, so that the copy is whole or absent; a previous copy is removed only once the new
// one stands.
void replaceDemoCopy(const DemoStudy &demo)
{
    namespace fs = std::filesystem;
    const fs::path target = demo.copyPath().toStdString(), fresh = target.string() + ".new",
                   old = target.string() + ".old";
    std::error_code error;
    fs::remove_all(fresh, error); // what an interrupted copy left, under our own names
    fs::remove_all(old, error);
    copyStudy(readStudy(demo.shippedPath().toStdString()), fresh);
    const bool replacing = fs::exists(target);
    if (replacing)
        fs::rename(target, old, error);
    if (!error)
        fs::rename(fresh, target, error);
    if (error) {
        std::error_code ignored;
        if (replacing && !fs::exists(target))
            fs::rename(old, target, ignored);
        fs::remove_all(fresh, ignored);
        throw Error("cannot put the demo study's copy in place at " + target.string() + ": " + error.message());
    }
    fs::remove_all(old, error);
}

std::vector<std::string> toStdStrings(const QStringList &list)
{
    std::vector<std::string> out;
    for (const QString &s : list)
        out.push_back(s.toStdString());
    return out;
}

// What a comparison shows beside its matrix: the compared items' head and neuron maps.
std::vector<GridSet> comparedUnitGrids(const Study &study, const MapComparison &comparison)
{
    std::vector<GridSet> grids;
    for (const auto &compared : comparison.names) {
        const StudyItem *source = study.find(compared);
        grids.push_back(source && std::filesystem::exists(study.itemPath(*source))
                            ? readGrids(study.itemPath(*source),
                                        [](const std::string &tensor) {
                                            return endsWith(tensor, "heads") || endsWith(tensor, "neurons");
                                        })
                            : GridSet());
    }
    return grids;
}

// In the desktop's file manager.
void openFolder(const QString &folder)
{
    QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

} // namespace

StudyController::StudyController(QObject *parent)
    : QObject(parent)
    , m_document(new StudyDocument(this))
    , m_jobs(new JobRunner(this))
{
    // The dense model's evaluation holds for one model on one dataset.
    connect(m_document, &StudyDocument::studyChanged, this, [this] { m_denseSummary.clear(); });
}

StudyController::~StudyController()
{
    m_jobs->cancelAll();
    m_jobs->waitForAll();
}

QString DemoStudy::shippedPath() const
{
    return QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/") + QLatin1String(shipped);
}

QString DemoStudy::copyPath() const
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1Char('/') + QLatin1String(copy);
}

const std::vector<DemoStudy> &DemoStudy::all()
{
    static const std::vector<DemoStudy> demos = {
        {Id::Text, "demo/study", "demo-study", "taylor"},
        {Id::Image, "demo/vit-study", "demo-vit-study", "taylor"},
    };
    return demos;
}

const DemoStudy &DemoStudy::get(Id id)
{
    for (const DemoStudy &demo : all())
        if (demo.id == id)
            return demo;
    throw Error("no demo study has the id " + std::to_string(int(id)));
}

const DemoStudy *DemoStudy::shippedAt(const QString &folder)
{
    const QString resolved = resolvedPath(folder);
    for (const DemoStudy &demo : all())
        if (resolved == resolvedPath(demo.shippedPath()))
            return &demo;
    return nullptr;
}

bool StudyController::isDemoCopyOpen(DemoStudy::Id demo) const
{
    return m_document->isOpen() && resolvedPath(m_document->folder()) == resolvedPath(demoCopyPath(demo));
}

bool StudyController::isInInstallation(const QString &path)
{
    const QString resolved = resolvedPath(path);
    for (const QString &root : {QStringLiteral(PRUNESCOPE_RESOURCE_DIR), QCoreApplication::applicationDirPath()}) {
        const QString installed = QFileInfo(root).canonicalFilePath();
        if (!installed.isEmpty() && isInside(resolved, installed))
            return true;
    }
    return false;
}

bool StudyController::holdsFiles(const QString &folder)
{
    const auto anything = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System;
    return QFileInfo(folder).isDir() ? !QDir(folder).isEmpty(anything) : QFileInfo::exists(folder);
}

QString StudyController::suggestedOutput(const QString &name) const
{
    QString base = m_document->folder();
    if (base.isEmpty() || isInInstallation(base))
        base = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/PruneScope");
    QString folder = QDir(base).filePath(name);
    for (int n = 2; QFileInfo::exists(folder); ++n)
        folder = QDir(base).filePath(QStringLiteral("%1-%2").arg(name).arg(n));
    return folder;
}

bool StudyController::checkWritable(const QString &title, const QString &target)
{
    if (!isInInstallation(target))
        return true;
    Q_EMIT problem(title, WindowText::tr("%1 lies in PruneScope's installation, which is never written: choose a "
                                         "folder of your own, such as one in your documents.")
                              .arg(QDir::toNativeSeparators(target)));
    return false;
}

QStringList StudyController::itemNames(StudyItem::Kind kind) const
{
    QStringList names;
    for (const auto &item : m_document->study().items)
        if (item.kind == kind)
            names.append(QString::fromStdString(item.name));
    return names;
}

QString StudyController::jobDevice(QString *note)
{
    try {
        return QString::fromStdString(prunescope::deviceInUse(AppSettings::load().device.toStdString()));
    } catch (const std::exception &e) {
        // A setting saved on another machine, or a GPU gone: the work goes on, on the CPU.
        if (note)
            *note = WindowText::tr("The device setting cannot be used on this machine (%1). Jobs run on the CPU; "
                                   "change the device in File \u2192 Settings.")
                        .arg(explainError(e));
        return QStringLiteral("cpu");
    }
}

QString StudyController::deviceInUse()
{
    QString note;
    const QString device = jobDevice(&note);
    if (note != m_deviceNote) {
        m_deviceNote = note;
        Q_EMIT deviceNoteChanged(note);
    }
    return device;
}

Study StudyController::jobStudy()
{
    Study study = m_document->study();
    study.settings.device = deviceInUse().toStdString();
    return study;
}

bool StudyController::newStudy(const QString &folder, const QString &model, const StudyData &data)
{
    if (!checkWritable(WindowText::tr("New Study"), folder))
        return false;
    try {
        m_document->create(folder, model, data, AppSettings::load().newStudySettings());
        return true;
    } catch (const std::exception &e) {
        Q_EMIT problem(WindowText::tr("New Study"), explainError(e));
        return false;
    }
}

bool StudyController::openStudy(const QString &folder)
{
    // Jobs write into the open study: a shipped demo opens as the user's copy.
    if (const DemoStudy *demo = DemoStudy::shippedAt(folder))
        return openDemoCopy(demo->id);
    if (isInInstallation(folder)) {
        Q_EMIT problem(WindowText::tr("Open Study"),
                       WindowText::tr("%1 lies in PruneScope's installation, which is never written: copy the folder "
                                      "to one of your own and open the copy.")
                           .arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    try {
        m_document->open(folder);
    } catch (const std::exception &e) {
        Q_EMIT problem(WindowText::tr("Open Study"), WindowText::tr("Cannot open the study:\n%1").arg(explainError(e)));
        return false;
    }
    const QStringList missing = m_document->missingReferences();
    if (!missing.isEmpty())
        Q_EMIT problem(WindowText::tr("Open Study"),
                       WindowText::tr("The study refers to files that are not there:\n\n%1\n\nUse File \u2192 Open "
                                      "Checkpoint to point it at the model's new place.")
                           .arg(missing.join(QLatin1Char('\n'))));
    return true;
}

bool StudyController::openDemoCopy(DemoStudy::Id demo)
{
    const QString folder = demoCopyPath(demo);
    // Made once; what the user adds to it stays, until Reset Demo Study.
    if (!QFileInfo::exists(folder)) {
        try {
            replaceDemoCopy(DemoStudy::get(demo));
        } catch (const std::exception &e) {
            Q_EMIT problem(WindowText::tr("Demo Study"), explainError(e));
            return false;
        }
    }
    Q_EMIT logged(WindowText::tr("Demo study: %1").arg(QDir::toNativeSeparators(folder)));
    return openStudy(folder);
}

bool StudyController::canResetDemoCopy()
{
    if (m_jobs->runningCount() == 0)
        return true;
    Q_EMIT problem(WindowText::tr("Reset Demo Study"),
                   WindowText::tr("Jobs are running: wait for them or cancel them first."));
    return false;
}

bool StudyController::resetDemoCopy(DemoStudy::Id demo)
{
    if (!canResetDemoCopy())
        return false;
    m_document->close();
    try {
        replaceDemoCopy(DemoStudy::get(demo));
        return true;
    } catch (const std::exception &e) {
        Q_EMIT problem(WindowText::tr("Reset Demo Study"), explainError(e));
        return false;
    }
}

bool StudyController::save()
{
    try {
        m_document->save();
        return true;
    } catch (const std::exception &e) {
        Q_EMIT problem(WindowText::tr("Save"), explainError(e));
        return false;
    }
}

bool StudyController::saveAs(const QString &folder)
{
    if (!checkWritable(WindowText::tr("Save As"), folder))
        return false;
    try {
        m_document->saveAs(folder);
        return true;
    } catch (const std::exception &e) {
        Q_EMIT problem(WindowText::tr("Save As"), explainError(e));
        return false;
    }
}

bool StudyController::saveEditedMask(const GridSet &mask, const QString &name)
{
    try {
        m_document->addItem(prunescope::saveEditedMask(m_document->study(), mask, name.toStdString()));
        return true;
    } catch (const std::exception &e) {
        Q_EMIT problem(WindowText::tr("Save Edited Mask"), explainError(e));
        return false;
    }
}

void StudyController::runSteps(QList<Step> steps, std::function<void()> finished)
{
    if (steps.isEmpty()) {
        if (finished)
            finished();
        return;
    }
    const Step step = steps.takeFirst();
    auto result = std::make_shared<StudyItem>();
    auto job = std::make_shared<Job *>();
    // The next step starts only after this one's item is in the study; the job's row shows it.
    *job = m_jobs->start(
        step.title, [study = jobStudy(), work = step.work, result](const Progress &progress) { *result = work(study, progress); },
        [this, job, result, steps, finished] {
            m_document->addItem(*result);
            (*job)->setOutput(WindowText::tr("Show"), [this, name = QString::fromStdString(result->name)] { loadItem(name); });
            runSteps(steps, finished);
        });
}

void StudyController::runScore(const QString &method, const MethodOptions &options)
{
    const std::string name = method.toStdString();
    runSteps({{WindowText::tr("Scoring: %1").arg(method),
               [name, options](const Study &s, const Progress &p) { return scoreStudy(s, name, p, "", options); }}});
}

void StudyController::runMask(const QString &scores, const QString &granularity, const QString &scope, double sparsity)
{
    runSteps({{WindowText::tr("Mask: %1 %2").arg(scores, granularity),
               [scores = scores.toStdString(), g = granularity.toStdString(), sc = scope.toStdString(),
                sparsity](const Study &s, const Progress &) {
                   const StudyItem *item = s.find(scores);
                   if (!item)
                       throw Error("the study has no scores named '" + scores + "'");
                   return maskStudy(s, *item, g, sc, sparsity);
               }}});
}

void StudyController::runAttribution(const QString &method, const QString &tower)
{
    runSteps({{WindowText::tr("Attribution: %1 (%2)").arg(method, tower),
               [m = method.toStdString(), t = tower.toStdString()](const Study &s, const Progress &p) {
                   return attributeStudy(s, m, t, p);
               }}});
}

void StudyController::runSweep(const QStringList &methods, const std::vector<double> &sparsities,
                               const QString &granularity, const QString &scope,
                               const std::map<std::string, MethodOptions> &methodOptions, double heldOut)
{
    runSteps({{WindowText::tr("Sweep: %1").arg(granularity),
               [names = toStdStrings(methods), sparsities, g = granularity.toStdString(), sc = scope.toStdString(),
                methodOptions, heldOut](const Study &s, const Progress &p) {
                   return sweepStudy(s, names, sparsities, g, sc, p, methodOptions, heldOut);
               }}});
}

void StudyController::runNoiseScan(const SigmaScanOptions &options, double heldOut)
{
    runSteps({{WindowText::tr("Smooth-Cut noise scan"),
               [options, heldOut](const Study &s, const Progress &p) { return noiseScanStudy(s, options, heldOut, p); }}},
             [this] { loadItem(QString::fromStdString(m_document->study().items.back().name)); });
}

void StudyController::runCompare(const QStringList &items)
{
    runSteps({{WindowText::tr("Comparing %n item(s)", nullptr, int(items.size())),
               [names = toStdStrings(items)](const Study &s, const Progress &p) { return compareStudy(s, names, p); }}},
             [this] { loadItem(QString::fromStdString(m_document->study().items.back().name)); });
}

void StudyController::openData(StudyData data)
{
    if (!m_document->isOpen())
        return;
    data.path = QFileInfo(QString::fromStdString(data.path)).absoluteFilePath().toStdString();
    Study candidate = jobStudy();
    candidate.data = data;
    auto check = std::make_shared<StudyDataCheck>();
    Job *job = m_jobs->start(WindowText::tr("Reading %1").arg(QFileInfo(QString::fromStdString(data.path)).fileName()),
                             [candidate, check](const Progress &) { *check = checkStudyData(candidate); });
    // The study takes the data only once it has been read without error.
    connect(job, &Job::finished, this, [this, job, data, check] {
        if (job->state() != Job::State::Finished)
            return;
        m_document->setData(data);
        QString message = WindowText::tr("%n example(s) read from %1", nullptr, int(check->rows))
                              .arg(QString::fromStdString(m_document->study().dataPath().filename().string()));
        if (!check->warnings.empty())
            message += WindowText::tr("; %n row(s) skipped, the first: %1", nullptr, int(check->warnings.size()))
                           .arg(QString::fromStdString(check->warnings.front()));
        Q_EMIT dataOpened(message, check->rows);
    });
}

bool StudyController::hasMask(const QString &mask)
{
    const StudyItem *item = m_document->study().find(mask.toStdString());
    if (item && item->kind == StudyItem::Kind::Mask)
        return true;
    Q_EMIT problem(WindowText::tr("Export Model"), WindowText::tr("The study has no mask named %1.").arg(mask));
    return false;
}

bool StudyController::exportMask(const QString &mask, const QString &folder, const StudyExportOptions &options)
{
    if (!hasMask(mask) || !checkWritable(WindowText::tr("Export Model"), folder))
        return false;
    auto result = std::make_shared<StudyExportResult>();
    Job *job = m_jobs->start(WindowText::tr("Exporting %1").arg(mask),
                             [study = jobStudy(), item = *m_document->study().find(mask.toStdString()),
                              out = folder.toStdString(), options, result](const Progress &progress) {
                                 *result = exportStudy(study, item, out, options, progress);
                             });
    connect(job, &Job::finished, this, [this, job, result] {
        if (job->state() == Job::State::Finished)
            Q_EMIT exported(*result);
    });
    job->setOutput(WindowText::tr("Open Folder"), [folder] { openFolder(folder); });
    return true;
}

QString StudyController::exportPreview(const QString &mask, const StudyExportOptions &options,
                                       std::vector<StudyExportTower> *layers) const
{
    const StudyItem *item = m_document->study().find(mask.toStdString());
    if (!item)
        return {};
    try {
        const StudyExportPreview p = previewStudyExport(m_document->study(), *item, options);
        const auto count = [](auto n) { return QString::fromStdString(formatCount(int64_t(n))); };
        QString text = WindowText::tr("Parameters %1 \u2192 %2, weights %3B \u2192 %4B")
                           .arg(count(p.parametersBefore), count(p.parametersAfter), count(p.bytesBefore),
                                count(p.bytesAfter));
        for (const auto &line : p.towers)
            text += QLatin1Char('\n') + QString::fromStdString(line);
        for (const auto &note : p.notes)
            text += QLatin1Char('\n') + WindowText::tr("Note: %1").arg(QString::fromStdString(note));
        if (layers)
            *layers = p.layers;
        return text;
    } catch (const std::exception &e) {
        return explainError(e);
    }
}

void StudyController::runTraining(const StudyTraining &training, const QString &folder)
{
    if (!m_document->isOpen() || !checkWritable(WindowText::tr("Train"), folder))
        return;
    const QString method = !training.mask.empty()   ? WindowText::tr("under %1").arg(QString::fromStdString(training.mask))
                           : training.method.empty() ? WindowText::tr("fine-tuning")
                           : isOneShotMethod(training.method)
                               ? WindowText::tr("%1 in one shot").arg(QString::fromStdString(training.method))
                               : QString::fromStdString(training.method);
    Q_EMIT trainingStarted(WindowText::tr("Training (%1) into %2").arg(method, folder));
    auto result = std::make_shared<StudyTrainingResult>();
    // The steps and rounds reach the views through this object, on the GUI thread; it
    // outlives the job, as it waits for its jobs.
    Job *job = m_jobs->start(
        WindowText::tr("Training (%1)").arg(method),
        [this, study = jobStudy(), training, out = folder.toStdString(), result](const Progress &progress) {
            *result = trainStudy(
                study, training, out,
                [&](const StudyTrainingStep &step) {
                    QMetaObject::invokeMethod(this, [this, step] { Q_EMIT trainingStep(step); }, Qt::QueuedConnection);
                    char message[64] = ""; // no loss in one shot
                    if (!std::isnan(step.loss))
                        std::snprintf(message, sizeof message, "loss %.4f", step.loss);
                    return progress(step.step, step.total, message);
                },
                [this](const StudyPruningRound &round) {
                    QMetaObject::invokeMethod(
                        this, [this, round] { Q_EMIT pruningRound(round); }, Qt::QueuedConnection);
                });
        },
        [this, result] {
            for (const auto &item : result->items)
                m_document->addItem(item);
            Q_EMIT trained(*result);
        });
    job->setOutput(WindowText::tr("Open Folder"), [folder] { openFolder(folder); });
}

void StudyController::analyseRedundancy(std::shared_ptr<const GridSet> mask, const QString &of)
{
    if (!m_document->isOpen())
        return;
    auto result = std::make_shared<StudyRedundancy>();
    m_jobs->start(
        WindowText::tr("Neuron redundancy of %1").arg(of),
        [study = jobStudy(), mask, result](const Progress &progress) {
            *result = redundancyStudy(study, mask.get(), progress);
        },
        [this, result, of] { Q_EMIT redundancyAnalysed(*result, of); });
}

void StudyController::evaluate(std::shared_ptr<const GridSet> mask, const QString &name, int changedByHand)
{
    if (!m_document->isOpen())
        return;
    auto dense = std::make_shared<StudyEvaluation>(), masked = std::make_shared<StudyEvaluation>();
    const bool needDense = m_denseSummary.isEmpty();
    m_jobs->start(
        mask ? WindowText::tr("Evaluating %1").arg(name) : WindowText::tr("Evaluating the dense model"),
        [study = jobStudy(), mask, dense, masked, needDense](const Progress &progress) {
            if (needDense)
                *dense = evaluateStudy(study, nullptr, progress);
            if (mask)
                *masked = evaluateStudy(study, mask.get(), progress);
        },
        [this, dense, masked, mask, needDense, changedByHand, name] {
            if (needDense)
                m_denseSummary = describeEvaluation(*dense);
            QString text = WindowText::tr("Dense model: %1").arg(m_denseSummary);
            if (mask)
                text += WindowText::tr("\nWith %1 (%n unit(s) changed by hand): %2", nullptr, changedByHand)
                            .arg(name, describeEvaluation(*masked));
            Q_EMIT evaluated(text);
        });
}

void StudyController::analyseMasks(const QStringList &masks, bool sensitivity)
{
    if (!m_document->isOpen())
        return;
    auto result = std::make_shared<StudyMaskAnalysis>();
    m_jobs->start(
        WindowText::tr("Mask profiles of %n mask(s)", nullptr, int(masks.size())),
        [study = jobStudy(), names = toStdStrings(masks), sensitivity, result](const Progress &progress) {
            *result = analyseMasksStudy(study, names, sensitivity, progress);
        },
        [this, result] { Q_EMIT masksAnalysed(*result); });
}

void StudyController::loadItem(const QString &name)
{
    const StudyItem *found = m_document->study().find(name.toStdString());
    if (!found)
        return;
    auto loaded = std::make_shared<LoadedItem>();
    loaded->item = *found;
    m_jobs->start(
        WindowText::tr("Loading %1").arg(name),
        [loaded, study = m_document->study()](const Progress &) {
            const auto path = study.itemPath(loaded->item);
            if (loaded->item.kind == StudyItem::Kind::Sweep) {
                loaded->sweep = readSweep(path);
            } else if (loaded->item.kind == StudyItem::Kind::NoiseScan) {
                loaded->noiseScan = readSigmaScan(path);
            } else if (loaded->item.kind == StudyItem::Kind::Comparison) {
                loaded->comparison = readComparison(path);
                loaded->comparedGrids = comparedUnitGrids(study, loaded->comparison);
            } else {
                loaded->grids = std::make_shared<const GridSet>(readGrids(path));
            }
        },
        [this, loaded] { Q_EMIT itemLoaded(*loaded); }, JobRunner::Listing::WhenSlow);
}

void StudyController::loadTrainingLog()
{
    if (!m_document->isOpen())
        return;
    auto log = std::make_shared<StudyTrainingLog>();
    m_jobs->start(
        WindowText::tr("Loading the training log"),
        [log, folder = m_document->study().modelPath().string()](const Progress &) { *log = readTrainingLog(folder); },
        [this, log] { Q_EMIT trainingLogLoaded(*log); }, JobRunner::Listing::WhenSlow);
}

} // namespace prunescope
