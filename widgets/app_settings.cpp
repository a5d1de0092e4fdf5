#include "widgets/app_settings.h"

#include "core/support/error.h"
#include "core/support/options.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>

namespace prunescope {

AppSettings AppSettings::load()
{
    QSettings store;
    AppSettings s;
    // A stored value the core would refuse (hand-edited, or from an older version) falls back to the default.
    try {
        s.device = QString::fromStdString(parseDeviceName(store.value(QStringLiteral("jobs/device"), s.device).toString().toStdString()));
    } catch (const Error &) {
    }
    try {
        s.precision = QString::fromStdString(
            parsePrecisionName(store.value(QStringLiteral("jobs/precision"), s.precision).toString().toStdString()));
    } catch (const Error &) {
    }
    s.batchSize = store.value(QStringLiteral("jobs/batchSize"), s.batchSize).toInt();
    s.maxExamples = store.value(QStringLiteral("jobs/maxExamples"), s.maxExamples).toInt();
    s.language = store.value(QStringLiteral("ui/language"), s.language).toString();
    return s;
}

void AppSettings::save() const
{
    QSettings store;
    store.setValue(QStringLiteral("jobs/device"), device);
    store.setValue(QStringLiteral("jobs/precision"), precision);
    store.setValue(QStringLiteral("jobs/batchSize"), batchSize);
    store.setValue(QStringLiteral("jobs/maxExamples"), maxExamples);
    store.setValue(QStringLiteral("ui/language"), language);
}

StudySettings AppSettings::toStudySettings(uint64_t seed) const
{
    StudySettings s;
    s.device = device.toStdString();
    s.precision = precision.toStdString();
    s.batchSize = batchSize;
    s.maxExamples = maxExamples;
    s.seed = seed;
    return s;
}

SettingsDialog::SettingsDialog(const AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_device(new QComboBox(this))
    , m_precision(new QComboBox(this))
    , m_batchSize(new QSpinBox(this))
    , m_maxExamples(new QSpinBox(this))
    , m_language(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));
    m_device->setEditable(true);
    m_device->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda"), QStringLiteral("cuda:1")});
    m_device->setCurrentText(settings.device);
    m_device->setToolTip(tr("Where jobs compute: auto takes the first GPU when there is one"));
    m_precision->addItem(tr("float32 (exact)"), QStringLiteral("fp32"));
    m_precision->addItem(tr("bfloat16 (faster on GPUs)"), QStringLiteral("bf16"));
    m_precision->addItem(tr("float16"), QStringLiteral("fp16"));
    m_precision->setCurrentIndex(std::max(0, m_precision->findData(settings.precision)));
    m_precision->setToolTip(tr("The precision of forward passes when scoring; comparisons with references always use float32"));
    m_batchSize->setRange(1, 4096);
    m_batchSize->setValue(settings.batchSize);
    m_batchSize->setToolTip(tr("Examples per batch; lower it if the GPU runs out of memory"));
    m_maxExamples->setRange(0, 10'000'000);
    m_maxExamples->setSpecialValueText(tr("all"));
    m_maxExamples->setValue(settings.maxExamples);
    m_maxExamples->setToolTip(tr("Examples sampled from the data for scoring and evaluation (0: all)"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("\u65e5\u672c\u8a9e"), QStringLiteral("ja"));
    m_language->addItem(QStringLiteral("\u7b80\u4f53\u4e2d\u6587"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language)));
    m_language->setToolTip(tr("The language of the interface; takes effect at the next start"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("Precision:"), m_precision);
    form->addRow(tr("Batch size:"), m_batchSize);
    form->addRow(tr("Sample size:"), m_maxExamples);
    form->addRow(tr("Language:"), m_language);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s;
    s.device = m_device->currentText().trimmed();
    s.precision = m_precision->currentData().toString();
    s.batchSize = m_batchSize->value();
    s.maxExamples = m_maxExamples->value();
    s.language = m_language->currentData().toString();
    return s;
}

} // namespace prunescope
