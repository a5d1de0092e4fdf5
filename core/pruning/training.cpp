#include "core/pruning/training.h"

#include "core/io/atomic_file.h"
#include "core/io/checkpoint_folder.h"
#include "core/io/sharded_weights.h"
#include "core/models/device.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/io/safetensors.h"
#include "core/scoring/scorers.h"
#include "core/text/tokenizer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cmath>
#include <functional>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

// Biases and normalisation weights get no weight decay (BERT's LayerNorm, GPT-2's ln_*,
// CLIP's layer_norm* and pre_layrnorm), as in the papers' recipes.
bool decays(const std::string &name)
{
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const bool bias = lower.size() >= 4 && lower.compare(lower.size() - 4, 4, "bias") == 0;
    return !bias && lower.find("norm") == std::string::npos && lower.find("ln_") == std::string::npos;
}

// Linear warm-up from zero, then linear decay to zero, as a function of the steps done
// before this update (the schedule transformers uses).
double scheduledRate(double base, int64_t step, int64_t warmup, int64_t total)
{
    if (step < warmup)
        return base * double(step) / double(std::max<int64_t>(1, warmup));
    return base * std::max(0.0, double(total - step) / double(std::max<int64_t>(1, total - warmup)));
}

nlohmann::json recipeJson(const TrainOptions &o)
{
    return {{"epochs", o.epochs},
            {"max_steps", o.maxSteps},
            {"batch_size", o.batchSize},
            {"learning_rate", o.learningRate},
            {"weight_decay", o.weightDecay},
            {"warmup_fraction", o.warmupFraction},
            {"max_grad_norm", o.maxGradNorm},
            {"eval_every", o.evalEvery},
            {"patience", o.patience},
            {"seed", o.seed},
            {"precision", precisionName(o.precision)},
            {"optimizer", "AdamW (no decay on biases and norms), linear warm-up and decay"}};
}

std::string trainingJson(const TrainOptions &options, const TrainResult &result, const std::string &source)
{
    nlohmann::json log = nlohmann::json::array();
    for (const auto &e : result.log) {
        nlohmann::json entry = {{"step", e.step}, {"epoch", e.epoch}, {"loss", e.loss}, {"learning_rate", e.learningRate}};
        if (!e.eval.empty())
            entry["eval"] = e.eval;
        if (!e.values.empty())
            entry["values"] = e.values;
        log.push_back(entry);
    }
    nlohmann::json json = {{"producer", "PruneScope " PRUNESCOPE_VERSION},
                           {"source", source},
                           {"task", result.task},
                           {"recipe", recipeJson(options)},
                           {"steps", result.steps},
                           {"primary", result.primary},
                           {"best_step", result.bestStep},
                           {"stopped_early", result.stoppedEarly},
                           {"seconds", result.seconds},
                           {"log", log}};
    json["best"] = std::isfinite(result.best) ? nlohmann::json(result.best) : nlohmann::json();
    return json.dump(1) + "\n";
}

} // namespace

std::pair<ModelInputs, ModelInputs> splitExamples(const ModelInputs &all, double fraction, uint64_t seed)
{
    const int64_t count = exampleCount(all), held = int64_t(std::floor(fraction * double(count)));
    if (held < 1 || held >= count || pairsOnlyAsAWhole(all))
        return {all, ModelInputs()};
    torch::Generator generator = at::detail::createCPUGenerator(seed);
    const auto order = torch::randperm(count, generator, torch::TensorOptions().dtype(torch::kLong));
    const auto subset = [&](const torch::Tensor &index) {
        return batchesInOrder(all, std::get<0>(index.sort()), index.size(0)).front();
    };
    return {subset(order.slice(0, held)), subset(order.slice(0, 0, held))};
}

std::vector<ModelInputs> validationBatches(const ModelInputs &validation, int64_t batchSize, uint64_t seed)
{
    if (!validation.inputIds.defined() && !validation.pixelValues.defined())
        return {};
    return makeBatches(validation, batchSize, 0, seed);
}

int64_t plannedSteps(const TrainOptions &options, const ModelInputs &train)
{
    const int64_t perEpoch = pairsOnlyAsAWhole(train) ? 1 : (exampleCount(train) + options.batchSize - 1) / options.batchSize;
    if (perEpoch == 0)
        throw Error("the training data is empty");
    return options.maxSteps > 0 ? options.maxSteps : perEpoch * options.epochs;
}

