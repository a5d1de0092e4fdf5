// The work a study does, shared by the desktop application's jobs and
// `prunescope-cli --study`. Each job reads the study's model and data with the study's
// settings, writes its file into the study folder atomically and returns the item to add;
// the caller adds it and writes study.json. A failed or cancelled job (Progress returning
// false) therefore leaves nothing behind.
#pragma once

#include "core/support/method_spec.h"
#include "core/analysis/mask_profile.h"
#include "core/analysis/sigma_scan_result.h"
#include "core/analysis/sweep_result.h"
#include "core/support/progress.h"
#include "core/study/study.h"
#include "core/scoring/unit_grids.h"

#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

// The scoring methods (scorers.h), and the device a setting such as "auto" picks, in words.
std::vector<std::string> scoreMethods();
std::string deviceInUse(const std::string &setting);

// The study's data read as its jobs read it, to check a dataset before the study uses it.
struct StudyDataCheck
{
    int64_t rows = 0;                  // examples read
    std::string description;           // "train.tsv: 36 rows, columns sentence/label"
    std::vector<std::string> warnings; // rows skipped, with their line numbers
};
// Throws prunescope::Error naming the file (and line or column) when nothing usable is in it.
StudyDataCheck checkStudyData(const Study &study);

// Scores by `method` (scorers.h) at every granularity the method supports, or at those of
// `granularities` ("head,neuron": no weight scores, which for a large model are as big
// as the model itself), with the method's options (those not given take their defaults;
// the item records every one).
StudyItem scoreStudy(const Study &study, const std::string &method, const Progress &progress = {},
                     const std::string &granularities = "", const MethodOptions &methodOptions = {});

// A score map or mask made elsewhere (prunescope-cli score or train, another study) added
// as an item under `name` (empty: its method, or its file name). It is checked against
// the study's model first, naming the file and the tensor at fault, and copied as it is.
StudyItem importStudyItem(const Study &study, const std::string &file, const std::string &name = "");

// A mask from the scores of item `scores` (masks.h: granularity, scope, sparsity).
StudyItem maskStudy(const Study &study, const StudyItem &scores, const std::string &granularity,
                    const std::string &scope, double sparsity);

// A mask edited by hand, saved under `name`.
StudyItem saveEditedMask(const Study &study, const GridSet &mask, const std::string &name);

// Attribution maps of the first batch (attribution.h): gradcam at every layer's output
// ("map.<layer>"), smoothgrad at the inputs ("map"); the token strings in the metadata,
// and the images ("pixels" [examples, height, width, 3] in [0, 1]) for a vision tower
// (ViT's, CLIP's). `tower`: "text", "vision" or "" for the model's first (towerFor).
StudyItem attributeStudy(const Study &study, const std::string &method, const std::string &tower = "",
                         const Progress &progress = {});

// Accuracy against sparsity (sweep.h); the item's file is a folder with sweep.json. The
// study's sample is split (splitForSweep): a share `heldOut` evaluated on, the rest scored
// on. `methodOptions`: by method, as SweepOptions takes them.
StudyItem sweepStudy(const Study &study, const std::vector<std::string> &methods, const std::vector<double> &sparsities,
                     const std::string &granularity, const std::string &scope, const Progress &progress = {},
                     const std::map<std::string, MethodOptions> &methodOptions = {}, double heldOut = kSweepHeldOut);

// How Smooth-Cut departs from Taylor as its noise grows (sigma_scan.h), on the study's sample
// split as a sweep's is, scored with the study's seed and precision. The item's file is a
// folder with sigma-scan.json.
StudyItem noiseScanStudy(const Study &study, const SigmaScanOptions &options, double heldOut = kSweepHeldOut,
                         const Progress &progress = {});

