// What the commands of prunescope-cli share: option parsing with checks, progress on
// stderr, loading the model and the data the options name.
#pragma once

#include "core/data/datasets.h"
#include "core/support/error.h"
#include "core/support/method_spec.h"
#include "core/models/model.h"
#include "core/support/options.h"
#include "core/scoring/score_map.h"
#include "core/analysis/sigma_scan_result.h"

#include <torch/types.h>

#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace prunescope::cli {

struct UsageError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// --key value options, --flag switches and positional words, checked against what the
// command accepts so that a misspelt option is an error rather than ignored.
class Arguments
{
public:
    Arguments(int argc, char **argv, const std::set<std::string> &valued, const std::set<std::string> &flags)
    {
        for (int i = 2; i < argc; ++i) {
            const std::string a = argv[i];
            if (a.rfind("--", 0) == 0 && valued.count(a)) {
                if (i + 1 >= argc)
                    throw UsageError("option " + a + " needs a value");
                m_values[a] = argv[++i];
            } else if (a.rfind("--", 0) == 0 && flags.count(a)) {
                m_flags.insert(a);
            } else if (a.rfind("--", 0) == 0) {
                throw UsageError("unknown option " + a + " for '" + argv[1] + "'");
            } else {
                m_positional.push_back(a);
            }
        }
    }
    std::string value(const std::string &key, const std::string &fallback) const
    {
        const auto it = m_values.find(key);
        return it == m_values.end() ? fallback : it->second;
    }
    std::string required(const std::string &key) const
    {
        const auto it = m_values.find(key);
        if (it == m_values.end())
            throw UsageError("missing required option " + key);
        return it->second;
    }
    bool flag(const std::string &key) const { return m_flags.count(key) > 0; }
    bool has(const std::string &key) const { return m_values.count(key) > 0; }
    // A whole number or a real number, checked against the option's range (numericRanges()
    // in cli_support.cpp, the one table of them); a malformed or out-of-range value is a
    // UsageError naming the option and the range. The fallback, used when the option is
    // not given, may lie outside (0 for "all").
    int64_t number(const std::string &key, int64_t fallback) const;
    double real(const std::string &key, double fallback) const;
    // A required comma-separated list of numbers, each in the option's range.
    std::vector<double> reals(const std::string &key) const;
    // An option's value through the core's parser of it (parseDevice, parseExportMode, ...);
    // its Error names the option: a parser that takes the option's name names it itself.
    template <class Parse>
    auto parsed(const std::string &key, const std::string &fallback, Parse parse) const
    {
        const std::string text = value(key, fallback);
        if constexpr (std::is_invocable_v<Parse, const std::string &, const std::string &>) {
            return parse(text, key);
        } else {
            try {
                return parse(text);
            } catch (const Error &e) {
                throw Error(key + ": " + e.what());
            }
        }
    }
    // An enumerated option's value, one of `allowed` (options.h).
    std::string choice(const std::string &key, const std::string &fallback, const std::vector<std::string> &allowed) const
    {
        return parsed(key, fallback, [&](const std::string &value, const std::string &option) {
            return oneOf(option, value, allowed);
        });
    }
    // A required comma-separated list of them: at least one.
    std::vector<std::string> choices(const std::string &key, const std::vector<std::string> &allowed) const
    {
        required(key);
        return parsed(key, "", [&](const std::string &value, const std::string &option) {
            return listOf(option, value, allowed);
        });
    }
    const std::vector<std::string> &positional() const { return m_positional; }
    // The --key options and --flag switches given, as spelt.
    std::vector<std::string> given() const
    {
        std::vector<std::string> all(m_flags.begin(), m_flags.end());
        for (const auto &[key, value] : m_values)
            all.push_back(key);
        return all;
    }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
};

// Progress on stderr. On a terminal, one line rewritten in place; in a file or a pipe,
// whole lines only: the first step, each tenth of the work and the last.
bool printProgress(int64_t done, int64_t total, const std::string &message);
// The same for any line of progress `text` about step `done` of `total`.
void printProgressLine(int64_t done, int64_t total, const std::string &text);
// Ends a line printProgressLine left open on a terminal.
void endProgressLine();

// The structure a score or mask file belongs to: from --model, or from the config it carries.
ModelStructure structureOf(const ScoreMap &scores, const std::string &scoresPath, const std::string &modelDir);

// The model of --model on `device`, in eval mode, dense; with `newLabels`, a new
// classification head for those classes (LoadOptions), seeded by --seed, and said so. A run
// that computes in bf16 or fp16 holds a checkpoint stored in that type in it
// (LoadOptions::computeIn), and says so.
std::shared_ptr<TransformerModel> loadDense(const Arguments &args, torch::Device device,
                                            const std::vector<std::string> &newLabels = {},
                                            torch::ScalarType computeIn = torch::kFloat);
// The same with the mask of --mask applied when given.
std::shared_ptr<TransformerModel> loadForRun(const Arguments &args, torch::Device device,
                                             const std::vector<std::string> &newLabels = {},
                                             torch::ScalarType computeIn = torch::kFloat);

// The options of every method in `methods` (MethodSpec), added to a command's own: valued
// ones (--samples K) and switches (--one-by-one, --include-padding).
std::set<std::string> withMethodOptions(std::set<std::string> options, const std::vector<MethodSpec> &methods);
std::set<std::string> withMethodSwitches(std::set<std::string> flags, const std::vector<MethodSpec> &methods);
// The options and switches of the methods in `methods` that the command line gives, as
// Arguments::given lists them.
std::vector<std::string> givenMethodOptions(const Arguments &args, const std::vector<MethodSpec> &methods);
// Whether `key` ("--samples", "--no-recovery") is one of `method`'s options or switches.
bool declaresOption(const MethodSpec &method, const std::string &key);
// The options of `method` given on the command line, each parsed by its declaration; an
// option that only another method of `methods` has is refused, naming `method`; those in
// `skipped` are left out (a value the command reads itself, as train's --push auto).
MethodOptions methodOptions(const Arguments &args, const MethodSpec &method, const std::vector<MethodSpec> &methods,
                            const std::set<std::string> &skipped = {});
// The options given to a sweep, each for the swept single-shot methods that declare it
// ("--samples 4" sets smooth-cut's); one that none of them declares is refused.
std::map<std::string, MethodOptions> sweptMethodOptions(const Arguments &args, const std::vector<std::string> &methods);
// A noise scan's --sigmas, --relative-sigma, --sparsities and --scope, and Smooth-Cut's other
// options; --sigma (one level) and another method's option are refused.
SigmaScanOptions sigmaScanOptions(const Arguments &args);

// The options every data-reading command accepts, added to a command's own.
std::set<std::string> withDataOptions(std::set<std::string> options);

// The examples of `path` (default --data) for a model with `config`, read as the data
// options say; bad rows are reported on stderr.
Dataset readData(const Arguments &args, const ModelConfig &config, const std::string &path = {});
// The same, sampled and split into batches as the options say.
std::vector<ModelInputs> readBatches(const Arguments &args, const ModelConfig &config, std::string *description,
                                     const std::string &path = {});

std::vector<std::string> splitList(const std::string &text);

} // namespace prunescope::cli