void setMaskedLmTokens(TrainOptions &options, const fs::path &folder)
{
    const auto tokenizer = Tokenizer::load(folder);
    const auto *base = dynamic_cast<const TokenizerBase *>(tokenizer.get());
    options.maskTokenId = base ? base->idOf("[MASK]") : -1;
    if (options.maskTokenId < 0)
        throw Error(folder.string() + ": the tokenizer has no [MASK] token for masked-LM training");
    for (const char *special : {"[CLS]", "[SEP]", "[PAD]"})
        if (const int64_t id = base->idOf(special); id >= 0)
            options.specialTokenIds.push_back(id);
}

ModelInputs maskedLmBatch(const ModelInputs &batch, const TrainOptions &options, int64_t vocabSize,
                          torch::Generator &generator)
{
    if (options.maskTokenId < 0)
        throw Error("masked-LM training needs the tokenizer's [MASK] token id");
    ModelInputs b = batch;
    const auto ids = batch.inputIds;
    auto candidate = batch.attentionMask.defined() ? batch.attentionMask.ne(0) : torch::ones_like(ids, torch::kBool);
    for (const int64_t special : options.specialTokenIds)
        candidate = candidate.logical_and(ids.ne(special));
    const auto draw = [&](double p) {
        return torch::rand(ids.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat)).lt(p);
    };
    const auto chosen = draw(options.maskFraction).logical_and(candidate);
    b.labels = torch::where(chosen, ids, torch::full_like(ids, -100));
    const auto masked = chosen.logical_and(draw(0.8));
    const auto randomised = chosen.logical_and(masked.logical_not()).logical_and(draw(0.5));
    auto inputs = torch::where(masked, torch::full_like(ids, options.maskTokenId), ids);
    b.inputIds = torch::where(randomised, torch::randint(vocabSize, ids.sizes(), generator, ids.options()), inputs);
    return b;
}

namespace {

// The source's config.json with the model's classes where a new head gave it others, and
// the dtype of the weights as written, whatever the source was stored in ("torch_dtype", and
// "dtype" of newer transformers, nested configs too).
std::string configAsStored(const fs::path &source, const ModelConfig &model, torch::ScalarType dtype)
{
    const char *name = dtype == torch::kBFloat16 ? "bfloat16" : dtype == torch::kHalf ? "float16" : "float32";
    auto config = nlohmann::ordered_json::parse(readTextFile(source / "config.json"));
    const auto own = nlohmann::json::parse(model.json);
    if (own.contains("id2label") && (!config.contains("id2label") || nlohmann::json(config["id2label"]) != own["id2label"])) {
        for (const char *key : {"id2label", "label2id", "problem_type"})
            if (own.contains(key))
                config[key] = own[key];
        config.erase("num_labels");
        config.erase("_num_labels");
    }
    const std::function<void(nlohmann::ordered_json &)> mark = [&](nlohmann::ordered_json &json) {
        for (auto &[key, value] : json.items()) {
            if ((key == "torch_dtype" || key == "dtype") && !value.is_null())
                value = name;
            else if (value.is_object())
                mark(value);
        }
    };
    mark(config);
    config["torch_dtype"] = name;
    return config.dump(2) + "\n";
}

} // namespace

fs::path saveCheckpoint(TransformerModel &model, const fs::path &source, const fs::path &out,
                        const std::map<std::string, std::string> &metadata, const std::string &trainingJson,
                        const TrainingExtension *extension, torch::ScalarType dtype)
{
    TemporaryFolder temporary(out);
    ShardedWriter weights(temporary.path, kDefaultShardBytes, metadata); // a tensor at a time on the host
    for (const auto &item : model.named_parameters())
        weights.add(item.key(), item.value().detach().to(torch::kCPU, dtype));
    weights.finish();
    writeFileAtomically(temporary.path / "config.json", configAsStored(source, model.config(), dtype));
    copySideFiles(source, temporary.path);
    writeFileAtomically(temporary.path / "prunescope-training.json", trainingJson);
    if (extension)
        extension->save(temporary.path);
    return moveFolderIntoPlace(temporary, out, "prunescope-training.json");
}

