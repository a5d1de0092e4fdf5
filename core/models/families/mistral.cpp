// Mistral (Jiang et al. 2023) as transformers' MistralModel and MistralForCausalLM compute
// it: a Llama-style decoder (core/models/llama_style.h) without biases whose every layer
// attends within sliding_window positions (null: all of them).
#include "core/models/config_reader.h"
#include "core/models/model_family.h"

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
#include "core/models/llama_style.h"
#endif

namespace prunescope {

namespace {

// Mistral-7B-v0.1: what a missing key means.
const TowerConfig kMistral = {"decoder", false, 4096, 32, 32, 8, 0, 14336, "silu", 1e-6, 32768, 32000};

DecoderSettings readSettings(const ConfigReader &c)
{
    DecoderSettings s;
    s.tiedEmbeddings = c.boolean("tie_word_embeddings", false);
    s.rotary = readRotary(c, 10000.0);
    const int64_t window = c.find("sliding_window") ? c.positive("sliding_window", 4096) : 0;
    s.windows.assign(size_t(c.positive("num_hidden_layers", kMistral.layers)), window);
    return s;
}

} // namespace

const ModelFamily &mistralFamily()
{
    using Config = DecoderConfig<readSettings, kMistral, 2>;
    static const ModelFamily family = [] {
        ModelFamily f = decoderFamily("mistral", "Mistral", "Mistral");
        f.readConfig = Config::read;
        f.describe = Config::describe;
        f.build = PRUNESCOPE_FAMILY_MODULE(buildDecoder<readSettings>);
        return f;
    }();
    return family;
}

} // namespace prunescope
