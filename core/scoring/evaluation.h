// Evaluation of a (possibly masked) model on labelled batches, by task:
//   sequence classification  accuracy, macro F1, Matthews correlation (Gorodkin's
//                            multi-class form), loss; regression: Pearson, Spearman, MSE
//   causal / masked LM       perplexity = exp(total negative log-likelihood / total predicted
//                            tokens), over all batches (not a mean of the batches' perplexities);
//                            "tokens" is the number of tokens predicted (labels other than -100)
//   CLIP                     image->text and text->image accuracy over the batch's pairs;
//                            with labels (zero-shot data): accuracy, macro F1, MCC, loss
#pragma once

#include "core/models/model.h"
#include "core/scoring/scorers.h"
#include "core/support/metric_direction.h"

#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct EvalResult
{
    std::string task;
    std::map<std::string, double> metrics;
    int64_t examples = 0;
    std::string primary; // the metric a sweep plots
};

// With a group, each process evaluates its share of the batches (the b-th goes to process
// b mod N) and the tallies are pooled, so that every process gets the metrics of all of them.
EvalResult evaluate(TransformerModel &model, const std::vector<ModelInputs> &batches, const Progress &progress = {},
                    const WorkGroup *group = nullptr);


// Metric helpers, exposed for the tests.
double matthewsCorrelation(const torch::Tensor &predicted, const torch::Tensor &truth, int64_t classes);
double macroF1(const torch::Tensor &predicted, const torch::Tensor &truth, int64_t classes);
double pearson(const torch::Tensor &a, const torch::Tensor &b);
double spearman(const torch::Tensor &a, const torch::Tensor &b);

} // namespace prunescope
