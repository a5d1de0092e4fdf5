// Checks that read the values of a batch (token ids within the vocabulary, labels within
// the classes). They run where the batch is: on the CPU, usually, so they cost no wait for
// the GPU. A pass being captured into a CUDA graph cannot read the GPU at all, so while a
// RecordedInputChecks is alive on the thread the checks are recorded with the tensor they
// read instead, and the replayer runs them on each new batch before replaying it.
#pragma once

#include "core/models/model.h"

#include <functional>
#include <optional>
#include <vector>

namespace prunescope {

// Throws a message naming what is wrong with `values` (a field of the batch, or a view of one).
using InputCheck = std::function<void(const torch::Tensor &values)>;

// Runs `check` on `values`, or records it while the thread records.
void checkInput(const torch::Tensor &values, InputCheck check);

class RecordedInputChecks
{
public:
    RecordedInputChecks();
    ~RecordedInputChecks();
    RecordedInputChecks(const RecordedInputChecks &) = delete;
    RecordedInputChecks &operator=(const RecordedInputChecks &) = delete;

    // The recorded checks bound to the fields of `captured` (the batch the pass read) that
    // their tensors are: empty where a check read a tensor computed from the batch, which
    // another batch cannot be checked by.
    struct Bound
    {
        torch::Tensor ModelInputs::*field;
        InputCheck check;
    };
    std::optional<std::vector<Bound>> boundTo(const ModelInputs &captured) const;

private:
    friend void checkInput(const torch::Tensor &values, InputCheck check);

    std::vector<std::pair<torch::Tensor, InputCheck>> m_checks;
    RecordedInputChecks *m_outer;
};

// Runs bound checks on another batch of the same shapes.
void runInputChecks(const std::vector<RecordedInputChecks::Bound> &checks, const ModelInputs &batch);

} // namespace prunescope
