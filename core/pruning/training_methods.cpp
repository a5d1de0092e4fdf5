#include "core/pruning/training_methods.h"

#include "core/pruning/adapting_by_pruning.h"
#include "core/pruning/iterative_pruning.h"
#include "core/pruning/movement.h"
#include "core/pruning/pattern_pruning.h"
#include "core/scoring/score_methods.h"
#include "core/support/error.h"
#include "core/support/options.h"
#include "core/support/string_util.h"

#include <algorithm>
#include <limits>

namespace prunescope {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
const OptionRange kCount{1, kInfinity};
const OptionRange kAny{0, kInfinity};
const OptionRange kPositive{0, kInfinity, true};
const OptionRange kShareBelowOne{0, 1, false, true}; // 0 included, 1 not
const OptionRange kShareAboveZero{0, 1, true};       // 1 included, 0 not

// Movement pruning's options; `penalty` and `threshold` for the variants that use them.
std::vector<OptionSpec> movementSpecs(bool granularity, double penalty, bool threshold, bool uniqueness)
{
    std::vector<OptionSpec> o;
    if (granularity)
        o.push_back(choiceOption("granularity", "weight", choices::movementGranularity,
                                 "what a score masks: each weight, or each FFN neuron"));
    o.push_back(numberOption("final-keep", 0.1, kShareAboveZero, "v_f, the share of the units kept at the end"));
    o.push_back(numberOption("prune-warmup", 0.1, kShareBelowOne, "t1, the share of the steps before pruning starts"));
    o.push_back(numberOption("prune-cooldown", 0.1, kShareBelowOne, "t2, the share of the last steps at v_f"));
    o.push_back(numberOption("score-lr", 1e-2, kPositive, "the learning rate of the scores S"));
    if (penalty > 0)
        o.push_back(numberOption("penalty", penalty, kAny, "lambda_f, the weight of the penalty on sigmoid(S)"));
    if (threshold)
        o.push_back(numberOption("threshold", 0.5, {0, 1, true, true}, "tau: a unit is kept where sigmoid(S) > tau"));
    if (uniqueness)
        o.push_back(numberOption("uniqueness", 1.0, kAny, "lambda_u, the weight of a neuron's redundancy in the penalty"));
    return o;
}

OptionSpec sparsitySpec()
{
    return numberOption("sparsity", 0.7, {0, 1}, "the share of the prunable weights pruned at the end");
}

OptionSpec scopeSpec()
{
    return choiceOption("scope", "global", choices::pruneScope, "|W| ranked over all matrices, or within each");
}

// The single-shot methods that score weights, which deepcuts can prune with.
std::vector<std::string> weightScoreMethods()
{
    std::vector<std::string> names;
    for (const auto &m : scoreMethodSpecs())
        if (m.granularities.count(Granularity::Weight))
            names.push_back(m.name);
    return names;
}

// deepcuts' own options; its declaration adds every option of the methods it can score with.
std::vector<OptionSpec> deepCutsOwnSpecs()
{
    OptionSpec sparsity = sparsitySpec();
    sparsity.fallback = 0.85;
    return {sparsity,
            choiceOption("score", "taylor", weightScoreMethods(),
                         "the single-shot method that ranks the weights once, after the dense fine-tuning"),
            numberOption("score-examples", int64_t(1600), kAny, "the training examples scored, a seeded sample; 0: all"),
            boolOption("rewind", true, "rewind the kept weights to the starting checkpoint before the masked fine-tuning",
                       "no-rewind"),
            choiceOption("scope", "tensor", choices::pruneScope, "scores ranked within each matrix (DeepCuts) or over all")};
}

// deepcuts' options: its own, then every option of the methods it can score with, as those
// declare them (each passed on to its method only).
std::vector<OptionSpec> deepCutsSpecs()
{
    std::vector<OptionSpec> o = deepCutsOwnSpecs();
    for (const std::string &method : weightScoreMethods())
        for (OptionSpec option : scoreMethodSpec(method).options) {
            if (std::any_of(o.begin(), o.end(), [&](const OptionSpec &mine) { return mine.name == option.name; }))
                continue;
            option.help = method + ": " + option.help;
            o.push_back(option);
        }
    return o;
}

MethodSpec trainingMethod(const std::string &name, const std::string &title, const std::string &summary,
                          std::vector<OptionSpec> options)
{
    MethodSpec m;
    m.name = name;
    m.title = title;
    m.summary = summary;
    m.granularities = {Granularity::Weight};
    m.needs = {true, true, false};
    m.options = std::move(options);
    return m;
}

std::vector<MethodSpec> declarations()
{
    std::vector<MethodSpec> m;
    m.push_back(trainingMethod("hard", "Movement pruning, hard (Sanh et al. 2020)",
                               "train --movement hard: the top v_t of the learned scores S kept, per matrix or layer",
                               movementSpecs(true, 0, false, false)));
    m.push_back(trainingMethod("soft", "Movement pruning, soft (Sanh et al. 2020)",
                               "train --movement soft: units kept where sigmoid(S) > tau, with a penalty on sigmoid(S)",
                               movementSpecs(true, 1.0, true, false)));
    m[0].granularities = m[1].granularities = {Granularity::Weight, Granularity::Neuron};
    m.push_back(trainingMethod("gum", "GUM (Santacroce et al. 2023)",
                               "train --movement gum: FFN neurons ranked over all layers, the penalty raised for redundant ones",
                               movementSpecs(false, 2.0, false, true)));
    m.back().granularities = {Granularity::Neuron};
    m.push_back(trainingMethod(
        "admm", "ADMM toward an N:M pattern",
        "train --pattern admm [--nm 4:8]: a proximal term pulls W toward its projection, then W is projected and retrains",
        {numberOption("rho", 1e-3, kPositive, "rho at the start"),
         numberOption("rho-growth", 1.5, {1, kInfinity}, "rho's factor per round"),
         numberOption("rounds", int64_t(10), kCount, "Z- and U-steps before the projection"),
         numberOption("retrain", 0.3, {0, 1}, "the share of the steps left to retrain under the mask")}));
    m.push_back(trainingMethod("sr-ste", "SR-STE toward an N:M pattern (Zhou et al. 2021)",
                               "train --pattern sr-ste [--nm 4:8]: W (.) M forward, the dense W updated straight through",
                               {numberOption("decay", 2e-4, kAny, "lambda_W, the decay of the pruned weights")}));
    m.push_back(trainingMethod(
        "isp", "Instant Soup Pruning (Jaiswal et al. 2023)",
        "train --prune isp: each round's mask combined from denoisers' magnitude masks, in one pass",
        {sparsitySpec(), numberOption("rounds", int64_t(3), kCount, "k, the pruning rounds"),
         numberOption("rate", 0.0, kShareBelowOne, "of the remaining weights per round; 0: the target in k rounds"),
         numberOption("round-share", 0.1, kShareAboveZero, "t, a round's main training as a share of an epoch"),
         numberOption("denoisers", int64_t(4), kCount, "N, the denoisers per round"),
         numberOption("denoiser-steps", int64_t(40), kCount, "C, each denoiser's training steps"),
         numberOption("denoiser-data", 0.1, kShareAboveZero, "each denoiser's share of the training data"),
         choiceOption("combine", "union", choices::combine, "how the denoisers' keep-masks combine"),
         boolOption("soup", false, "Instant Model Soup before the final fine-tuning", "soup"), scopeSpec()}));
    m.push_back(trainingMethod(
        "abp", "Adapting by Pruning (Gao et al. 2021)",
        "train --prune abp: the weights frozen, a mask learned by theta until the target sparsity",
        {sparsitySpec(),
         numberOption("push", 0.0, kAny, "lambda, theta's push per step; 0 (or auto): theta0's mean / (0.6 steps)"),
         numberOption("mask-lr", 1e-3, kPositive, "the learning rate of theta"),
         boolOption("recovery", true, "a pruned weight may come back", "no-recovery")}));
    m.push_back(trainingMethod(
        "imp", "Iterative magnitude pruning with rewind (Frankle & Carbin 2019)",
        "train --prune imp: train, prune by magnitude, rewind, and again until the target",
        {sparsitySpec(), numberOption("rate", 0.2, kShareBelowOne, "of the remaining weights per round"),
         numberOption("rewind", int64_t(0), kAny, "the step rewound to; 0: the starting weights"), scopeSpec()}));
    m.push_back(trainingMethod("deepcuts", "Prune once and rewind (the DeepCuts procedure)",
                               "train --prune deepcuts --score M: fine-tune dense, score with M, prune once, rewind the "
                               "kept weights, fine-tune under the mask",
                               deepCutsSpecs()));
    return m;
}

MaskScope scopeOf(const MethodOptions &all)
{
    return all.choice("scope") == "global" ? MaskScope::Global : MaskScope::Tensor;
}

} // namespace

