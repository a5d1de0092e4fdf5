#include "core/pruning/iterative_pruning.h"

#include "core/data/datasets.h"
#include "core/io/atomic_file.h"
#include "core/pruning/movement.h"
#include "core/scoring/evaluation.h"
#include "core/scoring/score_methods.h"
#include "core/scoring/scorers.h"
#include "core/support/error.h"
#include "core/support/options.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

using Weights = std::map<std::string, torch::Tensor>;
using Clock = std::chrono::steady_clock;

Weights snapshot(TransformerModel &model)
{
    torch::NoGradGuard noGrad;
    Weights weights;
    for (const auto &item : model.named_parameters())
        weights[item.key()] = item.value().detach().clone();
    return weights;
}

void restore(TransformerModel &model, const Weights &weights)
{
    torch::NoGradGuard noGrad;
    for (auto &item : model.named_parameters())
        item.value().set_data(weights.at(item.key()).clone());
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The round targets: after round i, 1 - (1 - rate)^(i + 1), the last clamped to the target.
std::vector<double> roundTargets(double sparsity, double rate, int64_t rounds)
{
    std::vector<double> targets;
    for (int64_t i = 0; i < rounds; ++i)
        targets.push_back(std::min(sparsity, 1.0 - std::pow(1.0 - rate, double(i + 1))));
    return targets;
}

// The runs of one method as one job: steps counted from the first run, the round and
// the denoiser in each entry's values, and the compute spent.
class Runs
{
public:
    Runs(TransformerModel &model, const fs::path &source, const TrainProgress &progress, int64_t total)
        : m_model(model)
        , m_source(source)
        , m_progress(progress)
        , m_total(total)
    {
    }

    // One run under `mask`; `out` empty: nothing written. `atStep` sees every step of the run.
    TrainResult train(const ModelInputs &data, const std::vector<ModelInputs> &checks, const fs::path &out,
                      const TrainOptions &options, const ScoreMap &mask, const std::map<std::string, double> &tags,
                      const std::function<void(int64_t step)> &atStep = {})
    {
        FixedMask fixed(m_model, mask, "the mask");
        const int64_t offset = m_steps;
        TrainResult result = trainModel(
            m_model, data, checks, m_source, out, options,
            [&](const TrainLogEntry &entry, int64_t) {
                if (atStep)
                    atStep(entry.step);
                TrainLogEntry overall = entry;
                overall.step += offset;
                overall.values.insert(tags.begin(), tags.end());
                m_last = overall;
                m_last.eval.clear();
                return !m_progress || m_progress(overall, m_total);
            },
            &fixed);
        m_steps += result.steps;
        return result;
    }

    int64_t steps() const { return m_steps; }

    // Work between runs (scoring) as the last step's entry with `values`; false: cancelled.
    bool between(const std::map<std::string, double> &values) const
    {
        TrainLogEntry entry = m_last;
        entry.values = values;
        return !m_progress || m_progress(entry, m_total);
    }

private:
    TransformerModel &m_model;
    fs::path m_source;
    const TrainProgress &m_progress;
    int64_t m_total = 0, m_steps = 0;
    TrainLogEntry m_last;
};

ScoreMap allKept(const ModelStructure &structure)
{
    ScoreMap mask;
    for (const auto &tower : structure.towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices)
                mask.tensors[matrix.weight] = torch::ones(storedShape(matrix));
    return mask;
}

// The validation metric of the model as it is (masked), NaN without validation data.
double validationMetric(TransformerModel &model, const std::vector<ModelInputs> &checks, EvalResult *full = nullptr)
{
    if (checks.empty())
        return std::numeric_limits<double>::quiet_NaN();
    torch::NoGradGuard noGrad;
    model.eval();
    const EvalResult eval = evaluate(model, checks);
    if (full)
        *full = eval;
    return eval.metrics.at(eval.primary);
}

// A random share of the examples (all of them for data that cannot be split).
ModelInputs randomShare(const ModelInputs &all, double share, int64_t atLeast, uint64_t seed)
{
    const int64_t count = exampleCount(all);
    const int64_t keep = std::min(count, std::max(atLeast, int64_t(std::llround(share * double(count)))));
    if (keep >= count || pairsOnlyAsAWhole(all))
        return all;
    return batchesInOrder(all, sampleIndices(count, keep, seed), keep).front();
}

nlohmann::json roundsJson(const IterativeResult &result)
{
    nlohmann::json rounds = nlohmann::json::array();
    const auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    for (const auto &r : result.rounds) {
        nlohmann::json round = {{"round", r.round}, {"sparsity", r.sparsity}, {"steps", r.steps},
                                {"seconds", r.seconds}, {"metric", number(r.metric)}};
        if (!r.weakSparsity.empty()) {
            round["weak_sparsity"] = r.weakSparsity;
            round["combined_sparsity"] = number(r.combinedSparsity);
        }
        rounds.push_back(round);
    }
    return rounds;
}

} // namespace

