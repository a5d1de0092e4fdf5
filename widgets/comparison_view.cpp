#include "widgets/comparison_view.h"

#include "widgets/grid_plot.h"
#include "widgets/help_texts.h"
#include "widgets/map_view.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFontMetricsF>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace prunescope {

namespace {

const QColor kAgreementColors[kAgreementKinds] = {QColor(222, 235, 247), QColor(165, 15, 21), QColor(253, 141, 60),
                                                   QColor(49, 130, 189)};

QStringList agreementLabels()
{
    return {ComparisonView::tr("kept by both"), ComparisonView::tr("pruned by both"),
            ComparisonView::tr("pruned here only"), ComparisonView::tr("kept here only")};
}

QString metricTitle(const std::string &metric)
{
    if (metric == "iou")
        return ComparisonView::tr("IoU of pruned units");
    if (metric == "cosine")
        return ComparisonView::tr("Cosine of the masks");
    if (metric == "hamming")
        return ComparisonView::tr("Hamming distance");
    if (metric == "spearman")
        return ComparisonView::tr("Spearman rank correlation");
    if (metric == "kendall")
        return ComparisonView::tr("Kendall's tau");
    if (metric == "topk")
        return ComparisonView::tr("Top-10% overlap");
    return QString::fromStdString(metric);
}

bool isCorrelation(const std::string &metric)
{
    return metric == "spearman" || metric == "kendall";
}

// The units a map keeps: a mask's non-zero ones, or a score map's `count` highest.
std::vector<bool> keptUnits(const Grid &grid, bool isMask, int64_t count)
{
    std::vector<bool> kept(grid.values.size());
    if (isMask) {
        for (size_t i = 0; i < kept.size(); ++i)
            kept[i] = grid.values[i] != 0;
        return kept;
    }
    const auto ranks = ranksOf(grid);
    for (size_t i = 0; i < kept.size(); ++i)
        kept[i] = ranks[i] <= count;
    return kept;
}

int64_t keptCount(const Grid &mask)
{
    return int64_t(std::count_if(mask.values.begin(), mask.values.end(), [](float v) { return v != 0; }));
}

QString number(double value, int decimals = 3)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("\u2013");
}

} // namespace

Grid agreementGrid(const Grid &mine, bool mineIsMask, const Grid &other, bool otherIsMask, double topFraction)
{
    Grid result = mine;
    const int64_t n = int64_t(mine.values.size());
    if (int64_t(other.values.size()) != n) {
        result.values.clear();
        result.rows = result.cols = 0;
        return result;
    }
    const int64_t top = std::max<int64_t>(1, int64_t(std::ceil(topFraction * double(n))));
    const auto a = keptUnits(mine, mineIsMask, otherIsMask ? keptCount(other) : top);
    const auto b = keptUnits(other, otherIsMask, mineIsMask ? keptCount(mine) : top);
    for (int64_t i = 0; i < n; ++i) {
        const Agreement kind = a[size_t(i)] == b[size_t(i)] ? (a[size_t(i)] ? Agreement::KeptByBoth : Agreement::PrunedByBoth)
                                                            : (a[size_t(i)] ? Agreement::KeptHereOnly : Agreement::PrunedHereOnly);
        result.values[size_t(i)] = float(int(kind));
    }
    return result;
}

