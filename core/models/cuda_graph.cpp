#include "core/models/cuda_graph.h"

#include "core/support/error.h"

#include <chrono>
#include <map>
#include <mutex>

#ifdef PRUNESCOPE_CUDA
#include <ATen/autocast_mode.h>
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif

namespace prunescope {

#ifdef PRUNESCOPE_CUDA

namespace {

// One stream a device for every capture: what a stream sets up on its first use (cuBLAS's
// workspace for it) is set up once, not each run.
c10::cuda::CUDAStream sideStream(torch::Device device)
{
    static std::mutex mutex;
    static std::map<c10::DeviceIndex, c10::cuda::CUDAStream> streams;
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = streams.find(device.index());
    if (it == streams.end())
        it = streams.emplace(device.index(), c10::cuda::getStreamFromPool(/*isHighPriority=*/false, device.index())).first;
    return it->second;
}

} // namespace

struct CapturedPass::State
{
    explicit State(torch::Device device)
        : side(sideStream(device))
    {
    }
    c10::cuda::CUDAStream side;
    std::unique_ptr<at::cuda::CUDAGraph> graph = std::make_unique<at::cuda::CUDAGraph>();
    bool captured = false;
};

bool CapturedPass::available(torch::Device device)
{
    return device.is_cuda();
}

CapturedPass::CapturedPass(torch::Device device)
    : m_state(std::make_unique<State>(device))
{
}

CapturedPass::~CapturedPass()
{
    if (m_state->captured) // a replay may still run: its graph and memory pool go when it is done
        c10::cuda::getCurrentCUDAStream(m_state->side.device_index()).synchronize();
}

CapturedPass::Times CapturedPass::timed(const std::function<void()> &work)
{
    at::cuda::CUDAEvent start(cudaEventDefault), end(cudaEventDefault);
    const auto stream = c10::cuda::getCurrentCUDAStream(m_state->side.device_index());
    start.record(stream);
    const auto hostStart = std::chrono::steady_clock::now();
    work();
    const double host = std::chrono::duration<double>(std::chrono::steady_clock::now() - hostStart).count();
    end.record(stream);
    end.synchronize();
    return {host, double(start.elapsed_time(end)) / 1e3};
}

bool CapturedPass::roomFor(int64_t bytes) const
{
    size_t free = 0, total = 0;
    return cudaMemGetInfo(&free, &total) == cudaSuccess && int64_t(free) >= bytes;
}

std::string CapturedPass::capture(const std::function<void()> &pass)
{
    // Autocast's cast weights must be cast inside the graph, not taken from a cache.
    const bool cached = at::autocast::is_autocast_cache_enabled();
    at::autocast::set_autocast_cache_enabled(false);
    std::string failure;
    try {
        // The side stream starts after the caller's work (recording runs nothing, but the
        // stream's own setup, such as a first cuBLAS workspace, does).
        at::cuda::CUDAEvent callerDone;
        callerDone.record(c10::cuda::getCurrentCUDAStream(m_state->side.device_index()));
        callerDone.block(m_state->side);
        const c10::cuda::CUDAStreamGuard onSide(m_state->side);
        m_state->graph->capture_begin();
        try {
            pass();
        } catch (...) {
            try {
                m_state->graph->capture_end(); // ends the stream's capture; the graph is invalid
            } catch (const std::exception &) {
            }
            throw;
        }
        m_state->graph->capture_end();
        m_state->captured = true;
    } catch (const std::exception &e) {
        const std::string what = e.what();
        failure = what.substr(0, what.find('\n'));
    }
    at::autocast::set_autocast_cache_enabled(cached);
    if (!failure.empty())
        release();
    return failure;
}

bool CapturedPass::captured() const
{
    return m_state->captured;
}

void CapturedPass::replay()
{
    if (!m_state->captured)
        throw Error("internal: a pass replayed before it was captured");
    m_state->graph->replay();
}

void CapturedPass::release()
{
    c10::cuda::getCurrentCUDAStream(m_state->side.device_index()).synchronize();
    m_state->graph = std::make_unique<at::cuda::CUDAGraph>(); // the old one's pool goes back to the allocator
    m_state->captured = false;
}

#else

struct CapturedPass::State
{
};

bool CapturedPass::available(torch::Device)
{
    return false;
}

CapturedPass::CapturedPass(torch::Device device)
{
    throw Error("CUDA graphs need a build against a LibTorch with CUDA, not for " + device.str());
}

CapturedPass::~CapturedPass() = default;

CapturedPass::Times CapturedPass::timed(const std::function<void()> &work)
{
    work();
    return {};
}

bool CapturedPass::roomFor(int64_t) const
{
    return false;
}

std::string CapturedPass::capture(const std::function<void()> &)
{
    return "no CUDA graphs in this build";
}

bool CapturedPass::captured() const
{
    return false;
}

void CapturedPass::replay()
{
}

void CapturedPass::release()
{
}

#endif

} // namespace prunescope
