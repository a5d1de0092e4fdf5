// libFuzzer target for comparison.json: parsed, then turned into what the CLI, the views
// and the report show (text, CSV) and written back, which must parse as the same.
#include "core/analysis/comparison.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace prunescope;
    const std::string text(reinterpret_cast<const char *>(data), size);
    MapComparison comparison;
    bool read = false;
    fuzz::expectReadOrError([&] {
        comparison = parseComparisonJson(text, "comparison.json");
        read = true;
    });
    if (!read)
        return 0;
    comparison.metrics();
    comparisonCsv(comparison);
    const std::string shown = comparisonText(comparison);
    const MapComparison again = parseComparisonJson(comparisonJson(comparison), "comparison.json");
    FUZZ_CHECK(again.names == comparison.names && again.isMask == comparison.isMask && again.layers == comparison.layers);
    FUZZ_CHECK(comparisonText(again) == shown && comparisonCsv(again) == comparisonCsv(comparison));
    return 0;
}
