#include "widgets/attribution_view.h"

#include "widgets/help_texts.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSpinBox>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace prunescope {

AttributionView::AttributionView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_legend(new QWidget(this))
    , m_legendLow(new QLabel(m_legend))
    , m_legendBar(new QLabel(m_legend))
    , m_legendHigh(new QLabel(m_legend))
    , m_example(new QSpinBox(this))
    , m_layer(new QSpinBox(this))
    , m_text(new QTextBrowser(this))
    , m_image(new QLabel(this))
{
    m_example->setToolTip(tr("Which input of the study's first batch to show"));
    m_layer->setToolTip(tr("GradCAM: the layer whose output is read (0 is the first)"));
    QToolButton *help = createHelpButton(this, HelpTopic::Attribution, tr("Explains GradCAM and SmoothGrad attribution"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Example:"), this));
    controls->addWidget(m_example);
    controls->addWidget(new QLabel(tr("Layer:"), this));
    controls->addWidget(m_layer);
    controls->addStretch(1);
    controls->addWidget(help);
    m_title->setWordWrap(true);
    m_text->setOpenLinks(false);
    m_image->setAlignment(Qt::AlignCenter);
    // The colour scale: blue lowers the target, white is no effect, red raises it.
    QImage bar(240, 12, QImage::Format_RGB32);
    for (int x = 0; x < bar.width(); ++x)
        for (int y = 0; y < bar.height(); ++y)
            bar.setPixel(x, y, colorFor(2.0 * x / (bar.width() - 1) - 1.0, 1.0).rgb());
    m_legendBar->setPixmap(QPixmap::fromImage(bar));
    m_legend->setToolTip(tr("The colour scale of this example: each token or patch coloured by its attribution "
                            "relative to the largest of the example"));
    auto *legend = new QHBoxLayout(m_legend);
    legend->setContentsMargins(0, 0, 0, 0);
    legend->addWidget(m_legendLow);
    legend->addWidget(m_legendBar);
    legend->addWidget(m_legendHigh);
    legend->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_title);
    layout->addWidget(m_legend);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_image, 1);
    connect(m_example, &QSpinBox::valueChanged, this, &AttributionView::refresh);
    connect(m_layer, &QSpinBox::valueChanged, this, &AttributionView::refresh);
    clear();
}

void AttributionView::setAttribution(std::shared_ptr<const GridSet> maps)
{
    m_maps = std::move(maps);
    m_tokens = m_maps ? attributionTokens(*m_maps) : std::vector<std::vector<std::string>>();
    const QSignalBlocker exampleBlocker(m_example), layerBlocker(m_layer);
    m_example->setRange(0, std::max(exampleCount() - 1, 0));
    m_layer->setRange(0, std::max(layerCount() - 1, 0));
    m_layer->setValue(m_layer->maximum()); // the last layer, as GradCAM is usually read
    m_layer->setEnabled(layerCount() > 1);
    refresh();
}

void AttributionView::clear()
{
    setAttribution(nullptr);
}

int AttributionView::exampleCount() const
{
    const Grid *map = m_maps ? (m_maps->find("map") ? m_maps->find("map") : m_maps->find("map.0")) : nullptr;
    return map ? int(map->shape.front()) : 0;
}

int AttributionView::layerCount() const
{
    if (!m_maps)
        return 0;
    if (m_maps->find("map"))
        return 1;
    int layers = 0;
    while (m_maps->find("map." + std::to_string(layers)))
        ++layers;
    return layers;
}

void AttributionView::setExample(int example)
{
    m_example->setValue(example);
}

void AttributionView::setLayer(int layer)
{
    m_layer->setValue(layer);
}

const Grid *AttributionView::currentMap() const
{
    if (!m_maps)
        return nullptr;
    if (const Grid *map = m_maps->find("map"))
        return map;
    return m_maps->find("map." + std::to_string(m_layer->value()));
}

QStringList AttributionView::tokens() const
{
    QStringList list;
    if (size_t(m_example->value()) < m_tokens.size())
        for (const auto &token : m_tokens[size_t(m_example->value())])
            list.append(QString::fromStdString(token));
    return list;
}

