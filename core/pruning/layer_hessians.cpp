#include "core/pruning/layer_hessians.h"

#include "core/support/error.h"

#include <torch/torch.h>

#include <algorithm>

namespace prunescope {

namespace {

// Thrown by the hook once the layer has its output: nothing after it is needed.
struct LayerReached
{
};

} // namespace

void LayerHessians::startBatch(const torch::Tensor &realRows, int64_t rowsInBatch)
{
    m_realRows = realRows;
    m_rowsInBatch = rowsInBatch;
}

void LayerHessians::endBatch()
{
    for (auto &sum : m_sums)
        sum.input = torch::Tensor();
}

void LayerHessians::add(const PrunableMatrix &matrix, const torch::Tensor &input)
{
    if (!m_sumOf.count(matrix.weight)) { // the first batch decides who shares with whom
        for (size_t s = 0; s < m_sums.size(); ++s)
            if (m_sums[s].input.defined() && m_sums[s].input.is_same(input)) {
                m_sumOf[matrix.weight] = s;
                return;
            }
        m_sumOf[matrix.weight] = m_sums.size();
        m_sums.emplace_back();
    }
    Sum &sum = m_sums[m_sumOf.at(matrix.weight)];
    if (sum.input.defined() && sum.input.is_same(input))
        return; // this batch's input is in already, through a matrix that shares it
    sum.input = input;
    auto rows = input.reshape({-1, input.size(-1)});
    if (m_realRows.defined()) {
        if (rows.size(0) != m_rowsInBatch)
            throw Error("the input of '" + matrix.weight + "' has " + std::to_string(rows.size(0)) + " rows for a batch of "
                        + std::to_string(m_rowsInBatch) + " tokens");
        rows = rows.index_select(0, m_realRows);
    }
    rows = rows.to(torch::kFloat);
    if (!sum.xx.defined())
        sum.xx = torch::zeros({rows.size(1), rows.size(1)}, rows.options());
    sum.xx.addmm_(rows.t(), rows);
    sum.tokens += rows.size(0);
}

torch::Tensor LayerHessians::hessian(const std::string &weight) const
{
    const auto known = m_sumOf.find(weight);
    if (known == m_sumOf.end())
        throw Error("the calibration data never reached '" + weight + "' (a model with two towers needs data for both)");
    const Sum &sum = m_sums[known->second];
    if (sum.tokens == 0)
        throw Error("the calibration data holds no real token for '" + weight + "'");
    return sum.xx * (2.0 / double(sum.tokens));
}

int64_t LayerHessians::tokens() const
{
    int64_t most = 0;
    for (const auto &sum : m_sums)
        most = std::max(most, sum.tokens);
    return most;
}

LayerHessians layerHessians(TransformerModel &model, const std::vector<ModelInputs> &batches, int tower, int layer,
                            LayerInputs *inputs)
{
    torch::NoGradGuard noGrad;
    LayerHessians hessians;
    if (inputs && (tower != 0 || !model.resumesAtLayer()))
        inputs = nullptr;
    const bool resume = inputs && layer > 0 && inputs->layer == layer - 1 && inputs->hidden.size() == batches.size();
    std::vector<torch::Tensor> saved; // this layer's input, batch by batch
    ForwardOptions options;
    options.fromLayer = resume ? layer - 1 : -1;
    options.hook = [&](const Site &site, const torch::Tensor &t) {
        if (inputs && site.tower == tower && site.layer == layer - 1 && site.kind == SiteKind::LayerOutput)
            saved.push_back(t);
        if (site.tower == tower && site.layer == layer) {
            if (site.kind == SiteKind::LinearInput && site.matrix)
                hessians.add(*site.matrix, t);
            else if (site.kind == SiteKind::LayerOutput)
                throw LayerReached();
        }
        return t;
    };
    const bool text = !model.config().towers.at(size_t(tower)).images;
    for (size_t b = 0; b < batches.size(); ++b) {
        ModelInputs in = batches[b];
        in.labels = torch::Tensor(); // no loss: the pass stops early anyway
        torch::Tensor realRows;
        const bool padded = text && in.attentionMask.defined() && in.attentionMask.eq(0).any().item<bool>();
        if (padded)
            realRows = toDevice(in.attentionMask.reshape({-1}).ne(0).nonzero().squeeze(1), model.device());
        hessians.startBatch(realRows, padded ? in.attentionMask.numel() : 0);
        if (resume)
            options.fromHidden = inputs->hidden[b];
        try {
            model.forward(in, options);
        } catch (const LayerReached &) {
        }
        hessians.endBatch();
    }
    if (inputs && saved.size() == batches.size()) {
        inputs->layer = layer;
        inputs->hidden = std::move(saved);
    }
    return hessians;
}

} // namespace prunescope
