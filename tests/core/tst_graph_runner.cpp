// PruneScope's own runtime (GraphRunner, which times the exported graphs on a GPU) against
// the masked and the dense model, in float32 and bfloat16: every family's graph on the
// fixture's inputs with padding, one example, and prepared passes; BERT's residual sums fused
// with their layer norms; the FFN widths it pads for bfloat16 tensor cores. Nothing here needs
// ONNX or ONNX Runtime, so the device round runs it on a GPU.
#include "core/export/onnx_export.h"
#include "core/models/checkpoint.h"
#include "core/models/graph_runner.h"
#include "core/models/reference_run.h"
#include "core/pruning/masks.h"
#include "tests/core/fixtures.h"
#include "tests/core/onnx_test_support.h"

#include <torch/torch.h>

#include <QtTest>

#include <numeric>

using namespace prunescope;
using prunescope::testing::fixture;
using prunescope::testing::graphOf;
using prunescope::testing::layersOf;
using prunescope::testing::relativeDifference;
using prunescope::testing::unevenMask;

namespace {

// The runtime's outputs against the model's own on the same inputs, each by name: max
// |runtime - model| / max(1, |model|) within `tolerance`, printed after `label`.
void expectModelOutputs(TransformerModel &model, const ModelInputs &inputs, const NamedTensors &outputs,
                        double tolerance, const std::string &label)
{
    std::map<std::string, torch::Tensor> expected;
    for (auto &[name, tensor] : computeNamedOutputs(model, inputs, false))
        expected[name] = tensor;
    QVERIFY(!outputs.empty());
    for (const auto &[name, tensor] : outputs) {
        QVERIFY2(expected.count(name), name.c_str());
        const double difference = relativeDifference(tensor.to(torch::kCPU), expected.at(name));
        qInfo("%s %s: max |runtime - model| / max(1, |model|) %.3g (tolerance %.3g)", label.c_str(), name.c_str(),
              difference, tolerance);
        QVERIFY(difference <= tolerance);
    }
}

} // namespace

class TestGraphRunner : public QObject
{
    Q_OBJECT

private slots:
    void graphsInPruneScopesRuntime_data()
    {
        QTest::addColumn<QString>("familyName");
        QTest::addColumn<bool>("bfloat16");
        for (const char *family : {"bert", "roberta", "distilbert", "gpt2", "llama", "qwen2", "mistral", "vit", "clip"})
            QTest::newRow((std::string(family) + " float32").c_str()) << QString::fromLatin1(family) << false;
        QTest::newRow("bert bfloat16") << QStringLiteral("bert") << true;
        QTest::newRow("llama bfloat16") << QStringLiteral("llama") << true;
    }

    // The graph of the masked model and of the dense one, run by GraphRunner on the fixture's
    // inputs (with padding), then on one example (every shape-dependent value computed anew),
    // then as a prepared pass, each against the model itself.
    void graphsInPruneScopesRuntime()
    {
        QFETCH(QString, familyName);
        QFETCH(bool, bfloat16);
        const std::string family = familyName.toStdString();
        const torch::ScalarType type = bfloat16 ? torch::kBFloat16 : torch::kFloat32;
        const auto checkpoint = Checkpoint::open(fixture(family));
        auto model = checkpoint->loadModel();
        model->eval();
        auto *writable = dynamic_cast<OnnxWritable *>(model.get());
        QVERIFY(writable);
        const double tolerance = onnxTolerance(type, layersOf(*model));
        ModelInputs all = prunescope::testing::fixtureInputs(family);
        all.labels = torch::Tensor();
        ModelInputs first = all;
        for (auto field : modelInputFields)
            if ((first.*field).defined())
                first.*field = (first.*field).slice(0, 0, 1);
        for (const bool masked : {true, false}) {
            if (masked) {
                applyMask(*model, unevenMask(*checkpoint));
            } else {
                model->resetGates();
                model->clearWeightMasks();
            }
            const auto graph = graphOf(*model, type);
            GraphRunner runner(*graph, torch::kCPU);
            const auto check = [&](const ModelInputs &inputs, const NamedTensors &outputs, const char *how) {
                expectModelOutputs(*model, inputs, outputs, tolerance,
                                   family + (bfloat16 ? " bfloat16 " : " float32 ") + (masked ? "masked, " : "dense, ") + how);
            };
            check(all, runner.run(onnxInputs(all, type)), "all examples");
            check(first, runner.run(onnxInputs(first, type)), "one example");
            QCOMPARE(runner.prepare(onnxInputs(all, type)), std::string()); // on the CPU: no graph to capture
            const auto ms = timeRunners({&runner}, 2, 1);
            QCOMPARE(ms.size(), size_t(1));
            QCOMPARE(ms[0].size(), size_t(2));
            check(all, runner.outputs(), "prepared pass");
            const auto count = [](const std::map<std::string, int64_t> &biases, const char *kind) {
                return biases.count(kind) ? biases.at(kind) : int64_t(0);
            };
            const auto biases = runner.attentionBiases();
            if (all.attentionMask.defined() && all.attentionMask.eq(0).any().item<bool>())
                QCOMPARE(count(biases, "none") + count(biases, "causal"), int64_t(0)); // padded: every bias as computed

            // Without padding, passes over prepared inputs leave out an encoder's all-zero bias and
            // give a decoder's causal one to the attention kernel (where LibTorch has fused attention);
            // the outputs are the model's still. Mistral's window (8) is narrower than the text.
            if (!all.attentionMask.defined())
                continue;
            ModelInputs unpadded = first;
            unpadded.attentionMask = torch::ones_like(first.attentionMask);
            QCOMPARE(runner.prepare(onnxInputs(unpadded, type)), std::string());
            timeRunners({&runner}, 1, 0);
            check(unpadded, runner.outputs(), "prepared pass, no padding");
            const auto simplified = runner.attentionBiases();
            const int64_t attentions = std::accumulate(simplified.begin(), simplified.end(), int64_t(0),
                                                       [](int64_t n, const auto &kind) { return n + kind.second; });
            const bool encoder = family == "bert" || family == "roberta" || family == "distilbert";
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
            const bool causal = family == "gpt2" || family == "llama" || family == "qwen2";
#else
            const bool causal = false; // no fused attention in this LibTorch: the bias stays
#endif
            if (encoder)
                QCOMPARE(count(simplified, "none"), attentions);
            if (causal)
                QCOMPARE(count(simplified, "causal"), attentions);
            if (!encoder && !causal)
                QCOMPARE(count(simplified, "none"), int64_t(0));
            // Run again as given: padded inputs get their bias back.
            check(all, runner.run(onnxInputs(all, type)), "all examples after the prepared passes");
            const auto restored = runner.attentionBiases();
            QCOMPARE(count(restored, "none") + count(restored, "causal"), int64_t(0));
        }
    }

