// A method declared once: its name, what it needs, the model families it works on and its
// options with their types, defaults and ranges. The command line parses an option from
// its declaration, a study stores the typed values as JSON, a score file records them as
// text, and the help lists them, so an option is spelled in one place only:
//   {"samples", OptionType::Integer, int64_t(10), {1}, ..., "the number of noisy passes K"}
// Errors name the option and the method and list the values the option allows:
//   "--samples needs a whole number of at least 1, got '0' (an option of smooth-cut)"
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace prunescope {

enum class Granularity { Weight, Head, Neuron };

enum class OptionType { Bool, Integer, Real, Choice };
using OptionValue = std::variant<bool, int64_t, double, std::string>;

// The values a numeric option allows: from low to high, each end included or not.
struct OptionRange
{
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    bool lowOpen = false, highOpen = false;

    bool contains(double v) const;
    std::string text() const; // "of at least 1", "above 0", "from 0 to 1"
};

struct OptionSpec
{
    std::string name; // as the command line spells it, without "--": "samples"
    OptionType type = OptionType::Bool;
    OptionValue fallback;            // the default, of `type`'s alternative
    OptionRange range;               // Integer and Real
    std::vector<std::string> values; // Choice
    std::string help;
    std::string recordedAs; // its name in a score file's provenance; empty: `name` with '_' for '-'
    std::string flag;       // Bool: a command-line switch that sets the opposite of the default
                            // ("one-by-one"); a flag equal to `name` makes the option a switch only
    std::string translationKey(const std::string &method) const { return "method." + method + "." + name; }
    std::string typeName() const; // "bool", "integer", "real", "choice"
};

struct MethodNeeds
{
    bool data = true; // a data sample
    bool loss = true; // labels (or texts the loss predicts) to differentiate a loss
    bool gpu = false;
};

struct MethodSpec
{
    std::string name; // "smooth-cut"
    std::string title;
    std::string summary;
    std::set<Granularity> granularities;
    std::vector<std::string> families; // model_type values; empty: every family
    MethodNeeds needs;
    std::vector<OptionSpec> options;

    const OptionSpec *option(const std::string &name) const; // null when the method has none of that name
    std::string translationKey() const { return "method." + name; } // of its title
};

// The values of a method's options, by name. A value not set takes the option's default
// when read through MethodSpec (resolved()).
class MethodOptions
{
public:
    void set(const std::string &name, OptionValue value) { m_values[name] = std::move(value); }
    bool has(const std::string &name) const { return m_values.count(name) > 0; }
    const std::map<std::string, OptionValue> &values() const { return m_values; }
    bool empty() const { return m_values.empty(); }

    // The value of `name`, which must be set and of that type (resolved() sees to both).
    bool boolean(const std::string &name) const;
    int64_t integer(const std::string &name) const;
    double real(const std::string &name) const;
    const std::string &choice(const std::string &name) const;

private:
    std::map<std::string, OptionValue> m_values;
};

// Declarations of options, for the tables of methods. A number option is an Integer when
// its default is an int64_t, a Real when a double; `recordedAs` as in OptionSpec.
OptionSpec boolOption(const std::string &name, bool fallback, const std::string &help, const std::string &flag = {});
OptionSpec numberOption(const std::string &name, OptionValue fallback, OptionRange range, const std::string &help,
                        const std::string &recordedAs = {});
OptionSpec choiceOption(const std::string &name, const std::string &fallback, const std::vector<std::string> &values,
                        const std::string &help);

// Throws an Error naming the method, the family and the families it works on when
// `family` is not one of them.
void checkFamily(const MethodSpec &method, const std::string &family);

// Whether one of `methods` has this name.
bool declares(const std::vector<MethodSpec> &methods, const std::string &name);

// `text` as the value of `option`; an Error names `spelling` (the option as the user wrote
// it: "--samples" or "samples"), the method and the values allowed.
OptionValue parseOptionValue(const MethodSpec &method, const OptionSpec &option, const std::string &text,
                             const std::string &spelling);
// Every option of `method` set: `given` checked (an unknown name or a value out of range
// or of the wrong type is an Error naming the option and the method), the rest defaulted.
MethodOptions resolved(const MethodSpec &method, const MethodOptions &given);

// {"samples": 10, "sigma": 0.001, ...}: the typed values, for studies and provenance; and
// back, checked as resolved() checks.
nlohmann::json toJson(const MethodOptions &options);
MethodOptions methodOptionsFromJson(const MethodSpec &method, const nlohmann::json &json);

// "samples=10,sigma=0.001,noise_on=outputs,batched=true": every option of the method, as
// score files record them.
std::string describe(const MethodSpec &method, const MethodOptions &options);
// The declaration as JSON, for front ends that draw a form from it: name, title, summary,
// needs, families and each option with its type, default, range or values, help and key.
nlohmann::json methodJson(const MethodSpec &method);
// The method's summary and each option: name, type, default, range or values, help.
std::string helpText(const MethodSpec &method);
// One value as text: true/false, 10, 0.001, embeddings.
std::string valueText(const OptionValue &value);

} // namespace prunescope
