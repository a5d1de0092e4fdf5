#include "widgets/model_panel.h"

#include "core/models/model_family.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace prunescope {

namespace {

QString count(int64_t n)
{
    return QString::fromStdString(formatCount(n));
}

QTreeWidgetItem *addRow(QTreeWidgetItem *parent, const QString &key, const QString &value)
{
    auto *item = new QTreeWidgetItem(parent, {key, value});
    item->setToolTip(1, value);
    return item;
}

} // namespace

ModelPanel::ModelPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Property"), tr("Value")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setToolTip(tr("The structure of the open checkpoint: the units that can be pruned"));
    m_title->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_tree);
    clear();
}

void ModelPanel::clear()
{
    m_title->setText(tr("No model open. Use File \u2192 Open Checkpoint."));
    m_tree->clear();
}

void ModelPanel::showSummary(const CheckpointSummary &s, const QString &device)
{
    m_tree->clear();
    m_title->setText(tr("<b>%1</b><br>%2")
                         .arg(QString::fromStdString(s.folder.filename().string()),
                              QString::fromStdString(s.folder.string()).toHtmlEscaped()));

    auto *model = new QTreeWidgetItem(m_tree, {tr("Model")});
    addRow(model, tr("Family"), tr("%1 (%2)").arg(QString::fromStdString(s.config.family->title),
                                                   QString::fromStdString(s.config.familyName())));
    addRow(model, tr("Architecture"), QString::fromStdString(s.config.architecture));
    addRow(model, tr("Parameters"), tr("%1 in %2 tensors").arg(count(s.parameterCount)).arg(s.tensorCount));
    addRow(model, tr("On disk"), tr("%1B in %n file(s)", nullptr, int(s.files.size())).arg(count(int64_t(s.fileBytes))));
    for (const auto &[dtype, n] : s.dtypeCounts)
        addRow(model, tr("Stored as %1").arg(QString::fromStdString(dtype)), count(n));
    if (!device.isEmpty())
        addRow(model, tr("Device in use"), device);

    for (size_t i = 0; i < s.structure.towers.size(); ++i) {
        const auto &t = s.structure.towers[i];
        auto *tower = new QTreeWidgetItem(m_tree, {tr("Tower: %1").arg(QString::fromStdString(t.name))});
        addRow(tower, tr("Layers"), QString::number(t.layers.size()));
        addRow(tower, tr("Hidden size"), QString::number(t.hidden));
        addRow(tower, tr("Heads per layer"), tr("%1 of size %2").arg(t.heads).arg(t.headDim));
        addRow(tower, tr("FFN neurons per layer"), QString::number(t.ffn));
        addRow(tower, tr("Activation"), QString::fromStdString(s.config.towers[i].activation));
        if (s.config.towers[i].images) {
            const int64_t side = s.config.imageSize / s.config.patchSize;
            addRow(tower, tr("Input"), tr("%1 × %1 images in %2 × %2 patches (%3 + 1 tokens)")
                                           .arg(s.config.imageSize).arg(s.config.patchSize).arg(side * side));
        }
    }
    auto *prunable = new QTreeWidgetItem(m_tree, {tr("Prunable units")});
    addRow(prunable, tr("Heads"), QString::number(s.structure.headCount()));
    addRow(prunable, tr("FFN neurons"), QString::number(s.structure.neuronCount()));
    addRow(prunable, tr("Weights"), count(s.structure.prunableWeightCount()));
    m_tree->expandAll();
}

void ModelPanel::showData(const Study &study, int64_t rows)
{
    const StudyData &data = study.data;
    const QString path = QString::fromStdString(study.dataPath().string());
    const QString title = tr("Data");
    for (QTreeWidgetItem *old : m_tree->findItems(title, Qt::MatchExactly))
        delete old;
    auto *item = new QTreeWidgetItem(m_tree, {title});
    if (path.isEmpty()) {
        addRow(item, tr("File"), tr("none: use File \u2192 Open Data"));
    } else {
        addRow(item, tr("File"), path);
        QString columns = QString::fromStdString(data.textColumn);
        if (!data.pairColumn.empty())
            columns += QStringLiteral(" + ") + QString::fromStdString(data.pairColumn);
        addRow(item, tr("Columns"), tr("%1 \u2192 %2").arg(columns, QString::fromStdString(data.labelColumn)));
        addRow(item, tr("Maximum length"), QString::number(data.maxLength));
        if (rows >= 0)
            addRow(item, tr("Examples"), QString::number(rows));
    }
    item->setExpanded(true);
}

} // namespace prunescope
