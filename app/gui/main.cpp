// prunescope: the desktop application. Opens the given study, or the built-in demo study;
// --screenshot and --report render views without anyone at the window.
#include "widgets/app_settings.h"
#include "widgets/main_window.h"
#include "widgets/study_report.h"
#include "widgets/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
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
    const QCommandLineOption study(QStringLiteral("study"), QApplication::translate("main", "Study folder to open (default: the demo study)."),
                                   QApplication::translate("main", "DIR"));
    const QCommandLineOption model(QStringLiteral("model"), QApplication::translate("main", "Checkpoint folder to show, without a study."),
                                   QApplication::translate("main", "DIR"));
    const QCommandLineOption view(QStringLiteral("view"),
                                  QApplication::translate("main", "View for --screenshot: heads, neurons, weights, attribution, curves or compare."),
                                  QApplication::translate("main", "VIEW"), QStringLiteral("heads"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QApplication::translate("main", "Render the view into a PNG file and exit."),
                                        QApplication::translate("main", "FILE"));
    const QCommandLineOption report(QStringLiteral("report"),
                                    QApplication::translate("main", "Render every view and a report.md into a folder and exit."),
                                    QApplication::translate("main", "DIR"));
    parser.addOptions({study, model, view, screenshot, report});
    parser.process(app);

    prunescope::MainWindow window;
    prunescope::MainWindow::View shownView;
    if (!prunescope::MainWindow::parseView(parser.value(view), &shownView)) {
        std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "--view must be heads, neurons, weights, attribution, curves or compare")));
        return 2;
    }
    const bool batch = parser.isSet(screenshot) || parser.isSet(report);
    window.show();
    auto *reporter = new prunescope::StudyReport(&window);
    QObject::connect(reporter, &prunescope::StudyReport::finished, &app, [reporter](bool ok) {
        if (!ok)
            std::fprintf(stderr, "%s\n", qPrintable(reporter->errorText()));
        QApplication::exit(ok ? 0 : 1);
    });
    const auto render = [&] {
        if (parser.isSet(report))
            reporter->report(parser.value(report));
        else if (parser.isSet(screenshot))
            reporter->screenshot(shownView, parser.value(screenshot));
    };
    if (parser.isSet(model)) {
        if (!window.openCheckpoint(parser.value(model)) && batch)
            return 1;
        if (batch) // a checkpoint alone: the window as it is
            return window.grab().save(parser.value(screenshot)) ? 0 : 1;
    } else if (parser.isSet(study)) {
        if (!window.openStudy(parser.value(study)))
            return 1;
        QTimer::singleShot(0, &window, render);
    } else {
        QObject::connect(&window, &prunescope::MainWindow::ready, &window, render);
        window.openDemoStudy();
    }
    return app.exec();
}