ComparisonView::ComparisonView(QWidget *parent)
    : QWidget(parent)
    , m_metric(new QComboBox(this))
    , m_scope(new QComboBox(this))
    , m_tensor(new QComboBox(this))
    , m_items(new QComboBox(this))
    , m_empty(new QLabel(tr("Compare masks and score maps (Analysis \u2192 Compare) to see here how they agree."), this))
    , m_pairTitle(new QLabel(this))
    , m_leftTitle(new QLabel(this))
    , m_rightTitle(new QLabel(this))
    , m_agreement(new QLabel(this))
    , m_content(new QSplitter(Qt::Horizontal, this))
    , m_matrix(new GridPlot(this))
    , m_left(new GridPlot(this))
    , m_right(new GridPlot(this))
    , m_curve(new QCustomPlot(this))
    , m_curveLegend(new QLabel(this))
{
    m_metric->setToolTip(tr("The metric of the matrix and of the curve"));
    m_scope->setToolTip(tr("The matrix over all layers, or over one layer"));
    m_tensor->setToolTip(tr("The map the two items are drawn on: heads or FFN neurons"));
    QToolButton *help = createHelpButton(this, HelpTopic::Compare, tr("Explains the comparison metrics and colours"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Metric:"), this));
    controls->addWidget(m_metric, 1);
    controls->addWidget(new QLabel(tr("Layers:"), this));
    controls->addWidget(m_scope);
    controls->addWidget(new QLabel(tr("Items:"), this));
    controls->addWidget(m_items, 1);
    controls->addWidget(help);
    m_items->setToolTip(tr("The items the matrix shows: those the metric compares, grouped; one group; or all"));

    m_matrix->setNames(QString(), QString());
    m_matrix->setMinimumWidth(420);
    m_matrix->setToolTip(tr("Click a cell to see that pair layer by layer"));
    // The legend as a line of text under the plot: it hides no point and wraps in any language.
    m_curveLegend->setWordWrap(true);
    m_curveLegend->setTextFormat(Qt::RichText);
    m_curve->xAxis->setLabel(tr("layer"));
    m_curve->setMinimumHeight(200);
    m_pairTitle->setWordWrap(true);
    m_agreement->setWordWrap(true);
    m_agreement->setTextFormat(Qt::RichText);
    auto *pair = new QWidget(this);
    auto *pairLayout = new QVBoxLayout(pair);
    pairLayout->setContentsMargins(0, 0, 0, 0);
    pairLayout->addWidget(m_pairTitle);
    pairLayout->addWidget(m_curve, 2);
    pairLayout->addWidget(m_curveLegend);
    auto *tensorRow = new QHBoxLayout;
    tensorRow->addWidget(new QLabel(tr("Map:"), this));
    tensorRow->addWidget(m_tensor, 1);
    pairLayout->addLayout(tensorRow);
    auto *maps = new QGridLayout;
    maps->addWidget(m_leftTitle, 0, 0);
    maps->addWidget(m_rightTitle, 0, 1);
    maps->addWidget(m_left, 1, 0);
    maps->addWidget(m_right, 1, 1);
    maps->setRowStretch(1, 1);
    pairLayout->addLayout(maps, 3);
    pairLayout->addWidget(m_agreement);
    auto *splitter = static_cast<QSplitter *>(m_content);
    splitter->addWidget(m_matrix);
    splitter->addWidget(pair);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_empty);
    layout->addWidget(m_content, 1);

    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        findGroups();
        showMatrix();
        showPair();
    });
    connect(m_scope, &QComboBox::currentIndexChanged, this, &ComparisonView::showMatrix);
    connect(m_items, &QComboBox::currentIndexChanged, this, &ComparisonView::showMatrix);
    connect(m_matrix->plot(), &QCustomPlot::afterLayout, this, &ComparisonView::fitCellTexts);
    connect(m_tensor, &QComboBox::currentIndexChanged, this, &ComparisonView::showPair);
    connect(m_matrix, &GridPlot::cellClicked, this, [this](int64_t row, int64_t column) {
        selectPair(m_shown.at(size_t(row)), m_shown.at(size_t(column)));
    });
    clear();
}

void ComparisonView::setComparison(const MapComparison &comparison, std::vector<GridSet> unitGrids)
{
    m_comparison = comparison;
    m_grids = std::move(unitGrids);
    m_grids.resize(m_comparison.names.size());
    m_a = 0;
    m_b = m_comparison.names.size() > 1 ? 1 : 0;
    const bool any = m_comparison.names.size() >= 2;
    m_empty->setVisible(!any);
    m_content->setVisible(any);
    {
        const QSignalBlocker metricBlocker(m_metric), scopeBlocker(m_scope);
        const QString previous = m_metric->currentData().toString();
        m_metric->clear();
        for (const auto &metric : m_comparison.metrics())
            m_metric->addItem(metricTitle(metric), QString::fromStdString(metric));
        m_metric->setCurrentIndex(std::max(0, m_metric->findData(previous)));
        m_scope->clear();
        m_scope->addItem(tr("All layers"), -1);
        for (size_t l = 0; l < m_comparison.layers.size(); ++l)
            m_scope->addItem(QString::fromStdString(m_comparison.layers[l]), int(l));
    }
    m_matrix->setToolTipText([this](int64_t row, int64_t column) {
        const PairMatrix m = shownMatrix();
        const size_t a = size_t(m_shown.at(size_t(row))), b = size_t(m_shown.at(size_t(column)));
        return tr("%1 vs %2\n%3: %4")
            .arg(QString::fromStdString(m_comparison.names[a]), QString::fromStdString(m_comparison.names[b]),
                 m_metric->currentText(), number(m[size_t(row)][size_t(column)]));
    });
    findGroups();
    if (!m_groups.empty() && m_groups.front().size() >= 2) // the first pair the metric compares
        m_a = m_groups.front()[0], m_b = m_groups.front()[1];
    showMatrix();
    showPair();
}

