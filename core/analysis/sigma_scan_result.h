// What a Smooth-Cut noise scan is asked and measured (sigma_scan.h), and its files: sigma-scan.json
// (everything), sigma-scan.csv (one row per sigma) and sigma-scan.svg (the plot), written
// together into one folder. No LibTorch here, so the views read scans through this header.
#pragma once

#include "core/support/method_spec.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct SigmaScanOptions
{
    std::vector<double> sigmas = {1e-4, 1e-3, 1e-2, 1e-1, 1};
    bool relative = false; // Smooth-Cut's relative-sigma
    std::vector<double> sparsities = {0.85, 0.9};
    std::string scope = "tensor"; // or "global"; DeepCuts ranks within each matrix
    MethodOptions smoothCut;      // Smooth-Cut's other options (samples, noise-on, batched)
};

// Smooth-Cut's declaration without sigma and relative-sigma, which a noise scan sets itself:
// the Smooth-Cut options a scan takes (SigmaScanOptions::smoothCut).
MethodSpec smoothCutBesidesNoise();

struct SigmaScanResult
{
    std::string metric; // the task's primary metric, evaluated under each mask
    std::string task;
    double dense = 0;
    bool relative = false;            // sigma as a share of each noisy tensor's own spread
    std::vector<double> sigmas;       // ascending
    std::vector<double> sparsities;   // of the weights, one-shot
    std::vector<double> spearman;     // per sigma: Smooth-Cut's weight scores against Taylor's
    std::vector<std::vector<double>> smoothCut; // [sigma][sparsity]: the metric under Smooth-Cut's mask
    std::vector<double> taylor, magnitude;      // [sparsity]: the references
    std::map<std::string, std::string> settings; // data, examples, seed, scope, Smooth-Cut's other options ...
};

// One row per sigma: sigma, spearman, then the metric at each sparsity; the references as
// rows named taylor and magnitude.
std::string sigmaScanCsv(const SigmaScanResult &result);
// Two panels against log10 sigma: the rank correlation with Taylor, and the metric at each
// sparsity with Taylor's (dashed) and magnitude's (dotted) in the same colour.
std::string sigmaScanSvg(const SigmaScanResult &result);
std::string sigmaScanJson(const SigmaScanResult &result);
// Parses sigma-scan.json text; throws prunescope::Error naming `fileName` and what is wrong.
SigmaScanResult parseSigmaScanJson(const std::string &text, const std::string &fileName);
SigmaScanResult readSigmaScan(const std::filesystem::path &folder);
// The figures of the table the command line prints and the report shows.
std::string sigmaScanText(const SigmaScanResult &result);

// Writes the three files into a new folder, moved to `folder` whole; an existing non-empty
// `folder` is refused unless `replace` (then only the scan's own files go).
std::filesystem::path writeSigmaScan(const std::filesystem::path &folder, const SigmaScanResult &result,
                                     bool replace = false);

} // namespace prunescope
