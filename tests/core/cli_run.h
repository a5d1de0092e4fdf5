// Running the real prunescope-cli from a test: its exit code and both streams. The test
// target defines PRUNESCOPE_CLI as the path of the built binary.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace prunescope::testing {

struct Run
{
    int exitCode = -1; // -1 when it crashed or did not finish in two minutes
    QByteArray out;
    QByteArray err;
};

inline Run cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(PRUNESCOPE_CLI), arguments);
    process.waitForFinished(120000);
    Run run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace prunescope::testing
