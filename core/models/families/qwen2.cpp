// Qwen2 (Yang et al. 2024) as transformers' Qwen2Model and Qwen2ForCausalLM compute it: a
// Llama-style decoder (core/models/llama_style.h) with biases on q, k and v (none on
// o_proj or the FFN) and, when use_sliding_window is set, a sliding window on the layers
// that layer_types names (older configs: the layers from max_window_layers on).
#include "core/models/config_reader.h"
#include "core/models/model_family.h"
#include "core/support/error.h"

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
#include "core/models/llama_style.h"
#endif

namespace prunescope {

namespace {

// Qwen2-7B: what a missing key means.
const TowerConfig kQwen2 = {"decoder", false, 4096, 28, 28, 4, 0, 18944, "silu", 1e-6, 32768, 152064};

// Each layer's window: sliding_window on the layers that use it, 0 (all keys) on the others.
std::vector<int64_t> readWindows(const ConfigReader &c, int64_t layers)
{
    std::vector<int64_t> windows(size_t(layers), 0);
    const bool sliding = c.boolean("use_sliding_window", false);
    const int64_t window = sliding && c.find("sliding_window") ? c.positive("sliding_window", 4096) : 0;
    const auto *types = c.find("layer_types");
    if (types && (!types->is_array() || int64_t(types->size()) != layers))
        throw Error(c.where() + "layer_types' must list one type for each of the " + std::to_string(layers) + " layers");
    const int64_t firstSliding = c.integer("max_window_layers", layers);
    for (int64_t i = 0; i < layers; ++i) {
        const std::string type = types ? (*types)[size_t(i)].is_string() ? (*types)[size_t(i)].get<std::string>() : ""
                                       : window > 0 && i >= firstSliding ? "sliding_attention"
                                                                          : "full_attention";
        if (type != "full_attention" && type != "sliding_attention")
            throw Error(c.where() + "layer_types' entry " + std::to_string(i) + " must be full_attention or sliding_attention");
        windows[size_t(i)] = type == "sliding_attention" ? window : 0;
    }
    return windows;
}

DecoderSettings readSettings(const ConfigReader &c)
{
    DecoderSettings s;
    s.biases = {true, false, false};
    s.tiedEmbeddings = c.boolean("tie_word_embeddings", false);
    s.rotary = readRotary(c, 10000.0);
    s.windows = readWindows(c, c.positive("num_hidden_layers", kQwen2.layers));
    return s;
}

} // namespace

const ModelFamily &qwen2Family()
{
    using Config = DecoderConfig<readSettings, kQwen2, 151643>;
    static const ModelFamily family = [] {
        ModelFamily f = decoderFamily("qwen2", "Qwen2", "Qwen2");
        f.readConfig = Config::read;
        f.describe = Config::describe;
        f.build = PRUNESCOPE_FAMILY_MODULE(buildDecoder<readSettings>);
        return f;
    }();
    return family;
}

} // namespace prunescope
