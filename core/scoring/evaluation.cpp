#include "core/scoring/evaluation.h"

#include "core/models/model_family.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace prunescope {

namespace {

torch::Tensor confusion(const torch::Tensor &predicted, const torch::Tensor &truth, int64_t classes)
{
    const auto index = truth.to(torch::kLong) * classes + predicted.to(torch::kLong);
    return torch::bincount(index, {}, classes * classes).reshape({classes, classes}).to(torch::kDouble);
}

// Average ranks, ties sharing the mean of their positions.
torch::Tensor ranks(const torch::Tensor &values)
{
    const auto v = values.to(torch::kDouble).contiguous();
    const auto order = std::get<1>(torch::sort(v, /*stable=*/true, 0, false));
    auto r = torch::empty_like(v);
    const auto sorted = v.index_select(0, order);
    const auto *s = sorted.data_ptr<double>();
    const auto *o = order.data_ptr<int64_t>();
    auto *out = r.data_ptr<double>();
    for (int64_t i = 0, n = v.numel(); i < n;) {
        int64_t j = i;
        while (j + 1 < n && s[j + 1] == s[i])
            ++j;
        for (int64_t k = i; k <= j; ++k)
            out[o[k]] = 0.5 * double(i + j);
        i = j + 1;
    }
    return r;
}

} // namespace

double matthewsCorrelation(const torch::Tensor &predicted, const torch::Tensor &truth, int64_t classes)
{
    const auto c = confusion(predicted, truth, classes);
    const double s = c.sum().item<double>(), correct = c.trace().item<double>();
    const auto p = c.sum(0), t = c.sum(1); // predicted and true counts per class
    const double cov = correct * s - (p * t).sum().item<double>();
    const double denominator = std::sqrt((s * s - (p * p).sum().item<double>()) * (s * s - (t * t).sum().item<double>()));
    return denominator > 0 ? cov / denominator : 0.0;
}

double macroF1(const torch::Tensor &predicted, const torch::Tensor &truth, int64_t classes)
{
    const auto c = confusion(predicted, truth, classes);
    const auto tp = c.diagonal(), predictedCount = c.sum(0), trueCount = c.sum(1);
    // Classes that appear in neither the labels nor the predictions are left out, as scikit-learn does.
    const auto present = (predictedCount + trueCount).gt(0);
    const auto f1 = (2 * tp / (predictedCount + trueCount)).masked_select(present);
    return f1.numel() > 0 ? f1.mean().item<double>() : 0.0;
}

double pearson(const torch::Tensor &a, const torch::Tensor &b)
{
    const auto x = a.to(torch::kDouble) - a.to(torch::kDouble).mean();
    const auto y = b.to(torch::kDouble) - b.to(torch::kDouble).mean();
    const double denominator = (x.norm() * y.norm()).item<double>();
    return denominator > 0 ? (x * y).sum().item<double>() / denominator : 0.0;
}

double spearman(const torch::Tensor &a, const torch::Tensor &b)
{
    return pearson(ranks(a), ranks(b));
}

