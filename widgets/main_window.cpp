#include "widgets/main_window.h"

#include "widgets/app_settings.h"
#include "widgets/attribution_view.h"
#include "widgets/comparison_view.h"
#include "widgets/curves_view.h"
#include "widgets/job_runner.h"
#include "widgets/jobs_panel.h"
#include "widgets/map_view.h"
#include "widgets/mask_editor.h"
#include "widgets/mask_profile_view.h"
#include "widgets/model_panel.h"
#include "widgets/neuron_map_view.h"
#include "widgets/study_dialogs.h"
#include "widgets/study_document.h"
#include "widgets/training_view.h"
#include "widgets/weight_view.h"

#include "core/models/checkpoint_summary.h"
#include "core/analysis/comparison.h"
#include "core/support/error.h"
#include "core/support/string_util.h"
#include "core/study/study_jobs.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cstdio>
#include <filesystem>
#include <iterator>

namespace prunescope {

namespace {

const StudyItem::Kind kKindOrder[] = {StudyItem::Kind::Scores, StudyItem::Kind::Mask, StudyItem::Kind::Attribution,
                                      StudyItem::Kind::Sweep, StudyItem::Kind::Comparison};

QString kindTitle(StudyItem::Kind kind)
{
    switch (kind) {
    case StudyItem::Kind::Scores: return MainWindow::tr("Scores");
    case StudyItem::Kind::Mask: return MainWindow::tr("Masks");
    case StudyItem::Kind::Attribution: return MainWindow::tr("Attributions");
    case StudyItem::Kind::Sweep: return MainWindow::tr("Sweeps");
    case StudyItem::Kind::Comparison: return MainWindow::tr("Comparisons");
    }
    return {};
}

QString describeEvaluation(const StudyEvaluation &e)
{
    QString text = MainWindow::tr("%1 %2 on %3 examples")
                       .arg(QString::fromStdString(e.primary))
                       .arg(e.metrics.count(e.primary) ? e.metrics.at(e.primary) : 0.0, 0, 'f', 4)
                       .arg(e.examples);
    if (e.sparsity > 0)
        text += MainWindow::tr(", mask sparsity %1").arg(e.sparsity, 0, 'f', 3);
    return text;
}

// A tab widget lays out its current page only: the others keep a new widget's size (100 x 30)
// until they show, and a plot updated or grabbed there draws into an empty buffer. Every page
// gets the current one's geometry.
class PageSizer : public QObject
{
public:
    explicit PageSizer(QStackedWidget *stack)
        : QObject(stack)
        , m_stack(stack)
    {
        stack->installEventFilter(this);
    }

    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Resize)
            for (int i = 0; i < m_stack->count(); ++i)
                if (m_stack->widget(i) != m_stack->currentWidget())
                    m_stack->widget(i)->setGeometry(m_stack->contentsRect());
        return false;
    }

private:
    QStackedWidget *m_stack;
};

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
        rest.prepend(QLatin1Char('/') + info.fileName());
        info = QFileInfo(info.absolutePath());
    }
    return QDir::cleanPath(info.canonicalFilePath() + rest);
}

// Whether `folder` holds anything (a missing folder does not).
bool holdsFiles(const QString &folder)
{
    const auto anything = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System;
    return QFileInfo(folder).isDir() ? !QDir(folder).isEmpty(anything) : QFileInfo::exists(folder);
}

