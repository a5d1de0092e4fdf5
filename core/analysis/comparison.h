// What a comparison of masks and score maps measured (compare.h computes it), and its
// file: comparison.json, which the study keeps and the views read. No LibTorch here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

using PairMatrix = std::vector<std::vector<double>>; // [K][K]; NaN where undefined

struct MapComparison
{
    std::vector<std::string> names;
    std::vector<bool> isMask;
    std::vector<std::string> layers;                          // "encoder 0", "text 11", ...
    std::map<std::string, PairMatrix> overall;                // metric -> K x K
    std::map<std::string, std::vector<PairMatrix>> perLayer;  // metric -> [layer] K x K
    std::map<std::string, PairMatrix> tensorIou;              // tensor -> K x K
    // Masks only (empty rows for score maps): [item][layer].
    std::vector<std::vector<double>> attentionSparsity, ffnSparsity;
    std::vector<std::vector<int64_t>> survivingHeads;
    int64_t kendallUnits = 0; // units Kendall's tau was computed on overall

    // The metrics defined for at least one pair, in the order the views offer them.
    std::vector<std::string> metrics() const;
};

std::string comparisonJson(const MapComparison &c);
// Parses comparisonJson's text; throws prunescope::Error naming `fileName` and what is wrong.
MapComparison parseComparisonJson(const std::string &text, const std::string &fileName);
MapComparison readComparison(const std::filesystem::path &file);
// Long form: metric,scope,a,b,value with scope "overall", a layer, or "tensor:<name>".
std::string comparisonCsv(const MapComparison &c);
std::string comparisonText(const MapComparison &c);

} // namespace prunescope
