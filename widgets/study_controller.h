// The open study and its jobs, without a window: opening and saving it (StudyDocument and
// its autosave), every job that computes on it (JobRunner), and what a job hands back, as
// signals that the window turns into views and messages. Jobs run with the study's own
// settings as study.json holds them; only the device is this computer's (AppSettings), the
// CPU when the computer lacks it, with a note. The application's settings seed a new study
// and change no open one.
#pragma once

#include "widgets/study_document.h"

#include "core/analysis/comparison.h"
#include "core/analysis/sweep_result.h"
#include "core/scoring/unit_grids.h"
#include "core/study/study.h"
#include "core/study/study_jobs.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace prunescope {

class JobRunner;

// A study that ships with PruneScope and the user's copy of it. The shipped folder is never
// written: opening it opens the copy, made from it the first time under AppDataLocation and
// kept with what the user adds to it until it is reset.
struct DemoStudy
{
    enum class Id { Text, Image };
    Id id;
    const char *shipped;  // the study's folder under PruneScope's resources
    const char *copy;     // the copy's folder name under AppDataLocation
    const char *openedOn; // the item the window shows first

    QString shippedPath() const;
    QString copyPath() const;
    // The demo BERT on WordNet glosses (copy "demo-study", as it always was), the demo ViT on
    // Fashion-MNIST test images ("demo-vit-study").
    static const DemoStudy &get(Id id);
    static const std::vector<DemoStudy> &all();
    // The demo whose shipped folder `folder` is, links resolved; null for any other folder.
    static const DemoStudy *shippedAt(const QString &folder);
};

// An item read for the views: a score map, mask or attribution as grids, a sweep, or a
// comparison with the head and neuron maps of the items it compares.
struct LoadedItem
{
    StudyItem item;
    std::shared_ptr<const GridSet> grids;
    SweepResult sweep;
    SigmaScanResult noiseScan;
    MapComparison comparison;
    std::vector<GridSet> comparedGrids; // one per compared item, empty where its file is gone
};

class StudyController : public QObject
{
    Q_OBJECT

public:
    explicit StudyController(QObject *parent = nullptr);
    ~StudyController() override; // cancels the jobs and waits for them

    StudyDocument *document() const { return m_document; }
    JobRunner *jobs() const { return m_jobs; }
    const Study &study() const { return m_document->study(); }
    bool isOpen() const { return m_document->isOpen(); }

    // Each returns false after `problem` said why.
    // A new study in `folder`, its settings those the application gives new studies.
    bool newStudy(const QString &folder, const QString &model, const StudyData &data);
    // The shipped demo study opens as the user's copy; another study inside the installation
    // is refused, as its jobs would write into it. Missing files it refers to are a problem
    // too, but the study opens.
    bool openStudy(const QString &folder);
    // The user's copy of a demo study, made from the shipped one the first time.
    bool openDemoCopy(DemoStudy::Id demo = DemoStudy::Id::Text);
    // Closes the study unsaved, replaces the demo's copy by a fresh one (made beside it, then
    // swapped in) and leaves it closed. Refused while jobs run.
    bool resetDemoCopy(DemoStudy::Id demo = DemoStudy::Id::Text);
    bool canResetDemoCopy(); // false, with a problem, while jobs run
    bool isDemoCopyOpen(DemoStudy::Id demo = DemoStudy::Id::Text) const;
    bool save();
    bool saveAs(const QString &folder); // the window asks before writing beside other files
    // The open study's settings, saved with the study: what its jobs run with.
    void setSettings(const StudySettings &settings) { m_document->setSettings(settings); }
    void setAutosave(bool on) { m_document->setAutosaveInterval(on ? StudyDocument::kAutosaveMs : 0); }
    bool saveEditedMask(const GridSet &mask, const QString &name);

