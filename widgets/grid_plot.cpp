#include "widgets/grid_plot.h"

#include <qcustomplot.h>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace prunescope {

namespace {

double g_plotScale = 1.0;

// `object`'s own size as the view set it, remembered the first time it is scaled.
double baseSize(QObject *object, const char *key, double current)
{
    const QVariant base = object->property(key);
    if (base.isValid())
        return base.toDouble();
    object->setProperty(key, current);
    return current;
}

QFont scaledFont(QObject *owner, const char *key, QFont font)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(baseSize(owner, key, font.pointSizeF()) * g_plotScale);
    else // a font sized in pixels
        font.setPixelSize(std::max(1, int(std::lround(baseSize(owner, key, font.pixelSize()) * g_plotScale))));
    return font;
}

void scaleElements(QCPLayoutGrid *grid)
{
    for (int i = 0; i < grid->elementCount(); ++i) {
        QCPLayoutElement *element = grid->elementAt(i);
        if (auto *title = qobject_cast<QCPTextElement *>(element))
            title->setFont(scaledFont(title, "baseFont", title->font()));
        else if (auto *inner = qobject_cast<QCPLayoutGrid *>(element))
            scaleElements(inner);
    }
}

// Fonts and line widths of `plot` at the plot scale, from the sizes its view gave them.
void applyPlotScale(QCustomPlot *plot)
{
    if (g_plotScale == 1.0 && !plot->property("scaled").toBool())
        return;
    plot->setProperty("scaled", true);
    for (QCPAxisRect *rect : plot->axisRects())
        for (QCPAxis *axis : rect->axes()) {
            axis->setTickLabelFont(scaledFont(axis, "baseTickFont", axis->tickLabelFont()));
            axis->setLabelFont(scaledFont(axis, "baseLabelFont", axis->labelFont()));
            QPen pen = axis->basePen();
            pen.setWidthF(baseSize(axis, "baseWidth", pen.widthF()) * g_plotScale);
            axis->setBasePen(pen);
        }
    plot->legend->setFont(scaledFont(plot->legend, "baseFont", plot->legend->font()));
    scaleElements(plot->plotLayout());
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *plottable = plot->plottable(i);
        QPen pen = plottable->pen();
        if (pen.style() == Qt::NoPen)
            continue;
        pen.setWidthF(baseSize(plottable, "baseWidth", pen.widthF()) * g_plotScale);
        plottable->setPen(pen);
    }
}

} // namespace

void setPlotScale(double scale)
{
    g_plotScale = scale;
}

void rescalePlots(QWidget *top)
{
    for (QCustomPlot *plot : top->findChildren<QCustomPlot *>())
        replotWhenSized(plot);
}

void replotWhenSized(QCustomPlot *plot, bool queued)
{
    applyPlotScale(plot);
    if (!plot->size().isEmpty())
        plot->replot(queued ? QCustomPlot::rpQueuedReplot : QCustomPlot::rpRefreshHint);
}

QSharedPointer<QCPAxisTickerText> textTicker(const QStringList &labels)
{
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(double(i), labels[i]);
    return ticker;
}

QCPTextElement *addPlotTitle(QCustomPlot *plot)
{
    plot->plotLayout()->insertRow(0);
    auto *title = new QCPTextElement(plot, QString(), QFont(plot->font().family(), plot->font().pointSize(), QFont::Bold));
    plot->plotLayout()->addElement(0, 0, title);
    return title;
}

