#include "widgets/study_document.h"

#include <QDir>
#include <QSettings>
#include <QTimer>

namespace prunescope {

StudyDocument::StudyDocument(QObject *parent)
    : QObject(parent)
    , m_autosave(new QTimer(this))
{
    m_autosave->setInterval(kAutosaveMs);
    connect(m_autosave, &QTimer::timeout, this, [this] {
        if (m_open && m_modified)
            save();
    });
    m_autosave->start();
}

QString StudyDocument::folder() const
{
    return m_open ? QString::fromStdString(m_study.folder.string()) : QString();
}

void StudyDocument::create(const QString &folder, const QString &model, const StudyData &data, const StudySettings &settings)
{
    Study study = createStudy(folder.toStdString(), model.toStdString(), data);
    study.settings = settings;
    writeStudy(study);
    m_study = std::move(study);
    m_open = true;
    setModified(false);
    remember();
    Q_EMIT studyChanged();
}

void StudyDocument::open(const QString &folder)
{
    m_study = readStudy(folder.toStdString());
    m_open = true;
    setModified(false);
    remember();
    Q_EMIT studyChanged();
}

void StudyDocument::save()
{
    if (!m_open)
        return;
    writeStudy(m_study);
    setModified(false);
}

void StudyDocument::saveAs(const QString &folder)
{
    m_study = copyStudy(m_study, folder.toStdString());
    setModified(false);
    remember();
    Q_EMIT studyChanged();
}

void StudyDocument::close()
{
    m_study = Study();
    m_open = false;
    setModified(false);
    Q_EMIT studyChanged();
}

void StudyDocument::addItem(const StudyItem &item)
{
    m_study.items.push_back(item);
    writeStudy(m_study);
    setModified(false);
    Q_EMIT itemAdded(item);
}

void StudyDocument::setSettings(const StudySettings &settings)
{
    const StudySettings &old = m_study.settings;
    if (old.device == settings.device && old.precision == settings.precision && old.batchSize == settings.batchSize &&
        old.maxExamples == settings.maxExamples && old.seed == settings.seed)
        return;
    m_study.settings = settings;
    setModified(true);
}

void StudyDocument::setModel(const QString &folder)
{
    m_study.model = storedPath(m_study.folder, folder.toStdString());
    setModified(true);
    Q_EMIT studyChanged();
}

void StudyDocument::setData(const StudyData &data)
{
    m_study.data = data;
    if (!data.path.empty())
        m_study.data.path = storedPath(m_study.folder, data.path);
    setModified(true);
    Q_EMIT studyChanged();
}

QStringList StudyDocument::missingReferences() const
{
    QStringList list;
    if (m_open)
        for (const auto &line : prunescope::missingReferences(m_study))
            list.append(QString::fromStdString(line));
    return list;
}

QStringList StudyDocument::recentStudies()
{
    return QSettings().value(QStringLiteral("recentStudies")).toStringList();
}

void StudyDocument::setAutosaveInterval(int ms)
{
    if (ms <= 0) {
        m_autosave->stop();
        return;
    }
    m_autosave->setInterval(ms);
    m_autosave->start();
}

void StudyDocument::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

void StudyDocument::remember()
{
    QStringList recent = recentStudies();
    const QString path = QDir::cleanPath(QDir(folder()).absolutePath());
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentStudies"), recent);
}

} // namespace prunescope
