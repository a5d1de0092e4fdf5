// The settings remembered between runs (QSettings): what jobs run with, and the language.
#pragma once

#include "core/study/study.h"

#include <QDialog>
#include <QString>

class QComboBox;
class QSpinBox;

namespace prunescope {

struct AppSettings
{
    QString device = QStringLiteral("auto");
    QString precision = QStringLiteral("fp32");
    int batchSize = 16;
    int maxExamples = 256;
    QString language; // empty: the system's

    static AppSettings load();
    void save() const;
    StudySettings toStudySettings(uint64_t seed) const;
};

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const AppSettings &settings, QWidget *parent = nullptr);
    AppSettings settings() const;

private:
    QComboBox *m_device;
    QComboBox *m_precision;
    QSpinBox *m_batchSize;
    QSpinBox *m_maxExamples;
    QComboBox *m_language;
};

} // namespace prunescope
