// The main window's menus and tool bar, the actions that ask the user something first, and
// the window's messages and questions.
#include "widgets/main_window.h"

#include "widgets/app_settings.h"
#include "widgets/grid_plot.h"
#include "widgets/guided_tour.h"
#include "widgets/mask_editor.h"
#include "widgets/method_options_form.h"
#include "widgets/study_dialogs.h"
#include "widgets/study_document.h"

#include "core/models/model_family.h"
#include "core/scoring/score_methods.h"
#include "core/study/study_jobs.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>

#include <cstdio>

namespace prunescope {

namespace {

QStringList toStringList(const std::vector<std::string> &names)
{
    QStringList list;
    for (const auto &n : names)
        list.append(QString::fromStdString(n));
    return list;
}

// "BERT, GPT-2, CLIP, RoBERTa, DistilBERT and ViT": every family the registry lists.
QString familyTitles()
{
    QStringList titles;
    for (const ModelFamily *family : modelFamilies())
        titles << QString::fromStdString(family->title);
    return QLocale().createSeparatedList(titles);
}

} // namespace

void MainWindow::createActions()
{
    createFileMenu();
    createEditMenu();
    createAnalysisMenu();
    createViewAndHelpMenus();
    createToolBar();
    updateEditActions();
}

// Whole sentences for each demo, so that each translates as one.
MainWindow::DemoTexts MainWindow::demoTexts(DemoStudy::Id demo)
{
    switch (demo) {
    case DemoStudy::Id::Text:
        return {tr("Open &Demo Study"),
                tr("Your copy of the built-in demo study, with what you added to it: the demo BERT on WordNet "
                   "glosses with every method's scores, movement and GUM, masks, sweeps and a comparison"),
                tr("Reset Demo Study\u2026"),
                tr("Replace your copy of the demo study by a fresh one, deleting what you added to it"),
                tr("Reset Demo Study"),
                tr("Replace your copy of the demo study (%1) by a fresh one? What you added to it, such as scores, "
                   "masks, exports and trained models inside it, is deleted."),
                tr("The demo study is as it shipped")};
    case DemoStudy::Id::Image:
        return {tr("Open &Image Demo Study"),
                tr("Your copy of the built-in image demo study, with what you added to it: the demo ViT on 500 "
                   "Fashion-MNIST test images with scores, head and neuron masks, head and neuron sweeps, Grad-CAM "
                   "and SmoothGrad patch maps drawn over the images, and a comparison"),
                tr("Reset Image Demo Study\u2026"),
                tr("Replace your copy of the image demo study by a fresh one, deleting what you added to it"),
                tr("Reset Image Demo Study"),
                tr("Replace your copy of the image demo study (%1) by a fresh one? What you added to it, such as "
                   "scores, masks, exports and trained models inside it, is deleted."),
                tr("The image demo study is as it shipped")};
    }
    return {};
}

void MainWindow::createFileMenu()
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
    for (const DemoStudy &demo : DemoStudy::all()) {
        const DemoTexts texts = demoTexts(demo.id);
        file->addAction(texts.open, this, [this, id = demo.id] { openDemoStudy(id); })->setToolTip(texts.openTip);
        file->addAction(texts.reset, this, [this, id = demo.id] { resetDemoStudy(id); })->setToolTip(texts.resetTip);
    }
    QAction *save = file->addAction(tr("&Save"), m_study, &StudyController::save);
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
    m_studyActions = {save, saveAs, checkpoint, data};
}

void MainWindow::createEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcut(QKeySequence::Redo);
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    m_editMask = edit->addAction(tr("&Edit Mask on the Maps"));
    m_editMask->setCheckable(true);
    m_editMask->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_editMask->setToolTip(tr("Click heads or neurons of the open mask to prune or restore them"));
    connect(m_editMask, &QAction::toggled, this, &MainWindow::showEditedMask);
    m_evaluate = edit->addAction(tr("E&valuate Mask"), this, &MainWindow::evaluateMask);
    m_evaluate->setShortcut(QKeySequence(Qt::Key_F5));
    m_evaluate->setToolTip(tr("Evaluate the model with the mask being edited on the study's data"));
    m_saveMask = edit->addAction(tr("Save Edited &Mask"), this, &MainWindow::saveEditedMask);
    m_saveMask->setToolTip(tr("Add the edited mask to the study as a new item"));
}

void MainWindow::createAnalysisMenu()
{
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
    QAction *noiseScan = analysis->addAction(tr("Smooth-Cut &Noise Scan…"), this, &MainWindow::chooseAndRunNoiseScan);
    noiseScan->setToolTip(tr("How Smooth-Cut's ranking departs from Taylor's as its noise grows: rank correlation and "
                             "one-shot accuracy against sigma"));
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
    m_studyActions += {score, mask, attribute, sweep, compare, redundancy, profiles, train, exportModel};
    m_toolActions = {score, mask, attribute, sweep, compare};
}

