#include "core/io/atomic_file.h"

#include "core/support/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace prunescope {

namespace {

std::string systemError(const std::filesystem::path &path, const char *what)
{
    return path.string() + ": " + what + " (" + std::strerror(errno) + ")";
}

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target)
    : m_target(std::move(target))
{
    const auto folder = m_target.has_parent_path() ? m_target.parent_path() : std::filesystem::path(".");
    std::random_device random;
    for (int attempt = 0; attempt < 8 && m_fd < 0; ++attempt) {
        m_temporary = folder / ("." + m_target.filename().string() + ".tmp-" + std::to_string(random()));
        m_fd = ::open(m_temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (m_fd < 0 && errno != EEXIST)
            break;
    }
    if (m_fd < 0)
        throw Error(cannotWriteIn(folder, std::error_code(errno, std::generic_category())) + " (writing " +
                    m_target.filename().string() + ")");
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::write(const void *data, uint64_t size)
{
    const auto *bytes = static_cast<const uint8_t *>(data);
    while (size > 0) {
        const ssize_t written = ::write(m_fd, bytes, size_t(std::min<uint64_t>(size, 1u << 30)));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            const std::string message = systemError(m_target, "write failed");
            discard();
            throw Error(message);
        }
        bytes += written;
        size -= uint64_t(written);
    }
}

void AtomicFile::commit()
{
    if (::fsync(m_fd) != 0 || ::close(m_fd) != 0) {
        m_fd = -1;
        const std::string message = systemError(m_target, "cannot flush to disk");
        discard();
        throw Error(message);
    }
    m_fd = -1;
    std::error_code error;
    std::filesystem::rename(m_temporary, m_target, error);
    if (error) {
        discard();
        throw Error(m_target.string() + ": cannot rename the finished file into place (" + error.message() + ")");
    }
    m_temporary.clear();
}

void AtomicFile::discard() noexcept
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (!m_temporary.empty()) {
        std::error_code ignored;
        std::filesystem::remove(m_temporary, ignored);
        m_temporary.clear();
    }
}

std::string cannotWriteIn(const std::filesystem::path &folder, const std::error_code &error)
{
    const int code = error.value();
    const bool permission = error.category() == std::generic_category() || error.category() == std::system_category()
                                ? code == EACCES || code == EPERM || code == EROFS
                                : false;
    const std::string reason = code == EACCES ? std::string("permission denied")
                               : permission   ? "permission denied (" + error.message() + ")"
                                              : error.message();
    return "cannot write in " + folder.string() + ": " + reason;
}

void writeFileAtomically(const std::filesystem::path &path, std::string_view text)
{
    AtomicFile file(path);
    file.write(text);
    file.commit();
}

std::string readTextFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot open the file");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace prunescope
