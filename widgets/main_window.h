// The main window: the study (model panel and its items) on the left, the views in the
// middle, the jobs below. The study and its jobs are the controller's (StudyController):
// the window lays out the views, menus and actions, shows what the jobs hand back and asks
// the user what the controller needs to know.
#pragma once

#include "widgets/study_controller.h"

#include "core/study/study.h"
#include "core/study/study_jobs.h"
#include "core/scoring/unit_grids.h"

#include <QFont>
#include <QMainWindow>

#include <functional>
#include <memory>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;
class QTreeWidget;

namespace prunescope {

class AttributionView;
class ComparisonView;
class CurvesView;
class HeadMapView;
class Job;
class JobRunner;
class GuidedTour;
class JobsPanel;
class MaskProfileView;
class MaskEditor;
class ModelPanel;
class NeuronMapView;
class StudyDocument;
class TrainingView;
class WeightView;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class View { Heads, Neurons, Weights, Attribution, Curves, Compare, Training, Profiles };
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Headless: no one is at the window (prunescope --report, --screenshot). Messages are
    // printed instead of shown, with a line for each job; nothing asks, so nothing is
    // overwritten and no change is saved that was not already.
    void setHeadless(bool headless);
    bool isHeadless() const { return m_headless; }

    // Each returns false after showing (or, when headless, printing) a message naming the problem.
    // A shipped demo study opens as the user's copy of it (demoCopyPath()); another study
    // inside the installation is refused, as its jobs would write into it.
    bool openStudy(const QString &folder);
    bool openCheckpoint(const QString &folder); // the model panel only, without a study
    // The user's copy of a built-in demo study, made the first time and kept with what the
    // user adds to it, opened on its first item (DemoStudy::openedOn, the "taylor" scores);
    // `ready` is emitted once it shows.
    // Text: resources/demo/study, the demo BERT on WordNet glosses with every method's scores,
    // movement and GUM, masks, sweeps, a comparison and an attribution. Image:
    // resources/demo/vit-study, the demo ViT on Fashion-MNIST test images with scores, head
    // and neuron masks and sweeps, Grad-CAM and SmoothGrad patch maps and a comparison.
    bool openDemoStudy(DemoStudy::Id demo = DemoStudy::Id::Text);
    // Asks, then replaces the demo's copy by a fresh one (made beside it, then swapped in) and
    // opens it. Refused while jobs run.
    void resetDemoStudy(DemoStudy::Id demo = DemoStudy::Id::Text);
    // Save As into `folder`; one that holds files is written into only after the user agrees.
    void saveStudyAs(const QString &folder);

