// A heat map of one Grid (layers x heads, layers x neurons, or a weight matrix) on a
// QCustomPlot colour map, shared by the head, neuron and weight views: normalisation and
// colour scale choices, the value and rank under the mouse, a selected cell, clicks.
// Row 0 is drawn at the top.
#pragma once

#include "core/scoring/unit_grids.h"

#include <QColor>
#include <QList>
#include <QSharedPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <vector>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCPItemStraightLine;
class QCPAxisTickerText;
class QCPTextElement;

namespace prunescope {

enum class Normalization { Raw, PerRow, Rank };
enum class ColorScheme { Viridis, Thermal, Grayscale, Polar };

// The values shown for `grid`: as they are; min-max scaled within each row (each layer);
// or the rank of the raw value over the whole grid scaled to [0, 1] (1 = most important).
std::vector<double> normalizedValues(const Grid &grid, Normalization normalization);
// 1-based rank of every cell by raw value, highest first; ties by position.
std::vector<int64_t> ranksOf(const Grid &grid);

// Replots `plot` (at the next turn of the event loop when `queued`) unless it has no area
// yet, as on a tab page not laid out: QCustomPlot would draw into an empty buffer, and it
// replots by itself once resized.
void replotWhenSized(QCustomPlot *plot, bool queued = false);

// Presentation mode: every plot's text and lines drawn `scale` times their size (1: as
// the views set them). replotWhenSized applies it; rescalePlots redraws the plots of `top`.
void setPlotScale(double scale);
void rescalePlots(QWidget *top);

// Ticks named by `labels`, one at each whole number 0, 1, ... (layers, components, items).
QSharedPointer<QCPAxisTickerText> textTicker(const QStringList &labels);

// A bold title in a new top row of `plot`'s layout, over all its columns' worth of width;
// pictures of the plot keep it.
QCPTextElement *addPlotTitle(QCustomPlot *plot);

class GridPlot : public QWidget
{
    Q_OBJECT

public:
    explicit GridPlot(QWidget *parent = nullptr);

    // Shows `grid` (copied); a mask is drawn in two colours, kept and pruned.
    void setGrid(const Grid &grid, bool isMask);
    // Shows `grid` whose values are category indices 0..n-1, each in its colour and named
    // by its label in the tool tip.
    void setCategoryGrid(const Grid &grid, const QStringList &labels, const QList<QColor> &colors);
    void clear();
    const Grid &grid() const { return m_grid; }
    bool hasGrid() const { return m_grid.rows > 0; }
    bool isMask() const { return m_isMask; }

    void setNormalization(Normalization normalization);
    void setColorScheme(ColorScheme scheme);
    Normalization normalization() const { return m_normalization; }
    // Axis titles and the word for a row and a column in tool tips ("layer", "head").
    void setNames(const QString &rowName, const QString &columnName);
    // Column order per row (e.g. neurons sorted by score); empty: natural order.
    void setColumnOrder(std::vector<std::vector<int64_t>> order);
    // Names on the axes instead of numbers (empty: numbers).
    void setTickLabels(const QStringList &rows, const QStringList &columns);
    // A fixed colour range for raw values (low < high), e.g. [-1, 1] for correlations;
    // NaN cells are drawn grey.
    void setValueRange(double low, double high);
    // Columns drawn in groups of `width` with a line between groups (query heads under the
    // key-value head they share); 1: no groups.
    void setColumnGroups(int64_t width);
    int64_t columnGroups() const { return m_groupWidth; }
    // Tool tip text for a grid cell instead of the usual "row r, column c: value".
    void setToolTipText(std::function<QString(int64_t row, int64_t column)> text);

    // What the view shows at displayed cell (row, col): the grid cell it stands for, its
    // shown value and colour, and the tool tip text.
    int64_t sourceColumn(int64_t row, int64_t col) const;
    double displayedValue(int64_t row, int64_t col) const;
    QColor colorAt(int64_t row, int64_t col) const;
    QString toolTipAt(int64_t row, int64_t col) const;
    // The displayed cell under a widget-relative pixel of the plot; false outside.
    bool cellAt(const QPoint &pixel, int64_t *row, int64_t *col) const;

    void setSelectedCell(int64_t row, int64_t col); // -1, -1: none
    // The title above the map (the item, how it was made, the tensor); pictures of the plot
    // keep it.
    void setTitle(const QString &title);
    QString title() const;

    QCustomPlot *plot() const { return m_plot; }
    QWidget *plotWidget() const; // the same, for code without QCustomPlot's header

Q_SIGNALS:
    // A click on a displayed cell; `column` is the grid's own column (order undone).
    void cellClicked(int64_t row, int64_t column);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();

    QCustomPlot *m_plot;
    QCPColorMap *m_map;
    QCPColorScale *m_scale;
    QCPItemRect *m_selection;
    QCPTextElement *m_title;
    QList<QCPItemStraightLine *> m_groupLines;
    int64_t m_groupWidth = 1;
    Grid m_grid;
    bool m_isMask = false;
    QStringList m_categories;
    QList<QColor> m_categoryColors;
    double m_low = 0, m_high = 0; // fixed colour range when low < high
    std::function<QString(int64_t, int64_t)> m_toolTip;
    Normalization m_normalization = Normalization::Raw;
    ColorScheme m_scheme = ColorScheme::Viridis;
    QString m_rowName, m_columnName;
    std::vector<std::vector<int64_t>> m_order;
    std::vector<double> m_shown;
    mutable std::vector<int64_t> m_ranks; // computed on first hover
};

} // namespace prunescope