// A fresh copy of the shipped demo study, made beside `folder` and renamed into its place, so
// that the copy is whole or absent; a previous copy is removed only once the new one stands.
void replaceDemoCopy(const QString &folder)
{
    namespace fs = std::filesystem;
    const fs::path target = folder.toStdString(), fresh = target.string() + ".new", old = target.string() + ".old";
    std::error_code error;
    fs::remove_all(fresh, error); // what an interrupted copy left, under our own names
    fs::remove_all(old, error);
    copyStudy(readStudy(MainWindow::demoStudyPath().toStdString()), fresh);
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

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new StudyDocument(this))
    , m_jobs(new JobRunner(this))
    , m_editor(new MaskEditor(this))
    , m_modelPanel(new ModelPanel(this))
    , m_items(new QTreeWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_headMap(new HeadMapView(this))
    , m_neuronMap(new NeuronMapView(this))
    , m_weightView(new WeightView(this))
    , m_attributionView(new AttributionView(this))
    , m_curvesView(new CurvesView(this))
    , m_comparisonView(new ComparisonView(this))
    , m_trainingView(new TrainingView(this))
    , m_profileView(new MaskProfileView(this))
    , m_jobsPanel(new JobsPanel(m_jobs, this))
    , m_evaluation(new QLabel(this))
    , m_device(new QLabel(this))
{
    setWindowTitle(tr("PruneScope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/prunescope.svg")));
    resize(1280, 820);
    m_tabs->addTab(m_headMap, tr("Heads"));
    m_tabs->addTab(m_neuronMap, tr("Neurons"));
    m_tabs->addTab(m_weightView, tr("Weights"));
    m_tabs->addTab(m_attributionView, tr("Attribution"));
    m_tabs->addTab(m_curvesView, tr("Curves"));
    m_tabs->addTab(m_comparisonView, tr("Compare"));
    m_tabs->addTab(m_trainingView, tr("Training"));
    m_tabs->addTab(m_profileView, tr("Profiles"));
    new PageSizer(m_tabs->findChild<QStackedWidget *>());
    m_evaluation->setWordWrap(true);
    m_evaluation->setToolTip(tr("The last evaluation of the dense model and of the mask being edited"));
    auto *centre = new QWidget(this);
    auto *layout = new QVBoxLayout(centre);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_evaluation);
    setCentralWidget(centre);
    createDocks();
    createActions();

    connect(m_document, &StudyDocument::studyChanged, this, &MainWindow::refreshStudy);
    connect(m_document, &StudyDocument::itemAdded, this, &MainWindow::addItemRow);
    connect(m_document, &StudyDocument::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_items, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *row) {
        if (!row->data(0, Qt::UserRole).toString().isEmpty())
            showItem(row->data(0, Qt::UserRole).toString());
    });
    connect(m_items, &QTreeWidget::itemClicked, m_items, &QTreeWidget::itemActivated);
    connect(m_headMap, &MapView::unitClicked, this, &MainWindow::unitClicked);
    connect(m_neuronMap, &MapView::unitClicked, this, &MainWindow::unitClicked);
    connect(m_editor, &MaskEditor::maskChanged, this, [this] {
        if (m_editor->isActive() && m_editMask->isChecked()) {
            m_headMap->setGridSet(m_editor->mask(), true);
            m_neuronMap->setGridSet(m_editor->mask(), true);
        }
        updateEditActions();
    });
    // A failed job says why (the jobs panel too) and the window goes on.
    connect(m_jobs, &JobRunner::jobEnded, this, [this](Job *job) {
        if (job->state() == Job::State::Failed) {
            statusBar()->showMessage(tr("%1: %2").arg(job->title(), job->errorText().section(QLatin1Char('\n'), 0, 0)));
            report(tr("%1 failed").arg(job->title()), job->errorText());
        } else if (job->state() == Job::State::Cancelled) {
            statusBar()->showMessage(tr("%1: cancelled").arg(job->title()));
            log(tr("%1: cancelled").arg(job->title()));
        } else {
            statusBar()->showMessage(tr("%1: done").arg(job->title()));
            log(tr("%1: done in %2").arg(job->title(), JobsPanel::formatDuration(job->elapsedMs())));
        }
    });
    m_device->setStyleSheet(QStringLiteral("color: #b35c00"));
    m_device->hide();
    statusBar()->addPermanentWidget(m_device);
    refreshStudy();
    statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow()
{
    m_jobs->cancelAll();
    m_jobs->waitForAll();
}

QString MainWindow::demoStudyPath()
{
    return QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/demo/study");
}

void MainWindow::setHeadless(bool headless)
{
    m_headless = headless;
    m_document->setAutosaveInterval(headless ? 0 : StudyDocument::kAutosaveMs);
}

QString MainWindow::demoCopyPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo-study");
}

bool MainWindow::isInInstallation(const QString &path)
{
    const QString resolved = resolvedPath(path);
    for (const QString &root : {QStringLiteral(PRUNESCOPE_RESOURCE_DIR), QCoreApplication::applicationDirPath()}) {
        const QString installed = QFileInfo(root).canonicalFilePath();
        if (!installed.isEmpty() && isInside(resolved, installed))
            return true;
    }
    return false;
}

QString MainWindow::suggestedOutput(const QString &name) const
{
    QString base = m_document->folder();
    if (base.isEmpty() || isInInstallation(base))
        base = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/PruneScope");
    QString folder = QDir(base).filePath(name);
    for (int n = 2; QFileInfo::exists(folder); ++n)
        folder = QDir(base).filePath(QStringLiteral("%1-%2").arg(name).arg(n));
    return folder;
}

