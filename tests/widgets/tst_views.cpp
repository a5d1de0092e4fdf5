// The views, offscreen: grids in, the expected cells, colours, labels and tool tips out;
// mask edits with undo and redo; the comparison's matrix, curve and agreement maps; the
// redundancy beside the neuron map.
#include "widgets/attribution_view.h"
#include "widgets/comparison_view.h"
#include "widgets/curves_view.h"
#include "widgets/grid_plot.h"
#include "widgets/map_view.h"
#include "widgets/mask_editor.h"
#include "widgets/neuron_map_view.h"
#include "widgets/study_dialogs.h"
#include "widgets/translations.h"
#include "widgets/weight_view.h"

#include "core/support/error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHelpEvent>
#include <QListWidget>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolTip>
#include <QTranslator>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <limits>

using namespace prunescope;

namespace {

Grid grid(const std::string &name, int64_t rows, int64_t cols, std::vector<float> values)
{
    return Grid{name, {rows, cols}, rows, cols, std::move(values)};
}

std::shared_ptr<const GridSet> set(std::vector<Grid> grids, std::map<std::string, std::string> provenance = {})
{
    return std::make_shared<const GridSet>(GridSet{std::move(grids), std::move(provenance)});
}

} // namespace

class TestViews : public QObject
{
    Q_OBJECT

private slots:
    void normalizations_data()
    {
        QTest::addColumn<int>("normalization");
        QTest::addColumn<QList<double>>("expected");
        // [[1, 3], [10, 0]]
        QTest::newRow("raw") << int(Normalization::Raw) << QList<double>{1, 3, 10, 0};
        QTest::newRow("per layer") << int(Normalization::PerRow) << QList<double>{0, 1, 1, 0};
        QTest::newRow("rank") << int(Normalization::Rank) << QList<double>{1.0 / 3, 2.0 / 3, 1, 0};
    }
    void normalizations()
    {
        QFETCH(int, normalization);
        QFETCH(QList<double>, expected);
        const auto shown = normalizedValues(grid("heads", 2, 2, {1, 3, 10, 0}), Normalization(normalization));
        for (int i = 0; i < 4; ++i)
            QVERIFY2(qAbs(shown[size_t(i)] - expected[i]) < 1e-12, qPrintable(QString::number(shown[size_t(i)])));
        QCOMPARE(ranksOf(grid("heads", 2, 2, {1, 3, 10, 0})), (std::vector<int64_t>{3, 2, 1, 4}));
    }

