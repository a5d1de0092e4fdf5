// Export of a masked model on every fixture family: shapes and config keys of the shrunk
// checkpoint, its outputs against the masked source model (recomputed here), the zeros
// and masks forms, tokenizer files and provenance, and the refusals (existing folder,
// another model's mask, a full disk, a cancel) that must leave nothing behind.
#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/io/checkpoint_folder.h"
#include "core/io/sharded_weights.h"
#include "core/support/error.h"
#include "core/export/export.h"
#include "core/pruning/masks.h"
#include "core/models/reference_run.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace prunescope;
namespace fs = std::filesystem;

namespace {

const fs::path kData = PRUNESCOPE_TEST_DATA;

fs::path fixture(const QString &family)
{
    return kData / "hf" / family.toStdString();
}

// Heads: the first two of every layer pruned. Neurons: layer l keeps its first
// ffn / 2 + 3 * l units (different widths per layer).
ScoreMap handMask(const Checkpoint &checkpoint, bool heads, bool neurons)
{
    const ModelStructure structure = describeStructure(checkpoint.config());
    ScoreMap mask;
    mask.provenance = {{"method", "by hand"}};
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const auto &tower = structure.towers[t];
        const int64_t layers = int64_t(tower.layers.size());
        if (heads) {
            auto m = torch::ones({layers, tower.heads});
            m.slice(1, 0, 2).zero_();
            mask.tensors[headsName(structure, t)] = m;
        }
        if (neurons) {
            auto m = torch::zeros({layers, tower.ffn});
            for (int64_t l = 0; l < layers; ++l)
                m[l].slice(0, 0, tower.ffn / 2 + 3 * l).fill_(1);
            mask.tensors[neuronsName(structure, t)] = m;
        }
    }
    return mask;
}

NamedTensors outputsOf(TransformerModel &model, const ModelInputs &inputs)
{
    NamedTensors kept;
    for (auto &[name, tensor] : computeNamedOutputs(model, inputs, false))
        if (name == "logits" || name == "logits_per_image" || name == "text_embeds" || name == "image_embeds")
            kept.emplace_back(name, tensor);
    return kept;
}

double maxDifference(const NamedTensors &a, const NamedTensors &b)
{
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, (a[i].second - b[i].second).abs().max().item<double>());
    return worst;
}

