// An ONNX graph built node by node: kept in memory as plain nodes, weights and value
// descriptions, written as an ONNX model (protobuf, by the encoder in onnx_graph.cpp) and,
// in a build with Debian's libonnx, checked by ONNX's own checker and strict shape
// inference before it is written: a graph that passes there loads in any runtime that has
// the opset. GraphRunner (graph_runner.h) runs the same graph with LibTorch on any device.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace prunescope {

// Whether this build checks the graphs it writes with ONNX's checker and shape inference
// (it was built with libonnx-dev). `export --mode onnx` needs it.
bool onnxAvailable();

// ONNX opset of every graph PruneScope writes: 17 has LayerNormalization.
inline constexpr int64_t kOnnxOpset = 17;

// Weights of more than this many bytes in all go to a file beside the model (ONNX's external
// data): one protobuf message cannot exceed 2 GB.
inline constexpr uint64_t kOnnxInlineBytes = uint64_t(1) << 30;

// ONNX's number for an element type (TensorProto.DataType: 1 float, 10 float16, 16 bfloat16,
// 7 int64, 9 bool), as Cast's "to" takes it, and back.
int64_t onnxElementType(torch::ScalarType type);
torch::ScalarType scalarTypeOf(int64_t onnxType);

// A node attribute: an integer, a float, a list of integers, or a string.
struct OnnxAttribute
{
    std::string name;
    std::variant<int64_t, float, std::vector<int64_t>, std::string> value;
};

// An axis of a graph input or output: a fixed size, or a name ("batch", "sequence") that
// leaves it free and ties it to the other axes of that name.
using OnnxDim = std::variant<int64_t, std::string>;

struct OnnxNode
{
    std::string type;   // the operator: "MatMul", "LayerNormalization", ...
    std::string output; // one output each, also the node's name
    std::vector<std::string> inputs;
    std::vector<OnnxAttribute> attributes;
};

// A graph input or output.
struct OnnxValue
{
    std::string name;
    torch::ScalarType type = torch::kFloat32;
    std::vector<OnnxDim> shape;
};

// Nodes [first, last] that compute together what one fused kernel can (a linear layer,
// an activation, attention): written to ONNX as those nodes, run by GraphRunner as one
// step. The nodes read only the group's inputs and constants, and `last` gives its output.
struct OnnxGroup
{
    std::string type; // "Linear", "Activation", "Attention"
    std::vector<std::string> inputs;
    std::vector<OnnxAttribute> attributes;
    size_t first = 0, last = 0;
};

class OnnxGraph
{
public:
    // `floatType`: float32 or float16 for a file; bfloat16 too for GraphRunner.
    OnnxGraph(const std::string &name, torch::ScalarType floatType);
    ~OnnxGraph();
    OnnxGraph(const OnnxGraph &) = delete;
    OnnxGraph &operator=(const OnnxGraph &) = delete;

    // The float type the graph computes in.
    torch::ScalarType floatType() const { return m_floatType; }
    // The float type's lowest finite value, which blocks an attention position.
    double lowest() const;

    // A graph input; returns its value name.
    std::string input(const std::string &name, torch::ScalarType type, const std::vector<OnnxDim> &shape);
    // Makes `value` the graph output `name` (through an Identity when the names differ).
    void output(const std::string &value, const std::string &name, torch::ScalarType type,
                const std::vector<OnnxDim> &shape);
    // A weight stored in the graph, converted to `floatType()` when it is floating point;
    // `name` is kept (made unique), so the file reads like the checkpoint.
    std::string weight(const std::string &name, const torch::Tensor &tensor);
    // A constant stored in its own type (float32 where the graph computes in float16: rotary
    // frequencies, a norm's epsilon), not counted as a parameter.
    std::string constant(const torch::Tensor &tensor);
    // Small constants: int64 (shapes, axes; one 0-d) and a float scalar in the graph's float type.
    std::string integers(const std::vector<int64_t> &values);
    std::string integer(int64_t value);
    std::string scalar(double value);
    // The positions 0 .. T-1 (int64, [T]) of the second axis of `like` ([B, T, ...]).
    std::string positions(const std::string &like);

    // One node with one output; returns the output's name.
    std::string op(const std::string &type, const std::vector<std::string> &inputs,
                   const std::vector<OnnxAttribute> &attributes = {});
    // The nodes `nodes` adds, marked as one group of `type` over `inputs`; returns its output.
    std::string group(const std::string &type, const std::vector<std::string> &inputs,
                      const std::vector<OnnxAttribute> &attributes, const std::function<std::string()> &nodes);

    void metadata(const std::string &key, const std::string &value);

    // The model as ONNX protobuf bytes, every weight inside, checked first where the build has
    // libonnx (checker and strict shape inference); throws prunescope::Error with ONNX's
    // message, which names the node at fault.
    std::string serialize() const;
    // Writes the model to `file`, atomically. When the weights exceed `inlineBytes`, each one
    // of 1 KB or more goes to `file`.data instead (ONNX's external data, 4 KB-aligned), which
    // runtimes read from beside the model. Checked as serialize() checks, from the files; on
    // failure neither is left. Returns the bytes written.
    uint64_t write(const std::filesystem::path &file, uint64_t inlineBytes = kOnnxInlineBytes) const;
    int64_t nodeCount() const { return int64_t(m_nodes.size()); }
    // Elements of the float weights stored (constants not counted).
    int64_t parameterCount() const { return m_parameters; }

    const std::string &name() const { return m_name; }
    const std::vector<OnnxNode> &nodes() const { return m_nodes; }
    const std::vector<OnnxGroup> &groups() const { return m_groups; }
    const std::vector<OnnxValue> &inputs() const { return m_inputs; }
    const std::vector<OnnxValue> &outputs() const { return m_outputs; }
    const std::vector<std::pair<std::string, torch::Tensor>> &initializers() const { return m_initializers; }

private:
    // Where each externally stored weight lies in the data file: offset and length.
    using ExternalData = std::map<std::string, std::pair<uint64_t, uint64_t>>;
    // The protobuf bytes; weights named in `external` refer to `location` instead.
    std::string encode(const ExternalData &external, const std::string &location) const;
    std::string unique(const std::string &base);
    std::string store(const std::string &name, const torch::Tensor &tensor, bool parameter);

    std::string m_name;
    torch::ScalarType m_floatType = torch::kFloat32;
    std::vector<OnnxNode> m_nodes;
    std::vector<OnnxGroup> m_groups;
    std::vector<OnnxValue> m_inputs, m_outputs;
    std::vector<std::pair<std::string, torch::Tensor>> m_initializers; // CPU, contiguous
    std::vector<std::pair<std::string, std::string>> m_metadata;
    int64_t m_parameters = 0;
    std::map<std::string, int> m_used;
};

// Looks up attribute `name` of a node or group: its value, or `fallback` where it is absent.
template<typename T>
T attributeOf(const std::vector<OnnxAttribute> &attributes, const std::string &name, T fallback)
{
    for (const auto &a : attributes)
        if (a.name == name)
            return std::get<T>(a.value);
    return fallback;
}

} // namespace prunescope
