#include "core/study/study.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <sstream>
#include <type_traits>

namespace prunescope {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr const char *kFormat = "prunescope-study";
constexpr int kVersion = 1;

const StudyItem::Kind kKinds[] = {StudyItem::Kind::Scores, StudyItem::Kind::Mask, StudyItem::Kind::Attribution,
                                  StudyItem::Kind::Sweep, StudyItem::Kind::Comparison, StudyItem::Kind::NoiseScan};

// Reads typed keys of one JSON object, naming the file and the key when one is wrong.
class Reader
{
public:
    Reader(const Json &object, std::string where)
        : m_object(object)
        , m_where(std::move(where))
    {
        if (!m_object.is_object())
            throw Error(m_where + " is not a JSON object");
    }
    template<typename T>
    T get(const char *key, T fallback, bool required = false) const
    {
        const auto it = m_object.find(key);
        if (it == m_object.end()) {
            if (required)
                throw Error(m_where + ": missing '" + key + "'");
            return fallback;
        }
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
            // A fraction or a number out of T's range would be converted with undefined behaviour.
            if (!fits<T>(*it))
                throw Error(m_where + ": '" + key + "' must be a whole number from " +
                            std::to_string(std::numeric_limits<T>::min()) + " to " +
                            std::to_string(std::numeric_limits<T>::max()) + ", got " + it->dump());
        }
        try {
            return it->template get<T>();
        } catch (const Json::exception &) {
            throw Error(m_where + ": '" + key + "' has the wrong type (" + it->type_name() + ")");
        }
    }
    const Json &object() const { return m_object; }
    const std::string &where() const { return m_where; }

private:
    template<typename T>
    static bool fits(const Json &value)
    {
        if (value.is_number_unsigned())
            return value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max());
        return value.is_number_integer() && std::is_signed_v<T>
            && value.get<int64_t>() >= static_cast<int64_t>(std::numeric_limits<T>::min());
    }

    const Json &m_object;
    std::string m_where;
};

bool isStudyFolder(const fs::path &folder)
{
    return fs::exists(folder / kStudyFileName);
}

} // namespace

const char *studyItemKindName(StudyItem::Kind kind)
{
    switch (kind) {
    case StudyItem::Kind::Scores: return "scores";
    case StudyItem::Kind::Mask: return "mask";
    case StudyItem::Kind::Attribution: return "attribution";
    case StudyItem::Kind::Sweep: return "sweep";
    case StudyItem::Kind::Comparison: return "comparison";
    case StudyItem::Kind::NoiseScan: return "noise-scan";
    }
    return "?";
}

fs::path Study::resolve(const std::string &stored) const
{
    const fs::path path(stored);
    return path.is_absolute() ? path : (folder / path).lexically_normal();
}

const StudyItem *Study::find(const std::string &name) const
{
    for (const auto &item : items)
        if (item.name == name)
            return &item;
    return nullptr;
}

std::string Study::uniqueName(const std::string &base) const
{
    std::string name = base;
    for (int n = 2; find(name); ++n)
        name = base + " (" + std::to_string(n) + ")";
    return name;
}

std::string storedPath(const fs::path &folder, const fs::path &path)
{
    const fs::path absolute = fs::absolute(path).lexically_normal();
    const fs::path relative = absolute.lexically_relative(fs::absolute(folder).lexically_normal());
    int up = 0;
    for (const auto &part : relative)
        up += part == "..";
    if (relative.empty() || up > 2)
        return absolute.string();
    return relative.generic_string();
}

Study createStudy(const fs::path &folder, const fs::path &model, const StudyData &data)
{
    if (isStudyFolder(folder))
        throw Error((folder / kStudyFileName).string() + " exists: choose an empty folder for a new study");
    std::error_code error;
    fs::create_directories(folder, error);
    if (error)
        throw Error("cannot create the study folder " + folder.string() + ": " + error.message());
    Study study;
    study.folder = folder;
    study.model = storedPath(folder, model);
    study.data = data;
    if (!data.path.empty())
        study.data.path = storedPath(folder, data.path);
    return study;
}