void ComparisonView::findGroups()
{
    // Items joined by a defined value of the metric over all layers, in the comparison's order.
    m_groups.clear();
    const auto overall = m_comparison.overall.find(m_metric->currentData().toString().toStdString());
    const int k = int(m_comparison.names.size());
    std::vector<int> group(size_t(k), -1);
    if (overall != m_comparison.overall.end())
        for (int i = 0; i < k; ++i) {
            if (group[size_t(i)] >= 0)
                continue;
            std::vector<int> members, open{i};
            while (!open.empty()) {
                const int at = open.back();
                open.pop_back();
                if (group[size_t(at)] >= 0 || !std::isfinite(overall->second[size_t(at)][size_t(at)]))
                    continue;
                group[size_t(at)] = int(m_groups.size());
                members.push_back(at);
                for (int j = 0; j < k; ++j)
                    if (group[size_t(j)] < 0 && std::isfinite(overall->second[size_t(at)][size_t(j)]))
                        open.push_back(j);
            }
            if (!members.empty()) {
                std::sort(members.begin(), members.end());
                m_groups.push_back(members);
            }
        }
    // Each group named by what it holds.
    const QSignalBlocker blocker(m_items);
    const int previous = m_items->currentData().toInt();
    m_items->clear();
    m_items->addItem(tr("Compared, grouped"), -2);
    m_items->addItem(tr("All items"), -1);
    for (size_t g = 0; g < m_groups.size(); ++g) {
        const auto pruned = [](const std::vector<double> &profile) {
            return std::any_of(profile.begin(), profile.end(), [](double v) { return v > 0; });
        };
        bool heads = false, neurons = false, scores = false;
        for (const int i : m_groups[g]) {
            if (!m_comparison.isMask[size_t(i)]) {
                scores = true;
                continue;
            }
            heads = heads || pruned(m_comparison.attentionSparsity[size_t(i)]);
            neurons = neurons || pruned(m_comparison.ffnSparsity[size_t(i)]);
        }
        const QString kind = scores              ? tr("score maps")
                             : heads && !neurons ? tr("head masks")
                             : neurons && !heads ? tr("neuron masks")
                                                 : tr("masks");
        m_items->addItem(tr("%1 (%n)", nullptr, int(m_groups[g].size())).arg(kind), int(g));
    }
    m_items->setCurrentIndex(std::max(0, m_items->findData(previous)));
}

void ComparisonView::clear()
{
    setComparison(MapComparison(), {});
}

PairMatrix ComparisonView::shownMatrix() const
{
    const std::string metric = m_metric->currentData().toString().toStdString();
    const int layer = m_scope->currentData().toInt();
    if (!m_comparison.overall.count(metric))
        return {};
    const PairMatrix &all = layer < 0 ? m_comparison.overall.at(metric) : m_comparison.perLayer.at(metric).at(size_t(layer));
    PairMatrix shown;
    for (const int a : m_shown) {
        shown.emplace_back();
        for (const int b : m_shown)
            shown.back().push_back(all[size_t(a)][size_t(b)]);
    }
    return shown;
}

std::vector<double> ComparisonView::pairCurve() const
{
    const std::string metric = m_metric->currentData().toString().toStdString();
    std::vector<double> curve;
    if (m_comparison.perLayer.count(metric))
        for (const auto &m : m_comparison.perLayer.at(metric))
            curve.push_back(m[size_t(m_a)][size_t(m_b)]);
    return curve;
}

