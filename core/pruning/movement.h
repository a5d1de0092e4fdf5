// Movement pruning (Sanh et al. 2020) and GUM (Santacroce et al. 2023), METHODS.md
// section 2, as extensions of the shared training loop (training.h); and the movement map
// of plain fine-tuning.
//   hard  M = TopK(S, v_t), per matrix (weights) or per layer (FFN neurons)
//   soft  M = 1[sigmoid(S) > tau] with the penalty lambda_t * mean sigmoid(S)
//   gum   FFN neurons, M = TopK(S, v_t) over all layers at once (one global threshold),
//         penalty lambda_t * mean_i sigmoid(S_i) (1 + lambda_u u_i), where
//         u_i = sum_{j != i} |cos_ij| / (N v_t) from running Gram matrices of the layer's
//         activations, C <- (1 - beta) C + beta h^T h
// S starts at 0 (soft: at 1, every unit kept) and learns through the straight-through
// estimator: the forward pass uses M, the backward pass gives dL/dS = dL/dM, that is
// (dL/dW') (.) W for weights and the gate's gradient for neurons. The keep ratio v_t is
// v_i for the first t1 steps, then v_f + (v_i - v_f)(1 - (t - t1) / (T - t1 - t2))^3, then
// v_f for the last t2 steps; lambda_t = lambda_f v_t / v_f. A checkpoint is kept only once
// v_t has reached v_f; it holds movement-mask.safetensors (M) and movement-scores.safetensors (S).
#pragma once

#include "core/scoring/score_map.h"
#include "core/pruning/training.h"

#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct MovementOptions
{
    std::string variant = "hard";       // hard | soft | gum
    std::string granularity = "weight"; // weight | neuron (gum: neuron)
    double initialKeep = 1.0;           // v_i
    double finalKeep = 0.1;             // v_f
    double warmupFraction = 0.1;        // t1, a share of the steps
    double coolFraction = 0.1;          // t2
    double scoreLearningRate = 1e-2;
    double penalty = 1.0;      // lambda_f (soft, gum)
    double threshold = 0.5;    // tau on sigmoid(S) (soft)
    double uniqueness = 1.0;   // lambda_u (gum)
    double gramMomentum = 0.999; // beta (gum), as in the authors' code
};

// Checks the options (naming the one at fault) and returns them with gum's granularity set.
MovementOptions checkedMovementOptions(MovementOptions options);

// The keep ratio v_t after `step` of `total` steps.
double cubicKeep(int64_t step, int64_t total, const MovementOptions &options);

class MovementPruning : public TrainingExtension
{
public:
    MovementPruning(TransformerModel &model, const MovementOptions &options);

    std::vector<torch::Tensor> parameters() override;
    double learningRate() const override { return m_options.scoreLearningRate; }
    void beforeStep(int64_t step, int64_t total) override;
    ForwardOptions forwardOptions() override;
    torch::Tensor penalty(int64_t step, int64_t total) override;
    std::map<std::string, double> values() const override;
    bool checkpointable(int64_t step, int64_t total) const override;
    void save(const std::filesystem::path &folder) const override;

    // S and the mask now, under the score-map names (weight names, "neurons", "<tower>.neurons").
    ScoreMap scores() const;
    ScoreMap mask() const;
    // GUM: u_i of every neuron, [layers, ffn] per tower, from the Gram matrices so far.
    std::vector<torch::Tensor> uniqueness() const;

private:
    torch::Tensor hardMask(const std::string &name, double keep) const;

    TransformerModel &m_model;
    MovementOptions m_options;
    std::map<std::string, torch::Tensor> m_scores; // score-map name -> S
    std::map<std::string, torch::Tensor> m_masks;  // score-map name -> M (0/1, detached)
    std::vector<std::vector<torch::Tensor>> m_gram; // GUM: [tower][layer] running h^T h
    double m_keep = 1.0;
    double m_lastPenalty = 0;
};

// Training under a fixed mask: pruning first, then fine-tuning what is left (the retraining
// that one-shot pruning, IMP and ADMM's last phase need). The mask goes through the
// model's gates and weight masks, so pruned units and weights get no gradient; every
// checkpoint holds it as mask.safetensors, to be evaluated or exported with.
class FixedMask : public TrainingExtension
{
public:
    // Checks the mask against the model (naming `fileName`) and applies it.
    FixedMask(TransformerModel &model, ScoreMap mask, const std::string &fileName);
    std::map<std::string, double> values() const override { return {{"sparsity", m_sparsity}}; }
    void save(const std::filesystem::path &folder) const override;

private:
    ScoreMap m_mask;
    double m_sparsity = 0;
};

// The movement map -sum_t G (.) W of every prunable weight, accumulated over plain
// fine-tuning; written into each checkpoint as movement-map.safetensors.
class MovementMap : public TrainingExtension
{
public:
    explicit MovementMap(TransformerModel &model);
    void afterBackward() override;
    void save(const std::filesystem::path &folder) const override;
    ScoreMap map() const;

private:
    TransformerModel &m_model;
    std::map<std::string, torch::Tensor> m_sums;
    int64_t m_steps = 0;
};

} // namespace prunescope
