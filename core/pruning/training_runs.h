// A training method run from its declared options (training_methods.h), the same way for
// the command line and for a study: what the training loop trains with, or the runs of the
// loop that end in a pruned model.
#pragma once

#include "core/pruning/iterative_pruning.h"
#include "core/pruning/training.h"
#include "core/support/method_spec.h"

#include <memory>
#include <string>
#include <vector>

namespace prunescope {

// What the loop trains with for `method`: movement pruning or GUM (hard, soft, gum) or an
// n:m pattern (admm, sr-ste, to the pattern `nm`); with no method, the movement map that
// plain training records. Methods that prune over runs (isp, abp, imp, deepcuts) have none: an Error.
std::unique_ptr<TrainingExtension> trainingExtension(TransformerModel &model, const std::string &method,
                                                     const std::string &nm, const MethodOptions &given);

// True for the methods that prune over runs of the loop (isp, abp, imp, deepcuts): runPruning runs them.
bool prunesOverRuns(const std::string &method);

// isp, abp, imp or deepcuts from `source` into `out` (iterative_pruning.h, adapting_by_pruning.h);
// `rounds` sees each round's masks (isp, imp).
IterativeResult runPruning(const std::string &method, TransformerModel &model, const ModelInputs &train,
                           const std::vector<ModelInputs> &validation, const std::filesystem::path &source,
                           const std::filesystem::path &out,
                           const TrainOptions &options, const MethodOptions &given, const TrainProgress &progress,
                           const RoundMonitor &rounds = {});

} // namespace prunescope
