// Evaluation metrics against hand-computed cases, and task metrics on the fixtures
// against what transformers' reference outputs imply.
#include "core/models/checkpoint.h"
#include "core/scoring/evaluation.h"
#include "core/pruning/masks.h"
#include "core/models/reference_run.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace prunescope;
using namespace prunescope::testing;

namespace {

torch::Tensor longs(std::vector<int64_t> values)
{
    return torch::tensor(values, torch::kLong);
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
