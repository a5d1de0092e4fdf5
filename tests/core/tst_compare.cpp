// Mask and score comparison against hand-computed cases and brute-force computations:
// IoU, cosine and Hamming of two head masks overall and per layer, profiles, and
// Spearman, Kendall tau-b and top-k overlap of score maps with ties; masks stored as U8
// and compared as stored; the comparison's JSON read back.
#include "core/analysis/compare.h"
#include "core/support/error.h"
#include "core/pruning/masks.h"
#include "core/models/model_config.h"
#include "core/io/safetensors.h"
#include "core/study/study.h"
#include "core/analysis/sweep_result.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

using namespace prunescope;

namespace {

ModelStructure bertStructure()
{
    return describeStructure(readModelConfig(std::filesystem::path(PRUNESCOPE_TEST_DATA) / "hf/bert/config.json"));
}

// The error a call throws, or "" when it throws none.
template <class Call>
std::string errorOf(Call call)
{
    try {
        call();
    } catch (const Error &e) {
        return e.what();
    }
    return {};
}

std::string metadataKind(const std::filesystem::path &file)
{
    const auto opened = SafetensorsFile::open(file);
    const auto &metadata = opened->metadata();
    return metadata.count("prunescope.kind") ? metadata.at("prunescope.kind") : std::string();
}

ScoreMap headMask(std::vector<float> values)
{
    ScoreMap m;
    m.tensors["heads"] = torch::tensor(values).reshape({2, 4});
    return m;
}

// Ranks with ties at their mean, by counting.
std::vector<double> bruteRanks(const std::vector<double> &x)
{
    std::vector<double> r(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        double below = 0, equal = 0;
        for (const double v : x) {
            below += v < x[i];
            equal += v == x[i];
        }
        r[i] = below + (equal - 1) / 2;
    }
    return r;
}

double pearson(const std::vector<double> &a, const std::vector<double> &b)
{
    double ma = 0, mb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ma += a[i] / double(a.size());
        mb += b[i] / double(b.size());
    }
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ab += (a[i] - ma) * (b[i] - mb);
        aa += (a[i] - ma) * (a[i] - ma);
        bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / std::sqrt(aa * bb);
}

double bruteKendall(const std::vector<double> &a, const std::vector<double> &b)
{
    double concordant = 0, discordant = 0, tiesA = 0, tiesB = 0, pairs = 0;
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = i + 1; j < a.size(); ++j) {
            const double s = (a[i] - a[j]) * (b[i] - b[j]);
            pairs += 1;
            concordant += s > 0;
            discordant += s < 0;
            tiesA += a[i] == a[j];
            tiesB += b[i] == b[j];
        }
    return (concordant - discordant) / std::sqrt((pairs - tiesA) * (pairs - tiesB));
}