void ComparisonView::selectPair(int a, int b)
{
    const int k = int(m_comparison.names.size());
    if (a < 0 || b < 0 || a >= k || b >= k)
        return;
    m_a = a;
    m_b = b;
    const auto row = [this](int item) {
        const auto at = std::find(m_shown.begin(), m_shown.end(), item);
        return at == m_shown.end() ? -1 : int(at - m_shown.begin());
    };
    if (row(a) >= 0 && row(b) >= 0)
        m_matrix->setSelectedCell(row(a), row(b));
    else
        m_matrix->setSelectedCell(-1, -1);
    showPair();
}

void ComparisonView::showMatrix()
{
    const int choice = m_items->currentData().toInt();
    m_shown.clear();
    if (choice == -1) {
        for (int i = 0; i < int(m_comparison.names.size()); ++i)
            m_shown.push_back(i);
    } else {
        for (size_t g = 0; g < m_groups.size(); ++g)
            if (choice == -2 || choice == int(g))
                m_shown.insert(m_shown.end(), m_groups[g].begin(), m_groups[g].end());
    }
    QStringList names;
    for (const int i : m_shown)
        names.append(QString::fromStdString(m_comparison.names[size_t(i)]));
    m_matrix->setTickLabels(names, names);

    QCustomPlot *plot = m_matrix->plot();
    for (QCPItemText *text : std::as_const(m_cellTexts)) // not clearItems(): the selection frame is an item too
        plot->removeItem(text);
    m_cellTexts.clear();
    m_cellValues.clear();
    const PairMatrix m = shownMatrix();
    m_matrix->setTitle(m.empty() ? QString()
                                 : tr("%1 of %n item(s), %2", nullptr, int(m.size()))
                                       .arg(m_metric->currentText(), m_scope->currentText()));
    if (m.empty()) {
        m_matrix->clear();
        return;
    }
    Grid grid;
    grid.rows = grid.cols = int64_t(m.size());
    grid.shape = {grid.rows, grid.cols};
    for (const auto &row : m)
        for (const double v : row)
            grid.values.push_back(float(v));
    const bool correlation = isCorrelation(m_metric->currentData().toString().toStdString());
    m_matrix->setColorScheme(correlation ? ColorScheme::Polar : ColorScheme::Viridis);
    m_matrix->setValueRange(correlation ? -1.0 : 0.0, 1.0);
    m_matrix->setGrid(grid, false);
    // The numbers in the cells, dark on light colours and light on dark ones, sized to the
    // cells once the plot is laid out (fitCellTexts).
    for (int64_t r = 0; r < grid.rows; ++r)
        for (int64_t c = 0; c < grid.cols; ++c) {
            auto *text = new QCPItemText(plot);
            text->position->setCoords(double(c), double(r));
            text->setText(number(m[size_t(r)][size_t(c)]));
            m_cellValues.push_back(m[size_t(r)][size_t(c)]);
            text->setColor(m_matrix->colorAt(r, c).lightnessF() > 0.55 ? Qt::black : Qt::white);
            m_cellTexts.append(text);
        }
    selectPair(m_a, m_b);
    replotWhenSized(plot); // lays the plot out, and fitCellTexts sizes the numbers
}

void ComparisonView::fitCellTexts()
{
    if (m_cellTexts.isEmpty())
        return;
    QCustomPlot *plot = m_matrix->plot();
    const double cells = double(m_shown.size()); // the matrix is cells x cells
    const QRect area = plot->axisRect()->rect();
    if (area.width() <= 0 || area.height() <= 0)
        return; // not laid out yet
    const double width = double(area.width()) / cells, height = double(area.height()) / cells;
    // The widest number at the plot's font, scaled down to 85 % of the cell's width and 70 %
    // of its height; two decimals where three would need a font much smaller than the plot's.
    const QFont base = plot->font();
    const QFontMetricsF metrics(base);
    const auto fit = [&](int decimals) {
        double widest = 1;
        for (int i = 0; i < m_cellTexts.size(); ++i)
            widest = std::max(widest, metrics.horizontalAdvance(number(m_cellValues[size_t(i)], decimals)));
        return std::min({1.0, 0.85 * width / widest, 0.7 * height / metrics.height()});
    };
    const int decimals = fit(3) >= 0.8 ? 3 : 2;
    const double scale = fit(decimals);
    for (int i = 0; i < m_cellTexts.size(); ++i)
        m_cellTexts[i]->setText(number(m_cellValues[size_t(i)], decimals));
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * scale);
    const bool readable = font.pointSizeF() >= 6.0; // smaller: the tool tip gives the number
    for (QCPItemText *text : std::as_const(m_cellTexts)) {
        text->setFont(font);
        text->setVisible(readable);
    }
}

