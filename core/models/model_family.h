// A model family: everything PruneScope knows about one Hugging Face model_type, declared
// once in its own file under core/models/families/ and listed in one table
// (families/families.cpp). Nothing outside that folder asks which family a model is: it
// asks the family.
#pragma once

#include "core/models/model_config.h"
#include "core/models/model_structure.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace prunescope {

class ConfigReader;
class TransformerModel;
struct ModelInputs;

// A class name in config.json's "architectures" and the task head it puts on the base model.
struct FamilyArchitecture
{
    std::string name;       // "BertForSequenceClassification"
    TaskHead head;
    std::string basePrefix; // where the base model's parameters live: "bert.", "transformer.", ""
};

struct ModelFamily
{
    std::string modelType; // config.json's model_type
    std::string title;     // for people: "BERT"
    // The first is what a config without "architectures" means.
    std::vector<FamilyArchitecture> architectures;

    // Reads the family's keys of config.json into `config` (towers, labels, ...); throws
    // prunescope::Error naming the key.
    void (*readConfig)(const ConfigReader &json, ModelConfig &config) = nullptr;
    // The prunable matrices with their checkpoint names and unit slices.
    ModelStructure (*describe)(const ModelConfig &config) = nullptr;
    // Writes a tower's new FFN width into an exported config.json.
    void (*setFfnWidth)(nlohmann::ordered_json &config, const TowerConfig &tower, int64_t width) = nullptr;
    // Writes a tower's new numbers of query and key-value heads into an exported config.json;
    // only families whose config states the head size (head_dim) can, the others leave it
    // unset and pruned heads are zeroed in place.
    void (*setHeadCounts)(nlohmann::ordered_json &config, const TowerConfig &tower, int64_t heads, int64_t kvHeads) = nullptr;
    // Parameters of the task head (what a pruning method leaves dense): CLIP's projections
    // and logit scale; by default what lies outside the base model's prefix.
    bool (*isTaskHeadParameter)(const ModelConfig &config, const std::string &name) = nullptr;

    // The module whose outputs are a classifier's classes ("classifier", RoBERTa's
    // "classifier.out_proj"): a head for another set of classes starts it afresh. Empty for
    // families without a classification head.
    std::string classifierOutput;
    // The image_processor_type a checkpoint of this family without preprocessor_config.json
    // gets ("CLIPImageProcessor"); empty for text-only families.
    std::string imageProcessor;

    // The module, with its parameters allocated (loading fills them). `hasPooler`: BERT
    // checkpoints of the bare base model may lack the pooler.
    std::shared_ptr<TransformerModel> (*build)(const ModelConfig &config, bool hasPooler) = nullptr;
    // Adds what a sample of random token ids needs to be a valid input (CLIP: its images
    // and an end-of-text token to pool at), for checking an export.
    void (*completeSampleInputs)(const ModelConfig &config, ModelInputs &inputs) = nullptr;
};

// The fuzzers compile the families' files without LibTorch (PRUNESCOPE_DESCRIPTION_ONLY):
// they read configs and never build a module.
#ifdef PRUNESCOPE_DESCRIPTION_ONLY
#define PRUNESCOPE_FAMILY_MODULE(function) nullptr
#else
#define PRUNESCOPE_FAMILY_MODULE(function) function
#endif

// setFfnWidth of the families whose config.json says "intermediate_size" (BERT, RoBERTa, ViT).
void setIntermediateSize(nlohmann::ordered_json &config, const TowerConfig &tower, int64_t width);

// setHeadCounts of the Llama-style families: num_attention_heads, num_key_value_heads and head_dim.
void setDecoderHeadCounts(nlohmann::ordered_json &config, const TowerConfig &tower, int64_t heads, int64_t kvHeads);
// A Llama-style family's entry without its config and module functions (DecoderConfig,
// buildDecoder): `classPrefix`ForCausalLM (under "model.") and `classPrefix`Model, the
// FFN width in intermediate_size, heads removable.
ModelFamily decoderFamily(const std::string &modelType, const std::string &title, const std::string &classPrefix);

// Every family PruneScope reads, in the order of the table.
const std::vector<const ModelFamily *> &modelFamilies();
// The family of a model_type, or nullptr.
const ModelFamily *findModelFamily(const std::string &modelType);
// "bert, gpt2 and clip"
std::string supportedModelTypes();

// "BertForSequenceClassification, BertForMaskedLM, GPT2LMHeadModel, CLIPModel"
std::string architecturesWithHeads();

// The architecture entry of a config (its class name, or the family's default).
const FamilyArchitecture &architectureOf(const ModelConfig &config);
// The prefix of the base model's parameters in this architecture: "bert.", "transformer.", or "".
std::string baseModelPrefix(const ModelConfig &config);
bool isTaskHeadParameter(const ModelConfig &config, const std::string &name);

} // namespace prunescope
