// What a checkpoint's config.json says, read into one shape for all families: towers
// (BERT's encoder, GPT-2's decoder, CLIP's text and vision encoders) with their widths,
// plus the family-specific keys. No LibTorch here: the GUI reads configs too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace prunescope {

enum class Family { Bert, Gpt2, Clip };

std::string familyName(Family family);

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
    int64_t hidden = 0;
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t ffn = 0;
    std::string activation;
    double layerNormEps = 1e-5;
    int64_t maxPositions = 0; // text towers; vision: patches + 1
    int64_t vocabSize = 0;    // text towers

    int64_t headDim() const { return heads > 0 ? hidden / heads : 0; }
};

struct ModelConfig
{
    Family family = Family::Bert;
    TaskHead head = TaskHead::None;
    std::string architecture; // as config.json names it, e.g. "BertForSequenceClassification"
    std::vector<TowerConfig> towers;

    // BERT
    int64_t typeVocabSize = 2;
    int64_t numLabels = 0;
    std::string problemType; // "single_label_classification", "regression", "multi_label_classification"
    std::vector<std::string> labelNames;
    int64_t padTokenId = 0;

    // GPT-2
    bool scaleAttnWeights = true;
    bool scaleAttnByInverseLayerIdx = false;
    bool reorderAndUpcastAttn = false;

    // CLIP
    int64_t projectionDim = 512;
    double logitScaleInit = 2.6592;
    int64_t imageSize = 224;
    int64_t patchSize = 32;
    int64_t numChannels = 3;
    int64_t eosTokenId = 49407; // pooling takes the first eos; 2 means argmax(input_ids)

    std::string json; // config.json as read, kept with score and mask files

    const TowerConfig &tower(const std::string &name) const;
};

// Reads and checks config.json; throws prunescope::Error naming the file and the key.
ModelConfig readModelConfig(const std::filesystem::path &configJson);
ModelConfig parseModelConfig(const std::string &jsonText, const std::string &fileName);

} // namespace prunescope
