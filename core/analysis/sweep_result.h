// What a sweep measured, and its files: sweep.json (everything), sweep.csv (one row per
// point) and sweep.svg (the plot), written together into one folder. No LibTorch here, so
// the views read sweeps through this header.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct SweepPoint
{
    std::string method;
    double sparsity = 0; // requested
    double achieved = 0; // zeros in the mask
    std::map<std::string, double> metrics;
};

struct SweepResult
{
    std::string metric; // the one plotted
    std::string task;
    std::map<std::string, double> dense;
    std::vector<SweepPoint> points;
    std::map<std::string, double> scoringSeconds;
    std::map<std::string, std::string> settings; // granularity, scope, device ... as run

    std::vector<std::string> methods() const; // in the order of their first point
};

// One row per point: method, sparsity, achieved sparsity, every metric.
std::string sweepCsv(const SweepResult &result);
// The plot: the metric against sparsity, one curve per method, the dense model dashed.
std::string sweepSvg(const SweepResult &result, const std::string &title);
std::string sweepJson(const SweepResult &result);
// Parses sweep.json text; throws prunescope::Error naming `fileName` and the key at fault.
SweepResult parseSweepJson(const std::string &text, const std::string &fileName);
SweepResult readSweep(const std::filesystem::path &folder);

// Writes sweep.json, sweep.csv and sweep.svg into a new folder, moved to `folder` whole.
// An existing non-empty `folder` is refused unless `replace`; then only the files of the
// sweep it held go (moveFolderIntoPlace), and the old folder is returned when it was kept.
std::filesystem::path writeSweep(const std::filesystem::path &folder, const SweepResult &result, bool replace = false);

} // namespace prunescope
