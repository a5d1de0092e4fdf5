#include "core/support/method_spec.h"

#include "core/support/error.h"
#include "core/support/string_util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace prunescope {

namespace {

std::string number(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string ofMethod(const MethodSpec &method)
{
    return " (an option of " + method.name + ")";
}

// What `option` allows, as a message says it: "a whole number of at least 1".
std::string wanted(const OptionSpec &option)
{
    switch (option.type) {
    case OptionType::Bool: return "true or false";
    case OptionType::Integer: return "a whole number " + option.range.text();
    case OptionType::Real: return "a number " + option.range.text();
    case OptionType::Choice: return "one of " + joined(option.values);
    }
    return {};
}

// `value` checked against `option`: its type, its range or its values.
void check(const MethodSpec &method, const OptionSpec &option, const OptionValue &value, const std::string &spelling)
{
    const auto refuse = [&] {
        throw Error(spelling + " needs " + wanted(option) + ", got " + quoted(valueText(value)) + ofMethod(method));
    };
    switch (option.type) {
    case OptionType::Bool:
        if (!std::holds_alternative<bool>(value))
            refuse();
        return;
    case OptionType::Integer:
        if (!std::holds_alternative<int64_t>(value) || !option.range.contains(double(std::get<int64_t>(value))))
            refuse();
        return;
    case OptionType::Real:
        if (!std::holds_alternative<double>(value) || !option.range.contains(std::get<double>(value)))
            refuse();
        return;
    case OptionType::Choice:
        if (!std::holds_alternative<std::string>(value))
            refuse();
        for (const auto &allowed : option.values)
            if (allowed == std::get<std::string>(value))
                return;
        throw Error(spelling + " " + quoted(std::get<std::string>(value)) + " is not one of " + joined(option.values)
                    + ofMethod(method));
    }
}

template <class T>
const T &valueOf(const std::map<std::string, OptionValue> &values, const std::string &name)
{
    const auto it = values.find(name);
    if (it == values.end() || !std::holds_alternative<T>(it->second))
        throw Error("the method option '" + name + "' is not set or not of its type");
    return std::get<T>(it->second);
}

} // namespace

bool OptionRange::contains(double v) const
{
    return (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
}

std::string OptionRange::text() const
{
    if (std::isinf(high) && std::isinf(low))
        return "of any value";
    if (std::isinf(high))
        return (lowOpen ? "above " : "of at least ") + number(low);
    if (lowOpen && highOpen)
        return "between " + number(low) + " and " + number(high) + ", both excluded";
    return (lowOpen ? "above " : "from ") + number(low) + (highOpen ? " to below " : lowOpen ? " up to " : " to ")
           + number(high);
}

std::string OptionSpec::typeName() const
{
    switch (type) {
    case OptionType::Bool: return "bool";
    case OptionType::Integer: return "integer";
    case OptionType::Real: return "real";
    case OptionType::Choice: return "choice";
    }
    return "?";
}

const OptionSpec *MethodSpec::option(const std::string &name) const
{
    for (const auto &o : options)
        if (o.name == name)
            return &o;
    return nullptr;
}

bool MethodOptions::boolean(const std::string &name) const
{
    return valueOf<bool>(m_values, name);
}

int64_t MethodOptions::integer(const std::string &name) const
{
    return valueOf<int64_t>(m_values, name);
}

double MethodOptions::real(const std::string &name) const
{
    return valueOf<double>(m_values, name);
}

const std::string &MethodOptions::choice(const std::string &name) const
{
    return valueOf<std::string>(m_values, name);
}

OptionSpec boolOption(const std::string &name, bool fallback, const std::string &help, const std::string &flag)
{
    OptionSpec o;
    o.name = name;
    o.type = OptionType::Bool;
    o.fallback = fallback;
    o.help = help;
    o.flag = flag;
    return o;
}

OptionSpec numberOption(const std::string &name, OptionValue fallback, OptionRange range, const std::string &help,
                        const std::string &recordedAs)
{
    OptionSpec o;
    o.name = name;
    o.type = std::holds_alternative<int64_t>(fallback) ? OptionType::Integer : OptionType::Real;
    o.fallback = std::move(fallback);
    o.range = range;
    o.help = help;
    o.recordedAs = recordedAs;
    return o;
}

OptionSpec choiceOption(const std::string &name, const std::string &fallback, const std::vector<std::string> &values,
                        const std::string &help)
{
    OptionSpec o;
    o.name = name;
    o.type = OptionType::Choice;
    o.fallback = fallback;
    o.values = values;
    o.help = help;
    return o;
}

bool declares(const std::vector<MethodSpec> &methods, const std::string &name)
{
    return std::any_of(methods.begin(), methods.end(), [&](const MethodSpec &m) { return m.name == name; });
}

void checkFamily(const MethodSpec &method, const std::string &family)
{
    if (method.families.empty())
        return;
    for (const auto &f : method.families)
        if (f == family)
            return;
    throw Error("method '" + method.name + "' does not work on " + family + " models (only on " + joined(method.families)
                + ")");
}

std::string valueText(const OptionValue &value)
{
    if (const auto *b = std::get_if<bool>(&value))
        return *b ? "true" : "false";
    if (const auto *i = std::get_if<int64_t>(&value))
        return std::to_string(*i);
    if (const auto *d = std::get_if<double>(&value))
        return number(*d);
    return std::get<std::string>(value);
}

OptionValue parseOptionValue(const MethodSpec &method, const OptionSpec &option, const std::string &text,
                             const std::string &spelling)
{
    const auto refuse = [&] { throw Error(spelling + " needs " + wanted(option) + ", got " + quoted(text) + ofMethod(method)); };
    OptionValue value = text;
    try {
        size_t used = text.size();
        if (option.type == OptionType::Bool) {
            if (text != "true" && text != "false")
                refuse();
            value = text == "true";
        } else if (option.type == OptionType::Integer) {
            value = int64_t(std::stoll(text, &used));
        } else if (option.type == OptionType::Real) {
            const double v = std::stod(text, &used);
            if (std::isnan(v))
                refuse();
            value = v;
        }
        if (used != text.size())
            refuse();
    } catch (const std::logic_error &) { // std::stoll / std::stod: not a number or out of range
        refuse();
    }
    check(method, option, value, spelling);
    return value;
}

MethodOptions resolved(const MethodSpec &method, const MethodOptions &given)
{
    for (const auto &[name, value] : given.values()) {
        const OptionSpec *option = method.option(name);
        if (!option)
            throw Error("method '" + method.name + "' has no option '" + name + "'");
        check(method, *option, value, name);
    }
    MethodOptions all = given;
    for (const auto &option : method.options)
        if (!all.has(option.name))
            all.set(option.name, option.fallback);
    return all;
}

nlohmann::json toJson(const MethodOptions &options)
{
    nlohmann::json json = nlohmann::json::object();
    for (const auto &[name, value] : options.values())
        std::visit([&, n = name](const auto &v) { json[n] = v; }, value);
    return json;
}

MethodOptions methodOptionsFromJson(const MethodSpec &method, const nlohmann::json &json)
{
    if (!json.is_object())
        throw Error("the options of " + method.name + " are not a JSON object");
    MethodOptions options;
    for (const auto &[name, value] : json.items()) {
        const OptionSpec *option = method.option(name);
        if (!option)
            throw Error("method '" + method.name + "' has no option '" + name + "'");
        if (value.is_boolean())
            options.set(name, value.get<bool>());
        else if (value.is_number_integer() && option->type != OptionType::Real)
            options.set(name, value.get<int64_t>());
        else if (value.is_number())
            options.set(name, value.get<double>());
        else if (value.is_string())
            options.set(name, value.get<std::string>());
        else
            throw Error(name + " needs " + wanted(*option) + ", got " + value.dump() + ofMethod(method));
    }
    return resolved(method, options);
}

std::string describe(const MethodSpec &method, const MethodOptions &options)
{
    const MethodOptions all = resolved(method, options);
    std::string text;
    for (const auto &option : method.options) {
        std::string name = option.recordedAs;
        if (name.empty())
            for (char c : option.name)
                name += c == '-' ? '_' : c;
        text += (text.empty() ? "" : ",") + name + "=" + valueText(all.values().at(option.name));
    }
    return text;
}

nlohmann::json methodJson(const MethodSpec &method)
{
    nlohmann::json options = nlohmann::json::array();
    MethodOptions fallbacks;
    for (const auto &o : method.options) {
        fallbacks.set(o.name, o.fallback);
        nlohmann::json option = {{"name", o.name}, {"type", o.typeName()}, {"help", o.help},
                                 {"key", o.translationKey(method.name)}};
        if (o.type == OptionType::Integer || o.type == OptionType::Real)
            option["range"] = o.range.text();
        if (o.type == OptionType::Choice)
            option["values"] = o.values;
        if (!o.flag.empty())
            option["flag"] = o.flag;
        options.push_back(option);
    }
    const nlohmann::json defaults = toJson(fallbacks);
    for (auto &option : options)
        option["default"] = defaults.at(option.at("name").get<std::string>());
    return {{"name", method.name},       {"title", method.title},
            {"key", method.translationKey()},
            {"summary", method.summary}, {"families", method.families},
            {"needs", {{"data", method.needs.data}, {"loss", method.needs.loss}, {"gpu", method.needs.gpu}}},
            {"options", options}};
}

std::string helpText(const MethodSpec &method)
{
    std::string text = method.name + ": " + method.title + "\n  " + method.summary + "\n";
    if (method.options.empty())
        return text + "  (no options)\n";
    for (const auto &o : method.options) {
        const bool switchOnly = o.type == OptionType::Bool && o.flag == o.name;
        text += "  --" + o.name + (switchOnly ? "" : " " + o.typeName()) + "  default " + valueText(o.fallback);
        if (o.type == OptionType::Integer || o.type == OptionType::Real)
            text += ", " + o.range.text();
        else if (o.type == OptionType::Choice)
            text += ", one of " + joined(o.values);
        if (!o.flag.empty() && !switchOnly)
            text += ", or --" + o.flag;
        text += "\n      " + o.help + "\n";
    }
    return text;
}

} // namespace prunescope