void MainWindow::createViewAndHelpMenus()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *tab = view->addAction(m_tabs->tabText(i), this, [this, i] { m_tabs->setCurrentIndex(i); });
        tab->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    m_presentation = view->addAction(tr("&Presentation Mode"));
    m_presentation->setCheckable(true);
    m_presentation->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_presentation->setToolTip(tr("Larger text and thicker lines, for a projector"));
    m_normalFont = QApplication::font();
    connect(m_presentation, &QAction::toggled, this, [this](bool on) {
        QFont font = m_normalFont;
        font.setPointSizeF(m_normalFont.pointSizeF() * (on ? 1.5 : 1.0));
        QApplication::setFont(font);
        setPlotScale(on ? 1.6 : 1.0);
        rescalePlots(this);
    });
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Guided &Tour"), this, &MainWindow::startTour);
    help->addAction(tr("&About PruneScope"), this, [this] {
        QMessageBox::about(this, tr("About PruneScope"),
                           tr("<b>PruneScope %1</b><p>Interactive pruning analysis of transformer models: importance "
                              "scores, masks, attribution and sweeps for %2 checkpoints.</p>")
                               .arg(QApplication::applicationVersion(), familyTitles()));
    });
}

void MainWindow::createToolBar()
{
    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("main"));
    tools->addActions(m_toolActions);
    tools->addSeparator();
    tools->addActions({m_editMask, m_undo, m_redo, m_evaluate, m_saveMask});
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

void MainWindow::confirmReplace(const QString &title, const QString &target, std::function<void(bool replace)> write)
{
    if (!m_study->checkWritable(title, target))
        return;
    if (!StudyController::holdsFiles(target)) {
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

void MainWindow::newStudy()
{
    if (!maybeSave())
        return;
    NewStudyDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        m_study->newStudy(dialog.folder(), dialog.model(), dialog.data());
}

void MainWindow::chooseStudy()
{
    if (!maybeSave())
        return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Study Folder"));
    if (!folder.isEmpty())
        openStudy(folder);
}

void MainWindow::chooseSaveAsFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Save Study As (an empty folder)"));
    if (!folder.isEmpty())
        saveStudyAs(folder);
}

void MainWindow::saveStudyAs(const QString &folder)
{
    const auto save = [this, folder] { m_study->saveAs(folder); };
    if (!m_study->checkWritable(tr("Save As"), folder))
        return;
    // The study's files that would take the place of files already there.
    QStringList replaced;
    for (const auto &item : m_study->study().items)
        if (QFileInfo::exists(QDir(folder).filePath(QString::fromStdString(item.file))))
            replaced.append(QString::fromStdString(item.file));
    const QDir target(folder);
    // A folder that holds a study is refused by the copy itself, with its message.
    if (!target.exists() || target.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System) ||
        target.exists(QLatin1String(kStudyFileName))) {
        save();
        return;
    }
    if (m_headless) {
        report(tr("Save As"), tr("%1 is not empty: choose an empty folder.").arg(QDir::toNativeSeparators(folder)));
        return;
    }
    ask(tr("Save As"),
        replaced.isEmpty()
            ? tr("%1 is not empty. Save the study into it beside the files already there?")
                  .arg(QDir::toNativeSeparators(folder))
            : tr("%1 is not empty, and the study's files replace these there:\n\n%2\n\nSave the study into it?")
                  .arg(QDir::toNativeSeparators(folder), replaced.join(QLatin1Char('\n'))),
        save);
}

void MainWindow::chooseCheckpoint()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Checkpoint Folder"));
    if (!folder.isEmpty())
        openCheckpoint(folder);
}

void MainWindow::chooseData()
{
    StudyData current = m_study->study().data;
    if (!current.path.empty())
        current.path = m_study->study().dataPath().string();
    DataDialog dialog(current, this);
    if (dialog.exec() == QDialog::Accepted)
        openData(dialog.data());
}

void MainWindow::chooseAndRunScore()
{
    bool ok = false;
    const QStringList methods = toStringList(scoreMethods());
    const QString method = QInputDialog::getItem(this, tr("Score"), tr("Method:"), methods,
                                                 std::max(0, int(methods.indexOf(QStringLiteral("taylor")))), false, &ok);
    if (!ok)
        return;
    // The method's options, drawn from its declaration; none to ask for, none asked.
    const MethodSpec &spec = scoreMethodSpec(method.toStdString());
    if (spec.options.empty()) {
        runScore(method);
        return;
    }
    MethodOptionsDialog dialog(spec, {}, this);
    if (dialog.exec() == QDialog::Accepted)
        m_study->runScore(method, dialog.options());
}

