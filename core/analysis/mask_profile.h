// What the mask analyses measure (mask_analysis.h computes it), for the views and the
// command line. No LibTorch here.
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace prunescope {

struct MaskProfile
{
    std::string name;
    double sparsity = 0;                    // over all prunable weights
    std::vector<std::string> layers;        // "encoder 0", "text 3", ...
    std::vector<double> layerSparsity;
    std::vector<std::string> components;    // query, key, value, attention-output, ffn-in, ffn-out
    std::vector<double> componentSparsity;
    std::vector<std::vector<double>> cells; // [layer][component]
};

struct MaskSensitivity
{
    std::string primary; // the metric, as evaluation.h names it
    double dense = std::numeric_limits<double>::quiet_NaN();
    double masked = std::numeric_limits<double>::quiet_NaN();
    double shuffled = std::numeric_limits<double>::quiet_NaN();
    double reinitialised = std::numeric_limits<double>::quiet_NaN();
};

// `sensitivity` may be shorter than `profiles` (none measured for the rest).
std::string maskProfilesJson(const std::vector<MaskProfile> &profiles, const std::vector<MaskSensitivity> &sensitivity);
std::string maskProfilesText(const std::vector<MaskProfile> &profiles, const std::vector<MaskSensitivity> &sensitivity);

} // namespace prunescope