    // Study work, each as a job whose result is added to the study (or handed to the views).
    // With the method's options (those not given at their defaults).
    void runScore(const QString &method, const MethodOptions &options = {});
    void runMask(const QString &scores, const QString &granularity, const QString &scope, double sparsity);
    void runAttribution(const QString &method, const QString &tower);
    // `methodOptions` by method; `heldOut`: the share of the sample evaluated on (sweepStudy).
    void runSweep(const QStringList &methods, const std::vector<double> &sparsities, const QString &granularity,
                  const QString &scope, const std::map<std::string, MethodOptions> &methodOptions = {},
                  double heldOut = kSweepHeldOut);
    // The scan is loaded (itemLoaded) once it is in the study; `heldOut` as for a sweep.
    void runNoiseScan(const SigmaScanOptions &options, double heldOut = kSweepHeldOut);
    // The comparison is loaded (itemLoaded) once it is in the study.
    void runCompare(const QStringList &items);
    // Into `folder`, replaced only with training.replaceExisting (the user agreed).
    void runTraining(const StudyTraining &training, const QString &folder);
    // Into `folder`, replaced only with options.replaceExisting; false for a mask the study lacks.
    bool exportMask(const QString &mask, const QString &folder, const StudyExportOptions &options);
    bool hasMask(const QString &mask); // false, with a problem, for a mask the study lacks
    // Reads `data` as a job; the study takes it only when it reads without error.
    void openData(StudyData data);
    // The dense model (once per study) and the mask, when given, on the study's data.
    void evaluate(std::shared_ptr<const GridSet> mask, const QString &name, int changedByHand);
    void analyseRedundancy(std::shared_ptr<const GridSet> mask, const QString &of);
    void analyseMasks(const QStringList &masks, bool sensitivity);
    // Reads an item for the views as a short job; itemLoaded follows.
    void loadItem(const QString &name);
    // Reads the training log of the study's model (when it has one) as a short job;
    // trainingLogLoaded follows.
    void loadTrainingLog();

    // The export dialog's text for those choices, or why there is none.
    // With `layers`, the export's layers too (empty when there is no export).
    QString exportPreview(const QString &mask, const StudyExportOptions &options,
                          std::vector<StudyExportTower> *layers = nullptr) const;
    QStringList itemNames(StudyItem::Kind kind) const;
    // Where an output named `name` is suggested: in the study's folder, or in the user's
    // documents when the study lies in the installation; a name not taken yet.
    QString suggestedOutput(const QString &name) const;
    // False, with a problem, for an output target inside the installation.
    bool checkWritable(const QString &title, const QString &target);

    // The device jobs run on: the application's device setting, or the CPU when this
    // computer lacks that device, with `note` saying why (else it is left empty).
    static QString jobDevice(QString *note = nullptr);
    // jobDevice(), its note announced (deviceNoteChanged) when it is not the last one.
    QString deviceInUse();
    QString deviceNote() const { return m_deviceNote; }
    // The study as the next job gets it: its own settings, on deviceInUse().
    Study jobStudy();

    // A demo study that ships with PruneScope, never written, and the user's copy of it.
    static QString demoStudyPath(DemoStudy::Id demo = DemoStudy::Id::Text) { return DemoStudy::get(demo).shippedPath(); }
    static QString demoCopyPath(DemoStudy::Id demo = DemoStudy::Id::Text) { return DemoStudy::get(demo).copyPath(); }
    static bool isShippedDemo(const QString &folder) { return DemoStudy::shippedAt(folder) != nullptr; }
    // Whether `path` lies in PruneScope's installation (its resources or its programs'
    // folder), where nothing is written.
    static bool isInInstallation(const QString &path);
    static bool holdsFiles(const QString &folder); // a missing folder holds none

Q_SIGNALS:
    void problem(const QString &title, const QString &message);
    void logged(const QString &line); // for the record of a run without a window
    void deviceNoteChanged(const QString &note); // empty: the chosen device is in use
    void itemLoaded(const prunescope::LoadedItem &loaded);
    void evaluated(const QString &text);
    void dataOpened(const QString &message, qint64 rows);
    void exported(const prunescope::StudyExportResult &result);
    void trainingStarted(const QString &title);
    void trainingStep(const prunescope::StudyTrainingStep &step);
    void pruningRound(const prunescope::StudyPruningRound &round);
    void trained(const prunescope::StudyTrainingResult &result);
    void trainingLogLoaded(const prunescope::StudyTrainingLog &log);
    void redundancyAnalysed(const prunescope::StudyRedundancy &redundancy, const QString &of);
    void masksAnalysed(const prunescope::StudyMaskAnalysis &analysis);

private:
    using StudyWork = std::function<StudyItem(const Study &study, const Progress &progress)>;
    struct Step
    {
        QString title;
        StudyWork work;
    };
    // Runs the steps one after another, each adding its item; `finished` after the last.
    void runSteps(QList<Step> steps, std::function<void()> finished = {});

    StudyDocument *m_document;
    JobRunner *m_jobs;
    QString m_denseSummary; // the dense model's evaluation, until the study changes
    QString m_deviceNote;   // the last note announced
};

} // namespace prunescope
