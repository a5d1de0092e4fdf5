#include "widgets/map_view.h"

#include "widgets/help_texts.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace prunescope {

bool isUnitGrid(const Grid &grid, const std::string &kind)
{
    const std::string &name = grid.name;
    return grid.shape.size() == 2 && name.size() >= kind.size() &&
           name.compare(name.size() - kind.size(), kind.size(), kind) == 0;
}

MapView::MapView(HelpTopic topic, QWidget *parent)
    : QWidget(parent)
    , m_controls(new QHBoxLayout)
    , m_tensor(new QComboBox(this))
    , m_normalization(new QComboBox(this))
    , m_colors(new QComboBox(this))
    , m_empty(new QLabel(this))
    , m_plot(new GridPlot(this))
{
    m_tensor->setToolTip(tr("The tensor of the selected file to show"));
    m_tensor->setMinimumContentsLength(24);
    m_normalization->addItem(tr("Raw values"), int(Normalization::Raw));
    m_normalization->addItem(tr("Per layer"), int(Normalization::PerRow));
    m_normalization->addItem(tr("Rank"), int(Normalization::Rank));
    m_normalization->setToolTip(tr("Raw: the scores as they are; per layer: each layer scaled to its own range; "
                                   "rank: the order over the whole tensor"));
    m_colors->addItem(tr("Viridis"), int(ColorScheme::Viridis));
    m_colors->addItem(tr("Thermal"), int(ColorScheme::Thermal));
    m_colors->addItem(tr("Grayscale"), int(ColorScheme::Grayscale));
    m_colors->addItem(tr("Polar (signed)"), int(ColorScheme::Polar));
    m_colors->setToolTip(tr("The colour scale; Polar centres signed values on zero"));
    QToolButton *help = createHelpButton(this, topic, tr("Explains this view and the scores it shows"));

    m_controls->addWidget(new QLabel(tr("Tensor:"), this));
    m_controls->addWidget(m_tensor, 1);
    m_controls->addWidget(new QLabel(tr("Scale:"), this));
    m_controls->addWidget(m_normalization);
    m_controls->addWidget(m_colors);
    m_controls->addWidget(help);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("Select a score or mask file of the study to see it here."));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_controls);
    layout->addWidget(m_empty);
    layout->addWidget(m_plot, 1);
    m_plot->hide();

    connect(m_tensor, &QComboBox::currentIndexChanged, this, &MapView::showCurrent);
    connect(m_normalization, &QComboBox::currentIndexChanged, this,
            [this] { m_plot->setNormalization(Normalization(m_normalization->currentData().toInt())); });
    connect(m_colors, &QComboBox::currentIndexChanged, this,
            [this] { m_plot->setColorScheme(ColorScheme(m_colors->currentData().toInt())); });
    connect(m_plot, &GridPlot::cellClicked, this, [this](int64_t row, int64_t column) {
        if (!clicksAreUnits())
            return;
        m_plot->setSelectedCell(row, column);
        Q_EMIT unitClicked(currentTensor(), row, column);
    });
}

void MapView::setGridSet(std::shared_ptr<const GridSet> set, bool isMask, const QString &name)
{
    const QString previous = currentTensor();
    m_set = std::move(set);
    m_isMask = isMask;
    m_name = name;
    const QSignalBlocker blocker(m_tensor);
    m_tensor->clear();
    if (m_set)
        for (const auto &grid : m_set->grids)
            if (shows(grid))
                m_tensor->addItem(QString::fromStdString(grid.name));
    const int index = m_tensor->findText(previous);
    m_tensor->setCurrentIndex(index >= 0 ? index : 0);
    if (m_set && m_tensor->count() == 0)
        m_empty->setText(tr("The selected file has nothing this view shows."));
    showCurrent();
}

void MapView::clear()
{
    setGridSet(nullptr, false);
    m_empty->setText(tr("Select a score or mask file of the study to see it here."));
}

QString MapView::currentTensor() const
{
    return m_tensor->currentText();
}

bool MapView::setCurrentTensor(const QString &name)
{
    const int index = m_tensor->findText(name);
    if (index >= 0)
        m_tensor->setCurrentIndex(index);
    return index >= 0;
}

void MapView::showCurrent()
{
    const Grid *grid = m_set ? m_set->find(currentTensor().toStdString()) : nullptr;
    m_plot->setVisible(grid != nullptr);
    m_empty->setVisible(grid == nullptr);
    if (!grid) {
        m_plot->clear();
        nothingShown();
        return;
    }
    m_plot->setGrid(*grid, m_isMask);
    m_plot->setTitle(titleFor(*grid));
    gridShown(*grid);
}

