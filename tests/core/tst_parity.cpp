// Parity with transformers: every fixture's forward outputs, attentions, hidden states,
// loss, parameter gradients and gate gradients, recomputed and compared within the
// tolerances of a faithful float32 reimplementation (1e-5 outputs, 1e-4 gradients).
// Also checks that gates, weight masks, hooks and checkpoint spellings behave.
#include "core/models/checkpoint.h"
#include "core/models/loss.h"
#include "core/models/reference_run.h"
#include "core/models/transformer_blocks.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace prunescope;
using prunescope::testing::relativeError;
namespace fs = std::filesystem;

namespace {

fs::path fixture(const QString &family)
{
    return testing::fixture(family.toStdString());
}

torch::Tensor output(const NamedTensors &outputs, const std::string &name)
{
    for (const auto &[n, t] : outputs)
        if (n == name)
            return t;
    return {};
}

// Copies a fixture folder, rewriting its tensors through `rename` / `convert`.
fs::path rewriteFixture(const QString &family, const fs::path &into,
                        const std::function<std::string(const std::string &)> &rename,
                        torch::ScalarType dtype = torch::kFloat)
{
    fs::create_directories(into);
    fs::copy_file(fixture(family) / "config.json", into / "config.json");
    NamedTensors tensors;
    for (auto &[name, tensor] : readAllTensors(fixture(family) / "model.safetensors"))
        tensors.emplace_back(rename(name), tensor.to(dtype));
    writeSafetensors(into / "model.safetensors", tensors);
    return into;
}

NamedTensors runFixture(const fs::path &folder, bool gradients)
{
    const auto checkpoint = Checkpoint::open(folder);
    auto model = checkpoint->loadModel();
    const auto reference = SafetensorsFile::open(fixture(QString::fromStdString(checkpoint->config().familyName()))
                                                 / "reference.safetensors");
    return computeNamedOutputs(*model, readModelInputs(*reference), gradients);
}

} // namespace

