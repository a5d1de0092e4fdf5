#include "widgets/mask_editor.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace prunescope {

class ToggleUnitCommand : public QUndoCommand
{
public:
    ToggleUnitCommand(MaskEditor *editor, std::string tensor, int64_t row, int64_t column, bool prune)
        : QUndoCommand(prune ? MaskEditor::tr("Prune %1 %2:%3").arg(QString::fromStdString(tensor)).arg(row).arg(column)
                             : MaskEditor::tr("Restore %1 %2:%3").arg(QString::fromStdString(tensor)).arg(row).arg(column))
        , m_editor(editor)
        , m_tensor(std::move(tensor))
        , m_row(row)
        , m_column(column)
    {
    }
    void redo() override { m_editor->flip(m_tensor, m_row, m_column); }
    void undo() override { m_editor->flip(m_tensor, m_row, m_column); }

private:
    MaskEditor *m_editor;
    std::string m_tensor;
    int64_t m_row, m_column;
};

MaskEditor::MaskEditor(QObject *parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
{
}

void MaskEditor::setMask(const GridSet &mask, const QString &name)
{
    m_undo->clear();
    m_original = std::make_shared<const GridSet>(mask);
    m_mask = std::make_shared<GridSet>(mask);
    m_name = name;
    Q_EMIT maskChanged();
}

void MaskEditor::clear()
{
    m_undo->clear();
    m_original.reset();
    m_mask.reset();
    m_name.clear();
    Q_EMIT maskChanged();
}

int MaskEditor::changedCount() const
{
    if (!m_mask)
        return 0;
    int changed = 0;
    for (size_t g = 0; g < m_mask->grids.size(); ++g)
        for (size_t i = 0; i < m_mask->grids[g].values.size(); ++i)
            changed += (m_mask->grids[g].values[i] != 0) != (m_original->grids[g].values[i] != 0);
    return changed;
}

bool MaskEditor::toggle(const QString &tensor, int64_t row, int64_t column)
{
    const Grid *grid = m_mask ? m_mask->find(tensor.toStdString()) : nullptr;
    if (!grid || row < 0 || column < 0 || row >= grid->rows || column >= grid->cols)
        return false;
    m_undo->push(new ToggleUnitCommand(this, tensor.toStdString(), row, column, grid->at(row, column) != 0));
    return true;
}

void MaskEditor::flip(const std::string &tensor, int64_t row, int64_t column)
{
    float &value = m_mask->find(tensor)->at(row, column);
    value = value != 0 ? 0.0f : 1.0f;
    Q_EMIT maskChanged();
}

} // namespace prunescope
