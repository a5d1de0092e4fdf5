#include "core/io/safetensors_header.h"

#include "core/support/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

namespace prunescope {

namespace {

struct DTypeInfo
{
    DType dtype;
    std::string_view name;
    uint64_t size;
};

constexpr std::array<DTypeInfo, 15> kDTypes{{
    {DType::Bool, "BOOL", 1},   {DType::U8, "U8", 1},     {DType::I8, "I8", 1},
    {DType::I16, "I16", 2},     {DType::U16, "U16", 2},   {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},   {DType::I32, "I32", 4},   {DType::U32, "U32", 4},
    {DType::F32, "F32", 4},     {DType::F64, "F64", 8},   {DType::I64, "I64", 8},
    {DType::U64, "U64", 8},     {DType::F8_E4M3, "F8_E4M3", 1},
    {DType::F8_E5M2, "F8_E5M2", 1},
}};

[[noreturn]] void fail(const std::string &fileName, const std::string &what)
{
    throw Error(fileName + ": " + what);
}

// Returns the offset of the first byte that is not part of valid UTF-8, or npos.
size_t invalidUtf8Offset(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const uint8_t c = s[i];
        size_t extra = 0;
        uint32_t min = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000;
        } else {
            return i;
        }
        uint32_t cp = c & (0x3F >> extra);
        for (size_t k = 1; k <= extra; ++k) {
            if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += extra + 1;
    }
    return std::string::npos;
}

std::vector<int64_t> readShape(const nlohmann::json &value, const std::string &where)
{
    if (!value.is_array())
        throw Error(where + ": 'shape' must be an array of non-negative integers");
    std::vector<int64_t> shape;
    for (const auto &dim : value) {
        if (!dim.is_number_unsigned())
            throw Error(where + ": 'shape' must be an array of non-negative integers");
        const auto d = dim.get<uint64_t>();
        if (d > (uint64_t(1) << 48))
            throw Error(where + ": dimension " + std::to_string(d) + " is implausibly large");
        shape.push_back(int64_t(d));
    }
    return shape;
}

TensorEntry readEntry(const std::string &name, const nlohmann::json &value)
{
    const std::string where = "tensor '" + name + "'";
    if (!value.is_object())
        throw Error(where + ": entry is not a JSON object");
    for (const char *key : {"dtype", "shape", "data_offsets"})
        if (!value.contains(key))
            throw Error(where + ": missing '" + key + "'");

    TensorEntry entry;
    entry.name = name;
    const auto &dtype = value["dtype"];
    if (!dtype.is_string())
        throw Error(where + ": 'dtype' must be a string");
    const auto parsed = dtypeFromName(dtype.get<std::string>());
    if (!parsed)
        throw Error(where + ": unknown dtype '" + dtype.get<std::string>() + "'");
    entry.dtype = *parsed;
    entry.shape = readShape(value["shape"], where);

    const auto &offsets = value["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned()
        || !offsets[1].is_number_unsigned())
        throw Error(where + ": 'data_offsets' must be two non-negative integers [begin, end]");
    entry.begin = offsets[0].get<uint64_t>();
    entry.end = offsets[1].get<uint64_t>();
    if (entry.end < entry.begin)
        throw Error(where + ": data_offsets end " + std::to_string(entry.end) + " is before begin "
                    + std::to_string(entry.begin));

    // Compare byte counts without overflowing: elements * itemsize against end - begin.
    const uint64_t bytes = entry.end - entry.begin;
    const uint64_t itemSize = dtypeSize(entry.dtype);
    uint64_t elements = 1;
    bool overflow = false;
    const bool empty = std::find(entry.shape.begin(), entry.shape.end(), 0) != entry.shape.end();
    for (int64_t d : entry.shape) {
        if (!empty && elements > UINT64_MAX / uint64_t(d) / itemSize)
            overflow = true;
        elements = empty ? 0 : elements * uint64_t(d);
    }
    if (overflow || elements * itemSize != bytes)
        throw Error(where + ": " + std::to_string(bytes) + " bytes of data do not match shape "
                    + nlohmann::json(entry.shape).dump() + " of " + std::string(dtypeName(entry.dtype)));
    return entry;
}

std::map<std::string, std::string> readMetadata(const nlohmann::json &value)
{
    if (!value.is_object())
        throw Error("'__metadata__' must be an object of strings");
    std::map<std::string, std::string> metadata;
    for (const auto &[key, item] : value.items()) {
        if (!item.is_string())
            throw Error("'__metadata__' value of '" + key + "' is not a string");
        metadata[key] = item.get<std::string>();
    }
    return metadata;
}

// The entries, sorted by offset, must cover [0, dataSize) with no gap and no overlap.
void checkTiling(std::vector<TensorEntry> &tensors, uint64_t dataSize)
{
    std::sort(tensors.begin(), tensors.end(), [](const TensorEntry &a, const TensorEntry &b) {
        return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
    });
    uint64_t expected = 0;
    const TensorEntry *previous = nullptr;
    for (const auto &t : tensors) {
        if (t.begin < expected)
            throw Error("tensors '" + previous->name + "' and '" + t.name + "' overlap (bytes "
                        + std::to_string(t.begin) + ".." + std::to_string(expected) + ")");
        if (t.begin > expected)
            throw Error("gap of " + std::to_string(t.begin - expected) + " bytes before tensor '"
                        + t.name + "' (data_offsets begin " + std::to_string(t.begin) + ", expected "
                        + std::to_string(expected) + ")");
        if (t.end > dataSize)
            throw Error("tensor '" + t.name + "' ends at byte " + std::to_string(t.end)
                        + " of the data, past the end of the file (" + std::to_string(dataSize)
                        + " data bytes)");
        expected = t.end;
        previous = &t;
    }
    if (expected != dataSize)
        throw Error(std::to_string(dataSize - expected) + " trailing bytes after the last tensor");
}

} // namespace

