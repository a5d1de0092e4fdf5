// The checkpoints of tests/data/hf (made by transformers) and their reference inputs, for the
// core tests.
#pragma once

#include "core/models/reference_run.h"
#include "core/io/safetensors.h"

#include <filesystem>
#include <string>
#include <vector>

namespace prunescope::testing {

inline std::filesystem::path fixture(const std::string &family)
{
    return std::filesystem::path(PRUNESCOPE_TEST_DATA) / "hf" / family;
}

// Every family with a fixture, in the registry's order.
inline const std::vector<std::string> &fixtureFamilies()
{
    static const std::vector<std::string> families = {"bert", "gpt2", "clip", "roberta", "distilbert",
                                                             "vit", "llama", "qwen2", "mistral"};
    return families;
}

// The batch a fixture's reference outputs were made from.
inline ModelInputs fixtureInputs(const std::string &family)
{
    return readModelInputs(*SafetensorsFile::open(fixture(family) / "reference.safetensors"));
}

} // namespace prunescope::testing
