// The model panel: family, towers, layers, heads, FFN widths and parameter counts of
// the open checkpoint, read from its config and file headers, and the study's data.
#pragma once

#include "core/models/checkpoint_summary.h"
#include "core/study/study.h"

#include <QWidget>

class QTreeWidget;
class QLabel;

namespace prunescope {

class ModelPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ModelPanel(QWidget *parent = nullptr);

    // `device`: where jobs run, in words; left out when empty.
    void showSummary(const CheckpointSummary &summary, const QString &device = {});
    void clear();
    // The study's dataset below the model: its file and columns, and the examples read
    // when `rows` is given (0 or more). Replaces the data shown before.
    void showData(const Study &study, int64_t rows = -1);

    QTreeWidget *tree() const { return m_tree; }

private:
    QLabel *m_title;
    QTreeWidget *m_tree;
};

} // namespace prunescope
