#include "core/pruning/training_runs.h"

#include "core/models/model.h"
#include "core/pruning/adapting_by_pruning.h"
#include "core/pruning/movement.h"
#include "core/pruning/pattern_pruning.h"
#include "core/pruning/training_methods.h"
#include "core/support/error.h"

namespace prunescope {

std::unique_ptr<TrainingExtension> trainingExtension(TransformerModel &model, const std::string &method,
                                                     const std::string &nm, const MethodOptions &given)
{
    if (method.empty())
        return std::make_unique<MovementMap>(model);
    checkFamily(trainingMethodSpec(method), model.config().familyName());
    const std::string selector = trainingSelector(method);
    if (selector == "pattern")
        return std::make_unique<PatternPruning>(model, patternOptions(method, nm, given));
    if (selector == "movement")
        return std::make_unique<MovementPruning>(model, movementOptions(method, given));
    throw Error(method + " prunes over runs of training of its own, not within one");
}

bool prunesOverRuns(const std::string &method)
{
    return !method.empty() && trainingSelector(method) == "prune";
}

IterativeResult runPruning(const std::string &method, TransformerModel &model, const ModelInputs &train,
                           const std::vector<ModelInputs> &validation, const std::filesystem::path &source,
                           const std::filesystem::path &out,
                           const TrainOptions &options, const MethodOptions &given, const TrainProgress &progress,
                           const RoundMonitor &rounds)
{
    if (!method.empty())
        checkFamily(trainingMethodSpec(method), model.config().familyName());
    if (method == "isp")
        return runIsp(model, train, validation, source, out, options, ispOptions(given), progress, rounds);
    if (method == "imp")
        return runImp(model, train, validation, source, out, options, impOptions(given), progress, rounds);
    if (method == "deepcuts")
        return runDeepCuts(model, train, validation, source, out, options, deepCutsOptions(given), progress, rounds);
    if (method == "abp")
        return runAbp(model, train, validation, source, out, options, abpOptions(given, options.seed), progress);
    throw Error(method.empty() ? "no method to prune with" : method + " prunes within one training run, not over runs");
}

} // namespace prunescope