ScoreMap exactWeightMask(const ScoreMap &rank, const ModelStructure &structure, double sparsity, MaskScope scope)
{
    MaskOptions options;
    options.sparsity = sparsity;
    options.granularity = MaskGranularity::Weight;
    options.scope = scope;
    return buildMask(rank, structure, options);
}

void writePruningJson(const fs::path &out, const IterativeResult &result, const nlohmann::json &options)
{
    nlohmann::json json = {{"producer", "PruneScope " PRUNESCOPE_VERSION},
                           {"method", result.method},
                           {"options", options},
                           {"sparsity", maskSparsity(result.mask)},
                           {"rounds", roundsJson(result)},
                           {"cost", {{"steps", result.steps}, {"seconds", result.seconds}}},
                           {"final_steps", result.final.steps},
                           {"primary", result.final.primary}};
    json["best"] = std::isfinite(result.final.best) ? nlohmann::json(result.final.best) : nlohmann::json();
    if (std::isfinite(result.soupAlpha))
        json["soup_alpha"] = result.soupAlpha;
    for (const auto &[name, value] : result.details)
        json[name] = value;
    writeFileAtomically(out / "prunescope-pruning.json", json.dump(1) + "\n");
}

namespace {

const char *scopeName(MaskScope scope)
{
    return scope == MaskScope::Global ? "global" : "tensor";
}

void checkScope(MaskScope scope)
{
    if (scope != MaskScope::Global && scope != MaskScope::Tensor)
        throw Error("iterative pruning ranks weights within each tensor or over all of them (scope tensor or global)");
}

} // namespace

ScoreMap magnitudeMask(TransformerModel &model, const ScoreMap *current, double sparsity, MaskScope scope)
{
    torch::NoGradGuard noGrad;
    const auto params = model.named_parameters();
    ScoreMap rank;
    // Weights still kept rank above every pruned one (1 + |W| against 0), so a mask only grows sparser.
    for (const auto &tower : model.structure().towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices) {
                torch::Tensor magnitude = params[matrix.weight].detach().abs().to(torch::kCPU, torch::kDouble);
                if (current)
                    magnitude = (1 + magnitude) * current->at(matrix.weight);
                rank.tensors[matrix.weight] = magnitude;
            }
    return exactWeightMask(rank, model.structure(), sparsity, scope);
}

void checkCombine(const std::string &how)
{
    oneOf("combine", how, choices::combine);
}

ScoreMap combineMasks(const std::vector<ScoreMap> &weak, const std::string &how)
{
    if (weak.empty())
        throw Error("no weak masks to combine");
    checkCombine(how);
    ScoreMap combined;
    for (const auto &[name, first] : weak.front().tensors) {
        torch::Tensor votes = torch::zeros_like(first);
        for (const auto &mask : weak)
            votes += mask.at(name);
        const double n = double(weak.size());
        combined.tensors[name] = (how == "union" ? votes.gt(0) : how == "intersection" ? votes.ge(n) : votes.gt(n / 2))
                                     .to(torch::kFloat);
    }
    combined.provenance = {{"method", "isp"}, {"combine", how}};
    return combined;
}