    void headMapShowsCellsAndTooltips()
    {
        HeadMapView view;
        view.resize(600, 400);
        view.show();
        view.setGridSet(set({grid("heads", 2, 3, {0.1f, 0.5f, 0.9f, 0.2f, 0.3f, 0.4f}),
                             grid("neurons", 2, 4, {0, 0, 0, 0, 0, 0, 0, 0}),
                             grid("bert.encoder.layer.0.attention.self.query.weight", 2, 2, {1, 2, 3, 4})}),
                         false);
        QCOMPARE(view.tensorBox()->count(), 1); // heads only
        GridPlot *plot = view.gridPlot();
        QCOMPARE(plot->displayedValue(0, 2), double(0.9f));
        // Viridis: the highest score is yellow, the lowest dark violet.
        QCOMPARE(plot->colorAt(0, 2), QColor(253, 231, 37));
        QCOMPARE(plot->colorAt(0, 0), QColor(68, 1, 84));
        QCOMPARE(plot->toolTipAt(1, 0), QStringLiteral("layer 1, head 0: 0.2\nrank 5 of 6"));
        view.normalizationBox()->setCurrentIndex(view.normalizationBox()->findData(int(Normalization::PerRow)));
        QCOMPARE(plot->displayedValue(1, 2), 1.0);
        QVERIFY(qAbs(plot->displayedValue(0, 1) - 0.5) < 1e-6); // (0.5f - 0.1f) / (0.9f - 0.1f) in float

        // A click on a cell reports that head.
        QSignalSpy clicked(&view, &MapView::unitClicked);
        int64_t row = -1, col = -1;
        QPoint pixel;
        for (int x = 0; x < plot->width() && pixel.isNull(); x += 4)
            for (int y = 0; y < plot->height() && pixel.isNull(); y += 4)
                if (plot->cellAt(QPoint(x, y), &row, &col) && row == 1 && col == 2)
                    pixel = QPoint(x, y);
        QVERIFY(!pixel.isNull());
        QTest::mouseClick(plot->plotWidget(), Qt::LeftButton, Qt::NoModifier, pixel);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().at(0).toString(), QStringLiteral("heads"));
        QCOMPARE(clicked.first().at(1).value<int64_t>(), int64_t(1));
        QCOMPARE(clicked.first().at(2).value<int64_t>(), int64_t(2));
    }

    void masksShowKeptAndPruned()
    {
        HeadMapView view;
        view.setGridSet(set({grid("text.heads", 1, 2, {1, 0}), grid("vision.heads", 1, 2, {0, 1})}), true);
        QCOMPARE(view.tensorBox()->count(), 2);
        QCOMPARE(view.gridPlot()->colorAt(0, 1), QColor(165, 15, 21));
        QCOMPARE(view.gridPlot()->colorAt(0, 0), QColor(222, 235, 247));
        QCOMPARE(view.gridPlot()->toolTipAt(0, 1), QStringLiteral("layer 0, head 1: pruned"));
        QVERIFY(view.setCurrentTensor(QStringLiteral("vision.heads")));
        QCOMPARE(view.gridPlot()->toolTipAt(0, 1), QStringLiteral("layer 0, head 1: kept"));
    }

    // Grouped-query attention: 4 query heads over 2 key-value heads. Query heads are drawn
    // in their groups; the group view sums a group's scores, and a group is kept while any
    // of its heads is.
    void headMapGroupsQueryHeads()
    {
        TowerStructure tower;
        tower.name = "decoder";
        tower.heads = 4;
        tower.kvHeads = 2;
        ModelStructure structure;
        structure.towers = {tower};
        HeadMapView view;
        view.resize(600, 400);
        view.show();
        QVERIFY(view.unitsBox()->isHidden());
        view.setStructure(structure);
        QVERIFY(!view.unitsBox()->isHidden());
        view.setGridSet(set({grid("heads", 2, 4, {1, 2, 3, 4, 0.5f, 0.5f, 0, 8})}), false);
        QCOMPARE(view.gridPlot()->columnGroups(), int64_t(2));
        QCOMPARE(view.gridPlot()->grid().cols, int64_t(4));

        QSignalSpy clicked(&view, &MapView::unitClicked);
        view.unitsBox()->setCurrentIndex(1);
        const Grid &groups = view.gridPlot()->grid();
        QCOMPARE(groups.cols, int64_t(2));
        QCOMPARE(groups.values, (std::vector<float>{3, 7, 1, 8}));
        Q_EMIT view.gridPlot()->cellClicked(0, 1); // a group is no unit of the file: no edit
        QCOMPARE(clicked.count(), 0);

        view.setGridSet(set({grid("heads", 1, 4, {1, 0, 0, 0})}), true);
        QCOMPARE(view.gridPlot()->grid().values, (std::vector<float>{1, 0}));
        view.unitsBox()->setCurrentIndex(0);
        QCOMPARE(view.gridPlot()->grid().values, (std::vector<float>{1, 0, 0, 0}));

        structure.towers[0].kvHeads = 4; // no grouping: nothing to choose
        view.setStructure(structure);
        QVERIFY(view.unitsBox()->isHidden());
        QCOMPARE(view.gridPlot()->columnGroups(), int64_t(1));
    }

    void neuronMapSortsAndCounts()
    {
        NeuronMapView view;
        std::vector<float> values = {0.0f, 3.0f, 1.0f, 2.0f, /* layer 1 */ 5, 5, 5, 9};
        view.setGridSet(set({grid("neurons", 2, 4, values)}), false);
        QCOMPARE(view.gridPlot()->displayedValue(0, 0), 0.0);
        view.sortBox()->setChecked(true);
        QCOMPARE(view.gridPlot()->displayedValue(0, 0), 3.0);
        QCOMPARE(view.gridPlot()->displayedValue(0, 3), 0.0);
        QCOMPARE(view.gridPlot()->sourceColumn(0, 0), int64_t(1));
        QVERIFY(view.gridPlot()->toolTipAt(0, 0).startsWith(QStringLiteral("layer 0, neuron 1: 3")));
        const auto counts = view.histogram();
        QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0), 4);
        QCOMPARE(counts.front(), 1);
        QCOMPARE(counts.back(), 1);
        view.setSelectedLayer(1);
        QCOMPARE(view.histogram().front(), 3); // three fives at the bottom, the nine at the top
        QCOMPARE(view.histogram().back(), 1);
        // A head mask has no neurons: the histogram of the previous map goes with the map.
        view.setGridSet(set({grid("heads", 2, 4, std::vector<float>(8, 1.0f))}), true);
        const auto none = view.histogram();
        QCOMPARE(std::accumulate(none.begin(), none.end(), 0), 0);
    }

    void neuronMapShowsRedundancy()
    {
        NeuronMapView view;
        view.setGridSet(set({grid("neurons", 2, 4, {1, 0, 1, 1, 0, 0, 1, 1})}), true);
        StudyRedundancy r;
        r.layers = {"encoder 0", "encoder 1"};
        r.kept = {3, 2};
        r.uniqueness = {1.0, 0.5};
        r.above09 = {0.0, 0.5};
        r.above099 = {0.0, 0.5};
        r.sensitivity = {0.1, 0.2};
        view.setRedundancy(r, QStringLiteral("m"));
        QCOMPARE(view.redundancy().kept, (std::vector<int64_t>{3, 2}));
        QCOMPARE(view.redundancyText(), QStringLiteral("encoder 0: 3 neurons kept, uniqueness 1.000, 0.000 with a near-copy (cos > 0.99)\n"
                                                       "encoder 1: 2 neurons kept, uniqueness 0.500, 0.500 with a near-copy (cos > 0.99)\n"));
    }

    void weightViewOutlinesNMBlocks()
    {
        WeightView view;
        view.resize(600, 400);
        std::vector<float> mask(16 * 8, 1.0f);
        view.setGridSet(set({grid("bert.encoder.layer.0.output.dense.weight", 16, 8, mask), grid("heads", 2, 4, {})},
                            {{"mask.granularity", "2:4"}}),
                        true);
        QCOMPARE(view.tensorBox()->count(), 1);
        QCOMPARE(view.blockSize(), int64_t(4));
        // Zoomed out past the limit nothing is drawn; the whole 16 x 8 matrix is small enough.
        QCOMPARE(view.outlineCount(), 8 / 4 + 1 + 16 + 1); // group boundaries across, row boundaries down
        view.setGridSet(set({grid("w", 300, 300, std::vector<float>(300 * 300, 1.0f))}, {{"mask.granularity", "2:4"}}), true);
        QCOMPARE(view.outlineCount(), 0);
    }

    // Resting on a weight keeps its value in the tooltip: the view's hint ("Scroll to zoom")
    // replaced it after a second.
    void restingOnACellKeepsItsValue()
    {
        WeightView view;
        view.resize(600, 400);
        view.setGridSet(set({grid("bert.encoder.layer.0.output.dense.weight", 16, 8, std::vector<float>(16 * 8, 0.5f))}, {}),
                        false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QWidget *plot = view.gridPlot()->plotWidget();
        QPoint cell(-1, -1);
        const auto find = [&] { // once the plot is laid out
            for (int x = 0; x < plot->width() && cell.x() < 0; x += 2)
                for (int y = 0; y < plot->height() && cell.x() < 0; y += 2) {
                    int64_t row = -1, column = -1;
                    if (view.gridPlot()->cellAt(QPoint(x, y), &row, &column) && row == 2 && column == 3)
                        cell = QPoint(x, y);
                }
            return cell.x() >= 0;
        };
        QTRY_VERIFY(find());
        QHelpEvent rest(QEvent::ToolTip, cell, plot->mapToGlobal(cell));
        QCoreApplication::sendEvent(plot, &rest);
        QTRY_COMPARE(QToolTip::text(), view.gridPlot()->toolTipAt(2, 3));
        QVERIFY(QToolTip::text().startsWith(QStringLiteral("output feature 2, input feature 3: 0.5")));
    }

    // Every map names what it shows: the item, what made it and the tensor, in the plot
    // (so pictures of it keep the title).
    void mapsAreTitled()
    {
        HeadMapView view;
        view.setGridSet(set({grid("heads", 2, 4, std::vector<float>(8, 1.0f))}, {{"method", "taylor"}}), false,
                        QStringLiteral("taylor"));
        QCOMPARE(view.gridPlot()->title(), QStringLiteral("taylor \u00b7 taylor scores \u00b7 heads"));
        view.setGridSet(set({grid("heads", 2, 4, std::vector<float>(8, 1.0f))},
                            {{"mask.granularity", "head"}, {"scores.method", "taylor"}, {"mask.sparsity", "0.5"}}),
                        true, QStringLiteral("taylor head 50%"));
        QCOMPARE(view.gridPlot()->title(),
                 QStringLiteral("taylor head 50% \u00b7 head mask from taylor scores, 50.0 % pruned \u00b7 heads"));
        view.setGridSet(set({grid("heads", 2, 4, std::vector<float>(8, 1.0f))}, {}), false); // nothing recorded
        QCOMPARE(view.gridPlot()->title(), QStringLiteral("heads"));
    }

    void attributionColoursTokens()
    {
        AttributionView view;
        GridSet maps;
        maps.grids = {Grid{"map.0", {1, 3}, 1, 3, {1.0f, -0.5f, 0.0f}}, Grid{"map.1", {1, 3}, 1, 3, {0.0f, 2.0f, 0.0f}}};
        maps.provenance = {{"method", "gradcam"}, {"target", "logit of class 1"}, {"tokens", "[[\"[CLS]\", \"good\", \"[SEP]\"]]"}};
        view.setAttribution(std::make_shared<const GridSet>(maps));
        QCOMPARE(view.exampleCount(), 1);
        QCOMPARE(view.layerCount(), 2);
        QCOMPARE(view.layerBox()->value(), 1); // the last layer first
        QCOMPARE(view.tokens(), (QStringList{QStringLiteral("[CLS]"), QStringLiteral("good"), QStringLiteral("[SEP]")}));
        QCOMPARE(view.tokenColor(1), QColor(214, 39, 40));
        QCOMPARE(view.tokenColor(0), QColor(255, 255, 255));
        // The colour legend gives the scale's ends: the example's largest magnitude.
        QCOMPARE(view.legendText(), (QStringList{QStringLiteral("-2 lowers the target"), QStringLiteral("2 raises it")}));
        view.setLayer(0);
        QCOMPARE(view.legendText(), (QStringList{QStringLiteral("-1 lowers the target"), QStringLiteral("1 raises it")}));
        QCOMPARE(view.tokenColor(0), QColor(214, 39, 40));
        QCOMPARE(view.tokenColor(1), AttributionView::colorFor(-0.5, 1.0)); // half-strength blue
        QVERIFY(view.html().contains(QStringLiteral("good")));
    }

    void curvesDrawEveryMethodAndExport()
    {
        SweepResult sweep;
        sweep.metric = "accuracy";
        sweep.task = "sequence_classification";
        sweep.dense = {{"accuracy", 0.9}, {"loss", 0.3}};
        sweep.settings = {{"granularity", "head"}, {"scope", "global"}};
        // Random drawn three times: its mean is drawn, its range shaded.
        for (int draw = 0; draw < 3; ++draw)
            for (double s : {0.25, 0.5})
                sweep.points.push_back({"random", s, s, {{"accuracy", 0.75 + 0.0625 * draw}, {"loss", 0.4}}, draw});
        for (double s : {0.25, 0.5})
            sweep.points.push_back({"taylor", s, s, {{"accuracy", 0.8}, {"loss", 0.4}}, -1});
        CurvesView view;
        view.setSweep(sweep, QStringLiteral("sweep head"));
        const QString random = QStringLiteral("random (mean of 3 draws, range shaded)");
        QCOMPARE(view.curveNames(), (QStringList{random, QStringLiteral("taylor"), QStringLiteral("dense")}));
        QCOMPARE(view.bandOf(random), (std::vector<std::pair<double, double>>{{0.75, 0.875}, {0.75, 0.875}}));
        QVERIFY(view.bandOf(QStringLiteral("taylor")).empty());
        QCOMPARE(view.title(), QStringLiteral("sweep head: accuracy against head sparsity, global scope"));
        QCOMPARE(view.metricBox()->currentText(), QStringLiteral("accuracy"));
        QTemporaryDir dir;
        QVERIFY(view.exportPng(dir.filePath(QStringLiteral("c.png"))));
        QVERIFY(view.exportSvg(dir.filePath(QStringLiteral("c.svg"))));
        QVERIFY(view.exportCsv(dir.filePath(QStringLiteral("c.csv"))));
        QFile svg(dir.filePath(QStringLiteral("c.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly) && svg.readAll().contains("<svg"));
        QFile csv(dir.filePath(QStringLiteral("c.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 10); // header, dense, eight points
    }

    // A noise scan: Smooth-Cut's curve and Taylor's and magnitude's levels for each sparsity,
    // the dense level and the rank correlation on the right axis, against a logarithmic sigma;
    // a sweep shown after it is drawn as one. The scan's files round-trip; a scan whose
    // lists disagree is refused before anything is written.
    void curvesDrawANoiseScan()
    {
        SigmaScanResult scan;
        scan.metric = "accuracy";
        scan.task = "sequence_classification";
        scan.dense = 0.76;
        scan.sigmas = {1e-3, 1e-1, 1};
        scan.sparsities = {0.85, 0.9};
        scan.spearman = {1.0, 0.9, 0.6};
        scan.smoothCut = {{0.42, 0.33}, {0.41, 0.30}, {0.30, 0.20}};
        scan.taylor = {0.42, 0.33};
        scan.magnitude = {0.35, 0.22};
        CurvesView view;
        view.setNoiseScan(scan, QStringLiteral("smooth-cut noise scan"));
        QVERIFY(view.showsNoiseScan());
        QCOMPARE(view.curveNames(),
                 (QStringList{QStringLiteral("Smooth-Cut at 85 %"), QStringLiteral("Taylor at 85 %"),
                              QStringLiteral("magnitude at 85 %"), QStringLiteral("Smooth-Cut at 90 %"),
                              QStringLiteral("Taylor at 90 %"), QStringLiteral("magnitude at 90 %"), QStringLiteral("dense"),
                              QStringLiteral("Spearman with Taylor (right axis)")}));
        QVERIFY(!view.metricBox()->isEnabled());
        QTemporaryDir dir;
        QVERIFY(view.exportCsv(dir.filePath(QStringLiteral("scan.csv"))));
        QFile csv(dir.filePath(QStringLiteral("scan.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 6); // header, three sigmas, taylor, magnitude

        const std::filesystem::path folder = std::filesystem::path(dir.path().toStdString()) / "scan";
        writeSigmaScan(folder, scan);
        const SigmaScanResult back = readSigmaScan(folder);
        QCOMPARE(back.smoothCut, scan.smoothCut);
        QCOMPARE(back.spearman, scan.spearman);
        scan.taylor.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, writeSigmaScan(std::filesystem::path(dir.path().toStdString()) / "bad", scan));

        SweepResult sweep;
        sweep.metric = "accuracy";
        sweep.dense = {{"accuracy", 0.9}};
        sweep.points.push_back({"taylor", 0.5, 0.5, {{"accuracy", 0.8}}, -1});
        view.setSweep(sweep);
        QVERIFY(!view.showsNoiseScan());
        QCOMPARE(view.curveNames(), (QStringList{QStringLiteral("taylor"), QStringLiteral("dense")}));
        QVERIFY(view.metricBox()->isEnabled());
    }

    // Agreement of two maps, counted by hand: masks by their kept units, a score map by
    // its top units (as many as the mask keeps, or the top fraction beside scores).
    void agreementByHand()
    {
        const Grid a = grid("heads", 2, 4, {0, 1, 1, 1, 1, 1, 0, 0}), b = grid("heads", 2, 4, {0, 0, 1, 1, 1, 1, 1, 0});
        // kept by both 2..5, pruned by both 0 and 7, pruned only by a 6, only by b 1.
        const std::vector<float> expected{1, 3, 0, 0, 0, 0, 2, 1};
        QCOMPARE(agreementGrid(a, true, b, true).values, expected);
        const Grid scores = grid("heads", 2, 4, {0, 1, 2, 3, 4, 5, 6, 7});
        // Beside a, the scores keep their five highest (3..7).
        QCOMPARE(agreementGrid(scores, false, a, true).values, (std::vector<float>{1, 2, 2, 0, 0, 0, 3, 3}));
        // Two score maps keep their top quarter: {6, 7} and {0, 1}.
        const Grid reversed = grid("heads", 2, 4, {7, 6, 5, 4, 3, 2, 1, 0});
        QCOMPARE(agreementGrid(scores, false, reversed, false, 0.25).values, (std::vector<float>{2, 2, 1, 1, 1, 1, 3, 3}));
        QVERIFY(agreementGrid(a, true, grid("heads", 1, 4, {1, 1, 1, 1}), true).values.empty());
    }

    void comparisonShowsMatrixCurveAndMaps()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        MapComparison c;
        c.names = {"a", "b", "s"};
        c.isMask = {true, true, false};
        c.layers = {"encoder 0", "encoder 1"};
        const PairMatrix iou{{1, 0.5, nan}, {0.5, 1, nan}, {nan, nan, nan}}, none(3, std::vector<double>(3, nan));
        for (const char *metric : {"iou", "cosine", "hamming", "spearman", "kendall", "topk"}) {
            c.overall[metric] = metric == std::string("iou") ? iou : none;
            c.perLayer[metric] = {metric == std::string("iou") ? iou : none, none};
        }
        c.perLayer["iou"][1][0][1] = c.perLayer["iou"][1][1][0] = 0.25;
        c.attentionSparsity = {{0.25, 0.5}, {0.5, 0.25}, {}};
        c.ffnSparsity = {{0, 0}, {0, 0}, {}};
        c.survivingHeads = {{3, 2}, {2, 3}, {}};
        GridSet a{{grid("heads", 2, 4, {0, 1, 1, 1, 1, 1, 0, 0})}, {}}, b{{grid("heads", 2, 4, {0, 0, 1, 1, 1, 1, 1, 0})}, {}};
        GridSet scores{{grid("heads", 2, 4, {0, 1, 2, 3, 4, 5, 6, 7})}, {}};

        ComparisonView view;
        view.resize(1000, 700);
        view.setComparison(c, {a, b, scores});
        QCOMPARE(view.metricBox()->count(), 1); // only IoU has a value: the rank metrics need two score maps
        QCOMPARE(view.scopeBox()->count(), 3);  // all layers, encoder 0, encoder 1
        // The scores have no IoU with anything: the matrix leaves them out, unless all items are asked for.
        QCOMPARE(view.shownItems(), (std::vector<int>{0, 1}));
        QCOMPARE(view.itemsBox()->count(), 3); // compared, grouped; all items; the head masks
        QCOMPARE(view.itemsBox()->itemText(2), QStringLiteral("head masks (2)"));
        QCOMPARE(view.shownMatrix()[0][1], 0.5);
        QVERIFY2(view.matrixPlot()->title().startsWith(QStringLiteral("IoU of pruned units of 2 item(s), All layers")),
                 qPrintable(view.matrixPlot()->title()));
        view.itemsBox()->setCurrentIndex(1);
        QCOMPARE(view.shownItems(), (std::vector<int>{0, 1, 2}));
        QCOMPARE(view.matrixPlot()->colorAt(0, 2), QColor(200, 200, 200)); // mask vs scores: undefined, grey
        QVERIFY2(view.matrixPlot()->toolTipAt(0, 1).contains(QStringLiteral("a vs b")), qPrintable(view.matrixPlot()->toolTipAt(0, 1)));
        view.scopeBox()->setCurrentIndex(2);
        QCOMPARE(view.shownMatrix()[0][1], 0.25);

        // The first pair is shown: its layer curve, and both masks coloured by agreement.
        QCOMPARE(view.selectedPair(), std::make_pair(0, 1));
        QCOMPARE(view.pairCurve(), (std::vector<double>{0.5, 0.25}));
        QCOMPARE(view.tensorBox()->currentText(), QStringLiteral("heads"));
        QCOMPARE(view.agreementCounts(), (std::vector<int64_t>{4, 2, 1, 1}));
        QCOMPARE(view.leftMap()->colorAt(0, 1), QColor(49, 130, 189));  // a keeps head 1, b prunes it
        QCOMPARE(view.rightMap()->colorAt(0, 1), QColor(253, 141, 60)); // seen from b
        QCOMPARE(view.leftMap()->colorAt(0, 0), QColor(165, 15, 21));   // pruned by both
        QCOMPARE(view.leftMap()->toolTipAt(1, 2), QStringLiteral("layer 1, head 2: pruned here only"));
        QVERIFY2(view.agreementText().contains(QStringLiteral("They agree on 6 of 8 units (75.0%)")), qPrintable(view.agreementText()));

        // A click on the mask-vs-scores cell: the scores keep as many heads as the mask.
        Q_EMIT view.matrixPlot()->cellClicked(0, 2);
        QCOMPARE(view.selectedPair(), std::make_pair(0, 2));
        QCOMPARE(view.agreementCounts(), (std::vector<int64_t>{3, 1, 2, 2}));
        QVERIFY(std::isnan(view.pairCurve()[1]));

        view.clear();
        QCOMPARE(view.metricBox()->count(), 0);
        QVERIFY(!view.leftMap()->isVisibleTo(&view));
    }

    // Eight items, in English and Japanese: every number drawn in the matrix fits its cell,
    // each group of items can be shown alone, and the pair curve's legend fits its plot.
    void compareMatrixTextFits_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::newRow("en") << QString();
        QTest::newRow("ja") << QStringLiteral("ja_JP");
    }
    void compareMatrixTextFits()
    {
        QFETCH(QString, locale);
        // English again for the tests after this one, however it ends.
        struct English
        {
            ~English()
            {
                const auto translators = QCoreApplication::instance()->findChildren<QTranslator *>();
                for (QTranslator *t : translators) {
                    QCoreApplication::removeTranslator(t);
                    delete t;
                }
            }
        } english;
        if (!locale.isEmpty())
            QVERIFY(installTranslations(QLocale(locale)));
        const double nan = std::numeric_limits<double>::quiet_NaN();
        MapComparison c;
        c.layers = {"encoder 0", "encoder 1"};
        std::vector<GridSet> grids;
        for (int i = 0; i < 8; ++i) {
            const bool heads = i < 4;
            c.names.push_back((heads ? "taylor head " : "magnitude neuron ") + std::to_string(10 * (i + 1)) + "%");
            c.isMask.push_back(true);
            c.attentionSparsity.push_back(heads ? std::vector<double>{0.5, 0.25} : std::vector<double>{0, 0});
            c.ffnSparsity.push_back(heads ? std::vector<double>{0, 0} : std::vector<double>{0.5, 0.5});
            c.survivingHeads.push_back({2, 3});
            grids.push_back(GridSet{{grid("heads", 2, 4, {0, 1, 1, 1, 1, 1, 0, 0})}, {}});
        }
        // Head masks compare with head masks, neuron masks with neuron masks.
        PairMatrix iou(8, std::vector<double>(8, nan));
        for (int a = 0; a < 8; ++a)
            for (int b = 0; b < 8; ++b)
                if ((a < 4) == (b < 4))
                    iou[size_t(a)][size_t(b)] = a == b ? 1.0 : 0.123 + 0.1 * (a + b) / 14.0;
        c.overall["iou"] = iou;
        c.perLayer["iou"] = {iou, iou};

        ComparisonView view;
        view.resize(1000, 700);
        view.show();
        view.setComparison(c, grids);
        QCOMPARE(view.shownItems().size(), size_t(8));
        QCOMPARE(view.itemsBox()->count(), 4); // grouped, all, head masks, neuron masks
        // The numbers drawn, each measured at its font against the width of a cell.
        const auto drawnTexts = [&] {
            QCoreApplication::processEvents();
            int drawn = 0;
            for (const auto &text : view.cellTexts()) {
                if (!text.visible)
                    continue;
                const double advance = QFontMetricsF(text.font).horizontalAdvance(text.text);
                if (advance > view.cellWidth()) {
                    qWarning("%s: %.1f px in a %.1f px cell", qPrintable(text.text), advance, view.cellWidth());
                    return -1;
                }
                ++drawn;
            }
            return drawn;
        };
        QCOMPARE(drawnTexts(), 64);
        view.itemsBox()->setCurrentIndex(3); // the neuron masks alone
        QCOMPARE(view.shownItems(), (std::vector<int>{4, 5, 6, 7}));
        QCOMPARE(view.shownMatrix()[0][1], iou[4][5]);
        QCOMPARE(drawnTexts(), 16);
        // A smaller window: the numbers shrink with their cells (or go, when too small to
        // read), and the tool tips stay.
        view.itemsBox()->setCurrentIndex(1);
        view.resize(600, 400);
        QCoreApplication::processEvents();
        QVERIFY(drawnTexts() >= 0);
        QVERIFY(view.matrixPlot()->toolTipAt(0, 1).contains(QStringLiteral("0.130")));
        // The pair curve's legend is text that wraps, naming the metric and both masks' sparsity.
        QVERIFY(view.curveLegendWraps());
        QVERIFY2(view.curveLegend().contains(view.metricBox()->currentText().toHtmlEscaped()) &&
                     view.curveLegend().contains(QStringLiteral("taylor head 20%")),
                 qPrintable(view.curveLegend()));
    }

    void compareDialogChecksMasks()
    {
        CompareDialog twoMasks({QStringLiteral("m1"), QStringLiteral("m2")}, {QStringLiteral("s")});
        QCOMPARE(twoMasks.items(), (QStringList{QStringLiteral("m1"), QStringLiteral("m2")}));
        CompareDialog oneMask({QStringLiteral("m1")}, {QStringLiteral("s")});
        QCOMPARE(oneMask.items(), (QStringList{QStringLiteral("m1"), QStringLiteral("s")}));
        oneMask.list()->item(1)->setCheckState(Qt::Unchecked);
        QCOMPARE(oneMask.items().size(), 1);
    }

    void maskEditsUndoAndRedo()
    {
        MaskEditor editor;
        QSignalSpy changed(&editor, &MaskEditor::maskChanged);
        editor.setMask(GridSet{{grid("heads", 2, 2, {1, 1, 0, 1})}, {}}, QStringLiteral("m"));
        QVERIFY(editor.toggle(QStringLiteral("heads"), 0, 1));
        QVERIFY(editor.toggle(QStringLiteral("heads"), 1, 0));
        QVERIFY(!editor.toggle(QStringLiteral("neurons"), 0, 0));
        QVERIFY(!editor.toggle(QStringLiteral("heads"), 2, 0));
        QCOMPARE(editor.mask()->find("heads")->values, (std::vector<float>{1, 0, 1, 1}));
        QCOMPARE(editor.changedCount(), 2);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Restore heads 1:0"));
        editor.undoStack()->undo();
        QCOMPARE(editor.mask()->find("heads")->values, (std::vector<float>{1, 0, 0, 1}));
        editor.undoStack()->undo();
        QCOMPARE(editor.changedCount(), 0);
        editor.undoStack()->redo();
        QCOMPARE(editor.mask()->find("heads")->values, (std::vector<float>{1, 0, 0, 1}));
        QCOMPARE(changed.count(), 1 + 2 + 3);
    }
};

QTEST_MAIN(TestViews)
#include "tst_views.moc"
