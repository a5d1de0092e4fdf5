// The declarations of the single-shot scoring methods (defined with them in scorers.cpp),
// without LibTorch: what the command line, the desktop application's forms and the studies
// read to know the methods and their options.
#pragma once

#include "core/support/method_spec.h"

#include <set>
#include <string>
#include <vector>

namespace prunescope {

// Every single-shot method with its options, in the order the user sees them; and one of
// them by name (an Error listing the known names when there is none of that name).
const std::vector<MethodSpec> &scoreMethodSpecs();
const MethodSpec &scoreMethodSpec(const std::string &name);
const std::vector<std::string> &scoreMethodNames();
std::set<Granularity> supportedGranularities(const std::string &method);
std::string granularityName(Granularity granularity);
// "weight,head,neuron" or any part of it; throws prunescope::Error naming the unknown word.
std::set<Granularity> parseGranularities(const std::string &list);

} // namespace prunescope