namespace {

// Own copies of the parameters: loaded on the CPU they alias the (read-only) file. Those the
// method leaves alone stop taking gradients.
void ownTrainableParameters(TransformerModel &model, const TrainingExtension *extension)
{
    torch::NoGradGuard noGrad;
    for (auto &item : model.named_parameters()) {
        torch::Tensor &p = item.value();
        p.set_data(p.detach().clone());
        p.set_requires_grad(!extension || extension->trainsParameter(item.key()));
    }
}

// AdamW's groups: 0 decays, 1 (biases and norms) does not, 2 holds a method's own tensors
// at its own rate.
std::vector<torch::optim::OptimizerParamGroup> parameterGroups(TransformerModel &model, const TrainOptions &options,
                                                               TrainingExtension *extension)
{
    std::vector<torch::Tensor> decayed, plain;
    for (const auto &item : model.named_parameters())
        if (item.value().requires_grad())
            (decays(item.key()) ? decayed : plain).push_back(item.value());
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decayed, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay)));
    groups.emplace_back(plain, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(options.learningRate).weight_decay(0.0)));
    if (extension && !extension->parameters().empty())
        groups.emplace_back(extension->parameters(),
                            std::make_unique<torch::optim::AdamWOptions>(
                                torch::optim::AdamWOptions(extension->learningRate()).weight_decay(0.0)));
    return groups;
}

void setLearningRates(torch::optim::AdamW &optimizer, double modelRate, double extensionRate)
{
    auto &groups = optimizer.param_groups();
    for (size_t g = 0; g < groups.size(); ++g)
        static_cast<torch::optim::AdamWOptions &>(groups[g].options()).lr(g < 2 ? modelRate : extensionRate);
}

// One update on one batch; returns the batch's loss, without the method's penalty.
double optimizerStep(TransformerModel &model, torch::optim::AdamW &optimizer, const ModelInputs &batch,
                     const TrainOptions &options, TrainingExtension *extension, int64_t step, int64_t total)
{
    optimizer.zero_grad();
    torch::Tensor loss;
    {
        AutocastScope autocast(model.device(), options.precision);
        loss = model.forward(batch, extension ? extension->forwardOptions() : ForwardOptions(), true).loss;
    }
    if (!loss.defined())
        throw Error("the model computes no loss on this data: a " + model.config().architecture + " needs labels");
    torch::Tensor objective = loss;
    if (extension)
        if (const torch::Tensor penalty = extension->penalty(step, total); penalty.defined())
            objective = loss + penalty;
    objective.backward();
    if (extension)
        extension->afterBackward();
    if (options.maxGradNorm > 0)
        torch::nn::utils::clip_grad_norm_(model.parameters(), options.maxGradNorm);
    optimizer.step();
    return loss.item<double>();
}

enum class Verdict { Improved, NotImproved, NotEligible };

// What a run's evaluations read and update: the validation batches, the best so far and
// where the best model is kept.
struct TrainingRun
{
    TransformerModel &model;
    const TrainOptions &options;
    TrainingExtension *extension;
    const fs::path &source;
    const fs::path &out;
    int64_t total;
    std::vector<ModelInputs> checks;
    std::string sourceName = fs::absolute(source).lexically_normal().string();
    TrainResult result{};

    Verdict evaluateAndSave(TrainLogEntry &entry);
    void saveBest(int64_t step);
};

// Evaluates (for the log) and keeps the model when it is the best so far. Returns whether it
// improved; not at all while the method's schedule still prunes.
Verdict TrainingRun::evaluateAndSave(TrainLogEntry &entry)
{
    const bool eligible = !extension || extension->checkpointable(entry.step, total);
    bool improved = checks.empty();
    if (!checks.empty()) {
        torch::NoGradGuard noGrad;
        model.eval();
        const EvalResult eval = evaluate(model, checks);
        model.train();
        entry.eval = eval.metrics;
        result.task = eval.task;
        result.primary = eval.primary;
        result.higherIsBetter = !lowerIsBetter(eval.primary);
        const double value = eval.metrics.at(eval.primary);
        improved = !std::isfinite(result.best) || (result.higherIsBetter ? value > result.best : value < result.best);
        if (improved && eligible) {
            result.best = value;
            result.bestStep = entry.step;
        }
    }
    if (!eligible)
        return Verdict::NotEligible;
    if (improved && !out.empty())
        saveBest(entry.step);
    return improved ? Verdict::Improved : Verdict::NotImproved;
}

