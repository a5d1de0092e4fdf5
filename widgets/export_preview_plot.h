// The export dialog's picture: for every layer, the share of FFN neurons and of attention
// heads the mask keeps and the share the exported files hold (stock transformers needs one
// FFN width a tower, so narrower layers are padded; heads stay, zeroed), against the source.
#pragma once

#include "core/study/study_jobs.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPBarsGroup;
class QCPTextElement;

namespace prunescope {

class ExportPreviewPlot : public QWidget
{
    Q_OBJECT

public:
    explicit ExportPreviewPlot(QWidget *parent = nullptr);

    void setTowers(const std::vector<StudyExportTower> &towers);
    QStringList barNames() const;            // one series a kind of bar, in drawing order
    double barValue(int series, int layer) const; // the share drawn
    QStringList layerNames() const;

private:
    QCustomPlot *m_plot;
    QCPTextElement *m_title;
    QCPBarsGroup *m_group;
    std::vector<std::vector<double>> m_values; // [series][layer]
    QStringList m_layers;
};

} // namespace prunescope
