// info, forward, verify, tokenize: looking at a checkpoint and checking it against references.
#include "app/cli/commands.h"

#include "core/io/checkpoint_folder.h"
#include "core/models/checkpoint_summary.h"
#include "core/models/device.h"
#include "core/models/reference_run.h"
#include "core/io/safetensors.h"
#include "core/text/tokenizer.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace prunescope::cli {

int runInfo(const Arguments &args)
{
    const auto summary = summarizeCheckpoint(args.required("--model"));
    std::cout << (args.flag("--json") ? summaryJson(summary) + "\n" : summaryText(summary));
    return 0;
}

int runForward(const Arguments &args)
{
    const auto device = args.parsed("--device", "auto", parseDevice);
    const auto inputsPath = args.required("--inputs");
    const auto out = args.required("--out");
    checkOutputFile(out, args.flag("--force"));
    auto model = loadForRun(args, device);
    const auto inputFile = SafetensorsFile::open(inputsPath);
    const auto outputs = computeNamedOutputs(*model, readModelInputs(*inputFile), args.flag("--labels"));
    writeSafetensors(out, outputs, {{"format", "pt"}, {"producer", "prunescope-cli forward"}, {"device", device.str()}});
    std::cerr << "wrote " << outputs.size() << " tensors to " << out << "\n";
    return 0;
}

int runVerify(const Arguments &args)
{
    const auto device = args.parsed("--device", "auto", parseDevice);
    auto model = loadForRun(args, device);
    const auto reference = SafetensorsFile::open(args.required("--reference"));
    const ModelInputs inputs = readModelInputs(*reference);
    bool gradients = false;
    for (const auto &name : reference->names())
        gradients = gradients || name.rfind("grad.", 0) == 0 || name.find("gate_grad") != std::string::npos;
    const auto result = compareWithReference(computeNamedOutputs(*model, inputs, gradients), *reference);

    if (args.flag("--json")) {
        nlohmann::json tensors = nlohmann::json::array();
        for (const auto &t : result.tensors) {
            nlohmann::json item = {{"name", t.name}, {"tolerance", t.tolerance}, {"ok", t.ok}};
            item["rel_err"] = std::isfinite(t.relativeError) ? nlohmann::json(t.relativeError) : nlohmann::json();
            if (!t.problem.empty())
                item["problem"] = t.problem;
            if (t.zeroReference) {
                item["zero_reference"] = true;
                item["abs_err"] = t.absoluteError;
                item["abs_limit"] = t.absoluteLimit;
            }
            tensors.push_back(item);
        }
        nlohmann::json json = {{"ok", result.ok},
                               {"compared", result.tensors.size()},
                               {"worst", result.worst},
                               {"device", device.str()},
                               {"tensors", tensors}};
        json["max_rel_err"] = std::isfinite(result.maxRelativeError) ? nlohmann::json(result.maxRelativeError)
                                                                     : nlohmann::json();
        std::cout << json.dump(2) << "\n";
    } else {
        for (const auto &t : result.tensors) {
            if (t.zeroReference)
                std::printf("%-4s %-70s zero in exact arithmetic: abs_err %.3e (limit %.1e)\n", t.ok ? "ok" : "FAIL",
                            t.name.c_str(), t.absoluteError, t.absoluteLimit);
            else
                std::printf("%-4s %-70s rel_err %.3e (tol %.0e)%s%s\n", t.ok ? "ok" : "FAIL", t.name.c_str(),
                            t.relativeError, t.tolerance, t.problem.empty() ? "" : "  ", t.problem.c_str());
        }
        std::printf("%s: %zu tensors compared on %s, max rel_err %.3e (%s)\n", result.ok ? "ok" : "FAILED",
                    result.tensors.size(), device.str().c_str(), result.maxRelativeError, result.worst.c_str());
    }
    return result.ok ? 0 : 1;
}

int runTokenize(const Arguments &args)
{
    if (args.positional().size() != 1)
        throw UsageError("tokenize takes exactly one TEXT (quote it)");
    const auto tokenizer = Tokenizer::load(args.required("--tokenizer"));
    EncodeOptions options;
    options.maxLength = args.number("--max-length", 0);
    options.padToMaxLength = args.flag("--pad");
    const std::string text = args.positional()[0];
    const Encoding e = args.value("--pair", "").empty() && !args.flag("--pair")
                           ? tokenizer->encode(text, options)
                           : tokenizer->encodePair(text, args.value("--pair", ""), options);
    if (args.flag("--json")) {
        nlohmann::json json = {{"ids", e.ids}, {"tokens", e.tokens}};
        if (tokenizer->kind() == "wordpiece")
            json["token_type_ids"] = e.typeIds;
        json["attention_mask"] = e.attentionMask;
        std::cout << json.dump() << "\n";
    } else {
        for (size_t i = 0; i < e.ids.size(); ++i)
            std::cout << e.ids[i] << "\t" << e.tokens[i] << (tokenizer->kind() == "wordpiece" ? "\t" + std::to_string(e.typeIds[i]) : "")
                      << "\n";
    }
    return 0;
}

} // namespace prunescope::cli