class TestParity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { torch::manual_seed(0); }

    void matchesTransformers_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("expectedTensors");
        // outputs + hidden states + attentions + loss + parameter gradients + gate gradients
        QTest::newRow("bert") << QStringLiteral("bert") << 1 + 3 + 2 + 1 + 41 + 2;
        QTest::newRow("gpt2") << QStringLiteral("gpt2") << 1 + 3 + 2 + 1 + 28 + 2;
        QTest::newRow("clip") << QStringLiteral("clip") << 3 + 3 + 3 + 1 + 78;
        QTest::newRow("roberta") << QStringLiteral("roberta") << 1 + 3 + 2 + 1 + 41 + 2;
        QTest::newRow("distilbert") << QStringLiteral("distilbert") << 1 + 3 + 2 + 1 + 40 + 2;
        QTest::newRow("vit") << QStringLiteral("vit") << 1 + 3 + 2 + 1 + 40 + 2;
        QTest::newRow("llama") << QStringLiteral("llama") << 1 + 3 + 2 + 1 + 21 + 2;
        QTest::newRow("qwen2") << QStringLiteral("qwen2") << 1 + 3 + 2 + 1 + 26 + 2;
        QTest::newRow("mistral") << QStringLiteral("mistral") << 1 + 3 + 2 + 1 + 21 + 2;
    }
    void matchesTransformers()
    {
        QFETCH(QString, family);
        QFETCH(int, expectedTensors);
        const auto checkpoint = Checkpoint::open(fixture(family));
        auto model = checkpoint->loadModel();
        const auto reference = SafetensorsFile::open(fixture(family) / "reference.safetensors");
        const auto outputs = computeNamedOutputs(*model, readModelInputs(*reference), true);
        const auto result = compareWithReference(outputs, *reference);
        // Only key biases may have a zero reference gradient (softmax is shift-invariant).
        std::set<std::string> keyBiases;
        for (const auto &tower : model->structure().towers)
            for (const auto &layer : tower.layers)
                keyBiases.insert("grad." + layer.withRole(MatrixRole::Key).bias);
        for (const auto &t : result.tensors) {
            if (t.zeroReference)
                QVERIFY2(keyBiases.count(t.name), t.name.c_str());
            if (!t.ok)
                qWarning("%s: rel_err %.3e > %.0e %s", t.name.c_str(), t.relativeError, t.tolerance, t.problem.c_str());
        }
        qInfo("%s: %zu tensors, max rel_err %.3e (%s)", qPrintable(family), result.tensors.size(),
              result.maxRelativeError, result.worst.c_str());
        QCOMPARE(int(result.tensors.size()), expectedTensors);
        QVERIFY(result.ok);
    }

    // Closing a head's gate must equal zeroing that head's columns of the attention
    // output projection; closing a neuron's gate, zeroing its FFN-out column.
    void gatesEqualWeightMasks_data()
    {
        QTest::addColumn<QString>("family");
        QTest::newRow("bert") << QStringLiteral("bert");
        QTest::newRow("gpt2") << QStringLiteral("gpt2");
        QTest::newRow("clip") << QStringLiteral("clip");
        QTest::newRow("roberta") << QStringLiteral("roberta");
        QTest::newRow("distilbert") << QStringLiteral("distilbert");
        QTest::newRow("vit") << QStringLiteral("vit");
        QTest::newRow("llama") << QStringLiteral("llama");
        QTest::newRow("qwen2") << QStringLiteral("qwen2");
        QTest::newRow("mistral") << QStringLiteral("mistral");
    }
    void gatesEqualWeightMasks()
    {
        QFETCH(QString, family);
        torch::NoGradGuard noGrad;
        auto model = Checkpoint::open(fixture(family))->loadModel();
        const auto reference = SafetensorsFile::open(fixture(family) / "reference.safetensors");
        const auto inputs = readModelInputs(*reference);
        const auto &structure = model->structure();
        const size_t tower = structure.towers.size() - 1; // the vision tower for CLIP
        const auto &t = structure.towers[tower];
        const int64_t layer = 1, head = 2, neuron = 5;

        model->headGates(tower)[layer][head] = 0.0;
        model->neuronGates(tower)[layer][neuron] = 0.0;
        const auto gated = model->forward(inputs);
        model->resetGates();

        for (const auto &m : t.layers[layer].matrices) {
            if (!m.hasRole(MatrixRole::AttentionOutput) && !m.hasRole(MatrixRole::FfnOut))
                continue;
            auto mask = torch::ones({m.outFeatures, m.inFeatures});
            if (m.hasRole(MatrixRole::AttentionOutput))
                mask.slice(1, head * t.headDim, (head + 1) * t.headDim) = 0.0;
            else
                mask.select(1, neuron) = 0.0;
            model->setWeightMask(m.weight, m.inputMajor ? mask.t().contiguous() : mask);
        }
        const auto masked = model->forward(inputs);
        model->clearWeightMasks();
        const auto dense = model->forward(inputs);

        const auto pick = [&](const ModelOutputs &o) { return family == QLatin1String("clip") ? o.imageEmbeds : o.logits; };
        const double gap = relativeError(pick(gated), pick(masked));
        const double effect = relativeError(pick(gated), pick(dense));
        qInfo("%s: gate vs mask rel_err %.3e; removing the units changed the output by %.3e", qPrintable(family), gap, effect);
        QVERIFY(gap < 1e-5);
        QVERIFY(effect > 1e-4);
    }

    // A pass that differentiates the weights and the gates, over at least as many token rows as
    // the model is wide, multiplies each layer's gates into the weights that read its heads and
    // neurons (placeUnitGates); a pass with a hook multiplies the units. With gates of 0 and 1
    // every product is the same, so the loss and the parameters' gradients must be equal bit
    // for bit. The gates' gradients are the same sums taken in another order (over the reading
    // weight's outputs instead of the batch's tokens): float32 rounding, which grows as
    // sqrt(n) 2^-24 for n terms (n < 2e5 here: below 3e-5 of their size), within 1e-4.
    void gatesOnWeightsMatchGatesOnUnits_data() { gatesEqualWeightMasks_data(); }
    void gatesOnWeightsMatchGatesOnUnits()
    {
        QFETCH(QString, family);
        auto model = Checkpoint::open(fixture(family))->loadModel();
        const auto reference = SafetensorsFile::open(fixture(family) / "reference.safetensors");
        ModelInputs inputs = readModelInputs(*reference);
        for (const auto field : modelInputFields) // four copies of the batch: more token rows than the width
            if ((inputs.*field).defined())
                inputs.*field = torch::cat({inputs.*field, inputs.*field, inputs.*field, inputs.*field});
        const auto &structure = model->structure();
        const size_t tower = structure.towers.size() - 1; // the vision tower for CLIP
        {
            torch::NoGradGuard noGrad;
            model->headGates(tower)[1][2] = 0.0;
            model->neuronGates(tower)[1][5] = 0.0;
        }
        std::set<std::string> everyParameter;
        for (const auto &p : model->named_parameters())
            everyParameter.insert(p.key());

        // Where the gates go, for the first layer's attention output and a batch of `rows` tokens.
        const auto &reads = structure.towers[tower].layers[0].withRole(MatrixRole::AttentionOutput);
        const auto modules = model->named_modules();
        const auto *found = modules.find(reads.weight.substr(0, reads.weight.rfind('.')));
        QVERIFY(found);
        const auto reader = std::dynamic_pointer_cast<PrunableLinearImpl>(*found);
        QVERIFY(reader);
        const auto onWeight = [&](int64_t rows, const ForwardOptions &options) {
            const TrainableScope scope(*model, everyParameter, true);
            return placeUnitGates(model->headGates(tower)[0], *reader, torch::zeros({rows, 1}), options)
                .onWeight.defined();
        };
        ForwardOptions hooked;
        hooked.hook = [](const Site &, const torch::Tensor &x) { return x; };
        QVERIFY(onWeight(reads.outFeatures, {}));
        QVERIFY(!onWeight(reads.outFeatures - 1, {}));
        QVERIFY(!onWeight(reads.outFeatures, hooked));

        const bool contrastive = model->config().head == TaskHead::Contrastive;
        const auto run = [&](ForwardOptions options) {
            const TrainableScope scope(*model, everyParameter, true); // drops the gradients when done
            options.hiddenStates = true;
            const auto out = model->forward(inputs, options, contrastive);
            out.loss.backward();
            NamedTensors values{{"loss", out.loss.detach().clone()}};
            for (const auto &tokens : out.towers) // the embeddings' output: [batch, tokens, width]
                values.emplace_back("rows", torch::tensor(tokens.hiddenStates.at(0).numel() / tokens.hiddenStates.at(0).size(-1)));
            for (const auto &p : model->named_parameters())
                values.emplace_back(p.key(), p.value().grad().clone());
            for (size_t t = 0; t < structure.towers.size(); ++t) {
                values.emplace_back("head gates " + std::to_string(t), model->headGates(t).grad().clone());
                values.emplace_back("neuron gates " + std::to_string(t), model->neuronGates(t).grad().clone());
            }
            return values;
        };
        const auto weights = run({}), units = run(hooked);
        QCOMPARE(weights.size(), units.size());
        double worst = 0;
        for (size_t i = 0; i < weights.size(); ++i) {
            const auto &[name, value] = weights[i];
            QCOMPARE(name, units[i].first);
            if (name == "rows") // each tower's token rows: the gates went on the weights
                QVERIFY(value.item<int64_t>() >= model->config().towers[i - 1].hidden);
            if (name.find(" gates ") == std::string::npos) {
                QVERIFY2(torch::equal(value, units[i].second), name.c_str());
                continue;
            }
            worst = std::max(worst, relativeError(value, units[i].second));
        }
        qInfo("%s: loss and %zu parameter gradients equal; gates' gradients differ by %.2e (tolerance 1e-4)",
              qPrintable(family), weights.size() - 1 - 3 * structure.towers.size(), worst);
        QVERIFY(worst < 1e-4);
    }

    // A decoder resumed at layer 1 from the hidden state after layer 0 gives the full pass's
    // outputs, bit for bit; a family that cannot resume says so.
    void resumesAtALayer()
    {
        torch::NoGradGuard noGrad;
        auto model = Checkpoint::open(fixture(QStringLiteral("mistral")))->loadModel();
        QVERIFY(model->resumesAtLayer());
        QVERIFY(!Checkpoint::open(fixture(QStringLiteral("gpt2")))->loadModel()->resumesAtLayer());
        const auto inputs = readModelInputs(*SafetensorsFile::open(fixture(QStringLiteral("mistral")) / "reference.safetensors"));
        torch::Tensor afterFirst;
        ForwardOptions capture;
        capture.hook = [&](const Site &site, const torch::Tensor &x) {
            if (site.kind == SiteKind::LayerOutput && site.layer == 0)
                afterFirst = x;
            return x;
        };
        const auto full = model->forward(inputs, capture);
        ForwardOptions resume;
        resume.fromLayer = 1;
        resume.fromHidden = afterFirst;
        const auto resumed = model->forward(inputs, resume);
        QVERIFY(torch::equal(full.logits, resumed.logits));
        QVERIFY(torch::equal(full.loss, resumed.loss));
    }

    // The hook is called at every site, once per forward, and what it returns is used.
    void hooksSeeEverySite()
    {
        torch::NoGradGuard noGrad;
        auto model = Checkpoint::open(fixture(QStringLiteral("clip")))->loadModel();
        const auto reference = SafetensorsFile::open(fixture(QStringLiteral("clip")) / "reference.safetensors");
        const auto inputs = readModelInputs(*reference);
        std::map<SiteKind, int> calls;
        std::set<std::string> matrices;
        ForwardOptions options;
        options.hook = [&](const Site &site, const torch::Tensor &x) {
            ++calls[site.kind];
            if (site.matrix)
                matrices.insert(site.matrix->weight);
            return x;
        };
        const auto plain = model->forward(inputs);
        const auto hooked = model->forward(inputs, options);
        QCOMPARE(calls[SiteKind::InputEmbeddings], 1);
        QCOMPARE(calls[SiteKind::HeadContext], 4);       // 2 towers x 2 layers
        QCOMPARE(calls[SiteKind::NeuronActivation], 4);
        QCOMPARE(calls[SiteKind::LayerOutput], 4);
        QCOMPARE(calls[SiteKind::LinearOutput], 24);     // 6 matrices x 4 layers
        QCOMPARE(calls[SiteKind::LinearInput], 24);
        QCOMPARE(int(matrices.size()), 24);
        QVERIFY(torch::equal(plain.logitsPerImage, hooked.logitsPerImage));

        options.hook = [](const Site &site, const torch::Tensor &x) {
            return site.kind == SiteKind::LinearOutput ? x + 1e-3 * torch::randn_like(x) : x;
        };
        const auto noisy = model->forward(inputs, options);
        QVERIFY(!torch::allclose(plain.logitsPerImage, noisy.logitsPerImage, 0, 1e-7));
    }

    // Base models (no task head, no prefix) give the task models' last hidden state.
    void loadsBaseModels_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("BertModel") << QStringLiteral("bert") << QStringLiteral("BertModel") << QStringLiteral("bert.");
        QTest::newRow("GPT2Model") << QStringLiteral("gpt2") << QStringLiteral("GPT2Model") << QStringLiteral("transformer.");
        QTest::newRow("RobertaModel") << QStringLiteral("roberta") << QStringLiteral("RobertaModel") << QStringLiteral("roberta.");
        QTest::newRow("DistilBertModel") << QStringLiteral("distilbert") << QStringLiteral("DistilBertModel")
                                         << QStringLiteral("distilbert.");
        QTest::newRow("ViTModel") << QStringLiteral("vit") << QStringLiteral("ViTModel") << QStringLiteral("vit.");
        QTest::newRow("LlamaModel") << QStringLiteral("llama") << QStringLiteral("LlamaModel") << QStringLiteral("model.");
        QTest::newRow("Qwen2Model") << QStringLiteral("qwen2") << QStringLiteral("Qwen2Model") << QStringLiteral("model.");
        QTest::newRow("MistralModel") << QStringLiteral("mistral") << QStringLiteral("MistralModel")
                                      << QStringLiteral("model.");
    }
    void loadsBaseModels()
    {
        QFETCH(QString, family);
        QFETCH(QString, architecture);
        QFETCH(QString, prefix);
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "base";
        fs::create_directories(folder);
        auto config = nlohmann::json::parse(std::ifstream(fixture(family) / "config.json"));
        config["architectures"] = nlohmann::json::array({architecture.toStdString()});
        std::ofstream(folder / "config.json") << config.dump();
        NamedTensors tensors;
        for (auto &[name, tensor] : readAllTensors(fixture(family) / "model.safetensors"))
            if (name.rfind(prefix.toStdString(), 0) == 0)
                tensors.emplace_back(name.substr(size_t(prefix.size())), tensor);
        writeSafetensors(folder / "model.safetensors", tensors);

        LoadReport report;
        const auto checkpoint = Checkpoint::open(folder);
        auto model = checkpoint->loadModel({}, &report);
        QCOMPARE(int(report.warnings.size()), 0);
        const auto reference = SafetensorsFile::open(fixture(family) / "reference.safetensors");
        torch::NoGradGuard noGrad;
        const auto out = model->forward(readModelInputs(*reference));
        QVERIFY(!out.logits.defined());
        auto last = reference->tensor("hidden_states.2");
        if (family == QLatin1String("vit")) // ViT reports the last layer's output before its final LayerNorm
            last = torch::layer_norm(last, {last.size(-1)}, model->named_parameters()["layernorm.weight"],
                                     model->named_parameters()["layernorm.bias"], model->config().towers[0].layerNormEps);
        const double err = relativeError(out.lastHiddenState, last);
        qInfo("%s: last hidden state rel_err %.3e", qPrintable(architecture), err);
        QVERIFY(err < 1e-5);
    }

    // The masked-LM heads (BertForMaskedLM, RobertaForMaskedLM, DistilBertForMaskedLM) on the
    // fixtures' encoders: transform, activation, LayerNorm and the decoder tied to the word
    // embeddings, recomputed here from the last hidden state (which parity checks against
    // transformers); the loss is the cross-entropy at the labelled tokens only.
    void computesMaskedLmHeads_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<QString>("prefix");   // the base model's, kept from the fixture
        QTest::addColumn<QStringList>("head"); // transform, LayerNorm, decoder bias
        QTest::addColumn<QString>("word");     // the word embeddings the decoder is tied to
        QTest::newRow("bert") << QStringLiteral("bert") << QStringLiteral("BertForMaskedLM") << QStringLiteral("bert.")
                              << QStringList{QStringLiteral("cls.predictions.transform.dense"),
                                             QStringLiteral("cls.predictions.transform.LayerNorm"),
                                             QStringLiteral("cls.predictions.bias")}
                              << QStringLiteral("bert.embeddings.word_embeddings.weight");
        QTest::newRow("roberta") << QStringLiteral("roberta") << QStringLiteral("RobertaForMaskedLM")
                                 << QStringLiteral("roberta.")
                                 << QStringList{QStringLiteral("lm_head.dense"), QStringLiteral("lm_head.layer_norm"),
                                                QStringLiteral("lm_head.bias")}
                                 << QStringLiteral("roberta.embeddings.word_embeddings.weight");
        QTest::newRow("distilbert") << QStringLiteral("distilbert") << QStringLiteral("DistilBertForMaskedLM")
                                    << QStringLiteral("distilbert.")
                                    << QStringList{QStringLiteral("vocab_transform"), QStringLiteral("vocab_layer_norm"),
                                                   QStringLiteral("vocab_projector.bias")}
                                    << QStringLiteral("distilbert.embeddings.word_embeddings.weight");
    }
    void computesMaskedLmHeads()
    {
        QFETCH(QString, family);
        QFETCH(QString, architecture);
        QFETCH(QString, prefix);
        QFETCH(QStringList, head);
        QFETCH(QString, word);
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "mlm";
        fs::create_directories(folder);
        auto config = nlohmann::json::parse(std::ifstream(fixture(family) / "config.json"));
        config["architectures"] = nlohmann::json::array({architecture.toStdString()});
        std::ofstream(folder / "config.json") << config.dump();
        NamedTensors tensors;
        std::map<std::string, torch::Tensor> byName;
        for (auto &[name, tensor] : readAllTensors(fixture(family) / "model.safetensors"))
            if (name.rfind(prefix.toStdString(), 0) == 0 && name.find("pooler") == std::string::npos) {
                tensors.emplace_back(name, tensor);
                byName[name] = tensor;
            }
        const std::string dense = head[0].toStdString(), norm = head[1].toStdString(), bias = head[2].toStdString();
        const int64_t hidden = byName.at(word.toStdString()).size(1), vocab = byName.at(word.toStdString()).size(0);
        for (const auto &[name, tensor] : std::vector<std::pair<std::string, torch::Tensor>>{
                 {dense + ".weight", torch::randn({hidden, hidden}) * 0.08}, {dense + ".bias", torch::randn({hidden}) * 0.08},
                 {norm + ".weight", 1 + torch::randn({hidden}) * 0.1}, {norm + ".bias", torch::randn({hidden}) * 0.08},
                 {bias, torch::randn({vocab}) * 0.08}}) {
            tensors.emplace_back(name, tensor);
            byName[name] = tensor;
        }
        writeSafetensors(folder / "model.safetensors", tensors);

        LoadReport report;
        auto model = Checkpoint::open(folder)->loadModel({}, &report);
        QCOMPARE(int(report.warnings.size()), 0);
        const auto reference = SafetensorsFile::open(fixture(family) / "reference.safetensors");
        ModelInputs in = readModelInputs(*reference);
        in.labels = torch::full_like(in.inputIds, -100);
        in.labels.index_put_({0, 3}, 17);
        in.labels.index_put_({2, 1}, 420);
        torch::NoGradGuard noGrad;
        const auto out = model->forward(in);
        QCOMPARE(out.logits.sizes().vec(), (std::vector<int64_t>{in.inputIds.size(0), in.inputIds.size(1), vocab}));

        // By hand, in double precision: every family's transform activation is erf GELU here.
        const auto d = [&](const std::string &name) { return byName.at(name).to(torch::kDouble); };
        const auto h = out.lastHiddenState.to(torch::kDouble);
        const double eps = model->config().towers[0].layerNormEps;
        auto x = torch::gelu(torch::matmul(h, d(dense + ".weight").t()) + d(dense + ".bias"));
        x = torch::layer_norm(x, {hidden}, d(norm + ".weight"), d(norm + ".bias"), eps);
        const auto logits = torch::matmul(x, d(word.toStdString()).t()) + d(bias);
        const double err = relativeError(out.logits, logits);
        const auto logProbs = torch::log_softmax(logits, -1);
        const double expected = -(logProbs[0][3][17] + logProbs[2][1][420]).item<double>() / 2.0;
        qInfo("%s: masked-LM logits rel_err %.3e; loss %.6f, by hand %.6f", qPrintable(architecture), err,
              out.loss.item<double>(), expected);
        QVERIFY(err < 1e-5);
        QVERIFY(std::abs(out.loss.item<double>() - expected) < 1e-5 * std::max(1.0, expected));
    }

    // Old spellings load to the same model: LayerNorm gamma/beta, no "bert." prefix.
    void acceptsNamingVariants()
    {
        QTemporaryDir dir;
        const auto folder = rewriteFixture(QStringLiteral("bert"), fs::path(dir.path().toStdString()) / "old",
                                           [](std::string name) {
                                               if (name.rfind("bert.", 0) == 0)
                                                   name = name.substr(5);
                                               for (const auto &[from, to] : {std::pair{"LayerNorm.weight", "LayerNorm.gamma"},
                                                                              std::pair{"LayerNorm.bias", "LayerNorm.beta"}})
                                                   if (const auto at = name.find(from); at != std::string::npos)
                                                       name.replace(at, std::string(from).size(), to);
                                               return name;
                                           });
        const auto ours = output(runFixture(folder, false), "logits");
        const auto dense = output(runFixture(fixture(QStringLiteral("bert")), false), "logits");
        QVERIFY(torch::equal(ours, dense));
    }

    // F16 and BF16 checkpoints are converted on load; outputs stay close to float32.
    void convertsHalfPrecision_data()
    {
        QTest::addColumn<int>("dtype");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("F16") << int(torch::kHalf) << 2e-3;
        QTest::newRow("BF16") << int(torch::kBFloat16) << 2e-2;
    }
    void convertsHalfPrecision()
    {
        QFETCH(int, dtype);
        QFETCH(double, tolerance);
        QTemporaryDir dir;
        const auto folder = rewriteFixture(QStringLiteral("gpt2"), fs::path(dir.path().toStdString()) / "half",
                                           [](const std::string &n) { return n; }, torch::ScalarType(dtype));
        const auto checkpoint = Checkpoint::open(folder);
        QCOMPARE(checkpoint->entry("transformer.wte.weight").dtype,
                 dtype == int(torch::kHalf) ? DType::F16 : DType::BF16);
        const double err = relativeError(output(runFixture(folder, false), "logits"),
                                         output(runFixture(fixture(QStringLiteral("gpt2")), false), "logits"));
        qInfo("logits from a %s checkpoint: rel_err %.3e", QTest::currentDataTag(), err);
        QVERIFY(err < tolerance);
    }

    // A sharded checkpoint with an index gives exactly the single-file model.
    void loadsShards()
    {
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "sharded";
        fs::create_directories(folder);
        fs::copy_file(fixture(QStringLiteral("clip")) / "config.json", folder / "config.json");
        NamedTensors first, second;
        nlohmann::json map;
        for (auto &[name, tensor] : readAllTensors(fixture(QStringLiteral("clip")) / "model.safetensors")) {
            const bool text = name.rfind("text_model.", 0) == 0;
            (text ? first : second).emplace_back(name, tensor);
            map[name] = text ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
        }
        writeSafetensors(folder / "model-00001-of-00002.safetensors", first);
        writeSafetensors(folder / "model-00002-of-00002.safetensors", second);
        std::ofstream(folder / "model.safetensors.index.json")
            << nlohmann::json{{"metadata", {{"total_size", 0}}}, {"weight_map", map}}.dump();

        QCOMPARE(int(Checkpoint::open(folder)->files().size()), 2);
        const auto sharded = runFixture(folder, false);
        const auto single = runFixture(fixture(QStringLiteral("clip")), false);
        QVERIFY(torch::equal(output(sharded, "logits_per_image"), output(single, "logits_per_image")));
    }

    // Old OpenAI exports say eos_token_id 2 and pool at the highest token id.
    void clipPoolsAtArgmaxForOldExports()
    {
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "old-clip";
        fs::create_directories(folder);
        auto config = nlohmann::json::parse(std::ifstream(fixture(QStringLiteral("clip")) / "config.json"));
        config["text_config"]["eos_token_id"] = 2;
        std::ofstream(folder / "config.json") << config.dump();
        fs::copy_file(fixture(QStringLiteral("clip")) / "model.safetensors", folder / "model.safetensors");

        torch::NoGradGuard noGrad;
        auto old = Checkpoint::open(folder)->loadModel();
        auto modern = Checkpoint::open(fixture(QStringLiteral("clip")))->loadModel();
        const auto embed = [](TransformerModel &model, std::vector<int64_t> ids) {
            ModelInputs in;
            in.inputIds = torch::tensor(ids, torch::kLong).unsqueeze(0);
            return model.forward(in).textEmbeds;
        };
        // No 799 in the text: the old rule pools at the highest id (798, position 1), and
        // the causal mask makes later tokens irrelevant there.
        const auto pooledAt1 = embed(*old, {10, 798, 20, 30, 40});
        QVERIFY(torch::allclose(pooledAt1, embed(*old, {10, 798, 5, 6, 7})));
        QVERIFY(!torch::allclose(pooledAt1, embed(*old, {10, 797, 20, 30, 40})));
        // The modern rule looks for eos 799, finds none, and pools at position 0.
        QVERIFY(torch::allclose(embed(*modern, {10, 798, 20, 30, 40}), embed(*modern, {10, 797, 5, 6, 7})));
        QVERIFY(!torch::allclose(pooledAt1, embed(*modern, {10, 798, 20, 30, 40})));
    }
};

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"
