#include "core/analysis/sigma_scan_result.h"

#include "core/io/atomic_file.h"
#include "core/io/checkpoint_folder.h"
#include "core/io/file_kind.h"
#include "core/scoring/score_methods.h"
#include "core/support/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

constexpr const char *kKind = "sigma-scan";

std::string number(double v, const char *format = "%.6g")
{
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

std::string percentText(double share)
{
    return number(100 * share, "%.0f") + " %";
}

// One panel of the plot: a frame from (x0, y0) to (x1, y1) with log10 sigma across and
// `low`..`high` up, its ticks and labels.
struct Panel
{
    double x0, y0, x1, y1, logLow, logHigh, low, high;

    double x(double sigma) const
    {
        const double span = std::max(logHigh - logLow, 1e-9);
        return x0 + (std::log10(sigma) - logLow) / span * (x1 - x0);
    }
    double y(double v) const { return y0 + (high - v) / std::max(high - low, 1e-12) * (y1 - y0); }

    void frame(std::ostringstream &svg, const std::string &title, const std::string &axis) const
    {
        svg << "<text x=\"" << x0 << "\" y=\"" << y0 - 10 << "\" font-size=\"13\">" << title << "</text>\n";
        for (int i = 0; i <= 4; ++i) {
            const double v = low + (high - low) * i / 4.0;
            svg << "<line x1=\"" << x0 << "\" y1=\"" << y(v) << "\" x2=\"" << x1 << "\" y2=\"" << y(v)
                << "\" stroke=\"#eee\"/><text x=\"" << x0 - 6 << "\" y=\"" << y(v) + 4 << "\" text-anchor=\"end\">"
                << number(v, "%.3g") << "</text>\n";
        }
        for (int e = int(std::ceil(logLow - 1e-9)); e <= int(std::floor(logHigh + 1e-9)); ++e) {
            const double at = x(std::pow(10.0, e));
            svg << "<line x1=\"" << at << "\" y1=\"" << y0 << "\" x2=\"" << at << "\" y2=\"" << y1
                << "\" stroke=\"#eee\"/><text x=\"" << at << "\" y=\"" << y1 + 16 << "\" text-anchor=\"middle\">1e"
                << e << "</text>\n";
        }
        svg << "<rect x=\"" << x0 << "\" y=\"" << y0 << "\" width=\"" << x1 - x0 << "\" height=\"" << y1 - y0
            << "\" fill=\"none\" stroke=\"#999\"/>\n<text x=\"" << (x0 + x1) / 2 << "\" y=\"" << y1 + 34
            << "\" text-anchor=\"middle\">" << axis << "</text>\n";
    }

    void line(std::ostringstream &svg, const std::vector<double> &sigmas, const std::vector<double> &values,
              const char *colour) const
    {
        svg << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
        for (size_t i = 0; i < sigmas.size(); ++i)
            svg << x(sigmas[i]) << "," << y(values[i]) << " ";
        svg << "\"/>\n";
        for (size_t i = 0; i < sigmas.size(); ++i)
            svg << "<circle cx=\"" << x(sigmas[i]) << "\" cy=\"" << y(values[i]) << "\" r=\"3\" fill=\"" << colour
                << "\"/>\n";
    }

    void level(std::ostringstream &svg, double v, const char *colour, const char *dashes) const
    {
        svg << "<line x1=\"" << x0 << "\" y1=\"" << y(v) << "\" x2=\"" << x1 << "\" y2=\"" << y(v) << "\" stroke=\""
            << colour << "\" stroke-dasharray=\"" << dashes << "\"/>\n";
    }
};

void checkShapes(const SigmaScanResult &r, const std::string &fileName)
{
    const auto fail = [&](const std::string &what) { throw Error(fileName + ": " + what); };
    if (r.sigmas.empty() || r.sparsities.empty())
        fail("a noise scan needs at least one sigma and one sparsity");
    if (r.spearman.size() != r.sigmas.size() || r.smoothCut.size() != r.sigmas.size())
        fail("spearman and smooth_cut need one entry per sigma (" + std::to_string(r.sigmas.size()) + ")");
    for (const auto &row : r.smoothCut)
        if (row.size() != r.sparsities.size())
            fail("every smooth_cut row needs one value per sparsity (" + std::to_string(r.sparsities.size()) + ")");
    if (r.taylor.size() != r.sparsities.size() || r.magnitude.size() != r.sparsities.size())
        fail("taylor and magnitude need one value per sparsity (" + std::to_string(r.sparsities.size()) + ")");
    if (std::any_of(r.sigmas.begin(), r.sigmas.end(), [](double s) { return !(s > 0); }))
        fail("every sigma must be above 0");
}

} // namespace

