// Metric against sparsity for every method of a sweep, the dense model dashed and random
// included; the plot exports as PNG or SVG and the numbers as CSV.
#pragma once

#include "core/analysis/sweep_result.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;

namespace prunescope {

class CurvesView : public QWidget
{
    Q_OBJECT

public:
    explicit CurvesView(QWidget *parent = nullptr);

    void setSweep(const SweepResult &sweep);
    void clear();
    const SweepResult &sweep() const { return m_sweep; }
    QComboBox *metricBox() const { return m_metric; }
    QCustomPlot *plot() const { return m_plot; }
    // Graph names in drawing order, "dense" last.
    QStringList curveNames() const;

    bool exportPng(const QString &path) const;
    bool exportSvg(const QString &path) const;
    bool exportCsv(const QString &path) const;

private:
    void redraw();
    void exportAs();

    SweepResult m_sweep;
    QComboBox *m_metric;
    QLabel *m_empty;
    QCustomPlot *m_plot;
};

} // namespace prunescope
