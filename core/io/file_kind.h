// What a file PruneScope writes holds, recorded in the file itself so that a command given
// the wrong kind says what it was given: safetensors metadata of score maps, masks and
// attribution maps, and the JSON of comparisons, sweeps and noise scans, carry
// "prunescope.kind".
#pragma once

#include <string>

namespace prunescope {

inline constexpr const char *kKindKey = "prunescope.kind";

// "scores" -> "a score map", "mask" -> "a mask", ...: for messages such as
// "scores.safetensors is a score map, not a mask".
inline std::string kindDescription(const std::string &kind)
{
    if (kind == "scores")
        return "a score map";
    if (kind == "mask")
        return "a mask";
    if (kind == "attribution")
        return "an attribution map";
    if (kind == "comparison")
        return "a comparison";
    if (kind == "sweep")
        return "a sweep";
    if (kind == "sigma-scan")
        return "a noise scan";
    return "a file of another kind ('" + kind + "')";
}

} // namespace prunescope