IterativeResult runImp(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const fs::path &source, const fs::path &out, const TrainOptions &options, const ImpOptions &imp,
                       const TrainProgress &progress, const RoundMonitor &masks)
{
    if (!(imp.sparsity > 0 && imp.sparsity < 1) || !(imp.rate > 0 && imp.rate < 1))
        throw Error("imp needs a target sparsity and a rate per round in (0, 1)");
    checkScope(imp.scope);
    const int64_t perRun = plannedSteps(options, train);
    if (imp.rewindStep < 0 || imp.rewindStep >= perRun)
        throw Error("imp rewinds to a step of the first run: 0 to " + std::to_string(perRun - 1) + ", not " +
                    std::to_string(imp.rewindStep));
    const int64_t rounds = int64_t(std::ceil(std::log(1.0 - imp.sparsity) / std::log(1.0 - imp.rate) - 1e-9));
    const std::vector<double> targets = roundTargets(imp.sparsity, imp.rate, rounds);
    const auto start = Clock::now();
    Runs runs(model, source, progress, (rounds + 1) * perRun);

    IterativeResult result;
    result.method = "imp";
    Weights rewind = snapshot(model);
    ScoreMap mask = allKept(model.structure());
    for (int64_t r = 0; r < rounds; ++r) {
        const auto roundStart = Clock::now();
        const int64_t before = runs.steps();
        const auto keepEarly = [&](int64_t step) {
            if (r == 0 && step == imp.rewindStep)
                rewind = snapshot(model);
        };
        runs.train(train, {}, {}, options, mask, {{"round", double(r + 1)}}, keepEarly);
        PruningRound round;
        round.round = r + 1;
        round.metric = validationMetric(model, validation);
        mask = magnitudeMask(model, &mask, targets[size_t(r)], imp.scope);
        round.sparsity = targets[size_t(r)];
        if (masks)
            masks({r + 1, {}, {}, mask});
        restore(model, rewind);
        round.steps = runs.steps() - before;
        round.seconds = secondsSince(roundStart);
        result.rounds.push_back(round);
    }
    mask.provenance = {{"method", "imp"},
                       {"sparsity", std::to_string(imp.sparsity)},
                       {"rate", std::to_string(imp.rate)},
                       {"rewind_step", std::to_string(imp.rewindStep)},
                       {"scope", scopeName(imp.scope)}};
    result.final = runs.train(train, validation, out, options, mask, {{"round", double(rounds + 1)}});
    result.mask = mask;
    result.steps = runs.steps();
    result.seconds = secondsSince(start);
    if (!out.empty())
        writePruningJson(out, result,
                         {{"sparsity", imp.sparsity}, {"rate", imp.rate}, {"rewind_step", imp.rewindStep},
                          {"scope", scopeName(imp.scope)}, {"steps_per_run", perRun}});
    return result;
}

