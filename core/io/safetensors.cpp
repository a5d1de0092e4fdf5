#include "core/io/safetensors.h"

#include "core/io/atomic_file.h"
#include "core/io/safetensors_writing.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace prunescope {

// A read-only view of a whole file. MAP_PRIVATE with write access makes stray in-place
// writes into tensors that alias the mapping copy-on-write instead of crashing.
class MappedFile
{
public:
    explicit MappedFile(const std::filesystem::path &path)
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw Error(path.string() + ": cannot open (" + std::strerror(errno) + ")");
        struct stat st = {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            throw Error(path.string() + ": not a regular file");
        }
        m_size = uint64_t(st.st_size);
        if (m_size > 0) {
            void *data = ::mmap(nullptr, m_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
            if (data == MAP_FAILED) {
                ::close(fd);
                throw Error(path.string() + ": cannot map (" + std::strerror(errno) + ")");
            }
            m_data = static_cast<uint8_t *>(data);
        }
        ::close(fd);
    }
    ~MappedFile()
    {
        if (m_data)
            ::munmap(m_data, m_size);
    }
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    uint8_t *data() const { return m_data; }
    uint64_t size() const { return m_size; }

private:
    uint8_t *m_data = nullptr;
    uint64_t m_size = 0;
};

namespace {

std::optional<torch::ScalarType> directType(DType dtype)
{
    switch (dtype) {
    case DType::Bool: return torch::kBool;
    case DType::U8: return torch::kUInt8;
    case DType::I8: return torch::kInt8;
    case DType::I16: return torch::kInt16;
    case DType::F16: return torch::kHalf;
    case DType::BF16: return torch::kBFloat16;
    case DType::I32: return torch::kInt32;
    case DType::F32: return torch::kFloat;
    case DType::F64: return torch::kDouble;
    case DType::I64: return torch::kLong;
    default: return std::nullopt;
    }
}

// IEEE-style decoding of the two OCP float8 formats (E4M3 "fn": no infinities, S.1111.111
// is NaN; E5M2: IEEE rules).
float decodeFloat8(uint8_t v, bool e4m3)
{
    const int sign = (v & 0x80) ? -1 : 1;
    const int expBits = e4m3 ? 4 : 5, manBits = e4m3 ? 3 : 2, bias = e4m3 ? 7 : 15;
    const int exponent = (v >> manBits) & ((1 << expBits) - 1);
    const int mantissa = v & ((1 << manBits) - 1);
    if (e4m3 && exponent == 15 && mantissa == 7)
        return NAN;
    if (!e4m3 && exponent == 31)
        return mantissa ? NAN : sign * INFINITY;
    if (exponent == 0)
        return sign * std::ldexp(float(mantissa), 1 - bias - manBits);
    return sign * std::ldexp(float(mantissa + (1 << manBits)), exponent - bias - manBits);
}

template<typename From, typename To>
torch::Tensor widen(const uint8_t *data, const TensorEntry &entry, torch::ScalarType type)
{
    auto out = torch::empty(entry.shape, torch::TensorOptions().dtype(type));
    To *dst = out.data_ptr<To>();
    const uint64_t n = entry.elementCount();
    for (uint64_t i = 0; i < n; ++i) {
        From v;
        std::memcpy(&v, data + i * sizeof(From), sizeof(From));
        if (uint64_t(v) > uint64_t(std::numeric_limits<To>::max()))
            throw Error("tensor '" + entry.name + "': value " + std::to_string(v) + " of "
                        + std::string(dtypeName(entry.dtype)) + " does not fit a signed type");
        dst[i] = To(v);
    }
    return out;
}

} // namespace

std::unique_ptr<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path &path)
{
    std::unique_ptr<SafetensorsFile> file(new SafetensorsFile);
    file->m_path = path;
    file->m_mapping = std::make_shared<MappedFile>(path);
    const auto &map = *file->m_mapping;
    file->m_header = parseSafetensorsHeader(map.data(), map.size(), map.size(), path.string());
    return file;
}

