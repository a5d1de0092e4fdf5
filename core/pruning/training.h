// Fine-tuning any supported model on its own task: sequence classification (also on
// sentence pairs), causal LM (GPT-2), contrastive image-text (CLIP) and masked LM (BERT
// pre-training, the tokens masked afresh in every batch).
//   AdamW with decoupled weight decay (none on biases and LayerNorm weights), a linear
//   warm-up then linear decay to zero, gradient clipping by global norm, a seeded shuffle
//   every epoch, evaluation on the validation batches every `evalEvery` steps (or each
//   epoch) with early stop after `patience` evaluations without improvement, autocast
//   when the precision is bf16 or fp16, float32 products split when it is tf32x3.
// The best model so far is written to `out` in the Hugging Face layout (config.json,
// model.safetensors, the tokenizer and other files of the source folder, and
// prunescope-training.json with the recipe and the log), replaced whole each time it
// improves. Cancelling (the progress callback returning false) throws Cancelled and leaves
// the last checkpoint written as it was.
#pragma once

#include "core/models/device.h"
#include "core/models/model.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace prunescope {

struct TrainOptions
{
    int64_t epochs = 3;
    int64_t maxSteps = 0; // 0: the epochs decide
    int64_t batchSize = 16;
    double learningRate = 5e-5;
    double weightDecay = 0.01;
    double warmupFraction = 0.06; // of all steps
    double maxGradNorm = 1.0;     // 0: no clipping
    int64_t evalEvery = 0;        // steps; 0: at the end of each epoch
    int64_t patience = 0;         // evaluations without improvement before stopping; 0: never stop early
    uint64_t seed = 0;
    Precision precision; // bf16 / fp16: autocast; tf32x3: float32 products split (device.h)
    // Masked LM: the [MASK] id, the ids never masked ([CLS], [SEP], padding), the share of
    // tokens predicted (80 % of them replaced by [MASK], 10 % by a random token, 10 % kept).
    int64_t maskTokenId = -1;
    std::vector<int64_t> specialTokenIds;
    double maskFraction = 0.15;
    // An existing non-empty output folder is refused unless this is set; then the new
    // folder is written beside it and swapped in, and no file the tool did not write is deleted.
    bool replaceExisting = false;
};

struct TrainLogEntry
{
    int64_t step = 0;   // optimizer steps done
    double epoch = 0;   // fractional
    double loss = 0;    // of this step's batch
    double learningRate = 0;
    std::map<std::string, double> eval;   // filled at evaluations
    std::map<std::string, double> values; // a method's own: sparsity, penalty, ...
};

struct TrainResult
{
    std::vector<TrainLogEntry> log;
    int64_t steps = 0;
    std::string task;
    std::string primary; // the validation metric that picks the best model
    bool higherIsBetter = true;
    double best = std::numeric_limits<double>::quiet_NaN();
    int64_t bestStep = -1;
    bool stoppedEarly = false;
    double seconds = 0; // wall time of the run so far: the compute it spent, with `steps`
    // The folder that was at `out` before, kept for files it held that training did not
    // write (see moveFolderIntoPlace); empty when there was none or nothing was kept.
    std::filesystem::path keptFolder;
};

// After every step and every evaluation; returning false cancels.
using TrainProgress = std::function<bool(const TrainLogEntry &entry, int64_t totalSteps)>;

// What a pruning method adds to the plain loop (movement, GUM, the movement map).
class TrainingExtension
{
public:
    virtual ~TrainingExtension() = default;
    // Tensors of its own (scores), trained by AdamW without weight decay at this learning
    // rate, on the same warm-up and decay schedule.
    virtual std::vector<torch::Tensor> parameters() { return {}; }
    virtual double learningRate() const { return 0; }
    // Before each training step's forward pass (masks for this step), and its options.
    virtual void beforeStep(int64_t step, int64_t total) {}
    virtual ForwardOptions forwardOptions() { return {}; }
    // Added to the loss; undefined: nothing.
    virtual torch::Tensor penalty(int64_t step, int64_t total) { return {}; }
    virtual void afterBackward() {}
    // Logged with each step.
    virtual std::map<std::string, double> values() const { return {}; }
    // Whether the model may be kept as the best now (not while a schedule still prunes).
    virtual bool checkpointable(int64_t step, int64_t total) const { return true; }
    // Writes its files (masks, scores) into a checkpoint folder being written.
    virtual void save(const std::filesystem::path &folder) const {}
    // Whether the model's parameter `name` trains; the others stay frozen (Adapting by
    // Pruning learns only a mask and the task head).
    virtual bool trainsParameter(const std::string &name) const { return true; }
    // After each step: whether the method is done (its target reached); the loop then
    // evaluates, keeps the model and stops.
    virtual bool finished(int64_t step, int64_t total) { return false; }
};

// Trains `model` in place (its parameters are copied first, so a model that aliases its
// checkpoint file leaves the file untouched). `source` is the checkpoint folder the model
// came from (config and tokenizer); with no validation batches the last model is kept.
// An empty `out` writes no checkpoint: the trained model is the one in memory (the inner
// runs of iterative methods).
// Throws prunescope::Error for a model with no loss on this data (naming what is missing).
TrainResult trainModel(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const std::filesystem::path &source, const std::filesystem::path &out,
                       const TrainOptions &options, const TrainProgress &progress = {},
                       TrainingExtension *extension = nullptr);

// The steps one run of `options` takes on `train` (its max steps, or its epochs); throws
// prunescope::Error for empty data.
int64_t plannedSteps(const TrainOptions &options, const ModelInputs &train);

// `all` split by a seeded shuffle into (training, validation) with `fraction` of the
// examples held out (none when that is under one example, or for image-text data whose
// texts and images cannot be split pair by pair).
std::pair<ModelInputs, ModelInputs> splitExamples(const ModelInputs &all, double fraction, uint64_t seed);

// The validation examples in seeded batches; none when `validation` holds no examples.
std::vector<ModelInputs> validationBatches(const ModelInputs &validation, int64_t batchSize, uint64_t seed);

// Masked LM: sets [MASK] and the tokens never masked from the tokenizer in `folder`;
// throws prunescope::Error naming the folder when it has no [MASK].
void setMaskedLmTokens(TrainOptions &options, const std::filesystem::path &folder);

// The batch as masked-LM training sees it: labels are the original ids at the chosen
// positions and -100 elsewhere.
ModelInputs maskedLmBatch(const ModelInputs &batch, const TrainOptions &options, int64_t vocabSize,
                          torch::Generator &generator);

// Writes the model's parameters (in `dtype`, float32 by default, and config.json says so) with
// `source`'s config and side files as a checkpoint folder at `out`, replacing what is there
// only once the new folder is complete (moveFolderIntoPlace: returns the old folder when it
// had to be kept).
std::filesystem::path saveCheckpoint(TransformerModel &model, const std::filesystem::path &source, const std::filesystem::path &out,
                    const std::map<std::string, std::string> &metadata, const std::string &trainingJson,
                    const TrainingExtension *extension = nullptr, torch::ScalarType dtype = torch::kFloat);

} // namespace prunescope
