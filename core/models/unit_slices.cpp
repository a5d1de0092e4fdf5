#include "core/models/unit_slices.h"

#include "core/support/error.h"

#include <torch/torch.h>

namespace prunescope {

torch::Tensor sumPerUnit(const PrunableMatrix &matrix, const UnitSlice &slice, const torch::Tensor &values,
                         const torch::Tensor &bias)
{
    const int64_t axis = matrix.storedAxis(slice);
    auto sums = values.narrow(axis, slice.offset, slice.count * slice.width).sum(1 - axis);
    if (slice.alongOutput && bias.defined())
        sums = sums + bias.narrow(0, slice.offset, slice.count * slice.width);
    return sums.view({slice.count, slice.width}).sum(1);
}

namespace {

// A factor per feature along one axis of `length`: `perUnit` over the slice, 1 elsewhere.
torch::Tensor featureFactor(const UnitSlice &slice, int64_t length, const torch::Tensor &perUnit,
                            const torch::TensorOptions &options)
{
    auto factor = torch::ones({length}, options);
    factor.narrow(0, slice.offset, slice.count * slice.width)
        .copy_(perUnit.to(options.device(), options.dtype()).repeat_interleave(slice.width));
    return factor;
}

} // namespace

torch::Tensor scalePerUnit(const PrunableMatrix &matrix, const UnitSlice &slice, const torch::Tensor &values,
                           const torch::Tensor &perUnit)
{
    const int64_t axis = matrix.storedAxis(slice);
    const auto factor = featureFactor(slice, values.size(axis), perUnit, values.options());
    return values * (axis == 0 ? factor.unsqueeze(1) : factor.unsqueeze(0));
}

torch::Tensor scaleBiasPerUnit(const UnitSlice &slice, const torch::Tensor &bias, const torch::Tensor &perUnit)
{
    if (!slice.alongOutput)
        return bias;
    return bias * featureFactor(slice, bias.size(0), perUnit, bias.options());
}

torch::Tensor featuresOf(const UnitSlice &slice, const torch::Tensor &units)
{
    const auto within = torch::arange(slice.width, units.options());
    return (units.unsqueeze(1) * slice.width + within.unsqueeze(0)).flatten() + slice.offset;
}

torch::Tensor unitKeep(const TowerStructure &tower, UnitKind kind, const torch::Tensor &heads,
                       const torch::Tensor &neurons)
{
    const auto all = [](int64_t n) { return torch::ones({n}); };
    switch (kind) {
    case UnitKind::Head: return heads.defined() ? heads.to(torch::kFloat) : all(tower.heads);
    case UnitKind::KvGroup:
        return heads.defined() ? std::get<0>(heads.to(torch::kFloat).view({tower.kvHeads, -1}).max(1))
                               : all(tower.kvHeads);
    case UnitKind::Neuron: return neurons.defined() ? neurons.to(torch::kFloat) : all(tower.ffn);
    }
    throw Error("internal: unknown unit kind");
}

torch::Tensor toHeads(const TowerStructure &tower, const UnitSlice &slice, const torch::Tensor &perUnit)
{
    if (slice.unit == UnitKind::Head)
        return perUnit;
    if (slice.unit == UnitKind::KvGroup)
        return perUnit.repeat_interleave(tower.heads / tower.kvHeads);
    throw Error("internal: a neuron slice has no heads");
}

} // namespace prunescope
