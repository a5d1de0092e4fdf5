// libFuzzer target for config.json: parsed, and what the models build from it checked
// (the widths that become tensor shapes, the towers the families look up, the labels).
#include "core/models/model_config.h"
#include "core/models/model_structure.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace prunescope;
    const std::string text(reinterpret_cast<const char *>(data), size);
    ModelConfig config;
    bool read = false;
    fuzz::expectReadOrError([&] {
        config = parseModelConfig(text, "config.json");
        read = true;
    });
    if (!read)
        return 0;
    FUZZ_CHECK(!config.towers.empty());
    for (const TowerConfig &t : config.towers) {
        FUZZ_CHECK(&config.tower(t.name) == &t);
        FUZZ_CHECK(t.hidden > 0 && t.layers > 0 && t.heads > 0 && t.ffn > 0 && t.maxPositions > 0);
        FUZZ_CHECK(t.headDim() * t.heads == t.hidden);
        if (t.name != "vision")
            FUZZ_CHECK(t.vocabSize > 0);
    }
    if (config.head == TaskHead::SequenceClassification)
        FUZZ_CHECK(static_cast<int64_t>(config.labelNames.size()) == config.numLabels);
    // Every family describes the towers it read, with slices inside their matrices.
    const ModelStructure structure = describeStructure(config);
    FUZZ_CHECK(structure.towers.size() == config.towers.size());
    for (const TowerStructure &t : structure.towers)
        for (const LayerStructure &layer : t.layers)
            for (const PrunableMatrix &m : layer.matrices)
                for (const UnitSlice &slice : m.slices)
                    FUZZ_CHECK(slice.end() <= (slice.alongOutput ? m.outFeatures : m.inFeatures));
    // What a score or mask file keeps must read back as the same configuration.
    const ModelConfig again = parseModelConfig(config.json, "config.json");
    FUZZ_CHECK(again.json == config.json && again.towers.size() == config.towers.size());
    return 0;
}