const TensorEntry *SafetensorsFile::find(const std::string &name) const
{
    for (const auto &t : m_header.tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

std::vector<std::string> SafetensorsFile::names() const
{
    std::vector<std::string> names;
    for (const auto &t : m_header.tensors)
        names.push_back(t.name);
    std::sort(names.begin(), names.end());
    return names;
}

void SafetensorsFile::release(const std::string &name) const
{
    const TensorEntry *entry = find(name);
    if (!entry)
        throw Error(m_path.string() + ": no tensor named '" + name + "'");
    const auto page = uint64_t(::sysconf(_SC_PAGESIZE));
    const uint64_t begin = (m_header.dataStart + entry->begin + page - 1) / page * page; // whole pages inside it
    const uint64_t end = (m_header.dataStart + entry->end) / page * page;
    if (end > begin)
        ::madvise(m_mapping->data() + begin, end - begin, MADV_DONTNEED);
}

torch::Tensor SafetensorsFile::tensor(const std::string &name) const
{
    const TensorEntry *entry = find(name);
    if (!entry)
        throw Error(m_path.string() + ": no tensor named '" + name + "'");
    const uint8_t *data = m_mapping->data() + m_header.dataStart + entry->begin;

    if (const auto type = directType(entry->dtype)) {
        const uint64_t itemSize = dtypeSize(entry->dtype);
        if (reinterpret_cast<uintptr_t>(data) % itemSize != 0 || entry->elementCount() == 0) {
            auto out = torch::empty(entry->shape, torch::TensorOptions().dtype(*type));
            if (entry->end > entry->begin) // an empty tensor has no storage to copy into
                std::memcpy(out.data_ptr(), data, entry->end - entry->begin);
            return out;
        }
        auto keepAlive = m_mapping;
        return torch::from_blob(const_cast<uint8_t *>(data), entry->shape,
                                [keepAlive](void *) mutable { keepAlive.reset(); },
                                torch::TensorOptions().dtype(*type));
    }
    try {
        switch (entry->dtype) {
        case DType::U16: return widen<uint16_t, int32_t>(data, *entry, torch::kInt32);
        case DType::U32: return widen<uint32_t, int64_t>(data, *entry, torch::kLong);
        case DType::U64: return widen<uint64_t, int64_t>(data, *entry, torch::kLong);
        case DType::F8_E4M3:
        case DType::F8_E5M2: {
            auto out = torch::empty(entry->shape, torch::kFloat);
            float *dst = out.data_ptr<float>();
            for (uint64_t i = 0; i < entry->elementCount(); ++i)
                dst[i] = decodeFloat8(data[i], entry->dtype == DType::F8_E4M3);
            return out;
        }
        default: break;
        }
    } catch (const Error &e) {
        rethrowWithContext(m_path.string(), e);
    }
    throw Error(m_path.string() + ": tensor '" + name + "' has dtype "
                + std::string(dtypeName(entry->dtype)) + ", which cannot be converted");
}

torch::Tensor SafetensorsFile::tensor(const std::string &name, torch::ScalarType type) const
{
    auto t = tensor(name);
    if (t.scalar_type() == type)
        return t;
    if (torch::isFloatingType(type) && t.scalar_type() == torch::kBool)
        throw Error(m_path.string() + ": tensor '" + name + "' is BOOL, expected a floating-point tensor");
    return t.to(type);
}

DType dtypeOf(torch::ScalarType type, const std::string &tensorName)
{
    switch (type) {
    case torch::kBool: return DType::Bool;
    case torch::kUInt8: return DType::U8;
    case torch::kInt8: return DType::I8;
    case torch::kInt16: return DType::I16;
    case torch::kHalf: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt32: return DType::I32;
    case torch::kFloat: return DType::F32;
    case torch::kDouble: return DType::F64;
    case torch::kLong: return DType::I64;
    default:
        throw Error("tensor '" + tensorName + "': dtype " + std::string(c10::toString(type))
                    + " cannot be written to safetensors");
    }
}

void writeSafetensors(const std::filesystem::path &path, const NamedTensors &tensors,
                      const std::map<std::string, std::string> &metadata)
{
    struct Item
    {
        const std::string *name;
        torch::Tensor data;
        DType dtype;
    };
    std::vector<Item> items;
    std::set<std::string> names;
    for (const auto &[name, tensor] : tensors) // brought to the host one at a time, below
        items.push_back({&name, tensor.detach(), checkedEntry(path, name, tensor, names)});
    // Largest alignment first, then by name, so every tensor starts aligned.
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        const auto sa = dtypeSize(a.dtype), sb = dtypeSize(b.dtype);
        return sa != sb ? sa > sb : *a.name < *b.name;
    });

    std::vector<TensorEntry> entries;
    uint64_t offset = 0;
    for (const auto &item : items) {
        const uint64_t bytes = uint64_t(item.data.numel()) * dtypeSize(item.dtype);
        entries.push_back({*item.name, item.dtype, item.data.sizes().vec(), offset, offset + bytes});
        offset += bytes;
    }
    const std::string prefix = safetensorsPrefix(entries, metadata, path);

    AtomicFile out(path);
    out.write(prefix);
    torch::Tensor staging; // a GPU tensor's bytes land here: pinned host memory, reused
    for (const auto &item : items) {
        torch::Tensor host = item.data.contiguous();
        if (!host.is_cpu()) {
            const auto bytes = int64_t(host.numel()) * int64_t(dtypeSize(item.dtype));
            if (!staging.defined() || staging.numel() < bytes)
                staging = torch::empty({bytes}, torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(true));
            host = staging.slice(0, 0, bytes).view(host.scalar_type()).view(host.sizes()).copy_(host);
        }
        out.write(host.data_ptr(), uint64_t(host.numel()) * dtypeSize(item.dtype));
    }
    out.commit();
}

DType checkedEntry(const std::filesystem::path &path, const std::string &name, const torch::Tensor &tensor,
                   std::set<std::string> &names)
{
    if (name == "__metadata__")
        throw Error(path.string() + ": '__metadata__' is reserved and cannot name a tensor");
    if (!names.insert(name).second)
        throw Error(path.string() + ": tensor name '" + name + "' given twice");
    try {
        return dtypeOf(tensor.scalar_type(), name);
    } catch (const Error &e) {
        rethrowWithContext(path.string(), e);
    }
}

std::string safetensorsPrefix(const std::vector<TensorEntry> &entries, const std::map<std::string, std::string> &metadata,
                              const std::filesystem::path &path)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    for (const auto &e : entries)
        header[e.name] = {{"dtype", dtypeName(e.dtype)}, {"shape", e.shape}, {"data_offsets", {e.begin, e.end}}};
    std::string text;
    try {
        text = header.dump();
    } catch (const nlohmann::json::exception &) {
        throw Error(path.string() + ": a tensor name or metadata string is not valid UTF-8");
    }
    text.append((8 - (8 + text.size()) % 8) % 8, ' ');
    std::string prefix(8, '\0');
    for (int i = 0; i < 8; ++i)
        prefix[size_t(i)] = char((uint64_t(text.size()) >> (8 * i)) & 0xFF);
    return prefix + text;
}

NamedTensors readAllTensors(const std::filesystem::path &path)
{
    const auto file = SafetensorsFile::open(path);
    NamedTensors out;
    for (const auto &name : file->names())
        out.emplace_back(name, file->tensor(name).clone());
    return out;
}

} // namespace prunescope
