// The ONNX export: every pruned head and FFN neuron physically gone with per-layer counts
// (a layer without heads, a layer without neurons), weight masks multiplied in; the graph
// run in ONNX Runtime (installed by bash setup.sh) against the masked model recomputed
// here, on the fixture's own inputs with their padding; float16 within its stated
// tolerance; the parameters written counted by hand; and the refusals that leave nothing.
// The same graphs in PruneScope's own runtime: tst_graph_runner.
#include "core/export/export.h"
#include "core/export/export_decision.h"
#include "core/export/onnx_export.h"
#include "core/export/onnx_runtime.h"
#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/models/onnx_graph.h"
#include "core/models/onnx_writer.h"
#include "core/models/reference_run.h"
#include "core/pruning/masks.h"
#include "core/support/error.h"
#include "core/support/progress.h"
#include "tests/core/fixtures.h"
#include "tests/core/onnx_test_support.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <iterator>

using namespace prunescope;
using prunescope::testing::fixture;
using prunescope::testing::graphOf;
using prunescope::testing::layersOf;
using prunescope::testing::relativeDifference;
using prunescope::testing::unevenMask;
namespace fs = std::filesystem;

namespace {

// The parameters the ONNX file must hold: the model's, less every removed unit's features
// in every matrix that has them (with their bias entries), less the output bias of a block
// with nothing left.
int64_t expectedParameters(TransformerModel &model, const ScoreMap &mask)
{
    int64_t count = 0;
    for (const auto &p : model.parameters())
        count += p.numel();
    const ModelStructure &structure = model.structure();
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const TowerStructure &tower = structure.towers[t];
        const auto heads = mask.at(headsName(structure, t)), neurons = mask.at(neuronsName(structure, t));
        for (size_t l = 0; l < tower.layers.size(); ++l) {
            const int64_t headsGone = tower.heads - heads[int64_t(l)].sum().item<int64_t>();
            // a key-value group goes when every query head it serves is pruned
            const int64_t groupsGone = tower.kvHeads - heads[int64_t(l)].view({tower.kvHeads, -1}).amax(1).sum().item<int64_t>();
            const int64_t neuronsGone = tower.ffn - neurons[int64_t(l)].sum().item<int64_t>();
            for (const auto &m : tower.layers[l].matrices)
                for (const UnitSlice &slice : m.slices) {
                    const int64_t gone = slice.unit == UnitKind::Neuron  ? neuronsGone
                                         : slice.unit == UnitKind::KvGroup ? groupsGone
                                                                           : headsGone;
                    const int64_t across = slice.alongOutput ? m.inFeatures + (m.bias.empty() ? 0 : 1) : m.outFeatures;
                    count -= gone * slice.width * across;
                    if (!slice.alongOutput && !m.bias.empty() && gone == slice.count)
                        count -= m.outFeatures; // the block is gone, its output bias too
                }
        }
    }
    return count;
}

} // namespace

class TestOnnxExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        std::string why;
        const auto runtime = findOnnxRuntime(&why);
        QVERIFY2(onnxAvailable(), "this build has no ONNX support (libonnx-dev)");
        QVERIFY2(runtime.has_value(), why.c_str()); // bash setup.sh installs it: its absence is a failure
        qInfo("ONNX Runtime %s", runtime->version.c_str());
    }

    void maskedModelInOnnxRuntime_data()
    {
        QTest::addColumn<QString>("familyName");
        QTest::addColumn<bool>("half");
        QTest::newRow("bert float32") << QStringLiteral("bert") << false;
        QTest::newRow("bert float16") << QStringLiteral("bert") << true;
        QTest::newRow("roberta float32") << QStringLiteral("roberta") << false;
        QTest::newRow("distilbert float32") << QStringLiteral("distilbert") << false;
        QTest::newRow("gpt2 float32") << QStringLiteral("gpt2") << false;
        QTest::newRow("gpt2 float16") << QStringLiteral("gpt2") << true;
        QTest::newRow("llama float32") << QStringLiteral("llama") << false;
        QTest::newRow("llama float16") << QStringLiteral("llama") << true;
        QTest::newRow("qwen2 float32") << QStringLiteral("qwen2") << false;
        QTest::newRow("mistral float32") << QStringLiteral("mistral") << false;
        QTest::newRow("vit float32") << QStringLiteral("vit") << false;
        QTest::newRow("vit float16") << QStringLiteral("vit") << true;
        QTest::newRow("clip float32") << QStringLiteral("clip") << false;
        QTest::newRow("clip float16") << QStringLiteral("clip") << true;
    }

    void maskedModelInOnnxRuntime()
    {
        QFETCH(QString, familyName);
        QFETCH(bool, half);
        const std::string family = familyName.toStdString();
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "onnx";
        const auto checkpoint = Checkpoint::open(fixture(family));
        const ScoreMap mask = unevenMask(*checkpoint);
        ExportOptions options;
        options.mode = ExportMode::Onnx;
        options.onnxType = half ? torch::kFloat16 : torch::kFloat32;
        const ExportResult result = exportModel(fixture(family), mask, out, options);
        QVERIFY2(result.verified, result.verifiedOn.c_str()); // the export's own check, on seeded random tokens
        QVERIFY(fs::exists(out / "model.onnx"));
        QVERIFY(fs::exists(out / "config.json"));

        // Again here, on the fixture's inputs (with padding), against the masked model.
        auto model = checkpoint->loadModel();
        model->eval();
        const int64_t layers = layersOf(*model);
        const int64_t expected = expectedParameters(*model, mask);
        applyMask(*model, mask);
        ModelInputs inputs = prunescope::testing::fixtureInputs(family);
        inputs.labels = torch::Tensor();
        std::map<std::string, torch::Tensor> masked;
        for (auto &[name, tensor] : computeNamedOutputs(*model, inputs, false))
            masked[name] = tensor;
        const NamedTensors outputs = runOnnx(*findOnnxRuntime(), out / "model.onnx", onnxInputs(inputs, options.onnxType));
        QVERIFY(!outputs.empty());
        const double tolerance = onnxTolerance(options.onnxType, layers);
        for (const auto &[name, tensor] : outputs) {
            QVERIFY2(masked.count(name), name.c_str());
            const double difference = relativeDifference(tensor, masked.at(name));
            qInfo("%s %s %s: max |onnxruntime - masked| / max(1, |masked|) %.3g (tolerance %.3g)", family.c_str(),
                  half ? "float16" : "float32", name.c_str(), difference, tolerance);
            QVERIFY(difference <= tolerance);
        }

        // Physically smaller: exactly the kept units' parameters are in the file.
        qInfo("parameters %lld -> %lld", static_cast<long long>(result.plan.parametersBefore),
              static_cast<long long>(result.plan.parametersAfter));
        QCOMPARE(result.plan.parametersAfter, expected);
        QCOMPARE(planExport(*checkpoint, mask, options).parametersAfter, expected); // the preview says the same
        QVERIFY(result.plan.parametersAfter < result.plan.parametersBefore);
        const auto description = nlohmann::json::parse(readTextFile(out / "prunescope.json"));
        QCOMPARE(description.at("onnx").at("parameters").get<int64_t>(), expected);
        QCOMPARE(description.at("onnx").at("dtype").get<std::string>(), std::string(half ? "float16" : "float32"));
        QVERIFY(description.at("verification").at("max_difference").get<double>() <= tolerance);
    }

    void alignedWidths_data()
    {
        QTest::addColumn<QString>("familyName");
        QTest::newRow("bert") << QStringLiteral("bert");
        QTest::newRow("llama") << QStringLiteral("llama");
    }

    // --align 12 (no multiple of the widths the fixtures' layers keep): each layer's FFN width
    // rounded up with zero units, still equal to the masked
    // model in ONNX Runtime. A zero unit holds as many parameters as a kept one, so the file
    // holds what a mask keeping the rounded widths would.
    void alignedWidths()
    {
        QFETCH(QString, familyName);
        const std::string family = familyName.toStdString();
        QTemporaryDir dir;
        const auto checkpoint = Checkpoint::open(fixture(family));
        const ScoreMap mask = unevenMask(*checkpoint);
        ExportOptions options;
        options.mode = ExportMode::Onnx;
        options.align = 12;
        const ExportResult result = exportModel(fixture(family), mask, fs::path(dir.path().toStdString()) / "onnx", options);
        QVERIFY2(result.verified, result.verifiedOn.c_str());
        qInfo("%s, aligned to 12: max |onnxruntime - masked| / max(1, |masked|) %.3g", family.c_str(), result.maxDifference);
        ScoreMap widened = mask;
        const ModelStructure structure = describeStructure(checkpoint->config());
        bool padded = false;
        for (size_t t = 0; t < structure.towers.size(); ++t) {
            auto &neurons = widened.tensors.at(neuronsName(structure, t));
            for (int64_t l = 0; l < neurons.size(0); ++l) {
                const int64_t kept = neurons[l].sum().item<int64_t>(); // the first `kept` (unevenMask)
                const int64_t width = onnxWidth(kept, neurons.size(1), options.align);
                padded = padded || width > kept;
                neurons[l].slice(0, 0, width).fill_(1);
            }
        }
        QVERIFY(padded); // not every kept width is a multiple of 12 already
        auto model = checkpoint->loadModel();
        QCOMPARE(result.plan.parametersAfter, expectedParameters(*model, widened));
        QCOMPARE(planExport(*checkpoint, mask, options).parametersAfter, result.plan.parametersAfter);
    }

    // Layers whose exported FFN widths are no multiple of 8 (slow on bfloat16 tensor cores)
    // are named in the plan's notes, ONNX and shrunk alike; aligned to 8, none is.
    void unalignedWidthsNoted()
    {
        const auto checkpoint = Checkpoint::open(fixture("bert"));
        ScoreMap mask = unevenMask(*checkpoint);
        const ModelStructure structure = describeStructure(checkpoint->config());
        auto &neurons = mask.tensors.at(neuronsName(structure, 0));
        const int64_t dense = neurons.size(1);
        neurons[0].zero_(); // the first layer keeps 11 neurons
        neurons[0].slice(0, 0, 11).fill_(1);
        std::vector<std::string> odd;
        for (int64_t l = 0; l < neurons.size(0); ++l) {
            const int64_t kept = neurons[l].sum().item<int64_t>();
            if (kept != 0 && kept != dense && kept % 8 != 0)
                odd.push_back(std::to_string(kept));
        }
        QVERIFY(!odd.empty());
        const auto unalignedNote = [](const ExportPlan &plan) {
            for (const std::string &note : plan.notes)
                if (note.find("no multiple of 8") != std::string::npos)
                    return note;
            return std::string();
        };
        ExportOptions options;
        options.mode = ExportMode::Onnx;
        const std::string note = unalignedNote(planExport(*checkpoint, mask, options));
        qInfo("%s", note.c_str());
        QVERIFY2(note.rfind(std::to_string(odd.size()) + " of " + std::to_string(neurons.size(0)) + " layers", 0) == 0,
                 note.c_str());
        QVERIFY2(note.find("(" + odd.front()) != std::string::npos, note.c_str());
        options.align = 8;
        QVERIFY(unalignedNote(planExport(*checkpoint, mask, options)).empty());
        // Shrunk: every layer padded to the widest, which the note names when it is unaligned.
        options.mode = ExportMode::Shrunk;
        options.align = 1;
        const ExportPlan shrunk = planExport(*checkpoint, mask, options);
        const int64_t width = shrunk.towers.front().ffnAfter;
        QCOMPARE(unalignedNote(shrunk).empty(), width == dense || width % 8 == 0);
        options.align = 8;
        QVERIFY(unalignedNote(planExport(*checkpoint, mask, options)).empty());
    }

    // Weights beside the model (ONNX's external data, what a model over 1 GB gets): checked by
    // ONNX from the files, read by ONNX Runtime from beside the model, the same outputs.
    void externalWeights()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "model.onnx";
        const auto checkpoint = Checkpoint::open(fixture("bert"));
        auto model = checkpoint->loadModel();
        model->eval();
        applyMask(*model, unevenMask(*checkpoint));
        const auto graph = graphOf(*model, torch::kFloat32);
        const uint64_t bytes = graph->write(file, /*inlineBytes=*/0);
        QVERIFY(fs::exists(file.string() + ".data"));
        QCOMPARE(bytes, fs::file_size(file) + fs::file_size(file.string() + ".data"));
        QVERIFY(fs::file_size(file) < uint64_t(graph->parameterCount()) * 4 / 10); // the weights are not inside
        ModelInputs inputs = prunescope::testing::fixtureInputs("bert");
        inputs.labels = torch::Tensor();
        const NamedTensors expected = computeNamedOutputs(*model, inputs, false);
        const NamedTensors outputs = runOnnx(*findOnnxRuntime(), file, onnxInputs(inputs, torch::kFloat32));
        std::string compared;
        const double difference = outputDifference(outputs, expected, &compared);
        qInfo("external weights, %s: max |onnxruntime - masked| / max(1, |masked|) %.3g", compared.c_str(), difference);
        QVERIFY(!compared.empty());
        QVERIFY(difference <= kExportTolerance);
    }

    // A graph ONNX's checks refuse: the message names the node at fault.
    void checkerNamesTheNode()
    {
        OnnxGraph graph("bad", torch::kFloat32);
        const auto x = graph.input("x", torch::kFloat32, {int64_t(2), int64_t(3)});
        const auto y = graph.op("MatMul", {x, graph.weight("w", torch::ones({4, 5}))}); // 3 columns meet 4 rows
        graph.output(y, "y", torch::kFloat32, {int64_t(2), int64_t(5)});
        try {
            graph.serialize();
            QFAIL("a MatMul of unfitting shapes passed ONNX's checks");
        } catch (const Error &e) {
            qInfo("%s", e.what());
            QVERIFY2(std::string(e.what()).find("MatMul") != std::string::npos, e.what());
        }
    }

    // An existing folder and a cancel: each leaves nothing behind, and says why.
    void refusalsLeaveNothing()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        ExportOptions options;
        options.mode = ExportMode::Onnx;

        const auto bert = Checkpoint::open(fixture("bert"));
        const ScoreMap mask = unevenMask(*bert);
        fs::create_directories(root / "taken");
        writeFileAtomically(root / "taken" / "notes.txt", "mine\n");
        QVERIFY_THROWS_EXCEPTION(Error, exportModel(fixture("bert"), mask, root / "taken", options));
        QCOMPARE(readTextFile(root / "taken" / "notes.txt"), std::string("mine\n"));

        const Progress cancel = [](int64_t done, int64_t, const std::string &) { return done < 2; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, exportModel(fixture("bert"), mask, root / "cancelled", options, cancel));
        QVERIFY(!fs::exists(root / "cancelled"));
        QCOMPARE(std::distance(fs::directory_iterator(root), fs::directory_iterator()), 1L); // "taken" alone
    }
};

QTEST_GUILESS_MAIN(TestOnnxExport)
#include "tst_onnx_export.moc"