std::pair<int64_t, int64_t> parsePattern(const std::string &text)
{
    const size_t colon = text.find(':');
    try {
        if (colon != std::string::npos) {
            size_t used = 0;
            const int64_t n = std::stoll(text.substr(0, colon), &used);
            const std::string rest = text.substr(colon + 1);
            size_t usedM = 0;
            const int64_t m = std::stoll(rest, &usedM);
            if (used == colon && usedM == rest.size() && n > 0 && n < m)
                return {n, m};
        }
    } catch (const std::exception &) {
    }
    throw Error("pattern '" + text + "' is not n:m with 0 < n < m (such as 2:4 or 4:8)");
}

const std::vector<MethodSpec> &trainingMethodSpecs()
{
    static const std::vector<MethodSpec> methods = declarations();
    return methods;
}

const MethodSpec &trainingMethodSpec(const std::string &name)
{
    std::vector<std::string> known;
    for (const auto &m : trainingMethodSpecs()) {
        if (m.name == name)
            return m;
        known.push_back(m.name);
    }
    throw Error("unknown training method '" + name + "' (known: " + joined(known) + ")");
}

std::string trainingSelector(const std::string &method)
{
    const auto among = [&](const std::vector<std::string> &names) {
        return std::find(names.begin(), names.end(), trainingMethodSpec(method).name) != names.end();
    };
    return among(choices::movement) ? "movement" : among(choices::pattern) ? "pattern" : "prune";
}