MethodSpec smoothCutBesidesNoise()
{
    MethodSpec spec = scoreMethodSpec("smooth-cut");
    spec.options.erase(std::remove_if(spec.options.begin(), spec.options.end(),
                                      [](const OptionSpec &o) { return o.name == "sigma" || o.name == "relative-sigma"; }),
                       spec.options.end());
    return spec;
}

std::string sigmaScanCsv(const SigmaScanResult &result)
{
    std::ostringstream out;
    out << "row,sigma,spearman_with_taylor";
    for (double s : result.sparsities)
        out << "," << result.metric << "_at_" << number(s);
    out << "\n";
    for (size_t i = 0; i < result.sigmas.size(); ++i) {
        out << "smooth-cut," << number(result.sigmas[i]) << "," << number(result.spearman[i]);
        for (double v : result.smoothCut[i])
            out << "," << number(v);
        out << "\n";
    }
    for (const auto &[name, values] : {std::pair{"taylor", &result.taylor}, std::pair{"magnitude", &result.magnitude}}) {
        out << name << ",," << (std::string(name) == "taylor" ? "1" : "");
        for (double v : *values)
            out << "," << number(v);
        out << "\n";
    }
    return out.str();
}

std::string sigmaScanSvg(const SigmaScanResult &result)
{
    const double width = 820, height = 400, top = 60, bottom = 340;
    const auto [lowSigma, highSigma] = std::minmax_element(result.sigmas.begin(), result.sigmas.end());
    double logLow = std::log10(*lowSigma), logHigh = std::log10(*highSigma);
    if (logHigh - logLow < 1e-9)
        logLow -= 0.5, logHigh += 0.5;
    const double margin = 0.05 * (logHigh - logLow);
    logLow -= margin, logHigh += margin;
    double low = result.dense, high = result.dense;
    for (const auto *values : {&result.taylor, &result.magnitude})
        for (double v : *values)
            low = std::min(low, v), high = std::max(high, v);
    for (const auto &row : result.smoothCut)
        for (double v : row)
            low = std::min(low, v), high = std::max(high, v);
    const double pad = std::max(0.05 * (high - low), 1e-3);
    const Panel rank{60, top, 330, bottom, logLow, logHigh, std::min(0.0, *std::min_element(result.spearman.begin(),
                                                                                          result.spearman.end())),
                     1.0};
    const Panel metric{430, top, 680, bottom, logLow, logHigh, low - pad, high + pad};
    static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    const std::string sigmaAxis = result.relative ? "sigma (share of each tensor's spread)" : "sigma";

    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"60\" y=\"22\" font-size=\"14\">Smooth-Cut against Taylor as the noise grows</text>\n";
    rank.frame(svg, "rank correlation with Taylor (Spearman)", sigmaAxis);
    rank.line(svg, result.sigmas, result.spearman, "#333");
    metric.frame(svg, result.metric + " after one-shot weight pruning", sigmaAxis);
    metric.level(svg, result.dense, "black", "6 4");
    const double legendX = 700;
    svg << "<text x=\"" << legendX << "\" y=\"" << top + 10 << "\">dense (dashed black)</text>\n";
    for (size_t s = 0; s < result.sparsities.size(); ++s) {
        const char *colour = colours[s % 6];
        std::vector<double> values;
        for (const auto &row : result.smoothCut)
            values.push_back(row[s]);
        metric.line(svg, result.sigmas, values, colour);
        metric.level(svg, result.taylor[s], colour, "6 4");
        metric.level(svg, result.magnitude[s], colour, "1 3");
        const double y = top + 34 + 54 * double(s);
        svg << "<rect x=\"" << legendX << "\" y=\"" << y - 10 << "\" width=\"12\" height=\"12\" fill=\"" << colour
            << "\"/><text x=\"" << legendX + 18 << "\" y=\"" << y << "\">" << percentText(result.sparsities[s])
            << " Smooth-Cut</text>\n<text x=\"" << legendX + 18 << "\" y=\"" << y + 16 << "\">dashed: Taylor</text>\n"
            << "<text x=\"" << legendX + 18 << "\" y=\"" << y + 32 << "\">dotted: magnitude</text>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

std::string sigmaScanJson(const SigmaScanResult &result)
{
    nlohmann::json json = {{kKindKey, kKind},
                           {"metric", result.metric},
                           {"task", result.task},
                           {"dense", result.dense},
                           {"relative_sigma", result.relative},
                           {"sigmas", result.sigmas},
                           {"sparsities", result.sparsities},
                           {"spearman_with_taylor", result.spearman},
                           {"smooth_cut", result.smoothCut},
                           {"taylor", result.taylor},
                           {"magnitude", result.magnitude},
                           {"settings", result.settings}};
    return json.dump(2) + "\n";
}

SigmaScanResult parseSigmaScanJson(const std::string &text, const std::string &fileName)
{
    SigmaScanResult r;
    try {
        const auto json = nlohmann::json::parse(text);
        const std::string kind = json.is_object() && json.contains(kKindKey) && json[kKindKey].is_string()
                                     ? json[kKindKey].get<std::string>()
                                     : std::string();
        if (kind != kKind)
            throw Error(fileName + " is " + (kind.empty() ? std::string("not a noise scan") : kindDescription(kind))
                        + (kind.empty() ? "" : ", not a noise scan"));
        r.metric = json.at("metric").get<std::string>();
        r.task = json.at("task").get<std::string>();
        r.dense = json.at("dense").get<double>();
        r.relative = json.at("relative_sigma").get<bool>();
        r.sigmas = json.at("sigmas").get<std::vector<double>>();
        r.sparsities = json.at("sparsities").get<std::vector<double>>();
        r.spearman = json.at("spearman_with_taylor").get<std::vector<double>>();
        r.smoothCut = json.at("smooth_cut").get<std::vector<std::vector<double>>>();
        r.taylor = json.at("taylor").get<std::vector<double>>();
        r.magnitude = json.at("magnitude").get<std::vector<double>>();
        r.settings = json.value("settings", std::map<std::string, std::string>{});
    } catch (const nlohmann::json::exception &e) {
        throw Error(fileName + ": not a noise scan (" + e.what() + ")");
    }
    checkShapes(r, fileName);
    return r;
}

SigmaScanResult readSigmaScan(const fs::path &folder)
{
    const fs::path file = folder / "sigma-scan.json";
    return parseSigmaScanJson(readTextFile(file), file.string());
}

std::string sigmaScanText(const SigmaScanResult &result)
{
    std::ostringstream out;
    char cell[64];
    const auto row = [&](const std::string &name, const std::string &spearman, const std::vector<double> &values) {
        std::snprintf(cell, sizeof cell, "%-12s %-10s", name.c_str(), spearman.c_str());
        out << cell;
        for (double v : values) {
            std::snprintf(cell, sizeof cell, " %10.4f", v);
            out << cell;
        }
        out << "\n";
    };
    std::snprintf(cell, sizeof cell, "%-12s %-10s", result.relative ? "sigma (rel.)" : "sigma", "spearman");
    out << cell;
    for (double s : result.sparsities) {
        std::snprintf(cell, sizeof cell, " %10s", ("at " + percentText(s)).c_str());
        out << cell;
    }
    out << "\n";
    for (size_t i = 0; i < result.sigmas.size(); ++i)
        row(number(result.sigmas[i], "%.3g"), number(result.spearman[i], "%.6f"), result.smoothCut[i]);
    row("taylor", "1", result.taylor);
    row("magnitude", "", result.magnitude);
    out << "dense " << result.metric << " " << number(result.dense, "%.4f") << "; the columns are " << result.metric
        << " after one-shot weight pruning\n";
    return out.str();
}

fs::path writeSigmaScan(const fs::path &folder, const SigmaScanResult &result, bool replace)
{
    checkShapes(result, folder.string());
    checkOutputFolder(folder, replace);
    TemporaryFolder temporary(folder);
    writeFileAtomically(temporary.path / "sigma-scan.csv", sigmaScanCsv(result));
    writeFileAtomically(temporary.path / "sigma-scan.svg", sigmaScanSvg(result));
    writeFileAtomically(temporary.path / "sigma-scan.json", sigmaScanJson(result));
    return moveFolderIntoPlace(temporary, folder, "sigma-scan.json");
}

} // namespace prunescope
