// Evaluation metrics against hand-computed cases, task metrics on the fixtures against
// what transformers' reference outputs imply, and strided perplexity against a window-by-
// window sum.
#include "core/models/checkpoint.h"
#include "core/data/datasets.h"
#include "core/scoring/evaluation.h"
#include "core/pruning/masks.h"
#include "core/models/reference_run.h"
#include "core/text/tokenizer.h"
#include "tests/core/fixtures.h"
#include "tests/core/sentence_text.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace prunescope;
using namespace prunescope::testing;

namespace {

torch::Tensor longs(std::vector<int64_t> values)
{
    return torch::tensor(values, torch::kLong);
}

namespace fs = std::filesystem;

// The negative log-likelihood of a text under a causal LM, summed window by window as the
// Hugging Face perplexity guide does, each window run alone (no padding, no batch): windows
// of `length` tokens every `stride`, the last `end - previous end` tokens of each its targets,
// and a target at a window's first position not predictable (no token before it).
struct WindowNll
{
    double nll = 0;
    int64_t tokens = 0, windows = 0;
};
WindowNll nllWindowByWindow(TransformerModel &model, const std::vector<int64_t> &ids, int64_t length, int64_t stride)
{
    torch::NoGradGuard noGrad;
    WindowNll total;
    const auto count = int64_t(ids.size());
    const auto all = torch::tensor(ids, torch::kLong);
    for (int64_t begin = 0, previousEnd = 0; begin < count; begin += stride) {
        const int64_t end = std::min(begin + length, count);
        ModelInputs in;
        in.inputIds = all.slice(0, begin, end).unsqueeze(0);
        in.attentionMask = torch::ones_like(in.inputIds);
        const auto logProbs = torch::log_softmax(model.forward(in).logits[0].to(torch::kDouble), -1);
        for (int64_t t = std::max(begin + 1, previousEnd); t < end; ++t) {
            total.nll -= logProbs[t - begin - 1][ids[size_t(t)]].item<double>();
            ++total.tokens;
        }
        ++total.windows;
        previousEnd = end;
        if (end == count)
            break;
    }
    return total;
}

} // namespace

class TestEvaluation : public QObject
{
    Q_OBJECT

private slots:
    // Values from the scikit-learn and SciPy documentation examples.
    void metricsMatchHandComputedCases()
    {
        QCOMPARE(matthewsCorrelation(longs({1, 0, 1, 1}), longs({1, 1, 1, 0}), 2), -1.0 / 3.0);
        QCOMPARE(matthewsCorrelation(longs({0, 1, 2, 2}), longs({0, 1, 2, 2}), 3), 1.0);
        QCOMPARE(matthewsCorrelation(longs({0, 0, 0, 0}), longs({0, 1, 0, 1}), 2), 0.0); // constant prediction
        QVERIFY(std::abs(macroF1(longs({0, 2, 1, 0, 0, 1}), longs({0, 1, 2, 0, 1, 2}), 3) - 0.26666666666666666) < 1e-12);
        QVERIFY(std::abs(pearson(torch::tensor({1.0, 2.0, 3.0}), torch::tensor({2.0, 4.0, 6.0})) - 1.0) < 1e-12);
        QVERIFY(std::abs(spearman(torch::tensor({1.0, 2.0, 2.0, 3.0}), torch::tensor({1.0, 2.0, 3.0, 4.0})) - 0.9486832980505138) < 1e-12);
        QVERIFY(std::abs(spearman(torch::tensor({5.0, 1.0, 3.0}), torch::tensor({50.0, -2.0, 0.5})) - 1.0) < 1e-12);
    }

    // GPT-2 perplexity is exp of transformers' own mean loss on the same tokens.
    void perplexityMatchesReferenceLoss()
    {
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        const auto reference = SafetensorsFile::open(fixture("gpt2") / "reference.safetensors");
        const EvalResult result = evaluate(*model, {readModelInputs(*reference)});
        const double expected = std::exp(reference->tensor("loss").item<double>());
        qInfo("perplexity %.6f, exp(reference loss) %.6f", result.metrics.at("perplexity"), expected);
        QVERIFY(std::abs(result.metrics.at("perplexity") / expected - 1.0) < 1e-5);
        QCOMPARE(result.primary, std::string("perplexity"));
    }