IterativeResult runDeepCuts(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                            const fs::path &source, const fs::path &out, const TrainOptions &options,
                            const DeepCutsOptions &deepCuts, const TrainProgress &progress, const RoundMonitor &masks)
{
    if (!(deepCuts.sparsity > 0 && deepCuts.sparsity < 1))
        throw Error("deepcuts needs a target sparsity in (0, 1), not " + std::to_string(deepCuts.sparsity));
    checkScope(deepCuts.scope);
    if (!supportedGranularities(deepCuts.score).count(Granularity::Weight))
        throw Error("deepcuts prunes weights: '" + deepCuts.score + "' gives no weight scores");
    ScoreOptions scoring;
    scoring.method = deepCuts.score;
    scoring.granularities = {Granularity::Weight};
    scoring.seed = options.seed;
    scoring.precision = options.precision;
    scoring.methodOptions = resolved(scoreMethodSpec(deepCuts.score), deepCuts.scoreOptions); // before any training
    // Image-text data whose texts pair only as a whole is scored whole, as it trains.
    const std::vector<ModelInputs> sample = pairsOnlyAsAWhole(train)
                                                ? std::vector<ModelInputs>{train}
                                                : makeBatches(train, options.batchSize, deepCuts.scoreExamples, options.seed);
    const int64_t scored = exampleCount(sample);
    scoring.dataDescription = std::to_string(scored) + " training examples, seed " + std::to_string(options.seed);

    const int64_t perRun = plannedSteps(options, train);
    const auto start = Clock::now();
    Runs runs(model, source, progress, 2 * perRun);
    IterativeResult result;
    result.method = "deepcuts";
    const Weights starting = snapshot(model);

    PruningRound dense;
    dense.round = 1;
    runs.train(train, {}, {}, options, allKept(model.structure()), {{"round", 1}});
    dense.metric = validationMetric(model, validation);
    dense.steps = runs.steps();
    dense.seconds = secondsSince(start);
    result.rounds.push_back(dense);

    const auto scoreStart = Clock::now();
    const ScoreMap scores = computeScores(model, sample, scoring, [&](int64_t done, int64_t total, const std::string &) {
        return runs.between({{"round", 2}, {"scored", double(done) / double(std::max<int64_t>(total, 1))}});
    });
    ScoreMap mask = exactWeightMask(scores, model.structure(), deepCuts.sparsity, deepCuts.scope);
    mask.provenance = scores.provenance;
    mask.provenance["method"] = "deepcuts";
    mask.provenance["score"] = deepCuts.score;
    mask.provenance["sparsity"] = std::to_string(deepCuts.sparsity);
    mask.provenance["scope"] = scopeName(deepCuts.scope);
    mask.provenance["rewind"] = deepCuts.rewind ? "starting weights" : "none";
    result.details["dense_metric"] = dense.metric;
    result.details["score_seconds"] = secondsSince(scoreStart);
    if (masks)
        masks({2, {}, {}, mask});
    if (deepCuts.rewind)
        restore(model, starting);

    const auto maskedStart = Clock::now();
    result.final = runs.train(train, validation, out, options, mask, {{"round", 2}});
    PruningRound masked;
    masked.round = 2;
    masked.sparsity = deepCuts.sparsity;
    masked.steps = result.final.steps;
    masked.seconds = secondsSince(maskedStart);
    masked.metric = result.final.best;
    result.rounds.push_back(masked);
    result.mask = mask;
    result.steps = runs.steps();
    result.seconds = secondsSince(start);
    if (!out.empty())
        writePruningJson(out, result,
                         {{"sparsity", deepCuts.sparsity},
                          {"score", deepCuts.score},
                          {"score_options", toJson(scoring.methodOptions)},
                          {"score_examples", deepCuts.scoreExamples},
                          {"rewind", deepCuts.rewind},
                          {"scope", scopeName(deepCuts.scope)},
                          {"steps_per_run", perRun}});
    return result;
}

