// PruneScope's own runtime (GraphRunner, which times the exported graphs on a GPU) against
// the masked and the dense model, in float32 and bfloat16: every family's graph on the
// fixture's inputs with padding, one example, and prepared passes; BERT's residual sums fused
// with their layer norms; the FFN widths it pads for bfloat16 tensor cores, and those it must
// keep. Nothing here needs ONNX or ONNX Runtime, so the device round runs it on a GPU.
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
using prunescope::testing::testDevices;
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
        for (const torch::Device device : testDevices())
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

    void runtimeKeepsWidthsOthersRead_data()
    {
        QTest::addColumn<bool>("gated");
        QTest::addColumn<QString>("alsoReadName");
        QTest::addColumn<int64_t>("padded");
        for (const bool gated : {false, true}) {
            const std::string ffn = gated ? "gated FFN" : "FFN";
            QTest::newRow((ffn + ", read by the next layer alone").c_str()) << gated << QString() << int64_t(5);
            QTest::newRow((ffn + ", its units a graph output").c_str()) << gated << QStringLiteral("output") << int64_t(0);
            QTest::newRow((ffn + ", its units' mean added").c_str()) << gated << QStringLiteral("mean") << int64_t(0);
        }
    }

    // A width the runtime pads must be read by nothing but an activation, a product of two
    // values of that width, or the linear layer that takes it in. Where the FFN's 11 units are
    // also a graph output, or a mean over them is added to the output (ReduceMean: zero units
    // would change it), the runtime keeps them at 11, with every value that shares the width;
    // read by the next layer alone they get 5 zero units. A bfloat16 graph of 16 inputs, plain
    // (linear, ReLU, linear) and gated (the ReLU of one product times the other), against the
    // same arithmetic in float64 on the bfloat16 weights: four roundings to bfloat16 on the way
    // (the products, the units, the output, the mean), each within 2^-8 of the largest value.
    void runtimeKeepsWidthsOthersRead()
    {
        QFETCH(bool, gated);
        QFETCH(QString, alsoReadName);
        QFETCH(int64_t, padded);
        const std::string alsoRead = alsoReadName.toStdString(); // "", "output" or "mean"
        const int64_t width = 16, units = 11;
        torch::manual_seed(7);
        const auto bfloat16 = [](const torch::Tensor &t) { return t.to(torch::kBFloat16).to(torch::kDouble); };
        const torch::Tensor up = bfloat16(torch::randn({width, units}) / 4), gate = bfloat16(torch::randn({width, units}) / 4),
                            bias = bfloat16(torch::randn({units}) / 4), down = bfloat16(torch::randn({units, width}) / 4),
                            x = bfloat16(torch::randn({2, 3, width}));

        OnnxGraph graph("widths", torch::kBFloat16);
        const auto shape = [](int64_t n) { return std::vector<OnnxDim>{std::string("batch"), std::string("sequence"), n}; };
        const std::string in = graph.input("x", torch::kBFloat16, shape(width));
        const auto linear = [&](const std::string &x, const std::string &name, const torch::Tensor &weight,
                                const torch::Tensor &b) {
            std::vector<std::string> inputs = {x, graph.weight(name, weight)};
            if (b.defined())
                inputs.push_back(graph.weight(name + ".bias", b));
            return graph.group("Linear", inputs, {}, [&] {
                const auto y = graph.op("MatMul", {inputs[0], inputs[1]});
                return b.defined() ? graph.op("Add", {y, inputs[2]}) : y;
            });
        };
        const std::string product = linear(in, "up", up, bias);
        std::string hidden = graph.group("Activation", {product}, {{"name", std::string("relu")}},
                                         [&] { return graph.op("Relu", {product}); });
        torch::Tensor expectedHidden = torch::relu(torch::matmul(x, up) + bias);
        if (gated) {
            hidden = graph.op("Mul", {hidden, linear(in, "gate", gate, torch::Tensor())});
            expectedHidden = expectedHidden * torch::matmul(x, gate);
        }
        std::string out = linear(hidden, "down", down, torch::Tensor());
        torch::Tensor expected = torch::matmul(expectedHidden, down);
        if (alsoRead == "mean") {
            out = graph.op("Add", {out, graph.op("ReduceMean", {hidden}, {{"axes", std::vector<int64_t>{-1}}})});
            expected = expected + expectedHidden.mean(-1, true);
        }
        graph.output(out, "y", torch::kBFloat16, shape(width));
        if (alsoRead == "output")
            graph.output(hidden, "units", torch::kBFloat16, shape(units));

        const double tolerance = 4 * std::ldexp(1.0, -8);
        for (const torch::Device device : testDevices()) {
            GraphRunner runner(graph, device);
            QCOMPARE(runner.paddedUnits(), padded);
            const NamedTensors outputs = runner.run({{"x", x.to(torch::kBFloat16)}});
            QCOMPARE(outputs.size(), alsoRead == "output" ? size_t(2) : size_t(1));
            for (const auto &[name, tensor] : outputs) {
                const torch::Tensor &reference = name == "y" ? expected : expectedHidden;
                QVERIFY(tensor.sizes() == reference.sizes());
                const double difference = relativeDifference(tensor, reference);
                qInfo("%s: %lld zero units; %s max |runtime - float64| / max(1, |float64|) %.3g (tolerance %.3g)",
                      device.str().c_str(), static_cast<long long>(runner.paddedUnits()), name.c_str(), difference,
                      tolerance);
                QVERIFY(difference <= tolerance);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestGraphRunner)
#include "tst_graph_runner.moc"
