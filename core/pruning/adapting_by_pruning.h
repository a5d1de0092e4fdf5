// Adapting by Pruning (Gao et al. 2021, METHODS.md section 2, abp) as an extension of the
// shared training loop (training.h). The pre-trained weights stay frozen; what learns is a
// real-valued theta per prunable weight and the task head:
//   forward   W' = W (.) sigmoid(t_l theta)       with t_l = 1e5, a hard 0/1 mask in effect
//   backward  dL/dtheta = dL/dM (.) t_s sigmoid'(t_s theta)   with t_s = 1
//   update    theta <- theta - step(dL/dtheta) - lambda   (the push towards pruning)
// theta starts at N(0.01, 0.001), so nothing is pruned at first. The run stops once the
// share of theta < 0 reaches the target sparsity; the final mask keeps exactly the
// round((1 - s) N) largest theta (1[theta > 0] up to the last step's overshoot). A run whose
// steps end first keeps 1[theta > 0], short of the target, and says so.
// A pruned weight (theta < 0) may come back when its theta rises again ("recovery");
// with recovery off, a theta that went below zero never rises again.
// Decision: theta trains by AdamW at its own learning rate (Adam's step in place of
// eta * gradient: on a short budget a plain step is lost under the spread of theta0); the
// push lambda left automatic is theta0's mean / (0.6 * steps), which reaches zero after 60 %
// of the budget, so a short run reaches its target.
#pragma once

#include "core/pruning/iterative_pruning.h"
#include "core/scoring/score_map.h"
#include "core/pruning/training.h"

#include <limits>
#include <map>
#include <string>

namespace prunescope {

struct AbpOptions
{
    double sparsity = 0.5;        // of the prunable weights
    double push = std::numeric_limits<double>::quiet_NaN(); // lambda per step; NaN: automatic (see above)
    double maskLearningRate = 1e-3;
    double initMean = 0.01, initStd = 0.001;
    double forwardTemperature = 1e5; // t_l
    double backwardTemperature = 1;  // t_s
    bool recovery = true;
    uint64_t seed = 0;
};

class AdaptingByPruning : public TrainingExtension
{
public:
    // Checks the options (naming the one at fault).
    AdaptingByPruning(TransformerModel &model, const AbpOptions &options);

    std::vector<torch::Tensor> parameters() override;
    double learningRate() const override { return m_options.maskLearningRate; }
    bool trainsParameter(const std::string &name) const override;
    void beforeStep(int64_t step, int64_t total) override;
    bool finished(int64_t step, int64_t total) override;
    std::map<std::string, double> values() const override;
    bool checkpointable(int64_t step, int64_t total) const override { return m_final; }
    void save(const std::filesystem::path &folder) const override;

    // theta, and the mask (1[theta > 0] until the run ends, then the exact final mask).
    ScoreMap scores() const;
    ScoreMap mask() const;
    // Weights pruned at some step (theta < 0) that came back (theta > 0) and are kept.
    int64_t recovered() const;
    // Whether the push reached the target before the steps ran out.
    bool reachedByPush() const { return m_reachedByPush; }

private:
    void holdPruned();
    void updateCounts();

    TransformerModel &m_model;
    AbpOptions m_options;
    std::map<std::string, torch::Tensor> m_theta, m_everPruned, m_finalMasks, m_held;
    double m_push = 0, m_sparsity = 0;
    bool m_final = false, m_reachedByPush = false;
};

// A whole run into `out`: the mask, theta and prunescope-pruning.json with the compute
// spent, the connections that recovered and whether the push reached the target in time.
IterativeResult runAbp(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const std::filesystem::path &source, const std::filesystem::path &out, const TrainOptions &options,
                       const AbpOptions &abp, const TrainProgress &progress = {});

} // namespace prunescope
