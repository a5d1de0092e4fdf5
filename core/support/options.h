// The enumerated options, each parsed in one place: the CLI's flags, the study's settings
// and the desktop application's settings all go through these, and a value that is not
// allowed is an Error naming the option and listing the values it allows:
//   "--precision 'bf61' is not one of fp32, tf32x3, bf16 or fp16"
// `option` is the name the user knows: "--precision" on the command line, "precision" in
// a study or the settings.
#pragma once

#include <string>
#include <vector>

namespace prunescope {

// `value` when it is one of `allowed`; else an Error naming the option and the values.
const std::string &oneOf(const std::string &option, const std::string &value, const std::vector<std::string> &allowed);
// A comma-separated list of allowed values, in order: at least one, none twice.
std::vector<std::string> listOf(const std::string &option, const std::string &value,
                                const std::vector<std::string> &allowed);

// Compute precision: fp32, tf32x3, bf16 or fp16 (float32, bfloat16 and float16 say the same);
// returns the short name (device.h says what each means).
std::string parsePrecisionName(const std::string &value, const std::string &option = "precision");
// A type to hold a model in: fp32, bf16 or fp16 (the precisions but tf32x3, a way to compute).
std::string parseDtypeName(const std::string &value, const std::string &option = "precision");
// A device as written: auto, cpu, cuda or cuda:N. Whether it exists on this machine is
// parseDevice's question (device.h).
std::string parseDeviceName(const std::string &value, const std::string &option = "device");
// A CLIP tower: text (0) or vision (1).

// The values of the options that are plain names (the parsers of the others: device.h,
// masks.h, scorers.h, export.h).
namespace choices {
inline const std::vector<std::string> precision = {"fp32", "tf32x3", "bf16", "fp16"};
inline const std::vector<std::string> dtype = {"fp32", "bf16", "fp16"}; // the precisions that are types
inline const std::vector<std::string> tower = {"text", "vision"};
inline const std::vector<std::string> attribution = {"gradcam", "smoothgrad"};
inline const std::vector<std::string> noiseOn = {"outputs", "embeddings"};
inline const std::vector<std::string> movement = {"hard", "soft", "gum"};
inline const std::vector<std::string> movementGranularity = {"weight", "neuron"};
inline const std::vector<std::string> pattern = {"admm", "sr-ste"};
inline const std::vector<std::string> prune = {"isp", "abp", "imp", "deepcuts"};
inline const std::vector<std::string> pruneScope = {"global", "tensor"};
inline const std::vector<std::string> combine = {"union", "intersection", "vote"};
} // namespace choices

} // namespace prunescope
