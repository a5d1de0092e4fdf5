// Datasets read into model inputs:
//   text classification  .tsv (GLUE style, header row, tab-separated, no quoting), .csv
//                        (RFC 4180 quoting), .jsonl (one object per line); columns chosen by
//                        the user, optional second sentence column, labels as class ids,
//                        as the config's label names, or as numbers for regression
//   language-model text  .txt, tokenised and packed into fixed-length blocks (causal LM;
//                        masked LM, masked by the training loop), or for a causal LM into
//                        strided windows that predict every token once (see `stride`)
//   pre-tokenised        .safetensors with input_ids, attention_mask, ... (the fixtures' form)
//   images (CLIP)        a folder of class folders, IDX files, image-caption tables (image_data.h)
//   images (ViT)         the same, labelled for a classifier: class folders named by the model's
//                        labels, IDX files, tables of image paths and labels
// Bad rows (wrong number of fields, not UTF-8, an empty sentence, an unknown label) are
// skipped and reported with their line numbers; a file with no usable rows is an error
// that says why.
#pragma once

#include "core/models/model.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

class Tokenizer;

struct DataOptions
{
    std::string textColumn = "sentence";
    std::string pairColumn;            // empty: single sentences
    std::string labelColumn = "label"; // classification tables, text or images: label names or ids
    int64_t maxLength = 128;           // tokens per example (classification) or per block (LM)
    // Causal-LM text: windows of maxLength tokens start every `stride` tokens and each predicts
    // only the tokens the window before did not, so every token but the first is predicted once
    // with up to maxLength - 1 tokens before it (the sliding window of the Hugging Face
    // perplexity guide). 0: non-overlapping blocks, the tail that does not fill one left out.
    int64_t stride = 0;
    std::filesystem::path tokenizer;   // folder with the tokenizer files; empty: the model's folder
    // Images (CLIP, ViT): the examples to prepare, chosen as makeBatches chooses them, so that a
    // sample of a large image set is all that is decoded and resized.
    int64_t maxExamples = 0;
    uint64_t seed = 0;
    // Zero-shot classes, or the class folders to read; empty: folder names, Fashion-MNIST's or numbers.
    std::vector<std::string> classNames;
    std::string prompt = "a photo of a {}."; // zero-shot prompt, {} is the class name
    std::filesystem::path labels;          // IDX labels; empty: the file beside the images
    std::string imageColumn = "image";     // image tables (captions or labels): image paths, relative to the table
    std::string captionColumn = "caption";
};

// The indices of at most `maxExamples` of `count` examples (all when 0), chosen by a
// seeded shuffle and returned in ascending order.
torch::Tensor sampleIndices(int64_t count, int64_t maxExamples, uint64_t seed);

struct Dataset
{
    ModelInputs inputs;
    std::vector<std::string> warnings; // "train.tsv line 17: no column 'label'; row skipped"
    int64_t skipped = 0;               // rows skipped, each with its warning
    std::string description;           // for provenance
    int64_t rows = 0;
};

// Reads `path` for `config`'s task, by extension. An image classifier (ViT) reads labelled
// images (readImageClassification). CLIP reads a folder of class folders
// or IDX images (zero-shot classification: a prompt per class, images with labels) and
// .tsv / .csv / .jsonl image-caption tables. Throws prunescope::Error naming the file
// and line when nothing usable is in it.
Dataset readDataset(const std::filesystem::path &path, const ModelConfig &config, const DataOptions &options,
                    const std::filesystem::path &modelFolder);

// Whether `path` is a table PruneScope reads by its extension: .tsv, .csv or .jsonl.
bool isTableFile(const std::filesystem::path &path);

// The distinct values of the label column of .tsv, .csv or .jsonl tables, sorted (as numbers
// where every one is a whole number): the classes a new classification head is made for.
// Rows that cannot be read are left out (reading the data names them). Throws
// prunescope::Error for another format or a table with no value in that column.
// `where`, when given, gets each label's first place ("path line N").
std::vector<std::string> tableLabels(const std::vector<std::filesystem::path> &paths, const std::string &labelColumn,
                                     std::map<std::string, std::string> *where = nullptr);
// Those of `labels` that are neither one of the model's class names nor a class id.
std::vector<std::string> labelsOutside(const std::vector<std::string> &labels, const ModelConfig &config);

// Throws an Error naming `option` unless `length` is a number of tokens the model takes:
// 1 to its text positions (2 or more for language-model blocks, checked where they are cut).
void checkMaxLength(int64_t length, const ModelConfig &config, const std::string &option = "max length");

// The pieces, exposed for tests.
Dataset readTextClassification(const std::filesystem::path &path, const Tokenizer &tokenizer, const ModelConfig &config,
                               const DataOptions &options);
// Blocks of options.maxLength tokens, or with options.stride windows (languageModelWindows).
Dataset readLanguageModelText(const std::filesystem::path &path, const Tokenizer &tokenizer, const DataOptions &options);
Dataset readImageCaptions(const std::filesystem::path &path, const Tokenizer &tokenizer, const ModelConfig &config,
                          const DataOptions &options, const std::filesystem::path &modelFolder);
// Labelled images for a classifier with an image tower: class folders (named by the model's
// labels or their ids), IDX images and labels, or a .csv / .tsv / .jsonl table with the
// image column (paths relative to the table) and the label column (names or ids).
Dataset readImageClassification(const std::filesystem::path &path, const ModelConfig &config,
                                const DataOptions &options, const std::filesystem::path &modelFolder);

// A text of `count` tokens in windows of at most `length` tokens starting every `stride`
// tokens, as the Hugging Face perplexity guide slides them:
//   for begin in 0, stride, ...: end = min(begin + length, count), predicted = end - previous end,
// stopping at the window that reaches the last token. The window's last `predicted` tokens
// are its targets; the tokens before them are context only.
struct TokenWindow
{
    int64_t begin = 0, end = 0, predicted = 0;
};
std::vector<TokenWindow> languageModelWindows(int64_t count, int64_t length, int64_t stride);

// Splits CSV text into rows of fields (RFC 4180: quotes, doubled quotes, newlines in
// quotes); each row remembers the line it starts on.
struct CsvRow
{
    int64_t line = 0;
    std::vector<std::string> fields;
};
std::vector<CsvRow> parseCsv(const std::string &text, char separator, bool quoting, const std::string &fileName);

} // namespace prunescope