    // Study work, each as the controller's job whose result is added to the study.
    void runScore(const QString &method) { m_study->runScore(method); }
    void runMask(const QString &scores, const QString &granularity, const QString &scope, double sparsity)
    {
        m_study->runMask(scores, granularity, scope, sparsity);
    }
    void runAttribution(const QString &method, const QString &tower = QStringLiteral("text"))
    {
        m_study->runAttribution(method, tower);
    }
    void runSweep(const QStringList &methods, const std::vector<double> &sparsities, const QString &granularity,
                  const QString &scope, const std::map<std::string, MethodOptions> &methodOptions = {},
                  double heldOut = kSweepHeldOut)
    {
        m_study->runSweep(methods, sparsities, granularity, scope, methodOptions, heldOut);
    }
    // Smooth-Cut against Taylor as its noise grows (noiseScanStudy), shown in the curves view.
    void runNoiseScan(const SigmaScanOptions &options, double heldOut = kSweepHeldOut)
    {
        m_study->runNoiseScan(options, heldOut);
    }
    // Compares two or more masks and score maps (compareStudy) and shows the comparison.
    void runCompare(const QStringList &items) { m_study->runCompare(items); }
    // Fine-tunes the study's model into `folder` as a job (trainStudy), the loss and the
    // validation metric drawn in the Training view as they come; `trained` follows with
    // the view's summary, and the run's score and mask files join the study.
    // A folder that holds files is replaced only after the user agrees (headless: refused).
    void runTraining(const StudyTraining &training, const QString &folder);
    // Writes the mask's pruned model to `folder` as a job (exportStudy); `exported` follows
    // with the export report. The preview is the export dialog's text for those choices.
    // A folder that holds files is replaced only after the user agrees (headless: refused).
    void exportMask(const QString &mask, const QString &folder, const StudyExportOptions &options);
    QString exportPreview(const QString &mask, const StudyExportOptions &options,
                          std::vector<StudyExportTower> *layers = nullptr) const
    {
        return m_study->exportPreview(mask, options, layers);
    }
    // Reads `data` as a job; when it reads without error the study takes it and
    // `dataOpened` follows, else the study keeps its data and the job shows why.
    void openData(StudyData data) { m_study->openData(std::move(data)); }
    // Evaluates the mask being edited (or the dense model) on the study's data.
    void evaluateMask();
    // The redundancy of the FFN neurons under the mask being edited (or of the dense
    // model), shown in the Neurons view; `redundancyShown` follows with its text.
    void analyseRedundancy();
    // The masks' sparsity by layer and component, and with `sensitivity` the metric dense,
    // masked, shuffled and re-initialised (analyseMasksStudy), in the Profiles view;
    // `masksAnalysed` follows with the view's table.
    void analyseMasks(const QStringList &masks, bool sensitivity) { m_study->analyseMasks(masks, sensitivity); }

    // Loads an item into the views (a short job); `itemShown` follows.
    void showItem(const QString &name) { m_study->loadItem(name); }
    void showView(View view);
    static bool parseView(const QString &name, View *view);
    // The item a view is best shown with: a score file with heads, a sweep, ...
    QString itemForView(View view) const;

    StudyController *controller() const { return m_study; }
    StudyDocument *document() const { return m_study->document(); }
    JobRunner *jobs() const { return m_study->jobs(); }
    MaskEditor *maskEditor() const { return m_editor; }
    ModelPanel *modelPanel() const { return m_modelPanel; }
    QTreeWidget *itemTree() const { return m_items; }
    QTabWidget *viewTabs() const { return m_tabs; }
    HeadMapView *headMap() const { return m_headMap; }
    NeuronMapView *neuronMap() const { return m_neuronMap; }
    WeightView *weightView() const { return m_weightView; }
    AttributionView *attributionView() const { return m_attributionView; }
    CurvesView *curvesView() const { return m_curvesView; }
    ComparisonView *comparisonView() const { return m_comparisonView; }
    TrainingView *trainingView() const { return m_trainingView; }
    MaskProfileView *profileView() const { return m_profileView; }
    QAction *editMaskAction() const { return m_editMask; }
    QStringList towers() const { return m_towers; } // what attribution can choose: "text" and / or "vision"
    QString evaluationText() const;
    // Help → Guided Tour: the tour's box over the window, at its first step (guided_tour.h).
    GuidedTour *startTour();
    // View → Presentation Mode: larger text and thicker lines for a projector.
    QAction *presentationAction() const { return m_presentation; }

