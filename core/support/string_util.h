// Small string helpers shared by the core.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace prunescope {

inline bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or newline.
inline std::string csvField(std::string_view s)
{
    if (s.find_first_of(",\"\n\r") == std::string_view::npos)
        return std::string(s);
    std::string quoted = "\"";
    for (const char c : s)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// "a, b or c": the values a message offers.
inline std::string joined(const std::vector<std::string> &values)
{
    std::string text;
    for (size_t i = 0; i < values.size(); ++i)
        text += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i];
    return text;
}

// "a, b, c and 5 more": the first `shown` values of a list, for a message.
inline std::string listed(const std::vector<std::string> &values, size_t shown = 8)
{
    std::string text;
    for (size_t i = 0; i < std::min(values.size(), shown); ++i)
        text += (i == 0 ? "" : ", ") + values[i];
    if (values.size() > shown)
        text += " and " + std::to_string(values.size() - shown) + " more";
    return text;
}

// A value as quoted in a message: a pasted paragraph is cut short.
inline std::string quoted(const std::string &value)
{
    return "'" + (value.size() > 40 ? value.substr(0, 40) + "..." : value) + "'";
}

} // namespace prunescope