namespace {

QCPColorGradient gradientFor(ColorScheme scheme)
{
    QCPColorGradient gradient;
    switch (scheme) {
    case ColorScheme::Viridis: // perceptually uniform, readable in grey
        gradient.clearColorStops();
        gradient.setColorStopAt(0.0, QColor(68, 1, 84));
        gradient.setColorStopAt(0.25, QColor(59, 82, 139));
        gradient.setColorStopAt(0.5, QColor(33, 145, 140));
        gradient.setColorStopAt(0.75, QColor(94, 201, 98));
        gradient.setColorStopAt(1.0, QColor(253, 231, 37));
        break;
    case ColorScheme::Thermal: gradient.loadPreset(QCPColorGradient::gpThermal); break;
    case ColorScheme::Grayscale: gradient.loadPreset(QCPColorGradient::gpGrayscale); break;
    case ColorScheme::Polar: gradient.loadPreset(QCPColorGradient::gpPolar); break;
    }
    return gradient;
}

// Pruned units dark red, kept units pale: a mask reads at a glance.
QCPColorGradient maskGradient()
{
    QCPColorGradient gradient;
    gradient.clearColorStops();
    gradient.setColorStopAt(0.0, QColor(165, 15, 21));
    gradient.setColorStopAt(1.0, QColor(222, 235, 247));
    gradient.setLevelCount(2);
    return gradient;
}

// One colour per category index 0..n-1, no blending between them.
QCPColorGradient categoryGradient(const QList<QColor> &colors)
{
    QCPColorGradient gradient;
    gradient.clearColorStops();
    const int n = int(colors.size());
    for (int i = 0; i < n; ++i)
        gradient.setColorStopAt(n > 1 ? double(i) / (n - 1) : 0.0, colors[i]);
    gradient.setLevelCount(std::max(n, 2));
    return gradient;
}

} // namespace

std::vector<int64_t> ranksOf(const Grid &grid)
{
    std::vector<int64_t> order(grid.values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return grid.values[a] > grid.values[b]; });
    std::vector<int64_t> ranks(order.size());
    for (size_t i = 0; i < order.size(); ++i)
        ranks[size_t(order[i])] = int64_t(i) + 1;
    return ranks;
}

std::vector<double> normalizedValues(const Grid &grid, Normalization normalization)
{
    std::vector<double> shown(grid.values.begin(), grid.values.end());
    if (normalization == Normalization::PerRow) {
        for (int64_t r = 0; r < grid.rows; ++r) {
            const auto begin = shown.begin() + r * grid.cols, end = begin + grid.cols;
            const auto [low, high] = std::minmax_element(begin, end);
            const double lo = *low, span = *high - *low;
            for (auto it = begin; it != end; ++it)
                *it = span > 0 ? (*it - lo) / span : 0.5;
        }
    } else if (normalization == Normalization::Rank) {
        const auto ranks = ranksOf(grid);
        const double n = double(std::max<size_t>(ranks.size(), 2) - 1);
        for (size_t i = 0; i < shown.size(); ++i)
            shown[i] = 1.0 - double(ranks[i] - 1) / n;
    }
    return shown;
}

GridPlot::GridPlot(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_rowName(tr("row"))
    , m_columnName(tr("column"))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    // Never laid out to nothing (a hidden map in a squeezed layout): it would draw into an empty buffer.
    m_plot->setMinimumSize(32, 32);
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false); // cell i spans i - 0.5 .. i + 0.5
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_map->setColorScale(m_scale);
    m_title = addPlotTitle(m_plot);
    auto *group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_plot->yAxis->setRangeReversed(true);
    setTickLabels({}, {});
    m_selection = new QCPItemRect(m_plot);
    m_selection->setPen(QPen(Qt::white, 2));
    m_selection->setVisible(false);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    setColorScheme(m_scheme);
}

void GridPlot::setTitle(const QString &title)
{
    m_title->setText(title);
    replotWhenSized(m_plot);
}

QString GridPlot::title() const
{
    return m_title->text();
}

QWidget *GridPlot::plotWidget() const
{
    return m_plot;
}

void GridPlot::setGrid(const Grid &grid, bool isMask)
{
    m_grid = grid;
    m_isMask = isMask;
    m_categories.clear();
    m_categoryColors.clear();
    m_order.clear();
    m_ranks.clear();
    rebuild();
}

void GridPlot::setCategoryGrid(const Grid &grid, const QStringList &labels, const QList<QColor> &colors)
{
    m_grid = grid;
    m_isMask = false;
    m_categories = labels;
    m_categoryColors = colors;
    m_order.clear();
    m_ranks.clear();
    rebuild();
}

void GridPlot::clear()
{
    setGrid(Grid(), false);
}

