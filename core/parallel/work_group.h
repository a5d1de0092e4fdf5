// Processes that share one job (DESIGN.md, "Devices"): several GPUs of a host, or several
// processes on CPUs, started as torchrun starts them (RANK, WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT; LOCAL_RANK picks the GPU) or by `prunescope-cli ... --gpus N`. They talk
// through PyTorch's c10d process groups over a TCP store on the first process's host.
//
// The jobs use a group in two ways: data parallel (each process reads its share of the
// batches and the sums are added across the group) and job parallel (each process takes
// whole pieces of a sweep and the first one gathers them). Either way every process ends
// with the same result, and only the first one (the leader) writes it.
//
// Nothing waits forever: every collective gives up after the group's timeout, and a
// process that fails posts its message in the store before it ends, so that the others
// stop with that message instead of a bare "connection closed".
#pragma once

#include <torch/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace prunescope {

class WorkGroup
{
public:
    static constexpr std::chrono::seconds kDefaultTimeout{600};

    // The group this process was started in, joined now; null where it runs alone (no
    // WORLD_SIZE in the environment, or 1). Throws naming the variable that is missing or wrong.
    static std::shared_ptr<WorkGroup> fromEnvironment(std::chrono::seconds timeout = kDefaultTimeout);
    // Whether this build can form groups (LibTorch with c10d and Gloo).
    static bool available();
    // A TCP port of the loopback interface that is free now: MASTER_PORT for a group of
    // processes on one host.
    static int freePort();

    ~WorkGroup();
    WorkGroup(const WorkGroup &) = delete;
    WorkGroup &operator=(const WorkGroup &) = delete;

    int rank() const { return m_rank; }
    int size() const { return m_size; }
    bool leads() const { return m_rank == 0; }
    const std::string &backend() const { return m_backend; }
    // "rank 1 of 2 (gloo)", for messages and provenance.
    std::string describe() const;

    // The device this process works on when `requested` is asked for: on cuda, the GPU of
    // LOCAL_RANK (the rank where it is unset); elsewhere `requested`.
    torch::Device deviceFor(torch::Device requested) const;

    // The indices of `count` items that this process takes: rank, rank + size, ... Throws
    // when there are fewer items than processes (`what` names them: "scoring batches").
    std::vector<size_t> share(size_t count, const std::string &what) const;
    template <typename T>
    std::vector<T> shareOf(const std::vector<T> &items, const std::string &what) const
    {
        std::vector<T> mine;
        for (const size_t i : share(items.size(), what))
            mine.push_back(items[i]);
        return mine;
    }

    // Collectives: every process calls them in the same order with tensors of the same
    // shapes. Tensors may live on any device; the result is where the tensor was.
    void sum(std::vector<torch::Tensor> &tensors) const; // each summed over the group, in place
    double sum(double value) const;
    int64_t minimum(int64_t value) const;
    // Every process's rows (dimension 0; the rest of the shape alike), in rank order.
    torch::Tensor gatherRows(const torch::Tensor &rows) const;
    // Every process's text, in rank order.
    std::vector<std::string> gather(const std::string &text) const;

    // Posts this process's failure for the others to report; call before the process ends.
    void fail(const std::string &message) const noexcept;

private:
    struct Impl;
    WorkGroup(int rank, int size, std::chrono::seconds timeout);
    [[noreturn]] void rethrow(const std::exception &e) const;

    std::unique_ptr<Impl> m_impl;
    int m_rank = 0, m_size = 1;
    std::string m_backend;
    std::chrono::seconds m_timeout;
};

} // namespace prunescope