void ComparisonView::showPair()
{
    m_curve->clearGraphs();
    if (m_comparison.names.size() < 2) {
        replotWhenSized(m_curve);
        return;
    }
    const QString a = QString::fromStdString(m_comparison.names[size_t(m_a)]);
    const QString b = QString::fromStdString(m_comparison.names[size_t(m_b)]);
    const auto overall = m_comparison.overall.find(m_metric->currentData().toString().toStdString());
    m_pairTitle->setText(
        overall == m_comparison.overall.end()
            ? tr("<b>%1</b> vs <b>%2</b>: no metric compares a mask with a score map").arg(a.toHtmlEscaped(), b.toHtmlEscaped())
            : tr("<b>%1</b> vs <b>%2</b>: %3 %4 over all layers")
                  .arg(a.toHtmlEscaped(), b.toHtmlEscaped(), m_metric->currentText(),
                       number(overall->second[size_t(m_a)][size_t(m_b)])));

    // The unit maps both items have; the one chosen stays chosen.
    {
        const QSignalBlocker blocker(m_tensor);
        const QString previous = m_tensor->currentText();
        m_tensor->clear();
        for (const auto &grid : m_grids[size_t(m_a)].grids)
            if ((isUnitGrid(grid, "heads") || isUnitGrid(grid, "neurons")) && m_grids[size_t(m_b)].find(grid.name))
                m_tensor->addItem(QString::fromStdString(grid.name));
        m_tensor->setCurrentIndex(std::max(0, m_tensor->findText(previous)));
    }
    const bool neurons = m_tensor->currentText().endsWith(QLatin1String("neurons"));

    // The metric per layer, with the sparsity of either mask in the component shown below.
    QVector<double> x, y;
    const auto curve = pairCurve();
    for (size_t l = 0; l < curve.size(); ++l)
        if (std::isfinite(curve[l])) {
            x.append(double(l));
            y.append(curve[l]);
        }
    QCPGraph *metric = m_curve->addGraph();
    metric->setName(m_metric->currentText());
    metric->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
    metric->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    metric->setData(x, y, true);
    const Qt::PenStyle styles[] = {Qt::DashLine, Qt::DotLine};
    const int items[] = {m_a, m_b};
    for (int side = 0; side < (m_a == m_b ? 1 : 2); ++side) {
        const size_t i = size_t(items[side]);
        if (!m_comparison.isMask[i])
            continue;
        const auto &profile = neurons ? m_comparison.ffnSparsity[i] : m_comparison.attentionSparsity[i];
        QVector<double> px, py;
        for (size_t l = 0; l < profile.size(); ++l) {
            px.append(double(l));
            py.append(profile[l]);
        }
        QCPGraph *graph = m_curve->addGraph();
        graph->setName(neurons ? tr("%1: FFN sparsity").arg(QString::fromStdString(m_comparison.names[i]))
                               : tr("%1: attention sparsity").arg(QString::fromStdString(m_comparison.names[i])));
        graph->setPen(QPen(QColor(0x7f, 0x7f, 0x7f), 1.5, styles[side]));
        graph->setData(px, py, true);
    }
    QStringList legend;
    for (int g = 0; g < m_curve->graphCount(); ++g) {
        const QPen pen = m_curve->graph(g)->pen();
        const QString line = pen.style() == Qt::DashLine ? QStringLiteral("\u2012 \u2012") : pen.style() == Qt::DotLine
                                                                                                   ? QStringLiteral("\u00b7\u00b7\u00b7")
                                                                                                   : QStringLiteral("\u2501\u2501");
        legend << QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>&nbsp;%3")
                      .arg(pen.color().name(), line, m_curve->graph(g)->name().toHtmlEscaped());
    }
    m_curveLegend->setText(legend.join(QStringLiteral(" &nbsp; ")));
    QStringList layers;
    for (const std::string &layer : m_comparison.layers)
        layers << QString::fromStdString(layer);
    m_curve->xAxis->setTicker(textTicker(layers));
    m_curve->xAxis->setTickLabelRotation(m_comparison.layers.size() > 12 ? 60 : 30);
    m_curve->xAxis->setRange(-0.5, double(m_comparison.layers.size()) - 0.5);
    m_curve->yAxis->setRange(isCorrelation(m_metric->currentData().toString().toStdString()) ? -1.05 : -0.05, 1.05);
    replotWhenSized(m_curve);
    showMaps();
}