namespace {

void checkIspOptions(const IspOptions &isp)
{
    if (!(isp.sparsity > 0 && isp.sparsity < 1) || isp.rate < 0 || isp.rate >= 1)
        throw Error("isp needs a target sparsity in (0, 1) and a rate per round in [0, 1)");
    if (isp.rounds < 1 || isp.denoisers < 1 || isp.denoiserSteps < 1 || !(isp.roundFraction > 0) ||
        !(isp.denoiserData > 0 && isp.denoiserData <= 1))
        throw Error("isp needs one round, one denoiser and one denoiser step or more, a positive round share and a "
                    "denoiser data share in (0, 1]");
    checkCombine(isp.combine); // before any training
    checkScope(isp.scope);
}

// How ISP spends the training budget: round i's main run takes (i + 1) t steps, the last
// run what is left (t at least).
struct IspSchedule
{
    int64_t budget = 0, t = 0, mainSteps = 0, finalSteps = 0;
    double rate = 0;
    std::vector<double> targets;
};

IspSchedule ispSchedule(const TrainOptions &options, const ModelInputs &train, const IspOptions &isp)
{
    IspSchedule s;
    s.budget = plannedSteps(options, train);
    TrainOptions oneEpoch = options;
    oneEpoch.maxSteps = 0;
    oneEpoch.epochs = 1;
    // t: a share of an epoch, but no more than lets the rounds' main runs take half the budget.
    s.t = std::max<int64_t>(1, std::min<int64_t>(std::llround(isp.roundFraction * double(plannedSteps(oneEpoch, train))),
                                                 s.budget / (isp.rounds * (isp.rounds + 1))));
    s.mainSteps = s.t * isp.rounds * (isp.rounds + 1) / 2;
    s.finalSteps = std::max(s.t, s.budget - s.mainSteps);
    s.rate = isp.rate > 0 ? isp.rate : 1.0 - std::pow(1.0 - isp.sparsity, 1.0 / double(isp.rounds));
    s.targets = roundTargets(isp.sparsity, s.rate, isp.rounds);
    if (isp.rate == 0)
        s.targets.back() = isp.sparsity; // exactly, whatever pow's rounding
    return s;
}

// Each main run (the rounds', then the last) takes its own batches, not the first ones again.
uint64_t mainRunSeed(const TrainOptions &options, int64_t run)
{
    return options.seed + 104729 * uint64_t(run);
}

// Denoiser j of round i: its protocol (learning-rate factor and weight decay, in turn), its
// steps and its own seed.
TrainOptions denoiserOptions(const TrainOptions &options, const IspOptions &isp, int64_t i, int64_t j)
{
    const std::vector<std::pair<double, double>> protocols = {
        {1.0, options.weightDecay}, {2.0, 0.1}, {0.5, 0.0}, {1.0, 0.1}, {2.0, 0.0}};
    const auto &[factor, decay] = protocols[size_t(j) % protocols.size()];
    TrainOptions denoiser = options;
    denoiser.maxSteps = isp.denoiserSteps;
    denoiser.learningRate = options.learningRate * factor;
    denoiser.weightDecay = decay;
    denoiser.seed = options.seed + 7919 * uint64_t(i * isp.denoisers + j + 1);
    return denoiser;
}

// Adds the model's weights, a 1/denoisers share of them, to the soup of the last round's denoisers.
void addToSoup(Weights &soup, TransformerModel &model, int64_t denoisers)
{
    torch::NoGradGuard noGrad;
    for (const auto &item : model.named_parameters()) {
        const auto share = item.value().detach() / double(denoisers);
        soup[item.key()] = soup.count(item.key()) ? soup[item.key()] + share : share.clone();
    }
}

// The round's mask: kept now and by the combination first, then kept now, by |W| within
// each group; what is pruned stays pruned.
ScoreMap roundMask(TransformerModel &model, const ScoreMap &mask, const ScoreMap &combined, double sparsity,
                   MaskScope scope)
{
    torch::NoGradGuard noGrad;
    const auto params = model.named_parameters();
    double largest = 1e-30;
    for (const auto &[name, kept] : mask.tensors)
        largest = std::max(largest, params[name].detach().abs().max().item<double>());
    ScoreMap rank;
    for (const auto &[name, kept] : mask.tensors) {
        const auto magnitude = params[name].detach().abs().to(torch::kCPU, torch::kDouble) / (2 * largest);
        rank.tensors[name] = kept * (1 + combined.at(name) + magnitude);
    }
    return exactWeightMask(rank, model.structure(), sparsity, scope);
}

// Instant Model Soup: starts the last run from the mix of the main weights and the soup
// that validates best. Returns the soup's share in it.
double startFromSoup(TransformerModel &model, const ScoreMap &mask, const Weights &soup,
                     const std::vector<ModelInputs> &validation)
{
    const Weights main = snapshot(model);
    const auto mixed = [&](double alpha) {
        Weights weights;
        for (const auto &[name, w] : main)
            weights[name] = (1 - alpha) * w + alpha * soup.at(name);
        return weights;
    };
    applyMask(model, mask);
    double chosen = 0.5; // with nothing to choose on, the plain mix
    double best = std::numeric_limits<double>::quiet_NaN();
    if (!validation.empty())
        for (const double alpha : {0.0, 0.25, 0.5, 0.75, 1.0}) {
            restore(model, mixed(alpha));
            EvalResult eval;
            const double value = validationMetric(model, validation, &eval);
            if (std::isnan(best) || (lowerIsBetter(eval.primary) ? value < best : value > best)) {
                best = value;
                chosen = alpha;
            }
        }
    restore(model, mixed(chosen));
    return chosen;
}

std::map<std::string, std::string> ispProvenance(const IspOptions &isp)
{
    return {{"method", "isp"},
            {"sparsity", std::to_string(isp.sparsity)},
            {"rounds", std::to_string(isp.rounds)},
            {"denoisers", std::to_string(isp.denoisers)},
            {"combine", isp.combine},
            {"scope", scopeName(isp.scope)}};
}

nlohmann::json ispJson(const IspOptions &isp, const IspSchedule &schedule)
{
    return {{"sparsity", isp.sparsity}, {"rounds", isp.rounds}, {"rate", schedule.rate}, {"round_steps", schedule.t},
            {"denoisers", isp.denoisers}, {"denoiser_steps", isp.denoiserSteps},
            {"denoiser_data", isp.denoiserData}, {"combine", isp.combine}, {"soup", isp.soup},
            {"scope", scopeName(isp.scope)}, {"budget", schedule.budget}};
}

} // namespace

