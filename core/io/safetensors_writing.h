// What writing a safetensors file takes besides the tensors' bytes, shared by the one-file
// writer (writeSafetensors) and the sharded one that streams its tensors to disk.
#pragma once

#include "core/io/safetensors_header.h"

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace prunescope {

// The bytes before the data buffer: the header's length (8 bytes, little-endian), then its
// JSON (`metadata` and each entry's dtype, shape and offsets) padded with spaces so that the
// data starts on a multiple of 8. Throws naming `path` for a name that is not valid UTF-8.
std::string safetensorsPrefix(const std::vector<TensorEntry> &entries, const std::map<std::string, std::string> &metadata,
                              const std::filesystem::path &path);

// The dtype `tensor` is stored as, once the checks every writer makes have passed: the name
// is not "__metadata__" nor one of `names` (it is added to them), and the type is one the
// format has. Throws naming `path`.
DType checkedEntry(const std::filesystem::path &path, const std::string &name, const torch::Tensor &tensor,
                   std::set<std::string> &names);

} // namespace prunescope
