// prunescope: the desktop application. Opens the given checkpoint, or the bundled model.
#include "widgets/main_window.h"
#include "widgets/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PruneScope"));
    QApplication::setOrganizationName(QStringLiteral("PruneScope"));
    QApplication::setApplicationVersion(QStringLiteral(PRUNESCOPE_VERSION));
    prunescope::installTranslations();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Interactive pruning analysis of transformer models"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption model(QStringLiteral("model"), QApplication::translate("main", "Checkpoint folder to open."),
                             QApplication::translate("main", "DIR"));
    QCommandLineOption quitAfter(QStringLiteral("quit-after-load"),
                                 QApplication::translate("main", "Exit once the model is shown (for checks)."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QApplication::translate("main", "Render the window into a PNG file and exit."),
                                  QApplication::translate("main", "FILE"));
    parser.addOptions({model, quitAfter, screenshot});
    parser.process(app);

    prunescope::MainWindow window;
    const bool ok = window.openCheckpoint(parser.isSet(model) ? parser.value(model)
                                                              : prunescope::MainWindow::bundledModelPath());
    window.show();
    if (parser.isSet(screenshot))
        return window.grab().save(parser.value(screenshot)) && ok ? 0 : 1;
    if (parser.isSet(quitAfter))
        return ok ? 0 : 1;
    return app.exec();
}
