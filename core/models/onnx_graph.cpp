#include "core/models/onnx_graph.h"

#include "core/support/error.h"

#include <torch/torch.h>

#ifdef PRUNESCOPE_ONNX
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>
#endif

namespace prunescope {

#ifndef PRUNESCOPE_ONNX
// A build without libonnx: everything else works, and an ONNX export says why it cannot.
struct OnnxGraph::Proto
{
};

bool onnxAvailable()
{
    return false;
}

OnnxGraph::OnnxGraph(const std::string &, torch::ScalarType)
{
    throw Error("this build of PruneScope has no ONNX export: install libonnx-dev (bash setup.sh does) and build again");
}

OnnxGraph::~OnnxGraph() = default;
std::string OnnxGraph::unique(const std::string &base) { return base; }
std::string OnnxGraph::input(const std::string &, torch::ScalarType, const std::vector<OnnxDim> &) { return {}; }
void OnnxGraph::output(const std::string &, const std::string &, torch::ScalarType, const std::vector<OnnxDim> &) {}
std::string OnnxGraph::weight(const std::string &, const torch::Tensor &) { return {}; }
std::string OnnxGraph::constant(const torch::Tensor &) { return {}; }
std::string OnnxGraph::store(const std::string &, const torch::Tensor &, bool) { return {}; }
std::string OnnxGraph::integers(const std::vector<int64_t> &) { return {}; }
std::string OnnxGraph::integer(int64_t) { return {}; }
std::string OnnxGraph::scalar(double) { return {}; }
std::string OnnxGraph::op(const std::string &, const std::vector<std::string> &, const std::vector<OnnxAttribute> &) { return {}; }
void OnnxGraph::metadata(const std::string &, const std::string &) {}
std::string OnnxGraph::serialize() const { return {}; }
int64_t OnnxGraph::nodeCount() const { return 0; }
int64_t OnnxGraph::parameterCount() const { return 0; }
#else

bool onnxAvailable()
{
    return true;
}

struct OnnxGraph::Proto
{
    onnx::ModelProto model;
    onnx::GraphProto *graph = model.mutable_graph();
};

namespace {

int32_t onnxType(torch::ScalarType type)
{
    switch (type) {
    case torch::kFloat32: return onnx::TensorProto::FLOAT;
    case torch::kFloat16: return onnx::TensorProto::FLOAT16;
    case torch::kBFloat16: return onnx::TensorProto::BFLOAT16;
    case torch::kInt64: return onnx::TensorProto::INT64;
    case torch::kInt32: return onnx::TensorProto::INT32;
    case torch::kBool: return onnx::TensorProto::BOOL;
    default: throw Error(std::string("ONNX export: no ONNX type for ") + c10::toString(type));
    }
}

void describeValue(onnx::ValueInfoProto &info, const std::string &name, torch::ScalarType type,
                   const std::vector<OnnxDim> &shape)
{
    info.set_name(name);
    auto *tensor = info.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnxType(type));
    auto *dims = tensor->mutable_shape();
    for (const auto &d : shape) {
        auto *dim = dims->add_dim();
        if (const auto *size = std::get_if<int64_t>(&d))
            dim->set_dim_value(*size);
        else
            dim->set_dim_param(std::get<std::string>(d));
    }
}

} // namespace

OnnxGraph::OnnxGraph(const std::string &name, torch::ScalarType floatType)
    : m_proto(std::make_unique<Proto>())
    , m_floatType(floatType)
{
    if (floatType != torch::kFloat32 && floatType != torch::kFloat16)
        throw Error("ONNX export: float32 or float16 only");
    auto &model = m_proto->model;
    model.set_ir_version(8); // what opset 17 goes with (ONNX 1.12)
    model.set_producer_name("PruneScope");
    model.set_producer_version(PRUNESCOPE_VERSION);
    auto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOnnxOpset);
    m_proto->graph->set_name(name);
}

OnnxGraph::~OnnxGraph() = default;

std::string OnnxGraph::unique(const std::string &base)
{
    const int n = m_used[base]++;
    return n == 0 ? base : base + "_" + std::to_string(n);
}

