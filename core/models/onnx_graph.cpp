#include "core/models/onnx_graph.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <cstring>
#include <limits>

#ifdef PRUNESCOPE_ONNX
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>
#endif

namespace prunescope {

bool onnxAvailable()
{
#ifdef PRUNESCOPE_ONNX
    return true;
#else
    return false;
#endif
}

namespace {

const std::pair<torch::ScalarType, int64_t> kElementTypes[] = {
    {torch::kFloat32, 1}, {torch::kInt32, 6}, {torch::kInt64, 7},     {torch::kBool, 9},
    {torch::kFloat16, 10}, {torch::kFloat64, 11}, {torch::kBFloat16, 16},
};

// Protobuf's wire format, as much of it as onnx.proto needs: varints, length-delimited
// fields (strings, bytes, messages) and 32-bit floats. Field numbers are onnx.proto's.
class ProtoWriter
{
public:
    std::string bytes;

    void integer(int field, int64_t value)
    {
        key(field, 0);
        varint(uint64_t(value));
    }
    void text(int field, const std::string &value) { text(field, value.data(), value.size()); }
    void text(int field, const void *data, size_t size)
    {
        key(field, 2);
        varint(size);
        bytes.append(static_cast<const char *>(data), size);
    }
    void real(int field, float value)
    {
        key(field, 5);
        char little[4];
        std::memcpy(little, &value, 4); // little-endian hosts only, as the raw tensor data
        bytes.append(little, 4);
    }
    void message(int field, const ProtoWriter &inner) { text(field, inner.bytes); }

private:
    void key(int field, int wireType) { varint(uint64_t(field) << 3 | uint64_t(wireType)); }
    void varint(uint64_t value)
    {
        while (value >= 0x80) {
            bytes.push_back(char((value & 0x7f) | 0x80));
            value >>= 7;
        }
        bytes.push_back(char(value));
    }
};

ProtoWriter valueInfo(const OnnxValue &value)
{
    ProtoWriter shape;
    for (const auto &d : value.shape) {
        ProtoWriter dim;
        if (const auto *size = std::get_if<int64_t>(&d))
            dim.integer(1, *size); // dim_value
        else
            dim.text(2, std::get<std::string>(d)); // dim_param
        shape.message(1, dim);
    }
    ProtoWriter tensor, type, info;
    tensor.integer(1, onnxElementType(value.type)); // elem_type
    tensor.message(2, shape);
    type.message(1, tensor); // TypeProto.tensor_type
    info.text(1, value.name);
    info.message(2, type);
    return info;
}

ProtoWriter attribute(const OnnxAttribute &a)
{
    enum { Float = 1, Int = 2, String = 3, Ints = 7 }; // AttributeProto.AttributeType
    ProtoWriter p;
    p.text(1, a.name);
    if (const auto *i = std::get_if<int64_t>(&a.value)) {
        p.integer(3, *i);
        p.integer(20, Int);
    } else if (const auto *f = std::get_if<float>(&a.value)) {
        p.real(2, *f);
        p.integer(20, Float);
    } else if (const auto *list = std::get_if<std::vector<int64_t>>(&a.value)) {
        for (const int64_t v : *list)
            p.integer(8, v);
        p.integer(20, Ints);
    } else {
        p.text(4, std::get<std::string>(a.value));
        p.integer(20, String);
    }
    return p;
}

} // namespace

int64_t onnxElementType(torch::ScalarType type)
{
    for (const auto &[scalar, onnx] : kElementTypes)
        if (scalar == type)
            return onnx;
    throw Error(std::string("ONNX export: no ONNX type for ") + c10::toString(type));
}

torch::ScalarType scalarTypeOf(int64_t onnxType)
{
    for (const auto &[scalar, onnx] : kElementTypes)
        if (onnx == onnxType)
            return scalar;
    throw Error("ONNX element type " + std::to_string(onnxType) + " is not one PruneScope runs");
}

OnnxGraph::OnnxGraph(const std::string &name, torch::ScalarType floatType)
    : m_name(name)
    , m_floatType(floatType)
{
    if (floatType != torch::kFloat32 && floatType != torch::kFloat16 && floatType != torch::kBFloat16)
        throw Error("ONNX graph: float32, float16 or bfloat16 only");
}

OnnxGraph::~OnnxGraph() = default;

double OnnxGraph::lowest() const
{
    switch (m_floatType) {
    case torch::kFloat16: return -65504.0;
    case torch::kBFloat16: return double(std::numeric_limits<c10::BFloat16>::lowest());
    default: return double(std::numeric_limits<float>::lowest());
    }
}

std::string OnnxGraph::unique(const std::string &base)
{
    const int n = m_used[base]++;
    return n == 0 ? base : base + "_" + std::to_string(n);
}

std::string OnnxGraph::input(const std::string &name, torch::ScalarType type, const std::vector<OnnxDim> &shape)
{
    const std::string value = unique(name);
    m_inputs.push_back({value, type, shape});
    return value;
}

void OnnxGraph::output(const std::string &value, const std::string &name, torch::ScalarType type,
                       const std::vector<OnnxDim> &shape)
{
    std::string named = value;
    if (value != name) {
        named = unique(name);
        m_nodes.push_back({"Identity", named, {value}, {}});
    }
    m_outputs.push_back({named, type, shape});
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
    const std::string value = unique(name);
    m_initializers.emplace_back(value, tensor.contiguous());
    if (parameter && tensor.is_floating_point())
        m_parameters += tensor.numel();
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

std::string OnnxGraph::positions(const std::string &like)
{
    const auto length = op("Squeeze", {op("Shape", {like}, {{"start", int64_t(1)}, {"end", int64_t(2)}})});
    return op("Range", {integer(0), length, integer(1)});
}

std::string OnnxGraph::scalar(double value)
{
    return weight("const", torch::tensor(value, torch::kFloat64));
}

std::string OnnxGraph::op(const std::string &type, const std::vector<std::string> &inputs,
                          const std::vector<OnnxAttribute> &attributes)
{
    m_nodes.push_back({type, unique(type), inputs, attributes});
    return m_nodes.back().output;
}

std::string OnnxGraph::group(const std::string &type, const std::vector<std::string> &inputs,
                             const std::vector<OnnxAttribute> &attributes, const std::function<std::string()> &nodes)
{
    const size_t first = m_nodes.size();
    const std::string output = nodes();
    if (m_nodes.size() == first || m_nodes.back().output != output)
        throw Error("internal: ONNX group " + type + " does not end in its output");
    m_groups.push_back({type, inputs, attributes, first, m_nodes.size() - 1});
    return output;
}

void OnnxGraph::metadata(const std::string &key, const std::string &value)
{
    m_metadata.emplace_back(key, value);
}

std::string OnnxGraph::encode(const ExternalData &external, const std::string &location) const
{
    ProtoWriter graph;
    for (const auto &n : m_nodes) {
        ProtoWriter node;
        for (const auto &in : n.inputs)
            node.text(1, in);
        node.text(2, n.output);
        node.text(3, n.output); // name
        node.text(4, n.type);
        for (const auto &a : n.attributes)
            node.message(5, attribute(a));
        graph.message(1, node);
    }
    graph.text(2, m_name);
    uint64_t bytes = 0;
    for (const auto &[name, t] : m_initializers) {
        ProtoWriter tensor;
        for (const int64_t d : t.sizes())
            tensor.integer(1, d);
        tensor.integer(2, onnxElementType(t.scalar_type()));
        tensor.text(8, name);
        if (const auto it = external.find(name); it != external.end()) {
            for (const auto &[key, value] : {std::pair<std::string, std::string>{"location", location},
                                             {"offset", std::to_string(it->second.first)},
                                             {"length", std::to_string(it->second.second)}}) {
                ProtoWriter entry;
                entry.text(1, key);
                entry.text(2, value);
                tensor.message(13, entry); // external_data
            }
            tensor.integer(14, 1); // data_location: EXTERNAL
        } else {
            tensor.text(9, t.data_ptr(), size_t(t.numel() * t.element_size())); // raw_data, little-endian
        }
        bytes += tensor.bytes.size();
        if (bytes >= (uint64_t(1) << 31))
            throw Error("ONNX export: the model is too large for one ONNX file (protobuf's 2 GB limit)");
        graph.message(5, tensor);
    }
    for (const auto &v : m_inputs)
        graph.message(11, valueInfo(v));
    for (const auto &v : m_outputs)
        graph.message(12, valueInfo(v));

    ProtoWriter model, opset;
    model.integer(1, 8); // ir_version: what opset 17 goes with (ONNX 1.12)
    model.text(2, "PruneScope");
    model.text(3, PRUNESCOPE_VERSION);
    model.message(7, graph);
    opset.text(1, "");
    opset.integer(2, kOnnxOpset);
    model.message(8, opset);
    for (const auto &[key, value] : m_metadata) {
        ProtoWriter entry;
        entry.text(1, key);
        entry.text(2, value);
        model.message(14, entry);
    }
    return std::move(model.bytes);
}

namespace {

// ONNX's checker and strict shape inference on a model's bytes; with `file` (a model whose
// weights lie beside it) the checker reads that file, and finds the data file there.
void check(const std::string &bytes, const std::filesystem::path &file = {})
{
#ifdef PRUNESCOPE_ONNX
    onnx::ModelProto proto;
    if (!proto.ParseFromString(bytes))
        throw Error("internal: ONNX's protobuf classes cannot read the model PruneScope wrote");
    try {
        if (file.empty())
            onnx::checker::check_model(proto);
        else
            onnx::checker::check_model(file.string());
        // Strict: a node whose input shapes do not fit its operator is an error here, not
        // a failure when a runtime first loads the file.
        onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict_mode=*/1));
    } catch (const std::exception &e) {
        throw Error(std::string("ONNX export: the graph fails ONNX's checks: ") + e.what());
    }
#else
    (void)bytes;
    (void)file;
#endif
}

} // namespace

