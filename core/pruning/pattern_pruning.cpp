#include "core/pruning/pattern_pruning.h"

#include "core/support/error.h"
#include "core/pruning/masks.h"
#include "core/support/options.h"

#include <torch/torch.h>

#include <cmath>

namespace prunescope {

PatternPruning::PatternPruning(TransformerModel &model, const PatternOptions &options)
    : m_model(model)
    , m_options(options)
    , m_rho(options.rho)
{
    oneOf("pattern", options.variant, choices::pattern);
    if (options.n <= 0 || options.n >= options.m)
        throw Error("the pattern keeps n of every m weights with 0 < n < m, got " + std::to_string(options.n) + ":" +
                    std::to_string(options.m));
    if (options.variant == "admm" && (options.rho <= 0 || options.rhoGrowth < 1 || options.rounds < 1 ||
                                      options.retrainFraction < 0 || options.retrainFraction >= 1))
        throw Error("admm needs rho > 0, a growth of at least 1, one round or more and a retraining share in [0, 1)");
    for (const auto &tower : model.structure().towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices) {
                if (matrix.inFeatures % options.m != 0)
                    throw Error("'" + matrix.weight + "' has " + std::to_string(matrix.inFeatures) +
                                " inputs, not a multiple of m = " + std::to_string(options.m));
                m_matrices[matrix.weight] = &matrix;
            }
}

torch::Tensor PatternPruning::project(const std::string &name, const torch::Tensor &w) const
{
    return keepNofM(w.detach().abs(), *m_matrices.at(name), m_options.n, m_options.m).to(w.dtype());
}

void PatternPruning::updateZ(int64_t step)
{
    torch::NoGradGuard noGrad;
    auto params = m_model.named_parameters();
    double primal = 0, dual = 0, norm = 0;
    for (const auto &[name, matrix] : m_matrices) {
        const torch::Tensor w = params[name].detach();
        const torch::Tensor target = w + m_u[name];
        const torch::Tensor z = target * project(name, target);
        dual += (z - m_z[name]).pow(2).sum().item<double>();
        m_z[name] = z;
        m_u[name] += w - z;
        primal += (w - z).pow(2).sum().item<double>();
        norm += w.pow(2).sum().item<double>();
    }
    norm = std::sqrt(std::max(norm, 1e-30));
    m_rounds.push_back({step, m_rho, std::sqrt(primal) / norm, m_rho * std::sqrt(dual) / norm});
    // U is the dual scaled by 1 / rho: it shrinks as rho grows, so that the dual stays put.
    const double grown = std::min(m_rho * m_options.rhoGrowth, m_options.rhoMax);
    for (auto &[name, u] : m_u)
        u.mul_(m_rho / grown);
    m_rho = grown;
}

void PatternPruning::beforeStep(int64_t step, int64_t total)
{
    auto params = m_model.named_parameters();
    if (m_options.variant == "sr-ste") {
        for (const auto &[name, matrix] : m_matrices) {
            const torch::Tensor &w = params[name];
            const torch::Tensor fixed = w.detach();
            m_masks[name] = project(name, fixed);
            // Value M, and a gradient of 1 wherever W is not exactly zero: W (.) mask is
            // W (.) M forwards and passes the dense gradient backwards.
            const torch::Tensor safe = torch::where(fixed == 0, torch::ones_like(fixed), fixed);
            m_model.setWeightMask(name, m_masks[name] + (1 - m_masks[name]) * (w - fixed) / safe);
        }
        return;
    }
    const int64_t admmSteps = total - std::llround(m_options.retrainFraction * double(total));
    const int64_t roundSteps = std::max<int64_t>(1, admmSteps / m_options.rounds);
    if (step == 0) {
        torch::NoGradGuard noGrad;
        for (const auto &[name, matrix] : m_matrices) {
            const torch::Tensor w = params[name].detach();
            m_z[name] = w * project(name, w);
            m_u[name] = torch::zeros_like(w);
        }
    } else if (step < admmSteps && step % roundSteps == 0) {
        updateZ(step);
    }
    if (step >= admmSteps && !m_projected) {
        torch::NoGradGuard noGrad;
        for (const auto &[name, matrix] : m_matrices) {
            m_masks[name] = project(name, params[name]);
            m_model.setWeightMask(name, m_masks[name]);
        }
        m_projected = true;
    }
}

torch::Tensor PatternPruning::penalty(int64_t, int64_t)
{
    const bool decay = m_options.variant == "sr-ste";
    if (!decay && m_projected) // admm retrains under the mask with the task loss alone
        return {};
    auto params = m_model.named_parameters();
    torch::Tensor sum;
    for (const auto &[name, matrix] : m_matrices) {
        const torch::Tensor term = decay ? (m_options.decay / 2) * ((1 - m_masks.at(name)) * params[name]).pow(2).sum()
                                         : (m_rho / 2) * (params[name] - m_z.at(name) + m_u.at(name)).pow(2).sum();
        sum = sum.defined() ? sum + term : term;
    }
    return sum;
}

std::map<std::string, double> PatternPruning::values() const
{
    std::map<std::string, double> v{{"sparsity", m_masks.empty() ? 0.0 : 1.0 - double(m_options.n) / double(m_options.m)}};
    if (m_options.variant == "admm") {
        v["rho"] = m_rho;
        if (!m_rounds.empty()) {
            v["primal_residual"] = m_rounds.back().primal;
            v["dual_residual"] = m_rounds.back().dual;
        }
    }
    return v;
}

bool PatternPruning::checkpointable(int64_t, int64_t) const
{
    return m_options.variant == "sr-ste" || m_projected;
}

ScoreMap PatternPruning::mask() const
{
    ScoreMap mask;
    for (const auto &[name, matrix] : m_matrices) {
        const auto found = m_masks.find(name);
        mask.tensors[name] = (found != m_masks.end() ? found->second : m_z.at(name).ne(0).to(torch::kFloat))
                                 .detach()
                                 .to(torch::kCPU, torch::kFloat);
    }
    mask.provenance = {{"method", m_options.variant}, {"pattern", std::to_string(m_options.n) + ":" +
                                                                      std::to_string(m_options.m)}};
    return mask;
}

void PatternPruning::save(const std::filesystem::path &folder) const
{
    saveScoreMap(folder / "pattern-mask.safetensors", mask());
}

} // namespace prunescope
