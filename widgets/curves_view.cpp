#include "widgets/curves_view.h"

#include "widgets/grid_plot.h"
#include "widgets/help_texts.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace prunescope {

namespace {

const QColor kColors[] = {QColor(0x7f, 0x7f, 0x7f), QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                          QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e),
                          QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2)};

} // namespace

CurvesView::CurvesView(QWidget *parent)
    : QWidget(parent)
    , m_metric(new QComboBox(this))
    , m_empty(new QLabel(tr("Run a sweep (Analysis \u2192 Sweep) to compare methods across sparsities."), this))
    , m_plot(new QCustomPlot(this))
    , m_title(addPlotTitle(m_plot))
{
    m_metric->setToolTip(tr("The metric plotted against sparsity"));
    auto *exportButton = new QPushButton(tr("Export\u2026"), this);
    exportButton->setToolTip(tr("Save the plot as PNG or SVG, or the numbers as CSV"));
    QToolButton *help = createHelpButton(this, HelpTopic::Curves, tr("Explains the accuracy-against-sparsity curves"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Metric:"), this));
    controls->addWidget(m_metric, 1);
    controls->addWidget(exportButton);
    controls->addWidget(help);
    m_empty->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_empty);
    layout->addWidget(m_plot, 1);
    m_plot->legend->setVisible(true);
    // Right of the plot area, where it hides no curve, at the top.
    auto *side = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 1, side);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    side->addElement(0, 0, m_plot->legend);
    side->addElement(1, 0, new QCPLayoutElement(m_plot)); // the rest of the height
    side->setRowStretchFactor(0, 0.001);
    side->setMargins(QMargins(0, 0, 6, 0)); // off the widget's edge
    m_plot->xAxis->setLabel(tr("sparsity (fraction of units pruned)"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &CurvesView::redraw);
    connect(exportButton, &QPushButton::clicked, this, &CurvesView::exportAs);
    clear();
}

void CurvesView::setSweep(const SweepResult &sweep, const QString &name)
{
    m_sweep = sweep;
    m_showsScan = false;
    m_name = name;
    const QSignalBlocker blocker(m_metric);
    m_metric->clear();
    for (const auto &[name, value] : m_sweep.dense)
        m_metric->addItem(QString::fromStdString(name));
    m_metric->setCurrentText(QString::fromStdString(m_sweep.metric));
    redraw();
}

void CurvesView::setNoiseScan(const SigmaScanResult &scan, const QString &name)
{
    m_scan = scan;
    m_showsScan = true;
    m_name = name;
    const QSignalBlocker blocker(m_metric);
    m_metric->clear();
    m_metric->addItem(QString::fromStdString(m_scan.metric));
    redraw();
}

void CurvesView::clear()
{
    setSweep(SweepResult());
}

QStringList CurvesView::curveNames() const
{
    QStringList names;
    for (int i = 0; i < m_plot->graphCount(); ++i)
        if (m_plot->legend->hasItemWithPlottable(m_plot->graph(i)))
            names.append(m_plot->graph(i)->name());
    return names;
}

std::vector<std::pair<double, double>> CurvesView::bandOf(const QString &name) const
{
    std::vector<std::pair<double, double>> band;
    const auto found = m_bands.find(name);
    if (found == m_bands.end())
        return band;
    const auto &[high, low] = found->second;
    for (int i = 0; i < high->dataCount(); ++i)
        band.emplace_back(low->dataMainValue(i), high->dataMainValue(i));
    return band;
}

QString CurvesView::title() const
{
    return m_title->text();
}

void CurvesView::redraw()
{
    m_plot->clearGraphs();
    m_bands.clear();
    m_metric->setEnabled(!m_showsScan);
    const bool logarithmic = m_plot->xAxis->scaleType() == QCPAxis::stLogarithmic;
    if (m_showsScan != logarithmic) {
        m_plot->xAxis->setScaleType(m_showsScan ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        m_plot->xAxis->setTicker(m_showsScan ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                             : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        m_plot->xAxis->setLabel(m_showsScan ? tr("Smooth-Cut's noise sigma") : tr("sparsity (fraction of units pruned)"));
        m_plot->yAxis2->setVisible(m_showsScan);
    }
    if (m_showsScan) {
        drawNoiseScan();
        return;
    }
    const std::string metric = m_metric->currentText().toStdString();
    const bool empty = !m_sweep.dense.count(metric);
    m_empty->setVisible(empty);
    m_plot->setVisible(!empty);
    if (empty) {
        m_title->setText(QString());
        replotWhenSized(m_plot);
        return;
    }
    const auto setting = [this](const char *key) {
        const auto found = m_sweep.settings.find(key);
        return found == m_sweep.settings.end() ? QString() : QString::fromStdString(found->second);
    };
    QString title = tr("%1 against %2 sparsity").arg(QString::fromStdString(metric), setting("granularity"));
    if (!setting("scope").isEmpty())
        title += tr(", %1 scope").arg(setting("scope"));
    m_title->setText(m_name.isEmpty() ? title : tr("%1: %2").arg(m_name, title));
    m_plot->yAxis->setLabel(QString::fromStdString(metric));
    const auto curves = sweepCurves(m_sweep, metric);
    for (size_t i = 0; i < curves.size(); ++i) {
        const QColor colour = kColors[i % std::size(kColors)];
        const int64_t draws = curves[i].draws();
        const QString name = draws > 1 ? tr("%1 (mean of %2 draws, range shaded)").arg(QString::fromStdString(curves[i].method)).arg(draws)
                                       : QString::fromStdString(curves[i].method);
        if (draws > 1) { // the range first, under the curve
            QCPGraph *high = m_plot->addGraph(), *low = m_plot->addGraph();
            for (QCPGraph *edge : {high, low}) {
                edge->setPen(Qt::NoPen);
                edge->removeFromLegend();
            }
            QColor fill = colour;
            fill.setAlpha(60);
            high->setBrush(fill);
            high->setChannelFillGraph(low);
            for (const auto &p : curves[i].points) {
                high->addData(p.achieved, p.high);
                low->addData(p.achieved, p.low);
            }
            m_bands[name] = {high, low};
        }
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(name);
        graph->setPen(QPen(colour, 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        for (const auto &p : curves[i].points)
            graph->addData(p.achieved, p.mean);
    }
    QCPGraph *dense = m_plot->addGraph();
    dense->setName(tr("dense"));
    dense->setPen(QPen(Qt::black, 1.5, Qt::DashLine));
    dense->addData(0, m_sweep.dense.at(metric));
    dense->addData(1, m_sweep.dense.at(metric));
    double low = m_sweep.dense.at(metric), high = low;
    for (const auto &p : m_sweep.points)
        low = std::min(low, p.metrics.at(metric)), high = std::max(high, p.metrics.at(metric));
    // A flat curve (a model at chance) still gets a readable axis around its value.
    const double pad = std::max((high - low) * 0.08, 0.02 * std::max(std::abs(high), 1.0));
    m_plot->xAxis->setRange(0, 1);
    m_plot->yAxis->setRange(low - pad, high + pad);
    replotWhenSized(m_plot);
}

void CurvesView::drawNoiseScan()
{
    m_empty->setVisible(false);
    m_plot->setVisible(true);
    const SigmaScanResult &scan = m_scan;
    const QString metric = QString::fromStdString(scan.metric);
    const QString title = tr("Smooth-Cut against Taylor as the noise grows (%1 after one-shot weight pruning)").arg(metric);
    m_title->setText(m_name.isEmpty() ? title : tr("%1: %2").arg(m_name, title));
    m_plot->xAxis->setLabel(scan.relative ? tr("Smooth-Cut's noise sigma (share of each tensor's spread)")
                                          : tr("Smooth-Cut's noise sigma"));
    m_plot->yAxis->setLabel(metric);
    m_plot->yAxis2->setLabel(tr("Spearman with Taylor"));
    const double first = scan.sigmas.front(), last = scan.sigmas.back();
    const auto level = [&](const QString &name, double value, const QPen &pen) {
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(name);
        graph->setPen(pen);
        graph->addData(first, value);
        graph->addData(last, value);
    };
    double low = scan.dense, high = scan.dense;
    for (size_t s = 0; s < scan.sparsities.size(); ++s) {
        const QColor colour = kColors[(s + 1) % std::size(kColors)];
        const QString at = QString::number(100 * scan.sparsities[s], 'f', 0);
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(tr("Smooth-Cut at %1 %").arg(at));
        graph->setPen(QPen(colour, 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        for (size_t i = 0; i < scan.sigmas.size(); ++i) {
            graph->addData(scan.sigmas[i], scan.smoothCut[i][s]);
            low = std::min(low, scan.smoothCut[i][s]), high = std::max(high, scan.smoothCut[i][s]);
        }
        level(tr("Taylor at %1 %").arg(at), scan.taylor[s], QPen(colour, 1.5, Qt::DashLine));
        level(tr("magnitude at %1 %").arg(at), scan.magnitude[s], QPen(colour, 1.5, Qt::DotLine));
        low = std::min({low, scan.taylor[s], scan.magnitude[s]});
        high = std::max({high, scan.taylor[s], scan.magnitude[s]});
    }
    level(tr("dense"), scan.dense, QPen(Qt::black, 1.5, Qt::DashLine));
    QCPGraph *spearman = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    spearman->setName(tr("Spearman with Taylor (right axis)"));
    spearman->setPen(QPen(kColors[0], 2));
    spearman->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 6));
    double lowest = 1;
    for (size_t i = 0; i < scan.sigmas.size(); ++i) {
        spearman->addData(scan.sigmas[i], scan.spearman[i]);
        lowest = std::min(lowest, scan.spearman[i]);
    }
    const double pad = std::max((high - low) * 0.08, 0.02 * std::max(std::abs(high), 1.0));
    m_plot->xAxis->setRange(first / 2, last * 2);
    m_plot->yAxis->setRange(low - pad, high + pad);
    m_plot->yAxis2->setRange(std::min(0.0, lowest) - 0.05, 1.05);
    replotWhenSized(m_plot);
}

bool CurvesView::exportPng(const QString &path) const
{
    return m_plot->savePng(path, 900, 600, 1.0);
}

bool CurvesView::exportSvg(const QString &path) const
{
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(QSize(900, 600));
    generator.setViewBox(QRect(0, 0, 900, 600));
    generator.setTitle(tr("PruneScope sweep"));
    QCPPainter painter;
    if (!painter.begin(&generator))
        return false;
    m_plot->toPainter(&painter, 900, 600);
    return painter.end();
}

bool CurvesView::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QByteArray::fromStdString(m_showsScan ? sigmaScanCsv(m_scan) : sweepCsv(m_sweep)));
    return file.commit();
}

void CurvesView::exportAs()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Curves"),
                                                      m_showsScan ? QStringLiteral("noise-scan.png") : QStringLiteral("sweep.png"),
                                                      tr("PNG image (*.png);;SVG image (*.svg);;CSV table (*.csv)"), &filter);
    if (path.isEmpty())
        return;
    const bool ok = path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)   ? exportSvg(path)
                    : path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? exportCsv(path)
                                                                                 : exportPng(path);
    if (!ok)
        QMessageBox::warning(this, tr("Export Curves"), tr("Cannot write %1.").arg(path));
}

} // namespace prunescope
