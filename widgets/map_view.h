// The views of a score or mask file over the model's units: a tensor chooser, the
// normalisation and colour scale, a "What am I looking at?" button, and the heat map.
//   HeadMapView   layers x heads ("heads", "text.heads", "vision.heads"); with grouped-query
//                 attention the query heads are drawn in their key-value groups, or one
//                 column per group (its heads' scores summed; a group is kept while any
//                 of its heads is)
//   NeuronMapView layers x FFN neurons, sortable, with a histogram of the selected layer
//   WeightView    one prunable matrix, zoomable, N:M blocks outlined
#pragma once

#include "widgets/grid_plot.h"
#include "widgets/help_texts.h"

#include "core/models/model_structure.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QHBoxLayout;
class QLabel;

namespace prunescope {

// Whether `grid` is a [layers, units] map of `kind` ("heads", "neurons"), any tower.
bool isUnitGrid(const Grid &grid, const std::string &kind);

class MapView : public QWidget
{
    Q_OBJECT

public:
    // Shows the grids of `set` that this view draws; the chosen tensor stays chosen when
    // the set is replaced by one with the same names (a mask being edited). `name` is the
    // study item's, for the map's title.
    void setGridSet(std::shared_ptr<const GridSet> set, bool isMask, const QString &name = {});
    void clear();
    const GridSet *gridSet() const { return m_set.get(); }
    QString currentTensor() const;
    bool setCurrentTensor(const QString &name);
    GridPlot *gridPlot() const { return m_plot; }
    QComboBox *tensorBox() const { return m_tensor; }
    QComboBox *normalizationBox() const { return m_normalization; }
    QComboBox *colorBox() const { return m_colors; }

Q_SIGNALS:
    // A click on a unit of the shown tensor (grid row and column).
    void unitClicked(const QString &tensor, int64_t row, int64_t column);

protected:
    MapView(HelpTopic topic, QWidget *parent);
    virtual bool shows(const Grid &grid) const = 0;
    // Whether a click on a cell is a click on one unit of the file (false for derived views).
    virtual bool clicksAreUnits() const { return true; }
    void redraw() { showCurrent(); }
    virtual void gridShown(const Grid &grid) { Q_UNUSED(grid); }
    // The file has nothing this view draws: what the view shows beside the map goes too.
    virtual void nothingShown() {}
    QHBoxLayout *controls() const { return m_controls; }

private:
    void showCurrent();
    QString titleFor(const Grid &grid) const;

    std::shared_ptr<const GridSet> m_set;
    bool m_isMask = false;
    QString m_name;
    QHBoxLayout *m_controls;
    QComboBox *m_tensor;
    QComboBox *m_normalization;
    QComboBox *m_colors;
    QLabel *m_empty;
    GridPlot *m_plot;
};

class HeadMapView : public MapView
{
    Q_OBJECT

public:
    explicit HeadMapView(QWidget *parent = nullptr);
    // The model's towers: their heads and key-value groups (the study's model).
    void setStructure(const ModelStructure &structure);
    QComboBox *unitsBox() const { return m_units; }
    // Query heads per key-value group in the tower of `gridName` ("heads", "text.heads"); 1 without grouping.
    int64_t headsPerGroup(const std::string &gridName) const;

protected:
    bool shows(const Grid &grid) const override;
    void gridShown(const Grid &grid) override;
    bool clicksAreUnits() const override;

private:
    QComboBox *m_units;
    std::vector<std::pair<std::string, int64_t>> m_groups; // tower name, query heads per group
};

} // namespace prunescope
