// A pass of fixed shapes run as one CUDA graph. Eager LibTorch launches every kernel of a
// forward and backward pass from the host, hundreds per layer; at small batches the GPU
// waits on those launches. Captured once, the pass replays with one launch, reading new
// values from the same input tensors and writing to the same outputs. Only in a build
// against a LibTorch with CUDA; elsewhere available() is false.
#pragma once

#include <torch/types.h>

#include <functional>
#include <memory>
#include <string>

namespace prunescope {

class CapturedPass
{
public:
    static bool available(torch::Device device);

    // Eager work, timed passes and replays run on the caller's stream, with the caller's
    // cached memory; only the capture is recorded on a stream of its own (graphs cannot be
    // captured on the default stream). The destructor waits for a replay still running.
    explicit CapturedPass(torch::Device device);
    ~CapturedPass();
    CapturedPass(const CapturedPass &) = delete;
    CapturedPass &operator=(const CapturedPass &) = delete;

    // Seconds the host spends queueing `work`, and the GPU running it (events on the
    // caller's stream; waits for it). Where the GPU finishes long after the host, the GPU is the limit.
    struct Times
    {
        double host = 0, gpu = 0;
    };
    Times timed(const std::function<void()> &work);
    // Whether the driver has `bytes` free: a graph's memory pool is its own, and cannot use
    // what the eager passes left in the allocator's cache.
    bool roomFor(int64_t bytes) const;

    // Records `pass` without running it. Returns why it could not be captured (an operation
    // that reads the GPU from the host, the memory), or an empty string.
    std::string capture(const std::function<void()> &pass);
    bool captured() const;
    // Runs the captured pass once more, queued behind the work before it.
    void replay();
    // Frees the graph; eager passes go on on the same stream.
    void release();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace prunescope
