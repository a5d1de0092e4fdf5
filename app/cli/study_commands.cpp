// study: the study folder the desktop application opens, read and written from the
// command line, so that work run on a GPU server opens on a laptop.
#include "app/cli/commands.h"
#include "app/cli/group.h"

#include "core/io/checkpoint_folder.h"
#include "core/analysis/comparison.h"
#include "core/support/error.h"
#include "core/scoring/scorers.h"
#include "core/study/study.h"
#include "core/study/study_jobs.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace prunescope::cli {

namespace {

void printItem(const Study &study, const StudyItem &item)
{
    std::cerr << "added " << studyItemKindName(item.kind) << " '" << item.name << "' (" << item.file << ") to "
              << study.folder.string() << "\n";
}

// Runs a job and records its item in study.json (in a group, the first process does).
int addItem(Study &study, const StudyItem &item)
{
    if (!speaks())
        return 0;
    study.items.push_back(item);
    writeStudy(study);
    printItem(study, item);
    return 0;
}

// The data options given, over `data`.
StudyData dataArguments(const Arguments &args, StudyData data)
{
    data.path = args.value("--data", data.path);
    data.textColumn = args.value("--text-column", data.textColumn);
    data.pairColumn = args.value("--pair-column", data.pairColumn);
    data.labelColumn = args.value("--label-column", data.labelColumn);
    data.maxLength = args.number("--max-length", data.maxLength);
    data.stride = args.number("--stride", data.stride);
    return data;
}

// The job settings given, over `settings`.
StudySettings studySettings(const Arguments &args, StudySettings settings)
{
    settings.device = args.parsed("--device", settings.device, parseDeviceName);
    settings.precision = args.parsed("--precision", settings.precision, parsePrecisionName);
    settings.batchSize = args.number("--batch-size", settings.batchSize);
    settings.maxExamples = args.number("--max-examples", settings.maxExamples);
    return settings;
}

} // namespace