void GridPlot::setNormalization(Normalization normalization)
{
    m_normalization = normalization;
    rebuild();
}

void GridPlot::setColorScheme(ColorScheme scheme)
{
    m_scheme = scheme;
    rebuild();
}

void GridPlot::setNames(const QString &rowName, const QString &columnName)
{
    m_rowName = rowName;
    m_columnName = columnName;
    m_plot->yAxis->setLabel(rowName);
    m_plot->xAxis->setLabel(columnName);
}

void GridPlot::setColumnOrder(std::vector<std::vector<int64_t>> order)
{
    m_order = std::move(order);
    rebuild();
}

void GridPlot::setTickLabels(const QStringList &rows, const QStringList &columns)
{
    const auto tickerFor = [](const QStringList &labels) -> QSharedPointer<QCPAxisTicker> {
        if (labels.isEmpty()) { // whole numbers only: cells are layers, heads, neurons, features
            QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
            ticker->setTickStep(1.0);
            ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            return ticker;
        }
        return textTicker(labels);
    };
    m_plot->yAxis->setTicker(tickerFor(rows));
    m_plot->xAxis->setTicker(tickerFor(columns));
    m_plot->xAxis->setTickLabelRotation(columns.isEmpty() ? 0 : 45);
    replotWhenSized(m_plot);
}

void GridPlot::setValueRange(double low, double high)
{
    m_low = low;
    m_high = high;
    rebuild();
}

void GridPlot::setColumnGroups(int64_t width)
{
    m_groupWidth = std::max<int64_t>(width, 1);
    for (QCPItemStraightLine *line : m_groupLines)
        m_plot->removeItem(line);
    m_groupLines.clear();
    for (int64_t column = m_groupWidth; m_groupWidth > 1 && column < m_grid.cols; column += m_groupWidth) {
        auto *line = new QCPItemStraightLine(m_plot);
        line->setPen(QPen(Qt::white, 3));
        line->point1->setCoords(double(column) - 0.5, 0);
        line->point2->setCoords(double(column) - 0.5, 1);
        m_groupLines.push_back(line);
    }
    replotWhenSized(m_plot);
}

void GridPlot::setToolTipText(std::function<QString(int64_t row, int64_t column)> text)
{
    m_toolTip = std::move(text);
}

int64_t GridPlot::sourceColumn(int64_t row, int64_t col) const
{
    return size_t(row) < m_order.size() ? m_order[size_t(row)][size_t(col)] : col;
}

double GridPlot::displayedValue(int64_t row, int64_t col) const
{
    return m_shown[size_t(row * m_grid.cols + sourceColumn(row, col))];
}

QColor GridPlot::colorAt(int64_t row, int64_t col) const
{
    QCPColorGradient gradient = m_map->gradient();
    return QColor::fromRgba(gradient.color(displayedValue(row, col), m_map->dataRange()));
}

QString GridPlot::toolTipAt(int64_t row, int64_t col) const
{
    const int64_t source = sourceColumn(row, col);
    const double value = m_grid.at(row, source);
    if (m_toolTip)
        return m_toolTip(row, source);
    if (!m_categories.isEmpty())
        return tr("%1 %2, %3 %4: %5").arg(m_rowName).arg(row).arg(m_columnName).arg(source).arg(m_categories.value(int(value)));
    if (m_isMask)
        return tr("%1 %2, %3 %4: %5").arg(m_rowName).arg(row).arg(m_columnName).arg(source).arg(value != 0 ? tr("kept") : tr("pruned"));
    if (m_ranks.empty())
        m_ranks = ranksOf(m_grid);
    return tr("%1 %2, %3 %4: %5\nrank %6 of %7")
        .arg(m_rowName)
        .arg(row)
        .arg(m_columnName)
        .arg(source)
        .arg(value, 0, 'g', 4)
        .arg(m_ranks[size_t(row * m_grid.cols + source)])
        .arg(m_ranks.size());
}