std::string OnnxGraph::serialize() const
{
    std::string bytes = encode({}, {});
    check(bytes);
    return bytes;
}

uint64_t OnnxGraph::write(const std::filesystem::path &file, uint64_t inlineBytes) const
{
    uint64_t weights = 0;
    for (const auto &[name, t] : m_initializers)
        weights += uint64_t(t.numel() * t.element_size());
    if (weights <= inlineBytes) {
        const std::string bytes = serialize();
        writeFileAtomically(file, bytes);
        return bytes.size();
    }
    constexpr uint64_t kSmall = 1024, kAlign = 4096;
    const std::filesystem::path dataFile = file.string() + ".data";
    ExternalData external;
    uint64_t offset = 0;
    {
        AtomicFile data(dataFile);
        const std::string padding(kAlign, '\0');
        for (const auto &[name, t] : m_initializers) {
            const uint64_t size = uint64_t(t.numel() * t.element_size());
            if (size < kSmall)
                continue;
            const uint64_t start = (offset + kAlign - 1) / kAlign * kAlign;
            data.write(padding.data(), start - offset);
            data.write(t.data_ptr(), size);
            external[name] = {start, size};
            offset = start + size;
        }
        data.commit();
    }
    const std::string bytes = encode(external, dataFile.filename().string());
    writeFileAtomically(file, bytes);
    try {
        check(bytes, file);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(file, ignored);
        std::filesystem::remove(dataFile, ignored);
        throw;
    }
    return bytes.size() + offset;
}

} // namespace prunescope
