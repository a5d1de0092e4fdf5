// What a sweep measured, and its files: sweep.json (everything), sweep.csv (one row per
// point) and sweep.svg (the plot), written together into one folder. No LibTorch here, so
// the views read sweeps through this header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

// The share of a sweep's examples kept apart for evaluation when no evaluation data is given.
constexpr double kSweepHeldOut = 0.5;

struct SweepPoint
{
    std::string method;
    double sparsity = 0; // requested
    double achieved = 0; // zeros in the mask
    std::map<std::string, double> metrics;
    int64_t draw = -1; // which of the random masks drawn at this sparsity (0, 1, ...); -1: a method that draws none
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

// A method's points at each requested sparsity, pooled over its draws: the mean achieved
// sparsity and the mean, lowest and highest value of the metric (one draw: all the same).
struct SweepCurvePoint
{
    double sparsity = 0, achieved = 0, mean = 0, low = 0, high = 0;
    int64_t draws = 0;
};
struct SweepCurve
{
    std::string method;
    std::vector<SweepCurvePoint> points; // in the order of the sweep's sparsities
    int64_t draws() const;               // the most draws at any sparsity
};
std::vector<SweepCurve> sweepCurves(const SweepResult &result, const std::string &metric);

// Where a method's point lies against the random draws at its sparsity, by the sweep's metric:
// "above" (better than every draw), "below" (worse than every draw) or "within" their range,
// a difference the random masks' own spread can explain; empty for random itself.
std::string vsRandom(const SweepResult &result, const SweepPoint &point);
// One row per point: method, draw (empty for a method that draws none), sparsity, achieved
// sparsity, every metric, vs_random.
std::string sweepCsv(const SweepResult &result);
// The plot: the metric against sparsity, one curve per method (the mean over draws, their
// range shaded), the dense model dashed.
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