namespace {

// What the batches add up to: predictions and labels of classifiers, the negative
// log-likelihood of language models, and the matches of image-text pairs.
struct Tallies
{
    std::vector<torch::Tensor> predictions, truths;
    double nll = 0, tokens = 0, lossSum = 0, imageHits = 0, textHits = 0, pairs = 0;
    int64_t classes = 0;
};

// The targets' log-probabilities; a causal LM predicts each token from those before it.
// Labels of -100 (padding, a strided window's context) are not predicted.
void addLanguageModelBatch(const ModelConfig &config, const ModelInputs &in, const ModelOutputs &out, Tallies &t)
{
    const auto labels = in.labels.to(out.logits.device());
    const auto logits = config.head == TaskHead::CausalLm ? out.logits.slice(1, 0, -1) : out.logits;
    const auto targets = config.head == TaskHead::CausalLm ? labels.slice(1, 1) : labels;
    const auto valid = targets.ne(-100);
    const auto logProbs = torch::log_softmax(logits.to(torch::kFloat), -1)
                              .gather(-1, targets.clamp_min(0).unsqueeze(-1))
                              .squeeze(-1);
    // Summed in double: a float32 sum over a batch of long windows would lose digits.
    t.nll -= logProbs.masked_select(valid).to(torch::kDouble).sum().item<double>();
    t.tokens += valid.sum().item<double>();
}

void addBatch(const ModelConfig &config, const ModelInputs &in, const ModelOutputs &out, int64_t count, Tallies &t)
{
    if (config.head == TaskHead::SequenceClassification) {
        t.lossSum += out.loss.item<double>() * double(count);
        const auto labels = in.labels.to(torch::kCPU);
        t.predictions.push_back(config.problemType == "regression" ? out.logits.squeeze(-1).to(torch::kCPU)
                                                                   : out.logits.argmax(-1).to(torch::kCPU));
        t.truths.push_back(labels);
    } else if (config.head == TaskHead::CausalLm || config.head == TaskHead::MaskedLm) {
        addLanguageModelBatch(config, in, out, t);
    } else if (in.labels.defined()) {
        // Zero-shot classification: the texts are one prompt per class.
        t.classes = out.logitsPerImage.size(1);
        t.lossSum += out.loss.item<double>() * double(in.pixelValues.size(0));
        t.predictions.push_back(out.logitsPerImage.argmax(-1).to(torch::kCPU));
        t.truths.push_back(in.labels.to(torch::kCPU, torch::kLong));
    } else {
        const int64_t images = out.logitsPerImage.size(0);
        const auto truth = torch::arange(images, torch::TensorOptions().dtype(torch::kLong).device(out.logitsPerImage.device()));
        t.imageHits += out.logitsPerImage.argmax(-1).eq(truth).sum().item<double>();
        t.textHits += out.logitsPerText.slice(0, 0, images).argmax(-1).eq(truth).sum().item<double>();
        t.pairs += double(images);
    }
}

// Every process's tallies pooled: the sums added, the predictions and labels gathered.
void pool(const WorkGroup &group, Tallies &t, EvalResult &result)
{
    std::vector<torch::Tensor> sums{torch::tensor({t.nll, t.tokens, t.lossSum, t.imageHits, t.textHits, t.pairs,
                                                   double(result.examples)}, torch::kDouble)};
    group.sum(sums);
    const auto s = sums[0];
    t.nll = s[0].item<double>(), t.tokens = s[1].item<double>(), t.lossSum = s[2].item<double>();
    t.imageHits = s[3].item<double>(), t.textHits = s[4].item<double>(), t.pairs = s[5].item<double>();
    result.examples = int64_t(s[6].item<double>());
    if (!t.predictions.empty()) {
        t.predictions = {group.gatherRows(torch::cat(t.predictions))};
        t.truths = {group.gatherRows(torch::cat(t.truths))};
    }
}

// The task's metrics from the tallies, `result.examples` already counted.
void setMetrics(const ModelConfig &config, const Tallies &t, EvalResult &result)
{
    if (config.head == TaskHead::SequenceClassification || !t.predictions.empty()) {
        const auto predicted = torch::cat(t.predictions), truth = torch::cat(t.truths);
        if (config.problemType == "regression" && config.head == TaskHead::SequenceClassification) {
            result.task = "regression";
            result.metrics = {{"pearson", pearson(predicted, truth)},
                              {"spearman", spearman(predicted, truth)},
                              {"mse", (predicted.to(torch::kDouble) - truth.to(torch::kDouble)).pow(2).mean().item<double>()}};
            result.primary = "pearson";
        } else {
            result.task = config.head == TaskHead::Contrastive ? "zero-shot classification" : "classification";
            result.metrics = {{"accuracy", predicted.eq(truth).to(torch::kDouble).mean().item<double>()},
                              {"macro_f1", macroF1(predicted, truth, t.classes)},
                              {"mcc", matthewsCorrelation(predicted, truth, t.classes)},
                              {"loss", t.lossSum / double(result.examples)}};
            result.primary = "accuracy";
        }
    } else if (config.head == TaskHead::Contrastive) {
        result.task = "image-text matching";
        result.metrics = {{"image_to_text_accuracy", t.imageHits / t.pairs}, {"text_to_image_accuracy", t.textHits / t.pairs}};
        result.primary = "image_to_text_accuracy";
    } else {
        if (t.tokens == 0)
            throw Error("no token in the data has a target to predict");
        result.task = config.head == TaskHead::CausalLm ? "causal language modelling" : "masked language modelling";
        result.metrics = {{"perplexity", std::exp(t.nll / t.tokens)}, {"nll", t.nll / t.tokens}, {"tokens", t.tokens}};
        result.primary = "perplexity";
    }
}

} // namespace

EvalResult evaluate(TransformerModel &model, const std::vector<ModelInputs> &all, const Progress &progress,
                    const WorkGroup *group)
{
    const auto &config = model.config();
    if (config.head == TaskHead::None)
        throw Error(config.architecture + " has no task head to evaluate: use a checkpoint with one ("
                    + architecturesWithHeads() + ")");
    if (all.empty())
        throw Error("nothing to evaluate: the data sample is empty");
    const std::vector<ModelInputs> share = group ? group->shareOf(all, "evaluation batches") : std::vector<ModelInputs>{};
    const std::vector<ModelInputs> &batches = group ? share : all;
    if (config.head == TaskHead::Contrastive
        && std::any_of(all.begin(), all.end(), [](const ModelInputs &b) { return !b.inputIds.defined() || !b.pixelValues.defined(); }))
        throw Error("evaluating " + config.family->title + " needs both texts (input_ids) and images (pixel_values) in the data");
    torch::NoGradGuard noGrad;
    EvalResult result;
    Tallies tallies;
    tallies.classes = config.numLabels;
    for (size_t b = 0; b < batches.size(); ++b) {
        const ModelInputs in = withLossTargets(batches[b], config);
        const auto out = model.forward(in, {}, config.head == TaskHead::Contrastive);
        const int64_t count = in.inputIds.defined() ? in.inputIds.size(0) : in.pixelValues.size(0);
        result.examples += config.head == TaskHead::Contrastive ? in.pixelValues.size(0) : count;
        addBatch(config, in, out, count, tallies);
        if (progress && !progress(int64_t(b + 1), int64_t(batches.size()), "evaluating"))
            throw Cancelled();
    }
    if (group)
        pool(*group, tallies, result);
    setMetrics(config, tallies, result);
    return result;
}

} // namespace prunescope