void MainWindow::chooseAndRunMask()
{
    const QStringList scores = m_study->itemNames(StudyItem::Kind::Scores);
    if (scores.isEmpty()) {
        report(tr("Build Mask"), tr("The study has no scores yet: run Analysis \u2192 Score first."));
        return;
    }
    MaskDialog dialog(scores, this);
    if (dialog.exec() == QDialog::Accepted)
        runMask(dialog.scores(), dialog.granularity(), dialog.scope(), dialog.sparsity());
}

void MainWindow::chooseAndRunAttribution()
{
    AttributionDialog dialog(m_towers, this);
    if (dialog.exec() == QDialog::Accepted)
        runAttribution(dialog.method(), dialog.tower());
}

void MainWindow::chooseAndExport()
{
    const QStringList masks = m_study->itemNames(StudyItem::Kind::Mask);
    if (masks.isEmpty()) {
        report(tr("Export Model"), tr("The study has no mask yet: run Analysis \u2192 Build Mask first."));
        return;
    }
    // By default into the study's folder, never beside the source checkpoint (which may be read-only).
    ExportDialog dialog(masks, suggestedOutput(QStringLiteral("export")),
                        [this](const QString &mask, const StudyExportOptions &options, std::vector<StudyExportTower> *layers) {
                            return exportPreview(mask, options, layers);
                        },
                        m_study->deviceInUse(), this);
    if (dialog.exec() == QDialog::Accepted)
        exportMask(dialog.mask(), dialog.folder(), dialog.options());
}

void MainWindow::chooseAndRunSweep()
{
    SweepDialog dialog(toStringList(scoreMethods()), this);
    if (dialog.exec() == QDialog::Accepted)
        runSweep(dialog.methods(), dialog.sparsities(), dialog.granularity(), dialog.scope(), dialog.methodOptions(),
                 dialog.heldOut());
}

void MainWindow::chooseAndRunNoiseScan()
{
    NoiseScanDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        runNoiseScan(dialog.options(), dialog.heldOut());
}

void MainWindow::chooseAndRunCompare()
{
    const QStringList masks = m_study->itemNames(StudyItem::Kind::Mask);
    const QStringList scores = m_study->itemNames(StudyItem::Kind::Scores);
    if (masks.size() + scores.size() < 2) {
        report(tr("Compare"), tr("A comparison needs two or more masks or score maps: run Analysis \u2192 Score or "
                                 "Build Mask first."));
        return;
    }
    CompareDialog dialog(masks, scores, this);
    if (dialog.exec() == QDialog::Accepted)
        runCompare(dialog.items());
}

void MainWindow::chooseAndTrain()
{
    if (m_study->study().data.path.empty()) {
        report(tr("Train"), tr("The study has no data to train on: choose a dataset with File \u2192 Open Data first."));
        return;
    }
    TrainDialog dialog(suggestedOutput(QStringLiteral("trained")), m_study->itemNames(StudyItem::Kind::Mask), this);
    if (dialog.exec() == QDialog::Accepted)
        runTraining(dialog.training(), dialog.folder());
}

void MainWindow::chooseAndAnalyseMasks()
{
    const QStringList masks = m_study->itemNames(StudyItem::Kind::Mask);
    if (masks.isEmpty()) {
        report(tr("Mask Profiles"), tr("The study has no masks: build one with Analysis \u2192 Build Mask or Train first."));
        return;
    }
    MaskProfileDialog dialog(masks, this);
    if (dialog.exec() == QDialog::Accepted)
        analyseMasks(dialog.masks(), dialog.sensitivity());
}

void MainWindow::saveEditedMask()
{
    if (!m_editor->isActive())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save Edited Mask"), tr("Name:"), QLineEdit::Normal,
                                               tr("%1 edited").arg(m_editor->name()), &ok);
    if (ok && !name.isEmpty())
        m_study->saveEditedMask(*m_editor->mask(), name);
}

void MainWindow::showSettings()
{
    // The jobs' settings are the open study's, saved with it; the device is this computer's.
    const bool open = m_study->isOpen();
    SettingsDialog dialog(AppSettings::load(), open ? &m_study->study().settings : nullptr, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.settings().save();
    if (open)
        m_study->setSettings(dialog.studySettings());
    m_study->deviceInUse(); // a note if this computer lacks the device chosen
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = StudyDocument::recentStudies();
    for (const QString &folder : recent)
        m_recentMenu->addAction(folder, this, [this, folder] {
            if (maybeSave())
                openStudy(folder);
        });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

GuidedTour *MainWindow::startTour()
{
    for (GuidedTour *running : findChildren<GuidedTour *>(Qt::FindDirectChildrenOnly))
        delete running;
    auto *tour = new GuidedTour(this);
    tour->showStep(0);
    return tour;
}

} // namespace prunescope
