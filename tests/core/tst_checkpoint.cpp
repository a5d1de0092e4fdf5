// Checkpoint folders: configs, tensor presence and shape checks, unexpected and ignored
// tensors, shard indexes, the header-only summary, and the structure table.
#include "core/models/checkpoint.h"
#include "core/models/checkpoint_summary.h"
#include "core/support/error.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace prunescope;
using namespace prunescope::testing;
namespace fs = std::filesystem;

namespace {

nlohmann::json readJson(const fs::path &path)
{
    return nlohmann::json::parse(std::ifstream(path));
}

// A copy of a fixture with its config and tensors changed by the callers.
fs::path makeVariant(const QTemporaryDir &dir, const std::string &family,
                     const std::function<void(nlohmann::json &)> &editConfig,
                     const std::function<void(NamedTensors &)> &editTensors)
{
    const fs::path folder = fs::path(dir.path().toStdString()) / family;
    fs::create_directories(folder);
    auto config = readJson(fixture(family) / "config.json");
    editConfig(config);
    std::ofstream(folder / "config.json") << config.dump(2);
    auto tensors = readAllTensors(fixture(family) / "model.safetensors");
    editTensors(tensors);
    writeSafetensors(folder / "model.safetensors", tensors);
    return folder;
}

void keepConfig(nlohmann::json &) {}
void keepTensors(NamedTensors &) {}

// Runs `load` and returns the message of the prunescope::Error it must throw.
QString errorOf(const std::function<void()> &load)
{
    try {
        load();
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("(no error)");
}

// A copy of `family`'s fixture with config.json's `key` set to `value` (JSON) must be
// refused with a message naming config.json and holding `expected`.
void checkConfigRefused(const std::string &family, const QString &key, const QString &value, const QString &expected)
{
    QTemporaryDir dir;
    const auto folder = makeVariant(
        dir, family, [&](nlohmann::json &c) { c[key.toStdString()] = nlohmann::json::parse(value.toStdString()); },
        keepTensors);
    const QString message = errorOf([&] { Checkpoint::open(folder)->loadModel(); });
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("config.json")), qPrintable(message));
}

} // namespace

