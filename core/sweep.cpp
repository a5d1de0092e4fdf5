#include "core/sweep.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace prunescope {

namespace {

std::set<Granularity> scoreGranularities(MaskGranularity g)
{
    switch (g) {
    case MaskGranularity::Weight:
    case MaskGranularity::NM: return {Granularity::Weight};
    case MaskGranularity::Head: return {Granularity::Head};
    case MaskGranularity::Neuron: return {Granularity::Neuron};
    case MaskGranularity::Layer: return {Granularity::Head, Granularity::Neuron};
    }
    return {};
}

std::string number(double v, const char *format = "%.6g")
{
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

} // namespace

SweepResult runSweep(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                     const std::vector<ModelInputs> &evalBatches, SweepOptions options, const Progress &progress)
{
    if (options.sparsities.empty())
        throw Error("a sweep needs at least one sparsity");
    if (options.mask.granularity == MaskGranularity::NM)
        throw Error("an N:M pattern fixes its own sparsity: sweep weight, head, neuron or layer masks instead");
    for (double s : options.sparsities)
        if (!(s >= 0.0 && s <= 1.0))
            throw Error("sweep sparsity " + number(s) + " is not between 0 and 1");
    if (std::find(options.methods.begin(), options.methods.end(), "random") == options.methods.end())
        options.methods.insert(options.methods.begin(), "random");
    options.score.granularities = scoreGranularities(options.mask.granularity);
    for (const auto &method : options.methods) {
        const auto supported = supportedGranularities(method);
        if (std::none_of(options.score.granularities.begin(), options.score.granularities.end(),
                         [&](Granularity g) { return supported.count(g) > 0; }))
            throw Error("method '" + method + "' gives no " + granularityName(*options.score.granularities.begin())
                        + " scores for this sweep's masks");
    }
    const int64_t total = int64_t(options.methods.size() * (options.sparsities.size() + 1)) + 1;
    int64_t done = 0;
    const auto step = [&](const std::string &message) {
        if (progress && !progress(++done, total, message))
            throw Cancelled();
    };

    // However the sweep ends, the model is left dense.
    struct Unmask
    {
        TransformerModel &model;
        ~Unmask()
        {
            model.clearWeightMasks();
            model.resetGates();
        }
    } unmask{model};
    model.clearWeightMasks();
    model.resetGates();
    SweepResult result;
    const EvalResult dense = evaluate(model, evalBatches);
    result.metric = dense.primary;
    result.task = dense.task;
    result.dense = dense.metrics;
    step("dense model evaluated");

    for (const auto &method : options.methods) {
        options.score.method = method;
        const auto start = std::chrono::steady_clock::now();
        const ScoreMap scores = computeScores(model, scoreBatches, options.score);
        result.scoringSeconds[method] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        step(method + " scored");
        for (double sparsity : options.sparsities) {
            MaskOptions maskOptions = options.mask;
            maskOptions.sparsity = sparsity;
            const ScoreMap mask = buildMask(scores, model.structure(), maskOptions);
            applyMask(model, mask);
            SweepPoint point;
            point.method = method;
            point.sparsity = maskOptions.sparsity;
            point.achieved = maskSparsity(mask);
            point.metrics = evaluate(model, evalBatches).metrics;
            model.clearWeightMasks();
            model.resetGates();
            result.points.push_back(point);
            step(method + " at " + number(sparsity, "%.2f"));
        }
    }
    return result;
}

std::string sweepCsv(const SweepResult &result)
{
    std::vector<std::string> metrics;
    for (const auto &[name, value] : result.dense)
        metrics.push_back(name);
    std::ostringstream out;
    out << "method,sparsity,achieved_sparsity";
    for (const auto &m : metrics)
        out << "," << m;
    out << "\ndense,0,0";
    for (const auto &m : metrics)
        out << "," << number(result.dense.at(m));
    out << "\n";
    for (const auto &p : result.points) {
        out << p.method << "," << number(p.sparsity) << "," << number(p.achieved);
        for (const auto &m : metrics)
            out << "," << number(p.metrics.at(m));
        out << "\n";
    }
    return out.str();
}

std::string sweepSvg(const SweepResult &result, const std::string &title)
{
    const double width = 640, height = 420, left = 70, right = 170, top = 40, bottom = 50;
    double low = result.dense.at(result.metric), high = low;
    for (const auto &p : result.points) {
        low = std::min(low, p.metrics.at(result.metric));
        high = std::max(high, p.metrics.at(result.metric));
    }
    if (high - low < 1e-9) { // a flat curve: centre it
        const double margin = 0.05 * std::max(std::abs(low), 1.0);
        low -= margin, high += margin;
    }
    const double pad = 0.05 * (high - low);
    low -= pad, high += pad;
    const auto x = [&](double s) { return left + s * (width - left - right); };
    const auto y = [&](double v) { return top + (high - v) / (high - low) * (height - top - bottom); };
    static const char *const colours[] = {"#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"};

    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"" << left << "\" y=\"24\" font-size=\"14\">" << title << "</text>\n";
    for (int i = 0; i <= 5; ++i) { // axes with ticks
        const double s = i / 5.0, v = low + (high - low) * i / 5.0;
        svg << "<line x1=\"" << x(s) << "\" y1=\"" << y(low) << "\" x2=\"" << x(s) << "\" y2=\"" << y(high)
            << "\" stroke=\"#eee\"/><text x=\"" << x(s) << "\" y=\"" << height - bottom + 16 << "\" text-anchor=\"middle\">"
            << number(s, "%.1f") << "</text>\n";
        svg << "<line x1=\"" << x(0) << "\" y1=\"" << y(v) << "\" x2=\"" << x(1) << "\" y2=\"" << y(v)
            << "\" stroke=\"#eee\"/><text x=\"" << left - 6 << "\" y=\"" << y(v) + 4 << "\" text-anchor=\"end\">"
            << number(v, "%.3g") << "</text>\n";
    }
    svg << "<text x=\"" << x(0.5) << "\" y=\"" << height - 12 << "\" text-anchor=\"middle\">sparsity</text>\n"
        << "<text transform=\"translate(16," << y((low + high) / 2) << ") rotate(-90)\" text-anchor=\"middle\">"
        << result.metric << "</text>\n";
    const double denseY = y(result.dense.at(result.metric));
    svg << "<line x1=\"" << x(0) << "\" y1=\"" << denseY << "\" x2=\"" << x(1) << "\" y2=\"" << denseY
        << "\" stroke=\"black\" stroke-dasharray=\"6 4\"/>\n<text x=\"" << x(1) + 10 << "\" y=\"" << denseY + 4
        << "\">dense</text>\n";

    std::vector<std::string> methods;
    for (const auto &p : result.points)
        if (std::find(methods.begin(), methods.end(), p.method) == methods.end())
            methods.push_back(p.method);
    for (size_t i = 0; i < methods.size(); ++i) {
        const char *colour = colours[i % 8];
        svg << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
        for (const auto &p : result.points)
            if (p.method == methods[i])
                svg << x(p.achieved) << "," << y(p.metrics.at(result.metric)) << " ";
        svg << "\"/>\n";
        for (const auto &p : result.points)
            if (p.method == methods[i])
                svg << "<circle cx=\"" << x(p.achieved) << "\" cy=\"" << y(p.metrics.at(result.metric)) << "\" r=\"3\" fill=\""
                    << colour << "\"/>\n";
        svg << "<rect x=\"" << width - right + 20 << "\" y=\"" << top + 18 * i << "\" width=\"12\" height=\"12\" fill=\""
            << colour << "\"/><text x=\"" << width - right + 38 << "\" y=\"" << top + 18 * i + 10 << "\">" << methods[i]
            << "</text>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

} // namespace prunescope
