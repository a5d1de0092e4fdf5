// export: the masked model written as a smaller checkpoint, a zeroed one, or the mask alone.
#include "app/cli/commands.h"

#include "core/checkpoint.h"
#include "core/export.h"
#include "core/reference_run.h"

#include <iostream>

namespace prunescope::cli {

int runExport(const Arguments &args)
{
    const std::string model = args.required("--model");
    const std::string maskPath = args.required("--mask");
    const std::string out = args.required("--out");
    ExportOptions options;
    options.mode = parseExportMode(args.value("--mode", "shrunk"));
    options.uniform = parseUniformPolicy(args.value("--uniform", "pad"));
    options.maskFile = maskPath;
    options.align = args.number("--align", 1);
    const ScoreMap mask = loadScoreMap(maskPath);
    ScoreMap scores;
    if (!args.value("--scores", "").empty()) {
        scores = loadScoreMap(args.value("--scores", ""));
        options.scores = &scores;
    }
    // Verified on the given inputs (a file of named tensors, or the first batch of a
    // dataset); else on a seeded sample.
    if (!args.value("--inputs", "").empty()) {
        options.verifyInputs = readModelInputs(*SafetensorsFile::open(args.value("--inputs", "")));
    } else if (!args.value("--data", "").empty()) {
        const auto checkpoint = Checkpoint::open(model);
        const auto batches = readBatches(args, *checkpoint->loadModel(), nullptr);
        if (!batches.empty())
            options.verifyInputs = batches.front();
    }
    const ExportResult result = exportModel(model, mask, out, options, printProgress);
    if (args.flag("--json"))
        std::cout << exportReportJson(result) << "\n";
    else
        std::cout << exportReportText(result);
    return 0;
}

} // namespace prunescope::cli