std::vector<double> values(const torch::Tensor &t)
{
    const auto c = t.to(torch::kDouble).flatten().contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private slots:
    void masksByHand()
    {
        // Pruned: a = {(0,0), (1,2), (1,3)}, b = {(0,0), (0,1), (1,3)}: 2 shared, 4 in all, of 8.
        const ScoreMap a = headMask({0, 1, 1, 1, 1, 1, 0, 0}), b = headMask({0, 0, 1, 1, 1, 1, 1, 0});
        const MapComparison c = compareMaps({"a", "b"}, {a, b}, bertStructure());
        QCOMPARE(c.isMask, (std::vector<bool>{true, true}));
        QCOMPARE(c.overall.at("iou")[0][1], 0.5);
        QCOMPARE(c.overall.at("hamming")[0][1], 0.25);
        QCOMPARE(c.overall.at("cosine")[0][1], 0.8); // keep vectors: 4 shared of 5 and 5
        QCOMPARE(c.overall.at("iou")[1][1], 1.0);
        QCOMPARE(c.layers, (std::vector<std::string>{"encoder 0", "encoder 1"}));
        for (int layer = 0; layer < 2; ++layer) {
            QCOMPARE(c.perLayer.at("iou")[size_t(layer)][0][1], 0.5);
            QCOMPARE(c.perLayer.at("hamming")[size_t(layer)][0][1], 0.25);
            QVERIFY(std::abs(c.perLayer.at("cosine")[size_t(layer)][0][1] - 2 / std::sqrt(6.0)) < 1e-12);
        }
        QCOMPARE(c.tensorIou.at("heads")[0][1], 0.5);
        QCOMPARE(c.survivingHeads[0], (std::vector<int64_t>{3, 2}));
        QCOMPARE(c.survivingHeads[1], (std::vector<int64_t>{2, 3}));
        QCOMPARE(c.attentionSparsity[0], (std::vector<double>{0.25, 0.5}));
        QVERIFY(std::isnan(c.overall.at("spearman")[0][1])); // masks get no rank metrics

        // Masks that prune nothing agree perfectly; another model's mask is refused by name.
        const ScoreMap none = headMask(std::vector<float>(8, 1));
        QCOMPARE(compareMaps({"x", "y"}, {none, none}, bertStructure()).overall.at("iou")[0][1], 1.0);
        ScoreMap wrong;
        wrong.tensors["heads"] = torch::ones({3, 4});
        QVERIFY_THROWS_EXCEPTION(Error, compareMaps({"a", "other"}, {a, wrong}, bertStructure()));
    }

    // Masks of every kind of tensor, counted pair by pair by hand: weight masks wider than
    // the 2048 columns a product takes at once (an FFN of 101 neurons: 6,464 columns, the last
    // chunk padded), head masks, and neuron masks of 101 a layer (rows that start off a 4-byte
    // boundary, which the GPU's kernel reads byte by byte); one mask's neurons stored as bool.
    // IoU overall, per layer and per tensor, each mask's FFN sparsity and surviving heads per
    // layer. On a GPU as well where there is one (its kernel counts up to 16 masks at once);
    // 17 masks, counted as products, must give the first three's figures.
    void wideMasksAgainstCounting()
    {
        auto config = readModelConfig(std::filesystem::path(PRUNESCOPE_TEST_DATA) / "hf/bert/config.json");
        config.towers[0].ffn = 101;
        const ModelStructure structure = describeStructure(config);
        const auto &tower = structure.towers[0];
        const std::string heads = headsName(structure, 0), neurons = neuronsName(structure, 0);
        const auto layers = tower.layers.size();
        torch::manual_seed(11);
        std::vector<ScoreMap> masks(17);
        std::vector<std::string> names;
        for (size_t i = 0; i < masks.size(); ++i) {
            const auto draw = [&](c10::IntArrayRef shape) {
                return torch::rand(shape).ge(0.2 + 0.25 * double(i % 3)).to(torch::kUInt8);
            };
            for (const auto &layer : tower.layers)
                for (const auto &m : layer.matrices)
                    masks[i].tensors[m.weight] = draw(storedShape(m));
            masks[i].tensors[heads] = draw({int64_t(layers), tower.heads});
            masks[i].tensors[neurons] = draw({int64_t(layers), tower.ffn});
            names.push_back(i < 3 ? std::string(1, char('a' + i)) : "m" + std::to_string(i));
        }
        masks[1].tensors[neurons] = masks[1].at(neurons).to(torch::kBool);
        const std::vector<ScoreMap> three(masks.begin(), masks.begin() + 3);

        // What each layer is made of: its matrices whole, and its row of the unit tensors.
        struct Piece
        {
            std::string tensor;
            size_t layer;
            int64_t row; // -1: the whole tensor
        };
        std::vector<Piece> pieces;
        for (size_t l = 0; l < layers; ++l) {
            for (const auto &m : tower.layers[l].matrices)
                pieces.push_back({m.weight, l, -1});
            pieces.push_back({heads, l, int64_t(l)});
            pieces.push_back({neurons, l, int64_t(l)});
        }
        const auto zeros = [&](size_t mask, const Piece &p) {
            const auto &t = masks[mask].at(p.tensor);
            return (p.row < 0 ? t : t[p.row]).eq(0);
        };

        for (const auto device : prunescope::testing::testDevices()) {
            CompareOptions options;
            options.device = device;
            const MapComparison c = compareMaps({names.begin(), names.begin() + 3}, three, structure, options);
            for (size_t a = 0; a < 3; ++a)
                for (size_t b = 0; b < 3; ++b) {
                    double both = 0, either = 0;
                    std::vector<double> layerBoth(layers), layerEither(layers);
                    std::map<std::string, std::pair<double, double>> tensorCounts; // both, either
                    for (const auto &p : pieces) {
                        const auto pa = zeros(a, p), pb = zeros(b, p);
                        const double shared = pa.logical_and(pb).sum().item<double>();
                        const double any = pa.logical_or(pb).sum().item<double>();
                        both += shared;
                        either += any;
                        layerBoth[p.layer] += shared;
                        layerEither[p.layer] += any;
                        tensorCounts[p.tensor].first += shared;
                        tensorCounts[p.tensor].second += any;
                    }
                    for (const auto &[name, counts] : tensorCounts)
                        QCOMPARE(c.tensorIou.at(name)[a][b], counts.first / counts.second);
                    QCOMPARE(c.overall.at("iou")[a][b], both / either);
                    for (size_t l = 0; l < layers; ++l)
                        QCOMPARE(c.perLayer.at("iou")[l][a][b], layerBoth[l] / layerEither[l]);
                }
            const auto &ffnIn = tower.layers[1].withRole(MatrixRole::FfnIn).weight;
            const auto &ffnOut = tower.layers[1].withRole(MatrixRole::FfnOut).weight;
            const double pruned = masks[2].at(ffnIn).eq(0).sum().item<double>()
                                  + masks[2].at(ffnOut).eq(0).sum().item<double>()
                                  + masks[2].at(neurons)[1].eq(0).sum().item<double>();
            QCOMPARE(c.ffnSparsity[2][1], pruned / double(2 * tower.ffn * tower.hidden + tower.ffn));
            for (size_t l = 0; l < layers; ++l)
                QCOMPARE(c.survivingHeads[1][l], masks[1].at(heads)[int64_t(l)].ne(0).sum().item<int64_t>());

            const MapComparison all = compareMaps(names, masks, structure, options);
            for (size_t a = 0; a < 3; ++a)
                for (size_t b = 0; b < 3; ++b) {
                    QCOMPARE(all.overall.at("iou")[a][b], c.overall.at("iou")[a][b]);
                    for (const auto &[name, iou] : c.tensorIou)
                        QCOMPARE(all.tensorIou.at(name)[a][b], iou[a][b]);
                }
            QCOMPARE(all.ffnSparsity[2], c.ffnSparsity[2]);
            QCOMPARE(all.survivingHeads[1], c.survivingHeads[1]);
            qInfo("%s: IoU of a and c %.6f", device.str().c_str(), c.overall.at("iou")[0][2]);
        }
    }

    void scoresAgainstBruteForce()
    {
        torch::manual_seed(3);
        const auto structure = bertStructure();
        // Rounded to one decimal: many ties, as real scores of pruned units have.
        const auto draw = [] {
            ScoreMap m;
            m.tensors["heads"] = (torch::rand({2, 4}) * 10).round() / 10;
            m.tensors["neurons"] = (torch::rand({2, 128}) * 10).round() / 10;
            return m;
        };
        ScoreMap x = draw(), y = draw();
        y.tensors["neurons"] = x.tensors["neurons"] * 0.5 + y.tensors["neurons"] * 0.5; // correlated
        CompareOptions options;
        options.topFraction = 0.25;
        const MapComparison c = compareMaps({"x", "y"}, {x, y}, structure, options);
        QCOMPARE(c.isMask, (std::vector<bool>{false, false}));

        // Units in the order the comparison concatenates them: tensors by name.
        std::vector<double> a = values(x.at("heads")), b = values(y.at("heads"));
        for (const double v : values(x.at("neurons")))
            a.push_back(v);
        for (const double v : values(y.at("neurons")))
            b.push_back(v);
        const double spearman = pearson(bruteRanks(a), bruteRanks(b)), kendall = bruteKendall(a, b);
        qInfo("spearman %.12f (brute %.12f), kendall %.12f (brute %.12f)", c.overall.at("spearman")[0][1], spearman,
              c.overall.at("kendall")[0][1], kendall);
        QVERIFY(std::abs(c.overall.at("spearman")[0][1] - spearman) < 1e-12);
        QVERIFY(std::abs(c.overall.at("kendall")[0][1] - kendall) < 1e-12);
        QVERIFY(spearman > 0.3);

        // Top 25 %: the k highest of each, as topk picks them (ties broken the same way on both sides here).
        const int64_t k = int64_t(std::ceil(0.25 * double(a.size())));
        const auto topA = std::get<1>(torch::tensor(a).topk(k)), topB = std::get<1>(torch::tensor(b).topk(k));
        const auto shared = torch::isin(topA, topB).sum().item<double>();
        QCOMPARE(c.overall.at("topk")[0][1], shared / double(k));

        // Per layer: the layer's own units ranked on their own.
        std::vector<double> a1 = values(x.at("heads")[1]), b1 = values(y.at("heads")[1]);
        for (const double v : values(x.at("neurons")[1]))
            a1.push_back(v);
        for (const double v : values(y.at("neurons")[1]))
            b1.push_back(v);
        QVERIFY(std::abs(c.perLayer.at("spearman")[1][0][1] - pearson(bruteRanks(a1), bruteRanks(b1))) < 1e-12);
        QVERIFY(std::abs(c.perLayer.at("kendall")[1][0][1] - bruteKendall(a1, b1)) < 1e-12);

        // Above the unit limit, Kendall's tau runs on a seeded sample of that many units.
        options.kendallUnits = 100;
        const MapComparison sampled = compareMaps({"x", "y"}, {x, y}, structure, options);
        QCOMPARE(sampled.kendallUnits, int64_t(100));
        QVERIFY(std::abs(sampled.overall.at("kendall")[0][1] - kendall) < 0.2);
    }

    // Masks are written as U8 and compared as they are stored, with the same results as
    // float masks; score maps stay float32.
    void storedMasksCompareAsFloats()
    {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        ScoreMap a = headMask({0, 1, 1, 1, 1, 1, 0, 0}), b = headMask({0, 0, 1, 1, 1, 1, 1, 0});
        a.tensors["neurons"] = (torch::arange(256) % 3).ne(0).to(torch::kFloat).reshape({2, 128});
        b.tensors["neurons"] = (torch::arange(256) % 5).ne(0).to(torch::kFloat).reshape({2, 128});
        ScoreMap scores;
        scores.tensors["heads"] = torch::rand({2, 4});
        saveScoreMap(folder / "a.safetensors", a);
        saveScoreMap(folder / "b.safetensors", b);
        saveScoreMap(folder / "scores.safetensors", scores);
        const auto file = SafetensorsFile::open(folder / "a.safetensors");
        QCOMPARE(int(file->find("heads")->dtype), int(DType::U8));
        QCOMPARE(int(SafetensorsFile::open(folder / "scores.safetensors")->find("heads")->dtype), int(DType::F32));

        const ScoreMap asFloat = loadScoreMap(folder / "a.safetensors");
        QCOMPARE(asFloat.at("heads").scalar_type(), torch::kFloat);
        QVERIFY(asFloat.at("heads").equal(a.at("heads")));
        const ScoreMap storedA = loadScoreMap(folder / "a.safetensors", LoadAs::Stored);
        const ScoreMap storedB = loadScoreMap(folder / "b.safetensors", LoadAs::Stored);
        QCOMPARE(storedA.at("neurons").scalar_type(), torch::kUInt8);
        QCOMPARE(loadScoreMap(folder / "scores.safetensors", LoadAs::Stored).at("heads").scalar_type(), torch::kFloat);

        const MapComparison floats = compareMaps({"a", "b"}, {a, b}, bertStructure());
        const MapComparison stored = compareMaps({"a", "b"}, {storedA, storedB}, bertStructure());
        QCOMPARE(stored.isMask, (std::vector<bool>{true, true}));
        for (const char *metric : {"iou", "cosine", "hamming"}) {
            QCOMPARE(stored.overall.at(metric), floats.overall.at(metric));
            QCOMPARE(stored.perLayer.at(metric), floats.perLayer.at(metric));
        }
        QCOMPARE(stored.ffnSparsity, floats.ffnSparsity);

        // The same mask as floats with no kind, as other tools write masks (torch.nn.utils.prune):
        // a mask by its values, kept as bytes, compared as the mask it is; half precision too.
        writeSafetensors(folder / "a-float.safetensors", {{"heads", a.at("heads")}, {"neurons", a.at("neurons")}});
        writeSafetensors(folder / "b-half.safetensors",
                         {{"heads", b.at("heads").to(torch::kHalf)}, {"neurons", b.at("neurons").to(torch::kHalf)}});
        const ScoreMap floatA = loadMaskOrScores(folder / "a-float.safetensors", LoadAs::Stored);
        const ScoreMap halfB = loadMaskOrScores(folder / "b-half.safetensors", LoadAs::Stored);
        QVERIFY(floatA.kind == MapKind::Mask && halfB.kind == MapKind::Mask);
        QCOMPARE(floatA.at("neurons").scalar_type(), torch::kUInt8);
        QVERIFY(floatA.at("neurons").equal(storedA.at("neurons")));
        const MapComparison fromOtherTools = compareMaps({"a", "b"}, {floatA, halfB}, bertStructure());
        QCOMPARE(fromOtherTools.isMask, (std::vector<bool>{true, true}));
        QCOMPARE(fromOtherTools.overall.at("iou"), stored.overall.at("iou"));
        // One value other than 0 and 1 makes a score map.
        torch::Tensor almost = a.at("heads").clone();
        almost.index_put_({0, 0}, 0.5);
        writeSafetensors(folder / "almost.safetensors", {{"heads", almost}});
        QVERIFY(loadMaskOrScores(folder / "almost.safetensors", LoadAs::Stored).kind == MapKind::Scores);
    }

    // A score map given as a mask was used as gates without a word: files record their
    // kind, and loading one of the wrong kind names the file and what it is.
    void kindsAreRecordedAndChecked()
    {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        ScoreMap scores;
        scores.tensors["heads"] = torch::rand({2, 4});
        // Scores that happen to be 0 or 1 are still scores when the scorer says so, and a
        // mask that prunes nothing is still a mask.
        ScoreMap binaryScores;
        binaryScores.tensors["heads"] = torch::ones({2, 4});
        binaryScores.kind = MapKind::Scores;
        const ScoreMap keepAll = buildMask(scores, bertStructure(), parseMaskOptions("head", "tensor", 0.0));
        saveScoreMap(folder / "scores.safetensors", scores);
        saveScoreMap(folder / "binary-scores.safetensors", binaryScores);
        saveScoreMap(folder / "keep-all.safetensors", keepAll);
        saveScoreMap(folder / "mask.safetensors", headMask({0, 1, 1, 1, 1, 1, 0, 0}));
        QCOMPARE(metadataKind(folder / "scores.safetensors"), std::string("scores"));
        QCOMPARE(metadataKind(folder / "binary-scores.safetensors"), std::string("scores"));
        QCOMPARE(metadataKind(folder / "keep-all.safetensors"), std::string("mask"));
        QCOMPARE(metadataKind(folder / "mask.safetensors"), std::string("mask"));

        QCOMPARE(compareMaps({"binary", "scores"}, {binaryScores, scores}, bertStructure()).isMask,
                 (std::vector<bool>{false, false})); // compared as the score maps they are
        QVERIFY(loadMask(folder / "mask.safetensors").kind == MapKind::Mask);
        QVERIFY(loadScores(folder / "binary-scores.safetensors").kind == MapKind::Scores);
        const std::string path = (folder / "scores.safetensors").string();
        QCOMPARE(errorOf([&] { loadMask(path); }), path + " is a score map, not a mask");
        QCOMPARE(errorOf([&] { loadMask(folder / "binary-scores.safetensors"); }),
                 (folder / "binary-scores.safetensors").string() + " is a score map, not a mask");
        QCOMPARE(errorOf([&] { loadScores(folder / "mask.safetensors"); }),
                 (folder / "mask.safetensors").string() + " is a mask, not a score map");

        writeSafetensors(folder / "maps.safetensors", {{"map", torch::rand({2, 5})}}, {{"prunescope.kind", "attribution"}});
        QCOMPARE(errorOf([&] { loadMaskOrScores(folder / "maps.safetensors"); }),
                 (folder / "maps.safetensors").string() + " is an attribution map, not a mask or a score map");
        writeSafetensors(folder / "odd.safetensors", {{"heads", torch::rand({2, 4})}}, {{"prunescope.kind", "model"}});
        QVERIFY(errorOf([&] { loadScoreMap(folder / "odd.safetensors"); }).find("odd.safetensors is a file of another kind ('model')") !=
                std::string::npos);

        // Comparisons and sweeps given as masks are named for what they are.
        std::ofstream(folder / "comparison.json") << comparisonJson(compareMaps({"a", "b"}, {headMask({0, 1, 1, 1, 1, 1, 0, 0}),
                                                                                       headMask({0, 0, 1, 1, 1, 1, 1, 0})},
                                                                               bertStructure()));
        QCOMPARE(errorOf([&] { loadMask(folder / "comparison.json"); }),
                 (folder / "comparison.json").string() + " is a comparison, not a mask");
    }

    // Files written before kinds were recorded, as the shipped demo study's are: all U8 0/1
    // tensors make a mask, per-input maps an attribution map, the rest a score map; reading
    // them changes nothing.
    void olderFilesAreKnownByTheirContents()
    {
        // The shipped demo study, two folders above the test data.
        const std::filesystem::path demo = std::filesystem::path(PRUNESCOPE_TEST_DATA) / "../../resources/demo/study";
        if (!std::filesystem::exists(demo / "study.json"))
            QSKIP("the demo study is not in this checkout");
        const auto bytes = [](const std::filesystem::path &file) {
            std::ostringstream text;
            text << std::ifstream(file, std::ios::binary).rdbuf();
            return text.str();
        };
        const Study study = readStudy(demo);
        int checked = 0;
        for (const auto &item : study.items) {
            const auto file = study.itemPath(item);
            const std::string before = bytes(file);
            if (item.kind == StudyItem::Kind::Mask)
                QVERIFY2(loadMask(file).kind == MapKind::Mask, file.c_str());
            else if (item.kind == StudyItem::Kind::Scores)
                QVERIFY2(loadScores(file).kind == MapKind::Scores, file.c_str());
            else if (item.kind == StudyItem::Kind::Attribution)
                QVERIFY2(loadScoreMap(file).kind == MapKind::Attribution, file.c_str());
            else if (item.kind == StudyItem::Kind::Comparison)
                QCOMPARE(readComparison(file).names.size(), size_t(8));
            else
                continue;
            if (item.kind != StudyItem::Kind::Comparison) // written before kinds were recorded
                QVERIFY2(SafetensorsFile::open(file)->metadata().count("prunescope.kind") == 0, file.c_str());
            QCOMPARE(bytes(file), before);
            ++checked;
        }
        QVERIFY(checked >= 15);

        const std::filesystem::path scores = study.folder / "scores/taylor.safetensors";
        QCOMPARE(errorOf([&] { loadMask(scores); }),
                 scores.string() + " is a score map (it records no kind, and not all its values are 0 or 1), not a mask");
    }

    // A mask and a score map share no metric: the table of "-" says why.
    void mixedComparisonSaysWhy()
    {
        ScoreMap scores;
        scores.tensors["heads"] = torch::arange(8, torch::kFloat).reshape({2, 4});
        const ScoreMap a = headMask({0, 1, 1, 1, 1, 1, 0, 0}), b = headMask({0, 0, 1, 1, 1, 1, 1, 0});
        const std::string mixed = comparisonText(compareMaps({"a", "b", "scores"}, {a, b, scores}, bertStructure()));
        QVERIFY2(mixed.find("-: a mask and a score map are not compared with each other") != std::string::npos, mixed.c_str());
        const std::string masks = comparisonText(compareMaps({"a", "b"}, {a, b}, bertStructure()));
        QVERIFY2(masks.find("not compared") == std::string::npos, masks.c_str());
    }

    // The text table numbers the maps in a legend, heads each matrix with the numbers and
    // keeps its columns aligned whatever the names' lengths (the table had no header, and a
    // long name pushed its row out of line).
    void textTableIsAligned()
    {
        const ScoreMap a = headMask({0, 1, 1, 1, 1, 1, 0, 0}), b = headMask({0, 0, 1, 1, 1, 1, 1, 0});
        const std::string text =
            comparisonText(compareMaps({"a", "a-much-longer-name.safetensors", "b"}, {a, b, a}, bertStructure()));
        QVERIFY2(text.find("  [2] a-much-longer-name.safetensors (mask)\n") != std::string::npos, text.c_str());
        std::istringstream lines(text);
        std::string line;
        std::vector<std::string> iou;
        while (std::getline(lines, line) && line != "iou") {
        }
        while (std::getline(lines, line) && !line.empty())
            iou.push_back(line);
        QCOMPARE(int(iou.size()), 4); // the header and three rows
        QCOMPARE(iou[0], std::string("           [1]      [2]      [3]"));
        for (const auto &row : iou)
            QCOMPARE(row.size(), iou[0].size());
        QCOMPARE(iou[1].substr(0, 5), std::string("  [1]"));
        QVERIFY2(iou[1].find("1.0000") != std::string::npos, iou[1].c_str());
    }

    // The sweep plot's legend, the dense line's entry included, stays right of the plot
    // area: the "dense" label at the line's end once ran into the legend when the dense
    // value was at the top of the plot.
    void sweepLegendStaysOutsideThePlot()
    {
        SweepResult sweep;
        sweep.metric = "accuracy";
        sweep.dense = {{"accuracy", 0.9}}; // the highest value: the dense line at the top
        sweep.points = {{"random", 0.5, 0.5, {{"accuracy", 0.5}}, 0}, {"taylor", 0.5, 0.5, {{"accuracy", 0.8}}, -1}};
        const std::string svg = sweepSvg(sweep, "accuracy vs head sparsity");
        const auto textAt = [&](const std::string &label) {
            const size_t end = svg.find(">" + label + "</text>");
            const size_t start = svg.rfind("<text x=\"", end);
            return std::stod(svg.substr(start + 9));
        };
        const double plotRight = 640 - 170; // the plot area's right edge in sweepSvg
        for (const char *label : {"dense", "random", "taylor"})
            QVERIFY2(textAt(label) > plotRight + 10, label);
        QVERIFY(svg.find("stroke-dasharray=\"3 2\"") != std::string::npos); // the dense entry's dashed swatch
    }

    // Random drawn three times: the plot draws their mean and shades their range, the CSV
    // keeps a row a draw.
    void sweepPlotShadesTheSpreadOfDraws()
    {
        SweepResult sweep;
        sweep.metric = "accuracy";
        sweep.dense = {{"accuracy", 0.9}};
        for (int draw = 0; draw < 3; ++draw)
            for (double s : {0.25, 0.5})
                sweep.points.push_back({"random", s, s, {{"accuracy", 0.5 + 0.125 * draw}}, draw});
        sweep.points.push_back({"taylor", 0.5, 0.5, {{"accuracy", 0.8}}, -1});
        const auto curves = sweepCurves(sweep, "accuracy");
        QCOMPARE(curves.size(), size_t(2));
        QCOMPARE(curves[0].points.size(), size_t(2));
        QCOMPARE(curves[0].points[1].mean, 0.625);
        QCOMPARE(curves[0].points[1].low, 0.5);
        QCOMPARE(curves[0].points[1].high, 0.75);
        QCOMPARE(curves[0].points[1].draws, int64_t(3));
        const std::string svg = sweepSvg(sweep, "accuracy vs head sparsity");
        const size_t band = svg.find("<polygon");
        QVERIFY2(band != std::string::npos && svg.find("<polygon", band + 1) == std::string::npos, svg.c_str()); // random's only
        QVERIFY2(svg.find(">random (3 draws)</text>") != std::string::npos, svg.c_str());
        QVERIFY2(svg.find(">taylor</text>") != std::string::npos, svg.c_str());
        const std::string csv = sweepCsv(sweep);
        QVERIFY2(csv.find("\nrandom,2,0.5,0.5,0.75,\n") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("\ntaylor,,0.5,0.5,0.8,above\n") != std::string::npos, csv.c_str());

        // Against random's range at the same sparsity (0.5 to 0.75): within it the difference
        // is the random masks' own spread; with perplexity, lower is better.
        const auto against = [&](const char *metric, double value) {
            SweepResult s = sweep;
            for (auto &p : s.points)
                p.metrics = {{metric, p.metrics.at("accuracy")}};
            s.metric = metric;
            return vsRandom(s, {"snip", 0.5, 0.5, {{metric, value}}, -1});
        };
        QCOMPARE(against("accuracy", 0.8), std::string("above"));
        QCOMPARE(against("accuracy", 0.75), std::string("within"));
        QCOMPARE(against("accuracy", 0.6), std::string("within"));
        QCOMPARE(against("accuracy", 0.4), std::string("below"));
        QCOMPARE(against("perplexity", 0.8), std::string("below"));
        QCOMPARE(against("perplexity", 0.4), std::string("above"));
        QCOMPARE(vsRandom(sweep, sweep.points.front()), std::string()); // random itself
        QCOMPARE(vsRandom(sweep, {"snip", 0.9, 0.9, {{"accuracy", 0.5}}, -1}), std::string()); // no draws there
    }

    // A sweep read as a comparison and the other way round are named, recorded kind or not.
    void otherJsonKindsAreRefused()
    {
        const MapComparison c = compareMaps({"a", "b"}, {headMask({0, 1, 1, 1, 1, 1, 0, 0}), headMask({0, 0, 1, 1, 1, 1, 1, 0})},
                                            bertStructure());
        SweepResult sweep;
        sweep.metric = "accuracy";
        sweep.task = "classification";
        sweep.dense = {{"accuracy", 0.9}};
        sweep.points = {{"random", 0.5, 0.5, {{"accuracy", 0.5}}, 0}};
        QCOMPARE(nlohmann::json::parse(comparisonJson(c)).at("prunescope.kind").get<std::string>(), std::string("comparison"));
        QCOMPARE(nlohmann::json::parse(sweepJson(sweep)).at("prunescope.kind").get<std::string>(), std::string("sweep"));
        QVERIFY(parseSweepJson(sweepJson(sweep), "sweep.json").settings.count("prunescope.kind") == 0);
        auto olderSweep = nlohmann::json::parse(sweepJson(sweep));
        olderSweep.erase("prunescope.kind");
        auto olderComparison = nlohmann::json::parse(comparisonJson(c));
        olderComparison.erase("prunescope.kind");
        for (const std::string &text : {sweepJson(sweep), olderSweep.dump()})
            QCOMPARE(errorOf([&] { parseComparisonJson(text, "s.json"); }), std::string("s.json is a sweep, not a comparison"));
        for (const std::string &text : {comparisonJson(c), olderComparison.dump()})
            QCOMPARE(errorOf([&] { parseSweepJson(text, "c.json"); }), std::string("c.json is a comparison, not a sweep"));
        QCOMPARE(parseComparisonJson(olderComparison.dump(), "c.json").names, c.names); // older files still read
    }

    // The JSON the study keeps reads back to the same comparison, NaN included; a damaged
    // file is refused naming it.
    void jsonRoundTrip()
    {
        const ScoreMap a = headMask({0, 1, 1, 1, 1, 1, 0, 0}), b = headMask({0, 0, 1, 1, 1, 1, 1, 0});
        ScoreMap scores;
        scores.tensors["heads"] = torch::arange(8, torch::kFloat).reshape({2, 4});
        const MapComparison c = compareMaps({"a", "b", "scores"}, {a, b, scores}, bertStructure());
        const MapComparison back = parseComparisonJson(comparisonJson(c), "c.json");
        QCOMPARE(back.names, c.names);
        QCOMPARE(back.isMask, c.isMask);
        QCOMPARE(back.layers, c.layers);
        QCOMPARE(back.metrics(), (std::vector<std::string>{"iou", "cosine", "hamming"}));
        QCOMPARE(back.overall.at("iou")[0][1], 0.5);
        QVERIFY(std::isnan(back.overall.at("iou")[0][2]));
        QCOMPARE(back.perLayer.at("hamming")[1][0][1], c.perLayer.at("hamming")[1][0][1]);
        QCOMPARE(back.tensorIou.at("heads")[0][1], 0.5);
        QCOMPARE(back.survivingHeads, c.survivingHeads);
        QCOMPARE(back.attentionSparsity, c.attentionSparsity);
        QCOMPARE(comparisonText(back), comparisonText(c));

        auto oneLayer = nlohmann::json::parse(comparisonJson(c));
        oneLayer["per_layer"]["iou"] = {oneLayer["overall"]["iou"]}; // one matrix for two layers
        auto fraction = nlohmann::json::parse(comparisonJson(c));
        fraction["kendall_units"] = 1e300; // found by the fuzz target: converted to int64_t with undefined behaviour
        for (const std::string &bad : {std::string("{"), std::string(R"({"items": [{"name": "a", "kind": "scores"}]})"),
                                       oneLayer.dump(), fraction.dump()}) {
            try {
                parseComparisonJson(bad, "broken.json");
                QFAIL("a damaged comparison was read");
            } catch (const Error &e) {
                QVERIFY2(std::string(e.what()).rfind("broken.json: ", 0) == 0, e.what());
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestCompare)
#include "tst_compare.moc"
