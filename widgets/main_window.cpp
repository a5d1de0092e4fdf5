#include "widgets/main_window.h"

#include "widgets/model_panel.h"

#include "core/checkpoint_summary.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace prunescope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_modelPanel(new ModelPanel(this))
{
    setWindowTitle(tr("PruneScope"));
    setCentralWidget(m_modelPanel);
    resize(720, 560);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Checkpoint\u2026"), this, &MainWindow::chooseCheckpoint);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a Hugging Face checkpoint folder (config.json + model.safetensors)"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    statusBar()->showMessage(tr("Ready"));
}

QString MainWindow::bundledModelPath()
{
    return QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/models/tiny-bert");
}

bool MainWindow::openCheckpoint(const QString &folder)
{
    try {
        m_modelPanel->showSummary(summarizeCheckpoint(folder.toStdString()));
        statusBar()->showMessage(tr("Opened %1").arg(folder));
        return true;
    } catch (const std::exception &e) {
        m_modelPanel->clear();
        const QString message = tr("Cannot open the checkpoint:\n%1").arg(QString::fromStdString(e.what()));
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 1));
        if (isVisible())
            QMessageBox::warning(this, tr("Open Checkpoint"), message);
        return false;
    }
}

void MainWindow::chooseCheckpoint()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Checkpoint Folder"));
    if (!folder.isEmpty())
        openCheckpoint(folder);
}

} // namespace prunescope
