// prunescope-cli as a user runs it: exit codes, one-line errors, JSON output, and the
// parity verbs on every fixture.
#include "core/io/safetensors.h"
#include "core/scoring/score_map.h"
#include "core/study/study.h"

#include <torch/torch.h>

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/core/cli_run.h" // after LibTorch: Qt's "slots" macro breaks its headers

#include <cmath>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace prunescope;
namespace fs = std::filesystem;

namespace {

using testing::cli;
using testing::Run;

QString fixture(const QString &family)
{
    return QStringLiteral(PRUNESCOPE_TEST_DATA "/hf/") + family;
}

// Magnitude head scores of the BERT fixture and their 50 % head mask, written as
// scores.safetensors and mask.safetensors in `dir`: the inputs of the output tests.
bool writeHeadScoresAndMask(const QTemporaryDir &dir)
{
    const QString scores = dir.filePath(QStringLiteral("scores.safetensors"));
    return cli({QStringLiteral("score"), QStringLiteral("--model"), fixture(QStringLiteral("bert")), QStringLiteral("--method"),
                QStringLiteral("magnitude"), QStringLiteral("--granularity"), QStringLiteral("head"), QStringLiteral("--out"), scores})
                   .exitCode == 0 &&
           cli({QStringLiteral("mask"), QStringLiteral("--scores"), scores, QStringLiteral("--granularity"), QStringLiteral("head"),
                QStringLiteral("--sparsity"), QStringLiteral("0.5"), QStringLiteral("--out"),
                dir.filePath(QStringLiteral("mask.safetensors"))})
                   .exitCode == 0;
}

// Every file under `folder` (hidden ones too) by relative path, with a hash of its bytes:
// equal before and after a command means it changed nothing there.
QMap<QString, QByteArray> folderHashes(const QString &folder)
{
    QMap<QString, QByteArray> hashes;
    QDirIterator it(folder, QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QByteArray hash = "folder";
        if (it.fileInfo().isFile() && file.open(QIODevice::ReadOnly))
            hash = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
        hashes.insert(QDir(folder).relativeFilePath(path), hash);
    }
    return hashes;
}

void writeText(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

QByteArray readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The `{OUT}` of a row's arguments replaced by `out`, `{DIR}` by the work folder.
QStringList filled(QStringList arguments, const QString &out, const QString &dir)
{
    for (QString &a : arguments)
        a.replace(QStringLiteral("{OUT}"), out).replace(QStringLiteral("{DIR}"), dir);
    return arguments;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void verifyMatchesEveryFixture_data()
    {
        QTest::addColumn<QString>("family");
        QTest::newRow("bert") << QStringLiteral("bert");
        QTest::newRow("gpt2") << QStringLiteral("gpt2");
        QTest::newRow("clip") << QStringLiteral("clip");
        QTest::newRow("roberta") << QStringLiteral("roberta");
        QTest::newRow("distilbert") << QStringLiteral("distilbert");
        QTest::newRow("vit") << QStringLiteral("vit");
    }
    void verifyMatchesEveryFixture()
    {
        QFETCH(QString, family);
        const Run run = cli({QStringLiteral("verify"), QStringLiteral("--model"), fixture(family), QStringLiteral("--reference"),
                             fixture(family) + QStringLiteral("/reference.safetensors"), QStringLiteral("--device"),
                             QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.out.right(2000).constData());
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QVERIFY(result.value(QStringLiteral("ok")).toBool());
        QVERIFY(result.value(QStringLiteral("compared")).toInt() >= 37);
        QVERIFY(result.value(QStringLiteral("max_rel_err")).toDouble() < 1e-4);
        QCOMPARE(result.value(QStringLiteral("tensors")).toArray().size(), result.value(QStringLiteral("compared")).toInt());
        qInfo("%s: %d tensors, max rel_err %.3e (%s)", qPrintable(family), result.value(QStringLiteral("compared")).toInt(),
              result.value(QStringLiteral("max_rel_err")).toDouble(),
              qPrintable(result.value(QStringLiteral("worst")).toString()));
    }

    // A reference that disagrees, or holds a tensor PruneScope cannot compute, fails.
    void verifyFailsOnWrongReference()
    {
        QTemporaryDir dir;
        NamedTensors tensors = readAllTensors((fixture(QStringLiteral("bert")) + QStringLiteral("/reference.safetensors")).toStdString());
        for (auto &[name, t] : tensors)
            if (name == "logits")
                t = t + 1e-3;
        tensors.emplace_back("pooler_output", torch::zeros({3, 64}));
        const QString path = dir.filePath(QStringLiteral("tampered.safetensors"));
        writeSafetensors(path.toStdString(), tensors);
        const Run run = cli({QStringLiteral("verify"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                             QStringLiteral("--reference"), path, QStringLiteral("--device"), QStringLiteral("cpu")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("FAIL logits"), run.out.constData());
        QVERIFY2(run.out.contains("FAIL pooler_output") && run.out.contains("not computed"), run.out.constData());
    }

    void forwardWritesEveryOutput()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out.safetensors"));
        const QString inputs = fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors");
        Run run = cli({QStringLiteral("forward"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")), QStringLiteral("--inputs"),
                       inputs, QStringLiteral("--out"), out, QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--labels")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto file = SafetensorsFile::open(out.toStdString());
        for (const char *name : {"logits", "loss", "hidden_states.2", "attentions.1", "head_gate_grad", "neuron_gate_grad",
                                 "grad.transformer.wte.weight", "grad.transformer.h.1.mlp.c_proj.weight"})
            QVERIFY2(file->contains(name), name);

        run = cli({QStringLiteral("forward"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")), QStringLiteral("--inputs"),
                   inputs, QStringLiteral("--out"), out, QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--force")});
        QCOMPARE(run.exitCode, 0);
        file = SafetensorsFile::open(out.toStdString());
        QVERIFY(file->contains("logits") && !file->contains("loss") && !file->contains("grad.transformer.wte.weight"));
    }

    void rejectsOutOfRangeTokenIds()
    {
        QTemporaryDir dir;
        const QString inputs = dir.filePath(QStringLiteral("inputs.safetensors"));
        writeSafetensors(inputs.toStdString(), {{"input_ids", torch::tensor({{1, 5000, 3}}, torch::kLong)}});
        const Run run = cli({QStringLiteral("forward"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")),
                             QStringLiteral("--inputs"), inputs, QStringLiteral("--out"), dir.filePath(QStringLiteral("out.safetensors")),
                             QStringLiteral("--device"), QStringLiteral("cpu")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("input_ids holds 5000, outside the model's 1000 entries"), run.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.safetensors"))));
    }

    // score, then mask from the score file alone (it carries the model's config).
    void scoresAndMasks()
    {
        QTemporaryDir dir;
        const QString scores = dir.filePath(QStringLiteral("scores.safetensors"));
        const QString mask = dir.filePath(QStringLiteral("mask.safetensors"));
        Run run = cli({QStringLiteral("score"), QStringLiteral("--model"), fixture(QStringLiteral("bert")), QStringLiteral("--data"),
                       fixture(QStringLiteral("bert")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--method"),
                       QStringLiteral("taylor"), QStringLiteral("--granularity"), QStringLiteral("head,neuron"),
                       QStringLiteral("--batch-size"), QStringLiteral("2"), QStringLiteral("--device"), QStringLiteral("cpu"),
                       QStringLiteral("--out"), scores, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.contains("2/2 batch 2\n"), run.err.constData());
        QVERIFY2(!run.err.contains('\r'), run.err.constData()); // a pipe gets whole lines, not a bar
        const QJsonObject provenance = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("provenance")).toObject();
        QCOMPARE(provenance.value(QStringLiteral("method")).toString(), QStringLiteral("taylor"));
        QCOMPARE(provenance.value(QStringLiteral("granularity")).toString(), QStringLiteral("head,neuron"));
        QCOMPARE(provenance.value(QStringLiteral("examples")).toString(), QStringLiteral("3"));
        // Unasked, the head and neuron maps only (weight scores are the size of the model),
        // named in the file and in the line written.
        const QString units = dir.filePath(QStringLiteral("units.safetensors"));
        const Run unasked = cli({QStringLiteral("score"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                                 QStringLiteral("--method"), QStringLiteral("magnitude"), QStringLiteral("--out"), units});
        QVERIFY2(unasked.exitCode == 0 && unasked.err.contains("(magnitude, head,neuron, "), unasked.err.constData());
        const ScoreMap unitScores = loadScoreMap(units.toStdString());
        QCOMPARE(unitScores.provenance.at("granularity"), std::string("head,neuron"));
        for (const auto &[name, tensor] : unitScores.tensors)
            QVERIFY2(name.find("heads") != std::string::npos || name.find("neurons") != std::string::npos, name.c_str());

        run = cli({QStringLiteral("mask"), QStringLiteral("--scores"), scores, QStringLiteral("--sparsity"), QStringLiteral("0.25"),
                   QStringLiteral("--granularity"), QStringLiteral("head"), QStringLiteral("--scope"), QStringLiteral("global"),
                   QStringLiteral("--out"), mask, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("sparsity")).toDouble(), 0.25);
        const auto file = SafetensorsFile::open(mask.toStdString());
        QCOMPARE(file->names(), std::vector<std::string>{"heads"});
        QCOMPARE(file->metadata().at("scores.method"), std::string("taylor"));

        // Heads and neurons in one mask, each with its own sparsity.
        const QString both = dir.filePath(QStringLiteral("both.safetensors"));
        run = cli({QStringLiteral("mask"), QStringLiteral("--scores"), scores, QStringLiteral("--sparsity"), QStringLiteral("0.25,0.5"),
                   QStringLiteral("--granularity"), QStringLiteral("head,neuron"), QStringLiteral("--scope"),
                   QStringLiteral("global"), QStringLiteral("--out"), both, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto twoKinds = SafetensorsFile::open(both.toStdString());
        QCOMPARE(twoKinds->names(), (std::vector<std::string>{"heads", "neurons"}));
        QCOMPARE(twoKinds->metadata().at("mask.granularity"), std::string("head,neuron"));
        const auto pruned = [&](const char *name) {
            const auto keep = twoKinds->tensor(name);
            return 1.0 - keep.to(torch::kDouble).mean().item<double>();
        };
        QCOMPARE(pruned("heads"), 0.25);
        QCOMPARE(pruned("neurons"), 0.5);
        run = cli({QStringLiteral("mask"), QStringLiteral("--scores"), scores, QStringLiteral("--sparsity"), QStringLiteral("0.1,0.2,0.3"),
                   QStringLiteral("--granularity"), QStringLiteral("head,neuron"), QStringLiteral("--out"),
                   dir.filePath(QStringLiteral("three.safetensors"))});
        QVERIFY2(run.exitCode == 2 && run.err.contains("3 values for 2 granularities"), run.err.constData());
        run = cli({QStringLiteral("mask"), QStringLiteral("--scores"), scores, QStringLiteral("--sparsity"), QStringLiteral("0.25"),
                   QStringLiteral("--granularity"), QStringLiteral("head,kv-group"), QStringLiteral("--out"),
                   dir.filePath(QStringLiteral("clash.safetensors"))});
        QVERIFY2(run.exitCode == 1 && run.err.contains("both set 'heads'"), run.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("clash.safetensors"))));

        run = cli({QStringLiteral("mask"), QStringLiteral("--scores"), scores, QStringLiteral("--sparsity"), QStringLiteral("0.5"),
                   QStringLiteral("--granularity"), QStringLiteral("weight"), QStringLiteral("--out"), mask,
                   QStringLiteral("--force")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("no weight-level tensors"), run.err.constData());
    }

    // Fine-tuning to new classes: refused without --new-head, naming the labels; with it, a
    // head for the data's classes whose names config.json keeps, which eval reads by name.
    // Numbers given to a model with named classes are pointed out.
    void trainsANewHead()
    {
        QTemporaryDir dir;
        QFile source(QStringLiteral(PRUNESCOPE_TEST_DATA "/sentences.tsv"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = source.readAll().split('\n');
        const char *topics[] = {"weather", "history", "sport", "music"};
        QByteArray table = "sentence\tlabel\n";
        for (int i = 1; i < lines.size(); ++i)
            if (!lines[i].isEmpty())
                table += lines[i].split('\t').front() + '\t' + topics[i % 4] + '\n';
        const QString news = dir.filePath(QStringLiteral("news.tsv")), out = dir.filePath(QStringLiteral("news-model"));
        writeText(news, table);
        const QStringList train = {QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"),
                                   QStringLiteral("--data"), news, QStringLiteral("--out"), out, QStringLiteral("--max-steps"),
                                   QStringLiteral("3"), QStringLiteral("--batch-size"), QStringLiteral("8"), QStringLiteral("--device"),
                                   QStringLiteral("cpu")};
        const Run refused = cli(train);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("news.tsv line 2: label 'history' is not one of the model's 3 classes (nor are "
                                      "music, sport, weather)")
                     && refused.err.contains("--new-head"),
                 refused.err.constData());
        QVERIFY(!QFile::exists(out));

        const Run run = cli(QStringList(train) << QStringLiteral("--new-head"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.contains("a new classification head for the data's 4 classes (history, music, sport, weather) in "
                                  "place of the model's 3 (LABEL_0, LABEL_1, LABEL_2); classifier.weight, classifier.bias start afresh"),
                 run.err.constData());
        const QJsonObject config = QJsonDocument::fromJson(readText(out + QStringLiteral("/config.json"))).object();
        const QJsonObject id2label = config.value(QStringLiteral("id2label")).toObject();
        QCOMPARE(id2label.size(), 4);
        QCOMPARE(id2label.value(QStringLiteral("0")).toString(), QStringLiteral("history"));
        QCOMPARE(id2label.value(QStringLiteral("3")).toString(), QStringLiteral("weather"));
        QCOMPARE(config.value(QStringLiteral("label2id")).toObject().value(QStringLiteral("sport")).toInt(), 2);
        const Run info = cli({QStringLiteral("info"), QStringLiteral("--model"), out});
        QVERIFY2(info.out.contains("labels:       4"), info.out.constData());
        const Run eval = cli({QStringLiteral("eval"), QStringLiteral("--model"), out, QStringLiteral("--data"), news,
                              QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(eval.exitCode == 0 && !eval.err.contains("skipped"), eval.err.constData());
        QCOMPARE(QJsonDocument::fromJson(eval.out).object().value(QStringLiteral("examples")).toInt(), 36);

        // The trained model's classes have names; the sentences' labels are numbers.
        const Run numbers = cli({QStringLiteral("train"), QStringLiteral("--model"), out, QStringLiteral("--data"),
                                 QStringLiteral(PRUNESCOPE_TEST_DATA "/sentences.tsv"), QStringLiteral("--out"),
                                 dir.filePath(QStringLiteral("again")), QStringLiteral("--max-steps"), QStringLiteral("1"),
                                 QStringLiteral("--device"), QStringLiteral("cpu")});
        QVERIFY2(numbers.exitCode == 0, numbers.err.constData());
        QVERIFY2(numbers.err.contains("note: the data's labels (0, 1, 2) are read as the ids of the model's 4 classes"),
                 numbers.err.constData());
    }

    // Training writes a checkpoint that the other commands open; its options are checked.
    void trainsACheckpoint()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("trained"));
        const QString data = fixture(QStringLiteral("bert")) + QStringLiteral("/reference.safetensors");
        const Run run = cli({QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("bert")), QStringLiteral("--data"),
                             data, QStringLiteral("--validation"), data, QStringLiteral("--out"), out, QStringLiteral("--max-steps"),
                             QStringLiteral("4"), QStringLiteral("--batch-size"), QStringLiteral("2"), QStringLiteral("--lr"),
                             QStringLiteral("1e-3"), QStringLiteral("--eval-every"), QStringLiteral("2"), QStringLiteral("--device"),
                             QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(result.value(QStringLiteral("steps")).toInt(), 4);
        QCOMPARE(result.value(QStringLiteral("primary")).toString(), QStringLiteral("accuracy"));
        QVERIFY2(run.err.contains("validation: accuracy"), run.err.constData());
        QVERIFY2(run.err.contains("step 4/4") && !run.err.contains('\r'), run.err.constData()); // whole lines in a pipe
        const Run info = cli({QStringLiteral("info"), QStringLiteral("--model"), out});
        QVERIFY2(info.exitCode == 0 && info.out.contains("BertForSequenceClassification"), info.err.constData());
        QVERIFY(QFile::exists(out + QStringLiteral("/prunescope-training.json")));

        QVERIFY(QFile::exists(out + QStringLiteral("/movement-map.safetensors")));

        // GUM: one threshold over all FFN neurons, half of them kept at the end.
        const QString gum = dir.filePath(QStringLiteral("gum"));
        const Run pruned = cli({QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")),
                                QStringLiteral("--data"), fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"),
                                QStringLiteral("--validation-fraction"), QStringLiteral("0"), QStringLiteral("--out"), gum,
                                QStringLiteral("--max-steps"), QStringLiteral("6"), QStringLiteral("--movement"),
                                QStringLiteral("gum"), QStringLiteral("--final-keep"), QStringLiteral("0.5"), QStringLiteral("--device"),
                                QStringLiteral("cpu")});
        QVERIFY2(pruned.exitCode == 0 && pruned.err.contains("keep_target 0.5"), pruned.err.constData());
        const Run sparsity = cli({QStringLiteral("eval"), QStringLiteral("--model"), gum, QStringLiteral("--data"),
                                  fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--mask"),
                                  gum + QStringLiteral("/movement-mask.safetensors"), QStringLiteral("--json")});
        QVERIFY2(sparsity.exitCode == 0, sparsity.err.constData());
        QCOMPARE(QJsonDocument::fromJson(sparsity.out).object().value(QStringLiteral("mask_sparsity")).toDouble(), 0.5);

        // SR-STE toward 2:4 on GPT-2 (Conv1D weights): the checkpoint's pattern mask halves every matrix.
        const QString ste = dir.filePath(QStringLiteral("ste"));
        const Run pattern = cli({QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")),
                                 QStringLiteral("--data"), fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"),
                                 QStringLiteral("--validation-fraction"), QStringLiteral("0"), QStringLiteral("--out"), ste,
                                 QStringLiteral("--max-steps"), QStringLiteral("3"), QStringLiteral("--pattern"),
                                 QStringLiteral("sr-ste"), QStringLiteral("--nm"), QStringLiteral("2:4"), QStringLiteral("--device"),
                                 QStringLiteral("cpu")});
        QVERIFY2(pattern.exitCode == 0, pattern.err.constData());
        const Run half = cli({QStringLiteral("eval"), QStringLiteral("--model"), ste, QStringLiteral("--data"),
                              fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--mask"),
                              ste + QStringLiteral("/pattern-mask.safetensors"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(half.out).object().value(QStringLiteral("mask_sparsity")).toDouble(), 0.5);
        // mask-analysis of two masks (the same one twice): the model stays dense, so its
        // "dense" figure is the plain eval's and "masked" the masked eval's.
        const QString steMask = ste + QStringLiteral("/pattern-mask.safetensors");
        const Run dense = cli({QStringLiteral("eval"), QStringLiteral("--model"), ste, QStringLiteral("--data"),
                               fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--json")});
        QVERIFY2(dense.exitCode == 0 && half.exitCode == 0, dense.err.constData());
        const Run twice = cli({QStringLiteral("mask-analysis"), QStringLiteral("--model"), ste, QStringLiteral("--mask"),
                               steMask + QLatin1Char(',') + steMask, QStringLiteral("--data"),
                               fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--json")});
        QVERIFY2(twice.exitCode == 0, twice.err.constData());
        const QJsonArray analysedMasks = QJsonDocument::fromJson(twice.out).object().value(QStringLiteral("masks")).toArray();
        QCOMPARE(analysedMasks.size(), 2);
        const auto perplexity = [](const QByteArray &json) {
            return QJsonDocument::fromJson(json).object().value(QStringLiteral("metrics")).toObject().value(
                QStringLiteral("perplexity")).toDouble();
        };
        const QJsonObject tested = analysedMasks.at(1).toObject().value(QStringLiteral("sensitivity")).toObject();
        qDebug("mask-analysis perplexity dense %.6f (eval %.6f), masked %.6f (eval %.6f)",
               tested.value(QStringLiteral("dense")).toDouble(), perplexity(dense.out),
               tested.value(QStringLiteral("masked")).toDouble(), perplexity(half.out));
        QVERIFY(std::abs(tested.value(QStringLiteral("dense")).toDouble() / perplexity(dense.out) - 1) < 1e-4);
        QVERIFY(std::abs(tested.value(QStringLiteral("masked")).toDouble() / perplexity(half.out) - 1) < 1e-4);
        QVERIFY(std::abs(perplexity(dense.out) - perplexity(half.out)) > 1e-3); // the mask matters
        const Run badPattern = cli({QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")),
                                    QStringLiteral("--data"), fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"),
                                    QStringLiteral("--out"), dir.filePath(QStringLiteral("bad")), QStringLiteral("--pattern"),
                                    QStringLiteral("admm"), QStringLiteral("--nm"), QStringLiteral("4:4")});
        QVERIFY2(badPattern.exitCode != 0 && badPattern.err.contains("pattern '4:4' is not n:m"), badPattern.err.constData());

        // IMP to 40 % of the BERT fixture's weights: the JSON gives the rounds and the compute,
        // the checkpoint's mask is exact, and mask-analysis profiles it and tests it.
        const QString imp = dir.filePath(QStringLiteral("imp"));
        const Run imped = cli({QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                                QStringLiteral("--data"), data, QStringLiteral("--validation-fraction"), QStringLiteral("0"),
                                QStringLiteral("--out"), imp, QStringLiteral("--max-steps"), QStringLiteral("2"),
                                QStringLiteral("--prune"), QStringLiteral("imp"), QStringLiteral("--sparsity"),
                                QStringLiteral("0.4"), QStringLiteral("--rate"), QStringLiteral("0.25"), QStringLiteral("--json")});
        QVERIFY2(imped.exitCode == 0, imped.err.constData());
        const QJsonObject pruning = QJsonDocument::fromJson(imped.out).object().value(QStringLiteral("pruning")).toObject();
        QCOMPARE(pruning.value(QStringLiteral("rounds")).toInt(), 2); // 25 %, then 40 %
        QCOMPARE(pruning.value(QStringLiteral("steps")).toInt(), 6);
        QVERIFY(std::abs(pruning.value(QStringLiteral("sparsity")).toDouble() - 0.4) < 1e-4);
        const Run analysed = cli({QStringLiteral("mask-analysis"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                                  QStringLiteral("--mask"), imp + QStringLiteral("/mask.safetensors"), QStringLiteral("--data"),
                                  data, QStringLiteral("--json")});
        QVERIFY2(analysed.exitCode == 0, analysed.err.constData());
        const QJsonObject profile =
            QJsonDocument::fromJson(analysed.out).object().value(QStringLiteral("masks")).toArray().first().toObject();
        QVERIFY(std::abs(profile.value(QStringLiteral("sparsity")).toDouble() - 0.4) < 1e-4);
        QCOMPARE(profile.value(QStringLiteral("components")).toArray().size(), 6);
        QCOMPARE(profile.value(QStringLiteral("sensitivity")).toObject().value(QStringLiteral("metric")).toString(),
                 QStringLiteral("accuracy"));
        // DeepCuts' procedure with Smooth-Cut and its own options: two runs, the mask exact and
        // recorded with the options; another score method's option is refused before training.
        const QString deepcuts = dir.filePath(QStringLiteral("deepcuts"));
        const QStringList deepcutsRun = {QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                                         QStringLiteral("--data"), data, QStringLiteral("--max-steps"), QStringLiteral("2"),
                                         QStringLiteral("--prune"), QStringLiteral("deepcuts"), QStringLiteral("--sparsity"),
                                         QStringLiteral("0.5"), QStringLiteral("--score"), QStringLiteral("smooth-cut"),
                                         QStringLiteral("--json")};
        const Run cut = cli(QStringList(deepcutsRun) << QStringLiteral("--samples") << QStringLiteral("2")
                                                     << QStringLiteral("--sigma") << QStringLiteral("0.01")
                                                     << QStringLiteral("--out") << deepcuts);
        QVERIFY2(cut.exitCode == 0, cut.err.constData());
        const QJsonObject cutPruning = QJsonDocument::fromJson(cut.out).object().value(QStringLiteral("pruning")).toObject();
        QCOMPARE(cutPruning.value(QStringLiteral("rounds")).toInt(), 2);
        QCOMPARE(cutPruning.value(QStringLiteral("steps")).toInt(), 4);
        QVERIFY(std::abs(cutPruning.value(QStringLiteral("sparsity")).toDouble() - 0.5) < 1e-4);
        QFile record(deepcuts + QStringLiteral("/prunescope-pruning.json"));
        QVERIFY(record.open(QIODevice::ReadOnly));
        const QJsonObject recorded = QJsonDocument::fromJson(record.readAll()).object();
        QCOMPARE(recorded.value(QStringLiteral("options")).toObject().value(QStringLiteral("score")).toString(),
                 QStringLiteral("smooth-cut"));
        QCOMPARE(recorded.value(QStringLiteral("options")).toObject().value(QStringLiteral("score_options")).toObject()
                     .value(QStringLiteral("sigma")).toDouble(), 0.01);
        const Run otherOption = cli(QStringList(deepcutsRun) << QStringLiteral("--cam-shift") << QStringLiteral("0")
                                                             << QStringLiteral("--out") << dir.filePath(QStringLiteral("bad")));
        QVERIFY2(otherOption.exitCode != 0 && otherOption.err.contains("an option of another score method"),
                 otherOption.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bad"))));
        const Run badPrune = cli({QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                                  QStringLiteral("--data"), data, QStringLiteral("--out"), dir.filePath(QStringLiteral("bad")),
                                  QStringLiteral("--prune"), QStringLiteral("isp"), QStringLiteral("--combine"),
                                  QStringLiteral("average")});
        QVERIFY2(badPrune.exitCode != 0 && badPrune.err.contains("union, intersection or vote"), badPrune.err.constData());

        const Run noOut = cli({QStringLiteral("train"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                               QStringLiteral("--data"), data});
        QVERIFY2(noOut.exitCode == 2 && noOut.err.contains("--out"), noOut.err.constData());
    }

    // A sweep writes its table, JSON and plot; random and dense are always in it.
    void sweepsMethodsAndSparsities()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("sweep"));
        const Run run = cli({QStringLiteral("sweep"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")), QStringLiteral("--data"),
                             fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--methods"),
                             QStringLiteral("taylor,cam-cut"), QStringLiteral("--sparsities"), QStringLiteral("0.25,0.5,0.75"),
                             QStringLiteral("--granularity"), QStringLiteral("neuron"), QStringLiteral("--scope"),
                             QStringLiteral("global"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--out-dir"),
                             out, QStringLiteral("--json"), QStringLiteral("--random-draws"), QStringLiteral("3")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(result.value(QStringLiteral("metric")).toString(), QStringLiteral("perplexity"));
        QCOMPARE(result.value(QStringLiteral("points")).toArray().size(), 15); // random 3 times, taylor, cam-cut x 3
        QCOMPARE(result.value(QStringLiteral("random_draws")).toString(), QStringLiteral("3"));
        // Without --eval-data, half of the examples (one of two) are set apart and evaluated on.
        QVERIFY2(!run.err.contains("warning"), run.err.constData());
        QVERIFY2(result.value(QStringLiteral("eval_data")).toString().startsWith(QStringLiteral("held out from ")),
                 qPrintable(result.value(QStringLiteral("eval_data")).toString()));
        QCOMPARE(result.value(QStringLiteral("held_out")).toString(), QStringLiteral("0.5"));
        QCOMPARE(result.value(QStringLiteral("score_examples")).toString(), QStringLiteral("1"));
        QCOMPARE(result.value(QStringLiteral("eval_examples")).toString(), QStringLiteral("1"));
        const QJsonObject first = result.value(QStringLiteral("points")).toArray().first().toObject();
        QCOMPARE(first.value(QStringLiteral("method")).toString(), QStringLiteral("random"));
        QCOMPARE(first.value(QStringLiteral("draw")).toInt(-1), 0);
        for (const char *file : {"/sweep.csv", "/sweep.json", "/sweep.svg"})
            QVERIFY2(QFile::exists(out + QLatin1String(file)), file);
        QFile csv(out + QStringLiteral("/sweep.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 17); // header, dense, 15 points
        // Methods are checked before any work is done.
        const Run refused = cli({QStringLiteral("sweep"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")), QStringLiteral("--data"),
                                 fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--methods"),
                                 QStringLiteral("wanda"), QStringLiteral("--sparsities"), QStringLiteral("0.5"),
                                 QStringLiteral("--granularity"), QStringLiteral("neuron"), QStringLiteral("--out-dir"),
                                 dir.filePath(QStringLiteral("other"))});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("method 'wanda' gives no neuron scores"), refused.err.constData());
        const Run noDraws = cli({QStringLiteral("sweep"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")), QStringLiteral("--data"),
                                 fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--methods"),
                                 QStringLiteral("taylor"), QStringLiteral("--sparsities"), QStringLiteral("0.5"),
                                 QStringLiteral("--granularity"), QStringLiteral("neuron"), QStringLiteral("--random-draws"),
                                 QStringLiteral("0"), QStringLiteral("--out-dir"), dir.filePath(QStringLiteral("other"))});
        QCOMPARE(noDraws.exitCode, 2);
        QVERIFY2(noDraws.err.contains("--random-draws needs a whole number") && noDraws.err.contains("got 0"),
                 noDraws.err.constData());

        // One example cannot be split: scored and evaluated on the same, said on the terminal and in the result.
        const QStringList taylor = {QStringLiteral("sweep"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")),
                                    QStringLiteral("--data"), fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors"),
                                    QStringLiteral("--methods"), QStringLiteral("taylor"), QStringLiteral("--sparsities"),
                                    QStringLiteral("0.5"), QStringLiteral("--granularity"), QStringLiteral("neuron"),
                                    QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--json"),
                                    QStringLiteral("--random-draws"), QStringLiteral("1"), QStringLiteral("--force")};
        const Run single = cli(QStringList(taylor) << QStringLiteral("--max-examples") << QStringLiteral("1")
                                                   << QStringLiteral("--out-dir") << dir.filePath(QStringLiteral("single")));
        QVERIFY2(single.exitCode == 0, single.err.constData());
        QVERIFY2(single.err.contains("warning: the sweep evaluates on the examples it scored on"), single.err.constData());
        const QJsonObject same = QJsonDocument::fromJson(single.out).object();
        QVERIFY(same.value(QStringLiteral("eval_data")).toString().startsWith(QStringLiteral("the scoring data (not held out")));
        QCOMPARE(same.value(QStringLiteral("held_out")).toString(), QStringLiteral("0"));
        // Evaluation data of its own, recorded, and scores in bf16; --holdout with it, or out of (0, 1), is refused.
        const QString data = fixture(QStringLiteral("gpt2")) + QStringLiteral("/reference.safetensors");
        const Run own = cli(QStringList(taylor) << QStringLiteral("--eval-data") << data << QStringLiteral("--precision")
                                                << QStringLiteral("bf16") << QStringLiteral("--out-dir")
                                                << dir.filePath(QStringLiteral("own")));
        QVERIFY2(own.exitCode == 0, own.err.constData());
        QCOMPARE(QJsonDocument::fromJson(own.out).object().value(QStringLiteral("score_precision")).toString(),
                 QStringLiteral("bf16"));
        QCOMPARE(QJsonDocument::fromJson(own.out).object().value(QStringLiteral("eval_data")).toString(),
                 QJsonDocument::fromJson(own.out).object().value(QStringLiteral("data")).toString());
        const Run both = cli(QStringList(taylor) << QStringLiteral("--eval-data") << data << QStringLiteral("--holdout")
                                                 << QStringLiteral("0.3") << QStringLiteral("--out-dir") << dir.filePath(QStringLiteral("both")));
        QCOMPARE(both.exitCode, 2);
        QVERIFY2(both.err.contains("give one or the other"), both.err.constData());
        const Run whole = cli(QStringList(taylor) << QStringLiteral("--holdout") << QStringLiteral("1")
                                                  << QStringLiteral("--out-dir") << dir.filePath(QStringLiteral("whole")));
        QCOMPARE(whole.exitCode, 2);
        QVERIFY2(whole.err.contains("--holdout"), whole.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("both"))) && !QFile::exists(dir.filePath(QStringLiteral("whole"))));
    }

    // The study folder the desktop application opens, filled from the command line.
    void buildsAStudy()
    {
        QTemporaryDir dir;
        const QString study = dir.filePath(QStringLiteral("study"));
        const auto run = [&](QStringList arguments) {
            arguments.prepend(QStringLiteral("study"));
            return cli(arguments);
        };
        const QString model = QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert");
        const QString data = QStringLiteral(PRUNESCOPE_TEST_DATA "/sentences.tsv");
        QCOMPARE(run({QStringLiteral("init"), study, QStringLiteral("--model"), model, QStringLiteral("--data"), data,
                      QStringLiteral("--device"), QStringLiteral("cpu")}).exitCode, 0);
        QCOMPARE(run({QStringLiteral("score"), study, QStringLiteral("--method"), QStringLiteral("taylor")}).exitCode, 0);
        const Run mask = run({QStringLiteral("mask"), study, QStringLiteral("--scores"), QStringLiteral("taylor"),
                              QStringLiteral("--granularity"), QStringLiteral("head"), QStringLiteral("--sparsity"), QStringLiteral("0.25")});
        QVERIFY2(mask.err.contains("added mask 'taylor head 25%'"), mask.err.constData());
        const Run eval = run({QStringLiteral("eval"), study, QStringLiteral("--mask"), QStringLiteral("taylor head 25%"),
                              QStringLiteral("--json")});
        QCOMPARE(eval.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(eval.out).object().value(QStringLiteral("mask_sparsity")).toDouble(), 0.25);
        const Run compare = run({QStringLiteral("compare"), study, QStringLiteral("--items"),
                                 QStringLiteral("taylor head 25%,taylor"), QStringLiteral("--json")});
        QVERIFY2(compare.exitCode == 0 && compare.err.contains("added comparison 'taylor head 25% vs taylor'"),
                 compare.err.constData());
        const QJsonArray kinds = QJsonDocument::fromJson(compare.out).object().value(QStringLiteral("items")).toArray();
        QCOMPARE(kinds.at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("mask"));
        QCOMPARE(kinds.at(1).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("scores"));
        // Unit scores only: no weight tensors in the file.
        const Run units = run({QStringLiteral("score"), study, QStringLiteral("--method"), QStringLiteral("magnitude"),
                               QStringLiteral("--granularity"), QStringLiteral("head,neuron")});
        QVERIFY2(units.exitCode == 0, units.err.constData());
        const auto unitFile = SafetensorsFile::open(study.toStdString() + "/scores/magnitude.safetensors");
        QCOMPARE(unitFile->names(), (std::vector<std::string>{"heads", "neurons"}));
        // A method's options as for score: used, and recorded typed in the study; a bad value
        // is refused naming the option and the method.
        QCOMPARE(run({QStringLiteral("score"), study, QStringLiteral("--method"), QStringLiteral("head-importance"),
                      QStringLiteral("--normalize-globally"), QStringLiteral("false")}).exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(run({QStringLiteral("show"), study, QStringLiteral("--json")}).out)
                                     .object().value(QStringLiteral("items")).toArray();
        const QJsonObject recorded = QJsonDocument::fromJson(items.last().toObject().value(QStringLiteral("options"))
                                                                 .toObject().value(QStringLiteral("method_options"))
                                                                 .toString().toUtf8()).object();
        QCOMPARE(recorded.value(QStringLiteral("normalize-globally")), QJsonValue(false));
        QCOMPARE(recorded.value(QStringLiteral("normalize-per-layer")), QJsonValue(true));
        const Run bad = run({QStringLiteral("score"), study, QStringLiteral("--method"), QStringLiteral("smooth-cut"),
                             QStringLiteral("--samples"), QStringLiteral("0")});
        QVERIFY2(bad.exitCode != 0 && bad.err.contains("--samples") && bad.err.contains("smooth-cut"), bad.err.constData());
        // Maps made elsewhere come in once they fit the model: a mask made by the mask command
        // becomes a mask item, scores of another model are refused with the file named.
        const QString outside = dir.filePath(QStringLiteral("outside.safetensors"));
        QCOMPARE(cli({QStringLiteral("mask"), QStringLiteral("--scores"), study + QStringLiteral("/scores/taylor.safetensors"),
                      QStringLiteral("--granularity"), QStringLiteral("neuron"), QStringLiteral("--scope"), QStringLiteral("global"),
                      QStringLiteral("--sparsity"), QStringLiteral("0.5"), QStringLiteral("--out"), outside})
                     .exitCode,
                 0);
        const Run added = run({QStringLiteral("add"), study, QStringLiteral("--file"), outside, QStringLiteral("--name"),
                               QStringLiteral("neurons 50%")});
        QVERIFY2(added.exitCode == 0 && added.err.contains("added mask 'neurons 50%'"), added.err.constData());
        const QString foreign = dir.filePath(QStringLiteral("gpt2.safetensors"));
        QCOMPARE(cli({QStringLiteral("score"), QStringLiteral("--model"), fixture(QStringLiteral("gpt2")), QStringLiteral("--method"),
                      QStringLiteral("magnitude"), QStringLiteral("--out"), foreign})
                     .exitCode,
                 0);
        const Run refusedMap = run({QStringLiteral("add"), study, QStringLiteral("--file"), foreign});
        QVERIFY2(refusedMap.exitCode == 1 && refusedMap.err.contains(foreign.toUtf8()), refusedMap.err.constData());
        const Run show = run({QStringLiteral("show"), study, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(show.out).object().value(QStringLiteral("items")).toArray().size(), 6);
        const Run missing = run({QStringLiteral("mask"), study, QStringLiteral("--scores"), QStringLiteral("snip"),
                                 QStringLiteral("--granularity"), QStringLiteral("head")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("no scores named 'snip'"), missing.err.constData());
        // Other columns are kept only when the data reads with them.
        const Run badColumn = run({QStringLiteral("data"), study, QStringLiteral("--label-column"), QStringLiteral("topic")});
        QVERIFY2(badColumn.exitCode == 1 && badColumn.err.contains("no column 'topic'"), badColumn.err.constData());
        QCOMPARE(readStudy(study.toStdString()).data.labelColumn, std::string("label"));
        const Run shorter = run({QStringLiteral("data"), study, QStringLiteral("--max-length"), QStringLiteral("32")});
        QVERIFY2(shorter.exitCode == 0 && shorter.err.contains("now reads 36 examples"), shorter.err.constData());
        QCOMPARE(readStudy(study.toStdString()).data.maxLength, int64_t(32));
        const Run again = run({QStringLiteral("init"), study, QStringLiteral("--model"), model});
        QVERIFY2(again.exitCode == 1 && again.err.contains("study.json exists"), again.err.constData());
    }

    void attributesTokens()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("maps.safetensors"));
        const Run run = cli({QStringLiteral("attribute"), QStringLiteral("--model"), fixture(QStringLiteral("clip")), QStringLiteral("--data"),
                             fixture(QStringLiteral("clip")) + QStringLiteral("/reference.safetensors"), QStringLiteral("--tower"),
                             QStringLiteral("vision"), QStringLiteral("--method"), QStringLiteral("smoothgrad"), QStringLiteral("--samples"),
                             QStringLiteral("4"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--out"), out,
                             QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("shape")).toArray(), QJsonArray({2, 4, 4}));
        QVERIFY(SafetensorsFile::open(out.toStdString())->contains("map"));
    }

    // Scores, two masks, their comparison, and a shrunk export checked by verify --mask.
    void comparesAndExports()
    {
        QTemporaryDir dir;
        const QString model = fixture(QStringLiteral("gpt2")), reference = model + QStringLiteral("/reference.safetensors");
        const auto file = [&](const char *name) { return dir.filePath(QLatin1String(name)); };
        QCOMPARE(cli({QStringLiteral("score"), QStringLiteral("--model"), model, QStringLiteral("--data"), reference,
                      QStringLiteral("--method"), QStringLiteral("taylor"), QStringLiteral("--device"), QStringLiteral("cpu"),
                      QStringLiteral("--out"), file("taylor.safetensors")})
                     .exitCode,
                 0);
        for (const char *scope : {"layer", "global"})
            QCOMPARE(cli({QStringLiteral("mask"), QStringLiteral("--scores"), file("taylor.safetensors"),
                          QStringLiteral("--granularity"), QStringLiteral("neuron"), QStringLiteral("--scope"),
                          QLatin1String(scope), QStringLiteral("--sparsity"), QStringLiteral("0.5"), QStringLiteral("--out"),
                          dir.filePath(QLatin1String(scope) + QStringLiteral(".safetensors"))})
                         .exitCode,
                     0);
        const Run compare = cli({QStringLiteral("compare"), file("layer.safetensors"), file("global.safetensors"),
                                 QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(compare.exitCode == 0, compare.err.constData());
        const QJsonObject c = QJsonDocument::fromJson(compare.out).object();
        const double iou = c.value(QStringLiteral("overall")).toObject().value(QStringLiteral("iou")).toArray()[0].toArray()[1].toDouble();
        QVERIFY2(iou > 0 && iou <= 1, compare.out.constData());
        QCOMPARE(c.value(QStringLiteral("layers")).toArray().size(), 2);
        const Run table = cli({QStringLiteral("compare"), file("layer.safetensors"), file("global.safetensors"),
                               QStringLiteral("--device"), QStringLiteral("cpu")});
        QVERIFY2(table.out.contains("\niou\n           [1]      [2]\n  [1]   1.0000"), table.out.constData());

        const Run exported = cli({QStringLiteral("export"), QStringLiteral("--model"), model, QStringLiteral("--mask"),
                                  file("layer.safetensors"), QStringLiteral("--out"), file("shrunk"), QStringLiteral("--inputs"),
                                  reference, QStringLiteral("--json")});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(exported.out).object();
        QVERIFY(report.value(QStringLiteral("verified")).toBool());
        QCOMPARE(report.value(QStringLiteral("towers")).toArray()[0].toObject().value(QStringLiteral("ffn_after")).toInt(), 128);
        // The export, verified against the source's own outputs under the mask: same logits.
        const Run forward = cli({QStringLiteral("forward"), QStringLiteral("--model"), model, QStringLiteral("--mask"),
                                 file("layer.safetensors"), QStringLiteral("--inputs"), reference, QStringLiteral("--out"),
                                 file("masked.safetensors"), QStringLiteral("--device"), QStringLiteral("cpu")});
        QCOMPARE(forward.exitCode, 0);
        const auto masked = SafetensorsFile::open(file("masked.safetensors").toStdString())->tensor("logits");
        const Run shrunk = cli({QStringLiteral("forward"), QStringLiteral("--model"), file("shrunk"), QStringLiteral("--inputs"),
                                reference, QStringLiteral("--out"), file("shrunk.safetensors"), QStringLiteral("--device"),
                                QStringLiteral("cpu")});
        QCOMPARE(shrunk.exitCode, 0);
        const auto logits = SafetensorsFile::open(file("shrunk.safetensors").toStdString())->tensor("logits");
        QVERIFY((logits - masked).abs().max().item<double>() < 1e-5);

        const Run again = cli({QStringLiteral("export"), QStringLiteral("--model"), model, QStringLiteral("--mask"),
                               file("layer.safetensors"), QStringLiteral("--out"), file("shrunk")});
        QVERIFY2(again.exitCode == 1 && again.err.contains("exists"), again.err.constData());
    }

    // Every command that writes refuses an existing target: `train --out DIR` once replaced
    // a whole folder (the shipped demo model) without a word. Nothing anywhere changes.
    void existingOutputsAreRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("folder"); // the output is a folder (else a file)
        const QString bert = fixture(QStringLiteral("bert")), data = bert + QStringLiteral("/reference.safetensors");
        QTest::newRow("train") << QStringList{QStringLiteral("train"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                                              QStringLiteral("--max-steps"), QStringLiteral("1"), QStringLiteral("--out"),
                                              QStringLiteral("{OUT}")}
                               << true;
        QTest::newRow("export") << QStringList{QStringLiteral("export"), QStringLiteral("--model"), bert, QStringLiteral("--mask"),
                                               QStringLiteral("{DIR}/mask.safetensors"), QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                << true;
        QTest::newRow("sweep") << QStringList{QStringLiteral("sweep"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                                              QStringLiteral("--methods"), QStringLiteral("taylor"), QStringLiteral("--sparsities"),
                                              QStringLiteral("0.5"), QStringLiteral("--granularity"), QStringLiteral("head"),
                                              QStringLiteral("--out-dir"), QStringLiteral("{OUT}")}
                               << true;
        QTest::newRow("study init") << QStringList{QStringLiteral("study"), QStringLiteral("init"), QStringLiteral("{OUT}"),
                                                   QStringLiteral("--model"), bert}
                                    << true;
        QTest::newRow("score") << QStringList{QStringLiteral("score"), QStringLiteral("--model"), bert, QStringLiteral("--method"),
                                              QStringLiteral("magnitude"), QStringLiteral("--out"), QStringLiteral("{OUT}")}
                               << false;
        QTest::newRow("mask") << QStringList{QStringLiteral("mask"), QStringLiteral("--scores"), QStringLiteral("{DIR}/scores.safetensors"),
                                             QStringLiteral("--granularity"), QStringLiteral("head"), QStringLiteral("--sparsity"),
                                             QStringLiteral("0.5"), QStringLiteral("--out"), QStringLiteral("{OUT}")}
                              << false;
        QTest::newRow("attribute") << QStringList{QStringLiteral("attribute"), QStringLiteral("--model"), bert, QStringLiteral("--data"),
                                                  data, QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                   << false;
        QTest::newRow("forward") << QStringList{QStringLiteral("forward"), QStringLiteral("--model"), bert, QStringLiteral("--inputs"),
                                                data, QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                 << false;
        QTest::newRow("compare --csv") << QStringList{QStringLiteral("compare"), QStringLiteral("{DIR}/mask.safetensors"),
                                                      QStringLiteral("{DIR}/mask.safetensors"), QStringLiteral("--csv"),
                                                      QStringLiteral("{OUT}")}
                                       << false;
    }
    void existingOutputsAreRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, folder);
        QTemporaryDir dir;
        QVERIFY(writeHeadScoresAndMask(dir));
        const QString out = dir.filePath(QStringLiteral("taken"));
        if (folder) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("taken")));
            writeText(out + QStringLiteral("/notes.txt"), "the user's notes\n");
        } else {
            writeText(out, "the user's file\n");
        }
        const auto before = folderHashes(dir.path());
        const Run run = cli(filled(arguments, out, dir.path()));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(out.toUtf8() + " exists") && run.err.contains("--force"), run.err.constData());
        QCOMPARE(folderHashes(dir.path()), before);
    }

    // --force replaces the output whole, but a file the tool did not write stays, in the old
    // folder kept beside and named; a folder the tool wrote all of is replaced without a trace.
    void forceReplacesAndKeepsForeignFiles_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("written"); // a file the command writes
        const QString bert = fixture(QStringLiteral("bert")), data = bert + QStringLiteral("/reference.safetensors");
        QTest::newRow("train") << QStringList{QStringLiteral("train"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                                              QStringLiteral("--max-steps"), QStringLiteral("1"), QStringLiteral("--device"),
                                              QStringLiteral("cpu"), QStringLiteral("--out"), QStringLiteral("{OUT}")}
                               << QStringLiteral("prunescope-training.json");
        QTest::newRow("export") << QStringList{QStringLiteral("export"), QStringLiteral("--model"), bert, QStringLiteral("--mask"),
                                               QStringLiteral("{DIR}/mask.safetensors"), QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                << QStringLiteral("prunescope.json");
        QTest::newRow("sweep") << QStringList{QStringLiteral("sweep"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                                              QStringLiteral("--methods"), QStringLiteral("magnitude"), QStringLiteral("--sparsities"),
                                              QStringLiteral("0.5"), QStringLiteral("--granularity"), QStringLiteral("head"),
                                              QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--out-dir"),
                                              QStringLiteral("{OUT}")}
                               << QStringLiteral("sweep.json");
    }
    void forceReplacesAndKeepsForeignFiles()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, written);
        QTemporaryDir dir;
        QVERIFY(writeHeadScoresAndMask(dir));
        const QString out = dir.filePath(QStringLiteral("out"));
        Run run = cli(filled(arguments, out, dir.path()));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray first = readText(out + QLatin1Char('/') + written);
        QVERIFY(!first.isEmpty());
        writeText(out + QStringLiteral("/notes.txt"), "the user's notes\n");

        run = cli(filled(arguments, out, dir.path()) << QStringLiteral("--force"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString kept = out + QStringLiteral(".previous");
        QVERIFY2((run.out + run.err).contains(kept.toUtf8()), run.err.constData()); // the user is told where
        QCOMPARE(QDir(kept).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("notes.txt")});
        QCOMPARE(readText(kept + QStringLiteral("/notes.txt")), QByteArray("the user's notes\n"));
        QVERIFY(!QFile::exists(out + QStringLiteral("/notes.txt")));
        QVERIFY(QFile::exists(out + QLatin1Char('/') + written));

        // All of it the tool's own: replaced, nothing set aside, nothing half-written left.
        run = cli(filled(arguments, out, dir.path()) << QStringLiteral("--force"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QStringList entries = QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        entries.sort();
        QCOMPARE(entries, (QStringList{QStringLiteral("mask.safetensors"), QStringLiteral("out"), QStringLiteral("out.previous"),
                                       QStringLiteral("scores.safetensors")}));
    }

    // A score map given as --mask was used as gates (accuracy 0.71 -> 0.06, no warning);
    // each command refuses a file of the wrong kind, naming it and saying what it is.
    void wrongKindsAreRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        const QString bert = fixture(QStringLiteral("bert")), data = bert + QStringLiteral("/reference.safetensors");
        const QString scores = QStringLiteral("{DIR}/scores.safetensors"), mask = QStringLiteral("{DIR}/mask.safetensors");
        const QString notAMask = QStringLiteral("{DIR}/scores.safetensors is a score map, not a mask");
        QTest::newRow("eval --mask scores") << QStringList{QStringLiteral("eval"), QStringLiteral("--model"), bert, QStringLiteral("--data"),
                                                           data, QStringLiteral("--mask"), scores}
                                            << notAMask;
        QTest::newRow("forward --mask scores") << QStringList{QStringLiteral("forward"), QStringLiteral("--model"), bert,
                                                              QStringLiteral("--inputs"), data, QStringLiteral("--mask"), scores,
                                                              QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                               << notAMask;
        QTest::newRow("export --mask scores") << QStringList{QStringLiteral("export"), QStringLiteral("--model"), bert,
                                                             QStringLiteral("--mask"), scores, QStringLiteral("--out"),
                                                             QStringLiteral("{OUT}")}
                                              << notAMask;
        QTest::newRow("train --mask scores") << QStringList{QStringLiteral("train"), QStringLiteral("--model"), bert,
                                                            QStringLiteral("--data"), data, QStringLiteral("--mask"), scores,
                                                            QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                             << notAMask;
        QTest::newRow("mask-analysis --mask scores") << QStringList{QStringLiteral("mask-analysis"), QStringLiteral("--model"), bert,
                                                                    QStringLiteral("--mask"), scores}
                                                     << notAMask;
        QTest::newRow("export --scores mask") << QStringList{QStringLiteral("export"), QStringLiteral("--model"), bert,
                                                             QStringLiteral("--mask"), mask, QStringLiteral("--scores"), mask,
                                                             QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                              << QStringLiteral("{DIR}/mask.safetensors is a mask, not a score map");
        QTest::newRow("mask --scores mask") << QStringList{QStringLiteral("mask"), QStringLiteral("--scores"), mask,
                                                           QStringLiteral("--granularity"), QStringLiteral("head"),
                                                           QStringLiteral("--sparsity"), QStringLiteral("0.5"),
                                                           QStringLiteral("--out"), QStringLiteral("{OUT}")}
                                            << QStringLiteral("{DIR}/mask.safetensors is a mask, not a score map");
        QTest::newRow("eval --mask attribution") << QStringList{QStringLiteral("eval"), QStringLiteral("--model"), bert,
                                                                QStringLiteral("--data"), data, QStringLiteral("--mask"),
                                                                QStringLiteral("{DIR}/maps.safetensors")}
                                                 << QStringLiteral("{DIR}/maps.safetensors is an attribution map, not a mask");
        QTest::newRow("eval --mask comparison") << QStringList{QStringLiteral("eval"), QStringLiteral("--model"), bert,
                                                               QStringLiteral("--data"), data, QStringLiteral("--mask"),
                                                               QStringLiteral("{DIR}/comparison.json")}
                                                << QStringLiteral("{DIR}/comparison.json is a comparison, not a mask");
        QTest::newRow("eval --mask sweep") << QStringList{QStringLiteral("eval"), QStringLiteral("--model"), bert,
                                                          QStringLiteral("--data"), data, QStringLiteral("--mask"),
                                                          QStringLiteral("{DIR}/sweep")}
                                           << QStringLiteral("{DIR}/sweep is a sweep, not a mask");
        QTest::newRow("compare a mask with a score map")
            << QStringList{QStringLiteral("compare"), mask, scores, QStringLiteral("--csv"), QStringLiteral("{OUT}")}
            << QStringLiteral("compare needs two masks or two score maps: {DIR}/mask.safetensors is a mask, "
                              "{DIR}/scores.safetensors is a score map");
        QTest::newRow("compare an attribution map") << QStringList{QStringLiteral("compare"), mask, QStringLiteral("{DIR}/maps.safetensors")}
                                                    << QStringLiteral("{DIR}/maps.safetensors is an attribution map, not a mask or a score map");
    }
    void wrongKindsAreRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString bert = fixture(QStringLiteral("bert")), data = bert + QStringLiteral("/reference.safetensors");
        const auto made = [&](const QStringList &command) {
            const Run run = cli(command);
            QVERIFY2(run.exitCode == 0, run.err.constData());
        };
        made({QStringLiteral("score"), QStringLiteral("--model"), bert, QStringLiteral("--method"), QStringLiteral("magnitude"),
              QStringLiteral("--granularity"), QStringLiteral("head"), QStringLiteral("--out"), dir.filePath(QStringLiteral("scores.safetensors"))});
        made({QStringLiteral("mask"), QStringLiteral("--scores"), dir.filePath(QStringLiteral("scores.safetensors")),
              QStringLiteral("--granularity"), QStringLiteral("head"), QStringLiteral("--sparsity"), QStringLiteral("0.5"),
              QStringLiteral("--out"), dir.filePath(QStringLiteral("mask.safetensors"))});
        made({QStringLiteral("attribute"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data, QStringLiteral("--device"),
              QStringLiteral("cpu"), QStringLiteral("--out"), dir.filePath(QStringLiteral("maps.safetensors"))});
        made({QStringLiteral("sweep"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data, QStringLiteral("--methods"),
              QStringLiteral("magnitude"), QStringLiteral("--sparsities"), QStringLiteral("0.5"), QStringLiteral("--granularity"),
              QStringLiteral("head"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--out-dir"),
              dir.filePath(QStringLiteral("sweep"))});
        const Run compared = cli({QStringLiteral("compare"), dir.filePath(QStringLiteral("mask.safetensors")),
                                  dir.filePath(QStringLiteral("mask.safetensors")), QStringLiteral("--json")});
        QVERIFY2(compared.exitCode == 0, compared.err.constData());
        writeText(dir.filePath(QStringLiteral("comparison.json")), compared.out);
        if (QTest::currentTestFailed())
            return;

        const auto before = folderHashes(dir.path());
        const Run run = cli(filled(arguments, dir.filePath(QStringLiteral("out")), dir.path()));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(QString::fromUtf8(run.err).contains(QString(expected).replace(QStringLiteral("{DIR}"), dir.path())),
                 run.err.constData());
        QCOMPARE(folderHashes(dir.path()), before); // nothing written
    }

    // Files written before kinds were recorded: a mask of 0/1 U8 tensors is still a mask,
    // anything else a score map, and the refusal says it judged by the contents.
    void olderFilesAreKnownByTheirContents()
    {
        QTemporaryDir dir;
        const QString bert = fixture(QStringLiteral("bert")), data = bert + QStringLiteral("/reference.safetensors");
        const QString mask = dir.filePath(QStringLiteral("old-mask.safetensors")), scores = dir.filePath(QStringLiteral("old-scores.safetensors"));
        writeSafetensors(mask.toStdString(), {{"heads", torch::tensor({{1, 0, 1, 1}, {1, 1, 0, 1}}, torch::kUInt8)}}, {{"method", "taylor"}});
        writeSafetensors(scores.toStdString(), {{"heads", torch::rand({2, 4})}}, {{"method", "taylor"}});
        QVERIFY(SafetensorsFile::open(mask.toStdString())->metadata().count("prunescope.kind") == 0);
        const Run eval = cli({QStringLiteral("eval"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                              QStringLiteral("--mask"), mask, QStringLiteral("--json")});
        QVERIFY2(eval.exitCode == 0, eval.err.constData());
        QCOMPARE(QJsonDocument::fromJson(eval.out).object().value(QStringLiteral("mask_sparsity")).toDouble(), 0.25);
        const Run refused = cli({QStringLiteral("eval"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                                 QStringLiteral("--mask"), scores});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(scores.toUtf8() + " is a score map (it records no kind, and not all its values are 0 or 1), not a mask"),
                 refused.err.constData());
        const Run masked = cli({QStringLiteral("mask"), QStringLiteral("--model"), bert, QStringLiteral("--scores"), scores, QStringLiteral("--granularity"),
                                QStringLiteral("head"), QStringLiteral("--sparsity"), QStringLiteral("0.5"), QStringLiteral("--out"),
                                dir.filePath(QStringLiteral("new-mask.safetensors"))});
        QVERIFY2(masked.exitCode == 0, masked.err.constData());
        QCOMPARE(SafetensorsFile::open(dir.filePath(QStringLiteral("new-mask.safetensors")).toStdString())->metadata().at("prunescope.kind"),
                 std::string("mask"));
    }

    // An export into a folder that cannot be written in was reported as "not enough disk
    // space". /sys refuses writes to root as well (chmod does not stop root); as another
    // user a folder of mode 0555 is checked too.
    void unwritableExportSaysPermissionDenied()
    {
        if (!QFileInfo(QStringLiteral("/sys/kernel")).isDir())
            QSKIP("no /sys/kernel here: no folder that refuses writes even to root");
        QTemporaryDir dir;
        const QString bert = fixture(QStringLiteral("bert"));
        QVERIFY(writeHeadScoresAndMask(dir));
        QStringList folders{QStringLiteral("/sys/kernel")};
        if (::geteuid() != 0) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("read-only")));
            QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("read-only")), QFile::ReadOwner | QFile::ExeOwner));
            folders << dir.filePath(QStringLiteral("read-only"));
        }
        for (const QString &folder : folders) {
            const Run run = cli({QStringLiteral("export"), QStringLiteral("--model"), bert, QStringLiteral("--mask"),
                                 dir.filePath(QStringLiteral("mask.safetensors")), QStringLiteral("--out"),
                                 folder + QStringLiteral("/prunescope-export")});
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.contains("cannot write in " + folder.toUtf8() + ": permission denied"), run.err.constData());
            QVERIFY2(!run.err.contains("disk space"), run.err.constData());
            QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/prunescope-export")));
        }
        QFile::setPermissions(dir.filePath(QStringLiteral("read-only")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void infoDescribesTheModel()
    {
        const Run run = cli({QStringLiteral("info"), QStringLiteral("--model"), fixture(QStringLiteral("clip")), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject info = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(info.value(QStringLiteral("family")).toString(), QStringLiteral("clip"));
        QCOMPARE(info.value(QStringLiteral("towers")).toArray().size(), 2);
        QCOMPARE(info.value(QStringLiteral("prunable")).toObject().value(QStringLiteral("heads")).toInt(), 16);
        const Run text = cli({QStringLiteral("info"), QStringLiteral("--model"), fixture(QStringLiteral("bert"))});
        QVERIFY2(text.out.contains("tower encoder: 2 layers, hidden 64, 4 heads of 16, FFN 128, gelu"), text.out.constData());
    }

    void tokenizesPairs()
    {
        const Run run = cli({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"),
                             QStringLiteral(PRUNESCOPE_TEST_DATA "/tokenizers/bert-base-uncased"), QStringLiteral("--pair"),
                             QStringLiteral("second segment"), QStringLiteral("--json"), QStringLiteral("first segment here")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(result.value(QStringLiteral("ids")).toArray(),
                 QJsonArray({101, 2034, 6903, 2182, 102, 2117, 6903, 102}));
        QCOMPARE(result.value(QStringLiteral("token_type_ids")).toArray(), QJsonArray({0, 0, 0, 0, 0, 1, 1, 1}));
        QCOMPARE(result.value(QStringLiteral("tokens")).toArray().first().toString(), QStringLiteral("[CLS]"));
    }

    // COMMAND --help prints that command's usage (with the data options for one that reads
    // data), not the whole list; an unknown command still says so.
    void helpForOneCommand()
    {
        const Run train = cli({QStringLiteral("train"), QStringLiteral("--help")});
        QCOMPARE(train.exitCode, 0);
        QVERIFY2(train.out.startsWith("usage: prunescope-cli train [OPTIONS]"), train.out.constData());
        QVERIFY(train.out.contains("--prune isp|abp|imp") && train.out.contains("data (score, eval"));
        QVERIFY(!train.out.contains("  export ") && !train.out.contains("  tokenize "));
        // train's help lists every training method's options from their declarations, and
        // train --prune NAME --help that method's.
        QVERIFY2(train.out.contains("--denoisers integer  default 4") && train.out.contains("gum: GUM"), train.out.constData());
        const Run isp = cli({QStringLiteral("train"), QStringLiteral("--prune"), QStringLiteral("isp"), QStringLiteral("--help")});
        QCOMPARE(isp.exitCode, 0);
        QVERIFY2(isp.out.startsWith("isp: Instant Soup Pruning") && isp.out.contains("--soup") && !isp.out.contains("--rho"),
                 isp.out.constData());
        const Run mask = cli({QStringLiteral("mask"), QStringLiteral("-h")});
        QCOMPARE(mask.exitCode, 0);
        QVERIFY(mask.out.contains("--granularity weight|N:M|head|kv-group|neuron|layer") && !mask.out.contains("data (") &&
                !mask.out.contains("mask-analysis"));
        for (const QString &command : {QStringLiteral("shrink"), QStringLiteral("data")}) {
            const Run unknown = cli({command, QStringLiteral("--help")});
            QCOMPARE(unknown.exitCode, 2);
            QVERIFY2(unknown.err.contains("unknown command '" + command.toUtf8() + "'"), unknown.err.constData());
        }
    }

    // Every command's --help ends with an example that runs as written, from the source
    // folder on the demo models and data; they run in an order that makes each one's
    // inputs (score, then mask, then what reads the mask).
    void helpExamplesRunAsWritten()
    {
        const QStringList order = {QStringLiteral("info"), QStringLiteral("tokenize"), QStringLiteral("forward"),
                                   QStringLiteral("verify"), QStringLiteral("score"), QStringLiteral("methods"),
                                   QStringLiteral("mask"), QStringLiteral("eval"), QStringLiteral("sweep"),
                                   QStringLiteral("sigma-scan"), QStringLiteral("attribute"), QStringLiteral("export"), QStringLiteral("compare"),
                                   QStringLiteral("train"), QStringLiteral("prune"), QStringLiteral("mask-analysis"),
                                   QStringLiteral("redundancy"), QStringLiteral("study")};
        // Every command of the usage is in the order, so none goes without an example.
        QStringList commands;
        for (const QByteArray &line : cli({QStringLiteral("--help")}).out.split('\n'))
            if (line.startsWith("  ") && line.size() > 2 && line[2] != ' ' && !line.startsWith("  data "))
                commands << QString::fromUtf8(line.mid(2, line.indexOf(' ', 2) - 2));
        QCOMPARE(QSet<QString>(commands.begin(), commands.end()), QSet<QString>(order.begin(), order.end()));

        const QByteArray heading = "example (from the source folder, on the demo models and data):\n  ";
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PATH"), QFileInfo(QStringLiteral(PRUNESCOPE_CLI)).absolutePath() + QLatin1Char(':')
                                                       + environment.value(QStringLiteral("PATH")));
        for (const QString &command : order) {
            const Run help = cli({command, QStringLiteral("--help")});
            const qsizetype at = help.out.indexOf(heading);
            QVERIFY2(at >= 0, qPrintable(command + QStringLiteral(": no example")));
            const QByteArray example = help.out.mid(at + heading.size()).split('\n').front();
            QProcess shell;
            shell.setProcessEnvironment(environment);
            shell.setWorkingDirectory(QStringLiteral(PRUNESCOPE_TEST_DATA "/../.."));
            shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QString::fromUtf8(example)});
            QVERIFY(shell.waitForFinished(300000));
            QVERIFY2(shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0,
                     (example + "\n" + shell.readAllStandardError()).constData());
        }
    }

    // The noise scan: Smooth-Cut with almost no noise ranks as Taylor does, with noise as large
    // as each output's spread it departs; its Spearman is the one compare gives for the two
    // methods' score files made by score on the same data; --sigma and a mistyped option are
    // refused before any work.
    void sigmaScanAgainstScoreAndCompare()
    {
        QTemporaryDir dir;
        const QString bert = fixture(QStringLiteral("bert")), data = bert + QStringLiteral("/reference.safetensors");
        const QStringList model = {QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                                   QStringLiteral("--device"), QStringLiteral("cpu")};
        const Run scan = cli(QStringList{QStringLiteral("sigma-scan")} << model << QStringLiteral("--eval-data") << data
                                                                      << QStringLiteral("--sigmas") << QStringLiteral("1,1e-7")
                                                                      << QStringLiteral("--relative-sigma") << QStringLiteral("true")
                                                                      << QStringLiteral("--samples") << QStringLiteral("2")
                                                                      << QStringLiteral("--sparsities") << QStringLiteral("0.5,0.8")
                                                                      << QStringLiteral("--out-dir") << dir.filePath(QStringLiteral("scan"))
                                                                      << QStringLiteral("--json"));
        QVERIFY2(scan.exitCode == 0, scan.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(scan.out).object();
        const QJsonArray spearman = result.value(QStringLiteral("spearman_with_taylor")).toArray();
        QCOMPARE(result.value(QStringLiteral("sigmas")).toArray().first().toDouble(), 1e-7); // sorted
        QCOMPARE(spearman.size(), 2);
        qInfo("Spearman with Taylor: %.6f at sigma 1e-7, %.6f at sigma 1 (relative)", spearman[0].toDouble(),
              spearman[1].toDouble());
        QVERIFY(spearman[0].toDouble() > 0.9999);
        QVERIFY(spearman[1].toDouble() < 0.95);
        QCOMPARE(result.value(QStringLiteral("smooth_cut")).toArray().at(1).toArray().size(), 2);
        QCOMPARE(result.value(QStringLiteral("taylor")).toArray().size(), 2);
        for (const char *file : {"/scan/sigma-scan.csv", "/scan/sigma-scan.json", "/scan/sigma-scan.svg"})
            QVERIFY2(QFile::exists(dir.path() + QLatin1String(file)), file);

        const auto score = [&](const QString &name, const QStringList &options) {
            const QString out = dir.filePath(name + QStringLiteral(".safetensors"));
            const Run run = cli(QStringList{QStringLiteral("score")} << model << QStringLiteral("--granularity")
                                                                     << QStringLiteral("weight") << QStringLiteral("--out")
                                                                     << out << options);
            if (run.exitCode != 0)
                qWarning("%s", run.err.constData());
            return out;
        };
        const QString taylor = score(QStringLiteral("taylor"), {QStringLiteral("--method"), QStringLiteral("taylor")});
        const QString smooth = score(QStringLiteral("smooth"), {QStringLiteral("--method"), QStringLiteral("smooth-cut"),
                                                                QStringLiteral("--sigma"), QStringLiteral("1"),
                                                                QStringLiteral("--relative-sigma"), QStringLiteral("true"),
                                                                QStringLiteral("--samples"), QStringLiteral("2")});
        const Run compare = cli({QStringLiteral("compare"), taylor, smooth, QStringLiteral("--json")});
        QVERIFY2(compare.exitCode == 0, compare.err.constData());
        const double compared = QJsonDocument::fromJson(compare.out).object().value(QStringLiteral("overall")).toObject()
                                    .value(QStringLiteral("spearman")).toArray().at(0).toArray().at(1).toDouble();
        qInfo("compare's Spearman of the score files: %.9f, the scan's %.9f", compared, spearman[1].toDouble());
        QVERIFY(std::abs(compared - spearman[1].toDouble()) < 1e-9);

        const Run sigma = cli(QStringList{QStringLiteral("sigma-scan")} << model << QStringLiteral("--sigma")
                                                                       << QStringLiteral("0.1") << QStringLiteral("--out-dir")
                                                                       << dir.filePath(QStringLiteral("other")));
        QCOMPARE(sigma.exitCode, 2);
        QVERIFY2(sigma.err.contains("--sigmas"), sigma.err.constData());
        const Run shift = cli(QStringList{QStringLiteral("sigma-scan")} << model << QStringLiteral("--cam-shift")
                                                                       << QStringLiteral("0") << QStringLiteral("--out-dir")
                                                                       << dir.filePath(QStringLiteral("other")));
        QCOMPARE(shift.exitCode, 2);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("other"))));
    }

    // A sweep passes each method option to the swept methods that declare it, and records
    // it; an option that none of them declares is refused before any work.
    void sweepTakesMethodOptions()
    {
        QTemporaryDir dir;
        const QString bert = fixture(QStringLiteral("bert")), data = bert + QStringLiteral("/reference.safetensors");
        const QStringList sweep = {QStringLiteral("sweep"), QStringLiteral("--model"), bert, QStringLiteral("--data"), data,
                                   QStringLiteral("--sparsities"), QStringLiteral("0.5"), QStringLiteral("--granularity"),
                                   QStringLiteral("head"), QStringLiteral("--device"), QStringLiteral("cpu"),
                                   QStringLiteral("--samples"), QStringLiteral("2"), QStringLiteral("--json")};
        const Run run = cli(QStringList(sweep) << QStringLiteral("--methods") << QStringLiteral("taylor,smooth-cut")
                                               << QStringLiteral("--out-dir") << dir.filePath(QStringLiteral("a")));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject settings = QJsonDocument::fromJson(readText(dir.filePath(QStringLiteral("a/sweep.json")))).object();
        QVERIFY2(settings.value(QStringLiteral("options of smooth-cut")).toString().contains(QStringLiteral("samples=2")),
                 QJsonDocument(settings).toJson().constData());
        QVERIFY(!settings.contains(QStringLiteral("options of taylor")));
        const Run refused = cli(QStringList(sweep) << QStringLiteral("--methods") << QStringLiteral("taylor")
                                                   << QStringLiteral("--out-dir") << dir.filePath(QStringLiteral("b")));
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--samples is not an option of any method swept (taylor)"), refused.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("b"))));
    }

    // Mistakes get one line on stderr that names what is wrong, and a non-zero exit.
    void errorsAreOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("shrink")} << 2 << QStringLiteral("unknown command 'shrink'");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("info"), QStringLiteral("--modle"), QStringLiteral("x")} << 2
                                        << QStringLiteral("unknown option --modle");
        QTest::newRow("missing option") << QStringList{QStringLiteral("verify"), QStringLiteral("--model"), fixture(QStringLiteral("bert"))}
                                        << 2 << QStringLiteral("missing required option --reference");
        QTest::newRow("no such model") << QStringList{QStringLiteral("info"), QStringLiteral("--model"), QStringLiteral("/nonexistent/m")}
                                       << 1 << QStringLiteral("/nonexistent/m: not a folder");
        QTest::newRow("bad device") << QStringList{QStringLiteral("forward"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                                                   QStringLiteral("--inputs"), QStringLiteral("x"), QStringLiteral("--out"),
                                                   QStringLiteral("y"), QStringLiteral("--device"), QStringLiteral("tpu")}
                                    << 1 << QStringLiteral("device 'tpu' is not one of auto, cpu, cuda, cuda:N");
        QTest::newRow("inputs not safetensors") << QStringList{QStringLiteral("forward"), QStringLiteral("--model"), fixture(QStringLiteral("bert")),
                                                               QStringLiteral("--inputs"), fixture(QStringLiteral("bert")) + QStringLiteral("/config.json"),
                                                               QStringLiteral("--out"), QStringLiteral("/tmp/never-written.safetensors"),
                                                               QStringLiteral("--device"), QStringLiteral("cpu")}
                                                << 1 << QStringLiteral("config.json: header length");
    }
    void errorsAreOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains(expected), qPrintable(err));
        if (exitCode == 1)
            QCOMPARE(err.trimmed().count(QLatin1Char('\n')), 0);
        QVERIFY(!fs::exists("/tmp/never-written.safetensors"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
