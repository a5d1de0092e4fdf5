// Llama (Touvron et al. 2023; Llama 2 and 3) as transformers' LlamaModel and
// LlamaForCausalLM compute it: a Llama-style decoder (core/models/llama_style.h) with
// optional biases on the attention (attention_bias) and the FFN (mlp_bias), rotary
// embeddings scaled as rope_type says (Llama 3.1's llama3 included) and an untied
// lm_head unless tie_word_embeddings.
#include "core/models/config_reader.h"
#include "core/models/model_family.h"

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
#include "core/models/llama_style.h"
#endif

namespace prunescope {

namespace {

// Llama-2-7b: what a missing key means.
const TowerConfig kLlama2 = {"decoder", false, 4096, 32, 32, 32, 0, 11008, "silu", 1e-6, 2048, 32000};

DecoderSettings readSettings(const ConfigReader &c)
{
    DecoderSettings s;
    const bool attentionBias = c.boolean("attention_bias", false);
    s.biases = {attentionBias, attentionBias, c.boolean("mlp_bias", false)};
    s.tiedEmbeddings = c.boolean("tie_word_embeddings", false);
    s.rotary = readRotary(c, 10000.0);
    c.integer("pretraining_tp", 1); // slices the same products differently: no change in the result
    return s;
}

} // namespace

const ModelFamily &llamaFamily()
{
    using Config = DecoderConfig<readSettings, kLlama2, 2>;
    static const ModelFamily family = [] {
        ModelFamily f = decoderFamily("llama", "Llama", "Llama");
        f.readConfig = Config::read;
        f.describe = Config::describe;
        f.build = PRUNESCOPE_FAMILY_MODULE(buildDecoder<readSettings>);
        return f;
    }();
    return family;
}

} // namespace prunescope
