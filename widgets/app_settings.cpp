#include "widgets/app_settings.h"

#include "core/support/error.h"
#include "core/support/options.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <map>
#include <string>

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

StudySettings AppSettings::newStudySettings() const
{
    StudySettings s;
    s.device = device.toStdString();
    s.precision = precision.toStdString();
    s.batchSize = batchSize;
    s.maxExamples = maxExamples;
    return s;
}

SettingsDialog::SettingsDialog(const AppSettings &settings, const StudySettings *study, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_study(study ? *study : settings.newStudySettings())
    , m_forStudy(study != nullptr)
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
    const std::map<std::string, QString> precisionLabels = {
        {"fp32", tr("float32 (exact)")},
        {"tf32x3", tr("float32, products split on a GPU's tensor cores (tf32x3)")},
        {"bf16", tr("bfloat16 (faster on GPUs)")},
        {"fp16", tr("float16")},
    };
    for (const std::string &name : choices::precision)
        m_precision->addItem(precisionLabels.at(name), QString::fromStdString(name));
    m_precision->setCurrentIndex(std::max(0, m_precision->findData(QString::fromStdString(m_study.precision))));
    m_precision->setToolTip(tr("The precision of forward passes when scoring; comparisons with references always use "
                               "float32. tf32x3 splits each linear layer's float32 product in three on the TF32 "
                               "tensor cores of a GPU of compute capability 8.0 or later: faster than float32 and a "
                               "little less exact"));
    m_batchSize->setRange(1, 4096);
    m_batchSize->setValue(int(m_study.batchSize));
    m_batchSize->setToolTip(tr("Examples per batch; lower it if the GPU runs out of memory"));
    m_maxExamples->setRange(0, 10'000'000);
    m_maxExamples->setSpecialValueText(tr("all"));
    m_maxExamples->setValue(int(m_study.maxExamples));
    m_maxExamples->setToolTip(tr("Examples sampled from the data for scoring and evaluation (0: all)"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("\u65e5\u672c\u8a9e"), QStringLiteral("ja"));
    m_language->addItem(QStringLiteral("\u7b80\u4f53\u4e2d\u6587"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language)));
    m_language->setToolTip(tr("The language of the interface; takes effect at the next start"));

    auto *computer = new QGroupBox(tr("This computer"), this);
    auto *computerForm = new QFormLayout(computer);
    computerForm->addRow(tr("Device:"), m_device);
    computerForm->addRow(tr("Language:"), m_language);
    auto *jobs = new QGroupBox(m_forStudy ? tr("Jobs of the open study") : tr("Jobs of new studies"), this);
    auto *jobsForm = new QFormLayout(jobs);
    jobsForm->addRow(tr("Precision:"), m_precision);
    jobsForm->addRow(tr("Batch size:"), m_batchSize);
    jobsForm->addRow(tr("Sample size:"), m_maxExamples);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(computer);
    layout->addWidget(jobs);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_settings;
    s.device = m_device->currentText().trimmed();
    s.language = m_language->currentData().toString();
    if (!m_forStudy) {
        const StudySettings jobs = studySettings();
        s.precision = QString::fromStdString(jobs.precision);
        s.batchSize = int(jobs.batchSize);
        s.maxExamples = int(jobs.maxExamples);
    }
    return s;
}

StudySettings SettingsDialog::studySettings() const
{
    StudySettings s = m_study;
    s.precision = m_precision->currentData().toString().toStdString();
    s.batchSize = m_batchSize->value();
    s.maxExamples = m_maxExamples->value();
    return s;
}

} // namespace prunescope
