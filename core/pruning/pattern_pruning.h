// N:M pattern pruning while fine-tuning (METHODS.md section 2, admm), as an extension of
// the shared training loop (training.h):
//   admm    minimise f(W) + sum_l (rho/2) ||W_l - Z_l + U_l||^2 over the first steps: the
//           W-step is training with that proximal term, and every round of steps
//           Z <- proj(W + U) (the n largest magnitudes of every m consecutive weights along
//           the input), U <- U + W - Z, rho <- min(rho * growth, rho_max), with the primal
//           residual ||W - Z|| / ||W|| and the dual residual rho ||Z - Z_prev|| / ||W||
//           recorded; then W is hard-projected, the mask frozen, and the rest of the steps
//           retrain under it.
//   sr-ste  every step the forward pass uses W (.) M with M = proj(|W|), the backward pass
//           updates the dense W straight through, plus the decay lambda_W (1 - M) (.) W
//           (the penalty lambda_W / 2 ||(1 - M) (.) W||^2). A weight that is exactly zero
//           gets no straight-through gradient.
// Every prunable matrix takes part; a checkpoint is kept only once the pattern is final
// (admm: after the projection), and holds the mask as pattern-mask.safetensors.
#pragma once

#include "core/scoring/score_map.h"
#include "core/pruning/training.h"
#include "core/pruning/training_methods.h" // parsePattern

#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct PatternOptions
{
    std::string variant = "admm"; // admm | sr-ste
    int64_t n = 4, m = 8;
    double rho = 1e-3;       // admm: rho at the start
    double rhoGrowth = 1.5;  // admm: rho's factor per round
    double rhoMax = 1e-1;    // admm: rho's ceiling
    int64_t rounds = 10;     // admm: Z- and U-steps before the projection
    double retrainFraction = 0.3; // admm: the share of the steps left to retrain under the mask
    double decay = 2e-4;     // sr-ste: lambda_W
};


class PatternPruning : public TrainingExtension
{
public:
    // Checks the options and that every prunable matrix's input width is a multiple of m.
    PatternPruning(TransformerModel &model, const PatternOptions &options);
    void beforeStep(int64_t step, int64_t total) override;
    torch::Tensor penalty(int64_t step, int64_t total) override;
    std::map<std::string, double> values() const override;
    bool checkpointable(int64_t step, int64_t total) const override;
    void save(const std::filesystem::path &folder) const override;

    struct Round
    {
        int64_t step = 0;
        double rho = 0, primal = 0, dual = 0;
    };
    const std::vector<Round> &rounds() const { return m_rounds; }
    // The current pattern (sr-ste, or admm once projected; admm before that: Z's pattern).
    ScoreMap mask() const;

private:
    void updateZ(int64_t step);
    torch::Tensor project(const std::string &name, const torch::Tensor &w) const;

    TransformerModel &m_model;
    PatternOptions m_options;
    std::map<std::string, const PrunableMatrix *> m_matrices;
    std::map<std::string, torch::Tensor> m_z, m_u, m_masks;
    std::vector<Round> m_rounds;
    double m_rho = 0;
    bool m_projected = false;
};

} // namespace prunescope
