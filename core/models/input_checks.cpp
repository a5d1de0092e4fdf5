#include "core/models/input_checks.h"

#include <algorithm>

namespace prunescope {

namespace {

thread_local RecordedInputChecks *recording = nullptr; // the innermost on this thread

} // namespace

void checkInput(const torch::Tensor &values, InputCheck check)
{
    if (recording)
        recording->m_checks.emplace_back(values, std::move(check));
    else
        check(values);
}

RecordedInputChecks::RecordedInputChecks()
    : m_outer(recording)
{
    recording = this;
}

RecordedInputChecks::~RecordedInputChecks()
{
    recording = m_outer;
}

std::optional<std::vector<RecordedInputChecks::Bound>> RecordedInputChecks::boundTo(const ModelInputs &captured) const
{
    std::vector<Bound> bound;
    for (const auto &[values, check] : m_checks) {
        const auto field = std::find_if(std::begin(modelInputFields), std::end(modelInputFields), [&](auto f) {
            const torch::Tensor &t = captured.*f;
            return t.defined() && values.defined() && values.is_same(t);
        });
        if (field == std::end(modelInputFields))
            return std::nullopt;
        bound.push_back({*field, check});
    }
    return bound;
}

void runInputChecks(const std::vector<RecordedInputChecks::Bound> &checks, const ModelInputs &batch)
{
    for (const auto &[field, check] : checks)
        check(batch.*field);
}

} // namespace prunescope
