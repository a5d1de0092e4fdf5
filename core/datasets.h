// Datasets read into model inputs:
//   text classification  .tsv (GLUE style, header row, tab-separated, no quoting), .csv
//                        (RFC 4180 quoting), .jsonl (one object per line); columns chosen by
//                        the user, optional second sentence column, labels as class ids,
//                        as the config's label names, or as numbers for regression
//   causal LM text       .txt, tokenised and packed into fixed-length blocks
//   pre-tokenised        .safetensors with input_ids, attention_mask, ... (the fixtures' form)
// Bad rows are skipped and reported with their line numbers; a file with no usable rows
// is an error.
#pragma once

#include "core/model.h"

#include <filesystem>
#include <string>
#include <vector>

namespace prunescope {

class Tokenizer;

struct DataOptions
{
    std::string textColumn = "sentence";
    std::string pairColumn;            // empty: single sentences
    std::string labelColumn = "label";
    int64_t maxLength = 128;           // tokens per example (classification) or per block (LM)
    std::filesystem::path tokenizer;   // folder with the tokenizer files; empty: the model's folder
};

struct Dataset
{
    ModelInputs inputs;
    std::vector<std::string> warnings; // "train.tsv line 17: no column 'label'"
    std::string description;           // for provenance
    int64_t rows = 0;
};

// Reads `path` for `config`'s task, by extension. Throws prunescope::Error naming the
// file and line when nothing usable is in it.
Dataset readDataset(const std::filesystem::path &path, const ModelConfig &config, const DataOptions &options,
                    const std::filesystem::path &modelFolder);

// The pieces, exposed for tests.
Dataset readTextClassification(const std::filesystem::path &path, const Tokenizer &tokenizer, const ModelConfig &config,
                               const DataOptions &options);
Dataset readLanguageModelText(const std::filesystem::path &path, const Tokenizer &tokenizer, const DataOptions &options);

// Splits CSV text into rows of fields (RFC 4180: quotes, doubled quotes, newlines in
// quotes); each row remembers the line it starts on.
struct CsvRow
{
    int64_t line = 0;
    std::vector<std::string> fields;
};
std::vector<CsvRow> parseCsv(const std::string &text, char separator, bool quoting, const std::string &fileName);

} // namespace prunescope