void TrainingRun::saveBest(int64_t step)
{
    const fs::path kept = saveCheckpoint(model, source, out,
                                         {{"format", "pt"},
                                          {"producer", "PruneScope " PRUNESCOPE_VERSION},
                                          {"prunescope.source", sourceName},
                                          {"prunescope.step", std::to_string(step)}},
                                         trainingJson(options, result, sourceName), extension);
    if (!kept.empty()) // only the first save can find files of another's: later ones replace their own
        result.keptFolder = kept;
}

} // namespace

TrainResult trainModel(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const fs::path &source, const fs::path &out, const TrainOptions &options,
                       const TrainProgress &progress, TrainingExtension *extension)
{
    if (options.batchSize <= 0 || options.learningRate <= 0 || (options.epochs <= 0 && options.maxSteps <= 0))
        throw Error("training needs a positive batch size, learning rate and number of epochs or steps");
    checkPrecision(model.device(), options.precision);
    if (!out.empty())
        checkOutputFolder(out, options.replaceExisting);
    const ModelConfig &config = model.config();
    const bool maskedLm = config.head == TaskHead::MaskedLm;
    const int64_t examples = exampleCount(train);
    const bool whole = pairsOnlyAsAWhole(train); // one batch of everything
    const int64_t total = plannedSteps(options, train);
    const int64_t warmup = int64_t(std::llround(options.warmupFraction * double(total)));

    ownTrainableParameters(model, extension);
    const double extensionRate = extension ? extension->learningRate() : 0.0;
    torch::optim::AdamW optimizer(parameterGroups(model, options, extension),
                                  torch::optim::AdamWOptions(options.learningRate));

    torch::Generator masking = at::detail::createCPUGenerator(options.seed);
    TrainingRun run{model, options, extension, source, out, total, validation};
    if (maskedLm) // the validation tokens are masked once, the same at every evaluation
        for (auto &batch : run.checks)
            batch = maskedLmBatch(batch, options, config.towers.front().vocabSize, masking);

    TrainResult &result = run.result;
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    model.train();
    int64_t sinceBest = 0;
    for (int64_t epoch = 0; result.steps < total && !result.stoppedEarly; ++epoch) {
        torch::Generator shuffle = at::detail::createCPUGenerator(options.seed + uint64_t(epoch));
        const auto order = torch::randperm(examples, shuffle, torch::TensorOptions().dtype(torch::kLong));
        const auto batches = whole ? std::vector<ModelInputs>{train} : batchesInOrder(train, order, options.batchSize);
        for (size_t b = 0; b < batches.size() && result.steps < total; ++b) {
            TrainLogEntry entry;
            entry.learningRate = scheduledRate(options.learningRate, result.steps, warmup, total);
            setLearningRates(optimizer, entry.learningRate, scheduledRate(extensionRate, result.steps, warmup, total));
            if (extension)
                extension->beforeStep(result.steps, total);
            // The model moves the inputs to its device itself; the loss checks the labels on the
            // CPU, where they are, without waiting for the GPU.
            const ModelInputs batch = maskedLm
                                          ? maskedLmBatch(batches[b], options, config.towers.front().vocabSize, masking)
                                          : withLossTargets(batches[b], config);
            entry.loss = optimizerStep(model, optimizer, batch, options, extension, result.steps, total);
            entry.step = ++result.steps;
            entry.epoch = double(epoch) + double(b + 1) / double(batches.size());
            if (!std::isfinite(entry.loss))
                throw Error("the loss became " + std::to_string(entry.loss) + " at step " + std::to_string(entry.step) +
                            ": lower the learning rate");
            const bool done = extension && extension->finished(entry.step, total);
            if (extension)
                entry.values = extension->values();
            const bool endOfEpoch = b + 1 == batches.size();
            const bool evaluateNow = (options.evalEvery > 0 ? entry.step % options.evalEvery == 0 : endOfEpoch) ||
                                     entry.step == total || done;
            result.log.push_back(entry);
            result.seconds = elapsed();
            if (evaluateNow) {
                const Verdict verdict = run.evaluateAndSave(result.log.back());
                if (verdict != Verdict::NotEligible)
                    sinceBest = verdict == Verdict::Improved ? 0 : sinceBest + 1;
                result.stoppedEarly = options.patience > 0 && sinceBest >= options.patience;
            }
            if (progress && !progress(result.log.back(), total))
                throw Cancelled();
            result.stoppedEarly = result.stoppedEarly || (done && entry.step < total);
            if (done || result.stoppedEarly)
                break;
        }
    }
    model.eval();
    result.seconds = elapsed();
    return result;
}

} // namespace prunescope
