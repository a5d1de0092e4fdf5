#include "core/analysis/sweep_result.h"

#include "core/io/atomic_file.h"
#include "core/io/checkpoint_folder.h"
#include "core/support/error.h"
#include "core/io/file_kind.h"
#include "core/support/metric_direction.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

std::string number(double v, const char *format = "%.6g")
{
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

} // namespace

std::vector<std::string> SweepResult::methods() const
{
    std::vector<std::string> names;
    for (const auto &p : points)
        if (std::find(names.begin(), names.end(), p.method) == names.end())
            names.push_back(p.method);
    return names;
}

int64_t SweepCurve::draws() const
{
    int64_t most = 0;
    for (const auto &p : points)
        most = std::max(most, p.draws);
    return most;
}

std::vector<SweepCurve> sweepCurves(const SweepResult &result, const std::string &metric)
{
    std::vector<SweepCurve> curves;
    for (const auto &method : result.methods()) {
        SweepCurve curve{method, {}};
        for (const auto &p : result.points) {
            if (p.method != method)
                continue;
            const double value = p.metrics.at(metric);
            auto same = std::find_if(curve.points.begin(), curve.points.end(),
                                     [&](const SweepCurvePoint &c) { return c.sparsity == p.sparsity; });
            if (same == curve.points.end()) {
                curve.points.push_back({p.sparsity, 0, 0, value, value, 0});
                same = curve.points.end() - 1;
            }
            same->achieved += p.achieved;
            same->mean += value;
            same->low = std::min(same->low, value);
            same->high = std::max(same->high, value);
            ++same->draws;
        }
        for (auto &c : curve.points) {
            c.achieved /= double(c.draws);
            c.mean /= double(c.draws);
        }
        curves.push_back(std::move(curve));
    }
    return curves;
}

std::string vsRandom(const SweepResult &result, const SweepPoint &point)
{
    if (point.method == "random")
        return {};
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const auto &p : result.points)
        if (p.method == "random" && p.sparsity == point.sparsity) {
            low = std::min(low, p.metrics.at(result.metric));
            high = std::max(high, p.metrics.at(result.metric));
        }
    if (low > high)
        return {};
    const bool lower = lowerIsBetter(result.metric);
    const double value = point.metrics.at(result.metric);
    if (value > high)
        return lower ? "below" : "above";
    if (value < low)
        return lower ? "above" : "below";
    return "within";
}

