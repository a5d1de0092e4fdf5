#include "core/parallel/work_group.h"

#include "core/support/error.h"

#include <torch/torch.h>

#ifdef PRUNESCOPE_DISTRIBUTED
#ifndef USE_C10D_GLOO // LibTorch's CMake config defines it where it was built with Gloo
#define USE_C10D_GLOO
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

namespace prunescope {

namespace {

// The whole-number environment variable `name`, which must be set.
int64_t environmentNumber(const char *name, int64_t low, int64_t high)
{
    const char *text = std::getenv(name);
    if (!text || !*text)
        throw Error(std::string(name) + " is not set: a process of a group needs RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT");
    char *end = nullptr;
    const long long value = std::strtoll(text, &end, 10);
    if (*end != '\0' || value < low || value > high)
        throw Error(std::string(name) + " is '" + text + "', not a whole number from " + std::to_string(low) + " to "
                    + std::to_string(high));
    return value;
}

// Transfers stay below this many elements: a score map of a large model is sent in pieces,
// so the host holds one piece at a time beside it.
constexpr int64_t kPieceElements = int64_t(1) << 24;

} // namespace

#ifdef PRUNESCOPE_DISTRIBUTED

namespace {

const std::string kFailedKey = "prunescope/failed";

bool loopback(const std::string &host)
{
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

} // namespace

struct WorkGroup::Impl
{
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

bool WorkGroup::available()
{
    return true;
}

WorkGroup::WorkGroup(int rank, int size, std::chrono::seconds timeout)
    : m_impl(std::make_unique<Impl>())
    , m_rank(rank)
    , m_size(size)
    , m_backend("gloo")
    , m_timeout(timeout)
{
    const char *host = std::getenv("MASTER_ADDR");
    if (!host || !*host)
        throw Error("MASTER_ADDR is not set: a process of a group needs RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT");
    c10d::TCPStoreOptions options;
    options.port = uint16_t(environmentNumber("MASTER_PORT", 1, 65535));
    options.isServer = rank == 0;
    options.numWorkers = size_t(size);
    options.waitWorkers = true;
    options.timeout = timeout;
    try {
        m_impl->store = c10::make_intrusive<c10d::TCPStore>(host, options);
        auto gloo = c10d::ProcessGroupGloo::Options::create(timeout);
        // On one host the loopback interface; across hosts the one this host's name resolves to
        // (GLOO_SOCKET_IFNAME picks another, as in PyTorch).
        const char *interface = std::getenv("GLOO_SOCKET_IFNAME");
        gloo->devices.push_back(interface && *interface ? c10d::ProcessGroupGloo::createDeviceForInterface(interface)
                                : loopback(host)       ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                                       : c10d::ProcessGroupGloo::createDefaultDevice());
        m_impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(m_impl->store, rank, size, gloo);
    } catch (const std::exception &e) {
        throw Error("process " + std::to_string(rank) + " of " + std::to_string(size) + " could not join the group at "
                    + host + ":" + std::to_string(options.port) + ": " + e.what());
    }
}

void WorkGroup::rethrow(const std::exception &e) const
{
    std::string cause = e.what();
    cause = cause.substr(0, cause.find('\n')); // c10's messages go on with a C++ backtrace
    try {
        if (m_impl->store->check({kFailedKey})) {
            const auto bytes = m_impl->store->get(kFailedKey);
            throw Error(std::string(bytes.begin(), bytes.end()));
        }
    } catch (const Error &) {
        throw;
    } catch (const std::exception &) { // the store went with the first process
        throw Error("the group's first process ended (" + describe() + ": " + cause + ")");
    }
    throw Error("a process of the group ended or timed out after " + std::to_string(m_timeout.count()) + " s (" + describe()
                + ": " + cause + ")");
}

void WorkGroup::fail(const std::string &message) const noexcept
{
    try {
        const std::string text = "process " + std::to_string(m_rank) + " of " + std::to_string(m_size) + " failed: " + message;
        m_impl->store->set(kFailedKey, std::vector<uint8_t>(text.begin(), text.end()));
    } catch (...) { // the store is gone: the others learn of it from their own collectives
    }
}

namespace {

// Runs one collective and waits for it within the group's timeout.
template <typename Start>
void wait(const Start &start, std::chrono::seconds timeout)
{
    auto work = start();
    work->wait(std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
}

} // namespace

void WorkGroup::sum(std::vector<torch::Tensor> &tensors) const
{
    torch::NoGradGuard noGrad;
    try {
        // Pieces of one type, each one transfer: many small sums would each pay a round trip.
        std::map<torch::ScalarType, std::vector<torch::Tensor *>> byType;
        for (auto &t : tensors)
            byType[t.scalar_type()].push_back(&t);
        for (auto &[type, group] : byType) {
            for (size_t first = 0; first < group.size();) {
                size_t end = first;
                int64_t elements = 0;
                std::vector<torch::Tensor> flat;
                while (end < group.size() && (end == first || elements + group[end]->numel() <= kPieceElements)) {
                    flat.push_back(group[end]->reshape(-1).to(torch::kCPU));
                    elements += group[end]->numel();
                    ++end;
                }
                std::vector<torch::Tensor> joined{torch::cat(flat)};
                wait([&] { return m_impl->group->allreduce(joined); }, m_timeout);
                int64_t offset = 0;
                for (size_t i = first; i < end; ++i) {
                    torch::Tensor &t = *group[i];
                    t.copy_(joined[0].narrow(0, offset, t.numel()).view(t.sizes()));
                    offset += t.numel();
                }
                first = end;
            }
        }
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        rethrow(e);
    }
}

namespace {

// Every process's rows, in rank order: the counts first, then the rows padded to the most
// (a gather moves tensors of one shape).
std::vector<torch::Tensor> gatherEach(c10d::ProcessGroupGloo &group, const torch::Tensor &rows, int size,
                                      std::chrono::seconds timeout)
{
    const auto local = rows.to(torch::kCPU).contiguous();
    std::vector<torch::Tensor> count{torch::tensor({local.size(0)}, torch::kLong)};
    std::vector<std::vector<torch::Tensor>> counts(1);
    for (int r = 0; r < size; ++r)
        counts[0].push_back(torch::empty({1}, torch::kLong));
    wait([&] { return group.allgather(counts, count); }, timeout);
    int64_t most = 0;
    for (const auto &c : counts[0])
        most = std::max(most, c.item<int64_t>());
    auto shape = local.sizes().vec();
    shape[0] = most;
    std::vector<torch::Tensor> padded{torch::zeros(shape, local.options())};
    padded[0].narrow(0, 0, local.size(0)).copy_(local);
    std::vector<std::vector<torch::Tensor>> all(1);
    for (int r = 0; r < size; ++r)
        all[0].push_back(torch::empty(shape, local.options()));
    wait([&] { return group.allgather(all, padded); }, timeout);
    std::vector<torch::Tensor> each;
    for (int r = 0; r < size; ++r)
        each.push_back(all[0][size_t(r)].narrow(0, 0, counts[0][size_t(r)].item<int64_t>()));
    return each;
}

} // namespace

torch::Tensor WorkGroup::gatherRows(const torch::Tensor &rows) const
{
    torch::NoGradGuard noGrad;
    try {
        return torch::cat(gatherEach(*m_impl->group, rows, m_size, m_timeout)).to(rows.device());
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        rethrow(e);
    }
}

std::vector<std::string> WorkGroup::gather(const std::string &text) const
{
    try {
        const auto bytes = torch::from_blob(const_cast<char *>(text.data()), {int64_t(text.size())}, torch::kByte).clone();
        std::vector<std::string> texts;
        for (const auto &each : gatherEach(*m_impl->group, bytes, m_size, m_timeout))
            texts.emplace_back(reinterpret_cast<const char *>(each.data_ptr<uint8_t>()), size_t(each.numel()));
        return texts;
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        rethrow(e);
    }
}

#else // a LibTorch without c10d's Gloo: every process runs alone

struct WorkGroup::Impl
{};

bool WorkGroup::available()
{
    return false;
}

WorkGroup::WorkGroup(int rank, int size, std::chrono::seconds timeout)
    : m_rank(rank)
    , m_size(size)
    , m_timeout(timeout)
{
    throw Error("this build of PruneScope cannot run as a group of processes: its LibTorch has no c10d with Gloo");
}

void WorkGroup::rethrow(const std::exception &e) const
{
    throw Error(e.what());
}

void WorkGroup::fail(const std::string &) const noexcept {}

void WorkGroup::sum(std::vector<torch::Tensor> &) const {}

torch::Tensor WorkGroup::gatherRows(const torch::Tensor &rows) const
{
    return rows;
}

std::vector<std::string> WorkGroup::gather(const std::string &text) const
{
    return {text};
}

#endif

WorkGroup::~WorkGroup() = default;

std::shared_ptr<WorkGroup> WorkGroup::fromEnvironment(std::chrono::seconds timeout)
{
    if (!std::getenv("WORLD_SIZE"))
        return nullptr;
    const int size = int(environmentNumber("WORLD_SIZE", 1, 1 << 16));
    if (size == 1)
        return nullptr;
    const int rank = int(environmentNumber("RANK", 0, size - 1));
    return std::shared_ptr<WorkGroup>(new WorkGroup(rank, size, timeout));
}

torch::Device WorkGroup::deviceFor(torch::Device requested) const
{
    if (!requested.is_cuda())
        return requested;
    const char *local = std::getenv("LOCAL_RANK");
    const int64_t index = local && *local ? std::atoll(local) : m_rank;
    const int64_t gpus = int64_t(torch::cuda::device_count());
    if (index >= gpus)
        throw Error(describe() + " wants GPU " + std::to_string(index) + ", and this host has " + std::to_string(gpus));
    return {torch::kCUDA, c10::DeviceIndex(index)};
}

int WorkGroup::freePort()
{
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool bound = s >= 0 && ::bind(s, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
                       && ::getsockname(s, reinterpret_cast<sockaddr *>(&address), &length) == 0;
    const int error = errno;
    if (s >= 0)
        ::close(s);
    if (!bound)
        throw Error(std::string("no free port on the loopback interface for a group of processes: ") + std::strerror(error));
    return ntohs(address.sin_port);
}

std::string WorkGroup::describe() const
{
    return "process " + std::to_string(m_rank) + " of " + std::to_string(m_size) + " (" + m_backend + ")";
}

std::vector<size_t> WorkGroup::share(size_t count, const std::string &what) const
{
    if (count < size_t(m_size))
        throw Error("the " + what + " (" + std::to_string(count) + ") cannot be shared by " + std::to_string(m_size)
                    + " processes: give each at least one (more data, or fewer processes)");
    std::vector<size_t> mine;
    for (size_t i = size_t(m_rank); i < count; i += size_t(m_size))
        mine.push_back(i);
    return mine;
}

double WorkGroup::sum(double value) const
{
    std::vector<torch::Tensor> t{torch::tensor({value}, torch::kDouble)};
    sum(t);
    return t[0].item<double>();
}

int64_t WorkGroup::minimum(int64_t value) const
{
    const auto all = gatherRows(torch::tensor({value}, torch::kLong));
    return all.min().item<int64_t>();
}

} // namespace prunescope