// Export of a mask item (export.h), from the GUI: `mode` shrunk | zeros | masks | onnx,
// `uniform` pad | trim, `align` the width multiple; ONNX in `onnxType` float32 | float16,
// `measure`d against the dense model: in ONNX Runtime on the CPU, in PruneScope's runtime on
// a GPU study device, there in `measureType` (float32 | float16 | bfloat16; "": onnxType).
struct StudyExportOptions
{
    std::string mode = "shrunk";
    std::string uniform = "pad";
    int64_t align = 1;
    std::string shardSize = "5GB"; // the largest weight file, as --shard-size (save_pretrained's default)
    bool replaceExisting = false;  // as ExportOptions::replaceExisting
    std::string onnxType = "float32";
    bool measure = false;
    std::string measureType;
};

// What the export would give, from the file headers and the mask: parameter and byte
// counts, one line per tower ("encoder: FFN 3072 -> 1536 per layer, 96 of 144 heads kept"),
// and the notes the report will carry.
// One tower of an export, layer by layer: the widths in the source's files, what the mask
// keeps, and what the export's files hold (stock transformers needs one width a tower).
struct StudyExportTower
{
    std::string name;
    int64_t ffnBefore = 0, ffnAfter = 0, headsBefore = 0, headsAfter = 0;
    std::vector<int64_t> neuronsKept, headsKept; // per layer, by the mask
};
struct StudyExportPreview
{
    int64_t parametersBefore = 0, parametersAfter = 0;
    uint64_t bytesBefore = 0, bytesAfter = 0;
    std::vector<std::string> towers;
    std::vector<std::string> notes;
    std::vector<StudyExportTower> layers;
};
StudyExportPreview previewStudyExport(const Study &study, const StudyItem &mask, const StudyExportOptions &options);

struct StudyExportResult
{
    std::string folder;
    std::string report;        // the export report, as prunescope-cli export prints it
    double maxDifference = 0;  // against the masked model, on the study's first batch
    double denseMs = 0, exportMs = 0; // forward pass on the study's device (ONNX: in ONNX Runtime, the largest batch)
};
// Writes the export to `out` (a new folder), verified on the study's first batch (or a
// seeded sample when the study has no data) and timed on the study's device.
StudyExportResult exportStudy(const Study &study, const StudyItem &mask, const std::string &out,
                              const StudyExportOptions &options, const Progress &progress = {});

// Masks and score maps of the study compared (compare.h) on the study's device; the
// item's file is the comparison's JSON (comparison.h reads it).
StudyItem compareStudy(const Study &study, const std::vector<std::string> &itemNames, const Progress &progress = {});

// Fine-tuning the study's model on the study's data (training.h): plainly (the movement map
// is recorded), under one of the study's masks (`mask`), or with a method that prunes while
// training (`method`, training_methods.h): movement pruning or GUM (hard, soft, gum), an n:m
// pattern (admm, sr-ste), pruning over training runs (isp, abp, imp, deepcuts); or SparseGPT in one shot
// (oneshot_methods.h: calibrated on the training share, both models evaluated on the rest).
struct StudyTraining
{
    int64_t epochs = 3;
    int64_t maxSteps = 0; // 0: the epochs decide
    int64_t batchSize = 16;
    double learningRate = 5e-5;
    double validationFraction = 0.1; // of the study's data, held out by a seeded shuffle
    int64_t evalEvery = 0;           // steps; 0: each epoch
    int64_t patience = 0;
    std::string method;              // empty: plain fine-tuning, or under `mask`
    MethodOptions options;           // the method's; an option not set takes its default
    std::string nm = "4:8";          // admm, sr-ste: n of every m consecutive weights kept
    std::string mask;                // a mask item held fixed while the rest trains (with no method)
    bool replaceExisting = false;    // as TrainOptions::replaceExisting
    bool newHead = false;            // a classifier's new head for the classes of the study's table (LoadOptions::newLabels)
};