IterativeResult runIsp(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const fs::path &source, const fs::path &out, const TrainOptions &options, const IspOptions &isp,
                       const TrainProgress &progress, const RoundMonitor &masks)
{
    checkIspOptions(isp);
    const IspSchedule schedule = ispSchedule(options, train, isp);
    const auto start = Clock::now();
    Runs runs(model, source, progress,
              schedule.mainSteps + isp.rounds * isp.denoisers * isp.denoiserSteps + schedule.finalSteps);

    IterativeResult result;
    result.method = "isp";
    ScoreMap mask = allKept(model.structure());
    Weights soup;
    for (int64_t i = 0; i < isp.rounds; ++i) {
        const auto roundStart = Clock::now();
        const int64_t before = runs.steps();
        TrainOptions mainRun = options;
        mainRun.maxSteps = (i + 1) * schedule.t;
        mainRun.seed = mainRunSeed(options, i);
        runs.train(train, {}, {}, mainRun, mask, {{"round", double(i + 1)}, {"denoiser", 0.0}});
        const Weights main = snapshot(model);

        PruningRound round;
        round.round = i + 1;
        round.sparsity = schedule.targets[size_t(i)];
        std::vector<ScoreMap> weak;
        const bool lastRound = i + 1 == isp.rounds;
        for (int64_t j = 0; j < isp.denoisers; ++j) {
            const TrainOptions denoiser = denoiserOptions(options, isp, i, j);
            restore(model, main);
            runs.train(randomShare(train, isp.denoiserData, options.batchSize, denoiser.seed), {}, {}, denoiser, mask,
                       {{"round", double(i + 1)}, {"denoiser", double(j + 1)}});
            weak.push_back(magnitudeMask(model, &mask, round.sparsity, isp.scope));
            round.weakSparsity.push_back(maskSparsity(weak.back()));
            if (isp.soup && lastRound)
                addToSoup(soup, model, isp.denoisers);
        }
        restore(model, main);
        const ScoreMap combined = combineMasks(weak, isp.combine);
        round.combinedSparsity = maskSparsity(combined);
        mask = roundMask(model, mask, combined, round.sparsity, isp.scope);
        if (masks)
            masks({i + 1, weak, combined, mask});
        round.metric = validationMetric(model, validation);
        round.steps = runs.steps() - before;
        round.seconds = secondsSince(roundStart);
        result.rounds.push_back(round);
    }
    if (maskSparsity(mask) < isp.sparsity) // the one-shot top-up
        mask = magnitudeMask(model, &mask, isp.sparsity, isp.scope);
    mask.provenance = ispProvenance(isp);
    if (isp.soup)
        result.soupAlpha = startFromSoup(model, mask, soup, validation);

    TrainOptions last = options;
    last.maxSteps = schedule.finalSteps;
    last.seed = mainRunSeed(options, isp.rounds);
    result.final = runs.train(train, validation, out, last, mask, {{"round", double(isp.rounds + 1)}});
    result.mask = mask;
    result.steps = runs.steps();
    result.seconds = secondsSince(start);
    if (!out.empty())
        writePruningJson(out, result, ispJson(isp, schedule));
    return result;
}

} // namespace prunescope