QColor AttributionView::colorFor(double value, double largest)
{
    const double strength = largest > 0 ? std::min(std::abs(value) / largest, 1.0) : 0.0;
    const QColor full = value >= 0 ? QColor(214, 39, 40) : QColor(31, 119, 180);
    // Blend from white, so that weak evidence fades out.
    return QColor(int(255 + (full.red() - 255) * strength), int(255 + (full.green() - 255) * strength),
                  int(255 + (full.blue() - 255) * strength));
}

double AttributionView::largestMagnitude() const
{
    const Grid *map = currentMap();
    if (!map)
        return 0;
    // A text map's row runs over the padded length: only the example's tokens count.
    const bool image = map->shape.size() == 3;
    const int64_t count = image ? map->shape[1] * map->shape[2] : std::min<int64_t>(tokens().size(), map->cols);
    double largest = 0;
    for (int64_t i = 0; i < count; ++i)
        largest = std::max(largest, double(std::abs(map->at(m_example->value(), i))));
    return largest;
}

QColor AttributionView::tokenColor(int token) const
{
    const Grid *map = currentMap();
    if (!map || token >= map->cols)
        return QColor();
    return colorFor(map->at(m_example->value(), token), largestMagnitude());
}

QStringList AttributionView::legendText() const
{
    if (!m_legend->isVisibleTo(this))
        return {};
    return {m_legendLow->text(), m_legendHigh->text()};
}

void AttributionView::showLegend(double largest)
{
    m_legendLow->setText(tr("%1 lowers the target").arg(-largest, 0, 'g', 3));
    m_legendHigh->setText(tr("%1 raises it").arg(largest, 0, 'g', 3));
    m_legend->show();
}

QString AttributionView::html() const
{
    QString text;
    const QStringList list = tokens();
    const Grid *map = currentMap();
    for (int t = 0; t < list.size(); ++t) {
        const QString value = map ? QString::number(map->at(m_example->value(), t), 'g', 3) : QString();
        text += QStringLiteral("<span style=\"background-color:%1\" title=\"%2\">&nbsp;%3&nbsp;</span> ")
                    .arg(tokenColor(t).name(), value, list[t].toHtmlEscaped());
    }
    return QStringLiteral("<div style=\"font-size:16pt; line-height:160%\">%1</div>").arg(text);
}

QImage AttributionView::overlay() const
{
    return m_overlay;
}

void AttributionView::refresh()
{
    const Grid *map = currentMap();
    const Grid *pixels = m_maps ? m_maps->find("pixels") : nullptr;
    m_overlay = QImage();
    if (!map) {
        m_legend->hide();
        m_title->setText(tr("Run an attribution (Analysis \u2192 Attribution) to see which tokens drive the output."));
        m_text->clear();
        m_text->show();
        m_image->hide();
        return;
    }
    const auto at = [&](const char *key) {
        const auto it = m_maps->provenance.find(key);
        return it == m_maps->provenance.end() ? QString() : QString::fromStdString(it->second);
    };
    m_title->setText(tr("%1 of %2, example %3%4")
                         .arg(at("method"), at("target"))
                         .arg(m_example->value())
                         .arg(layerCount() > 1 ? tr(", layer %1").arg(m_layer->value()) : QString()));
    showLegend(largestMagnitude());
    const bool image = pixels && map->shape.size() == 3;
    m_text->setVisible(!image);
    m_image->setVisible(image);
    if (!image) {
        m_text->setHtml(html());
        return;
    }
    // The image, with each patch tinted by its attribution.
    const int example = m_example->value();
    const int height = int(pixels->shape[1]), width = int(pixels->shape[2]);
    QImage picture(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const float *p = &pixels->values[size_t(((int64_t(example) * height + y) * width + x) * 3)];
            picture.setPixel(x, y, qRgb(int(p[0] * 255), int(p[1] * 255), int(p[2] * 255)));
        }
    const int rows = int(map->shape[1]), cols = int(map->shape[2]);
    const double largest = largestMagnitude();
    m_overlay = picture.scaled(std::max(width, 384), std::max(height, 384));
    QPainter painter(&m_overlay);
    const double cellWidth = double(m_overlay.width()) / cols, cellHeight = double(m_overlay.height()) / rows;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            QColor colour = colorFor(map->at(example, r * cols + c), largest);
            colour.setAlpha(150);
            painter.fillRect(QRectF(c * cellWidth, r * cellHeight, cellWidth, cellHeight), colour);
        }
    painter.end();
    m_image->setPixmap(QPixmap::fromImage(m_overlay));
}

} // namespace prunescope
