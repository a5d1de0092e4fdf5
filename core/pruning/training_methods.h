// The declarations of the methods that prune while training (defined in
// training_methods.cpp), without LibTorch: movement pruning (hard, soft, gum), the N:M
// patterns (admm, sr-ste) and the runs that prune over several trainings (isp, abp, imp,
// deepcuts).
// The command line parses their options from these declarations and a study fills them
// from its settings; both build the options of a run through the functions below, so an
// option is spelled once. A method's name is the value that selects it: `train --movement
// gum`, `--pattern admm`, `--prune isp`.
#pragma once

#include "core/support/method_spec.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace prunescope {

struct MovementOptions;
struct PatternOptions;
struct IspOptions;
struct ImpOptions;
struct AbpOptions;
struct DeepCutsOptions;

// Every training method with its options, in the order the user sees them; and one of them
// by name (an Error listing the known names when there is none of that name).
const std::vector<MethodSpec> &trainingMethodSpecs();
const MethodSpec &trainingMethodSpec(const std::string &name);
// The train option that selects `method`: "movement", "pattern" or "prune".
std::string trainingSelector(const std::string &method);

// The options of a run, from `given` checked against the method's declaration (an option
// out of range or unknown is an Error naming it and the method) and defaulted.
MovementOptions movementOptions(const std::string &variant, const MethodOptions &given);
// "4:8" into n and m; throws prunescope::Error naming the text unless 0 < n < m.
std::pair<int64_t, int64_t> parsePattern(const std::string &text);
// `nm` is the pattern, "4:8": it is the method's shape, not one of its options.
PatternOptions patternOptions(const std::string &variant, const std::string &nm, const MethodOptions &given);
IspOptions ispOptions(const MethodOptions &given);
ImpOptions impOptions(const MethodOptions &given);
// deepcuts' options; the chosen score method's own go to it, and an option of another score
// method set apart from its default is an Error naming it.
DeepCutsOptions deepCutsOptions(const MethodOptions &given);
AbpOptions abpOptions(const MethodOptions &given, uint64_t seed);

} // namespace prunescope
