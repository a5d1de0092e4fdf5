// prunescope: the desktop application. Opens the given study, or the built-in demo study;
// --screenshot and --report render views without anyone at the window (the headless mode:
// messages are printed instead of shown, nothing asks, and the exit code says how it went).
#include "widgets/app_settings.h"
#include "widgets/main_window.h"
#include "widgets/study_report.h"
#include "widgets/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLocale>
#include <QSettings>
#include <QTimer>

#include <cstdio>

namespace {

QtMessageHandler qtMessageHandler = nullptr;

// What Qt's platform set-up says when no one is at a screen: the offscreen platform cannot
// pass size hints on, and a headless machine has no runtime folder. Everything else is kept.
void headlessMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && (message == QLatin1String("This plugin does not support propagateSizeHints()") ||
                                 message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set"))))
        return;
    qtMessageHandler(type, context, message);
}

} // namespace

int main(int argc, char **argv)
{
    // The options' descriptions are translated once the application runs; whether the run is
    // headless is known before, as Qt's platform set-up already speaks.
    QCommandLineOption study(QStringLiteral("study"), QString(), QStringLiteral("DIR"));
    QCommandLineOption model(QStringLiteral("model"), QString(), QStringLiteral("DIR"));
    QCommandLineOption view(QStringLiteral("view"), QString(), QStringLiteral("VIEW"), QStringLiteral("heads"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QString(), QStringLiteral("FILE"));
    QCommandLineOption report(QStringLiteral("report"), QString(), QStringLiteral("DIR"));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser early;
    early.addOptions({study, model, view, screenshot, report});
    early.parse(arguments);
    const bool headless = early.isSet(screenshot) || early.isSet(report);
    if (headless)
        qtMessageHandler = qInstallMessageHandler(headlessMessageHandler);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PruneScope"));
    QApplication::setOrganizationName(QStringLiteral("PruneScope"));
    QApplication::setApplicationVersion(QStringLiteral(PRUNESCOPE_VERSION));
    const QString language = prunescope::AppSettings::load().language;
    prunescope::installTranslations(language.isEmpty() ? QLocale::system() : QLocale(language));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/prunescope.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Interactive pruning analysis of transformer models"));
    parser.addHelpOption();
    parser.addVersionOption();
    study.setDescription(QApplication::translate("main", "Study folder to open (default: the demo study)."));
    study.setValueName(QApplication::translate("main", "DIR"));
    model.setDescription(QApplication::translate("main", "Checkpoint folder to show, without a study."));
    model.setValueName(QApplication::translate("main", "DIR"));
    view.setDescription(QApplication::translate("main", "View for --screenshot: heads, neurons, weights, attribution, curves or compare."));
    view.setValueName(QApplication::translate("main", "VIEW"));
    screenshot.setDescription(QApplication::translate("main", "Render the view into a PNG file and exit."));
    screenshot.setValueName(QApplication::translate("main", "FILE"));
    report.setDescription(QApplication::translate("main", "Render every view and a report.md into a folder and exit."));
    report.setValueName(QApplication::translate("main", "DIR"));
    parser.addOptions({study, model, view, screenshot, report});
    parser.process(app);

    prunescope::MainWindow window;
    window.setHeadless(headless);
    prunescope::MainWindow::View shownView;
    if (!prunescope::MainWindow::parseView(parser.value(view), &shownView)) {
        std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "--view must be heads, neurons, weights, attribution, curves or compare")));
        return 2;
    }
    window.show();
    if (parser.isSet(model)) {
        if (!headless) {
            window.openCheckpoint(parser.value(model));
            return app.exec();
        }
        if (parser.isSet(report)) {
            std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "--report needs a study, not --model")));
            return 2;
        }
        // A checkpoint alone: the window as it is.
        if (!window.openCheckpoint(parser.value(model)))
            return 1;
        if (!window.grab().save(parser.value(screenshot))) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(QApplication::translate("main", "Cannot write %1").arg(parser.value(screenshot))));
            return 1;
        }
        std::printf("%s\n", qPrintable(QApplication::translate("main", "Picture written to %1")
                                            .arg(QDir().absoluteFilePath(parser.value(screenshot)))));
        return 0;
    }
    // A shipped demo study's folder, the text demo's by default, opens as the user's copy.
    const QString folder = parser.isSet(study) ? parser.value(study) : prunescope::MainWindow::demoStudyPath();
    if (!headless) {
        // The demo's guided tour, once, the first time the application shows it (Help → Guided Tour again).
        QSettings settings;
        if (prunescope::StudyController::isShippedDemo(folder) && !settings.value(QStringLiteral("tour/shown")).toBool())
            QObject::connect(&window, &prunescope::MainWindow::ready, &window, [&window] {
                QSettings().setValue(QStringLiteral("tour/shown"), true);
                window.startTour();
            }, Qt::SingleShotConnection);
        // A study that does not open leaves the window empty, with the message shown.
        window.openStudy(folder);
        return app.exec();
    }

    // Headless: the run ends when the report or picture is written, or at its first failure.
    auto *reporter = new prunescope::StudyReport(&window);
    QObject::connect(reporter, &prunescope::StudyReport::finished, &app, [](bool ok) { QApplication::exit(ok ? 0 : 1); });
    const auto render = [&] {
        if (parser.isSet(report))
            reporter->report(parser.value(report));
        else
            reporter->screenshot(shownView, parser.value(screenshot));
    };
    // A demo is ready once its first item shows; another study as soon as it is open.
    const bool demo = prunescope::StudyController::isShippedDemo(folder);
    if (demo)
        QObject::connect(&window, &prunescope::MainWindow::ready, &window, render);
    if (!window.openStudy(folder))
        return 1;
    if (!demo)
        QTimer::singleShot(0, &window, render);
    // After the event loop, so that the last job's line comes first.
    const int status = app.exec();
    if (status != 0)
        std::fprintf(stderr, "%s\n", qPrintable(reporter->errorText()));
    else if (parser.isSet(report))
        std::printf("%s\n", qPrintable(QApplication::translate("main", "Report written to %1")
                                            .arg(QDir(parser.value(report)).absoluteFilePath(QStringLiteral("report.md")))));
    else
        std::printf("%s\n", qPrintable(QApplication::translate("main", "Picture written to %1")
                                            .arg(QDir().absoluteFilePath(parser.value(screenshot)))));
    return status;
}
