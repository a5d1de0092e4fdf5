// PruneScope's own runtime for the graphs OnnxGraph holds: every node, and every group of
// nodes that one kernel computes (a linear layer, an activation, attention), run with
// LibTorch on any device. The graph OnnxWriter writes from a masked model has its pruned heads
// and neurons physically gone, so this runs the pruned model at its own size on a GPU, where
// ONNX Runtime has only its CPU provider. Values that depend on nothing but the inputs'
// shapes (positions, shapes, transposed weights) are computed once per shape; on a GPU a
// CUDA graph then replays the whole pass with one launch. In bfloat16 and float16 the widths
// between linear layers that are no multiple of 8 (a pruned FFN's) are padded with zero units
// as the graph is loaded, an exact change that keeps the products on the tensor cores' fast
// paths: the file stays as small as the mask makes it.
#pragma once

#include "core/io/safetensors.h"
#include "core/models/onnx_graph.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace prunescope {

class GraphRunner
{
public:
    // The graph's weights are copied to `device` (the graph itself is not kept).
    GraphRunner(const OnnxGraph &graph, torch::Device device);
    ~GraphRunner();
    GraphRunner(const GraphRunner &) = delete;
    GraphRunner &operator=(const GraphRunner &) = delete;

    torch::Device device() const { return m_device; }

    // The graph's outputs (by their names) for `inputs` by the graph's input names; inputs the
    // graph does not take are ignored, one it takes and is not given is an error naming it.
    NamedTensors run(const NamedTensors &inputs);

    // For repeated passes of one shape: captures the pass as a CUDA graph (on a GPU) after one
    // eager pass. Returns an empty string, or why it was not captured (then pass() runs eagerly).
    // The passes over these inputs leave out an attention bias that is all zero, and let the
    // attention kernel apply one that is exactly the causal mask (attentionBiases()), so that
    // the fused kernels without a mask run (flash attention on a GPU).
    std::string prepare(const NamedTensors &inputs);
    // One pass over the prepared inputs (a CUDA graph's replay, or the eager pass), waited for:
    // its milliseconds, on a GPU by events on its stream. The outputs stay where it wrote them.
    double timedPass();
    bool captured() const;
    // The outputs of the last pass over the prepared inputs.
    NamedTensors outputs() const;
    // How many steps of each type a pass runs: an operator, a group of nodes run as one
    // kernel ("Linear", "Attention"), or a fused pair ("AddLayerNorm").
    std::map<std::string, int64_t> stepCounts() const;
    // The Attention steps by how the prepared passes apply their bias: "as given", "none"
    // (all zero), "causal" (the kernel's own causal mask).
    std::map<std::string, int64_t> attentionBiases() const;
    // The zero units the runner added to widths between linear layers (a pruned FFN's) that
    // were no multiple of 8, in a bfloat16 or float16 graph: the tensor cores' fast paths.
    int64_t paddedUnits() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
    torch::Device m_device;
};

// Milliseconds of each runner's passes over its prepared inputs, the runners taking turns
// pass by pass: `warmups` untimed rounds, then `repeats` timed ones.
std::vector<std::vector<double>> timeRunners(const std::vector<GraphRunner *> &runners, int repeats, int warmups);

} // namespace prunescope
