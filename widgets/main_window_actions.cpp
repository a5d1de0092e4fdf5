// The main window's menu actions that ask the user something first.
#include "widgets/main_window.h"

#include "widgets/app_settings.h"
#include "widgets/job_runner.h"
#include "widgets/mask_editor.h"
#include "widgets/mask_profile_view.h"
#include "widgets/study_dialogs.h"
#include "widgets/study_document.h"

#include "core/study/study_jobs.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

namespace prunescope {

namespace {

QStringList toStringList(const std::vector<std::string> &names)
{
    QStringList list;
    for (const auto &n : names)
        list.append(QString::fromStdString(n));
    return list;
}

} // namespace

void MainWindow::newStudy()
{
    if (!maybeSave())
        return;
    NewStudyDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted || !checkWritable(tr("New Study"), dialog.folder()))
        return;
    try {
        m_document->create(dialog.folder(), dialog.model(), dialog.data(), jobSettings());
    } catch (const std::exception &e) {
        report(tr("New Study"), explainError(e));
    }
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
    const auto save = [this, folder] {
        try {
            m_document->saveAs(folder);
        } catch (const std::exception &e) {
            report(tr("Save As"), explainError(e));
        }
    };
    if (!checkWritable(tr("Save As"), folder))
        return;
    // The study's files that would take the place of files already there.
    QStringList replaced;
    for (const auto &item : m_document->study().items)
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
    StudyData current = m_document->study().data;
    if (!current.path.empty())
        current.path = m_document->study().dataPath().string();
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
    if (ok)
        runScore(method);
}

QStringList MainWindow::itemNames(StudyItem::Kind kind) const
{
    QStringList names;
    for (const auto &item : m_document->study().items)
        if (item.kind == kind)
            names.append(QString::fromStdString(item.name));
    return names;
}

void MainWindow::chooseAndRunMask()
{
    const QStringList scores = itemNames(StudyItem::Kind::Scores);
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
    const QStringList masks = itemNames(StudyItem::Kind::Mask);
    if (masks.isEmpty()) {
        report(tr("Export Model"), tr("The study has no mask yet: run Analysis \u2192 Build Mask first."));
        return;
    }
    // By default into the study's folder, never beside the source checkpoint (which may be read-only).
    ExportDialog dialog(masks, suggestedOutput(QStringLiteral("export")),
                        [this](const QString &mask, const StudyExportOptions &options) { return exportPreview(mask, options); },
                        this);
    if (dialog.exec() == QDialog::Accepted)
        exportMask(dialog.mask(), dialog.folder(), dialog.options());
}

void MainWindow::chooseAndRunSweep()
{
    SweepDialog dialog(toStringList(scoreMethods()), this);
    if (dialog.exec() == QDialog::Accepted)
        runSweep(dialog.methods(), dialog.sparsities(), dialog.granularity(), dialog.scope());
}

void MainWindow::chooseAndRunCompare()
{
    const QStringList masks = itemNames(StudyItem::Kind::Mask), scores = itemNames(StudyItem::Kind::Scores);
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
    if (m_document->study().data.path.empty()) {
        report(tr("Train"), tr("The study has no data to train on: choose a dataset with File \u2192 Open Data first."));
        return;
    }
    TrainDialog dialog(suggestedOutput(QStringLiteral("trained")), itemNames(StudyItem::Kind::Mask), this);
    if (dialog.exec() == QDialog::Accepted)
        runTraining(dialog.training(), dialog.folder());
}

void MainWindow::chooseAndAnalyseMasks()
{
    const QStringList masks = itemNames(StudyItem::Kind::Mask);
    if (masks.isEmpty()) {
        report(tr("Mask Profiles"), tr("The study has no masks: build one with Analysis \u2192 Build Mask or Train first."));
        return;
    }
    MaskProfileDialog dialog(masks, this);
    if (dialog.exec() == QDialog::Accepted)
        analyseMasks(dialog.masks(), dialog.sensitivity());
}

void MainWindow::analyseMasks(const QStringList &masks, bool sensitivity)
{
    if (!m_document->isOpen())
        return;
    m_document->setSettings(jobSettings());
    std::vector<std::string> names;
    for (const QString &mask : masks)
        names.push_back(mask.toStdString());
    auto result = std::make_shared<StudyMaskAnalysis>();
    m_jobs->start(
        tr("Mask profiles of %n mask(s)", nullptr, int(masks.size())),
        [study = m_document->study(), names, sensitivity, result](const Progress &progress) {
            *result = analyseMasksStudy(study, names, sensitivity, progress);
        },
        [this, result] {
            m_profileView->setAnalysis(*result);
            showView(View::Profiles);
            Q_EMIT masksAnalysed(m_profileView->sensitivityText());
        });
}

void MainWindow::saveEditedMask()
{
    if (!m_editor->isActive())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save Edited Mask"), tr("Name:"), QLineEdit::Normal,
                                               tr("%1 edited").arg(m_editor->name()), &ok);
    if (!ok || name.isEmpty())
        return;
    try {
        m_document->addItem(prunescope::saveEditedMask(m_document->study(), *m_editor->mask(), name.toStdString()));
    } catch (const std::exception &e) {
        report(tr("Save Edited Mask"), explainError(e));
    }
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(AppSettings::load(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.settings().save();
    if (m_document->isOpen())
        m_document->setSettings(jobSettings());
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

} // namespace prunescope
