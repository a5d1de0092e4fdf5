// score, eval and sweep as a group of two processes on the CPU (c10d's Gloo over the loopback
// interface), started by --gpus 2 --device cpu or as torchrun starts them: the same results
// as one process, one output written, and a failing process ending the whole group with its
// message.
#include "core/io/safetensors.h"
#include "core/parallel/work_group.h"
#include "core/scoring/score_map.h"

#include <torch/torch.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/core/cli_run.h" // after LibTorch: Qt's "slots" macro breaks its headers

#include <cfloat>
#include <chrono>
#include <filesystem>

using namespace prunescope;
using testing::cli;
using testing::Run;

namespace {

const QString kModel = QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/models/demo-bert");
const QString kData = QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/demo/wordnet-sample.tsv");
// 64 examples in 8 batches: 4 for each process.
const QStringList kSample = {QStringLiteral("--max-examples"), QStringLiteral("64"), QStringLiteral("--batch-size"),
                             QStringLiteral("8"), QStringLiteral("--device"), QStringLiteral("cpu")};
constexpr int kBatches = 8;

// Two processes started as torchrun starts them, each with its own arguments; both runs.
std::pair<Run, Run> torchrunStyle(const QStringList &first, const QStringList &second)
{
    const QString port = QString::number(WorkGroup::freePort());
    QProcess processes[2];
    for (int rank = 0; rank < 2; ++rank) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("RANK"), QString::number(rank));
        environment.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
        environment.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
        environment.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
        environment.insert(QStringLiteral("MASTER_PORT"), port);
        environment.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
        processes[rank].setProcessEnvironment(environment);
        processes[rank].start(QStringLiteral(PRUNESCOPE_CLI), rank == 0 ? first : second);
    }
    Run runs[2];
    for (int rank = 0; rank < 2; ++rank) {
        processes[rank].waitForFinished(240000);
        runs[rank].exitCode = processes[rank].exitStatus() == QProcess::NormalExit ? processes[rank].exitCode() : -1;
        runs[rank].out = processes[rank].readAllStandardOutput();
        runs[rank].err = processes[rank].readAllStandardError();
    }
    return {runs[0], runs[1]};
}

// The largest difference between two score maps' tensors, against a tolerance: the group
// adds the same per-batch float32 terms as one process, in another order (each process's
// share, then the two shares). Reassociating a sum of n terms moves it by at most about
// 2 n eps times the sum of the terms' magnitudes; n is the batches plus the one sum across
// the group, and the terms' magnitudes are bounded by the map's largest value times the
// batches (a signed Taylor sum can cancel).
void compareMaps(const std::filesystem::path &one, const std::filesystem::path &group, const char *what)
{
    const ScoreMap a = loadScoreMap(one), b = loadScoreMap(group);
    QCOMPARE(a.tensors.size(), b.tensors.size());
    double worst = 0, worstTolerance = 0;
    for (const auto &[name, tensor] : a.tensors) {
        QVERIFY2(b.tensors.count(name), name.c_str());
        const auto &other = b.tensors.at(name);
        QCOMPARE(other.sizes(), tensor.sizes());
        const double scale = tensor.abs().max().item<double>() * kBatches;
        const double tolerance = 2.0 * (kBatches + 1) * FLT_EPSILON * std::max(scale, 1e-30);
        const double difference = (tensor.to(torch::kDouble) - other.to(torch::kDouble)).abs().max().item<double>();
        if (difference / tolerance > worst / std::max(worstTolerance, 1e-300) || worstTolerance == 0) {
            worst = difference;
            worstTolerance = tolerance;
        }
        QVERIFY2(difference <= tolerance, (name + ": " + std::to_string(difference) + " > " + std::to_string(tolerance)).c_str());
    }
    qInfo("%s: one process against two, largest difference %.3g (its tolerance %.3g)", what, worst, worstTolerance);
    QCOMPARE(b.provenance.at("world_size"), std::string("2"));
    QCOMPARE(b.provenance.at("backend"), std::string("gloo"));
    QCOMPARE(b.provenance.at("examples"), a.provenance.at("examples"));
    QCOMPARE(b.provenance.at("batches"), a.provenance.at("batches"));
}

} // namespace