std::string sweepCsv(const SweepResult &result)
{
    std::vector<std::string> metrics;
    for (const auto &[name, value] : result.dense)
        metrics.push_back(name);
    std::ostringstream out;
    out << "method,draw,sparsity,achieved_sparsity";
    for (const auto &m : metrics)
        out << "," << m;
    out << ",vs_random\ndense,,0,0";
    for (const auto &m : metrics)
        out << "," << number(result.dense.at(m));
    out << ",\n";
    for (const auto &p : result.points) {
        out << p.method << "," << (p.draw >= 0 ? std::to_string(p.draw) : std::string()) << "," << number(p.sparsity) << ","
            << number(p.achieved);
        for (const auto &m : metrics)
            out << "," << number(p.metrics.at(m));
        out << "," << vsRandom(result, p) << "\n";
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
    // The legend sits right of the plot area, the dense line its first entry (a label at the
    // line's end ran into the legend where the dense value was near the top).
    const double legendX = width - right + 20;
    const auto legendY = [&](size_t row) { return top + 18 * double(row); };
    svg << "<line x1=\"" << x(0) << "\" y1=\"" << denseY << "\" x2=\"" << x(1) << "\" y2=\"" << denseY
        << "\" stroke=\"black\" stroke-dasharray=\"6 4\"/>\n<line x1=\"" << legendX << "\" y1=\"" << legendY(0) + 6
        << "\" x2=\"" << legendX + 12 << "\" y2=\"" << legendY(0) + 6 << "\" stroke=\"black\" stroke-dasharray=\"3 2\"/><text x=\""
        << legendX + 18 << "\" y=\"" << legendY(0) + 10 << "\">dense</text>\n";

    const std::vector<SweepCurve> curves = sweepCurves(result, result.metric);
    for (size_t i = 0; i < curves.size(); ++i) {
        const char *colour = colours[i % 8];
        const auto &points = curves[i].points;
        if (curves[i].draws() > 1) { // the range of the draws, shaded under the mean
            svg << "<polygon fill=\"" << colour << "\" fill-opacity=\"0.2\" stroke=\"none\" points=\"";
            for (const auto &p : points)
                svg << x(p.achieved) << "," << y(p.high) << " ";
            for (auto p = points.rbegin(); p != points.rend(); ++p)
                svg << x(p->achieved) << "," << y(p->low) << " ";
            svg << "\"/>\n";
        }
        svg << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
        for (const auto &p : points)
            svg << x(p.achieved) << "," << y(p.mean) << " ";
        svg << "\"/>\n";
        for (const auto &p : points)
            svg << "<circle cx=\"" << x(p.achieved) << "\" cy=\"" << y(p.mean) << "\" r=\"3\" fill=\"" << colour << "\"/>\n";
        const std::string label = curves[i].draws() > 1
                                      ? curves[i].method + " (" + std::to_string(curves[i].draws()) + " draws)"
                                      : curves[i].method;
        svg << "<rect x=\"" << legendX << "\" y=\"" << legendY(i + 1) << "\" width=\"12\" height=\"12\" fill=\"" << colour
            << "\"/><text x=\"" << legendX + 18 << "\" y=\"" << legendY(i + 1) + 10 << "\">" << label << "</text>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

std::string sweepJson(const SweepResult &result)
{
    nlohmann::json points = nlohmann::json::array();
    for (const auto &p : result.points) {
        points.push_back({{"method", p.method}, {"sparsity", p.sparsity}, {"achieved_sparsity", p.achieved}, {"metrics", p.metrics}});
        if (p.draw >= 0)
            points.back()["draw"] = p.draw;
    }
    nlohmann::json json = {{"metric", result.metric}, {"task", result.task}, {"dense", result.dense},
                           {"points", points}, {"scoring_seconds", result.scoringSeconds}};
    for (const auto &[key, value] : result.settings)
        json[key] = value;
    json[kKindKey] = "sweep";
    return json.dump(2) + "\n";
}

SweepResult parseSweepJson(const std::string &text, const std::string &fileName)
{
    SweepResult result;
    try {
        const auto json = nlohmann::json::parse(text);
        // Files of other kinds are named for what they are; older sweeps record no kind.
        if (json.is_object() && json.contains(kKindKey) && json[kKindKey] != "sweep")
            throw Error(fileName + " is " + kindDescription(json[kKindKey].is_string() ? json[kKindKey].get<std::string>() : "")
                        + ", not a sweep");
        if (json.is_object() && !json.contains(kKindKey) && json.contains("items") && json.contains("overall"))
            throw Error(fileName + " is " + kindDescription("comparison") + ", not a sweep");
        result.metric = json.at("metric").get<std::string>();
        result.task = json.at("task").get<std::string>();
        result.dense = json.at("dense").get<std::map<std::string, double>>();
        result.scoringSeconds = json.value("scoring_seconds", std::map<std::string, double>{});
        for (const auto &p : json.at("points"))
            result.points.push_back({p.at("method").get<std::string>(), p.at("sparsity").get<double>(),
                                     p.at("achieved_sparsity").get<double>(),
                                     p.at("metrics").get<std::map<std::string, double>>(), p.value("draw", int64_t(-1))});
        for (const auto &[key, value] : json.items())
            if (value.is_string() && key != "metric" && key != "task" && key != kKindKey)
                result.settings[key] = value.get<std::string>();
    } catch (const nlohmann::json::exception &e) {
        throw Error(fileName + ": not a sweep result (" + e.what() + ")");
    }
    if (!result.dense.count(result.metric))
        throw Error(fileName + ": the dense model has no '" + result.metric + "'");
    // Every point measured what the dense model did: the CSV has a column for each.
    for (const auto &p : result.points)
        for (const auto &[metric, value] : result.dense)
            if (!p.metrics.count(metric))
                throw Error(fileName + ": the point " + p.method + " at " + number(p.sparsity) + " has no '" + metric + "'");
    return result;
}

SweepResult readSweep(const std::filesystem::path &folder)
{
    const auto file = folder / "sweep.json";
    return parseSweepJson(readTextFile(file), file.string());
}

fs::path writeSweep(const fs::path &folder, const SweepResult &result, bool replace)
{
    checkOutputFolder(folder, replace);
    TemporaryFolder temporary(folder);
    const auto granularity = result.settings.count("granularity") ? result.settings.at("granularity") : std::string("unit");
    writeFileAtomically(temporary.path / "sweep.csv", sweepCsv(result));
    writeFileAtomically(temporary.path / "sweep.svg", sweepSvg(result, result.metric + " vs " + granularity + " sparsity"));
    writeFileAtomically(temporary.path / "sweep.json", sweepJson(result));
    return moveFolderIntoPlace(temporary, folder, "sweep.json");
}

} // namespace prunescope
