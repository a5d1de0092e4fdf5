// The guided tour of the demo study (Help → Guided Tour, and on the application's first
// start): six steps in the order a pruning study goes — what a head map is, scoring a
// method, building a mask, comparing two masks, evaluating, exporting. Each step opens its
// view on the demo's item, outlines the part of the window it speaks of and says what it
// shows in a sentence, in a box with Back, Next and Close.
#pragma once

#include <QFrame>
#include <QPointer>
#include <QString>

class QLabel;
class QPushButton;

namespace prunescope {

class MainWindow;

class GuidedTour : public QFrame
{
    Q_OBJECT

public:
    explicit GuidedTour(MainWindow *window);
    ~GuidedTour() override;

    static int stepCount();
    int step() const { return m_step; }
    QString text() const;
    // The part of the window outlined, and the outline (in the window's coordinates).
    QWidget *highlighted() const { return m_target; }
    QRect outline() const;

    void showStep(int step);
    void next();
    void back();

Q_SIGNALS:
    void finished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();

    MainWindow *m_window;
    int m_step = -1;
    QLabel *m_text;
    QPushButton *m_back, *m_next;
    QWidget *m_frame; // the outline, drawn over the window and passing clicks through
    QPointer<QWidget> m_target;
};

} // namespace prunescope
