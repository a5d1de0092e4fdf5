// libFuzzer target for study.json: read from a study folder, its references listed, and
// written back, which must read as the same study (the application saves what it opened).
#include "core/study/study.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

bool sameStudy(const prunescope::Study &a, const prunescope::Study &b)
{
    if (a.model != b.model || a.data.path != b.data.path || a.data.textColumn != b.data.textColumn
        || a.data.pairColumn != b.data.pairColumn || a.data.labelColumn != b.data.labelColumn
        || a.data.maxLength != b.data.maxLength || a.settings.device != b.settings.device
        || a.settings.precision != b.settings.precision || a.settings.batchSize != b.settings.batchSize
        || a.settings.maxExamples != b.settings.maxExamples || a.settings.seed != b.settings.seed
        || a.items.size() != b.items.size())
        return false;
    for (size_t i = 0; i < a.items.size(); ++i)
        if (a.items[i].kind != b.items[i].kind || a.items[i].name != b.items[i].name
            || a.items[i].file != b.items[i].file || a.items[i].options != b.items[i].options)
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace prunescope;
    const std::string text(reinterpret_cast<const char *>(data), size);
    const auto &folder = fuzz::scratch();
    folder.put(kStudyFileName, &text);
    Study study;
    bool read = false;
    fuzz::expectReadOrError([&] {
        study = readStudy(folder.path());
        read = true;
    });
    if (!read)
        return 0;
    for (const StudyItem &item : study.items) {
        FUZZ_CHECK(study.find(item.name) == &item);
        FUZZ_CHECK(!std::filesystem::path(item.file).is_absolute());
        study.itemPath(item);
    }
    study.uniqueName(study.items.empty() ? std::string("scores") : study.items.front().name);
    study.modelPath();
    study.dataPath();
    missingReferences(study);

    writeStudy(study);
    FUZZ_CHECK(sameStudy(readStudy(folder.path()), study));
    return 0;
}
