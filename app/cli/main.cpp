// prunescope-cli: the headless front end. It dispatches to the commands (commands.h);
// errors print one line and exit non-zero.
#include "app/cli/commands.h"
#include "app/cli/group.h"

#include "core/pruning/oneshot_methods.h"
#include "core/pruning/training_methods.h"
#include "core/scoring/scorers.h"

#include <c10/util/Exception.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

namespace {

using namespace prunescope::cli;
using prunescope::oneShotMethodSpecs;
using prunescope::scoreMethodSpec;
using prunescope::scoreMethodSpecs;
using prunescope::trainingMethodSpecs;

constexpr int kUsageError = 2;

const char *const kUsage = R"(usage: prunescope-cli COMMAND [OPTIONS]

An existing output (--out, --out-dir, --csv, study init's folder) is refused unless --force is given;
a replaced folder goes only when PruneScope wrote all of it, else it is kept beside as NAME.previous.
score, eval and sweep (and study score, eval and sweep) run as a group of processes with --gpus N (one a
GPU; with --device cpu, N on the CPU) or as torchrun starts them (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT):
each takes its share of the batches (a sweep: of its points), and the first writes the result one process gives.

commands:
  info      --model DIR [--json]
            family, shapes, parameter counts and prunable units of a checkpoint
  forward   --model DIR --inputs FILE.safetensors --out OUT.safetensors [--force] [--device auto|cpu|cuda[:N]] [--labels]
            [--mask MASK.safetensors]
            runs the model (under the mask) and writes every output (with --labels: loss and all gradients)
  verify    --model DIR --reference FILE.safetensors [--device ...] [--mask MASK.safetensors] [--json]
            recomputes every tensor of a reference file and compares (1e-5 outputs, 1e-4 gradients)
  score     --model DIR --data FILE --method NAME --out SCORES.safetensors [--force]
            [--granularity weight|head|neuron[,...]] [--max-examples N] [--batch-size B] [--seed S] [--device ...] [--json]
            [--precision fp32|tf32x3|bf16|fp16] [--gpus N] [the method's options: score --method NAME --help]
            importance scores: random, magnitude, gradient, taylor, snip, head-importance, wanda,
            cam-cut, smooth-cut; without --granularity, heads and neurons where the method gives them
            (weight scores are the size of the model: ask for them), else weights; --precision tf32x3:
            float32, each linear layer's product split in three on a GPU's TF32 tensor cores (compute
            capability 8.0 or later, a build with PruneScope's CUDA kernels)
  methods   [NAME] [--training | --one-shot] [--json]
            the single-shot methods (--training: the methods train prunes with; --one-shot: those prune runs)
            with their options: type, default, range or values, help
  mask      --scores FILE --sparsity S --granularity weight|N:M|head|kv-group|neuron|layer
            --scope tensor|row|layer|global|layer-normalized --out MASK.safetensors [--force] [--json]
            a 0/1 mask pruning exactly round(S * units) of the lowest-scoring units; several
            granularities make one mask (--granularity head,neuron --sparsity 0.25,0.5: one S for
            all, or one each in order; N:M sets its own)
  eval      --model DIR --data FILE [--mask MASK.safetensors] [--max-examples N] [--batch-size B]
            [--seed S] [--device ...] [--gpus N] [--json]
            accuracy / F1 / MCC, perplexity, or image-text accuracy, with or without a mask
  sweep     --model DIR --data FILE [--eval-data FILE | --holdout F] --methods a,b,... --sparsities 0.1,0.3,...
            --granularity ... [--scope ...] --out-dir DIR [--random-draws N] [--precision fp32|tf32x3|bf16|fp16] [--force]
            [--json] [--gpus N] [the methods' options, each set for the methods that declare it]
            metric vs sparsity for each method (random always included, drawn N times (5) with seeds S, S+1, ...:
            its spread is the noise a method must beat): sweep.csv, sweep.json, sweep.svg. Without --eval-data a
            share F (0.5) of the examples, set apart by a seeded shuffle, is evaluated on and the rest scored on
  sigma-scan --model DIR --data FILE [--eval-data FILE | --holdout F] --out-dir DIR [--sigmas 1e-4,1e-3,1e-2,0.1,1]
            [--relative-sigma true|false] [--sparsities 0.85,0.9] [--scope tensor|global] [--samples K]
            [--noise-on outputs|embeddings] [--precision ...] [--force] [--json]
            how Smooth-Cut departs from Taylor as its noise grows: for each sigma, Spearman between the two
            methods' weight scores and the metric after one-shot weight pruning at each sparsity, with Taylor's
            and magnitude's masks as references: sigma-scan.csv, sigma-scan.json, sigma-scan.svg (held-out
            evaluation as in sweep)
  attribute --model DIR --data FILE --method gradcam|smoothgrad --out MAPS.safetensors [--force] [--layer L]
            [--tower text|vision] [--samples K] [--sigma S] [--max-examples N] [--device ...] [--json]
            per-token (or per-patch) attribution maps of the first examples of the data
  export    --model DIR --mask MASK.safetensors --out DIR [--force] [--mode shrunk|zeros|masks|onnx] [--uniform pad|trim]
            [--align N] [--scores FILE] [--inputs FILE.safetensors | --data FILE ...] [--time N] [--device ...]
            [--shard-size 5GB] [--onnx-dtype float32|float16]
            [--measure [--repeats 10] [--threads N] [--measure-dtype float32|float16|bfloat16]] [--json]
            a new checkpoint folder: shrunk (FFN neurons removed, pruned heads zeroed; loads in stock
            transformers), zeros (original shapes), masks (the mask and prunescope.json) or onnx (model.onnx,
            opset 17: pruned heads and FFN neurons removed, each layer its own counts; run in ONNX Runtime
            against the masked model when it is installed, as bash setup.sh does; --measure times the dense
            model and the export there at batch 1 and 32 of 128 tokens, the median of --repeats runs with the
            fastest and slowest, on --threads threads or the runtime's default; with --device cuda it runs the
            dense and the pruned model in PruneScope's own runtime on the GPU instead, in --measure-dtype, each
            pass a CUDA graph); reloaded and
            compared with the masked model (on --device) before it is moved into place; --time N times N
            forward passes of the dense model and of the export on the verification inputs; weights written layer by
            layer in shards of at most --shard-size with model.safetensors.index.json, as save_pretrained
  compare   MAP.safetensors MAP.safetensors ... [--model DIR] [--top 0.1] [--kendall-units N] [--device ...]
            [--json] [--csv FILE [--force]]
            masks: IoU of the pruned sets, cosine, Hamming; score maps: Spearman, Kendall, top-k overlap;
            as K x K matrices overall, per layer and (IoU) per tensor, with each mask's sparsity profile
  train     --model DIR --data FILE --out DIR [--force] [--validation FILE | --validation-fraction 0.1] [--epochs 3]
            [--max-steps N] [--batch-size 16] [--lr 5e-5] [--weight-decay 0.01] [--warmup 0.06]
            [--max-grad-norm 1] [--eval-every N] [--patience N] [--seed S] [--device ...]
            [--precision fp32|tf32x3|bf16|fp16] [--mask MASK.safetensors | --movement hard|soft|gum
            | --pattern admm|sr-ste [--nm 4:8] | --prune isp|abp|imp|deepcuts] [the method's options: train --prune NAME
            --help, or methods --training] [--new-head] [--json]
            fine-tuning on the model's task (classification, causal LM, CLIP image-text, masked LM with
            the tokenizer's [MASK]); AdamW, linear warm-up and decay, clipping; the best model on the
            validation data is written to --out (Hugging Face layout, prunescope-training.json) with the
            movement map (movement-map.safetensors); --movement learns a mask as it trains (movement
            pruning, soft movement, GUM) and writes movement-mask.safetensors and movement-scores.safetensors;
            --new-head replaces a classifier's head by a new one for the classes of the data's label column
            (id2label written from their names; a table whose labels the model lacks is refused without it);
            --mask trains under a fixed mask (retraining after pruning) and writes it as mask.safetensors;
            --pattern learns an n:m pattern of every matrix by ADMM (then retrains under it) or SR-STE and
            writes pattern-mask.safetensors; --prune prunes weights to --sparsity by Instant Soup Pruning
            (weak masks of denoisers combined each round), Adapting by Pruning (frozen weights, a learned
            mask; abp-mask.safetensors), iterative magnitude pruning with rewind, or DeepCuts' procedure
            (deepcuts --score METHOD: fine-tune dense, score once with any single-shot weight method and its
            options, prune, rewind the kept weights to the start, fine-tune under the mask), writes the final
            model with its mask (mask.safetensors) and prunescope-pruning.json (rounds, compute spent)
  prune     --method sparsegpt --model DIR --data FILE --out DIR [--force] [--sparsity 0.5] [--pattern 2:4|4:8]
            [--dampening 0.01] [--block-size 128] [--max-examples N] [--max-length N] [--batch-size B] [--seed S]
            [--device ...] [--precision fp32|bf16|fp16] [--json]
            one-shot pruning that updates the weights left (SparseGPT, Frantar & Alistarh 2023): layer by layer
            over the calibration data (a seeded sample of --max-examples), each matrix pruned by OBS saliency
            per block of columns, or to n of every m inputs, and the rest corrected through the inverse Hessian;
            --precision is the dtype the model is held in and written in; writes a checkpoint to --out (Hugging
            Face layout) with its mask (mask.safetensors) and prunescope-training.json (options, calibration data
            and tokens, seconds and error per layer); prune --method NAME --help lists the method's options
  mask-analysis --model DIR --mask MASK.safetensors[,MASK...] [--data FILE ...] [--device ...] [--json]
            each mask's sparsity per layer and per component (query, key, value, attention output, FFN in,
            FFN out); with --data also the metric dense, under the mask, under the mask shuffled within
            each tensor and with the weights re-initialised under it
  redundancy --model DIR --data FILE [--mask MASK.safetensors] [--max-examples N] [--device ...] [--json]
            per layer: kept FFN neurons, uniqueness (share without a later neuron of cosine >= 0.8),
            shares whose largest cosine with another exceeds 0.9 and 0.99, mean sensitivity |sum w * dL/dw|
  data (score, eval, sweep, sigma-scan, attribute, export, train, redundancy, mask-analysis, prune): --data FILE.tsv|.csv|.jsonl (classification; --text-column sentence, --pair-column,
            --label-column label), FILE.txt (causal LM, blocks of --max-length tokens, or windows with --stride), FILE.safetensors
            (pre-tokenised); --tokenizer DIR (default: the model folder), --max-length N (128);
            --stride N (FILE.txt, causal LM: windows of --max-length tokens every N tokens, each token
            predicted once with up to --max-length - 1 tokens before it; 0: blocks, the default);
            CLIP: a folder of class folders or IDX images (*-images-idx3-ubyte[.gz], --labels FILE) for
            zero-shot classification (--classes a,b,...|FILE, --prompt "a photo of a {}."), or a
            .tsv|.csv|.jsonl image-caption table (--image-column image, --caption-column caption);
            image classifiers (ViT): a folder of class folders named by the model's labels or ids, IDX
            images, or a .tsv|.csv|.jsonl table of images and labels (--image-column, --label-column)
  study     init|data|show|score|mask|attribute|sweep|noise-scan|compare|eval|add DIR [OPTIONS]
            the study folder the desktop application opens: init --model DIR [--data FILE --text-column ...
            --pair-column ... --label-column ... --max-length N --stride N] [--force: in a folder that holds other files]; data with the same options changes the
            dataset once it reads without error; score --method M [--granularity head,neuron] [the method's options,
            as for score]; mask --scores NAME
            --granularity G [--scope S] [--sparsity X];
            attribute [--method gradcam|smoothgrad] [--tower text|vision]; sweep --methods a,b --sparsities ...
            --granularity G [--holdout F: the share of the sample evaluated on, 0.5] [the methods' options, as for
            sweep]; noise-scan [--sigmas ... --relative-sigma true|false --sparsities ... --holdout F, Smooth-Cut's
            other options, as for sigma-scan]; compare --items NAME,NAME,... (masks and scores of the study) [--json];
            eval [--mask NAME] [--json]; show [--json]; add --file SCORES|MASK.safetensors [--name N] (a map
            made by score or train, checked against the model). --device, --precision, --batch-size and
            --max-examples set what the study runs with; score, eval and sweep take --gpus N.
  tokenize  --tokenizer DIR [--pair TEXT] [--max-length N] [--pad] [--json] TEXT
            ids and tokens, with the special tokens that tokenizer adds
)";

// One example a command, as `COMMAND --help` prints it: run from the source folder on the
// demo models and data (the parity fixtures where a command reads a reference file). They
// write under /tmp with --force, so they run again; mask, eval, export and mask-analysis
// read the score example's and the mask example's files. tst_cli runs them all as written.
const std::map<std::string, std::string> kExamples = {
    {"info", "prunescope-cli info --model resources/models/demo-bert"},
    {"tokenize", "prunescope-cli tokenize --tokenizer resources/models/demo-bert \"a quick evasive movement\""},
    {"forward", "prunescope-cli forward --model tests/data/hf/bert --inputs tests/data/hf/bert/reference.safetensors "
                "--out /tmp/prunescope-forward.safetensors --force"},
    {"verify", "prunescope-cli verify --model tests/data/hf/bert --reference tests/data/hf/bert/reference.safetensors"},
    {"score", "prunescope-cli score --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv --method taylor "
              "--granularity head,neuron --max-examples 64 --out /tmp/prunescope-taylor.safetensors --force"},
    {"methods", "prunescope-cli methods smooth-cut"},
    {"mask", "prunescope-cli mask --scores /tmp/prunescope-taylor.safetensors --granularity head,neuron --sparsity 0.25,0.5 "
             "--scope global --out /tmp/prunescope-mask.safetensors --force"},
    {"eval", "prunescope-cli eval --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv "
             "--mask /tmp/prunescope-mask.safetensors --max-examples 64"},
    {"sweep", "prunescope-cli sweep --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv --methods taylor "
              "--sparsities 0.25,0.5 --granularity head --max-examples 64 --out-dir /tmp/prunescope-sweep --force"},
    {"sigma-scan", "prunescope-cli sigma-scan --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv "
                   "--sigmas 1e-3,1 --samples 2 --max-examples 64 --out-dir /tmp/prunescope-sigma-scan --force"},
    {"attribute", "prunescope-cli attribute --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv "
                  "--method gradcam --max-examples 4 --out /tmp/prunescope-gradcam.safetensors --force"},
    {"export", "prunescope-cli export --model resources/models/demo-bert --mask /tmp/prunescope-mask.safetensors "
               "--data resources/demo/wordnet-sample.tsv --max-examples 16 --out /tmp/prunescope-shrunk --force"},
    {"compare", "prunescope-cli compare resources/demo/study/masks/taylor-head-50.safetensors "
                "resources/demo/study/masks/cam-cut-head-50.safetensors"},
    {"train", "prunescope-cli train --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv --max-steps 4 "
              "--batch-size 8 --out /tmp/prunescope-trained --force"},
    {"prune", "prunescope-cli prune --method sparsegpt --model resources/models/demo-gpt2 --data resources/demo/glosses-sample.txt "
              "--max-examples 16 --out /tmp/prunescope-sparsegpt --force"},
    {"mask-analysis", "prunescope-cli mask-analysis --model resources/models/demo-bert --mask /tmp/prunescope-mask.safetensors"},
    {"redundancy", "prunescope-cli redundancy --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv "
                   "--max-examples 64"},
    {"study", "prunescope-cli study show resources/demo/study"},
};

int dispatch(int argc, char **argv)
{
    const std::string command = argv[1];
    if (command == "info")
        return runInfo(Arguments(argc, argv, {"--model"}, {"--json"}));
    if (command == "forward")
        return runForward(Arguments(argc, argv, {"--model", "--inputs", "--out", "--device", "--mask"}, {"--labels", "--force"}));
    if (command == "verify")
        return runVerify(Arguments(argc, argv, {"--model", "--reference", "--device", "--mask"}, {"--json"}));
    if (command == "score")
        return runScore(Arguments(argc, argv,
                                  withMethodOptions(withDataOptions({"--model", "--method", "--granularity", "--device",
                                                                     "--out", "--precision", "--gpus"}),
                                                    scoreMethodSpecs()),
                                  withMethodSwitches({"--json", "--force"}, scoreMethodSpecs())));
    if (command == "methods")
        return runMethods(Arguments(argc, argv, {}, {"--json", "--training", "--one-shot"}));
    if (command == "mask")
        return runMask(Arguments(argc, argv, {"--scores", "--sparsity", "--granularity", "--scope", "--out", "--model"},
                                 {"--json", "--force"}));
    if (command == "eval")
        return runEval(Arguments(argc, argv, withDataOptions({"--model", "--mask", "--device", "--gpus"}), {"--json"}));
    if (command == "sweep")
        return runSweep(Arguments(argc, argv,
                                  withMethodOptions(withDataOptions({"--model", "--eval-data", "--holdout", "--methods",
                                                                     "--sparsities", "--granularity", "--scope", "--out-dir",
                                                                     "--device", "--precision", "--random-draws", "--gpus"}),
                                                    scoreMethodSpecs()),
                                  withMethodSwitches({"--json", "--force"}, scoreMethodSpecs())));
    if (command == "sigma-scan")
        return runSigmaScan(Arguments(argc, argv,
                                      withMethodOptions(withDataOptions({"--model", "--eval-data", "--holdout", "--sigmas",
                                                                         "--sparsities", "--scope", "--out-dir", "--device",
                                                                         "--precision"}),
                                                        {scoreMethodSpec("smooth-cut")}),
                                      withMethodSwitches({"--json", "--force"}, {scoreMethodSpec("smooth-cut")})));
    if (command == "attribute")
        return runAttribute(Arguments(argc, argv,
                                      withDataOptions({"--model", "--method", "--layer", "--tower", "--samples", "--sigma",
                                                       "--out", "--device"}),
                                      {"--json", "--force"}));
    if (command == "export")
        return runExport(Arguments(argc, argv,
                                   withDataOptions({"--model", "--mask", "--mode", "--uniform", "--align", "--scores", "--out",
                                                    "--inputs", "--time", "--device", "--shard-size", "--onnx-dtype",
                                                    "--repeats", "--threads", "--measure-dtype"}),
                                   {"--json", "--force", "--measure"}));
    if (command == "train")
        return runTrain(Arguments(argc, argv,
                                  withMethodOptions(withDataOptions({"--model", "--out", "--device", "--precision", "--epochs",
                                                                     "--max-steps", "--lr", "--weight-decay", "--warmup",
                                                                     "--max-grad-norm", "--eval-every", "--patience",
                                                                     "--validation", "--validation-fraction", "--movement",
                                                                     "--mask", "--pattern", "--nm", "--prune"}),
                                                    trainingMethodSpecs()),
                                  withMethodSwitches({"--json", "--force", "--new-head"}, trainingMethodSpecs())));
    if (command == "prune")
        return runPrune(Arguments(argc, argv,
                                  withMethodOptions(withDataOptions({"--model", "--method", "--out", "--device", "--precision"}),
                                                    oneShotMethodSpecs()),
                                  withMethodSwitches({"--json", "--force"}, oneShotMethodSpecs())));
    if (command == "mask-analysis")
        return runMaskAnalysis(Arguments(argc, argv, withDataOptions({"--model", "--mask", "--device"}), {"--json"}));
    if (command == "redundancy")
        return runRedundancy(Arguments(argc, argv, withDataOptions({"--model", "--mask", "--device"}), {"--json"}));
    if (command == "compare")
        return runCompare(Arguments(argc, argv, {"--model", "--device", "--top", "--kendall-units", "--csv"}, {"--json", "--force"}));
    if (command == "study")
        return runStudy(Arguments(argc, argv,
                                  withMethodOptions({"--model", "--data", "--text-column", "--pair-column",
                                                     "--label-column", "--max-length", "--stride", "--device", "--precision",
                                                     "--batch-size", "--max-examples", "--seed", "--method", "--scores",
                                                     "--granularity", "--scope", "--sparsity", "--tower", "--methods",
                                                     "--sparsities", "--holdout", "--mask", "--items", "--file", "--name",
                                                     "--sigmas", "--gpus"},
                                                    scoreMethodSpecs()),
                                  withMethodSwitches({"--json", "--force"}, scoreMethodSpecs())));
    if (command == "tokenize")
        return runTokenize(Arguments(argc, argv, {"--tokenizer", "--pair", "--max-length"}, {"--json", "--pad"}));
    throw UsageError("unknown command '" + command + "'");
}

// A command's part of kUsage: its lines (each of its own starts "  COMMAND "; the rest are
// indented further), with the data options' lines for a command that reads data; empty for
// an unknown command.
std::string commandUsage(const std::string &command)
{
    std::string section, data;
    std::string *into = nullptr;
    const std::string usage = kUsage;
    for (size_t start = 0, end; start < usage.size(); start = end + 1) {
        end = usage.find('\n', start);
        if (end == std::string::npos)
            end = usage.size();
        const std::string line = usage.substr(start, end - start);
        if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
            const std::string word = line.substr(2, line.find(' ', 2) - 2);
            into = word == "data" ? &data : word == command ? &section : nullptr;
        } else if (line.rfind("  ", 0) != 0) {
            into = nullptr;
        }
        if (into)
            *into += line + "\n";
    }
    const bool readsData = data.find(" " + command + ",") != std::string::npos ||
                           data.find(" " + command + ")") != std::string::npos ||
                           data.find("(" + command + ",") != std::string::npos;
    return section.empty() ? section : section + (readsData ? data : "");
}

// The method a command's --help asks about: score or prune --method NAME, or train
// --movement, --pattern or --prune NAME; empty for none. `table` is where it is declared.
std::string methodAsked(int argc, char **argv, MethodTable &table)
{
    const std::string command = argv[1];
    table = command == "train" ? MethodTable::Training : command == "prune" ? MethodTable::OneShot : MethodTable::Score;
    for (int i = 2; i + 1 < argc; ++i) {
        const std::string option = argv[i];
        if (((command == "score" || command == "prune") && option == "--method") ||
            (command == "train" && (option == "--movement" || option == "--pattern" || option == "--prune")))
            return argv[i + 1];
    }
    return {};
}

// The first line of a LibTorch message is the useful one; the rest is a C++ backtrace.
std::string firstLine(const std::string &message)
{
    return message.substr(0, message.find('\n'));
}

// Says what failed, and tells the process's group, if it has one, so that the others stop
// with this message.
void failed(const std::string &message)
{
    const auto group = joinedGroup();
    std::cerr << "prunescope-cli: error: " << (group ? group->describe() + ": " : "") << message << "\n";
    if (group)
        group->fail(message);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        std::cout << kUsage;
        return argc < 2 ? kUsageError : 0;
    }
    std::string methodHelp; // score --method NAME --help, train --prune NAME --help: that method's options
    MethodTable table = MethodTable::Score;
    for (int i = 2; i < argc; ++i) {
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            methodHelp = methodAsked(argc, argv, table);
            if (!methodHelp.empty())
                break;
            const std::string usage = commandUsage(argv[1]);
            if (usage.empty())
                break; // an unknown command says so below
            std::cout << "usage: prunescope-cli " << argv[1] << " [OPTIONS]\n\n" << usage;
            if (const auto example = kExamples.find(argv[1]); example != kExamples.end())
                std::cout << "\nexample (from the source folder, on the demo models and data):\n  " << example->second << "\n";
            if (table != MethodTable::Score) // train's or prune's methods and their options, from their declarations
                std::cout << "\n" << methodsHelp("", table);
            return 0;
        }
    }
    try {
        if (!methodHelp.empty()) {
            std::cout << methodsHelp(methodHelp, table);
            return 0;
        }
        const std::string command = argv[1];
        const int gpus = gpusAsked(argc, argv);
        if ((gpus > 1 || std::getenv("WORLD_SIZE")) && !runsAsGroup(command, argc > 2 ? argv[2] : ""))
            throw UsageError(command + (command == "study" && argc > 2 ? std::string(" ") + argv[2] : std::string())
                             + " runs in one process: --gpus and a group's WORLD_SIZE are for score, eval and sweep "
                               "(and study score, eval and sweep)");
        if (gpus > 1 && !std::getenv("WORLD_SIZE"))
            return launchGroup(argc, argv, gpus);
        return dispatch(argc, argv);
    } catch (const UsageError &e) {
        std::cerr << "prunescope-cli: " << e.what() << "\n(run prunescope-cli --help for the commands)\n";
        return kUsageError;
    } catch (const c10::OutOfMemoryError &e) {
        failed("out of GPU memory (" + firstLine(e.what_without_backtrace()) + "); use a smaller batch or --device cpu");
    } catch (const c10::Error &e) {
        failed(firstLine(e.what_without_backtrace()));
    } catch (const std::exception &e) {
        failed(e.what());
    }
    return 1;
}
