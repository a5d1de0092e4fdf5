// The tokens of one input coloured by their attribution (red raises the target, blue
// lowers it), or, for an image tower (ViT, CLIP's vision tower), the image with the patch map
// laid over it.
// The example and (for GradCAM) the layer are chosen here.
#pragma once

#include "core/scoring/unit_grids.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <memory>

class QLabel;
class QSpinBox;
class QTextBrowser;

namespace prunescope {

class AttributionView : public QWidget
{
    Q_OBJECT

public:
    explicit AttributionView(QWidget *parent = nullptr);

    void setAttribution(std::shared_ptr<const GridSet> maps);
    void clear();

    int exampleCount() const;
    int layerCount() const; // 1 for SmoothGrad
    void setExample(int example);
    void setLayer(int layer);
    QSpinBox *exampleBox() const { return m_example; }
    QSpinBox *layerBox() const { return m_layer; }

    // What is shown for the current example and layer.
    QStringList tokens() const;
    QColor tokenColor(int token) const;
    QString html() const;
    QImage overlay() const; // empty for text

    // A signed value scaled by the largest magnitude: red for positive, blue for negative.
    static QColor colorFor(double value, double largest);
    // The colour legend's ends, for the current example and layer: "-0.5 lowers the target",
    // "0.5 raises it" (empty with nothing shown).
    QStringList legendText() const;

private:
    const Grid *currentMap() const;
    // The largest |value| of the current example's map (its tokens, or its patches).
    double largestMagnitude() const;
    void refresh();
    void showLegend(double largest);

    std::shared_ptr<const GridSet> m_maps;
    std::vector<std::vector<std::string>> m_tokens;
    QLabel *m_title;
    QWidget *m_legend;
    QLabel *m_legendLow;
    QLabel *m_legendBar;
    QLabel *m_legendHigh;
    QSpinBox *m_example;
    QSpinBox *m_layer;
    QTextBrowser *m_text;
    QLabel *m_image;
    QImage m_overlay;
};

} // namespace prunescope