class TestCheckpoint : public QObject
{
    Q_OBJECT

private slots:
    void rejectsBadConfigs_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("model type") << QStringLiteral("model_type") << QStringLiteral("\"t5\"")
                                    << QStringLiteral("model_type 't5' is not supported");
        QTest::newRow("architecture") << QStringLiteral("architectures") << QStringLiteral("[\"BertForQuestionAnswering\"]")
                                      << QStringLiteral("architecture 'BertForQuestionAnswering' is not supported");
        QTest::newRow("heads do not divide") << QStringLiteral("num_attention_heads") << QStringLiteral("5")
                                             << QStringLiteral("not divisible by the number of attention heads 5");
        QTest::newRow("negative layers") << QStringLiteral("num_hidden_layers") << QStringLiteral("-1")
                                         << QStringLiteral("'num_hidden_layers' must be a positive integer");
        QTest::newRow("wrong type") << QStringLiteral("hidden_size") << QStringLiteral("\"64\"")
                                    << QStringLiteral("'hidden_size' must be an integer");
        QTest::newRow("activation") << QStringLiteral("hidden_act") << QStringLiteral("\"mish\"")
                                    << QStringLiteral("activation 'mish' is not supported");
        // Found by the fuzz targets: 4 x hidden overflowed int64_t, and a huge num_labels
        // named its labels one by one until memory ran out.
        QTest::newRow("width beyond int32") << QStringLiteral("hidden_size") << QStringLiteral("4611686018427387904")
                                            << QStringLiteral("'hidden_size' must be a positive integer up to 2147483647");
        QTest::newRow("too many labels") << QStringLiteral("num_labels") << QStringLiteral("100000000000")
                                         << QStringLiteral("'num_labels' must be a positive integer up to 1000000");
        QTest::newRow("labels against id2label") << QStringLiteral("num_labels") << QStringLiteral("5")
                                                 << QStringLiteral("'num_labels' is 5 but 'id2label' names 3 labels");
    }
    void rejectsBadConfigs()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        checkConfigRefused("bert", key, value, expected);
    }

    // The decoders' own keys: rotary scalings PruneScope does not compute, key-value heads
    // that do not divide the query heads, an odd head size, Qwen2's layer types.
    void rejectsBadDecoderConfigs_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("yarn") << QStringLiteral("llama") << QStringLiteral("rope_parameters")
                              << QStringLiteral(R"({"rope_type": "yarn", "rope_theta": 10000.0, "factor": 4.0})")
                              << QStringLiteral("rope_type' 'yarn' is not supported");
        QTest::newRow("llama3 frequencies") << QStringLiteral("llama") << QStringLiteral("rope_parameters")
                                            << QStringLiteral(R"({"rope_type": "llama3", "rope_theta": 10000.0, "factor": 8.0,
                                                                  "low_freq_factor": 4.0, "high_freq_factor": 1.0})")
                                            << QStringLiteral("high_freq_factor' must be above low_freq_factor");
        QTest::newRow("key-value heads") << QStringLiteral("llama") << QStringLiteral("num_key_value_heads")
                                         << QStringLiteral("3") << QStringLiteral("does not divide num_attention_heads 4");
        QTest::newRow("odd head size") << QStringLiteral("mistral") << QStringLiteral("head_dim") << QStringLiteral("15")
                                       << QStringLiteral("'head_dim' 15 is odd");
        QTest::newRow("layer types count") << QStringLiteral("qwen2") << QStringLiteral("layer_types")
                                           << QStringLiteral(R"(["full_attention"])")
                                           << QStringLiteral("must list one type for each of the 2 layers");
        QTest::newRow("layer type") << QStringLiteral("qwen2") << QStringLiteral("layer_types")
                                    << QStringLiteral(R"(["full_attention", "chunked_attention"])")
                                    << QStringLiteral("entry 1 must be full_attention or sliding_attention");
    }
    void rejectsBadDecoderConfigs()
    {
        QFETCH(QString, family);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        checkConfigRefused(family.toStdString(), key, value, expected);
    }

    // A new classification head: the config takes the classes, the classifier starts afresh
    // (weights drawn with the seed at initializer_range, bias zero; the old head's tensors
    // neither loaded nor reported as unexpected), everything else is the checkpoint's.
    void newHeadForOtherClasses()
    {
        const auto checkpoint = Checkpoint::open(fixture("bert"));
        LoadOptions options;
        options.newLabels = {"a", "b", "c", "d", "e"};
        options.seed = 3;
        LoadReport report;
        const auto model = checkpoint->loadModel(options, &report);
        QCOMPARE(model->config().numLabels, int64_t(5));
        QCOMPARE(model->config().labelNames, options.newLabels);
        QCOMPARE(report.initialised, (std::vector<std::string>{"classifier.weight", "classifier.bias"}));
        QVERIFY(report.warnings.empty());
        const auto params = model->named_parameters();
        const auto weight = params["classifier.weight"];
        QCOMPARE(weight.sizes().vec(), (std::vector<int64_t>{5, 64}));
        QVERIFY(params["classifier.bias"].eq(0).all().item<bool>());
        // 320 draws: the sample deviation within 20 % of 0.02 (its relative spread is about 1/sqrt(640) = 4 %).
        const double spread = weight.std().item<double>();
        qInfo("fresh classifier: std %.5f (initializer_range 0.02)", spread);
        QVERIFY(std::abs(spread - 0.02) < 0.004);
        for (const auto &item : params)
            if (item.key().rfind("classifier.", 0) != 0)
                QVERIFY2(item.value().equal(checkpoint->tensor(report.fileNames.at(item.key()))), item.key().c_str());
        QVERIFY(checkpoint->loadModel(options)->named_parameters()["classifier.weight"].equal(weight)); // seeded
        options.seed = 4;
        QVERIFY(!checkpoint->loadModel(options)->named_parameters()["classifier.weight"].equal(weight));

        // The same number of classes under other names: still a new head.
        options.newLabels = {"x", "y", "z"};
        QVERIFY(!checkpoint->loadModel(options)->named_parameters()["classifier.weight"].equal(
            checkpoint->tensor("classifier.weight")));
        const auto config = nlohmann::json::parse(checkpoint->loadModel(options)->config().json);
        QCOMPARE(config.at("id2label").dump(), std::string(R"({"0":"x","1":"y","2":"z"})"));
        QCOMPARE(config.at("label2id").dump(), std::string(R"({"x":0,"y":1,"z":2})"));

        // Refused: a model without a classifier, repeated classes, a single class.
        QVERIFY_THROWS_EXCEPTION(Error, Checkpoint::open(fixture("gpt2"))->loadModel(options));
        options.newLabels = {"x", "x"};
        QVERIFY_THROWS_EXCEPTION(Error, checkpoint->loadModel(options));
        options.newLabels = {"x"};
        QVERIFY_THROWS_EXCEPTION(Error, checkpoint->loadModel(options));
    }

    void reportsMissingTensor()
    {
        QTemporaryDir dir;
        const auto folder = makeVariant(dir, "bert", keepConfig, [](NamedTensors &t) {
            t.erase(std::remove_if(t.begin(), t.end(),
                                   [](const auto &p) { return p.first == "bert.encoder.layer.1.output.dense.weight"; }),
                    t.end());
        });
        const QString message = errorOf([&] { Checkpoint::open(folder)->loadModel(); });
        QVERIFY2(message.contains(QStringLiteral("'bert.encoder.layer.1.output.dense.weight' (shape [64, 128]) is missing")),
                 qPrintable(message));
    }

    void reportsShapeMismatch()
    {
        QTemporaryDir dir;
        const auto folder = makeVariant(dir, "gpt2", [](nlohmann::json &c) { c["n_inner"] = 128; }, keepTensors);
        const QString message = errorOf([&] { Checkpoint::open(folder)->loadModel(); });
        QVERIFY2(message.contains(QStringLiteral("'transformer.h.0.mlp.c_fc.weight' in model.safetensors has shape [64, 256], "
                                                 "config.json implies [64, 128]")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("more problems")), qPrintable(message));
    }

    void reportsUnexpectedAndIgnoresBuffers()
    {
        QTemporaryDir dir;
        const auto folder = makeVariant(dir, "gpt2", keepConfig, [](NamedTensors &t) {
            t.emplace_back("transformer.h.0.attn.bias", torch::ones({1, 1, 64, 64}).tril());
            t.emplace_back("transformer.h.0.attn.masked_bias", torch::tensor(-1e4));
            t.emplace_back("lm_head.weight", torch::zeros({1000, 64}));
            t.emplace_back("score.weight", torch::zeros({2, 64}));
        });
        LoadReport report;
        Checkpoint::open(folder)->loadModel({}, &report);
        QCOMPARE(int(report.warnings.size()), 1);
        QCOMPARE(QString::fromStdString(report.warnings[0]),
                 QStringLiteral("unexpected tensor 'score.weight' in model.safetensors was not loaded"));
    }

    void rejectsBrokenIndexes_data()
    {
        QTest::addColumn<QString>("shard");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing shard") << QStringLiteral("model-00002-of-00002.safetensors")
                                       << QStringLiteral("shard 'model-00002-of-00002.safetensors' is missing");
        QTest::newRow("outside the folder") << QStringLiteral("../model.safetensors")
                                            << QStringLiteral("which is not a file in the checkpoint folder");
    }
    void rejectsBrokenIndexes()
    {
        QFETCH(QString, shard);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const fs::path folder(dir.path().toStdString());
        fs::copy_file(fixture("bert") / "config.json", folder / "config.json");
        fs::copy_file(fixture("bert") / "model.safetensors", folder / "model-00001-of-00002.safetensors");
        nlohmann::json map;
        for (const auto &entry : SafetensorsFile::open(folder / "model-00001-of-00002.safetensors")->names())
            map[entry] = "model-00001-of-00002.safetensors";
        map["classifier.weight"] = shard.toStdString();
        std::ofstream(folder / "model.safetensors.index.json") << nlohmann::json{{"weight_map", map}}.dump();
        const QString message = errorOf([&] { Checkpoint::open(folder); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void rejectsFoldersWithoutWeights()
    {
        QTemporaryDir dir;
        const fs::path folder(dir.path().toStdString());
        fs::copy_file(fixture("bert") / "config.json", folder / "config.json");
        std::ofstream(folder / "pytorch_model.bin") << "pickle";
        QVERIFY(errorOf([&] { Checkpoint::open(folder); }).contains(QStringLiteral("pytorch_model.bin is not read")));
        QVERIFY(errorOf([&] { Checkpoint::open(folder / "nothing-here"); }).contains(QStringLiteral("not a folder")));
    }

    void summarizesWithoutLoading_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("towers");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("neurons");
        QTest::newRow("bert") << QStringLiteral("bert") << QStringLiteral("encoder") << 8 << 256;
        QTest::newRow("gpt2") << QStringLiteral("gpt2") << QStringLiteral("decoder") << 8 << 512;
        QTest::newRow("clip") << QStringLiteral("clip") << QStringLiteral("text,vision") << 16 << 512;
    }
    void summarizesWithoutLoading()
    {
        QFETCH(QString, family);
        QFETCH(QString, towers);
        QFETCH(int, heads);
        QFETCH(int, neurons);
        const auto summary = summarizeCheckpoint(fixture(family.toStdString()));
        QStringList names;
        for (const auto &t : summary.structure.towers)
            names << QString::fromStdString(t.name);
        QCOMPARE(names.join(QLatin1Char(',')), towers);
        QCOMPARE(int(summary.structure.headCount()), heads);
        QCOMPARE(int(summary.structure.neuronCount()), neurons);

        // The header-only count equals the loaded model's parameters plus what loading skips.
        const auto checkpoint = Checkpoint::open(fixture(family.toStdString()));
        int64_t loaded = 0;
        for (const auto &p : checkpoint->loadModel()->parameters())
            loaded += p.numel();
        QCOMPARE(summary.parameterCount, loaded);
    }

    // The structure table and the modules must agree on every prunable matrix.
    void structureMatchesParameters_data()
    {
        QTest::addColumn<QString>("family");
        QTest::newRow("bert") << QStringLiteral("bert");
        QTest::newRow("gpt2") << QStringLiteral("gpt2");
        QTest::newRow("clip") << QStringLiteral("clip");
    }
    void structureMatchesParameters()
    {
        QFETCH(QString, family);
        auto model = Checkpoint::open(fixture(family.toStdString()))->loadModel();
        const auto params = model->named_parameters();
        int matrices = 0;
        for (const auto &tower : model->structure().towers) {
            for (const auto &layer : tower.layers) {
                for (const auto &m : layer.matrices) {
                    const auto *weight = params.find(m.weight);
                    QVERIFY2(weight, m.weight.c_str());
                    const std::vector<int64_t> expected = m.inputMajor ? std::vector<int64_t>{m.inFeatures, m.outFeatures}
                                                                       : std::vector<int64_t>{m.outFeatures, m.inFeatures};
                    QCOMPARE(weight->sizes().vec(), expected);
                    QVERIFY2(params.find(m.bias), m.bias.c_str());
                    ++matrices;
                }
            }
        }
        QCOMPARE(matrices, family == QLatin1String("gpt2") ? 8 : family == QLatin1String("bert") ? 12 : 24);
    }

    // Every family's checkpoint split into two shards with an index, as transformers writes
    // large models, loads to the same model: the same outputs on the fixture's inputs, bit for bit.
    void loadsShardedCheckpoints_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto &family : fixtureFamilies())
            QTest::newRow(family.c_str()) << QString::fromStdString(family);
    }
    void loadsShardedCheckpoints()
    {
        QFETCH(QString, name);
        const std::string family = name.toStdString();
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / family;
        fs::create_directories(folder);
        for (const auto &entry : fs::directory_iterator(fixture(family)))
            if (entry.path().extension() == ".json")
                fs::copy_file(entry.path(), folder / entry.path().filename());
        const auto tensors = readAllTensors(fixture(family) / "model.safetensors");
        const size_t half = tensors.size() / 2;
        nlohmann::json map;
        for (int shard = 0; shard < 2; ++shard) {
            const std::string file = "model-0000" + std::to_string(shard + 1) + "-of-00002.safetensors";
            const NamedTensors part(tensors.begin() + (shard ? std::ptrdiff_t(half) : 0),
                                    shard ? tensors.end() : tensors.begin() + std::ptrdiff_t(half));
            for (const auto &[tensor, value] : part)
                map[tensor] = file;
            writeSafetensors(folder / file, part);
        }
        std::ofstream(folder / "model.safetensors.index.json") << nlohmann::json{{"weight_map", map}}.dump();

        torch::NoGradGuard noGrad;
        const ModelInputs inputs = fixtureInputs(family);
        const auto sharded = Checkpoint::open(folder)->loadModel()->forward(inputs);
        const auto single = Checkpoint::open(fixture(family))->loadModel()->forward(inputs);
        QVERIFY(torch::equal(sharded.lastHiddenState.defined() ? sharded.lastHiddenState : sharded.imageEmbeds,
                             single.lastHiddenState.defined() ? single.lastHiddenState : single.imageEmbeds));
        if (single.logits.defined())
            QVERIFY(torch::equal(sharded.logits, single.logits));
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
