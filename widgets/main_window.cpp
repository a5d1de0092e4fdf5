#include "widgets/main_window.h"

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
#include "widgets/study_controller.h"
#include "widgets/study_document.h"
#include "widgets/training_view.h"
#include "widgets/weight_view.h"

#include "core/models/checkpoint_summary.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cstdio>
#include <iterator>
#include <set>

namespace prunescope {

namespace {

const StudyItem::Kind kKindOrder[] = {StudyItem::Kind::Scores,     StudyItem::Kind::Mask,
                                      StudyItem::Kind::Attribution, StudyItem::Kind::Sweep,
                                      StudyItem::Kind::NoiseScan,   StudyItem::Kind::Comparison};

QString kindTitle(StudyItem::Kind kind)
{
    switch (kind) {
    case StudyItem::Kind::Scores: return MainWindow::tr("Scores");
    case StudyItem::Kind::Mask: return MainWindow::tr("Masks");
    case StudyItem::Kind::Attribution: return MainWindow::tr("Attributions");
    case StudyItem::Kind::Sweep: return MainWindow::tr("Sweeps");
    case StudyItem::Kind::Comparison: return MainWindow::tr("Comparisons");
    case StudyItem::Kind::NoiseScan: return MainWindow::tr("Noise Scans");
    }
    return {};
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

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_study(new StudyController(this))
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
    , m_jobsPanel(new JobsPanel(m_study->jobs(), this))
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
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) { showLatestItem(View(index)); });
    m_evaluation->setWordWrap(true);
    m_evaluation->setToolTip(tr("The last evaluation of the dense model and of the mask being edited"));
    auto *centre = new QWidget(this);
    auto *layout = new QVBoxLayout(centre);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_evaluation);
    setCentralWidget(centre);
    createDocks();
    createActions();
    connectController();
    connectJobResults();

    connect(m_items, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *row) {
        if (!row->data(0, Qt::UserRole).toString().isEmpty())
            showItem(row->data(0, Qt::UserRole).toString());
    });
    connect(m_items, &QTreeWidget::itemClicked, m_items, &QTreeWidget::itemActivated);
    connect(m_headMap, &MapView::unitClicked, this, &MainWindow::unitClicked);
    connect(m_neuronMap, &MapView::unitClicked, this, &MainWindow::unitClicked);
    connect(m_editor, &MaskEditor::maskChanged, this, &MainWindow::showEditedMask);
    m_device->setStyleSheet(QStringLiteral("color: #b35c00"));
    m_device->hide();
    statusBar()->addPermanentWidget(m_device);
    refreshStudy();
    statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow()
{
    m_study->jobs()->cancelAll();
    m_study->jobs()->waitForAll();
}

