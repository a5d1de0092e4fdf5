// Reading config.json's keys with defaults, each error naming the file and the key path:
// what the families' readConfig functions are written with.
#pragma once

#include "core/models/model_config.h"
#include "core/models/model_structure.h"
#include "core/support/error.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <string>
#include <vector>

namespace prunescope {

// Reads keys of one JSON object with defaults; every error names the file and the key path.
class ConfigReader
{
public:
    using Json = nlohmann::json;

    ConfigReader(const Json &object, std::string where)
        : m_object(object), m_where(std::move(where))
    {}

    // Widths become tensor dimensions: bounded so that a product of two (and 4 x hidden,
    // patches squared) stays within int64_t.
    int64_t positive(const char *key, int64_t fallback, int64_t most = std::numeric_limits<int32_t>::max()) const
    {
        const int64_t v = integer(key, fallback);
        if (v <= 0 || v > most)
            throw Error(m_where + key + "' must be a positive integer up to " + std::to_string(most) + ", got "
                        + std::to_string(v));
        return v;
    }
    int64_t integer(const char *key, int64_t fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_number_integer())
            throw Error(m_where + key + "' must be an integer, got " + v->dump());
        return v->get<int64_t>();
    }
    double number(const char *key, double fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_number())
            throw Error(m_where + key + "' must be a number, got " + v->dump());
        return v->get<double>();
    }
    bool boolean(const char *key, bool fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_boolean())
            throw Error(m_where + key + "' must be true or false, got " + v->dump());
        return v->get<bool>();
    }
    std::string string(const char *key, const std::string &fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_string())
            throw Error(m_where + key + "' must be a string, got " + v->dump());
        return v->get<std::string>();
    }
    ConfigReader child(const char *key) const
    {
        static const Json empty = Json::object();
        const Json *v = find(key);
        if (v && !v->is_object())
            throw Error(m_where + key + "' must be an object");
        return ConfigReader(v ? *v : empty, m_where + key + ".");
    }
    const Json *find(const char *key) const
    {
        const auto it = m_object.find(key);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }
    const std::string &where() const { return m_where; }

private:
    const Json &m_object;
    std::string m_where; // "config.json: '" or "config.json: 'text_config."
};

// Reads keys again from the config.json a model is built from: a family's module reads
// there what ModelConfig does not keep (the description checked them when it was read).
template<typename Read>
auto rereadConfig(const ModelConfig &config, Read read)
{
    const auto json = ConfigReader::Json::parse(config.json);
    return read(ConfigReader(json, "config.json: '"));
}

// A tower by the keys BERT's config introduced and RoBERTa, ViT and CLIP's towers kept:
// hidden_size, num_hidden_layers, num_attention_heads, intermediate_size, hidden_act,
// layer_norm_eps (checked: the heads divide the width). `defaults` holds what a missing
// key means (the family's base model) and the tower's name.
TowerConfig readEncoderTower(const ConfigReader &c, const TowerConfig &defaults);

// An image tower's geometry: image_size, patch_size (which must divide it) and
// num_channels into `config`, and the tower's positions (the patches and a class token).
void readImageGeometry(const ConfigReader &c, int64_t defaultSize, int64_t defaultPatch, ModelConfig &config,
                       TowerConfig &tower);

// A Llama-style decoder tower (Llama, Qwen2, Mistral): hidden_size, num_hidden_layers,
// num_attention_heads, num_key_value_heads (which must divide the heads), head_dim (an
// explicit head size; null or absent: hidden / heads), intermediate_size, hidden_act,
// rms_norm_eps, max_position_embeddings and vocab_size; `defaults` as for readEncoderTower.
TowerConfig readDecoderTower(const ConfigReader &c, const TowerConfig &defaults);

// Rotary position embeddings as a config names them: transformers 5's `rope_parameters`
// {rope_type, rope_theta, ...} or the older top-level `rope_theta` and `rope_scaling`.
struct RotaryConfig
{
    std::string type = "default"; // default | linear | llama3
    double theta = 10000.0;
    double factor = 1.0;           // linear and llama3: positions (or low frequencies) divided by it
    double lowFreqFactor = 1.0;    // llama3
    double highFreqFactor = 4.0;   // llama3
    int64_t originalPositions = 0; // llama3: original_max_position_embeddings
};
// Throws naming the key for a scaling PruneScope does not compute (yarn, dynamic, longrope, ...).
RotaryConfig readRotary(const ConfigReader &c, double defaultTheta);

// What a Llama-style family's module needs beyond the tower: its biases, whether the LM
// head is the token embedding, each layer's sliding window and the rotary embedding.
struct DecoderSettings
{
    DecoderBiases biases;
    bool tiedEmbeddings = false;
    std::vector<int64_t> windows; // per layer: keys within this many positions (itself included); 0: all
    RotaryConfig rotary;
};

// A token id that may be written as a list (Llama 3's eos_token_id): the first entry.
int64_t firstTokenId(const ConfigReader &c, const char *key, int64_t fallback);

// The config side of a Llama-style family (Llama, Qwen2, Mistral): the tower over `defaults`
// (the family's reference model), the family's own keys through `settings` (biases, sliding
// windows, rotary embedding: checked when the config is read, reread by the module), and the
// end-of-text token (`eos` when the config names none), which also pads.
template<DecoderSettings (*settings)(const ConfigReader &), const TowerConfig &defaults, int64_t eos>
struct DecoderConfig
{
    static void read(const ConfigReader &c, ModelConfig &config)
    {
        config.towers = {readDecoderTower(c, defaults)};
        settings(c);
        config.eosTokenId = firstTokenId(c, "eos_token_id", eos);
        config.padTokenId = firstTokenId(c, "pad_token_id", config.eosTokenId);
    }
    static ModelStructure describe(const ModelConfig &config)
    {
        return describeDecoder(config, rereadConfig(config, settings).biases);
    }
};

// Checks that the heads divide the hidden size (where the head size is not given).
void checkHeads(const TowerConfig &tower, const std::string &where);
// Classification heads: id2label, num_labels and problem_type, checked against each other.
void readLabels(const ConfigReader &c, ModelConfig &config);

} // namespace prunescope
