// The families' entries, one per file in this folder; families.cpp lists them.
#pragma once

#include "core/models/model_family.h"

namespace prunescope {

const ModelFamily &bertFamily();
const ModelFamily &gpt2Family();
const ModelFamily &clipFamily();

} // namespace prunescope