int runStudy(const Arguments &args)
{
    const auto &words = args.positional();
    if (words.size() != 2)
        throw UsageError(
            "study needs an action and a folder: study init|data|show|score|mask|attribute|sweep|noise-scan|compare|eval|add DIR");
    const std::string &action = words[0];
    const std::string folder = words[1];
    if (action == "init") {
        // Every option checked before the folder is made.
        StudySettings settings = studySettings(args, {});
        settings.seed = uint64_t(args.number("--seed", 0));
        const StudyData data = dataArguments(args, {});
        if (!std::filesystem::exists(std::filesystem::path(folder) / kStudyFileName)) // a study says so below, --force or not
            checkOutputFolder(folder, args.flag("--force")); // --force: a study among other files, none removed
        Study study = createStudy(folder, args.required("--model"), data);
        study.settings = settings;
        writeStudy(study);
        std::cerr << "created the study " << folder << " for " << study.modelPath().string() << "\n";
        return 0;
    }
    Study study = readStudy(folder);
    study.group = processGroup(); // score, eval and sweep only: main refuses a group elsewhere
    for (const auto &problem : missingReferences(study))
        std::cerr << "warning: " << problem << "\n";
    // Settings given here are the ones this run uses, and are kept.
    study.settings = studySettings(args, study.settings);
    if (action == "data") {
        // Another dataset or other columns, kept only when they read without error.
        Study changed = study;
        changed.data = dataArguments(args, study.data);
        if (changed.data.path != study.data.path)
            changed.data.path = storedPath(study.folder, changed.data.path);
        const StudyDataCheck check = checkStudyData(changed);
        for (const auto &warning : check.warnings)
            std::cerr << "warning: " << warning << "\n";
        writeStudy(changed);
        std::cerr << "the study " << folder << " now reads " << check.rows << " examples from "
                  << changed.dataPath().string() << "\n";
        return 0;
    }
    if (action == "show") {
        if (args.flag("--json")) {
            nlohmann::json items = nlohmann::json::array();
            for (const auto &item : study.items)
                items.push_back({{"kind", studyItemKindName(item.kind)}, {"name", item.name}, {"file", item.file},
                                 {"options", item.options}});
            std::cout << nlohmann::json{{"model", study.modelPath().string()}, {"data", study.dataPath().string()},
                                        {"items", items}}
                             .dump(2)
                      << "\n";
        } else {
            std::cout << "model: " << study.modelPath().string() << "\ndata:  " << study.dataPath().string() << "\n";
            for (const auto &item : study.items)
                std::cout << studyItemKindName(item.kind) << "\t" << item.name << "\t" << item.file << "\n";
        }
        return 0;
    }
    if (action == "score") {
        const std::string method = args.choice("--method", args.required("--method"), scoreMethodNames());
        return addItem(study, scoreStudy(study, method, printProgress, args.value("--granularity", ""),
                                         methodOptions(args, scoreMethodSpec(method), scoreMethodSpecs())));
    }
    if (action == "add")
        return addItem(study, importStudyItem(study, args.required("--file"), args.value("--name", "")));
    if (action == "mask") {
        const std::string scores = args.required("--scores");
        const StudyItem *item = study.find(scores);
        if (!item || item->kind != StudyItem::Kind::Scores)
            throw Error(folder + ": no scores named '" + scores + "' in the study");
        return addItem(study, maskStudy(study, *item, args.required("--granularity"), args.value("--scope", "global"),
                                        args.real("--sparsity", 0.5)));
    }
    if (action == "attribute")
        return addItem(study, attributeStudy(study, args.choice("--method", "gradcam", choices::attribution),
                                             args.has("--tower") ? args.choice("--tower", "", choices::tower) : "", printProgress));
    if (action == "sweep") {
        const std::vector<double> sparsities = args.reals("--sparsities");
        const std::vector<std::string> methods = args.choices("--methods", scoreMethodNames());
        return addItem(study, sweepStudy(study, methods, sparsities, args.required("--granularity"),
                                         args.value("--scope", "global"), printProgress, sweptMethodOptions(args, methods),
                                         args.real("--holdout", kSweepHeldOut)));
    }
    if (action == "noise-scan") {
        const StudyItem item =
            noiseScanStudy(study, sigmaScanOptions(args), args.real("--holdout", kSweepHeldOut), printProgress);
        addItem(study, item);
        std::cout << sigmaScanText(readSigmaScan(study.itemPath(item)));
        return 0;
    }
    if (action == "compare") {
        const StudyItem item = compareStudy(study, splitList(args.required("--items")), printProgress);
        addItem(study, item);
        const MapComparison comparison = readComparison(study.itemPath(item));
        std::cout << (args.flag("--json") ? comparisonJson(comparison) + "\n" : comparisonText(comparison));
        return 0;
    }
    if (action == "eval") {
        const std::string maskName = args.value("--mask", "");
        GridSet mask;
        if (!maskName.empty()) {
            const StudyItem *item = study.find(maskName);
            if (!item || item->kind != StudyItem::Kind::Mask)
                throw Error(folder + ": no mask named '" + maskName + "' in the study");
            mask = readGrids(study.itemPath(*item));
        }
        const StudyEvaluation e = evaluateStudy(study, maskName.empty() ? nullptr : &mask, printProgress);
        if (!speaks())
            return 0;
        if (args.flag("--json")) {
            std::cout << nlohmann::json{{"task", e.task}, {"primary", e.primary}, {"metrics", e.metrics},
                                        {"examples", e.examples}, {"mask_sparsity", e.sparsity}}
                             .dump(2)
                      << "\n";
        } else {
            std::cout << e.task << " on " << e.examples << " examples" << (maskName.empty() ? "" : ", mask " + maskName) << "\n";
            for (const auto &[name, value] : e.metrics)
                std::printf("  %-24s %.6g\n", name.c_str(), value);
        }
        return 0;
    }
    throw UsageError("unknown study action '" + action
                     + "' (init, data, show, score, mask, attribute, sweep, noise-scan, compare, eval, add)");
}

} // namespace prunescope::cli
