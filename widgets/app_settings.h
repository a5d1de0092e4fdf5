// The settings remembered between runs (QSettings): this computer's device and language,
// and what a new study's jobs start with. A study keeps its own settings (study.json) once
// made; only the device is always this computer's.
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
    // A new study's settings: these, with the device as chosen and seed 0.
    StudySettings newStudySettings() const;
};

// This computer's device and language, and the jobs' precision, batch size and sample size:
// with `study`, the open study's own (saved in the study), else those new studies start with.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const AppSettings &settings, const StudySettings *study = nullptr,
                            QWidget *parent = nullptr);
    // The application's settings; with a study, its defaults for new studies as they were.
    AppSettings settings() const;
    // The study's settings as edited, its device and seed as they were.
    StudySettings studySettings() const;

private:
    AppSettings m_settings;
    StudySettings m_study;
    bool m_forStudy;
    QComboBox *m_device;
    QComboBox *m_precision;
    QSpinBox *m_batchSize;
    QSpinBox *m_maxExamples;
    QComboBox *m_language;
};

} // namespace prunescope
