// Pieces shared by the scorer files; not part of the core's interface.
#pragma once

#include "core/scoring/scorers.h"

#include <map>
#include <set>

namespace prunescope::detail {

std::vector<const PrunableMatrix *> prunableMatrices(const ModelStructure &structure);

// Real-token weights for means over positions: [B, T] of 0/1 for the text tower when
// the batch has an attention mask and padding is excluded; undefined otherwise.
torch::Tensor positionWeights(const ModelInputs &in, int tower, bool includePadding);

// The model's forward pass in `precision` (AutocastScope, device.h; float32: as it is);
// backward, run by the caller afterwards, follows the forward's types.
ModelOutputs forwardAt(const Precision &precision, TransformerModel &model, const ModelInputs &inputs,
                       const ForwardOptions &options, bool wantLoss);

// How many of `asked` noisy copies of a batch one pass holds: as many as fit in nine tenths
// of `room` bytes at `perCopy` bytes each, at least one, and a divisor of `samples` so that
// every pass holds as many.
int64_t copiesForMemory(int64_t room, int64_t perCopy, int64_t samples, int64_t asked);

using Scores = std::map<std::string, torch::Tensor>;
// Sums over this process's batches made sums over every batch of the group (none: as they are).
void sumAcross(const WorkGroup *group, Scores &sums);
// Cam-cut with shift c, averaging over padding tokens too when `includePadding`.
// With a group, `batches` are this process's share and the sums are added across the group.
Scores camCutScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const Precision &precision,
                    double shift, bool includePadding, const std::set<Granularity> &wanted, const Progress &progress,
                    const WorkGroup *group = nullptr);
// Wanda; `metricSeconds`, when given, gets the time of the metric itself, |W| * ||X||
// over every matrix on the model's device once the calibration passes are done (as the
// Wanda paper times it), without the copies to the host.
Scores wandaScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const Precision &precision,
                   const Progress &progress, const WorkGroup *group = nullptr, double *metricSeconds = nullptr);

} // namespace prunescope::detail