void MainWindow::createDocks()
{
    m_items->setHeaderLabels({tr("Study items")});
    m_items->setToolTip(tr("The study's scores, masks, attributions and sweeps; click one to show it"));
    auto *study = new QSplitter(Qt::Vertical, this);
    study->addWidget(m_modelPanel);
    study->addWidget(m_items);
    auto *studyDock = new QDockWidget(tr("Study"), this);
    studyDock->setObjectName(QStringLiteral("study"));
    studyDock->setWidget(study);
    addDockWidget(Qt::LeftDockWidgetArea, studyDock);
    auto *jobsDock = new QDockWidget(tr("Jobs"), this);
    jobsDock->setObjectName(QStringLiteral("jobs"));
    jobsDock->setWidget(m_jobsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, jobsDock);
    resizeDocks({studyDock}, {330}, Qt::Horizontal);
    resizeDocks({jobsDock}, {150}, Qt::Vertical);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newStudy = file->addAction(tr("&New Study\u2026"), this, &MainWindow::newStudy);
    newStudy->setShortcut(QKeySequence::New);
    newStudy->setToolTip(tr("Start a study: a folder for a checkpoint, its data and the results"));
    QAction *open = file->addAction(tr("&Open Study\u2026"), this, &MainWindow::chooseStudy);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a study folder (study.json)"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    file->addAction(tr("Open &Demo Study"), this, &MainWindow::openDemoStudy)
        ->setToolTip(tr("Your copy of the built-in demo study, with what you added to it: the demo BERT on WordNet "
                        "glosses with every method's scores, movement and GUM, masks, sweeps and a comparison"));
    file->addAction(tr("Reset Demo Study\u2026"), this, &MainWindow::resetDemoStudy)
        ->setToolTip(tr("Replace your copy of the demo study by a fresh one, deleting what you added to it"));
    QAction *save = file->addAction(tr("&Save"), this, [this] {
        try {
            m_document->save();
        } catch (const std::exception &e) {
            report(tr("Save"), explainError(e));
        }
    });
    save->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction(tr("Save &As\u2026"), this, &MainWindow::chooseSaveAsFolder);
    saveAs->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction *checkpoint = file->addAction(tr("Open &Checkpoint\u2026"), this, &MainWindow::chooseCheckpoint);
    checkpoint->setToolTip(tr("Set the study's checkpoint folder (config.json + model.safetensors)"));
    QAction *data = file->addAction(tr("Open &Data\u2026"), this, &MainWindow::chooseData);
    data->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    data->setToolTip(tr("Choose the study's dataset and its columns; it is read once to check it"));
    file->addSeparator();
    file->addAction(tr("Se&ttings\u2026"), this, &MainWindow::showSettings)->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    m_editMask = edit->addAction(tr("&Edit Mask on the Maps"));
    m_editMask->setCheckable(true);
    m_editMask->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_editMask->setToolTip(tr("Click heads or neurons of the open mask to prune or restore them"));
    connect(m_editMask, &QAction::toggled, this, [this](bool on) {
        if (on && m_editor->isActive()) {
            m_headMap->setGridSet(m_editor->mask(), true);
            m_neuronMap->setGridSet(m_editor->mask(), true);
        }
        updateEditActions();
    });
    m_evaluate = edit->addAction(tr("E&valuate Mask"), this, &MainWindow::evaluateMask);
    m_evaluate->setShortcut(QKeySequence(Qt::Key_F5));
    m_evaluate->setToolTip(tr("Evaluate the model with the mask being edited on the study's data"));
    m_saveMask = edit->addAction(tr("Save Edited &Mask"), this, &MainWindow::saveEditedMask);
    m_saveMask->setToolTip(tr("Add the edited mask to the study as a new item"));

    QMenu *analysis = menuBar()->addMenu(tr("&Analysis"));
    QAction *score = analysis->addAction(tr("&Score\u2026"), this, &MainWindow::chooseAndRunScore);
    score->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    score->setToolTip(tr("Compute importance scores of every head, neuron and weight"));
    QAction *mask = analysis->addAction(tr("Build &Mask\u2026"), this, &MainWindow::chooseAndRunMask);
    mask->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    mask->setToolTip(tr("Prune a fraction of units by their scores"));
    QAction *attribute = analysis->addAction(tr("&Attribution\u2026"), this, &MainWindow::chooseAndRunAttribution);
    attribute->setToolTip(tr("Which tokens or patches drive the output (GradCAM, SmoothGrad)"));
    QAction *sweep = analysis->addAction(tr("S&weep\u2026"), this, &MainWindow::chooseAndRunSweep);
    sweep->setToolTip(tr("Metric against sparsity for several methods"));
    QAction *compare = analysis->addAction(tr("&Compare\u2026"), this, &MainWindow::chooseAndRunCompare);
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    compare->setToolTip(tr("How far masks and score maps agree: matrices, layer curves, maps side by side"));
    QAction *redundancy = analysis->addAction(tr("Neuron &Redundancy"), this, &MainWindow::analyseRedundancy);
    redundancy->setToolTip(tr("How alike the FFN neurons are under the open mask (or in the dense model): uniqueness "
                              "and near-copies per layer, beside the neuron map"));
    QAction *profiles = analysis->addAction(tr("Mask &Profiles\u2026"), this, &MainWindow::chooseAndAnalyseMasks);
    profiles->setToolTip(tr("Where masks prune, by layer and component, and how much their placement and the "
                            "surviving weights matter (shuffled masks, re-initialised weights)"));
    QAction *train = analysis->addAction(tr("&Train\u2026"), this, &MainWindow::chooseAndTrain);
    train->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    train->setToolTip(tr("Fine-tune the model on the study's data, or prune it while training: movement, GUM, "
                         "Instant Soup Pruning, Adapting by Pruning, IMP, N:M patterns"));
    analysis->addSeparator();
    QAction *exportModel = analysis->addAction(tr("&Export Model\u2026"), this, &MainWindow::chooseAndExport);
    exportModel->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportModel->setToolTip(tr("Write a mask's pruned model as a new checkpoint folder that stock transformers loads"));
    m_studyActions = {save,  saveAs,     checkpoint, data,     score, mask,       attribute,
                      sweep, compare,    redundancy, profiles, train, exportModel};

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *tab = view->addAction(m_tabs->tabText(i), this, [this, i] { m_tabs->setCurrentIndex(i); });
        tab->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PruneScope"), this, [this] {
        QMessageBox::about(this, tr("About PruneScope"),
                           tr("<b>PruneScope %1</b><p>Interactive pruning analysis of transformer models: importance "
                              "scores, masks, attribution and sweeps for BERT, GPT-2 and CLIP checkpoints.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("main"));
    tools->addActions({score, mask, attribute, sweep, compare});
    tools->addSeparator();
    tools->addActions({m_editMask, undo, redo, m_evaluate, m_saveMask});
    updateEditActions();
}

void MainWindow::report(const QString &title, const QString &message)
{
    if (m_headless) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(title), qPrintable(message));
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::inform(const QString &title, const QString &message)
{
    if (m_headless) {
        log(message);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Information, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::ask(const QString &title, const QString &question, std::function<void()> yes)
{
    if (m_headless) {
        std::fprintf(stderr, "%s: %s %s\n", qPrintable(title), qPrintable(question),
                     qPrintable(tr("(no one to answer: no)")));
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [yes = std::move(yes)](int answer) {
        if (answer == QMessageBox::Yes)
            yes();
    });
    box->open();
}

bool MainWindow::checkWritable(const QString &title, const QString &target)
{
    if (!isInInstallation(target))
        return true;
    report(title, tr("%1 lies in PruneScope's installation, which is never written: choose a folder of your own, "
                     "such as one in your documents.")
                      .arg(QDir::toNativeSeparators(target)));
    return false;
}

void MainWindow::confirmReplace(const QString &title, const QString &target, std::function<void(bool replace)> write)
{
    if (!checkWritable(title, target))
        return;
    if (!holdsFiles(target)) {
        write(false);
        return;
    }
    if (m_headless) {
        report(title, tr("%1 exists and is not empty: choose a new folder.").arg(QDir::toNativeSeparators(target)));
        return;
    }
    ask(title,
        tr("%1 exists and is not empty. Replace it? The new folder is written beside it and takes its place only "
           "when complete; files there that PruneScope did not write are kept in a folder beside it.")
            .arg(QDir::toNativeSeparators(target)),
        [write] { write(true); });
}

void MainWindow::log(const QString &line) const
{
    if (m_headless) {
        std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    }
}

QString MainWindow::jobDevice(QString *note) const
{
    try {
        return QString::fromStdString(prunescope::deviceInUse(AppSettings::load().device.toStdString()));
    } catch (const std::exception &e) {
        // A setting saved on another machine, or a GPU gone: the work goes on, on the CPU.
        if (note)
            *note = tr("The device setting cannot be used on this machine (%1). Jobs run on the CPU; change the "
                       "device in File \u2192 Settings.")
                        .arg(explainError(e));
        return QStringLiteral("cpu");
    }
}

StudySettings MainWindow::jobSettings()
{
    StudySettings settings = AppSettings::load().toStudySettings(m_document->study().settings.seed);
    QString note;
    settings.device = jobDevice(&note).toStdString();
    showDeviceNote(note);
    return settings;
}

void MainWindow::showDeviceNote(const QString &note)
{
    m_device->setVisible(!note.isEmpty());
    if (note.isEmpty() || note == m_deviceNote) {
        m_deviceNote = note;
        return;
    }
    m_deviceNote = note;
    m_device->setText(tr("Computing on the CPU"));
    m_device->setToolTip(note);
    statusBar()->showMessage(note);
    m_jobsPanel->addNote(tr("Device"), note);
    if (m_headless)
        std::fprintf(stderr, "%s\n", qPrintable(note));
}

bool MainWindow::openStudy(const QString &folder)
{
    // Jobs write into the open study: the shipped demo opens as the user's copy.
    if (resolvedPath(folder) == resolvedPath(demoStudyPath()))
        return openDemoStudy();
    if (isInInstallation(folder)) {
        report(tr("Open Study"), tr("%1 lies in PruneScope's installation, which is never written: copy the folder to "
                                    "one of your own and open the copy.")
                                     .arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    try {
        m_document->open(folder);
    } catch (const std::exception &e) {
        report(tr("Open Study"), tr("Cannot open the study:\n%1").arg(explainError(e)));
        return false;
    }
    const QStringList missing = m_document->missingReferences();
    if (!missing.isEmpty())
        report(tr("Open Study"), tr("The study refers to files that are not there:\n\n%1\n\nUse File \u2192 Open "
                                    "Checkpoint to point it at the model's new place.")
                                     .arg(missing.join(QLatin1Char('\n'))));
    return true;
}

bool MainWindow::openCheckpoint(const QString &folder)
{
    try {
        const auto summary = summarizeCheckpoint(folder.toStdString());
        QString note;
        m_modelPanel->showSummary(summary, jobDevice(&note));
        showDeviceNote(note);
        if (m_document->isOpen())
            m_document->setModel(folder);
        statusBar()->showMessage(tr("Opened %1").arg(folder));
        return true;
    } catch (const std::exception &e) {
        m_modelPanel->clear();
        const QString message = tr("Cannot open the checkpoint:\n%1").arg(explainError(e));
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 1));
        report(tr("Open Checkpoint"), message);
        return false;
    }
}

bool MainWindow::openDemoStudy()
{
    if (!maybeSave())
        return false;
    const QString folder = demoCopyPath();
    // Made once; what the user adds to it stays, until Reset Demo Study.
    if (!QFileInfo::exists(folder)) {
        try {
            replaceDemoCopy(folder);
        } catch (const std::exception &e) {
            report(tr("Demo Study"), explainError(e));
            return false;
        }
    }
    log(tr("Demo study: %1").arg(QDir::toNativeSeparators(folder)));
    if (!openStudy(folder))
        return false;
    connect(this, &MainWindow::itemShown, this, &MainWindow::ready, Qt::SingleShotConnection);
    showItem(QStringLiteral("taylor"));
    return true;
}

void MainWindow::resetDemoStudy()
{
    if (m_jobs->runningCount() > 0) {
        report(tr("Reset Demo Study"), tr("Jobs are running: wait for them or cancel them first."));
        return;
    }
    ask(tr("Reset Demo Study"),
        tr("Replace your copy of the demo study (%1) by a fresh one? What you added to it, such as scores, masks, "
           "exports and trained models inside it, is deleted.")
            .arg(QDir::toNativeSeparators(demoCopyPath())),
        [this] {
            if (m_jobs->runningCount() > 0) { // started while the question showed
                report(tr("Reset Demo Study"), tr("Jobs are running: wait for them or cancel them first."));
                return;
            }
            const QString folder = demoCopyPath();
            // The demo copy's own changes go with it; another study's are saved if the user wants.
            const bool demoOpen = m_document->isOpen() && resolvedPath(m_document->folder()) == resolvedPath(folder);
            if (!demoOpen && !maybeSave())
                return;
            m_document->close();
            try {
                replaceDemoCopy(folder);
            } catch (const std::exception &e) {
                report(tr("Reset Demo Study"), explainError(e));
                return;
            }
            statusBar()->showMessage(tr("The demo study is as it shipped"));
            openDemoStudy();
        });
}

void MainWindow::runSteps(QList<Step> steps, std::function<void()> finished)
{
    if (steps.isEmpty()) {
        if (finished)
            finished();
        return;
    }
    const Step step = steps.takeFirst();
    m_document->setSettings(jobSettings());
    auto result = std::make_shared<StudyItem>();
    Job *job = m_jobs->start(step.title, [study = m_document->study(), work = step.work, result](const Progress &progress) {
        *result = work(study, progress);
    });
    // The next step starts only after this one's item is in the study.
    connect(job, &Job::finished, this, [this, job, result, steps, finished]() {
        if (job->state() != Job::State::Finished)
            return;
        m_document->addItem(*result);
        runSteps(steps, finished);
    });
}

void MainWindow::runScore(const QString &method)
{
    const std::string name = method.toStdString();
    runSteps({{tr("Scoring: %1").arg(method), [name](const Study &s, const Progress &p) { return scoreStudy(s, name, p); }}});
}

void MainWindow::runMask(const QString &scores, const QString &granularity, const QString &scope, double sparsity)
{
    runSteps({{tr("Mask: %1 %2").arg(scores, granularity),
               [scores = scores.toStdString(), g = granularity.toStdString(), sc = scope.toStdString(),
                sparsity](const Study &s, const Progress &) {
                   const StudyItem *item = s.find(scores);
                   if (!item)
                       throw Error("the study has no scores named '" + scores + "'");
                   return maskStudy(s, *item, g, sc, sparsity);
               }}});
}

void MainWindow::runAttribution(const QString &method, const QString &tower)
{
    runSteps({{tr("Attribution: %1 (%2)").arg(method, tower),
               [m = method.toStdString(), t = tower.toStdString()](const Study &s, const Progress &p) {
                   return attributeStudy(s, m, t, p);
               }}});
}

void MainWindow::openData(StudyData data)
{
    if (!m_document->isOpen())
        return;
    data.path = QFileInfo(QString::fromStdString(data.path)).absoluteFilePath().toStdString();
    m_document->setSettings(jobSettings());
    Study candidate = m_document->study();
    candidate.data = data;
    auto check = std::make_shared<StudyDataCheck>();
    Job *job = m_jobs->start(tr("Reading %1").arg(QFileInfo(QString::fromStdString(data.path)).fileName()),
                             [candidate, check](const Progress &) { *check = checkStudyData(candidate); });
    // The study takes the data only once it has been read without error.
    connect(job, &Job::finished, this, [this, job, data, check] {
        if (job->state() != Job::State::Finished)
            return;
        m_document->setData(data);
        const Study &study = m_document->study();
        m_modelPanel->showData(study, check->rows);
        QString message = tr("%n example(s) read from %1", nullptr, int(check->rows))
                              .arg(QString::fromStdString(study.dataPath().filename().string()));
        if (!check->warnings.empty())
            message += tr("; %n row(s) skipped, the first: %1", nullptr, int(check->warnings.size()))
                           .arg(QString::fromStdString(check->warnings.front()));
        statusBar()->showMessage(message);
        Q_EMIT dataOpened(message);
    });
}

void MainWindow::exportMask(const QString &mask, const QString &folder, const StudyExportOptions &options)
{
    const Study &study = m_document->study();
    const StudyItem *item = study.find(mask.toStdString());
    if (!item || item->kind != StudyItem::Kind::Mask) {
        report(tr("Export Model"), tr("The study has no mask named %1.").arg(mask));
        return;
    }
    confirmReplace(tr("Export Model"), folder, [this, mask, folder, options](bool replace) {
        startExport(mask, folder, options, replace);
    });
}

void MainWindow::startExport(const QString &mask, const QString &folder, StudyExportOptions options, bool replace)
{
    const StudyItem *item = m_document->study().find(mask.toStdString());
    if (!item)
        return;
    options.replaceExisting = replace;
    m_document->setSettings(jobSettings());
    auto result = std::make_shared<StudyExportResult>();
    Job *job = m_jobs->start(tr("Exporting %1").arg(mask),
                             [study = m_document->study(), item = *item, out = folder.toStdString(), options,
                              result](const Progress &progress) { *result = exportStudy(study, item, out, options, progress); });
    connect(job, &Job::finished, this, [this, job, result] {
        if (job->state() != Job::State::Finished)
            return;
        const QString text = QString::fromStdString(result->report);
        statusBar()->showMessage(tr("Exported to %1: %2x faster on this device")
                                     .arg(QString::fromStdString(result->folder))
                                     .arg(result->exportMs > 0 ? result->denseMs / result->exportMs : 0.0, 0, 'f', 2));
        inform(tr("Export Model"), text);
        Q_EMIT exported(text);
    });
}

QString MainWindow::exportPreview(const QString &mask, const StudyExportOptions &options) const
{
    const StudyItem *item = m_document->study().find(mask.toStdString());
    if (!item)
        return {};
    try {
        const StudyExportPreview p = previewStudyExport(m_document->study(), *item, options);
        const auto count = [](auto n) { return QString::fromStdString(formatCount(int64_t(n))); };
        QString text = tr("Parameters %1 \u2192 %2, weights %3B \u2192 %4B")
                           .arg(count(p.parametersBefore), count(p.parametersAfter), count(p.bytesBefore),
                                count(p.bytesAfter));
        for (const auto &line : p.towers)
            text += QLatin1Char('\n') + QString::fromStdString(line);
        for (const auto &note : p.notes)
            text += QLatin1Char('\n') + tr("Note: %1").arg(QString::fromStdString(note));
        return text;
    } catch (const std::exception &e) {
        return explainError(e);
    }
}

void MainWindow::runSweep(const QStringList &methods, const std::vector<double> &sparsities, const QString &granularity,
                          const QString &scope)
{
    std::vector<std::string> names;
    for (const QString &m : methods)
        names.push_back(m.toStdString());
    runSteps({{tr("Sweep: %1").arg(granularity),
               [names, sparsities, g = granularity.toStdString(), sc = scope.toStdString()](const Study &s, const Progress &p) {
                   return sweepStudy(s, names, sparsities, g, sc, p);
               }}});
}

void MainWindow::runCompare(const QStringList &items)
{
    std::vector<std::string> names;
    for (const QString &item : items)
        names.push_back(item.toStdString());
    runSteps({{tr("Comparing %n item(s)", nullptr, int(items.size())),
               [names](const Study &s, const Progress &p) { return compareStudy(s, names, p); }}},
             [this] { showItem(QString::fromStdString(m_document->study().items.back().name)); });
}

void MainWindow::runTraining(const StudyTraining &training, const QString &folder)
{
    if (!m_document->isOpen())
        return;
    confirmReplace(tr("Train"), folder, [this, training, folder](bool replace) {
        StudyTraining run = training;
        run.replaceExisting = replace;
        startTraining(run, folder);
    });
}

void MainWindow::startTraining(const StudyTraining &training, const QString &folder)
{
    m_document->setSettings(jobSettings());
    const std::string learned = !training.prune.empty()   ? training.prune
                                : !training.pattern.empty() ? training.pattern + " " + training.nm
                                                            : training.movement;
    const QString method = learned.empty() ? tr("fine-tuning") : QString::fromStdString(learned);
    m_trainingView->start(tr("Training (%1) into %2").arg(method, folder));
    showView(View::Training);
    auto result = std::make_shared<StudyTrainingResult>();
    TrainingView *view = m_trainingView; // outlives the job: the window waits for its jobs
    m_jobs->start(
        tr("Training (%1)").arg(method),
        [study = m_document->study(), training, out = folder.toStdString(), result, view](const Progress &progress) {
            *result = trainStudy(
                study, training, out,
                [&](const StudyTrainingStep &step) {
                    QMetaObject::invokeMethod(view, [view, step] { view->addStep(step); }, Qt::QueuedConnection);
                    char message[64];
                    std::snprintf(message, sizeof message, "loss %.4f", step.loss);
                    return progress(step.step, step.total, message);
                },
                [view](const StudyPruningRound &round) {
                    QMetaObject::invokeMethod(view, [view, round] { view->addRound(round); }, Qt::QueuedConnection);
                });
        },
        [this, result] {
            for (const auto &item : result->items)
                m_document->addItem(item);
            m_trainingView->finish(*result);
            statusBar()->showMessage(m_trainingView->summary());
            Q_EMIT trained(m_trainingView->summary());
        });
}

void MainWindow::analyseRedundancy()
{
    if (!m_document->isOpen())
        return;
    m_document->setSettings(jobSettings());
    const auto mask = m_editor->isActive() ? std::make_shared<GridSet>(*m_editor->mask()) : nullptr;
    const QString of = mask ? m_editor->name() : tr("the dense model");
    auto result = std::make_shared<StudyRedundancy>();
    m_jobs->start(
        tr("Neuron redundancy of %1").arg(of),
        [study = m_document->study(), mask, result](const Progress &progress) {
            *result = redundancyStudy(study, mask.get(), progress);
        },
        [this, result, of] {
            m_neuronMap->setRedundancy(*result, of);
            showView(View::Neurons);
            Q_EMIT redundancyShown(m_neuronMap->redundancyText());
        });
}

void MainWindow::evaluateMask()
{
    if (!m_document->isOpen())
        return;
    m_document->setSettings(jobSettings());
    // The job gets copies: the mask may be edited while it runs.
    const auto mask = m_editor->isActive() ? std::make_shared<GridSet>(*m_editor->mask()) : nullptr;
    const int changed = m_editor->changedCount();
    const QString name = m_editor->name();
    auto dense = std::make_shared<StudyEvaluation>(), masked = std::make_shared<StudyEvaluation>();
    const bool needDense = m_denseSummary.isEmpty();
    m_jobs->start(
        mask ? tr("Evaluating %1").arg(name) : tr("Evaluating the dense model"),
        [study = m_document->study(), mask, dense, masked, needDense](const Progress &progress) {
            if (needDense)
                *dense = evaluateStudy(study, nullptr, progress);
            if (mask)
                *masked = evaluateStudy(study, mask.get(), progress);
        },
        [this, dense, masked, mask, needDense, changed, name] {
            if (needDense)
                m_denseSummary = describeEvaluation(*dense);
            QString text = tr("Dense model: %1").arg(m_denseSummary);
            if (mask)
                text += tr("\nWith %1 (%n unit(s) changed by hand): %2", nullptr, changed).arg(name, describeEvaluation(*masked));
            m_evaluation->setText(text);
            Q_EMIT evaluated(text);
        });
}

QString MainWindow::evaluationText() const
{
    return m_evaluation->text();
}

void MainWindow::showItem(const QString &name)
{
    const StudyItem *found = m_document->study().find(name.toStdString());
    if (!found)
        return;
    const StudyItem item = *found;
    const auto path = m_document->study().itemPath(item);
    auto grids = std::make_shared<GridSet>();
    auto sweep = std::make_shared<SweepResult>();
    auto comparison = std::make_shared<MapComparison>();
    auto unitGrids = std::make_shared<std::vector<GridSet>>();
    m_jobs->start(
        tr("Loading %1").arg(name),
        [item, path, grids, sweep, comparison, unitGrids, study = m_document->study()](const Progress &) {
            namespace fs = std::filesystem;
            if (item.kind == StudyItem::Kind::Sweep) {
                *sweep = readSweep(path);
            } else if (item.kind == StudyItem::Kind::Comparison) {
                *comparison = readComparison(path);
                // The compared items' head and neuron maps, for the pairs drawn side by side.
                for (const auto &compared : comparison->names) {
                    const StudyItem *source = study.find(compared);
                    unitGrids->push_back(source && fs::exists(study.itemPath(*source))
                                             ? readGrids(study.itemPath(*source),
                                                         [](const std::string &tensor) {
                                                             return endsWith(tensor, "heads") || endsWith(tensor, "neurons");
                                                         })
                                             : GridSet());
                }
            } else {
                *grids = readGrids(path);
            }
        },
        [this, item, grids, sweep, comparison, unitGrids] {
            if (item.kind == StudyItem::Kind::Sweep) {
                m_curvesView->setSweep(*sweep);
                showView(View::Curves);
            } else if (item.kind == StudyItem::Kind::Comparison) {
                m_comparisonView->setComparison(*comparison, std::move(*unitGrids));
                showView(View::Compare);
            } else {
                showLoaded(item, grids);
            }
            Q_EMIT itemShown(QString::fromStdString(item.name));
        });
}

void MainWindow::showLoaded(const StudyItem &item, std::shared_ptr<const GridSet> grids)
{
    if (item.kind == StudyItem::Kind::Attribution) {
        m_attributionView->setAttribution(grids);
        showView(View::Attribution);
        return;
    }
    const bool mask = item.kind == StudyItem::Kind::Mask;
    if (mask)
        m_editor->setMask(*grids, QString::fromStdString(item.name));
    m_headMap->setGridSet(mask && m_editMask->isChecked() ? m_editor->mask() : grids, mask);
    m_neuronMap->setGridSet(mask && m_editMask->isChecked() ? m_editor->mask() : grids, mask);
    m_weightView->setGridSet(grids, mask);
    updateEditActions();
    if (m_tabs->currentIndex() > int(View::Weights))
        showView(View::Heads);
}

void MainWindow::showView(View view)
{
    m_tabs->setCurrentIndex(int(view));
}

bool MainWindow::parseView(const QString &name, View *view)
{
    static const char *const names[] = {"heads", "neurons", "weights", "attribution", "curves", "compare"};
    for (int i = 0; i < int(std::size(names)); ++i)
        if (name == QLatin1String(names[i])) {
            *view = View(i);
            return true;
        }
    return false;
}

QString MainWindow::itemForView(View view) const
{
    const auto wanted = view == View::Attribution ? StudyItem::Kind::Attribution
                        : view == View::Curves    ? StudyItem::Kind::Sweep
                        : view == View::Compare   ? StudyItem::Kind::Comparison
                                                  : StudyItem::Kind::Scores;
    for (const auto &item : m_document->study().items)
        if (item.kind == wanted)
            return QString::fromStdString(item.name);
    return {};
}

void MainWindow::unitClicked(const QString &tensor, int64_t row, int64_t column)
{
    if (m_editMask->isChecked() && m_editor->isActive())
        m_editor->toggle(tensor, row, column);
}

void MainWindow::updateEditActions()
{
    const bool open = m_document->isOpen();
    for (QAction *action : std::as_const(m_studyActions))
        action->setEnabled(open);
    m_editMask->setEnabled(m_editor->isActive());
    m_evaluate->setEnabled(open);
    m_saveMask->setEnabled(m_editor->isActive() && m_editor->changedCount() > 0);
}

void MainWindow::refreshStudy()
{
    m_items->clear();
    m_editor->clear();
    m_headMap->clear();
    m_neuronMap->clear();
    m_weightView->clear();
    m_attributionView->clear();
    m_curvesView->clear();
    m_comparisonView->clear();
    m_trainingView->clear();
    m_evaluation->clear();
    m_denseSummary.clear();
    m_towers.clear();
    if (!m_document->isOpen()) {
        setWindowTitle(tr("PruneScope"));
        updateEditActions();
        return;
    }
    setWindowTitle(tr("%1[*] \u2014 PruneScope").arg(QDir(m_document->folder()).dirName()));
    const Study &study = m_document->study();
    try {
        const auto summary = summarizeCheckpoint(study.modelPath());
        QString note;
        m_modelPanel->showSummary(summary, jobDevice(&note));
        showDeviceNote(note);
        std::set<std::string> inputMajor;
        for (const auto &tower : summary.structure.towers)
            for (const auto &layer : tower.layers)
                for (const auto &matrix : layer.matrices)
                    if (matrix.inputMajor)
                        inputMajor.insert(matrix.weight);
        m_weightView->setInputMajor(inputMajor);
        // A single tower reads tokens: attribution calls it "text" whatever the model names it.
        for (const auto &tower : summary.structure.towers)
            m_towers.append(summary.structure.towers.size() > 1 ? QString::fromStdString(tower.name) : QStringLiteral("text"));
        m_modelPanel->showData(study);
    } catch (const std::exception &) {
        m_modelPanel->clear(); // missingReferences() has said why
    }
    for (const auto kind : kKindOrder) {
        auto *group = new QTreeWidgetItem(m_items, {kindTitle(kind)});
        group->setData(0, Qt::UserRole + 1, int(kind));
        group->setFlags(Qt::ItemIsEnabled);
    }
    for (const auto &item : study.items)
        addItemRow(item);
    m_items->expandAll();
    updateEditActions();
}

void MainWindow::addItemRow(const StudyItem &item)
{
    for (int i = 0; i < m_items->topLevelItemCount(); ++i) {
        QTreeWidgetItem *group = m_items->topLevelItem(i);
        if (group->data(0, Qt::UserRole + 1).toInt() != int(item.kind))
            continue;
        auto *row = new QTreeWidgetItem(group, {QString::fromStdString(item.name)});
        row->setData(0, Qt::UserRole, QString::fromStdString(item.name));
        QStringList tip;
        for (const auto &[key, value] : item.options)
            tip.append(QStringLiteral("%1: %2").arg(QString::fromStdString(key), QString::fromStdString(value)));
        row->setToolTip(0, tip.join(QLatin1Char('\n')));
        group->setExpanded(true);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_jobs->runningCount() > 0) {
        if (!m_headless && QMessageBox::question(this, tr("Quit"),
                                                tr("%n job(s) still running. Cancel them and quit?", nullptr,
                                                   m_jobs->runningCount())) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_jobs->cancelAll();
        m_jobs->waitForAll();
    }
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    event->accept();
}

bool MainWindow::maybeSave()
{
    // Headless, no one made the changes: the jobs' items are written already, the rest is left.
    if (!m_document->isModified() || m_headless)
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved Changes"), tr("Save the changes to the study?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        m_document->save();
    return answer != QMessageBox::Cancel;
}

} // namespace prunescope
