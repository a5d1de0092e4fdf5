#include "core/support/options.h"

#include "core/support/error.h"
#include "core/support/string_util.h"

#include <algorithm>

namespace prunescope {

const std::string &oneOf(const std::string &option, const std::string &value, const std::vector<std::string> &allowed)
{
    const auto it = std::find(allowed.begin(), allowed.end(), value);
    if (it == allowed.end())
        throw Error(option + " " + quoted(value) + " is not one of " + joined(allowed));
    return *it;
}

std::vector<std::string> listOf(const std::string &option, const std::string &value,
                                const std::vector<std::string> &allowed)
{
    std::vector<std::string> items;
    for (size_t start = 0; start <= value.size();) {
        const size_t comma = std::min(value.find(',', start), value.size());
        const std::string item = value.substr(start, comma - start);
        start = comma + 1;
        if (item.empty() && value.empty())
            break;
        if (std::find(items.begin(), items.end(), item) != items.end())
            throw Error(option + " names " + quoted(item) + " twice");
        items.push_back(oneOf(option, item, allowed));
    }
    if (items.empty())
        throw Error(option + " is empty: give one or more of " + joined(allowed) + " (separated by commas)");
    return items;
}

namespace {

// fp32, bf16 and fp16 by their long names too.
std::string shortTypeName(const std::string &value)
{
    return value == "float32" ? "fp32" : value == "bfloat16" ? "bf16" : value == "float16" ? "fp16" : value;
}

} // namespace

std::string parsePrecisionName(const std::string &value, const std::string &option)
{
    return oneOf(option, shortTypeName(value), choices::precision);
}

std::string parseDtypeName(const std::string &value, const std::string &option)
{
    return oneOf(option, shortTypeName(value), choices::dtype);
}

std::string parseDeviceName(const std::string &value, const std::string &option)
{
    if (value == "auto" || value == "cpu" || value == "cuda")
        return value;
    if (value.rfind("cuda:", 0) == 0 && value.size() > 5 && value.size() < 9 &&
        value.find_first_not_of("0123456789", 5) == std::string::npos)
        return value;
    throw Error(option + " " + quoted(value) + " is not one of auto, cpu, cuda, cuda:N (N: the GPU's number, from 0)");
}

} // namespace prunescope
