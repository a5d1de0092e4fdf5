// "What am I looking at?": a short explanation per view, in the application's words.
#pragma once

#include <QString>

namespace prunescope {

enum class HelpTopic { Heads, Neurons, Weights, Attribution, Curves };

QString helpText(HelpTopic topic);

} // namespace prunescope
