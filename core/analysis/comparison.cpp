#include "core/analysis/comparison.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"
#include "core/io/file_kind.h"
#include "core/support/string_util.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>

namespace prunescope {

namespace {

const char *const kMetrics[] = {"iou", "cosine", "hamming", "spearman", "kendall", "topk"};

nlohmann::json matrixJson(const PairMatrix &m)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto &row : m) {
        nlohmann::json r = nlohmann::json::array();
        for (const double v : row)
            r.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
        rows.push_back(r);
    }
    return rows;
}

// A K x K matrix, null for NaN; throws prunescope::Error naming `what` when it is not one.
PairMatrix parseMatrix(const nlohmann::json &json, size_t k, const std::string &what)
{
    if (!json.is_array() || json.size() != k)
        throw Error(what + " is not a " + std::to_string(k) + " x " + std::to_string(k) + " matrix");
    PairMatrix m;
    for (const auto &row : json) {
        if (!row.is_array() || row.size() != k)
            throw Error(what + " is not a " + std::to_string(k) + " x " + std::to_string(k) + " matrix");
        std::vector<double> values;
        for (const auto &v : row)
            values.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
        m.push_back(std::move(values));
    }
    return m;
}

// Whole numbers only: a fraction or a huge number would be converted with undefined behaviour.
int64_t parseCount(const nlohmann::json &v, const std::string &what)
{
    if (!v.is_number_integer()
        || (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())))
        throw Error(what + " holds " + v.dump() + ", not a whole number");
    return v.get<int64_t>();
}

std::vector<int64_t> parseCounts(const nlohmann::json &json, const std::string &what)
{
    if (!json.is_array())
        throw Error(what + " is not a list of whole numbers");
    std::vector<int64_t> counts;
    for (const auto &v : json)
        counts.push_back(parseCount(v, what));
    return counts;
}

bool anyFinite(const PairMatrix &m)
{
    for (const auto &row : m)
        for (const double v : row)
            if (std::isfinite(v))
                return true;
    return false;
}

} // namespace

std::vector<std::string> MapComparison::metrics() const
{
    std::vector<std::string> found;
    for (const char *metric : kMetrics)
        if (overall.count(metric) && anyFinite(overall.at(metric)))
            found.push_back(metric);
    return found;
}

std::string comparisonJson(const MapComparison &c)
{
    nlohmann::json overall, perLayer, tensors, items = nlohmann::json::array();
    for (const auto &[metric, m] : c.overall)
        overall[metric] = matrixJson(m);
    for (const auto &[metric, layers] : c.perLayer) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &m : layers)
            list.push_back(matrixJson(m));
        perLayer[metric] = list;
    }
    for (const auto &[name, m] : c.tensorIou)
        tensors[name] = matrixJson(m);
    for (size_t i = 0; i < c.names.size(); ++i) {
        nlohmann::json item = {{"name", c.names[i]}, {"kind", c.isMask[i] ? "mask" : "scores"}};
        if (c.isMask[i])
            item.update({{"attention_sparsity", c.attentionSparsity[i]},
                         {"ffn_sparsity", c.ffnSparsity[i]},
                         {"surviving_heads", c.survivingHeads[i]}});
        items.push_back(item);
    }
    return nlohmann::json{{kKindKey, "comparison"}, {"items", items},         {"layers", c.layers},
                          {"overall", overall},       {"per_layer", perLayer}, {"tensor_iou", tensors},
                          {"kendall_units", c.kendallUnits}}
        .dump(2);
}