bool GridPlot::cellAt(const QPoint &pixel, int64_t *row, int64_t *col) const
{
    if (!hasGrid() || !m_plot->axisRect()->rect().contains(pixel))
        return false;
    const double x = m_plot->xAxis->pixelToCoord(pixel.x()), y = m_plot->yAxis->pixelToCoord(pixel.y());
    const int64_t c = int64_t(std::floor(x + 0.5)), r = int64_t(std::floor(y + 0.5));
    if (c < 0 || r < 0 || c >= m_grid.cols || r >= m_grid.rows)
        return false;
    *row = r;
    *col = c;
    return true;
}

void GridPlot::setSelectedCell(int64_t row, int64_t col)
{
    m_selection->setVisible(row >= 0 && col >= 0);
    m_selection->topLeft->setCoords(double(col) - 0.5, double(row) - 0.5);
    m_selection->bottomRight->setCoords(double(col) + 0.5, double(row) + 0.5);
    replotWhenSized(m_plot);
}

bool GridPlot::eventFilter(QObject *watched, QEvent *event)
{
    // Resting on a cell keeps the cell's value: the plot's own tooltip (a hint such as
    // "Scroll to zoom") once replaced it after a second. Off the cells the hint shows.
    if (watched == m_plot && event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        int64_t row = 0, col = 0;
        if (cellAt(help->pos(), &row, &col)) {
            QToolTip::showText(help->globalPos(), toolTipAt(row, col), m_plot);
            return true;
        }
    }
    if (watched == m_plot && (event->type() == QEvent::MouseMove || event->type() == QEvent::MouseButtonRelease)) {
        auto *mouse = static_cast<QMouseEvent *>(event);
        int64_t row = 0, col = 0;
        if (cellAt(mouse->position().toPoint(), &row, &col)) {
            if (event->type() == QEvent::MouseMove)
                QToolTip::showText(mouse->globalPosition().toPoint(), toolTipAt(row, col), m_plot);
            else if (mouse->button() == Qt::LeftButton && mouse->modifiers() == Qt::NoModifier)
                Q_EMIT cellClicked(row, sourceColumn(row, col));
        }
    }
    return QWidget::eventFilter(watched, event);
}

void GridPlot::rebuild()
{
    m_shown = normalizedValues(m_grid, m_isMask ? Normalization::Raw : m_normalization);
    m_map->data()->setSize(int(m_grid.cols), int(m_grid.rows));
    m_map->data()->setRange(QCPRange(0, double(std::max<int64_t>(m_grid.cols - 1, 0))),
                            QCPRange(0, double(std::max<int64_t>(m_grid.rows - 1, 0))));
    for (int64_t r = 0; r < m_grid.rows; ++r)
        for (int64_t c = 0; c < m_grid.cols; ++c)
            m_map->data()->setCell(int(c), int(r), displayedValue(r, c));
    if (!m_categories.isEmpty()) {
        m_map->setGradient(categoryGradient(m_categoryColors));
        m_map->setDataRange(QCPRange(0, std::max(1.0, double(m_categoryColors.size() - 1))));
    } else if (m_isMask) {
        m_map->setGradient(maskGradient());
        m_map->setDataRange(QCPRange(0, 1));
    } else if (m_low < m_high) {
        QCPColorGradient gradient = gradientFor(m_scheme);
        gradient.setNanHandling(QCPColorGradient::nhNanColor);
        gradient.setNanColor(QColor(200, 200, 200));
        m_map->setGradient(gradient);
        m_map->setDataRange(QCPRange(m_low, m_high));
    } else {
        m_map->setGradient(gradientFor(m_scheme));
        if (m_scheme == ColorScheme::Polar) { // centred on zero
            double extent = 0;
            for (double v : m_shown)
                extent = std::max(extent, std::abs(v));
            m_map->setDataRange(QCPRange(-extent, extent > 0 ? extent : 1));
        } else {
            m_map->rescaleDataRange(true);
        }
    }
    m_scale->setVisible(!m_isMask && m_categories.isEmpty() && hasGrid());
    m_plot->xAxis->setRange(-0.5, double(m_grid.cols) - 0.5);
    m_plot->yAxis->setRange(-0.5, double(m_grid.rows) - 0.5);
    replotWhenSized(m_plot);
}

} // namespace prunescope
