// The user interface language: the system's by default, or one chosen in settings.
#pragma once

#include <QLocale>

namespace prunescope {

// Installs PruneScope's and Qt's own translations for `locale` into the application;
// returns false (and leaves English) when PruneScope has none for that language.
bool installTranslations(const QLocale &locale = QLocale::system());

} // namespace prunescope
