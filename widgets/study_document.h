// The open study as the window's document: create, open, save, save as, recent studies,
// and autosave. Items that jobs add are written to study.json at once, so study.json
// always lists exactly the files in the folder; other changes (model, data, settings)
// mark the study modified until it is saved or autosaved.
#pragma once

#include "core/study/study.h"

#include <QObject>
#include <QStringList>

class QTimer;

namespace prunescope {

class StudyDocument : public QObject
{
    Q_OBJECT

public:
    explicit StudyDocument(QObject *parent = nullptr);

    bool isOpen() const { return m_open; }
    bool isModified() const { return m_modified; }
    const Study &study() const { return m_study; }
    QString folder() const;

    // Each throws prunescope::Error with the message to show; the document is unchanged then.
    void create(const QString &folder, const QString &model, const StudyData &data, const StudySettings &settings);
    void open(const QString &folder);
    void save();
    void saveAs(const QString &folder);
    void close();

    void addItem(const StudyItem &item);
    void setSettings(const StudySettings &settings);
    void setModel(const QString &folder);
    // The dataset and its columns; data.path is a path on this machine, stored as storedPath() says.
    void setData(const StudyData &data);

    // Problems with what the study refers to (moved checkpoint or data, missing files).
    QStringList missingReferences() const;

    static QStringList recentStudies();
    static constexpr int kMaxRecent = 8;
    static constexpr int kAutosaveMs = 30000;
    void setAutosaveInterval(int ms); // 0: never

Q_SIGNALS:
    void studyChanged(); // opened, created, closed, saved as
    void itemAdded(const prunescope::StudyItem &item);
    void modifiedChanged(bool modified);

private:
    void setModified(bool modified);
    void remember();

    Study m_study;
    bool m_open = false;
    bool m_modified = false;
    QTimer *m_autosave;
};

} // namespace prunescope
