#include "core/data/datasets.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"
#include "core/data/image_data.h"
#include "core/models/reference_run.h"
#include "core/io/safetensors.h"
#include "core/text/tokenizer.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <algorithm>
#include <set>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

namespace prunescope {

namespace {

namespace fs = std::filesystem;


// One example's fields by column name, or the reason it cannot be used.
struct Row
{
    int64_t line = 0;
    std::map<std::string, std::string> fields;
    std::string problem;
};

// A value as quoted in a message: a pasted paragraph is cut short.
std::string excerpt(const std::string &value)
{
    return "'" + (value.size() > 40 ? value.substr(0, 40) + "..." : value) + "'";
}

// The offset of the first byte that is not part of well-formed UTF-8 (no overlong forms,
// surrogates or code points past U+10FFFF), or npos.
size_t invalidUtf8(std::string_view text)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    for (size_t i = 0; i < text.size();) {
        const unsigned char b = s[i];
        const int len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + size_t(len) > text.size())
            return i;
        char32_t c = len == 1 ? b : b & (0x7F >> len);
        for (int k = 1; k < len; ++k) {
            if ((s[i + size_t(k)] & 0xC0) != 0x80)
                return i;
            c = (c << 6) | (s[i + size_t(k)] & 0x3F);
        }
        const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < least[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return i;
        i += size_t(len);
    }
    return std::string_view::npos;
}

// `where`: "the line", "column 'sentence'".
std::string utf8Problem(std::string_view text, const std::string &where)
{
    const size_t at = invalidUtf8(text);
    if (at == std::string_view::npos)
        return {};
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", unsigned(static_cast<unsigned char>(text[at])));
    return "not UTF-8 (byte " + std::string(byte) + ", byte " + std::to_string(at + 1) + " of " + where + ")";
}

std::vector<Row> tableRows(const fs::path &path, char separator, bool quoting, std::vector<std::string> *header = nullptr)
{
    const std::string name = path.filename().string();
    const auto rows = parseCsv(readTextFile(path), separator, quoting, name);
    if (rows.empty())
        throw Error(path.string() + ": the file is empty (a header row is expected)");
    const auto &columns = rows.front().fields;
    if (header)
        *header = columns;
    std::vector<Row> out;
    for (size_t i = 1; i < rows.size(); ++i) {
        Row row;
        row.line = rows[i].line;
        if (rows[i].fields.size() == 1 && rows[i].fields[0].empty())
            continue; // blank line
        for (size_t c = 0; c < rows[i].fields.size() && row.problem.empty(); ++c)
            row.problem = utf8Problem(rows[i].fields[c], c < columns.size() ? "column " + excerpt(columns[c]) : "the line");
        if (row.problem.empty() && rows[i].fields.size() != columns.size())
            row.problem = std::to_string(rows[i].fields.size()) + " fields, the header has " + std::to_string(columns.size())
                          + (rows[i].fields.size() == 1 && columns.size() > 1
                                 ? std::string(separator == '\t' ? " (the line has no tab)" : " (the line has no comma)")
                                 : std::string());
        for (size_t c = 0; c < std::min(columns.size(), rows[i].fields.size()); ++c)
            row.fields[columns[c]] = rows[i].fields[c];
        out.push_back(row);
    }
    return out;
}

std::vector<Row> jsonRows(const fs::path &path)
{
    std::istringstream in(readTextFile(path));
    std::vector<Row> out;
    std::string text;
    for (int64_t line = 1; std::getline(in, text); ++line) {
        if (text.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        Row row;
        row.line = line;
        row.problem = utf8Problem(text, "the line");
        if (!row.problem.empty()) {
            out.push_back(row);
            continue;
        }
        try {
            const auto object = nlohmann::json::parse(text);
            if (!object.is_object())
                throw std::runtime_error("not a JSON object");
            for (const auto &[key, value] : object.items())
                row.fields[key] = value.is_string() ? value.get<std::string>() : value.dump();
        } catch (const std::exception &e) {
            row.problem = std::string("not valid JSON (") + e.what() + ")";
        }
        out.push_back(row);
    }
    return out;
}

// The rows of a table by its extension: JSON lines, comma-separated with quoting and a
// header, or tab-separated; `header` gets the .csv or .tsv header.
std::vector<Row> tableFileRows(const fs::path &path, std::vector<std::string> *header = nullptr)
{
    const std::string extension = path.extension().string();
    if (extension == ".jsonl")
        return jsonRows(path);
    const bool csv = extension == ".csv";
    return tableRows(path, csv ? ',' : '\t', csv, header);
}

// Token ids, attention mask and type ids of encodings, padded to the longest.
ModelInputs padded(const std::vector<Encoding> &encodings, int64_t padId)
{
    size_t longest = 0;
    for (const auto &e : encodings)
        longest = std::max(longest, e.ids.size());
    const auto count = int64_t(encodings.size()), width = int64_t(longest);
    ModelInputs in;
    in.inputIds = torch::full({count, width}, padId, torch::kLong);
    in.attentionMask = torch::zeros({count, width}, torch::kLong);
    in.tokenTypeIds = torch::zeros({count, width}, torch::kLong);
    for (int64_t i = 0; i < count; ++i) {
        const auto &e = encodings[size_t(i)];
        for (size_t j = 0; j < e.ids.size(); ++j) {
            in.inputIds[i][int64_t(j)] = e.ids[j];
            in.attentionMask[i][int64_t(j)] = 1;
            in.tokenTypeIds[i][int64_t(j)] = j < e.typeIds.size() ? e.typeIds[j] : 0;
        }
    }
    return in;
}

// The texts of image-text data (prompts, captions): truncated to the text tower's positions, no token types.
ModelInputs textTowerInputs(const std::vector<std::string> &texts, const Tokenizer &tokenizer, const ModelConfig &config)
{
    EncodeOptions encode;
    encode.maxLength = config.towers[0].maxPositions;
    std::vector<Encoding> encodings;
    for (const auto &text : texts)
        encodings.push_back(tokenizer.encode(text, encode));
    ModelInputs in = padded(encodings, tokenizer.padId());
    in.tokenTypeIds = torch::Tensor();
    return in;
}

// Zero-shot classification: one prompt per class, every image labelled with its class.
Dataset zeroShot(const LabelledImages &images, const Tokenizer &tokenizer, const ModelConfig &config,
                 const DataOptions &options)
{
    const size_t slot = options.prompt.find("{}");
    if (slot == std::string::npos)
        throw Error("the prompt '" + options.prompt + "' has no {} for the class name");
    std::vector<std::string> prompts;
    for (const auto &name : images.classes)
        prompts.push_back(std::string(options.prompt).replace(slot, 2, name));
    Dataset data;
    data.inputs = textTowerInputs(prompts, tokenizer, config);
    data.inputs.pixelValues = images.pixels;
    data.inputs.labels = images.labels;
    data.warnings = images.warnings;
    data.rows = images.pixels.size(0);
    data.description = images.description + ", zero-shot prompts '" + options.prompt + "'";
    return data;
}

std::optional<int64_t> classOf(const std::string &value, const ModelConfig &config)
{
    for (size_t i = 0; i < config.labelNames.size(); ++i)
        if (value == config.labelNames[i])
            return int64_t(i);
    try {
        size_t used = 0;
        const int64_t id = std::stoll(value, &used);
        if (used == value.size() && id >= 0 && id < config.numLabels)
            return id;
    } catch (const std::exception &) {
    }
    return std::nullopt;
}

} // namespace

bool isTableFile(const fs::path &path)
{
    const std::string extension = path.extension().string();
    return extension == ".tsv" || extension == ".csv" || extension == ".jsonl";
}

std::vector<CsvRow> parseCsv(const std::string &text, char separator, bool quoting, const std::string &fileName)
{
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    int64_t line = 1;
    row.line = 1;
    bool quoted = false, fieldStarted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                line += c == '\n';
                field += c;
            }
        } else if (c == '"' && quoting && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == separator) {
            row.fields.push_back(field);
            field.clear();
            fieldStarted = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            row.fields.push_back(field);
            rows.push_back(row);
            row = CsvRow();
            row.line = ++line;
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        throw Error(fileName + " line " + std::to_string(row.line) + ": a quoted field is never closed");
    if (fieldStarted || !row.fields.empty()) {
        row.fields.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

namespace {

// Why a row's columns cannot be used, or "" when they can.
std::string columnProblem(const Row &row, const DataOptions &options)
{
    const auto text = row.fields.find(options.textColumn);
    const auto pair = options.pairColumn.empty() ? row.fields.end() : row.fields.find(options.pairColumn);
    if (text == row.fields.end())
        return "no column '" + options.textColumn + "'";
    if (!options.pairColumn.empty() && pair == row.fields.end())
        return "no column '" + options.pairColumn + "'";
    if (row.fields.find(options.labelColumn) == row.fields.end())
        return "no column '" + options.labelColumn + "'";
    // A sentence of nothing gives a model no tokens to read (or only the special ones).
    for (const auto &column : {text, pair})
        if (column != row.fields.end() && column->second.find_first_not_of(" \t\r\n") == std::string::npos)
            return "the column '" + column->first + "' is empty";
    return {};
}

// The label as the model learns it (a number for regression, else the class index) in
// `value`; returns why it is not one, or "".
std::string labelValue(const std::string &label, const ModelConfig &config, float &value)
{
    if (config.problemType == "regression") {
        try {
            size_t used = 0;
            value = std::stof(label, &used);
            if (used != label.size())
                throw std::invalid_argument(label);
        } catch (const std::exception &) {
            return "label " + excerpt(label) + " is not a number";
        }
    } else if (const auto id = classOf(label, config)) {
        value = float(*id);
    } else {
        return "label " + excerpt(label) + " is not one of the model's " + std::to_string(config.numLabels) + " classes";
    }
    return {};
}

// One row as an example, its tokens and its label; returns why it cannot be one, or "".
std::string rowExample(const Row &row, const Tokenizer &tokenizer, const ModelConfig &config,
                       const DataOptions &options, Encoding &encoding, float &value)
{
    std::string problem = row.problem.empty() ? columnProblem(row, options) : row.problem;
    if (problem.empty())
        problem = labelValue(row.fields.at(options.labelColumn), config, value);
    if (!problem.empty())
        return problem;
    EncodeOptions encode;
    encode.maxLength = options.maxLength;
    const std::string &text = row.fields.at(options.textColumn);
    encoding = options.pairColumn.empty() ? tokenizer.encode(text, encode)
                                          : tokenizer.encodePair(text, row.fields.at(options.pairColumn), encode);
    return encoding.ids.empty() ? "the text gives no tokens" : "";
}

// The end of the message when no row can be used: the first problem, and a header
// without the columns asked for, the likelier mistake (a wrong separator or column name).
std::string whyNoUsableRows(const std::vector<Row> &rows, const Dataset &data, const std::vector<std::string> &header,
                            const DataOptions &options, const std::string &extension)
{
    std::string why = rows.empty() ? "; no rows after the header (line 1)"
                                   : " (first problem: " + data.warnings.front() + "); "
                                         + std::to_string(data.skipped) + (data.skipped == 1 ? " row" : " rows")
                                         + ", all skipped";
    if (header.empty())
        return why;
    std::string columns;
    for (const auto &column : header)
        columns += (columns.empty() ? "" : ", ") + excerpt(column);
    const bool hasText = std::find(header.begin(), header.end(), options.textColumn) != header.end();
    const bool hasLabel = std::find(header.begin(), header.end(), options.labelColumn) != header.end();
    if (!hasText || !hasLabel)
        why += "; the header has " + std::string(header.size() == 1 ? "one column, " : "the columns ") + columns
               + (header.size() == 1 ? std::string(extension == ".csv" ? " (no comma in the line)" : " (no tab in the line)")
                                     : std::string())
               + ", not '" + (hasText ? options.labelColumn : options.textColumn) + "'";
    return why;
}

} // namespace

Dataset readTextClassification(const fs::path &path, const Tokenizer &tokenizer, const ModelConfig &config,
                               const DataOptions &options)
{
    const std::string extension = path.extension().string();
    const std::string name = path.filename().string();
    std::vector<std::string> header;
    std::vector<Row> rows = tableFileRows(path, &header);
    const bool regression = config.problemType == "regression";
    Dataset data;
    std::vector<Encoding> encodings;
    std::vector<float> labels;
    for (const auto &row : rows) {
        Encoding encoding;
        float value = 0;
        const std::string problem = rowExample(row, tokenizer, config, options, encoding, value);
        if (!problem.empty()) {
            data.warnings.push_back(name + " line " + std::to_string(row.line) + ": " + problem + "; row skipped");
            ++data.skipped;
            continue;
        }
        encodings.push_back(std::move(encoding));
        labels.push_back(value);
    }
    if (encodings.empty())
        throw Error(path.string() + ": no usable rows" + whyNoUsableRows(rows, data, header, options, extension));

    const auto count = int64_t(encodings.size());
    data.inputs = padded(encodings, tokenizer.padId());
    const auto labelTensor = torch::tensor(labels);
    data.inputs.labels = regression ? labelTensor : labelTensor.to(torch::kLong);
    data.rows = count;
    data.description = path.string() + " (text '" + options.textColumn + "'"
                       + (options.pairColumn.empty() ? "" : ", pair '" + options.pairColumn + "'") + ", label '"
                       + options.labelColumn + "', " + std::to_string(count) + " rows)";
    return data;
}

std::vector<TokenWindow> languageModelWindows(int64_t count, int64_t length, int64_t stride)
{
    if (length < 1 || stride < 1 || stride > length)
        throw Error("windows of " + std::to_string(length) + " tokens cannot start every " + std::to_string(stride)
                    + " tokens");
    std::vector<TokenWindow> windows;
    for (int64_t begin = 0, previousEnd = 0; begin < count; begin += stride) {
        const int64_t end = std::min(begin + length, count);
        windows.push_back({begin, end, end - previousEnd});
        previousEnd = end;
        if (end == count)
            break;
    }
    return windows;
}

namespace {

// Strided windows, padded to `length` where the text ends: padding and context tokens get
// the label -100, so a causal LM predicts each token of the text (but the first) once.
Dataset slidingWindows(const fs::path &path, const std::vector<int64_t> &ids, int64_t padId, const DataOptions &options)
{
    const auto count = int64_t(ids.size());
    const auto windows = languageModelWindows(count, options.maxLength, options.stride);
    const auto rows = int64_t(windows.size());
    Dataset data;
    data.inputs.inputIds = torch::full({rows, options.maxLength}, padId, torch::kLong);
    data.inputs.attentionMask = torch::zeros({rows, options.maxLength}, torch::kLong);
    data.inputs.labels = torch::full({rows, options.maxLength}, int64_t(-100), torch::kLong);
    const auto all = torch::tensor(ids, torch::kLong);
    int64_t predictable = 0; // a target at a window's first position has no token before it
    for (int64_t r = 0; r < rows; ++r) {
        const TokenWindow &w = windows[size_t(r)];
        const int64_t width = w.end - w.begin;
        predictable += std::min(w.predicted, width - 1);
        data.inputs.inputIds[r].slice(0, 0, width).copy_(all.slice(0, w.begin, w.end));
        data.inputs.attentionMask[r].slice(0, 0, width).fill_(1);
        data.inputs.labels[r].slice(0, width - w.predicted, width).copy_(all.slice(0, w.end - w.predicted, w.end));
    }
    data.rows = rows;
    data.description = path.string() + " (" + std::to_string(count) + " tokens in " + std::to_string(rows)
                       + (rows == 1 ? " window" : " windows") + " of up to " + std::to_string(options.maxLength)
                       + " tokens every " + std::to_string(options.stride) + " tokens; " + std::to_string(predictable)
                       + " predicted by a causal LM, each once)";
    return data;
}

} // namespace

Dataset readLanguageModelText(const fs::path &path, const Tokenizer &tokenizer, const DataOptions &options)
{
    if (options.maxLength < 2)
        throw Error("the block length must be at least 2 tokens, got " + std::to_string(options.maxLength));
    if (options.stride < 0 || options.stride > options.maxLength)
        throw Error("--stride is " + std::to_string(options.stride) + ": windows of " + std::to_string(options.maxLength)
                    + " tokens (--max-length) start every 1 to " + std::to_string(options.maxLength)
                    + " tokens (0: blocks that do not overlap)");
    EncodeOptions encode;
    encode.addSpecialTokens = false;
    const Encoding e = tokenizer.encode(readTextFile(path), encode);
    if (options.stride > 0) {
        if (e.ids.size() < 2)
            throw Error(path.string() + ": " + std::to_string(e.ids.size())
                        + " tokens; a language model needs 2 or more to predict one");
        return slidingWindows(path, e.ids, tokenizer.padId(), options);
    }
    const auto blocks = int64_t(e.ids.size()) / options.maxLength;
    if (blocks == 0)
        throw Error(path.string() + ": " + std::to_string(e.ids.size()) + " tokens, fewer than one block of "
                    + std::to_string(options.maxLength));
    Dataset data;
    data.inputs.inputIds = torch::tensor(e.ids, torch::kLong).slice(0, 0, blocks * options.maxLength).view({blocks, options.maxLength});
    data.inputs.attentionMask = torch::ones_like(data.inputs.inputIds);
    data.inputs.labels = data.inputs.inputIds.clone();
    data.rows = blocks;
    data.description = path.string() + " (" + std::to_string(blocks) + " blocks of " + std::to_string(options.maxLength) + " tokens)";
    if (int64_t(e.ids.size()) % options.maxLength)
        data.warnings.push_back(path.filename().string() + ": the last " + std::to_string(int64_t(e.ids.size()) % options.maxLength)
                                + " tokens do not fill a block and are left out");
    return data;
}

std::vector<std::string> tableLabels(const std::vector<fs::path> &paths, const std::string &labelColumn,
                                     std::map<std::string, std::string> *where)
{
    std::set<std::string> values;
    for (const fs::path &path : paths) {
        if (!isTableFile(path))
            throw Error(path.string() + ": the classes of a new classification head are read from a .tsv, .csv or "
                        ".jsonl table's label column");
        const std::vector<Row> rows = tableFileRows(path);
        bool column = false;
        for (const auto &row : rows) {
            const auto it = row.fields.find(labelColumn);
            column = column || it != row.fields.end();
            if (row.problem.empty() && it != row.fields.end() && !it->second.empty() && values.insert(it->second).second
                && where)
                (*where)[it->second] = path.string() + " line " + std::to_string(row.line);
        }
        if (!column)
            throw Error(path.string() + ": no column '" + labelColumn + "' of classes (--label-column names it)");
    }
    std::vector<std::string> labels(values.begin(), values.end());
    const auto whole = [](const std::string &v) {
        return v.find_first_not_of("0123456789") == std::string::npos && v.size() < 10;
    };
    if (std::all_of(labels.begin(), labels.end(), whole))
        std::sort(labels.begin(), labels.end(), [](const auto &a, const auto &b) { return std::stoll(a) < std::stoll(b); });
    return labels;
}

std::vector<std::string> labelsOutside(const std::vector<std::string> &labels, const ModelConfig &config)
{
    std::vector<std::string> outside;
    for (const auto &label : labels)
        if (!classOf(label, config))
            outside.push_back(label);
    return outside;
}

torch::Tensor sampleIndices(int64_t count, int64_t maxExamples, uint64_t seed)
{
    if (maxExamples <= 0 || maxExamples >= count)
        return torch::arange(count);
    torch::Generator generator = at::detail::createCPUGenerator(seed);
    return std::get<0>(at::randperm(count, generator).slice(0, 0, maxExamples).sort());
}

namespace {

struct ImageRow
{
    Row row;
    torch::Tensor image; // uint8 [height, width, channels]
};

// The usable rows of an image table (.csv, .tsv or .jsonl; image paths relative to the
// table), a sample chosen before anything is decoded: `problemOf` says why a row's other
// columns cannot be used ("" when they can), and only the rows it accepts have their image
// decoded. Rows with a problem are skipped, each with a warning naming the file and line;
// a table with none usable is an error that says why.
std::vector<ImageRow> readImageRows(const fs::path &path, const DataOptions &options, Dataset &data,
                                    const std::function<std::string(const Row &)> &problemOf)
{
    const std::string extension = path.extension().string();
    const std::string name = path.filename().string();
    const std::vector<Row> all = tableFileRows(path);
    const auto chosen = sampleIndices(int64_t(all.size()), options.maxExamples, options.seed);
    std::vector<ImageRow> kept;
    for (int64_t i = 0; i < chosen.size(0); ++i) {
        const Row &row = all[size_t(chosen[i].item<int64_t>())];
        std::string problem = row.problem;
        const auto image = row.fields.find(options.imageColumn);
        if (problem.empty() && image == row.fields.end())
            problem = "no column '" + options.imageColumn + "'";
        if (problem.empty())
            problem = problemOf(row);
        if (problem.empty()) {
            try {
                const fs::path file = fs::path(image->second).is_absolute() ? fs::path(image->second)
                                                                            : path.parent_path() / image->second;
                kept.push_back({row, decodeImage(file)});
                continue;
            } catch (const Error &e) {
                problem = e.what();
            }
        }
        data.warnings.push_back(name + " line " + std::to_string(row.line) + ": " + problem + "; row skipped");
        ++data.skipped;
    }
    if (kept.empty())
        throw Error(path.string() + ": no usable rows"
                    + (all.empty() ? std::string(extension == ".jsonl" ? "; the file has no rows"
                                                                       : "; no rows after the header (line 1)")
                                   : " (first problem: " + data.warnings.front() + "); " + std::to_string(data.skipped)
                                         + (data.skipped == 1 ? " row" : " rows") + ", all skipped"));
    return kept;
}

// "LABEL_0, LABEL_1 and LABEL_2" for messages; ImageNet's thousand labels are cut short.
std::string labelList(const ModelConfig &config)
{
    const size_t count = config.labelNames.size(), shown = count > 12 ? 10 : count;
    std::string text;
    for (size_t i = 0; i < shown; ++i)
        text += (i == 0 ? "" : i + 1 == count ? " and " : ", ") + config.labelNames[i];
    if (shown < count)
        text += " and " + std::to_string(count - shown) + " more";
    return text;
}

} // namespace

Dataset readImageCaptions(const fs::path &path, const Tokenizer &tokenizer, const ModelConfig &config,
                          const DataOptions &options, const fs::path &modelFolder)
{
    const auto processing = readImageProcessing(modelFolder, config);
    Dataset data;
    const auto rows = readImageRows(path, options, data, [&](const Row &row) {
        return row.fields.count(options.captionColumn) ? std::string() : "no column '" + options.captionColumn + "'";
    });
    std::vector<std::string> captions;
    std::vector<torch::Tensor> images;
    for (const auto &[row, image] : rows) {
        captions.push_back(row.fields.at(options.captionColumn));
        images.push_back(image);
    }
    data.inputs = textTowerInputs(captions, tokenizer, config);
    data.inputs.pixelValues = prepareImages(images, processing);
    data.rows = int64_t(images.size());
    data.description = path.string() + " (image '" + options.imageColumn + "', caption '" + options.captionColumn + "', "
                       + std::to_string(data.rows) + " pairs)";
    return data;
}

Dataset readImageClassification(const fs::path &path, const ModelConfig &config, const DataOptions &options,
                                 const fs::path &modelFolder)
{
    const auto processing = readImageProcessing(modelFolder, config);
    Dataset data;
    const bool idx = path.filename().string().find("idx3-ubyte") != std::string::npos;
    if (fs::is_directory(path) || idx) {
        LabelledImages images;
        if (idx) {
            const fs::path labels = options.labels.empty() ? idxLabelsBeside(path) : options.labels;
            const auto ids = readIdx(labels).flatten().to(torch::kLong);
            const auto outside = ids.ge(config.numLabels).nonzero();
            if (outside.size(0) > 0) {
                const int64_t at = outside[0][0].item<int64_t>();
                throw Error(labels.string() + ": label " + std::to_string(ids[at].item<int64_t>()) + " (image "
                            + std::to_string(at) + ") is not one of the model's " + std::to_string(config.numLabels)
                            + " labels (" + labelList(config) + ")");
            }
            images = readIdxImages(path, labels, config.labelNames, processing, options.maxExamples, options.seed);
        } else {
            // Class folders are named by the model's labels (or their ids), checked before any
            // image is decoded; each folder's images get its label.
            const std::vector<std::string> folders = options.classNames.empty() ? classFolders(path) : options.classNames;
            std::vector<int64_t> ids;
            for (const auto &folder : folders) {
                const auto id = classOf(folder, config);
                if (!id)
                    throw Error((path / folder).string() + ": the folder's name is not one of the model's labels ("
                                + labelList(config) + ") nor a label id below " + std::to_string(config.numLabels));
                ids.push_back(*id);
            }
            images = readImageFolder(path, folders, processing, options.maxExamples, options.seed);
            images.labels = torch::tensor(ids, torch::kLong).index_select(0, images.labels);
            images.classes = config.labelNames;
        }
        data.inputs.pixelValues = images.pixels;
        data.inputs.labels = images.labels;
        data.warnings = images.warnings;
        data.skipped = int64_t(images.warnings.size());
        data.rows = images.pixels.size(0);
        data.description = images.description;
        return data;
    }
    const auto rows = readImageRows(path, options, data, [&](const Row &row) {
        const auto label = row.fields.find(options.labelColumn);
        if (label == row.fields.end())
            return "no column '" + options.labelColumn + "'";
        if (!classOf(label->second, config))
            return "label " + excerpt(label->second) + " is not one of the model's labels (" + labelList(config)
                   + ") nor a label id below " + std::to_string(config.numLabels);
        return std::string();
    });
    std::vector<torch::Tensor> images;
    std::vector<int64_t> labels;
    for (const auto &[row, image] : rows) {
        images.push_back(image);
        labels.push_back(*classOf(row.fields.at(options.labelColumn), config));
    }
    data.inputs.pixelValues = prepareImages(images, processing);
    data.inputs.labels = torch::tensor(labels, torch::kLong);
    data.rows = int64_t(images.size());
    data.description = path.string() + " (image '" + options.imageColumn + "', label '" + options.labelColumn + "', "
                       + std::to_string(data.rows) + " images)";
    return data;
}

void checkMaxLength(int64_t length, const ModelConfig &config, const std::string &option)
{
    const int64_t positions = config.towers.empty() ? 0 : config.towers.front().maxPositions;
    if (length < 1 || (positions > 0 && length > positions))
        throw Error(option + " is " + std::to_string(length) + ", and the model reads 1 to " + std::to_string(positions)
                    + " tokens (its position embeddings)");
}

namespace {

// Strided windows are a causal LM's way through a text: a classifier's examples, a masked
// LM's blocks and pre-tokenised rows have no tokens to slide over.
void checkStrideApplies(const fs::path &path, const ModelConfig &config, int64_t stride)
{
    const std::string given = "--stride " + std::to_string(stride) + ": ";
    if (config.head != TaskHead::CausalLm)
        throw Error(given + "strided windows are for a causal language model's perplexity (GPT-2), and this model is a "
                    + config.architecture + "; leave --stride out (or 0)");
    if (path.extension() != ".txt")
        throw Error(given + "strided windows are read from plain text (.txt), and " + path.string()
                    + " is not; leave --stride out (or 0)");
}

} // namespace

Dataset readDataset(const fs::path &path, const ModelConfig &config, const DataOptions &options, const fs::path &modelFolder)
{
    if (options.stride != 0)
        checkStrideApplies(path, config, options.stride);
    const std::string extension = path.extension().string();
    const bool idx = path.filename().string().find("idx3-ubyte") != std::string::npos;
    if (config.head == TaskHead::Contrastive && (fs::is_directory(path) || idx || isTableFile(path))) {
        const auto tokenizer = Tokenizer::load(options.tokenizer.empty() ? modelFolder : options.tokenizer);
        if (!fs::is_directory(path) && !idx)
            return readImageCaptions(path, *tokenizer, config, options, modelFolder);
        const auto processing = readImageProcessing(modelFolder, config);
        const LabelledImages images
            = idx ? readIdxImages(path, options.labels.empty() ? idxLabelsBeside(path) : options.labels, options.classNames,
                                  processing, options.maxExamples, options.seed)
                  : readImageFolder(path, options.classNames, processing, options.maxExamples, options.seed);
        return zeroShot(images, *tokenizer, config, options);
    }
    if (config.hasImages() && config.head == TaskHead::SequenceClassification && (fs::is_directory(path) || idx || isTableFile(path)))
        return readImageClassification(path, config, options, modelFolder);
    if (fs::is_directory(path) || idx)
        throw Error(path.string() + ": images are data for a model that reads images (CLIP, ViT), and this model is a "
                    + config.architecture);
    if (extension == ".safetensors") {
        Dataset data;
        const auto file = SafetensorsFile::open(path);
        data.inputs = readModelInputs(*file);
        data.rows = data.inputs.inputIds.defined() ? data.inputs.inputIds.size(0) : data.inputs.pixelValues.size(0);
        data.description = path.string() + " (pre-tokenised, " + std::to_string(data.rows) + " rows)";
        return data;
    }
    if (!isTableFile(path) && extension != ".txt")
        throw Error(path.string() + ": unknown data format '" + extension + "' (.tsv, .csv, .jsonl, .txt or .safetensors)");
    // The default length (128) is cut to a smaller model's positions; a length asked for is
    // checked where it is asked (checkMaxLength).
    DataOptions within = options;
    if (!config.towers.empty() && config.towers.front().maxPositions > 0)
        within.maxLength = std::min(options.maxLength, config.towers.front().maxPositions);
    if (within.maxLength < 1)
        checkMaxLength(within.maxLength, config);
    const auto tokenizer = Tokenizer::load(options.tokenizer.empty() ? modelFolder : options.tokenizer);
    if (extension == ".txt") {
        if (config.head != TaskHead::CausalLm && config.head != TaskHead::MaskedLm)
            throw Error(path.string() + ": plain text is language-modelling data, and this model is a " + config.architecture);
        return readLanguageModelText(path, *tokenizer, within);
    }
    if (config.head != TaskHead::SequenceClassification)
        throw Error(path.string() + ": a labelled table is classification data, and this model is a " + config.architecture);
    return readTextClassification(path, *tokenizer, config, within);
}

} // namespace prunescope