struct StudyTrainingStep
{
    int64_t step = 0, total = 0;
    double epoch = 0, loss = 0, learningRate = 0;
    std::map<std::string, double> eval;   // at evaluations
    std::map<std::string, double> values; // movement: keep_target, sparsity, penalty; admm: rho and residuals
};
// Called on the worker thread after every step; returning false cancels.
using TrainingMonitor = std::function<bool(const StudyTrainingStep &step)>;

// A pruning round's masks as profiles (ISP: each weak mask, their combination and the
// round's mask; IMP: every round's mask so far), with how much the weak masks agree.
struct StudyPruningRound
{
    int64_t round = 0;
    std::vector<MaskProfile> masks;
    double agreement = std::numeric_limits<double>::quiet_NaN(); // mean IoU of the weak masks' pruned sets
};
// Called on the worker thread after each round.
using PruningRoundMonitor = std::function<void(const StudyPruningRound &round)>;

struct StudyTrainingResult
{
    std::string checkpoint; // the folder written
    int64_t steps = 0;
    std::string primary;
    double best = 0;
    int64_t bestStep = -1;
    bool stoppedEarly = false;
    // For the study: the movement map as scores, or movement's scores and mask, or the
    // pruned model's mask (and ISP's last weak masks and their combination, AbP's theta),
    // which belong to the trained checkpoint, named in their options.
    std::vector<StudyItem> items;
    // isp, abp, imp, deepcuts: the training steps of every run and the wall time, and the method's own
    // figures (abp: recovered connections).
    int64_t computeSteps = 0;
    double computeSeconds = 0;
    std::map<std::string, double> details;
};

// The log a training run wrote beside its checkpoint (prunescope-training.json): every step
// with its evaluations and the method's values, how the run ended, and its recipe.
struct StudyTrainingLog
{
    std::vector<StudyTrainingStep> steps; // empty: the folder has no log
    StudyTrainingResult result;           // checkpoint (the folder), steps, primary, best, bestStep, stoppedEarly
    std::string task;
    std::vector<std::pair<std::string, std::string>> recipe; // epochs, batch_size, learning_rate ... as written
};
// Reads `folder`'s log; throws prunescope::Error naming the file and the entry at fault.
StudyTrainingLog readTrainingLog(const std::string &folder);

// Trains into `out` (a new folder) on the study's device and precision; under `mask`, the
// checkpoint holds the mask as mask.safetensors.
StudyTrainingResult trainStudy(const Study &study, const StudyTraining &settings, const std::string &out,
                               const TrainingMonitor &monitor, const PruningRoundMonitor &rounds = {});

// The redundancy of the FFN neurons (redundancy.h) of the study's model, with `mask`
// applied when given, on the study's data.
struct StudyRedundancy
{
    std::vector<std::string> layers;
    std::vector<int64_t> kept;
    std::vector<double> uniqueness, above09, above099, sensitivity;
};
StudyRedundancy redundancyStudy(const Study &study, const GridSet *mask, const Progress &progress = {});

// Adapting by Pruning's analyses of masks of the study (mask_analysis.h): each one's
// sparsity by layer and component, and with `sensitivity` the study's metric dense, under
// the mask, under the mask shuffled within each tensor and with the weights re-initialised.
struct StudyMaskAnalysis
{
    std::vector<MaskProfile> profiles;
    std::vector<MaskSensitivity> sensitivity; // one per mask, or none
};
StudyMaskAnalysis analyseMasksStudy(const Study &study, const std::vector<std::string> &masks, bool sensitivity,
                                    const Progress &progress = {});

struct StudyEvaluation
{
    std::string task;
    std::string primary;
    std::map<std::string, double> metrics;
    int64_t examples = 0;
    double sparsity = 0; // of the mask; 0 without one
    std::string data;    // the data as read: "corpus.txt (290 tokens in 36 windows ...)"
};

// The model on the study's data, with `mask` applied when given.
StudyEvaluation evaluateStudy(const Study &study, const GridSet *mask, const Progress &progress = {});

} // namespace prunescope
