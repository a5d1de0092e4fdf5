// Pictures and a report of a study without anyone at the window: each view rendered into
// a PNG (`prunescope --view V --screenshot FILE`), or all of them with the evaluation of
// the dense and the masked model and the sweep's table in report.md (`--report DIR`, the
// headless main job).
#pragma once

#include "widgets/main_window.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace prunescope {

class StudyReport : public QObject
{
    Q_OBJECT

public:
    explicit StudyReport(MainWindow *window);

    // Renders `view`, shown with the study's item for it, into `file`.
    void screenshot(MainWindow::View view, const QString &file);
    // Renders every view into `folder` and writes folder/report.md.
    void report(const QString &folder);
    const QString &errorText() const { return m_error; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void shoot(MainWindow::View view, const QString &file, std::function<void()> next);
    // The window as it is once the event loop turns, into `file`; then `next`.
    void grabInto(const QString &file, std::function<void()> next);
    void fail(const QString &message);
    void runStep(int index);

    MainWindow *m_window;
    QString m_error;
    QList<std::function<void(std::function<void()>)>> m_steps;
    QStringList m_shots; // the pictures taken, by name
    QStringList m_notes; // what the report says it left out
};

} // namespace prunescope
