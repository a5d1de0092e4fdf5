// Small string helpers shared by the core.
#pragma once

#include <string_view>

namespace prunescope {

inline bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace prunescope
