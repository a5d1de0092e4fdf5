// Metric against sparsity for every method of a sweep, the dense model dashed and random
// included (the mean of its draws, their range shaded: the noise a method must beat); or a
// Smooth-Cut noise scan: the metric at each sparsity against sigma (log scale), Taylor's and
// magnitude's as levels, and the rank correlation with Taylor on the right axis. The plot,
// titled with the item, exports as PNG or SVG and the numbers as CSV.
#pragma once

#include "core/analysis/sigma_scan_result.h"
#include "core/analysis/sweep_result.h"

#include <QWidget>

#include <map>
#include <utility>
#include <vector>

class QComboBox;
class QCustomPlot;
class QCPGraph;
class QCPTextElement;
class QLabel;

namespace prunescope {

class CurvesView : public QWidget
{
    Q_OBJECT

public:
    explicit CurvesView(QWidget *parent = nullptr);

    // `name`: the study item's, for the title.
    void setSweep(const SweepResult &sweep, const QString &name = QString());
    void setNoiseScan(const SigmaScanResult &scan, const QString &name = QString());
    void clear();
    const SweepResult &sweep() const { return m_sweep; }
    bool showsNoiseScan() const { return m_showsScan; }
    QComboBox *metricBox() const { return m_metric; }
    QCustomPlot *plot() const { return m_plot; }
    // The legend's curves in drawing order, "dense" last (shaded ranges are not curves).
    QStringList curveNames() const;
    // The shaded range of curve `name` at each of its points: low and high; empty when it has one draw.
    std::vector<std::pair<double, double>> bandOf(const QString &name) const;
    QString title() const;

    bool exportPng(const QString &path) const;
    bool exportSvg(const QString &path) const;
    bool exportCsv(const QString &path) const;

private:
    void redraw();
    void drawNoiseScan();
    void exportAs();

    SweepResult m_sweep;
    SigmaScanResult m_scan;
    bool m_showsScan = false;
    QString m_name;
    std::map<QString, std::pair<QCPGraph *, QCPGraph *>> m_bands; // curve name: its range's high and low edges
    QComboBox *m_metric;
    QLabel *m_empty;
    QCustomPlot *m_plot;
    QCPTextElement *m_title;
};

} // namespace prunescope