// "taylor head 50% · head mask from taylor scores, 50.0 % pruned · heads": the item, what
// made it (as its provenance says) and the tensor shown.
QString MapView::titleFor(const Grid &grid) const
{
    const auto value = [this](const char *key) {
        const auto it = m_set->provenance.find(key);
        return it == m_set->provenance.end() ? QString() : QString::fromStdString(it->second);
    };
    QStringList parts;
    if (!m_name.isEmpty())
        parts << m_name;
    if (m_isMask) {
        const QString granularity = value("mask.granularity"), method = value("scores.method"), sparsity = value("mask.sparsity");
        QString made = granularity.isEmpty() ? tr("mask") : tr("%1 mask").arg(granularity);
        if (!method.isEmpty())
            made = tr("%1 from %2 scores").arg(made, method);
        if (!sparsity.isEmpty())
            made = tr("%1, %2 % pruned").arg(made).arg(100.0 * sparsity.toDouble(), 0, 'f', 1);
        parts << made;
    } else if (const QString method = value("method"); !method.isEmpty()) {
        parts << tr("%1 scores").arg(method);
    }
    parts << QString::fromStdString(grid.name);
    return parts.join(QStringLiteral(" \u00b7 "));
}

HeadMapView::HeadMapView(QWidget *parent)
    : MapView(HelpTopic::Heads, parent)
    , m_units(new QComboBox(this))
{
    gridPlot()->setNames(tr("layer"), tr("head"));
    m_units->addItem(tr("Query heads"));
    m_units->addItem(tr("Key-value groups"));
    m_units->setToolTip(tr("Grouped-query attention: each query head, drawn under the key-value head it shares, "
                           "or one column per key-value group (its heads' scores summed)"));
    m_units->setVisible(false);
    controls()->insertWidget(controls()->count() - 1, m_units);
    connect(m_units, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

void HeadMapView::setStructure(const ModelStructure &structure)
{
    m_groups.clear();
    bool grouped = false;
    for (const auto &tower : structure.towers) {
        const int64_t perGroup = tower.kvHeads > 0 ? tower.heads / tower.kvHeads : 1;
        m_groups.emplace_back(tower.name, perGroup);
        grouped = grouped || perGroup > 1;
    }
    m_units->setVisible(grouped);
    redraw();
}

int64_t HeadMapView::headsPerGroup(const std::string &gridName) const
{
    // "heads" is a one-tower model's; "<tower>.heads" names the tower.
    const size_t dot = gridName.find('.');
    for (const auto &[tower, perGroup] : m_groups)
        if (dot == std::string::npos ? m_groups.size() == 1 : gridName.compare(0, dot, tower) == 0)
            return perGroup;
    return 1;
}

bool HeadMapView::shows(const Grid &grid) const
{
    return isUnitGrid(grid, "heads");
}

bool HeadMapView::clicksAreUnits() const
{
    return m_units->currentIndex() == 0 || headsPerGroup(currentTensor().toStdString()) <= 1;
}

void HeadMapView::gridShown(const Grid &grid)
{
    const int64_t perGroup = headsPerGroup(grid.name);
    GridPlot *plot = gridPlot();
    if (perGroup <= 1 || grid.cols % perGroup != 0) {
        plot->setNames(tr("layer"), tr("head"));
        plot->setColumnGroups(1);
        plot->setToolTipText({});
        return;
    }
    if (m_units->currentIndex() == 0) {
        plot->setNames(tr("layer"), tr("query head (lines between key-value groups)"));
        plot->setColumnGroups(perGroup);
        plot->setToolTipText({});
        return;
    }
    // One column per group: scores summed over its query heads; a mask keeps a group while any head is kept.
    Grid groups = grid;
    groups.cols = grid.cols / perGroup;
    groups.shape = {grid.rows, groups.cols};
    groups.values.assign(size_t(grid.rows * groups.cols), 0.0f);
    for (int64_t r = 0; r < grid.rows; ++r)
        for (int64_t c = 0; c < grid.cols; ++c) {
            float &cell = groups.at(r, c / perGroup);
            cell = plot->isMask() ? std::max(cell, grid.at(r, c)) : cell + grid.at(r, c);
        }
    plot->setGrid(groups, plot->isMask());
    plot->setNames(tr("layer"), tr("key-value group"));
    plot->setColumnGroups(1);
    plot->setToolTipText({});
}

} // namespace prunescope
