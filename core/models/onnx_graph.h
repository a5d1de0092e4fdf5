// An ONNX model written node by node with the ONNX project's own protobuf classes (Debian's
// libonnx), then checked by ONNX's checker and full shape inference before it is
// serialised: a graph that passes here loads in any runtime that has the opset. The
// protobuf types stay inside onnx_graph.cpp; callers see value names and tensors.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace prunescope {

// Whether this build can write ONNX (it was built with libonnx-dev).
bool onnxAvailable();

// ONNX opset of every graph PruneScope writes: 17 has LayerNormalization.
inline constexpr int64_t kOnnxOpset = 17;

// A node attribute: an integer, a float, a list of integers, or a string.
struct OnnxAttribute
{
    std::string name;
    std::variant<int64_t, float, std::vector<int64_t>, std::string> value;
};

// An axis of a graph input or output: a fixed size, or a name ("batch", "sequence") that
// leaves it free and ties it to the other axes of that name.
using OnnxDim = std::variant<int64_t, std::string>;

class OnnxGraph
{
public:
    OnnxGraph(const std::string &name, torch::ScalarType floatType);
    ~OnnxGraph();
    OnnxGraph(const OnnxGraph &) = delete;
    OnnxGraph &operator=(const OnnxGraph &) = delete;

    // The float type the graph computes in (float32 or float16).
    torch::ScalarType floatType() const { return m_floatType; }

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

    // One node with one output; returns the output's name.
    std::string op(const std::string &type, const std::vector<std::string> &inputs,
                   const std::vector<OnnxAttribute> &attributes = {});

    void metadata(const std::string &key, const std::string &value);

    // The model checked (checker and strict shape inference) and serialised; throws
    // prunescope::Error with ONNX's message, which names the node at fault.
    std::string serialize() const;
    int64_t nodeCount() const;
    // Elements of the float weights stored (constants not counted).
    int64_t parameterCount() const;

private:
    std::string unique(const std::string &base);
    std::string store(const std::string &name, const torch::Tensor &tensor, bool parameter);

    struct Proto;
    std::unique_ptr<Proto> m_proto;
    torch::ScalarType m_floatType = torch::kFloat32;
    int64_t m_parameters = 0;
    std::map<std::string, int> m_used;
};

} // namespace prunescope