std::string OnnxGraph::input(const std::string &name, torch::ScalarType type, const std::vector<OnnxDim> &shape)
{
    const std::string value = unique(name);
    describeValue(*m_proto->graph->add_input(), value, type, shape);
    return value;
}

void OnnxGraph::output(const std::string &value, const std::string &name, torch::ScalarType type,
                       const std::vector<OnnxDim> &shape)
{
    std::string named = value;
    if (value != name) {
        auto *node = m_proto->graph->add_node();
        node->set_op_type("Identity");
        node->set_name(unique(name + "/Identity"));
        node->add_input(value);
        named = unique(name);
        node->add_output(named);
    }
    describeValue(*m_proto->graph->add_output(), named, type, shape);
}

std::string OnnxGraph::weight(const std::string &name, const torch::Tensor &tensor)
{
    auto t = tensor.detach().to(torch::kCPU);
    return store(name, t.is_floating_point() ? t.to(m_floatType) : t, name != "const");
}

std::string OnnxGraph::constant(const torch::Tensor &tensor)
{
    return store("const", tensor.detach().to(torch::kCPU), false);
}

std::string OnnxGraph::store(const std::string &name, const torch::Tensor &tensor, bool parameter)
{
    const auto t = tensor.contiguous();
    auto *init = m_proto->graph->add_initializer();
    const std::string value = unique(name);
    init->set_name(value);
    init->set_data_type(onnxType(t.scalar_type()));
    for (const int64_t d : t.sizes())
        init->add_dims(d);
    init->set_raw_data(t.data_ptr(), t.numel() * t.element_size()); // little-endian, as ONNX stores raw data
    if (parameter && t.is_floating_point())
        m_parameters += t.numel();
    return value;
}

std::string OnnxGraph::integers(const std::vector<int64_t> &values)
{
    return weight("const", torch::tensor(values, torch::kInt64));
}

std::string OnnxGraph::integer(int64_t value)
{
    return weight("const", torch::tensor(value, torch::kInt64));
}

std::string OnnxGraph::scalar(double value)
{
    return weight("const", torch::tensor(value, torch::kFloat64));
}

std::string OnnxGraph::op(const std::string &type, const std::vector<std::string> &inputs,
                          const std::vector<OnnxAttribute> &attributes)
{
    auto *node = m_proto->graph->add_node();
    node->set_op_type(type);
    const std::string output = unique(type);
    node->set_name(output);
    for (const auto &in : inputs)
        node->add_input(in);
    node->add_output(output);
    for (const auto &a : attributes) {
        auto *attribute = node->add_attribute();
        attribute->set_name(a.name);
        if (const auto *i = std::get_if<int64_t>(&a.value)) {
            attribute->set_type(onnx::AttributeProto::INT);
            attribute->set_i(*i);
        } else if (const auto *f = std::get_if<float>(&a.value)) {
            attribute->set_type(onnx::AttributeProto::FLOAT);
            attribute->set_f(*f);
        } else if (const auto *list = std::get_if<std::vector<int64_t>>(&a.value)) {
            attribute->set_type(onnx::AttributeProto::INTS);
            for (const int64_t v : *list)
                attribute->add_ints(v);
        } else {
            attribute->set_type(onnx::AttributeProto::STRING);
            attribute->set_s(std::get<std::string>(a.value));
        }
    }
    return output;
}

void OnnxGraph::metadata(const std::string &key, const std::string &value)
{
    auto *entry = m_proto->model.add_metadata_props();
    entry->set_key(key);
    entry->set_value(value);
}

int64_t OnnxGraph::nodeCount() const
{
    return m_proto->graph->node_size();
}

std::string OnnxGraph::serialize() const
{
    onnx::ModelProto model = m_proto->model;
    try {
        onnx::checker::check_model(model);
        // Strict: a node whose input shapes do not fit its operator is an error here, not
        // a failure when a runtime first loads the file.
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict_mode=*/1));
    } catch (const std::exception &e) {
        throw Error(std::string("ONNX export: the graph fails ONNX's checks: ") + e.what());
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw Error("ONNX export: the model is too large for one ONNX file (protobuf's 2 GB limit)");
    return bytes;
}

int64_t OnnxGraph::parameterCount() const
{
    return m_parameters;
}
#endif

} // namespace prunescope