    // Strided perplexity on the GPT-2 fixture equals the window-by-window sum of the
    // negative log-likelihoods of the predicted tokens over their number: through
    // readDataset's padded windows in batches of 4 (whose token counts differ, so a mean of
    // the batches' perplexities would not agree) and evaluate(). With overlapping windows
    // every token but the first is predicted once; stride = length gives blocks and the tail.
    void stridedPerplexityMatchesWindowByWindow_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("stride");
        QTest::newRow("32 every 8") << 32 << 8;
        QTest::newRow("16 every 1") << 16 << 1;
        QTest::newRow("64 every 20") << 64 << 20;
        QTest::newRow("32 every 31") << 32 << 31;
        QTest::newRow("32 every 32") << 32 << 32;
    }
    void stridedPerplexityMatchesWindowByWindow()
    {
        QFETCH(int, length);
        QFETCH(int, stride);
        QTemporaryDir dir;
        const fs::path folder(dir.path().toStdString());
        const std::string text = sentencesText();
        std::ofstream(folder / "sentences.txt") << text;
        DataOptions options;
        options.tokenizer = writeVocabulary(folder, text);
        options.maxLength = length;
        options.stride = stride;
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        model->eval();
        const Dataset data = readDataset(folder / "sentences.txt", model->config(), options, fixture("gpt2"));
        const EvalResult result = evaluate(*model, makeBatches(data.inputs, 4, 0, 0));

        EncodeOptions plain;
        plain.addSpecialTokens = false;
        const std::vector<int64_t> ids = Tokenizer::load(folder)->encode(text, plain).ids;
        const auto count = int64_t(ids.size());
        const WindowNll expected = nllWindowByWindow(*model, ids, length, stride);
        QCOMPARE(data.rows, expected.windows);
        QCOMPARE(int64_t(result.metrics.at("tokens")), expected.tokens);
        QCOMPARE(expected.tokens, stride < length ? count - 1 : count - expected.windows);
        // Both sides are float32 forwards of the same weights on the same tokens, batched
        // and padded differently, so they round differently (and evaluate() takes the
        // log-softmax in float32): the rounding error of a float32 sum of K terms grows like
        // sqrt(K) * eps relative, K at most the longest sum in the model (the hidden size, the
        // FFN width or the softmax's normaliser over the vocabulary), and so does that of the
        // mean log-likelihood made from them. A token scored twice or left out would move the
        // mean by about mean / tokens, far more.
        const TowerConfig &tower = model->config().towers.front();
        const auto longestSum = std::max({tower.hidden, tower.ffn, tower.vocabSize});
        const double meanNll = expected.nll / double(expected.tokens);
        const double difference = std::abs(result.metrics.at("nll") - meanNll);
        const double tolerance
            = double(std::numeric_limits<float>::epsilon()) * std::sqrt(double(longestSum)) * meanNll;
        qInfo("%lld tokens, %lld windows of %d every %d: perplexity %.6f, window by window %.6f; mean NLL differs "
              "by %.3g (tolerance %.3g)",
              (long long)count, (long long)expected.windows, length, stride, result.metrics.at("perplexity"),
              std::exp(meanNll), difference, tolerance);
        QVERIFY(difference <= tolerance);
        QVERIFY(std::abs(result.metrics.at("perplexity") - std::exp(meanNll)) <= std::exp(meanNll) * 2 * tolerance);
        QCOMPARE(result.metrics.at("perplexity"), std::exp(result.metrics.at("nll")));
        QCOMPARE(result.examples, expected.windows);
    }

    // On a text of exactly four blocks, windows every max-length tokens are the blocks:
    // the same inputs, the same perplexity, 31 tokens predicted in each block of 32.
    void strideOfMaxLengthEqualsBlocks()
    {
        QTemporaryDir dir;
        const fs::path folder(dir.path().toStdString());
        const std::string text = sentencesText(4 * 32);
        std::ofstream(folder / "blocks.txt") << text;
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        model->eval();
        DataOptions blocks;
        blocks.tokenizer = writeVocabulary(folder, text);
        blocks.maxLength = 32;
        DataOptions strided = blocks;
        strided.stride = 32;
        const Dataset a = readDataset(folder / "blocks.txt", model->config(), blocks, fixture("gpt2"));
        const Dataset b = readDataset(folder / "blocks.txt", model->config(), strided, fixture("gpt2"));
        QCOMPARE(a.rows, int64_t(4));
        QVERIFY(a.warnings.empty()); // no tail left out
        QVERIFY(torch::equal(a.inputs.inputIds, b.inputs.inputIds));
        QVERIFY(torch::equal(a.inputs.attentionMask, b.inputs.attentionMask));
        QVERIFY(torch::equal(a.inputs.labels, b.inputs.labels));
        const EvalResult blockResult = evaluate(*model, makeBatches(a.inputs, 3, 0, 0));
        const EvalResult windowResult = evaluate(*model, makeBatches(b.inputs, 3, 0, 0));
        qInfo("blocks: perplexity %.6f on %.0f tokens; stride 32: %.6f on %.0f", blockResult.metrics.at("perplexity"),
              blockResult.metrics.at("tokens"), windowResult.metrics.at("perplexity"), windowResult.metrics.at("tokens"));
        QCOMPARE(blockResult.metrics.at("tokens"), 4.0 * 31);
        QVERIFY(windowResult.metrics == blockResult.metrics);
    }

    // Accuracy from transformers' logits; splitting into batches changes nothing.
    void accuracyMatchesReferenceLogits()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const auto reference = SafetensorsFile::open(fixture("bert") / "reference.safetensors");
        const ModelInputs all = readModelInputs(*reference);
        const double expected = reference->tensor("logits").argmax(-1).eq(all.labels).to(torch::kDouble).mean().item<double>();
        const EvalResult whole = evaluate(*model, {all});
        const EvalResult split = evaluate(*model, makeBatches(all, 1, 0, 0));
        QCOMPARE(whole.metrics.at("accuracy"), expected);
        QCOMPARE(split.metrics.at("accuracy"), expected);
        QVERIFY(std::abs(whole.metrics.at("loss") - reference->tensor("loss").item<double>()) < 1e-5);
        QCOMPARE(whole.examples, int64_t(3));
    }

    void clipAccuracyMatchesReferenceLogits()
    {
        auto model = Checkpoint::open(fixture("clip"))->loadModel();
        const auto reference = SafetensorsFile::open(fixture("clip") / "reference.safetensors");
        const auto logits = reference->tensor("logits_per_image");
        const double expected = logits.argmax(-1).eq(torch::arange(2)).to(torch::kDouble).mean().item<double>();
        const EvalResult result = evaluate(*model, {readModelInputs(*reference)});
        QCOMPARE(result.metrics.at("image_to_text_accuracy"), expected);
    }

    // A mask changes the evaluated model; removing it restores the dense result.
    void masksChangeTheResult()
    {
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        const auto reference = SafetensorsFile::open(fixture("gpt2") / "reference.safetensors");
        const ModelInputs in = readModelInputs(*reference);
        const double dense = evaluate(*model, {in}).metrics.at("perplexity");
        ScoreMap mask;
        mask.tensors["neurons"] = torch::zeros({2, 256});
        applyMask(*model, mask);
        const double pruned = evaluate(*model, {in}).metrics.at("perplexity");
        qInfo("perplexity dense %.3f, every FFN neuron removed %.3f", dense, pruned);
        QVERIFY(std::abs(pruned - dense) > 1e-3);
        model->resetGates();
        QCOMPARE(evaluate(*model, {in}).metrics.at("perplexity"), dense);
    }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