void MainWindow::setHeadless(bool headless)
{
    m_headless = headless;
    m_study->setAutosave(!headless);
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

void MainWindow::connectController()
{
    StudyDocument *document = m_study->document();
    connect(document, &StudyDocument::studyChanged, this, &MainWindow::refreshStudy);
    connect(document, &StudyDocument::itemAdded, this, &MainWindow::addItemRow);
    connect(document, &StudyDocument::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_study, &StudyController::problem, this, &MainWindow::report);
    connect(m_study, &StudyController::logged, this, &MainWindow::log);
    connect(m_study, &StudyController::deviceNoteChanged, this, &MainWindow::showDeviceNote);
    connect(m_study, &StudyController::itemLoaded, this, &MainWindow::showLoaded);
    connect(m_study->jobs(), &JobRunner::jobEnded, this, &MainWindow::showJobEnd);
}

void MainWindow::connectJobResults()
{
    connect(m_study, &StudyController::evaluated, this, [this](const QString &text) {
        m_evaluation->setText(text);
        Q_EMIT evaluated(text);
    });
    connect(m_study, &StudyController::dataOpened, this, [this](const QString &message, qint64 rows) {
        m_modelPanel->showData(m_study->study(), rows);
        statusBar()->showMessage(message);
        Q_EMIT dataOpened(message);
    });
    connect(m_study, &StudyController::exported, this, [this](const StudyExportResult &result) {
        const QString text = QString::fromStdString(result.report);
        if (result.exportMs > 0)
            statusBar()->showMessage(tr("Exported to %1: %2x faster on this device")
                                         .arg(QString::fromStdString(result.folder))
                                         .arg(result.denseMs / result.exportMs, 0, 'f', 2));
        else
            statusBar()->showMessage(tr("Exported to %1").arg(QString::fromStdString(result.folder)));
        inform(tr("Export Model"), text);
        Q_EMIT exported(text);
    });
    connect(m_study, &StudyController::trainingStarted, this, [this](const QString &title) {
        m_trainingView->start(title);
        showView(View::Training);
    });
    connect(m_study, &StudyController::trainingStep, m_trainingView, &TrainingView::addStep);
    // A log read while nothing else came to the view: a training run since keeps the view.
    connect(m_study, &StudyController::trainingLogLoaded, this, [this](const StudyTrainingLog &log) {
        const bool show = m_trainingView->steps().empty() && !log.steps.empty();
        if (show)
            m_trainingView->showLog(log);
        Q_EMIT trainingLogRead(show);
    });
    connect(m_study, &StudyController::pruningRound, m_trainingView, &TrainingView::addRound);
    connect(m_study, &StudyController::trained, this, [this](const StudyTrainingResult &result) {
        m_trainingView->finish(result);
        statusBar()->showMessage(m_trainingView->summary());
        Q_EMIT trained(m_trainingView->summary());
    });
    connect(m_study, &StudyController::redundancyAnalysed, this, [this](const StudyRedundancy &r, const QString &of) {
        m_neuronMap->setRedundancy(r, of);
        showView(View::Neurons);
        Q_EMIT redundancyShown(m_neuronMap->redundancyText());
    });
    connect(m_study, &StudyController::masksAnalysed, this, [this](const StudyMaskAnalysis &analysis) {
        m_profileView->setAnalysis(analysis);
        showView(View::Profiles);
        Q_EMIT masksAnalysed(m_profileView->sensitivityText());
    });
}

// A failed job says why (the jobs panel too) and the window goes on.
void MainWindow::showJobEnd(Job *job)
{
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
}

// Shown once for each new note, however many jobs meet it.
void MainWindow::showDeviceNote(const QString &note)
{
    m_device->setVisible(!note.isEmpty());
    if (note.isEmpty())
        return;
    m_device->setText(tr("Computing on the CPU"));
    m_device->setToolTip(note);
    statusBar()->showMessage(note);
    m_jobsPanel->addNote(tr("Device"), note);
    if (m_headless)
        std::fprintf(stderr, "%s\n", qPrintable(note));
}

bool MainWindow::openStudy(const QString &folder)
{
    // A shipped demo opens as the user's copy, on its first item.
    if (const DemoStudy *demo = DemoStudy::shippedAt(folder))
        return openDemoStudy(demo->id);
    return m_study->openStudy(folder);
}

bool MainWindow::openCheckpoint(const QString &folder)
{
    try {
        const auto summary = summarizeCheckpoint(folder.toStdString());
        m_modelPanel->showSummary(summary, m_study->deviceInUse());
        m_headMap->setStructure(summary.structure);
        if (m_study->isOpen())
            m_study->document()->setModel(folder);
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

bool MainWindow::openDemoStudy(DemoStudy::Id demo)
{
    if (!maybeSave() || !m_study->openDemoCopy(demo))
        return false;
    connect(this, &MainWindow::itemShown, this, &MainWindow::ready, Qt::SingleShotConnection);
    showItem(QString::fromLatin1(DemoStudy::get(demo).openedOn));
    return true;
}

void MainWindow::resetDemoStudy(DemoStudy::Id demo)
{
    if (!m_study->canResetDemoCopy())
        return;
    const DemoTexts texts = demoTexts(demo);
    ask(texts.resetTitle, texts.resetQuestion.arg(QDir::toNativeSeparators(demoCopyPath(demo))),
        [this, demo, done = texts.resetDone] {
            // Jobs may have started while the question showed. The demo copy's own changes go
            // with it; another study's are saved if the user wants.
            if (!m_study->canResetDemoCopy() || (!m_study->isDemoCopyOpen(demo) && !maybeSave()) ||
                !m_study->resetDemoCopy(demo))
                return;
            statusBar()->showMessage(done);
            openDemoStudy(demo);
        });
}

void MainWindow::runTraining(const StudyTraining &training, const QString &folder)
{
    if (!m_study->isOpen())
        return;
    confirmReplace(tr("Train"), folder, [this, training, folder](bool replace) {
        StudyTraining run = training;
        run.replaceExisting = replace;
        m_study->runTraining(run, folder);
    });
}

void MainWindow::exportMask(const QString &mask, const QString &folder, const StudyExportOptions &options)
{
    if (!m_study->hasMask(mask))
        return;
    confirmReplace(tr("Export Model"), folder, [this, mask, folder, options](bool replace) {
        StudyExportOptions run = options;
        run.replaceExisting = replace;
        m_study->exportMask(mask, folder, run);
    });
}

// The jobs get copies of the mask being edited: it may change while they run.
void MainWindow::evaluateMask()
{
    const auto mask = m_editor->isActive() ? std::make_shared<const GridSet>(*m_editor->mask()) : nullptr;
    m_study->evaluate(mask, m_editor->name(), m_editor->changedCount());
}

void MainWindow::analyseRedundancy()
{
    const auto mask = m_editor->isActive() ? std::make_shared<const GridSet>(*m_editor->mask()) : nullptr;
    m_study->analyseRedundancy(mask, mask ? m_editor->name() : tr("the dense model"));
}

QString MainWindow::evaluationText() const
{
    return m_evaluation->text();
}

void MainWindow::showLoaded(const LoadedItem &loaded)
{
    if (loaded.item.kind == StudyItem::Kind::Sweep) {
        m_curvesView->setSweep(loaded.sweep, QString::fromStdString(loaded.item.name));
        showView(View::Curves);
    } else if (loaded.item.kind == StudyItem::Kind::NoiseScan) {
        m_curvesView->setNoiseScan(loaded.noiseScan, QString::fromStdString(loaded.item.name));
        showView(View::Curves);
    } else if (loaded.item.kind == StudyItem::Kind::Comparison) {
        m_comparisonView->setComparison(loaded.comparison, loaded.comparedGrids);
        showView(View::Compare);
    } else {
        showGrids(loaded.item, loaded.grids);
    }
    Q_EMIT itemShown(QString::fromStdString(loaded.item.name));
}

void MainWindow::showGrids(const StudyItem &item, std::shared_ptr<const GridSet> grids)
{
    if (item.kind == StudyItem::Kind::Attribution) {
        m_attributionView->setAttribution(grids);
        showView(View::Attribution);
        return;
    }
    const bool mask = item.kind == StudyItem::Kind::Mask;
    if (mask)
        m_editor->setMask(*grids, QString::fromStdString(item.name));
    const QString name = QString::fromStdString(item.name);
    m_headMap->setGridSet(mask && m_editMask->isChecked() ? m_editor->mask() : grids, mask, name);
    m_neuronMap->setGridSet(mask && m_editMask->isChecked() ? m_editor->mask() : grids, mask, name);
    m_weightView->setGridSet(grids, mask, name);
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
    const QStringList names = m_study->itemNames(wanted);
    if (names.isEmpty())
        return {};
    return wanted == StudyItem::Kind::Scores ? names.first() : names.last(); // the maps: the first scores; else the latest
}

// A view of one kind of item that shows nothing yet opens on the study's most recent item
// of that kind (Curves asked for a sweep while the study held three).
void MainWindow::showLatestItem(View view)
{
    if (!m_study->isOpen())
        return;
    if (view == View::Training) {
        if (m_trainingView->steps().empty())
            m_study->loadTrainingLog();
        return;
    }
    const bool empty = view == View::Attribution ? m_attributionView->exampleCount() == 0
                       : view == View::Curves    ? m_curvesView->sweep().dense.empty()
                       : view == View::Compare   ? m_comparisonView->comparison().names.empty()
                                                 : false;
    if (const QString item = empty ? itemForView(view) : QString(); !item.isEmpty())
        showItem(item);
}

void MainWindow::unitClicked(const QString &tensor, int64_t row, int64_t column)
{
    if (m_editMask->isChecked() && m_editor->isActive())
        m_editor->toggle(tensor, row, column);
}

// The maps show the mask being edited while Edit Mask is on.
void MainWindow::showEditedMask()
{
    if (m_editor->isActive() && m_editMask->isChecked()) {
        m_headMap->setGridSet(m_editor->mask(), true, m_editor->name());
        m_neuronMap->setGridSet(m_editor->mask(), true, m_editor->name());
    }
    updateEditActions();
}

void MainWindow::updateEditActions()
{
    const bool open = m_study->isOpen();
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
    m_towers.clear();
    if (!m_study->isOpen()) {
        setWindowTitle(tr("PruneScope"));
        updateEditActions();
        return;
    }
    setWindowTitle(tr("%1[*] \u2014 PruneScope").arg(QDir(m_study->document()->folder()).dirName()));
    const Study &study = m_study->study();
    showModel(study);
    for (const auto kind : kKindOrder) {
        auto *group = new QTreeWidgetItem(m_items, {kindTitle(kind)});
        group->setData(0, Qt::UserRole + 1, int(kind));
        group->setFlags(Qt::ItemIsEnabled);
    }
    for (const auto &item : study.items)
        addItemRow(item);
    m_items->expandAll();
    updateEditActions();
    showLatestItem(View(m_tabs->currentIndex()));
}

void MainWindow::showModel(const Study &study)
{
    try {
        const auto summary = summarizeCheckpoint(study.modelPath());
        m_modelPanel->showSummary(summary, m_study->deviceInUse());
        m_headMap->setStructure(summary.structure);
        std::set<std::string> inputMajor;
        for (const auto &tower : summary.structure.towers)
            for (const auto &layer : tower.layers)
                for (const auto &matrix : layer.matrices)
                    if (matrix.inputMajor)
                        inputMajor.insert(matrix.weight);
        m_weightView->setInputMajor(inputMajor);
        // Attribution names a tower by what it reads: "text" or "vision".
        for (const auto &tower : summary.config.towers)
            m_towers.append(QString::fromStdString(towerKind(tower)));
        m_modelPanel->showData(study);
    } catch (const std::exception &) {
        m_modelPanel->clear(); // missingReferences() has said why
    }
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
    JobRunner *jobs = m_study->jobs();
    if (jobs->runningCount() > 0) {
        if (!m_headless && QMessageBox::question(this, tr("Quit"),
                                                tr("%n job(s) still running. Cancel them and quit?", nullptr,
                                                   jobs->runningCount())) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        jobs->cancelAll();
        jobs->waitForAll();
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
    if (!m_study->document()->isModified() || m_headless)
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved Changes"), tr("Save the changes to the study?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return m_study->save(); // a save that failed has said why, and the window stays
    return answer != QMessageBox::Cancel;
}

} // namespace prunescope