    // BERT's residual sums run fused with the layer norms that alone read them: the embeddings'
    // sum and two a layer, less the two of layer 1 in the masked model (unevenMask leaves it no
    // heads and no neurons, so no sums). graphsInPruneScopesRuntime checks the fused outputs.
    void bertSumsFuseWithTheirNorms()
    {
        const auto checkpoint = Checkpoint::open(fixture("bert"));
        auto model = checkpoint->loadModel();
        model->eval();
        const int64_t layers = layersOf(*model);
        for (const bool masked : {false, true}) {
            if (masked)
                applyMask(*model, unevenMask(*checkpoint));
            const auto graph = graphOf(*model, torch::kFloat32);
            const auto counts = GraphRunner(*graph, torch::kCPU).stepCounts();
            const int64_t fused = counts.count("AddLayerNorm") ? counts.at("AddLayerNorm") : 0;
            qInfo("bert %s, %lld layers: %lld AddLayerNorm steps", masked ? "masked" : "dense",
                  static_cast<long long>(layers), static_cast<long long>(fused));
            QCOMPARE(fused, masked ? 2 * layers - 1 : 2 * layers + 1);
        }
    }

    void runtimePadsUnalignedWidths_data()
    {
        QTest::addColumn<QString>("familyName");
        for (const char *family : {"bert", "gpt2", "llama"})
            QTest::newRow(family) << QString::fromLatin1(family);
    }

    // In a bfloat16 graph the runtime rounds FFN widths that are no multiple of 8 up with zero
    // units (the tensor cores' fast paths): layers keeping 11 and 37 neurons get 5 and 3, a
    // GELU FFN's (BERT, GPT-2) and a gated one's (Llama: both products that write the units
    // padded, the units counted once), and the outputs stay the masked model's, on the CPU and
    // on a GPU where there is one (the device round runs this there). A float32 graph keeps its
    // widths.
    void runtimePadsUnalignedWidths()
    {
        QFETCH(QString, familyName);
        const std::string family = familyName.toStdString();
        const auto checkpoint = Checkpoint::open(fixture(family));
        auto model = checkpoint->loadModel();
        model->eval();
        const ModelStructure structure = describeStructure(checkpoint->config());
        const auto &tower = structure.towers.front();
        const int64_t layers = int64_t(tower.layers.size());
        auto neurons = torch::zeros({layers, tower.ffn});
        int64_t zeroUnits = 0;
        for (int64_t l = 0; l < layers; ++l) {
            const int64_t kept = l % 2 == 0 ? 11 : 37;
            neurons[l].slice(0, 0, kept).fill_(1);
            zeroUnits += (kept + 7) / 8 * 8 - kept;
        }
        ScoreMap mask;
        mask.provenance = {{"method", "by hand"}};
        mask.tensors[neuronsName(structure, 0)] = neurons;
        applyMask(*model, mask);
        ModelInputs inputs = prunescope::testing::fixtureInputs(family);
        inputs.labels = torch::Tensor();
        std::vector<torch::Device> devices = {torch::kCPU};
        if (torch::cuda::is_available())
            devices.emplace_back(torch::kCUDA);
        for (const torch::Device device : devices)
            for (const torch::ScalarType type : {torch::kFloat32, torch::kBFloat16}) {
                GraphRunner runner(*graphOf(*model, type), device);
                const bool half = type == torch::kBFloat16;
                qInfo("%s %s on %s: %lld zero units", family.c_str(), half ? "bfloat16" : "float32", device.str().c_str(),
                      static_cast<long long>(runner.paddedUnits()));
                QCOMPARE(runner.paddedUnits(), half ? zeroUnits : int64_t(0));
                expectModelOutputs(*model, inputs, runner.run(onnxInputs(inputs, type)),
                                   onnxTolerance(type, layersOf(*model)), " ");
                if (QTest::currentTestFailed())
                    return;
            }
    }
};

QTEST_GUILESS_MAIN(TestGraphRunner)
#include "tst_graph_runner.moc"