nlohmann::json readJson(const fs::path &path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

bool onlyEntryIs(const fs::path &folder, const std::string &name)
{
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    return names == std::vector<std::string>{name};
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void shrunkMatchesTheMaskedModel_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("ffnKey"); // where config.json says the FFN width
        QTest::newRow("bert") << QStringLiteral("bert") << QStringLiteral("/intermediate_size");
        QTest::newRow("gpt2") << QStringLiteral("gpt2") << QStringLiteral("/n_inner");
        QTest::newRow("clip") << QStringLiteral("clip") << QStringLiteral("/vision_config/intermediate_size");
        QTest::newRow("roberta") << QStringLiteral("roberta") << QStringLiteral("/intermediate_size");
        QTest::newRow("distilbert") << QStringLiteral("distilbert") << QStringLiteral("/hidden_dim");
        QTest::newRow("vit") << QStringLiteral("vit") << QStringLiteral("/intermediate_size");
        QTest::newRow("llama") << QStringLiteral("llama") << QStringLiteral("/intermediate_size");
        QTest::newRow("qwen2") << QStringLiteral("qwen2") << QStringLiteral("/intermediate_size");
        QTest::newRow("mistral") << QStringLiteral("mistral") << QStringLiteral("/intermediate_size");
    }

    void shrunkMatchesTheMaskedModel()
    {
        QFETCH(QString, family);
        QFETCH(QString, ffnKey);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto checkpoint = Checkpoint::open(fixture(family));
        const ScoreMap mask = handMask(*checkpoint, true, true);
        const TowerConfig &last = checkpoint->config().towers.back();
        const int64_t widest = last.ffn / 2 + 3 * (last.layers - 1);

        const ExportResult padded = exportModel(fixture(family), mask, root / "pad");
        QVERIFY(padded.verified);
        QVERIFY(!padded.plan.maskUniform);
        QCOMPARE(readJson(root / "pad" / "config.json").at(nlohmann::json::json_pointer(ffnKey.toStdString())).get<int64_t>(),
                 widest);
        const auto exported = Checkpoint::open(root / "pad");
        const ModelStructure structure = describeStructure(exported->config());
        const PrunableMatrix &fc1 = structure.towers.back().layers.front().withRole(MatrixRole::FfnIn);
        QCOMPARE(exported->entry(exported->storedName(fc1.weight)).elementCount(), uint64_t(widest * fc1.inFeatures));

        // Recomputed here: the export against the source under the mask, and against the dense source.
        auto source = checkpoint->loadModel();
        source->eval();
        auto model = exported->loadModel();
        model->eval();
        ModelInputs inputs = readModelInputs(*SafetensorsFile::open(fixture(family) / "reference.safetensors"));
        inputs.labels = torch::Tensor();
        const NamedTensors dense = outputsOf(*source, inputs);
        applyMask(*source, mask);
        const NamedTensors masked = outputsOf(*source, inputs), ours = outputsOf(*model, inputs);
        const double difference = maxDifference(ours, masked), fromDense = maxDifference(ours, dense);
        qInfo("%s pad: max |export - masked| %.3g, |export - dense| %.3g, %lld -> %lld parameters", qPrintable(family),
              difference, fromDense, static_cast<long long>(padded.plan.parametersBefore),
              static_cast<long long>(padded.plan.parametersAfter));
        QVERIFY(difference < 1e-5);
        QVERIFY(fromDense > 1e-3); // the mask matters

        // Planned sizes are the sizes written.
        int64_t parameters = 0;
        for (const auto &name : exported->tensorNames())
            parameters += int64_t(exported->entry(name).elementCount());
        QCOMPARE(parameters, padded.plan.parametersAfter);
        QCOMPARE(planExport(*checkpoint, mask, {}).parametersAfter, padded.plan.parametersAfter);

        // Trimmed to one width: the mean of the kept counts, fewer parameters, units changed.
        ExportOptions trim;
        trim.uniform = UniformPolicy::Trim;
        const ExportResult trimmed = exportModel(fixture(family), mask, root / "trim", trim);
        QVERIFY(trimmed.verified);
        QCOMPARE(trimmed.plan.towers.back().ffnAfter, int64_t(std::llround(double(last.ffn / 2) + 1.5 * double(last.layers - 1))));
        QVERIFY(trimmed.plan.parametersAfter < padded.plan.parametersAfter);
        QVERIFY(trimmed.plan.neuronsChanged > 0);

        // Rounded up to an aligned width with zero units: still exact.
        trim.align = 16;
        const ExportResult aligned = exportModel(fixture(family), mask, root / "aligned", trim);
        QCOMPARE(aligned.plan.towers.back().ffnAfter % 16, int64_t(0));
        QVERIFY(aligned.plan.towers.back().ffnAfter > trimmed.plan.towers.back().ffnAfter);
        QVERIFY(aligned.verified);
    }

    // Llama-style configs state the head size, so heads go: every layer the same number of
    // key-value groups, each with the same number of query heads. The fixture's Llama has
    // 4 query heads over 2 key-value heads.
    void decoderHeadsShrink()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto checkpoint = Checkpoint::open(fixture(QStringLiteral("llama")));
        ModelInputs inputs = readModelInputs(*SafetensorsFile::open(fixture(QStringLiteral("llama")) / "reference.safetensors"));
        inputs.labels = torch::Tensor();
        const auto exportedOutputs = [&](const fs::path &folder) {
            auto model = Checkpoint::open(folder)->loadModel();
            model->eval();
            return outputsOf(*model, inputs);
        };
        const auto maskedOutputs = [&](const ScoreMap &mask) {
            auto model = checkpoint->loadModel();
            model->eval();
            applyMask(*model, mask);
            return outputsOf(*model, inputs);
        };
        // Uniform: group 1 (heads 2, 3) and head 1 pruned in both layers -> 1 group of 1 head.
        ScoreMap uniform;
        uniform.tensors["heads"] = torch::tensor({1.f, 0.f, 0.f, 0.f, 1.f, 0.f, 0.f, 0.f}).view({2, 4});
        const ExportResult one = exportModel(fixture(QStringLiteral("llama")), uniform, root / "uniform");
        const auto config = readJson(root / "uniform" / "config.json");
        QCOMPARE(config.at("num_attention_heads").get<int64_t>(), int64_t(1));
        QCOMPARE(config.at("num_key_value_heads").get<int64_t>(), int64_t(1));
        QCOMPARE(config.at("head_dim").get<int64_t>(), int64_t(16));
        const auto exported = Checkpoint::open(root / "uniform");
        QCOMPARE(exported->tensor("model.layers.0.self_attn.q_proj.weight").sizes().vec(), (std::vector<int64_t>{16, 64}));
        QCOMPARE(exported->tensor("model.layers.1.self_attn.k_proj.weight").sizes().vec(), (std::vector<int64_t>{16, 64}));
        QCOMPARE(exported->tensor("model.layers.1.self_attn.o_proj.weight").sizes().vec(), (std::vector<int64_t>{64, 16}));
        LoadReport report;
        exported->loadModel({}, &report);
        QCOMPARE(int(report.warnings.size()), 0); // no missing or unexpected tensors
        const double difference = maxDifference(exportedOutputs(root / "uniform"), maskedOutputs(uniform));
        qInfo("uniform heads: 4/2 -> 1/1 per layer, %lld -> %lld parameters, max |export - masked| %.3g",
              static_cast<long long>(one.plan.parametersBefore), static_cast<long long>(one.plan.parametersAfter), difference);
        QVERIFY(difference < 1e-5);
        QCOMPARE(one.plan.parametersBefore - one.plan.parametersAfter, int64_t(2 * (3 * 16 * 64 /* q */ + 2 * 16 * 64 /* k, v */ + 64 * 3 * 16 /* o */)));

        // Not uniform: layer 0 keeps heads 0, 1, 2 (both groups), layer 1 head 0 (one group).
        ScoreMap uneven;
        uneven.tensors["heads"] = torch::tensor({1.f, 1.f, 1.f, 0.f, 1.f, 0.f, 0.f, 0.f}).view({2, 4});
        const ExportResult padded = exportModel(fixture(QStringLiteral("llama")), uneven, root / "pad");
        QCOMPARE(padded.plan.towers[0].headsAfter, int64_t(4)); // the widest layer: 2 groups of 2
        QCOMPARE(padded.plan.headsChanged, int64_t(0));
        QVERIFY(maxDifference(exportedOutputs(root / "pad"), maskedOutputs(uneven)) < 1e-5);
        ExportOptions trim;
        trim.uniform = UniformPolicy::Trim;
        const ExportResult trimmed = exportModel(fixture(QStringLiteral("llama")), uneven, root / "trim", trim);
        // Trimmed: round(mean 1.5 groups) = 2 groups of round(mean 4/3 heads) = 1: layer 0 drops
        // one head of group 0, layer 1 brings one head of group 1 back.
        QCOMPARE(trimmed.plan.towers[0].headsAfter, int64_t(2));
        QCOMPARE(trimmed.plan.towers[0].kvHeadsAfter, int64_t(2));
        QCOMPARE(trimmed.plan.headsChanged, int64_t(2));
        QVERIFY(trimmed.verified);
        QVERIFY(trimmed.plan.parametersAfter < padded.plan.parametersAfter);
    }

    // Shards as save_pretrained writes them: a small shard size gives model-0000k-of-0000n
    // files and an index that maps every tensor once, each shard within the size (or one
    // tensor larger than it), and the same tensors, bit for bit, as the export in one file.
    void shardedExportsMatchOneFile()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto checkpoint = Checkpoint::open(fixture(QStringLiteral("gpt2")));
        const ScoreMap mask = handMask(*checkpoint, true, true);
        ExportOptions whole;
        exportModel(fixture(QStringLiteral("gpt2")), mask, root / "whole", whole);
        ExportOptions sharded;
        sharded.maxShardBytes = parseByteSize("100KB", "--shard-size");
        QCOMPARE(sharded.maxShardBytes, uint64_t(100'000));
        const ExportResult result = exportModel(fixture(QStringLiteral("gpt2")), mask, root / "sharded", sharded);
        QVERIFY(result.verified && result.maxDifference < 1e-5);
        QVERIFY(!fs::exists(root / "sharded" / "model.safetensors"));
        const auto index = readJson(root / "sharded" / "model.safetensors.index.json");
        const auto one = Checkpoint::open(root / "whole"), many = Checkpoint::open(root / "sharded");
        QCOMPARE(many->tensorNames(), one->tensorNames());
        QCOMPARE(index.at("weight_map").size(), one->tensorNames().size());
        std::map<std::string, uint64_t> shardBytes, largest;
        uint64_t total = 0;
        for (const auto &name : one->tensorNames()) {
            QVERIFY2(many->tensor(name).equal(one->tensor(name)), name.c_str());
            const auto &entry = many->entry(name);
            const std::string file = index.at("weight_map").at(name).get<std::string>();
            QVERIFY2(file.size() == 32 && file.rfind("model-", 0) == 0, file.c_str()); // model-00001-of-0000N.safetensors
            shardBytes[file] += entry.end - entry.begin;
            largest[file] = std::max(largest[file], entry.end - entry.begin);
            total += entry.end - entry.begin;
        }
        QVERIFY(shardBytes.size() > 2);
        for (const auto &[file, bytes] : shardBytes) {
            QVERIFY(fs::exists(root / "sharded" / file));
            QVERIFY2(bytes <= sharded.maxShardBytes || bytes == largest[file], file.c_str());
        }
        QCOMPARE(index.at("metadata").at("total_size").get<uint64_t>(), total);
        QCOMPARE(parseByteSize("2GiB", "--shard-size"), uint64_t(2) << 30);
        for (const char *bad : {"0", "5XB", "GB", "-1MB"})
            QVERIFY_THROWS_EXCEPTION(Error, parseByteSize(bad, "--shard-size"));
    }

    // Tensors go to disk as they come, in a data file per element size joined behind the
    // header: every dtype lands aligned and readable, names are checked across shards, and
    // no data file is left behind, finished or not.
    void shardedWriterStreamsMixedTypes()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const NamedTensors tensors = {{"a.u8", torch::arange(7, torch::kUInt8)},
                                      {"b.f32", torch::randn({3, 5})},
                                      {"c.i64", torch::arange(5, torch::kLong)},
                                      {"d.bf16", torch::randn({9}).to(torch::kBFloat16)},
                                      {"e.f32", torch::randn({4})}};
        {
            ShardedWriter writer(root, 80, {{"format", "pt"}});
            for (const auto &[name, tensor] : tensors)
                writer.add(name, tensor);
            std::string error;
            try {
                writer.add("b.f32", torch::zeros({1}));
            } catch (const Error &e) {
                error = e.what();
            }
            QVERIFY2(error.find("'b.f32' given twice") != std::string::npos, error.c_str());
            writer.finish();
        }
        const auto index = readJson(root / "model.safetensors.index.json");
        QVERIFY(index.at("weight_map").size() == tensors.size());
        for (const auto &[name, tensor] : tensors) {
            const auto file = SafetensorsFile::open(root / index.at("weight_map").at(name).get<std::string>());
            QVERIFY2(file->tensor(name).equal(tensor), name.c_str());
            QCOMPARE(file->metadata().at("format"), std::string("pt"));
        }
        {
            ShardedWriter unfinished(root / "unfinished", 1000, {});
            fs::create_directories(root / "unfinished");
            unfinished.add("x", torch::ones({10}));
        }
        QVERIFY(fs::is_empty(root / "unfinished"));
        for (const auto &entry : fs::directory_iterator(root))
            QVERIFY2(entry.path().string().find(".data") == std::string::npos, entry.path().c_str());
    }

    void zerosKeepShapesAndMasksReapply()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto checkpoint = Checkpoint::open(fixture(QStringLiteral("gpt2")));
        ScoreMap mask = handMask(*checkpoint, true, false);
        const ModelStructure structure = describeStructure(checkpoint->config());
        const std::string weight = structure.towers[0].layers[0].withRole(MatrixRole::FfnOut).weight; // c_proj, [in, out]
        auto weightMask = torch::ones(checkpoint->entry(checkpoint->storedName(weight)).shape);
        weightMask.index_put_({torch::indexing::Slice(0, 10)}, 0);
        mask.tensors[weight] = weightMask;

        ExportOptions zeros;
        zeros.mode = ExportMode::Zeros;
        const ExportResult result = exportModel(fixture(QStringLiteral("gpt2")), mask, root / "zeros", zeros);
        const auto exported = Checkpoint::open(root / "zeros");
        for (const auto &name : checkpoint->tensorNames())
            QCOMPARE(exported->entry(name).shape, checkpoint->entry(name).shape);
        QVERIFY(exported->tensor(exported->storedName(weight)).slice(0, 0, 10).eq(0).all().item<bool>());
        // Head 0 of layer 0: its value columns of c_attn ([in, 3E]) are zero.
        const auto &tower = structure.towers[0];
        const auto attn = exported->tensor(exported->storedName(tower.layers[0].withRole(MatrixRole::Value).weight));
        QVERIFY(attn.slice(1, 2 * tower.hidden, 2 * tower.hidden + tower.headDim).eq(0).all().item<bool>());
        QVERIFY(result.maxDifference < 1e-5);
        const auto metadata = SafetensorsFile::open(root / "zeros" / "model.safetensors")->metadata();
        QCOMPARE(metadata.at("prunescope.mode"), std::string("zeros"));
        QCOMPARE(metadata.at("prunescope.mask.method"), std::string("by hand"));
        QVERIFY(fs::exists(root / "zeros" / "generation_config.json")); // the other files come along
        QCOMPARE(readJson(root / "zeros" / "prunescope.json").at("mode").get<std::string>(), std::string("zeros"));

        ExportOptions masks;
        masks.mode = ExportMode::Masks;
        exportModel(fixture(QStringLiteral("gpt2")), mask, root / "masks", masks);
        const ScoreMap again = loadScoreMap(root / "masks" / "mask.safetensors");
        QVERIFY(torch::equal(again.at(weight), weightMask));
        QVERIFY(!fs::exists(root / "masks" / "model.safetensors"));
    }

    // Every family: a zeros export keeps every tensor's shape and gives the masked model's
    // outputs (checked by the export against the source under the mask); a masks export
    // writes the mask back as it was given and no weights.
    void zerosAndMasksOnEveryFamily_data()
    {
        QTest::addColumn<QString>("family");
        for (const auto &family : prunescope::testing::fixtureFamilies())
            QTest::newRow(family.c_str()) << QString::fromStdString(family);
    }
    void zerosAndMasksOnEveryFamily()
    {
        QFETCH(QString, family);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto checkpoint = Checkpoint::open(fixture(family));
        const ScoreMap mask = handMask(*checkpoint, true, true);
        ExportOptions zeros;
        zeros.mode = ExportMode::Zeros;
        const ExportResult result = exportModel(fixture(family), mask, root / "zeros", zeros);
        QVERIFY(result.verified);
        QVERIFY(result.maxDifference < 1e-5);
        const auto exported = Checkpoint::open(root / "zeros");
        int64_t zerosBefore = 0, zerosAfter = 0;
        for (const auto &name : checkpoint->tensorNames()) {
            QCOMPARE(exported->entry(name).shape, checkpoint->entry(name).shape);
            zerosBefore += checkpoint->tensor(name).eq(0).sum().item<int64_t>();
            zerosAfter += exported->tensor(name).eq(0).sum().item<int64_t>();
        }
        qInfo("%s zeros: max |export - masked| %.3g, %lld weights set to zero", qPrintable(family), result.maxDifference,
              static_cast<long long>(zerosAfter - zerosBefore));
        QVERIFY(zerosAfter > zerosBefore);

        ExportOptions masks;
        masks.mode = ExportMode::Masks;
        exportModel(fixture(family), mask, root / "masks", masks);
        const ScoreMap again = loadScoreMap(root / "masks" / "mask.safetensors");
        for (const auto &[name, tensor] : mask.tensors)
            QVERIFY2(torch::equal(again.at(name), tensor), name.c_str());
        QVERIFY(!fs::exists(root / "masks" / "model.safetensors"));
    }

    // The tokenizer comes along; what was measured on the source (its test metrics, its
    // training log, its own records) does not: the export is another model.
    void tokenizerFilesAreCopied()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        fs::create_directories(root / "model");
        for (const char *file : {"config.json", "model.safetensors"})
            fs::copy_file(fixture(QStringLiteral("bert")) / file, root / "model" / file);
        fs::copy_file(kData / "tokenizers" / "bert-base-uncased" / "vocab.txt", root / "model" / "vocab.txt");
        for (const char *measured : {"test-metrics.json", "prunescope-training.json", "prunescope-pruning.json"})
            writeFileAtomically(root / "model" / measured, "{\"accuracy\": 0.9, \"files\": []}\n");
        const auto checkpoint = Checkpoint::open(root / "model");
        ExportOptions timed;
        timed.timingRepeats = 3;
        const ExportResult result = exportModel(root / "model", handMask(*checkpoint, false, true), root / "out", timed);
        QVERIFY(result.denseMs > 0 && result.exportMs > 0); // measured, not judged: timing belongs to benchmarks
        QVERIFY(exportReportText(result).find("forward pass (cpu, 2 examples)") != std::string::npos);
        QCOMPARE(result.files, (std::vector<std::string>{"config.json", "model.safetensors", "prunescope.json", "vocab.txt"}));
        QCOMPARE(fs::file_size(root / "out" / "vocab.txt"), fs::file_size(root / "model" / "vocab.txt"));
        for (const char *measured : {"test-metrics.json", "prunescope-training.json", "prunescope-pruning.json"})
            QVERIFY2(!fs::exists(root / "out" / measured), measured);
    }

    // An existing output is refused unless replacing is asked for; a file or a link is
    // never replaced by a folder.
    void outputTargetsAreChecked()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto refusal = [](auto check) {
            try {
                check();
            } catch (const Error &e) {
                return std::string(e.what());
            }
            return std::string();
        };
        fs::create_directories(root / "empty");
        fs::create_directories(root / "full");
        std::ofstream(root / "full" / "notes.txt") << "the user's\n";
        std::ofstream(root / "file.csv") << "a,b\n";
        for (const bool replace : {false, true}) {
            QCOMPARE(refusal([&] { checkOutputFolder(root / "new", replace); }), std::string());
            QCOMPARE(refusal([&] { checkOutputFolder(root / "empty", replace); }), std::string());
            QCOMPARE(refusal([&] { checkOutputFile(root / "new.csv", replace); }), std::string());
            QCOMPARE(refusal([&] { checkOutputFolder(root / "file.csv", replace); }), (root / "file.csv").string() + " exists and is not a folder");
            QCOMPARE(refusal([&] { checkOutputFile(root / "full", replace); }), (root / "full").string() + " is a folder, not a file");
        }
        QCOMPARE(refusal([&] { checkOutputFolder(root / "full", false); }),
                 (root / "full").string() + " exists and is not empty; use --force to replace it");
        QCOMPARE(refusal([&] { checkOutputFolder(root / "full", true); }), std::string());
        QCOMPARE(refusal([&] { checkOutputFile(root / "file.csv", false); }), (root / "file.csv").string() + " exists; use --force to replace it");
        QCOMPARE(refusal([&] { checkOutputFile(root / "file.csv", true); }), std::string());
    }

    // Replacing an export: swapped in whole; a file the export did not write is kept, in the
    // old folder beside it, which the report names; one that was all the tool's goes.
    void replacingKeepsFilesItDidNotWrite()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString(), out = root / "out";
        const fs::path bert = fixture(QStringLiteral("bert"));
        const ScoreMap mask = handMask(*Checkpoint::open(bert), true, true);
        exportModel(bert, mask, out);
        QCOMPARE(readJson(out / "prunescope.json").at("files"),
                 nlohmann::json({"config.json", "model.safetensors", "prunescope.json"}));
        std::ofstream(out / "notes.txt") << "the user's\n";
        try {
            exportModel(bert, mask, out);
            QFAIL("an export replaced a folder unasked");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("exists and is not empty") != std::string::npos, e.what());
        }
        QVERIFY(fs::exists(out / "notes.txt") && fs::exists(out / "model.safetensors"));

        ExportOptions replace;
        replace.replaceExisting = true;
        replace.mode = ExportMode::Masks;
        const ExportResult replaced = exportModel(bert, mask, out, replace);
        QCOMPARE(replaced.keptFolder, fs::absolute(root / "out.previous"));
        QVERIFY(onlyEntryIs(root / "out.previous", "notes.txt"));
        QVERIFY(exportReportText(replaced).find("kept as " + replaced.keptFolder.string()) != std::string::npos);
        QCOMPARE(replaced.files, (std::vector<std::string>{"mask.safetensors", "prunescope.json"}));

        const ExportResult again = exportModel(bert, mask, out, replace);
        QVERIFY(again.keptFolder.empty());
        std::vector<std::string> entries;
        for (const auto &entry : fs::directory_iterator(root))
            entries.push_back(entry.path().filename().string());
        std::sort(entries.begin(), entries.end());
        QCOMPARE(entries, (std::vector<std::string>{"out", "out.previous"}));
    }

    // A folder that cannot be written in was reported as "not enough disk space" (its file
    // system shows no free space). /sys refuses even root, for whom chmod stops nothing.
    void unwritableFolderSaysPermissionDenied()
    {
        if (!fs::is_directory("/sys/kernel"))
            QSKIP("no /sys/kernel here: no folder that refuses writes even to root");
        const fs::path bert = fixture(QStringLiteral("bert"));
        try {
            exportModel(bert, handMask(*Checkpoint::open(bert), true, false), "/sys/kernel/prunescope-export");
            QFAIL("an export into /sys/kernel succeeded");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("cannot write in /sys/kernel: permission denied") != std::string::npos, e.what());
        }
        QVERIFY(!fs::exists("/sys/kernel/prunescope-export"));
    }

    void refusalsLeaveNothing()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path bert = fixture(QStringLiteral("bert"));
        const auto checkpoint = Checkpoint::open(bert);
        const ScoreMap mask = handMask(*checkpoint, true, true);
        const auto refused = [&](const fs::path &out, const ScoreMap &m, const ExportOptions &options, const char *expected) {
            try {
                exportModel(bert, m, out, options, options.freeSpace ? Progress() : Progress([](int64_t done, int64_t, const std::string &) {
                                return done < 2; // cancels after the first layer
                            }));
            } catch (const Error &e) {
                qInfo("refused: %s", e.what());
                return std::string(e.what()).find(expected) != std::string::npos;
            }
            return false;
        };

        fs::create_directories(root / "taken");
        std::ofstream(root / "taken" / "notes.txt") << "the user's\n";
        ExportOptions full;
        full.freeSpace = [](const fs::path &) { return uintmax_t(1000); };
        QVERIFY(refused(root / "taken", mask, full, "taken exists and is not empty; use --force to replace it"));
        QVERIFY(onlyEntryIs(root / "taken", "notes.txt"));

        QVERIFY(refused(root / "out", mask, full, "not enough disk space"));
        QVERIFY(onlyEntryIs(root, "taken"));

        const ScoreMap other = handMask(*Checkpoint::open(fixture(QStringLiteral("gpt2"))), false, true);
        QVERIFY(refused(root / "out", other, full, "neurons"));
        QVERIFY(onlyEntryIs(root, "taken"));

        QVERIFY(refused(root / "out", mask, {}, "cancelled"));
        QVERIFY(onlyEntryIs(root, "taken"));
    }
};

QTEST_APPLESS_MAIN(TestExport)
#include "tst_export.moc"
