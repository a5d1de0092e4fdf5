// The declarations of the methods that prune in one shot and update the weights that stay
// (defined in oneshot_methods.cpp), without LibTorch: SparseGPT. The command line parses
// their options from these declarations (`prune --method NAME`, `methods --one-shot`) and
// builds the options of a run through the functions below, so an option is spelled once.
#pragma once

#include "core/support/method_spec.h"

#include <string>
#include <vector>

namespace prunescope {

struct SparseGptOptions;

// Every one-shot method with its options, in the order the user sees them; and one of them
// by name (an Error listing the known names when there is none of that name).
const std::vector<MethodSpec> &oneShotMethodSpecs();
const MethodSpec &oneShotMethodSpec(const std::string &name);
bool isOneShotMethod(const std::string &name);

// SparseGPT's options from `given`, checked against the declaration (an option out of range
// or unknown is an Error naming it and the method) and defaulted. A sparsity given with an
// n:m pattern must be the pattern's, (m - n) / m.
SparseGptOptions sparseGptOptions(const MethodOptions &given);

} // namespace prunescope
