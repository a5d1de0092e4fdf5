#include "widgets/guided_tour.h"

#include "widgets/main_window.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

namespace prunescope {

namespace {

struct TourStep
{
    MainWindow::View view;
    const char *item; // the demo's item the view opens on; null: the view as it is
    bool items;       // outline the study's item list instead of the view
};

const TourStep kSteps[] = {{MainWindow::View::Heads, "taylor", false},
                           {MainWindow::View::Heads, "taylor", true},
                           {MainWindow::View::Heads, "taylor head 50%", false},
                           {MainWindow::View::Compare, "comparison of 8", false},
                           {MainWindow::View::Curves, "sweep head", false},
                           {MainWindow::View::Profiles, nullptr, false}};

QString stepText(int step)
{
    switch (step) {
    case 0:
        return GuidedTour::tr("A head map: one row for each layer, one cell for each attention head, coloured by how "
                              "important the head is to the model's answers (Taylor scores here). Rest the pointer on "
                              "a cell to read its value.");
    case 1:
        return GuidedTour::tr("Scoring a method: Analysis \u2192 Score runs one of the methods on the study's data; "
                              "every result joins this list, where a click shows it in the maps.");
    case 2:
        return GuidedTour::tr("Building a mask: Analysis \u2192 Mask keeps the highest-scoring units; this one prunes "
                              "half of the heads (the dark cells). Edit Mask lets you toggle cells by hand.");
    case 3:
        return GuidedTour::tr("Comparing masks: the matrix gives a metric for every pair of masks or score maps; "
                              "click a cell to see that pair layer by layer and where the two agree.");
    case 4:
        return GuidedTour::tr("Evaluating: F5 measures the pruned model on the study's data, and a sweep does it "
                              "for every method across sparsities; the shaded band is the spread of random masks, "
                              "the noise a method must beat.");
    default:
        return GuidedTour::tr("Exporting: Analysis \u2192 Mask Profiles shows where each mask prunes, and Analysis "
                              "\u2192 Export Model writes the pruned model as a smaller checkpoint, its sizes shown "
                              "layer by layer before it is written.");
    }
}

} // namespace

GuidedTour::GuidedTour(MainWindow *window)
    : QFrame(window)
    , m_window(window)
    , m_text(new QLabel(this))
    , m_back(new QPushButton(tr("Back"), this))
    , m_next(new QPushButton(this))
    , m_frame(new QWidget(window))
{
    setObjectName(QStringLiteral("guided-tour"));
    setFrameShape(QFrame::Box);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#guided-tour { background: #fffbe6; border: 2px solid #e08a00; border-radius: 6px; }"));
    m_text->setWordWrap(true);
    auto *close = new QPushButton(tr("Close"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(close);
    buttons->addStretch(1);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    setFixedWidth(380);
    m_frame->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_frame->setStyleSheet(QStringLiteral("border: 3px solid #e08a00; border-radius: 4px;"));
    m_frame->setAttribute(Qt::WA_StyledBackground);
    connect(close, &QPushButton::clicked, this, &GuidedTour::deleteLater);
    connect(m_back, &QPushButton::clicked, this, &GuidedTour::back);
    connect(m_next, &QPushButton::clicked, this, &GuidedTour::next);
    window->installEventFilter(this); // follows the window's size
}

GuidedTour::~GuidedTour()
{
    delete m_frame;
    Q_EMIT finished();
}

int GuidedTour::stepCount()
{
    return int(std::size(kSteps));
}

QString GuidedTour::text() const
{
    return m_text->text();
}

QRect GuidedTour::outline() const
{
    return m_frame->geometry();
}

void GuidedTour::showStep(int step)
{
    m_step = std::clamp(step, 0, stepCount() - 1);
    const TourStep &s = kSteps[m_step];
    m_window->showView(s.view);
    if (s.item && m_window->document()->study().find(s.item))
        m_window->showItem(QString::fromLatin1(s.item));
    m_target = s.items ? static_cast<QWidget *>(m_window->itemTree()) : m_window->viewTabs();
    m_text->setText(tr("<b>Step %1 of %2</b><br>%3").arg(m_step + 1).arg(stepCount()).arg(stepText(m_step)));
    m_back->setEnabled(m_step > 0);
    m_next->setText(m_step + 1 < stepCount() ? tr("Next") : tr("Finish"));
    place();
    show();
    m_frame->show();
    raise();
}

void GuidedTour::next()
{
    if (m_step + 1 >= stepCount()) {
        deleteLater();
        return;
    }
    showStep(m_step + 1);
}

void GuidedTour::back()
{
    showStep(m_step - 1);
}

void GuidedTour::place()
{
    if (!m_target)
        return;
    const QRect target(m_target->mapTo(m_window, QPoint(0, 0)), m_target->size());
    m_frame->setGeometry(target.adjusted(-3, -3, 3, 3));
    m_frame->raise();
    adjustSize();
    // In the outlined part's lower right corner, inside the window.
    const QPoint corner = target.bottomRight() - QPoint(width() + 16, height() + 16);
    move(std::max(0, corner.x()), std::max(0, corner.y()));
}

bool GuidedTour::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest))
        place();
    return QFrame::eventFilter(watched, event);
}

} // namespace prunescope
