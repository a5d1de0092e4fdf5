// The main window: menus, the model panel, and the open checkpoint.
#pragma once

#include <QMainWindow>

#include <filesystem>

namespace prunescope {

class ModelPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Opens a checkpoint folder; shows a message naming the problem if it cannot.
    bool openCheckpoint(const QString &folder);
    ModelPanel *modelPanel() const { return m_modelPanel; }

    // The small model that ships with PruneScope, shown when nothing else is open.
    static QString bundledModelPath();

private:
    void chooseCheckpoint();

    ModelPanel *m_modelPanel;
};

} // namespace prunescope
