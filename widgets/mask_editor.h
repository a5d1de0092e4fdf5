// A mask being edited by hand: heads and neurons toggled from the maps, each toggle an
// undoable command, the edited mask re-evaluated or saved into the study as a new item.
#pragma once

#include "core/scoring/unit_grids.h"

#include <QObject>
#include <QString>

#include <memory>

class QUndoStack;

namespace prunescope {

class MaskEditor : public QObject
{
    Q_OBJECT

public:
    explicit MaskEditor(QObject *parent = nullptr);

    // Starts editing a copy of `mask` (named after its study item); clears the history.
    void setMask(const GridSet &mask, const QString &name);
    void clear();
    bool isActive() const { return m_mask != nullptr; }
    // The current state, changed in place (on the GUI thread); jobs take a copy.
    std::shared_ptr<const GridSet> mask() const { return m_mask; }
    const QString &name() const { return m_name; }
    QUndoStack *undoStack() const { return m_undo; }
    // Units pruned now that were kept in the mask as opened, and the reverse.
    int changedCount() const;

    // Flips unit (row, column) of `tensor` between kept and pruned, as an undoable step.
    bool toggle(const QString &tensor, int64_t row, int64_t column);

Q_SIGNALS:
    void maskChanged();

private:
    friend class ToggleUnitCommand;
    void flip(const std::string &tensor, int64_t row, int64_t column);

    std::shared_ptr<const GridSet> m_original;
    std::shared_ptr<GridSet> m_mask;
    QString m_name;
    QUndoStack *m_undo;
};

} // namespace prunescope
