#include "core/scoring/attribution.h"

#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/support/options.h"

#include <torch/torch.h>

#include <cmath>

namespace prunescope {

namespace {

// The per-example quantity a map explains, differentiable, [B].
torch::Tensor targetOf(TransformerModel &model, const ModelInputs &in, const ModelOutputs &out, std::string &name)
{
    const auto &config = model.config();
    switch (config.head) {
    case TaskHead::SequenceClassification: {
        if (config.problemType == "regression") {
            name = "regression output";
            return out.logits.squeeze(-1);
        }
        const auto classes = in.labels.defined() ? in.labels.to(out.logits.device()).view({-1}) : out.logits.argmax(-1);
        name = in.labels.defined() ? "logit of the label" : "logit of the predicted class";
        return out.logits.gather(1, classes.unsqueeze(1)).squeeze(1);
    }
    case TaskHead::CausalLm: {
        name = "log-probability of the next tokens";
        const auto logProbs = torch::log_softmax(out.logits.slice(1, 0, -1), -1);
        const auto next = in.inputIds.to(logProbs.device()).slice(1, 1).unsqueeze(-1);
        auto picked = logProbs.gather(-1, next).squeeze(-1);
        if (in.attentionMask.defined())
            picked = picked * in.attentionMask.to(picked.device()).slice(1, 1).to(picked.scalar_type());
        return picked.sum(1);
    }
    case TaskHead::Contrastive:
        name = "similarity of each image to its own text";
        return out.logitsPerImage.diagonal().contiguous();
    default:
        throw Error(config.architecture + " has no task output to attribute");
    }
}

// Patch maps: the vision tower's tokens without the class token, on the patch grid.
torch::Tensor toPatchGrid(const torch::Tensor &perToken, const ModelConfig &config)
{
    const int64_t side = config.imageSize / config.patchSize;
    return perToken.slice(1, 1).reshape({perToken.size(0), side, side});
}

} // namespace

Attribution attribute(TransformerModel &model, const ModelInputs &inputs, const AttributionOptions &options)
{
    const auto &config = model.config();
    if (options.tower < 0 || size_t(options.tower) >= config.towers.size())
        throw Error("the model has no tower " + std::to_string(options.tower));
    const bool vision = config.towers[size_t(options.tower)].images;
    if (config.head == TaskHead::Contrastive && (!inputs.inputIds.defined() || !inputs.pixelValues.defined()))
        throw Error("attributing " + config.family->title
                    + " needs both texts (input_ids) and images (pixel_values): its target pairs them");
    if (!vision && !inputs.inputIds.defined())
        throw Error("the data has no input_ids to attribute");
    Attribution result;

    if (options.method == "gradcam") {
        const int layers = int(config.towers[size_t(options.tower)].layers);
        const int layer = options.layer < 0 ? layers - 1 : options.layer;
        if (layer >= layers)
            throw Error("layer " + std::to_string(layer) + " does not exist (the tower has " + std::to_string(layers) + ")");
        torch::Tensor activation;
        ForwardOptions forward;
        forward.hook = [&](const Site &site, const torch::Tensor &x) {
            if (site.kind == SiteKind::LayerOutput && site.tower == options.tower && site.layer == layer) {
                activation = x.detach().requires_grad_(true);
                return activation;
            }
            return x;
        };
        const auto out = model.forward(inputs, forward, false);
        const auto target = targetOf(model, inputs, out, result.targetName);
        // autograd::grad leaves the parameters' .grad untouched.
        const auto gradient = torch::autograd::grad({target.sum()}, {activation})[0];
        const auto map = (activation * gradient).sum(-1).detach();
        result.map = vision ? toPatchGrid(map, config) : map;
        result.target = target.detach();
        return result;
    }
    oneOf("attribution method", options.method, choices::attribution);
    if (options.samples <= 0)
        throw Error("smoothgrad needs at least one sample");

    torch::manual_seed(options.seed);
    torch::Tensor gradientSum, clean;
    for (int64_t k = 0; k < options.samples; ++k) {
        ModelInputs in = inputs;
        torch::Tensor noisy;
        const auto perturb = [&](const torch::Tensor &x) {
            clean = x.detach();
            noisy = (clean + options.sigma * clean.std().item<double>() * torch::randn_like(clean)).requires_grad_(true);
            return noisy;
        };
        ForwardOptions forward;
        if (vision)
            in.pixelValues = perturb(inputs.pixelValues.to(model.device(), torch::kFloat));
        else
            forward.hook = [&](const Site &site, const torch::Tensor &x) {
                return site.kind == SiteKind::InputEmbeddings ? perturb(x) : x;
            };
        const auto out = model.forward(in, forward, false);
        const auto target = targetOf(model, in, out, result.targetName);
        result.target = target.detach();
        const auto gradient = torch::autograd::grad({target.sum()}, {noisy})[0];
        gradientSum = gradientSum.defined() ? gradientSum + gradient : gradient;
    }
    // Gradient x input, with the gradient averaged over the noisy copies.
    const auto product = gradientSum / double(options.samples) * clean;
    if (vision) {
        const auto perPixel = product.sum(1); // [B, H, W]
        const int64_t p = config.patchSize, side = config.imageSize / p;
        result.map = perPixel.reshape({perPixel.size(0), side, p, side, p}).sum(std::vector<int64_t>{2, 4}).detach();
    } else {
        result.map = product.sum(-1).detach();
    }
    return result;
}

} // namespace prunescope
