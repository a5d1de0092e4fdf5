#include "core/models/reference_run.h"

#include "core/support/error.h"
#include "core/models/loss.h"

#include <torch/torch.h>

#include <algorithm>

namespace prunescope {

const std::set<std::string> kInputNames = {"input_ids", "attention_mask", "token_type_ids", "pixel_values", "labels"};

ModelInputs readModelInputs(const SafetensorsFile &file)
{
    ModelInputs in;
    const auto read = [&](const char *name, torch::Tensor &into) {
        if (file.contains(name))
            into = file.tensor(name).clone();
    };
    read("input_ids", in.inputIds);
    read("attention_mask", in.attentionMask);
    read("token_type_ids", in.tokenTypeIds);
    read("pixel_values", in.pixelValues);
    read("labels", in.labels);
    for (auto *ids : {&in.inputIds, &in.attentionMask, &in.tokenTypeIds})
        if (ids->defined())
            *ids = ids->to(torch::kLong);
    if (in.pixelValues.defined())
        in.pixelValues = in.pixelValues.to(torch::kFloat);
    const std::string where = file.path().string() + ": ";
    if (!in.inputIds.defined() && !in.pixelValues.defined())
        throw Error(where + "no 'input_ids' or 'pixel_values' tensor");
    if (in.inputIds.defined()) {
        if (in.inputIds.dim() != 2 || in.inputIds.size(1) == 0)
            throw Error(where + "'input_ids' must be [examples, tokens] with at least one token, got "
                        + c10::str(in.inputIds.sizes()));
        for (const auto &[name, t] : {std::pair<const char *, torch::Tensor>{"attention_mask", in.attentionMask},
                                      {"token_type_ids", in.tokenTypeIds}})
            if (t.defined() && t.sizes() != in.inputIds.sizes())
                throw Error(where + "'" + name + "' has shape " + c10::str(t.sizes()) + ", 'input_ids' has "
                            + c10::str(in.inputIds.sizes()));
    }
    const int64_t examples = in.inputIds.defined() ? in.inputIds.size(0) : in.pixelValues.size(0);
    if (in.labels.defined() && (in.labels.dim() == 0 || in.labels.size(0) != examples))
        throw Error(where + "'labels' has shape " + c10::str(in.labels.sizes()) + " for " + std::to_string(examples)
                    + " examples");
    return in;
}

namespace {

void addTower(NamedTensors &out, const std::string &prefix, const TowerOutputs &tower)
{
    for (size_t i = 0; i < tower.hiddenStates.size(); ++i)
        out.emplace_back(prefix + "hidden_states." + std::to_string(i), tower.hiddenStates[i]);
    for (size_t i = 0; i < tower.attentions.size(); ++i)
        out.emplace_back(prefix + "attentions." + std::to_string(i), tower.attentions[i]);
}

// Reference comparisons run in true float32: TF32 (on by default for cuDNN
// convolutions, CLIP's patch embedding) is switched off for the scope and restored.
class ExactFloat32Scope
{
public:
    ExactFloat32Scope()
        : m_cublas(at::globalContext().allowTF32CuBLAS())
        , m_cudnn(at::globalContext().allowTF32CuDNN())
    {
        at::globalContext().setAllowTF32CuBLAS(false);
        at::globalContext().setAllowTF32CuDNN(false);
    }
    ~ExactFloat32Scope()
    {
        at::globalContext().setAllowTF32CuBLAS(m_cublas);
        at::globalContext().setAllowTF32CuDNN(m_cudnn);
    }

private:
    bool m_cublas, m_cudnn;
};

torch::Tensor toHost(const torch::Tensor &t)
{
    return t.detach().to(torch::kCPU, torch::kFloat).contiguous();
}

} // namespace

NamedTensors computeNamedOutputs(TransformerModel &model, const ModelInputs &inputs, bool gradients)
{
    const auto &config = model.config();
    // Image-text models pair image i with text i and need no labels; their towers' outputs
    // are named with the tower's name first, as transformers names them.
    const bool contrastive = config.head == TaskHead::Contrastive;
    const bool clip = config.towers.size() > 1;
    if (gradients && !contrastive && !inputs.labels.defined())
        throw Error("gradients need labels: the inputs have no 'labels' tensor");

    const ExactFloat32Scope exact;
    model.zero_grad();
    // However this ends, the flags go back and the gradients (copied out below) are dropped.
    std::set<std::string> everyParameter;
    for (const auto &p : model.named_parameters())
        everyParameter.insert(p.key());
    const TrainableScope scope(model, everyParameter, gradients);
    std::unique_ptr<torch::NoGradGuard> noGrad;
    if (!gradients)
        noGrad = std::make_unique<torch::NoGradGuard>();

    ForwardOptions options;
    options.hiddenStates = true;
    options.attentions = true;
    ModelInputs in = inputs;
    if (!gradients)
        in.labels = torch::Tensor();
    const ModelOutputs result = model.forward(in, options, gradients && contrastive);

    NamedTensors out;
    if (clip) {
        if (result.textEmbeds.defined())
            out.emplace_back("text_embeds", result.textEmbeds);
        if (result.imageEmbeds.defined())
            out.emplace_back("image_embeds", result.imageEmbeds);
        if (result.logitsPerImage.defined()) {
            out.emplace_back("logits_per_image", result.logitsPerImage);
            out.emplace_back("logits_per_text", result.logitsPerText);
        }
        addTower(out, "text_", result.towers[0]);
        addTower(out, "vision_", result.towers[1]);
    } else {
        out.emplace_back(result.logits.defined() ? "logits" : "last_hidden_state",
                         result.logits.defined() ? result.logits : result.lastHiddenState);
        addTower(out, "", result.towers[0]);
    }
    if (result.loss.defined())
        out.emplace_back("loss", result.loss.reshape({1}));

    if (gradients) {
        if (!result.loss.defined())
            throw Error("no loss to differentiate: CLIP needs both input_ids and pixel_values");
        result.loss.backward();
        for (const auto &item : model.named_parameters(true))
            if (item.value().grad().defined())
                out.emplace_back("grad." + item.key(), item.value().grad());
        for (size_t t = 0; t < config.towers.size(); ++t) {
            const std::string prefix = clip ? config.towers[t].name + "_" : "";
            if (model.headGates(t).grad().defined())
                out.emplace_back(prefix + "head_gate_grad", model.headGates(t).grad());
            if (model.neuronGates(t).grad().defined())
                out.emplace_back(prefix + "neuron_gate_grad", model.neuronGates(t).grad());
        }
    }
    for (auto &[name, tensor] : out)
        tensor = toHost(tensor).clone();
    return out;
}

Comparison compareWithReference(const NamedTensors &computed, const SafetensorsFile &reference,
                                double outputTolerance, double gradientTolerance)
{
    const auto isGradient = [](const std::string &name) {
        return name.rfind("grad.", 0) == 0 || name.find("gate_grad") != std::string::npos;
    };
    double largestGradient = 0;
    for (const auto &name : reference.names())
        if (isGradient(name))
            largestGradient = std::max(largestGradient, reference.tensor(name).to(torch::kDouble).norm().item<double>());
    const double noiseFloor = 1e-6 * largestGradient;

    Comparison result;
    result.maxRelativeError = 0;
    for (const auto &name : reference.names()) {
        if (kInputNames.count(name))
            continue;
        TensorComparison c;
        c.name = name;
        const bool gradient = isGradient(name);
        c.tolerance = gradient ? gradientTolerance : outputTolerance;
        const auto it = std::find_if(computed.begin(), computed.end(), [&](const auto &p) { return p.first == name; });
        if (it == computed.end()) {
            c.problem = "not computed";
        } else {
            const auto ref = reference.tensor(name).to(torch::kDouble);
            const auto ours = it->second.to(torch::kDouble);
            if (ref.sizes() != ours.sizes()) {
                c.problem = "shape " + c10::str(ours.sizes()) + " instead of " + c10::str(ref.sizes());
            } else {
                const double norm = ref.norm().item<double>();
                const double diff = (ours - ref).norm().item<double>();
                c.relativeError = norm > 0 ? diff / norm : diff;
                c.ok = std::isfinite(c.relativeError) && c.relativeError <= c.tolerance;
                if (gradient && norm < noiseFloor) {
                    c.zeroReference = true;
                    c.absoluteError = diff;
                    c.absoluteLimit = noiseFloor;
                    c.ok = diff <= noiseFloor;
                }
            }
        }
        if (!c.problem.empty())
            c.relativeError = std::numeric_limits<double>::infinity();
        if (!c.zeroReference && c.relativeError >= result.maxRelativeError) {
            result.maxRelativeError = c.relativeError;
            result.worst = name;
        }
        result.ok = result.ok && c.ok;
        result.tensors.push_back(c);
    }
    if (result.tensors.empty()) {
        result.ok = false;
        result.worst = "(the reference holds no outputs)";
    }
    return result;
}

} // namespace prunescope