    // A demo study that ships with PruneScope, never written, and the user's copy of it.
    static QString demoStudyPath(DemoStudy::Id demo = DemoStudy::Id::Text) { return StudyController::demoStudyPath(demo); }
    static QString demoCopyPath(DemoStudy::Id demo = DemoStudy::Id::Text) { return StudyController::demoCopyPath(demo); }
    // Whether `path` lies in PruneScope's installation (its resources or its programs' folder),
    // where nothing is written.
    static bool isInInstallation(const QString &path) { return StudyController::isInInstallation(path); }
    // Where an output named `name` is suggested: in the study's folder, or in the user's
    // documents when the study lies in the installation; a name not taken yet.
    QString suggestedOutput(const QString &name) const { return m_study->suggestedOutput(name); }
    // The note last shown, empty when the chosen device is in use.
    QString deviceNote() const { return m_study->deviceNote(); }

Q_SIGNALS:
    void itemShown(const QString &name);
    void evaluated(const QString &text);
    void dataOpened(const QString &message);
    void exported(const QString &report);
    void trained(const QString &summary);
    void redundancyShown(const QString &text);
    void masksAnalysed(const QString &table);
    void ready(); // the demo study shows
    // The training log of the study's model was read; `shown`: it is in the Training view
    // (false: the model has none, or a run came to the view first).
    void trainingLogRead(bool shown);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // What the window says of a demo study: its File menu entries and their tooltips, and
    // the reset's question and its outcome (main_window_actions.cpp).
    struct DemoTexts
    {
        QString open, openTip, reset, resetTip, resetTitle, resetQuestion, resetDone;
    };
    static DemoTexts demoTexts(DemoStudy::Id demo);
    void createDocks();
    // The menus and the tool bar (main_window_actions.cpp), one function a menu.
    void createActions();
    void createFileMenu();
    void createEditMenu();
    void createAnalysisMenu();
    void createViewAndHelpMenus();
    void createToolBar();
    // The controller's results and the jobs' ends shown in the views, one function a kind.
    void connectController();
    void connectJobResults();
    void showJobEnd(Job *job);
    void refreshStudy();
    void showLatestItem(View view);
    void showModel(const Study &study);
    void addItemRow(const StudyItem &item);
    void showLoaded(const LoadedItem &loaded);
    void showGrids(const StudyItem &item, std::shared_ptr<const GridSet> grids);
    void showEditedMask();
    void unitClicked(const QString &tensor, int64_t row, int64_t column);
    void updateEditActions();
    void showDeviceNote(const QString &note);
    void chooseAndRunScore();
    void chooseAndRunMask();
    void chooseAndRunAttribution();
    void chooseAndRunSweep();
    void chooseAndRunNoiseScan();
    void chooseAndRunCompare();
    void chooseAndTrain();
    void chooseAndAnalyseMasks();
    void chooseAndExport();
    void newStudy();
    void chooseStudy();
    void chooseSaveAsFolder();
    void chooseCheckpoint();
    void chooseData();
    void saveEditedMask();
    void showSettings();
    void updateRecentMenu();
    bool maybeSave();
    // A message in a window-modal box that does not block (jobs and the event loop go on), or
    // printed when headless.
    void report(const QString &title, const QString &message);
    void inform(const QString &title, const QString &message);
    // Asks a yes/no question without blocking; `yes` runs if the user agrees. Headless: printed
    // with the answer no.
    void ask(const QString &title, const QString &question, std::function<void()> yes);
    // Runs `write(replace)` at once when `target` is free, or after the user agreed to replace
    // it; nothing for a target in the installation.
    void confirmReplace(const QString &title, const QString &target, std::function<void(bool replace)> write);
    void log(const QString &line) const; // headless only

    StudyController *m_study;
    MaskEditor *m_editor;
    ModelPanel *m_modelPanel;
    QTreeWidget *m_items;
    QTabWidget *m_tabs;
    HeadMapView *m_headMap;
    NeuronMapView *m_neuronMap;
    WeightView *m_weightView;
    AttributionView *m_attributionView;
    CurvesView *m_curvesView;
    ComparisonView *m_comparisonView;
    TrainingView *m_trainingView;
    MaskProfileView *m_profileView;
    JobsPanel *m_jobsPanel;
    QLabel *m_evaluation;
    QMenu *m_recentMenu = nullptr;
    QAction *m_presentation = nullptr;
    QFont m_normalFont; // the application's font outside presentation mode
    QAction *m_editMask = nullptr;
    QAction *m_evaluate = nullptr;
    QAction *m_saveMask = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QList<QAction *> m_studyActions;
    QList<QAction *> m_toolActions; // the analysis actions the tool bar shows
    QStringList m_towers;
    QLabel *m_device;
    bool m_headless = false;
};

} // namespace prunescope
