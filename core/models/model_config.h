// What a checkpoint's config.json says, read into one shape for all families: towers
// (BERT's encoder, GPT-2's decoder, CLIP's text and vision encoders) with their widths,
// the task head, labels and image geometry. Keys that only a family's module reads stay
// in that family's file. No LibTorch here: the GUI reads configs too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace prunescope {

struct ModelFamily; // core/models/model_family.h

// The task head that sits on the base model; decides the outputs and the loss.
enum class TaskHead {
    None,                   // BertModel, GPT2Model
    SequenceClassification, // BertForSequenceClassification
    MaskedLm,               // BertForMaskedLM
    CausalLm,               // GPT2LMHeadModel (head tied to wte)
    Contrastive,            // CLIPModel
};

struct TowerConfig
{
    std::string name; // "encoder", "decoder", "text", "vision"
    bool images = false; // reads pixel values (patches) instead of token ids
    int64_t hidden = 0;
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t kvHeads = 0;  // key-value heads (grouped-query attention); 0: one per query head
    int64_t headSize = 0; // an explicit head size; 0: hidden / heads
    int64_t ffn = 0;
    std::string activation;
    double layerNormEps = 1e-5;
    int64_t maxPositions = 0; // text towers; vision: patches + 1
    int64_t vocabSize = 0;    // text towers

    int64_t headDim() const { return headSize > 0 ? headSize : heads > 0 ? hidden / heads : 0; }
    int64_t kvHeadCount() const { return kvHeads > 0 ? kvHeads : heads; }
};

struct ModelConfig
{
    const ModelFamily *family = nullptr; // the registry entry of config.json's model_type
    TaskHead head = TaskHead::None;
    std::string architecture; // as config.json names it, e.g. "BertForSequenceClassification"
    std::vector<TowerConfig> towers;

    // Classification heads
    int64_t numLabels = 0;
    std::string problemType; // "single_label_classification", "regression", "multi_label_classification"
    std::vector<std::string> labelNames;
    // Tokens
    int64_t padTokenId = 0;
    int64_t eosTokenId = -1; // CLIP pools the text at its first eos

    // Image towers
    int64_t imageSize = 224;
    int64_t patchSize = 32;
    int64_t numChannels = 3;

    std::string json; // config.json as read, kept with score and mask files

    const TowerConfig &tower(const std::string &name) const;
    std::string familyName() const; // its model_type: "bert", "gpt2", "clip"
    bool hasImages() const;          // some tower reads images
};

// The tower that reads `kind`: "text" (token ids) or "vision" (images); "" is the model's
// first tower. Throws naming `option` when the kind is unknown or the model has no such tower.
size_t towerFor(const ModelConfig &config, const std::string &kind, const std::string &option = "tower");
// "vision" for a tower that reads images, else "text".
std::string towerKind(const TowerConfig &tower);

// Reads and checks config.json; throws prunescope::Error naming the file and the key.
ModelConfig readModelConfig(const std::filesystem::path &configJson);
ModelConfig parseModelConfig(const std::string &jsonText, const std::string &fileName);

// The config of a classifier for another set of classes, `labels` in class order: config.json's
// id2label and label2id rewritten (num_labels follows them), a single-label problem. Throws
// prunescope::Error for fewer than two labels, an empty or a repeated one.
ModelConfig withLabels(const ModelConfig &config, const std::vector<std::string> &labels);

} // namespace prunescope