MapComparison parseComparisonJson(const std::string &text, const std::string &fileName)
{
    MapComparison c;
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        throw Error(fileName + ": not a comparison (" + e.what() + ")");
    }
    // Files of other kinds are named for what they are; older comparisons record no kind.
    if (json.is_object() && json.contains(kKindKey) && json[kKindKey] != "comparison")
        throw Error(fileName + " is " + kindDescription(json[kKindKey].is_string() ? json[kKindKey].get<std::string>() : "")
                    + ", not a comparison");
    if (json.is_object() && !json.contains(kKindKey) && json.contains("points") && json.contains("dense"))
        throw Error(fileName + " is " + kindDescription("sweep") + ", not a comparison");
    try {
        for (const auto &item : json.at("items")) {
            c.names.push_back(item.at("name").get<std::string>());
            const bool mask = item.at("kind").get<std::string>() == "mask";
            c.isMask.push_back(mask);
            c.attentionSparsity.push_back(mask ? item.at("attention_sparsity").get<std::vector<double>>()
                                               : std::vector<double>());
            c.ffnSparsity.push_back(mask ? item.at("ffn_sparsity").get<std::vector<double>>() : std::vector<double>());
            c.survivingHeads.push_back(mask ? parseCounts(item.at("surviving_heads"), "surviving_heads of '" + c.names.back() + "'")
                                            : std::vector<int64_t>());
        }
        const size_t k = c.names.size();
        if (k < 2)
            throw Error("it compares fewer than two items");
        c.layers = json.at("layers").get<std::vector<std::string>>();
        for (const auto &[metric, m] : json.at("overall").items())
            c.overall[metric] = parseMatrix(m, k, "overall '" + metric + "'");
        for (const auto &[metric, list] : json.at("per_layer").items()) {
            if (!list.is_array() || list.size() != c.layers.size())
                throw Error("per_layer '" + metric + "' does not have one matrix per layer");
            for (size_t l = 0; l < list.size(); ++l)
                c.perLayer[metric].push_back(parseMatrix(list[l], k, "per_layer '" + metric + "' of " + c.layers[l]));
        }
        const auto tensors = json.value("tensor_iou", nlohmann::json::object());
        for (const auto &[name, m] : tensors.items())
            c.tensorIou[name] = parseMatrix(m, k, "tensor_iou '" + name + "'");
        c.kendallUnits = json.contains("kendall_units") ? parseCount(json["kendall_units"], "kendall_units") : 0;
    } catch (const nlohmann::json::exception &e) {
        throw Error(fileName + ": not a comparison (" + e.what() + ")");
    } catch (const Error &e) {
        rethrowWithContext(fileName, e);
    }
    return c;
}

MapComparison readComparison(const std::filesystem::path &file)
{
    return parseComparisonJson(readTextFile(file), file.string());
}

std::string comparisonCsv(const MapComparison &c)
{
    std::ostringstream s;
    s.precision(9);
    s << "metric,scope,a,b,value\n";
    const auto rows = [&](const std::string &metric, const std::string &scope, const PairMatrix &m) {
        for (size_t a = 0; a < m.size(); ++a)
            for (size_t b = a + 1; b < m.size(); ++b)
                if (std::isfinite(m[a][b]))
                    s << metric << "," << scope << "," << csvField(c.names[a]) << "," << csvField(c.names[b]) << ","
                      << m[a][b] << "\n";
    };
    for (const auto &[metric, m] : c.overall)
        rows(metric, "overall", m);
    for (const auto &[metric, layers] : c.perLayer)
        for (size_t l = 0; l < layers.size(); ++l)
            rows(metric, c.layers[l], layers[l]);
    for (const auto &[name, m] : c.tensorIou)
        rows("iou", "tensor:" + name, m);
    return s.str();
}

std::string comparisonText(const MapComparison &c)
{
    // The maps are numbered in a legend and the matrices use the numbers, so that columns
    // stay aligned whatever the names' lengths.
    std::ostringstream s;
    const auto key = [](size_t i) { return "[" + std::to_string(i + 1) + "]"; };
    const int labelWidth = int(key(c.names.size() - 1).size());
    s << "maps:\n";
    for (size_t i = 0; i < c.names.size(); ++i)
        s << "  " << std::setw(labelWidth) << std::left << key(i) << " " << c.names[i]
          << (c.isMask[i] ? " (mask)" : " (score map)") << "\n";
    for (const auto &metric : c.metrics()) {
        const PairMatrix &m = c.overall.at(metric);
        s << "\n" << metric << (metric == "kendall" && c.kendallUnits ? " (" + std::to_string(c.kendallUnits) + " units)" : "")
          << "\n  " << std::setw(labelWidth) << "";
        for (size_t b = 0; b < m.size(); ++b)
            s << std::setw(9) << std::right << key(b);
        s << "\n";
        for (size_t a = 0; a < m.size(); ++a) {
            s << "  " << std::setw(labelWidth) << std::left << key(a) << std::right;
            for (const double v : m[a]) {
                if (std::isfinite(v))
                    s << std::setw(9) << std::fixed << std::setprecision(4) << v;
                else
                    s << std::setw(9) << "-";
            }
            s << "\n";
        }
    }
    // A mask and a score map share no metric: say why their cells are empty.
    bool masks = false, scores = false;
    for (const bool mask : c.isMask)
        (mask ? masks : scores) = true;
    if (masks && scores)
        s << "\n-: a mask and a score map are not compared with each other (masks: iou, cosine, hamming; "
             "score maps: spearman, kendall, topk)\n";
    return s.str();
}

} // namespace prunescope
