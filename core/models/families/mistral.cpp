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

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    config.towers = {readDecoderTower(c, kMistral)};
    readSettings(c);
    config.padTokenId = firstTokenId(c, "pad_token_id", firstTokenId(c, "eos_token_id", 2));
    config.eosTokenId = firstTokenId(c, "eos_token_id", 2);
}

ModelStructure describe(const ModelConfig &config)
{
    return describeDecoder(config, rereadConfig(config, readSettings).biases);
}

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
std::shared_ptr<TransformerModel> build(const ModelConfig &config, bool)
{
    return std::make_shared<LlamaStyleModel>(config, rereadConfig(config, readSettings));
}
#endif

} // namespace

const ModelFamily &mistralFamily()
{
    static const ModelFamily family = [] {
        ModelFamily f;
        f.modelType = "mistral";
        f.title = "Mistral";
        f.architectures = {{"MistralForCausalLM", TaskHead::CausalLm, "model."}, {"MistralModel", TaskHead::None, ""}};
        f.readConfig = readConfig;
        f.describe = describe;
        f.setFfnWidth = setIntermediateSize;
        f.setHeadCounts = setDecoderHeadCounts;
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        return f;
    }();
    return family;
}

} // namespace prunescope
