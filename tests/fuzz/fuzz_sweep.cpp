// libFuzzer target for sweep.json: parsed, then turned into what the views and the report
// show (CSV, SVG) and written back, which must parse as the same sweep.
#include "core/analysis/sweep_result.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace prunescope;
    const std::string text(reinterpret_cast<const char *>(data), size);
    SweepResult sweep;
    bool read = false;
    fuzz::expectReadOrError([&] {
        sweep = parseSweepJson(text, "sweep.json");
        read = true;
    });
    if (!read)
        return 0;
    sweep.methods();
    sweepCsv(sweep);
    sweepSvg(sweep, "fuzz");
    const SweepResult again = parseSweepJson(sweepJson(sweep), "sweep.json");
    FUZZ_CHECK(again.metric == sweep.metric && again.task == sweep.task && again.dense == sweep.dense
               && again.settings == sweep.settings && again.scoringSeconds == sweep.scoringSeconds);
    FUZZ_CHECK(again.points.size() == sweep.points.size());
    for (size_t i = 0; i < sweep.points.size(); ++i)
        FUZZ_CHECK(again.points[i].method == sweep.points[i].method && again.points[i].sparsity == sweep.points[i].sparsity
                   && again.points[i].achieved == sweep.points[i].achieved
                   && again.points[i].metrics == sweep.points[i].metrics);
    return 0;
}