Study readStudy(const fs::path &folder)
{
    const fs::path file = folder / kStudyFileName;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot open " + file.string() + ": is this a study folder?");
    std::stringstream text;
    text << in.rdbuf();
    Json json;
    try {
        json = Json::parse(text.str());
    } catch (const Json::exception &e) { // a syntax error, or a number out of range (1e400)
        throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
    }
    const Reader root(json, file.string());
    if (root.get<std::string>("format", "") != kFormat)
        throw Error(file.string() + ": not a PruneScope study ('format' is not \"" + kFormat + "\")");
    if (root.get<int>("version", 0) > kVersion)
        throw Error(file.string() + ": written by a newer PruneScope (version " +
                    std::to_string(root.get<int>("version", 0)) + "); update PruneScope to open it");

    Study study;
    study.folder = folder;
    study.model = root.get<std::string>("model", "", true);
    if (json.contains("data")) {
        const Reader data(json["data"], file.string() + ": 'data'");
        study.data.path = data.get<std::string>("path", "");
        study.data.textColumn = data.get<std::string>("text_column", study.data.textColumn);
        study.data.pairColumn = data.get<std::string>("pair_column", "");
        study.data.labelColumn = data.get<std::string>("label_column", study.data.labelColumn);
        study.data.maxLength = data.get<int64_t>("max_length", study.data.maxLength);
        study.data.stride = data.get<int64_t>("stride", study.data.stride);
        if (study.data.stride < 0)
            throw Error(data.where() + ": 'stride' must be 0 (blocks) or a number of tokens, got "
                        + std::to_string(study.data.stride));
    }
    if (json.contains("settings")) {
        const Reader settings(json["settings"], file.string() + ": 'settings'");
        study.settings.device = settings.get<std::string>("device", study.settings.device);
        study.settings.precision = settings.get<std::string>("precision", study.settings.precision);
        study.settings.batchSize = settings.get<int64_t>("batch_size", study.settings.batchSize);
        study.settings.maxExamples = settings.get<int64_t>("max_examples", study.settings.maxExamples);
        study.settings.seed = settings.get<uint64_t>("seed", study.settings.seed);
    }
    const Json items = root.get<Json>("items", Json::array());
    if (!items.is_array())
        throw Error(file.string() + ": 'items' is not a list");
    for (size_t i = 0; i < items.size(); ++i) {
        const Reader entry(items[i], file.string() + ": items[" + std::to_string(i) + "]");
        StudyItem item;
        const std::string kind = entry.get<std::string>("kind", "", true);
        bool known = false;
        for (const auto k : kKinds)
            if (kind == studyItemKindName(k))
                item.kind = k, known = true;
        if (!known)
            throw Error(entry.where() + ": unknown kind '" + kind + "' (scores, mask, attribution, sweep, comparison or noise-scan)");
        item.name = entry.get<std::string>("name", "", true);
        item.file = entry.get<std::string>("file", "", true);
        if (fs::path(item.file).is_absolute() || item.file.find("..") != std::string::npos)
            throw Error(entry.where() + ": 'file' must lie inside the study folder, got '" + item.file + "'");
        item.options = entry.get<std::map<std::string, std::string>>("options", {});
        if (study.find(item.name))
            throw Error(entry.where() + ": a second item named '" + item.name + "'");
        study.items.push_back(std::move(item));
    }
    return study;
}

void writeStudy(const Study &study)
{
    Json items = Json::array();
    for (const auto &item : study.items)
        items.push_back({{"kind", studyItemKindName(item.kind)}, {"name", item.name}, {"file", item.file},
                         {"options", item.options}});
    const Json json = {
        {"format", kFormat},
        {"version", kVersion},
        {"model", study.model},
        {"data",
         {{"path", study.data.path},
          {"text_column", study.data.textColumn},
          {"pair_column", study.data.pairColumn},
          {"label_column", study.data.labelColumn},
          {"max_length", study.data.maxLength},
          {"stride", study.data.stride}}},
        {"settings",
         {{"device", study.settings.device},
          {"precision", study.settings.precision},
          {"batch_size", study.settings.batchSize},
          {"max_examples", study.settings.maxExamples},
          {"seed", study.settings.seed}}},
        {"items", items},
    };
    writeFileAtomically(study.folder / kStudyFileName, json.dump(2) + "\n");
}

std::vector<std::string> missingReferences(const Study &study)
{
    std::vector<std::string> missing;
    const std::string file = (study.folder / kStudyFileName).string();
    if (!fs::is_directory(study.modelPath()))
        missing.push_back("the checkpoint folder " + study.modelPath().string() + " ('model' in " + file +
                          ") is not there; it may have moved");
    if (!study.data.path.empty() && !fs::exists(study.dataPath()))
        missing.push_back("the data " + study.dataPath().string() + " ('data' in " + file + ") is not there; it may have moved");
    for (const auto &item : study.items)
        if (!fs::exists(study.itemPath(item)))
            missing.push_back("the " + std::string(studyItemKindName(item.kind)) + " file " + study.itemPath(item).string() +
                              " (item '" + item.name + "' in " + file + ") is not there");
    return missing;
}

Study copyStudy(const Study &study, const fs::path &to)
{
    if (fs::exists(to) && fs::equivalent(study.folder, to))
        throw Error("Save As needs another folder than the study's own (" + to.string() + ")");
    Study copy = createStudy(to, study.modelPath());
    copy.data = study.data;
    if (!study.data.path.empty())
        copy.data.path = storedPath(to, study.dataPath());
    copy.settings = study.settings;
    for (const auto &item : study.items) {
        const fs::path target = to / item.file;
        std::error_code error;
        fs::create_directories(target.parent_path(), error);
        if (!error)
            fs::copy(study.itemPath(item), target, fs::copy_options::overwrite_existing | fs::copy_options::recursive, error);
        if (error)
            throw Error("copying " + study.itemPath(item).string() + " to " + target.string() + ": " + error.message());
        copy.items.push_back(item);
    }
    writeStudy(copy);
    return copy;
}

} // namespace prunescope
