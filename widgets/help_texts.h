// "What am I looking at?": a short explanation per view, in the application's words.
#pragma once

#include <QString>

class QToolButton;
class QWidget;

namespace prunescope {

enum class HelpTopic { Heads, Neurons, Weights, Attribution, Curves, Compare, Training, Profiles };

QString helpText(HelpTopic topic);

// The "What am I looking at?" button of a view: shows helpText(topic) when clicked.
QToolButton *createHelpButton(QWidget *parent, HelpTopic topic, const QString &toolTip);

} // namespace prunescope