void ComparisonView::showMaps()
{
    m_counts.assign(kAgreementKinds, 0);
    const std::string tensor = m_tensor->currentText().toStdString();
    const Grid *a = m_comparison.names.size() >= 2 ? m_grids[size_t(m_a)].find(tensor) : nullptr;
    const Grid *b = a ? m_grids[size_t(m_b)].find(tensor) : nullptr;
    const bool shown = a && b && a->values.size() == b->values.size();
    m_left->setVisible(shown);
    m_right->setVisible(shown);
    m_leftTitle->setVisible(shown);
    m_rightTitle->setVisible(shown);
    if (!shown) {
        m_agreement->setText(m_comparison.names.size() < 2
                                 ? QString()
                                 : tr("The head and neuron maps of these items cannot be read from the study."));
        return;
    }
    const bool maskA = m_comparison.isMask[size_t(m_a)], maskB = m_comparison.isMask[size_t(m_b)];
    const QString unit = isUnitGrid(*a, "heads") ? tr("head") : tr("neuron");
    const QString nameA = QString::fromStdString(m_comparison.names[size_t(m_a)]);
    const QString nameB = QString::fromStdString(m_comparison.names[size_t(m_b)]);
    const Grid left = agreementGrid(*a, maskA, *b, maskB), right = agreementGrid(*b, maskB, *a, maskA);
    const QList<QColor> colors(std::begin(kAgreementColors), std::end(kAgreementColors));
    for (GridPlot *plot : {m_left, m_right})
        plot->setNames(tr("layer"), unit);
    m_left->setCategoryGrid(left, agreementLabels(), colors);
    m_right->setCategoryGrid(right, agreementLabels(), colors);
    m_leftTitle->setText(tr("<b>%1</b> (%2)").arg(nameA.toHtmlEscaped(), maskA ? tr("mask") : tr("scores")));
    m_rightTitle->setText(tr("<b>%1</b> (%2)").arg(nameB.toHtmlEscaped(), maskB ? tr("mask") : tr("scores")));

    for (const float v : left.values)
        ++m_counts[size_t(v)];
    const int64_t total = int64_t(left.values.size());
    const int64_t agree = m_counts[int(Agreement::KeptByBoth)] + m_counts[int(Agreement::PrunedByBoth)];
    QString legend;
    const QStringList labels = agreementLabels();
    for (int kind = 0; kind < kAgreementKinds; ++kind)
        legend += QStringLiteral("<span style=\"color:%1\">\u25a0</span> %2 &nbsp; ").arg(kAgreementColors[kind].name(), labels[kind]);
    m_agreement->setText(tr("They agree on %1 of %2 units (%3%): %4 kept by both, %5 pruned by both; %6 pruned only "
                            "by %7, %8 pruned only by %9.")
                             .arg(QString::number(agree), QString::number(total),
                                  QString::number(total ? 100.0 * double(agree) / double(total) : 0.0, 'f', 1),
                                  QString::number(m_counts[int(Agreement::KeptByBoth)]),
                                  QString::number(m_counts[int(Agreement::PrunedByBoth)]),
                                  QString::number(m_counts[int(Agreement::PrunedHereOnly)]), nameA.toHtmlEscaped(),
                                  QString::number(m_counts[int(Agreement::KeptHereOnly)]), nameB.toHtmlEscaped()) +
                         QStringLiteral("<br>") + legend);
}

QList<ComparisonView::CellText> ComparisonView::cellTexts() const
{
    QList<CellText> texts;
    for (const QCPItemText *text : m_cellTexts)
        texts.append({text->text(), text->font(), text->visible()});
    return texts;
}

double ComparisonView::cellWidth() const
{
    return m_shown.empty() ? 0.0 : double(m_matrix->plot()->axisRect()->rect().width()) / double(m_shown.size());
}

QString ComparisonView::curveLegend() const
{
    return m_curveLegend->text();
}

QString ComparisonView::agreementText() const
{
    return m_agreement->text();
}

} // namespace prunescope