MovementOptions movementOptions(const std::string &variant, const MethodOptions &given)
{
    const MethodSpec &method = trainingMethodSpec(variant);
    const MethodOptions all = resolved(method, given);
    MovementOptions o;
    o.variant = variant;
    if (method.option("granularity"))
        o.granularity = all.choice("granularity");
    o.finalKeep = all.real("final-keep");
    o.warmupFraction = all.real("prune-warmup");
    o.coolFraction = all.real("prune-cooldown");
    o.scoreLearningRate = all.real("score-lr");
    if (method.option("penalty"))
        o.penalty = all.real("penalty");
    if (method.option("threshold"))
        o.threshold = all.real("threshold");
    if (method.option("uniqueness"))
        o.uniqueness = all.real("uniqueness");
    return checkedMovementOptions(o);
}

PatternOptions patternOptions(const std::string &variant, const std::string &nm, const MethodOptions &given)
{
    const MethodSpec &method = trainingMethodSpec(variant);
    const MethodOptions all = resolved(method, given);
    PatternOptions o;
    o.variant = variant;
    std::tie(o.n, o.m) = parsePattern(nm);
    if (variant == "admm") {
        o.rho = all.real("rho");
        o.rhoGrowth = all.real("rho-growth");
        o.rounds = all.integer("rounds");
        o.retrainFraction = all.real("retrain");
    } else {
        o.decay = all.real("decay");
    }
    return o;
}

IspOptions ispOptions(const MethodOptions &given)
{
    const MethodOptions all = resolved(trainingMethodSpec("isp"), given);
    IspOptions o;
    o.sparsity = all.real("sparsity");
    o.rounds = all.integer("rounds");
    o.rate = all.real("rate");
    o.roundFraction = all.real("round-share");
    o.denoisers = all.integer("denoisers");
    o.denoiserSteps = all.integer("denoiser-steps");
    o.denoiserData = all.real("denoiser-data");
    o.combine = all.choice("combine");
    o.soup = all.boolean("soup");
    o.scope = scopeOf(all);
    return o;
}

ImpOptions impOptions(const MethodOptions &given)
{
    const MethodOptions all = resolved(trainingMethodSpec("imp"), given);
    ImpOptions o;
    o.sparsity = all.real("sparsity");
    o.rate = all.real("rate");
    o.rewindStep = all.integer("rewind");
    o.scope = scopeOf(all);
    return o;
}

DeepCutsOptions deepCutsOptions(const MethodOptions &given)
{
    const MethodOptions all = resolved(trainingMethodSpec("deepcuts"), given);
    DeepCutsOptions o;
    o.sparsity = all.real("sparsity");
    o.score = all.choice("score");
    o.scoreExamples = all.integer("score-examples");
    o.rewind = all.boolean("rewind");
    o.scope = scopeOf(all);
    // A form gives every option, the other score methods' at their defaults: only one set
    // apart from its default is a mistake.
    const MethodSpec &score = scoreMethodSpec(o.score);
    const std::vector<OptionSpec> own = deepCutsOwnSpecs();
    for (const auto &[name, value] : given.values()) {
        if (score.option(name)) {
            o.scoreOptions.set(name, value);
            continue;
        }
        const bool mine = std::any_of(own.begin(), own.end(), [&](const OptionSpec &spec) { return spec.name == name; });
        if (!mine && valueText(value) != valueText(trainingMethodSpec("deepcuts").option(name)->fallback))
            throw Error(name + " " + valueText(value) + " is an option of another score method, not of " + o.score
                        + " (deepcuts' score)");
    }
    return o;
}

AbpOptions abpOptions(const MethodOptions &given, uint64_t seed)
{
    const MethodOptions all = resolved(trainingMethodSpec("abp"), given);
    AbpOptions o;
    o.sparsity = all.real("sparsity");
    if (all.real("push") > 0) // 0: the automatic push (AbpOptions' NaN)
        o.push = all.real("push");
    o.maskLearningRate = all.real("mask-lr");
    o.recovery = all.boolean("recovery");
    o.seed = seed;
    return o;
}

} // namespace prunescope