class TestWorkGroup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!WorkGroup::available())
            QSKIP("this build's LibTorch has no c10d with Gloo (libgloo-dev)");
    }

    void scoresAsOneProcessGivesThem_data()
    {
        QTest::addColumn<QStringList>("method");
        QTest::newRow("taylor") << QStringList{QStringLiteral("--method"), QStringLiteral("taylor"), QStringLiteral("--granularity"),
                                               QStringLiteral("weight,head,neuron")};
        QTest::newRow("smooth-cut") << QStringList{QStringLiteral("--method"), QStringLiteral("smooth-cut"),
                                                   QStringLiteral("--granularity"), QStringLiteral("weight,head"),
                                                   QStringLiteral("--samples"), QStringLiteral("2"), QStringLiteral("--sigma"),
                                                   QStringLiteral("0.1")};
        QTest::newRow("head-importance") << QStringList{QStringLiteral("--method"), QStringLiteral("head-importance"),
                                                        QStringLiteral("--granularity"), QStringLiteral("head,neuron")};
        QTest::newRow("cam-cut") << QStringList{QStringLiteral("--method"), QStringLiteral("cam-cut"), QStringLiteral("--granularity"),
                                                QStringLiteral("weight,head")};
        QTest::newRow("wanda") << QStringList{QStringLiteral("--method"), QStringLiteral("wanda"), QStringLiteral("--granularity"),
                                              QStringLiteral("weight")};
    }

    void scoresAsOneProcessGivesThem()
    {
        QFETCH(QStringList, method);
        QTemporaryDir dir;
        const QString one = dir.filePath(QStringLiteral("one.safetensors")), two = dir.filePath(QStringLiteral("two.safetensors"));
        const QStringList common = QStringList{QStringLiteral("score"), QStringLiteral("--model"), kModel, QStringLiteral("--data"), kData}
                                   + kSample + method;
        const Run alone = cli(common + QStringList{QStringLiteral("--out"), one});
        QVERIFY2(alone.exitCode == 0, alone.err.constData());
        const Run group = cli(common + QStringList{QStringLiteral("--out"), two, QStringLiteral("--gpus"), QStringLiteral("2"),
                                                   QStringLiteral("--json")});
        QVERIFY2(group.exitCode == 0, group.err.constData());
        // One summary, from the first process; its progress only.
        QCOMPARE(QJsonDocument::fromJson(group.out).object().value(QStringLiteral("tensors")).toInt() > 0, true);
        QVERIFY2(group.err.count("4/4 batch 4") == 1 && !group.err.contains("8/8"), group.err.constData());
        compareMaps(one.toStdString(), two.toStdString(), QTest::currentDataTag());
    }

    void torchrunStartsTheSameGroup()
    {
        QTemporaryDir dir;
        const QString one = dir.filePath(QStringLiteral("one.safetensors")), two = dir.filePath(QStringLiteral("two.safetensors"));
        const QStringList common = QStringList{QStringLiteral("score"), QStringLiteral("--model"), kModel, QStringLiteral("--data"), kData,
                                               QStringLiteral("--method"), QStringLiteral("taylor")}
                                   + kSample;
        QCOMPARE(cli(common + QStringList{QStringLiteral("--out"), one}).exitCode, 0);
        const auto [first, second] = torchrunStyle(common + QStringList{QStringLiteral("--out"), two},
                                                   common + QStringList{QStringLiteral("--out"), two});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY2(second.err.isEmpty(), second.err.constData()); // the second process neither reports nor writes
        compareMaps(one.toStdString(), two.toStdString(), "taylor, torchrun's environment");
    }

    void evaluatesAsOneProcess()
    {
        const QStringList command = QStringList{QStringLiteral("eval"), QStringLiteral("--model"), kModel, QStringLiteral("--data"),
                                                kData, QStringLiteral("--json")}
                                    + kSample;
        const Run alone = cli(command);
        const Run group = cli(command + QStringList{QStringLiteral("--gpus"), QStringLiteral("2")});
        QVERIFY2(alone.exitCode == 0, alone.err.constData());
        QVERIFY2(group.exitCode == 0, group.err.constData());
        const QJsonObject a = QJsonDocument::fromJson(alone.out).object(), b = QJsonDocument::fromJson(group.out).object();
        QCOMPARE(b.value(QStringLiteral("examples")).toInt(), 64);
        QCOMPARE(b.value(QStringLiteral("world_size")).toInt(), 2);
        const QJsonObject ma = a.value(QStringLiteral("metrics")).toObject(), mb = b.value(QStringLiteral("metrics")).toObject();
        QCOMPARE(mb.keys(), ma.keys());
        // The same predictions pooled: the counting metrics are equal; the mean loss adds 64
        // float32 losses in double in another order.
        for (const auto &key : ma.keys()) {
            const double x = ma.value(key).toDouble(), y = mb.value(key).toDouble();
            const double tolerance = key == QStringLiteral("loss") ? 64 * FLT_EPSILON * std::abs(x) : 0.0;
            QVERIFY2(std::abs(x - y) <= tolerance, qPrintable(key + QStringLiteral(": %1 against %2").arg(x).arg(y)));
        }
    }

    void sweepsAsOneProcess()
    {
        QTemporaryDir dir;
        const QStringList command = QStringList{QStringLiteral("sweep"), QStringLiteral("--model"), kModel, QStringLiteral("--data"),
                                                kData, QStringLiteral("--methods"), QStringLiteral("taylor,magnitude"),
                                                QStringLiteral("--sparsities"), QStringLiteral("0.25,0.5"), QStringLiteral("--granularity"),
                                                QStringLiteral("neuron"), QStringLiteral("--random-draws"), QStringLiteral("1")}
                                    + kSample;
        const Run alone = cli(command + QStringList{QStringLiteral("--out-dir"), dir.filePath(QStringLiteral("one"))});
        const Run group = cli(command + QStringList{QStringLiteral("--out-dir"), dir.filePath(QStringLiteral("two")),
                                                    QStringLiteral("--gpus"), QStringLiteral("2")});
        QVERIFY2(alone.exitCode == 0, alone.err.constData());
        QVERIFY2(group.exitCode == 0, group.err.constData());
        // The CSV, row for row. Six points in two runs of three: taylor's two points fall to
        // different processes, and each scores taylor for its own.
        QCOMPARE(group.out, alone.out);
        QVERIFY2(group.err.contains("5/6 taylor scored") && group.err.contains("6/6 taylor at 0.25"), group.err.constData());
        QFile file(dir.filePath(QStringLiteral("two/sweep.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject sweep = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(sweep.value(QStringLiteral("world_size")).toString(), QStringLiteral("2"));
        QCOMPARE(sweep.value(QStringLiteral("points")).toArray().size(), 3 * 2); // random, taylor, magnitude
    }

    // A study's score, sweep and eval jobs as a group: the item recorded once, by the first
    // process, and the same as one process makes.
    void studyJobsAsAGroup()
    {
        QTemporaryDir dir;
        const QString study = dir.filePath(QStringLiteral("study"));
        const auto run = [&](const QStringList &arguments) { return cli(QStringList{QStringLiteral("study")} + arguments); };
        QCOMPARE(run({QStringLiteral("init"), study, QStringLiteral("--model"), kModel, QStringLiteral("--data"), kData,
                      QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--max-examples"), QStringLiteral("64"),
                      QStringLiteral("--batch-size"), QStringLiteral("8")})
                     .exitCode,
                 0);
        const QStringList score = {QStringLiteral("score"), study, QStringLiteral("--method"), QStringLiteral("taylor")};
        QCOMPARE(run(score).exitCode, 0);
        const Run group = run(score + QStringList{QStringLiteral("--gpus"), QStringLiteral("2"), QStringLiteral("--device"),
                                                  QStringLiteral("cpu")});
        QVERIFY2(group.exitCode == 0, group.err.constData());
        QCOMPARE(group.err.count("added scores"), 1);
        compareMaps((study + QStringLiteral("/scores/taylor.safetensors")).toStdString(),
                    (study + QStringLiteral("/scores/taylor-2.safetensors")).toStdString(), "study score");
        const QStringList eval = {QStringLiteral("eval"), study, QStringLiteral("--json")};
        const Run alone = run(eval), shared = run(eval + QStringList{QStringLiteral("--gpus"), QStringLiteral("2"),
                                                                     QStringLiteral("--device"), QStringLiteral("cpu")});
        QVERIFY2(shared.exitCode == 0, shared.err.constData());
        QCOMPARE(QJsonDocument::fromJson(shared.out).object().value(QStringLiteral("metrics")).toObject()
                     .value(QStringLiteral("accuracy")).toDouble(),
                 QJsonDocument::fromJson(alone.out).object().value(QStringLiteral("metrics")).toObject()
                     .value(QStringLiteral("accuracy")).toDouble());
        const Run sweep = run({QStringLiteral("sweep"), study, QStringLiteral("--methods"), QStringLiteral("taylor"),
                               QStringLiteral("--sparsities"), QStringLiteral("0.5"), QStringLiteral("--granularity"),
                               QStringLiteral("neuron"), QStringLiteral("--gpus"), QStringLiteral("2"), QStringLiteral("--device"),
                               QStringLiteral("cpu")});
        QVERIFY2(sweep.exitCode == 0 && sweep.err.count("added sweep") == 1, sweep.err.constData());
        const Run mask = run({QStringLiteral("mask"), study, QStringLiteral("--scores"), QStringLiteral("taylor"), QStringLiteral("--gpus"),
                              QStringLiteral("2")});
        QCOMPARE(mask.exitCode, 2); // a mask is one process's work
        QVERIFY2(mask.err.contains("study mask runs in one process"), mask.err.constData());
    }

    void aFailingProcessEndsTheGroup()
    {
        QTemporaryDir dir;
        const QStringList common = {QStringLiteral("score"), QStringLiteral("--model"), kModel, QStringLiteral("--method"),
                                    QStringLiteral("taylor"), QStringLiteral("--out"), dir.filePath(QStringLiteral("s.safetensors"))};
        const auto start = std::chrono::steady_clock::now();
        const auto [first, second] = torchrunStyle(common + QStringList{QStringLiteral("--data"), kData} + kSample,
                                                   common + QStringList{QStringLiteral("--data"), dir.filePath(QStringLiteral("missing.tsv"))}
                                                       + kSample);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("missing.tsv"), second.err.constData());
        QCOMPARE(first.exitCode, 1); // not a hang: the first process learns of it at its next collective
        QVERIFY2(first.err.contains("process 1 of 2 failed") && first.err.contains("missing.tsv"), first.err.constData());
        QVERIFY2(!QFile::exists(dir.filePath(QStringLiteral("s.safetensors"))), "a failed group wrote its scores");
        qInfo("the group ended %.1f s after it started", seconds);
    }

    void refusals()
    {
        for (const char *command : {"score", "eval", "sweep"}) // said where a user looks for it
            QVERIFY2(cli({QString::fromLatin1(command), QStringLiteral("--help")}).out.contains("[--gpus N]"), command);
        const Run train = cli({QStringLiteral("train"), QStringLiteral("--model"), kModel, QStringLiteral("--gpus"), QStringLiteral("2")});
        QCOMPARE(train.exitCode, 2);
        QVERIFY2(train.err.contains("score, eval and sweep"), train.err.constData());
        const Run bad = cli({QStringLiteral("eval"), QStringLiteral("--model"), kModel, QStringLiteral("--gpus"), QStringLiteral("two")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("--gpus is 'two'"), bad.err.constData());
        // One batch cannot be shared by two processes: said before any work.
        const Run few = cli({QStringLiteral("score"), QStringLiteral("--model"), kModel, QStringLiteral("--data"), kData,
                             QStringLiteral("--method"), QStringLiteral("taylor"), QStringLiteral("--max-examples"), QStringLiteral("4"),
                             QStringLiteral("--batch-size"), QStringLiteral("8"), QStringLiteral("--device"), QStringLiteral("cpu"),
                             QStringLiteral("--out"), QStringLiteral("/tmp/prunescope-few.safetensors"), QStringLiteral("--force"),
                             QStringLiteral("--gpus"), QStringLiteral("2")});
        QCOMPARE(few.exitCode, 1);
        QVERIFY2(few.err.contains("the scoring batches (1) cannot be shared by 2 processes"), few.err.constData());
        if (!torch::cuda::is_available()) {
            const Run gpus = cli({QStringLiteral("eval"), QStringLiteral("--model"), kModel, QStringLiteral("--data"), kData,
                                  QStringLiteral("--gpus"), QStringLiteral("2")});
            QCOMPARE(gpus.exitCode, 1);
            QVERIFY2(gpus.err.contains("this machine has 0 GPU(s)"), gpus.err.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkGroup)
#include "tst_work_group.moc"
