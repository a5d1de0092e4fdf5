#include "core/pruning/oneshot_methods.h"

#include "core/pruning/sparsegpt.h"
#include "core/pruning/training_methods.h" // parsePattern
#include "core/support/error.h"
#include "core/support/string_util.h"

#include <cmath>
#include <limits>

namespace prunescope {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
const char *const kUnstructured = "unstructured";

std::vector<MethodSpec> declarations()
{
    MethodSpec sparseGpt;
    sparseGpt.name = "sparsegpt";
    sparseGpt.title = "SparseGPT (Frantar & Alistarh 2023)";
    sparseGpt.summary = "prune --method sparsegpt: layer by layer over calibration data, each matrix pruned by OBS "
                        "saliency and the weights left updated to make up for those pruned";
    sparseGpt.granularities = {Granularity::Weight};
    sparseGpt.needs = {/*data=*/true, /*loss=*/false, /*gpu=*/false};
    // The patterns are those the paper evaluates, where keeping n of m and pruning n of m agree.
    sparseGpt.options = {
        numberOption("sparsity", 0.5, {0, 1, false, true}, "the share of each block's weights pruned (unstructured)"),
        choiceOption("pattern", kUnstructured, {kUnstructured, "2:4", "4:8"},
                     "unstructured, or n of every m consecutive inputs kept in each row"),
        numberOption("dampening", 0.01, {0, kInfinity, true}, "lambda as a share of the mean of diag H, added to H"),
        numberOption("block-size", int64_t(128), {1, kInfinity}, "B, the columns pruned before the lazy batch update"),
    };
    return {sparseGpt};
}

} // namespace

const std::vector<MethodSpec> &oneShotMethodSpecs()
{
    static const std::vector<MethodSpec> methods = declarations();
    return methods;
}

const MethodSpec &oneShotMethodSpec(const std::string &name)
{
    std::vector<std::string> known;
    for (const auto &m : oneShotMethodSpecs()) {
        if (m.name == name)
            return m;
        known.push_back(m.name);
    }
    throw Error("unknown one-shot pruning method '" + name + "' (known: " + joined(known) + ")");
}

bool isOneShotMethod(const std::string &name)
{
    return declares(oneShotMethodSpecs(), name);
}

SparseGptOptions sparseGptOptions(const MethodOptions &given)
{
    const MethodSpec &method = oneShotMethodSpec("sparsegpt");
    const MethodOptions all = resolved(method, given);
    SparseGptOptions o;
    o.sparsity = all.real("sparsity");
    o.dampening = all.real("dampening");
    o.blockSize = all.integer("block-size");
    const std::string &pattern = all.choice("pattern");
    if (pattern != kUnstructured) {
        std::tie(o.n, o.m) = parsePattern(pattern);
        if (given.has("sparsity") && std::abs(o.sparsity - o.prunedShare()) > 1e-12)
            throw Error("sparsity " + valueText(o.sparsity) + " and pattern " + pattern + " disagree: the pattern prunes "
                        + valueText(o.prunedShare()) + " of every row (an option of sparsegpt)");
        o.sparsity = o.prunedShare();
    }
    try {
        return checkedSparseGptOptions(o);
    } catch (const Error &e) {
        throw Error(std::string(e.what()) + " (an option of sparsegpt)");
    }
}

} // namespace prunescope