std::optional<DType> dtypeFromName(std::string_view name)
{
    for (const auto &info : kDTypes)
        if (info.name == name)
            return info.dtype;
    return std::nullopt;
}

std::string_view dtypeName(DType dtype)
{
    return kDTypes[size_t(dtype)].name;
}

uint64_t dtypeSize(DType dtype)
{
    return kDTypes[size_t(dtype)].size;
}

uint64_t TensorEntry::elementCount() const
{
    uint64_t n = 1;
    for (int64_t d : shape)
        n *= uint64_t(d);
    return n;
}

SafetensorsHeader parseSafetensorsHeader(const uint8_t *bytes, uint64_t available,
                                         uint64_t fileSize, const std::string &fileName)
{
    if (fileSize < 8 || available < 8)
        fail(fileName, "file is " + std::to_string(fileSize)
                           + " bytes, too short to hold the 8-byte header length");
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | bytes[i];
    if (length > kMaxHeaderLength)
        fail(fileName, "header length " + std::to_string(length) + " exceeds the limit of "
                           + std::to_string(kMaxHeaderLength) + " bytes");
    if (8 + length > fileSize || 8 + length > available)
        fail(fileName, "header length " + std::to_string(length) + " runs past the end of the file ("
                           + std::to_string(fileSize) + " bytes)");
    const uint8_t *text = bytes + 8;
    if (length == 0 || text[0] != '{')
        fail(fileName, "header does not start with '{'");
    if (const size_t bad = invalidUtf8Offset(text, length); bad != std::string::npos)
        fail(fileName, "header is not valid UTF-8 (byte " + std::to_string(8 + bad) + ")");
    // nlohmann's lexer stops at a NUL byte as if the input ended there; the format
    // allows only spaces after the JSON object.
    if (const void *nul = std::memchr(text, 0, length))
        fail(fileName, "header is not valid JSON: NUL byte at byte "
                           + std::to_string(8 + (static_cast<const uint8_t *>(nul) - text)));

    // nlohmann keeps the last of duplicate keys silently, so watch keys at the top level.
    std::set<std::string> seen;
    std::string duplicate;
    const auto watchKeys = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json &parsed) {
        if (depth == 1 && event == nlohmann::json::parse_event_t::key && duplicate.empty()
            && !seen.insert(parsed.get<std::string>()).second)
            duplicate = parsed.get<std::string>();
        return true;
    };
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text, text + length, watchKeys);
    } catch (const nlohmann::json::exception &e) {
        fail(fileName, std::string("header is not valid JSON: ") + e.what());
    }
    if (!duplicate.empty())
        fail(fileName, "tensor name '" + duplicate + "' appears twice in the header");
    if (!json.is_object())
        fail(fileName, "header is not a JSON object");

    SafetensorsHeader header;
    header.dataStart = 8 + length;
    try {
        for (const auto &[name, value] : json.items()) {
            if (name == "__metadata__")
                header.metadata = readMetadata(value);
            else
                header.tensors.push_back(readEntry(name, value));
        }
        checkTiling(header.tensors, fileSize - header.dataStart);
    } catch (const Error &e) {
        rethrowWithContext(fileName, e);
    }
    return header;
}

} // namespace prunescope
