// The progress callback every long core operation takes (DESIGN.md, "Job"): called as work
// advances; returning false cancels, and the operation then throws Cancelled and leaves
// nothing half-written.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace prunescope {

using Progress = std::function<bool(int64_t done, int64_t total, const std::string &message)>;

} // namespace prunescope
