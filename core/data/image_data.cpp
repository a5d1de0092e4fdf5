#include "core/data/image_data.h"

#include "core/data/datasets.h"
#include "core/models/model_family.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#ifdef PRUNESCOPE_HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef PRUNESCOPE_HAVE_PNG
#include <png.h>
#endif
#ifdef PRUNESCOPE_HAVE_JPEG
#include <jpeglib.h>
#endif

namespace fs = std::filesystem;

namespace prunescope {

namespace {

std::string readBytes(const fs::path &path)
{
#ifdef PRUNESCOPE_HAVE_ZLIB
    // gzread passes uncompressed files through unchanged.
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file)
        throw Error(path.string() + ": cannot open");
    std::string bytes;
    char buffer[1 << 16];
    int got = 0;
    while ((got = gzread(file, buffer, sizeof buffer)) > 0)
        bytes.append(buffer, size_t(got));
    int code = 0;
    const std::string problem = got < 0 ? gzerror(file, &code) : "";
    gzclose(file);
    if (got < 0)
        throw Error(path.string() + ": cannot decompress (" + problem + ")");
    return bytes;
#else
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot open");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() >= 2 && uint8_t(bytes[0]) == 0x1f && uint8_t(bytes[1]) == 0x8b)
        throw Error(path.string() + ": gzip-compressed, and this build has no zlib; decompress it first");
    return bytes;
#endif
}

const std::vector<std::string> kFashionMnist = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

torch::Tensor decodePnm(const fs::path &path, const std::string &bytes)
{
    // Binary PGM (P5) or PPM (P6), 8 bits per sample.
    size_t at = 2;
    const auto number = [&]() {
        while (at < bytes.size() && (std::isspace(uint8_t(bytes[at])) || bytes[at] == '#')) {
            if (bytes[at] == '#')
                at = bytes.find('\n', at);
            else
                ++at;
        }
        size_t end = at;
        while (end < bytes.size() && std::isdigit(uint8_t(bytes[end])))
            ++end;
        if (end == at)
            throw Error(path.string() + ": malformed PNM header");
        const long value = std::stol(bytes.substr(at, end - at));
        at = end;
        return value;
    };
    const int64_t channels = bytes[1] == '5' ? 1 : 3;
    const long width = number(), height = number(), maxval = number();
    ++at; // the single whitespace before the samples
    if (maxval <= 0 || maxval > 255)
        throw Error(path.string() + ": only 8-bit PNM images are supported (maxval " + std::to_string(maxval) + ")");
    const size_t size = size_t(width) * size_t(height) * size_t(channels);
    if (width <= 0 || height <= 0 || at + size > bytes.size())
        throw Error(path.string() + ": truncated PNM image");
    auto image = torch::empty({height, width, channels}, torch::kUInt8);
    std::memcpy(image.data_ptr(), bytes.data() + at, size);
    return image;
}

#ifdef PRUNESCOPE_HAVE_PNG
torch::Tensor decodePng(const fs::path &path, const std::string &bytes)
{
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        throw Error(path.string() + ": not a readable PNG (" + image.message + ")");
    const bool grey = (image.format & PNG_FORMAT_FLAG_COLOR) == 0;
    image.format = grey ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB; // alpha is composed onto black
    auto pixels = torch::empty({int64_t(image.height), int64_t(image.width), grey ? 1 : 3}, torch::kUInt8);
    if (!png_image_finish_read(&image, nullptr, pixels.data_ptr(), 0, nullptr)) {
        const std::string message = image.message;
        png_image_free(&image);
        throw Error(path.string() + ": broken PNG (" + message + ")");
    }
    return pixels;
}
#endif

#ifdef PRUNESCOPE_HAVE_JPEG
struct JpegError
{
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

torch::Tensor decodeJpeg(const fs::path &path, const std::string &bytes)
{
    jpeg_decompress_struct info{};
    JpegError error{};
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = [](j_common_ptr common) {
        auto *e = reinterpret_cast<JpegError *>(common->err);
        e->manager.format_message(common, e->message);
        std::longjmp(e->jump, 1);
    };
    // libjpeg reports errors by longjmp: nothing with a destructor may live across it, so
    // the pixels go to a plain buffer first.
    unsigned char *volatile buffer = nullptr;
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        std::free(buffer);
        throw Error(path.string() + ": broken JPEG (" + error.message + ")");
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char *>(bytes.data()), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    info.out_color_space = info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&info);
    const size_t stride = size_t(info.output_width) * size_t(info.output_components);
    buffer = static_cast<unsigned char *>(std::malloc(stride * info.output_height));
    if (!buffer) {
        jpeg_destroy_decompress(&info);
        throw Error(path.string() + ": no memory for the decoded image");
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = buffer + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    const auto shape = std::vector<int64_t>{int64_t(info.output_height), int64_t(info.output_width), int64_t(info.output_components)};
    jpeg_destroy_decompress(&info);
    auto pixels = torch::empty(shape, torch::kUInt8);
    std::memcpy(pixels.data_ptr(), buffer, stride * size_t(shape[0]));
    std::free(buffer);
    return pixels;
}
#endif

std::vector<std::string> classNamesFor(int64_t count, const std::vector<std::string> &given, const fs::path &path)
{
    if (!given.empty()) {
        if (int64_t(given.size()) < count)
            throw Error(path.string() + ": the labels go up to class " + std::to_string(count - 1) + ", and "
                        + std::to_string(given.size()) + " class names were given");
        return given;
    }
    std::string where = path.string();
    std::transform(where.begin(), where.end(), where.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (count <= 10 && where.find("fashion") != std::string::npos)
        return kFashionMnist;
    std::vector<std::string> names;
    for (int64_t i = 0; i < count; ++i)
        names.push_back(std::to_string(i));
    return names;
}

} // namespace

ImageProcessing defaultImageProcessing(const std::string &type, int64_t imageSize)
{
    ImageProcessing p;
    p.type = type;
    p.resize = p.crop = imageSize;
    if (type == "CLIPImageProcessor")
        return p;
    if (type == "ViTImageProcessor") {
        p.height = p.width = imageSize;
        p.resample = "bilinear";
        p.doCrop = false;
        p.mean = {0.5, 0.5, 0.5};
        p.std = {0.5, 0.5, 0.5};
        return p;
    }
    throw Error("image processor '" + type + "' is not supported (CLIPImageProcessor, ViTImageProcessor)");
}

namespace {

// "ViTImageProcessorFast" and the older "ViTFeatureExtractor" are ViTImageProcessor.
std::string processorType(std::string type)
{
    for (const std::string suffix : {"Fast", "FeatureExtractor"})
        if (type.size() > suffix.size() && type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0) {
            type.erase(type.size() - suffix.size());
            if (suffix == "FeatureExtractor")
                type += "ImageProcessor";
        }
    return type;
}

// A size key: 224, {"shortest_edge": 224} or {"height": 224, "width": 224}.
void readSize(const nlohmann::json &value, const std::string &where, int64_t &edge, int64_t *height, int64_t *width)
{
    if (value.is_number_integer()) {
        edge = value.get<int64_t>();
        if (height)
            *height = *width = 0;
    } else if (value.is_object() && value.contains("shortest_edge")) {
        edge = value.at("shortest_edge").get<int64_t>();
        if (height)
            *height = *width = 0;
    } else if (value.is_object() && value.contains("height") && value.contains("width")) {
        const int64_t h = value.at("height").get<int64_t>(), w = value.at("width").get<int64_t>();
        if (height) {
            *height = h;
            *width = w;
        } else if (h != w) {
            throw Error(where + " (height " + std::to_string(h) + ", width " + std::to_string(w) + ") is not square");
        } else {
            edge = h;
        }
    } else {
        throw Error(where + " must be a number, {\"shortest_edge\": N} or {\"height\": H, \"width\": W}, got "
                    + value.dump());
    }
}

} // namespace

ImageProcessing readImageProcessing(const fs::path &modelFolder, const ModelConfig &config)
{
    const std::string familyDefault = config.family && !config.family->imageProcessor.empty()
                                          ? config.family->imageProcessor
                                          : std::string("CLIPImageProcessor");
    const fs::path file = modelFolder / "preprocessor_config.json";
    if (modelFolder.empty() || !fs::exists(file)) {
        ImageProcessing p = defaultImageProcessing(familyDefault, config.imageSize);
        p.imageSize = config.imageSize;
        p.source = familyDefault + " as it is by default (" + (modelFolder.empty() ? std::string("no model folder")
                                                                                    : "no " + file.string()) + ")";
        return p;
    }
    std::ifstream in(file);
    ImageProcessing p;
    try {
        const nlohmann::json json = nlohmann::json::parse(in);
        const std::string type = json.value("image_processor_type", json.value("feature_extractor_type", familyDefault));
        try {
            p = defaultImageProcessing(processorType(type), config.imageSize);
        } catch (const Error &e) {
            throw Error(file.string() + ": " + e.what());
        }
        const std::string where = file.string() + ": '";
        p.doResize = json.value("do_resize", p.doResize);
        if (json.contains("size"))
            readSize(json["size"], where + "size'", p.resize, &p.height, &p.width);
        if (json.contains("resample")) {
            const int resample = json["resample"].get<int>();
            if (resample != 0 && resample != 2 && resample != 3)
                throw Error(where + "resample' " + std::to_string(resample)
                            + " is not supported (0 nearest, 2 bilinear, 3 bicubic)");
            p.resample = resample == 0 ? "nearest" : resample == 2 ? "bilinear" : "bicubic";
        }
        p.doCrop = json.value("do_center_crop", p.doCrop);
        if (json.contains("crop_size"))
            readSize(json["crop_size"], where + "crop_size'", p.crop, nullptr, nullptr);
        p.doRescale = json.value("do_rescale", p.doRescale);
        p.rescaleFactor = json.value("rescale_factor", p.rescaleFactor);
        p.doNormalize = json.value("do_normalize", p.doNormalize);
        for (const auto &[key, target] : {std::pair{"image_mean", &p.mean}, std::pair{"image_std", &p.std}})
            if (json.contains(key)) {
                auto values = json[key].is_number() ? std::vector<double>(3, json[key].get<double>())
                                                    : json[key].get<std::vector<double>>();
                if (values.size() == 1)
                    values.assign(3, values.front());
                if (values.size() != 3)
                    throw Error(where + key + "' must hold 3 values");
                std::copy(values.begin(), values.end(), target->begin());
            }
    } catch (const nlohmann::json::exception &e) {
        throw Error(file.string() + ": " + e.what());
    }
    if (p.doCrop) {
        if (p.crop != config.imageSize)
            throw Error(file.string() + ": crop size " + std::to_string(p.crop) + " differs from the model's image size "
                        + std::to_string(config.imageSize));
        if (p.doResize && p.height == 0 && p.resize < p.crop)
            throw Error(file.string() + ": resizing to " + std::to_string(p.resize) + " leaves less than the "
                        + std::to_string(p.crop) + "-pixel crop");
    } else if (p.doResize && (p.height > 0 ? p.height != config.imageSize || p.width != config.imageSize
                                           : p.resize != config.imageSize)) {
        throw Error(file.string() + ": images resized to "
                    + (p.height > 0 ? std::to_string(p.width) + " x " + std::to_string(p.height)
                                    : "a shortest edge of " + std::to_string(p.resize))
                    + " and not cropped do not make the model's " + std::to_string(config.imageSize) + "-pixel square");
    }
    p.imageSize = config.imageSize;
    p.source = file.string();
    return p;
}

torch::Tensor readIdx(const fs::path &path)
{
    const std::string bytes = readBytes(path);
    const auto byte = [&](size_t i) { return uint8_t(bytes[i]); };
    if (bytes.size() < 4 || byte(0) != 0 || byte(1) != 0)
        throw Error(path.string() + ": not an IDX file (it must start with two zero bytes)");
    if (byte(2) != 0x08) {
        char type[8];
        std::snprintf(type, sizeof type, "0x%02x", unsigned(byte(2)));
        throw Error(path.string() + ": IDX data type " + type + " is not supported (only unsigned bytes, 0x08)");
    }
    const size_t rank = byte(3);
    if (rank == 0 || bytes.size() < 4 + 4 * rank)
        throw Error(path.string() + ": truncated IDX header");
    std::vector<int64_t> shape;
    size_t count = 1;
    for (size_t d = 0; d < rank; ++d) {
        const size_t at = 4 + 4 * d;
        const uint32_t n = uint32_t(byte(at)) << 24 | uint32_t(byte(at + 1)) << 16 | uint32_t(byte(at + 2)) << 8 | byte(at + 3);
        shape.push_back(int64_t(n));
        count *= n;
    }
    const size_t offset = 4 + 4 * rank;
    if (bytes.size() != offset + count)
        throw Error(path.string() + ": the header promises " + std::to_string(count) + " bytes of data, the file holds "
                    + std::to_string(bytes.size() - offset));
    auto data = torch::empty(shape, torch::kUInt8);
    std::memcpy(data.data_ptr(), bytes.data() + offset, count);
    return data;
}

torch::Tensor decodeImage(const fs::path &path)
{
    const std::string bytes = readBytes(path);
    const auto starts = [&](std::initializer_list<uint8_t> magic) {
        size_t i = 0;
        for (uint8_t m : magic)
            if (i >= bytes.size() || uint8_t(bytes[i++]) != m)
                return false;
        return true;
    };
    if (starts({'P', '5'}) || starts({'P', '6'}))
        return decodePnm(path, bytes);
    if (starts({0x89, 'P', 'N', 'G'})) {
#ifdef PRUNESCOPE_HAVE_PNG
        return decodePng(path, bytes);
#else
        throw Error(path.string() + ": PNG images need libpng, which this build lacks");
#endif
    }
    if (starts({0xff, 0xd8})) {
#ifdef PRUNESCOPE_HAVE_JPEG
        return decodeJpeg(path, bytes);
#else
        throw Error(path.string() + ": JPEG images need libjpeg, which this build lacks");
#endif
    }
    throw Error(path.string() + ": not an image this build reads (PNG, JPEG, binary PGM / PPM)");
}

namespace {

// Pillow's filters (Resample.c): the triangle, and the cubic with a = -0.5.
double resampleFilter(double x, bool bicubic)
{
    constexpr double a = -0.5;
    x = std::abs(x);
    if (!bicubic)
        return x < 1.0 ? 1.0 - x : 0.0;
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

// One pass of Pillow's bilinear or bicubic resize (precompute_coeffs, normalize_coeffs_8bpc
// and ResampleHorizontal_8bpc in Resample.c) along `dim` of [1, C, H, W] 8-bit values held
// as doubles: the filter widened by the scale when shrinking (antialiasing), each target
// pixel's weights normalised and held as integers of 22 fractional bits, the sum rounded
// half up and clamped to 8 bits. The sums are of integers below 2^53, so exact.
torch::Tensor resamplePass(const torch::Tensor &x, int64_t dim, int64_t out, bool bicubic)
{
    const int64_t in = x.size(dim);
    const double scale = double(in) / double(out), filterScale = std::max(scale, 1.0);
    const double support = (bicubic ? 2.0 : 1.0) * filterScale, ss = 1.0 / filterScale;
    std::vector<int64_t> first(static_cast<size_t>(out));
    std::vector<std::vector<double>> weights(static_cast<size_t>(out));
    size_t taps = 0;
    for (int64_t xx = 0; xx < out; ++xx) {
        const double center = (double(xx) + 0.5) * scale;
        const int64_t xmin = std::max<int64_t>(int64_t(center - support + 0.5), 0);
        const int64_t xmax = std::min<int64_t>(int64_t(center + support + 0.5), in);
        auto &w = weights[size_t(xx)];
        double total = 0.0;
        for (int64_t x = xmin; x < xmax; ++x)
            total += w.emplace_back(resampleFilter((double(x) - center + 0.5) * ss, bicubic));
        for (double &k : w) {
            const double fixed = (total != 0.0 ? k / total : k) * double(1 << 22);
            k = double(int64_t(fixed < 0 ? fixed - 0.5 : fixed + 0.5));
        }
        first[size_t(xx)] = xmin;
        taps = std::max(taps, w.size());
    }
    std::vector<int64_t> shape(4, 1);
    shape[size_t(dim)] = out;
    auto sizes = x.sizes().vec();
    sizes[size_t(dim)] = out;
    auto sum = torch::full(sizes, double(1 << 21), torch::kDouble);
    // Tap by tap: a few slices of the image's size rather than a dense [out, in] product.
    for (size_t k = 0; k < taps; ++k) {
        std::vector<int64_t> index(static_cast<size_t>(out));
        std::vector<double> weight(static_cast<size_t>(out));
        for (size_t xx = 0; xx < size_t(out); ++xx) {
            index[xx] = std::min(first[xx] + int64_t(k), in - 1);
            weight[xx] = k < weights[xx].size() ? weights[xx][k] : 0.0;
        }
        sum += x.index_select(dim, torch::tensor(index, torch::kLong))
               * torch::tensor(weight, torch::kDouble).view(shape);
    }
    return (sum / double(1 << 22)).floor().clamp(0, 255);
}

// Pillow's two-pass resize: the width first, then the height, each pass stored in 8 bits
// (which matters where bicubic overshoots).
torch::Tensor resizeAsPillow(torch::Tensor x, int64_t height, int64_t width, bool bicubic)
{
    if (width != x.size(3))
        x = resamplePass(x, 3, width, bicubic);
    if (height != x.size(2))
        x = resamplePass(x, 2, height, bicubic);
    return x;
}

// Pillow's nearest (ImagingScaleAffine): the source pixel under each target pixel's
// centre, the position stepped by the scale as Pillow steps it.
torch::Tensor nearestIndices(int64_t in, int64_t out)
{
    const double scale = double(in) / double(out);
    std::vector<int64_t> indices;
    double position = scale * 0.5;
    for (int64_t x = 0; x < out; ++x, position += scale)
        indices.push_back(std::min(int64_t(position), in - 1));
    return torch::tensor(indices, torch::kLong);
}

} // namespace

torch::Tensor prepareImages(const std::vector<torch::Tensor> &images, const ImageProcessing &p)
{
    const auto mean = torch::tensor(std::vector<double>(p.mean.begin(), p.mean.end()), torch::kFloat).view({1, 3, 1, 1});
    const auto std = torch::tensor(std::vector<double>(p.std.begin(), p.std.end()), torch::kFloat).view({1, 3, 1, 1});
    std::vector<torch::Tensor> prepared;
    prepared.reserve(images.size());
    for (const auto &image : images) {
        auto x = image.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat); // [1, C, H, W]
        if (x.size(1) == 1)
            x = x.expand({1, 3, x.size(2), x.size(3)});
        const int64_t h = x.size(2), w = x.size(3), shortest = std::min(h, w);
        int64_t newH = h, newW = w;
        if (p.doResize && p.height > 0) {
            newH = p.height;
            newW = p.width;
        } else if (p.doResize) {
            newH = h == shortest ? p.resize : int64_t(double(p.resize) * double(h) / double(w));
            newW = w == shortest ? p.resize : int64_t(double(p.resize) * double(w) / double(h));
        }
        // As Pillow resizes: transformers' slow processors call it.
        if (p.resample == "nearest")
            x = x.index_select(3, nearestIndices(w, newW)).index_select(2, nearestIndices(h, newH));
        else if (newH != h || newW != w)
            x = resizeAsPillow(x.to(torch::kDouble), newH, newW, p.resample == "bicubic").to(torch::kFloat);
        const auto where = [&] {
            return (p.source.empty() ? std::string() : p.source + ": ") + "an image of " + std::to_string(w) + " x "
                   + std::to_string(h) + " pixels";
        };
        if (p.doCrop) {
            const int64_t top = (newH - p.crop) / 2, left = (newW - p.crop) / 2;
            if (top < 0 || left < 0)
                throw Error(where()
                            + (p.doResize ? ", resized to " + std::to_string(newW) + " x " + std::to_string(newH)
                                          : std::string())
                            + ", is smaller than the " + std::to_string(p.crop) + "-pixel crop");
            x = x.slice(2, top, top + p.crop).slice(3, left, left + p.crop);
        }
        if (p.imageSize > 0 && (x.size(2) != p.imageSize || x.size(3) != p.imageSize))
            throw Error(where() + " comes out " + std::to_string(x.size(3)) + " x " + std::to_string(x.size(2))
                        + ", and the model reads " + std::to_string(p.imageSize) + " x " + std::to_string(p.imageSize)
                        + (p.doResize ? std::string() : " (do_resize is false)"));
        if (p.doRescale)
            x = x * p.rescaleFactor;
        if (p.doNormalize)
            x = (x - mean) / std;
        prepared.push_back(x);
    }
    if (prepared.empty())
        throw Error("no images to prepare");
    const auto size = prepared.front().sizes();
    for (const auto &x : prepared)
        if (x.sizes() != size)
            throw Error("images of " + std::to_string(x.size(3)) + " x " + std::to_string(x.size(2)) + " and "
                        + std::to_string(size[3]) + " x " + std::to_string(size[2])
                        + " pixels: the model's image processor does not resize them to one size");
    return torch::cat(prepared);
}

fs::path idxLabelsBeside(const fs::path &images)
{
    std::string name = images.filename().string();
    const size_t at = name.find("images-idx3");
    if (at == std::string::npos)
        throw Error(images.string() + ": cannot tell its labels file (expected a name with 'images-idx3'); pass --labels FILE");
    name.replace(at, 11, "labels-idx1");
    return images.parent_path() / name;
}

LabelledImages readIdxImages(const fs::path &images, const fs::path &labels, const std::vector<std::string> &classes,
                             const ImageProcessing &processing, int64_t maxExamples, uint64_t seed)
{
    auto pixels = readIdx(images);
    auto ids = readIdx(labels);
    if (pixels.dim() != 3 && !(pixels.dim() == 4 && (pixels.size(3) == 1 || pixels.size(3) == 3)))
        throw Error(images.string() + ": IDX images must be [count, height, width] or [count, height, width, 1 or 3], got "
                    + c10::str(pixels.sizes()));
    if (ids.dim() != 1 || ids.size(0) != pixels.size(0))
        throw Error(labels.string() + ": " + std::to_string(ids.dim() == 1 ? ids.size(0) : ids.numel()) + " labels for "
                    + std::to_string(pixels.size(0)) + " images in " + images.filename().string());
    if (pixels.size(0) == 0)
        throw Error(images.string() + ": no images");
    LabelledImages data;
    data.classes = classNamesFor(ids.max().item<int64_t>() + 1, classes, images);
    const auto chosen = sampleIndices(pixels.size(0), maxExamples, seed);
    pixels = pixels.index_select(0, chosen);
    data.labels = ids.index_select(0, chosen).to(torch::kLong);
    std::vector<torch::Tensor> list;
    const auto hwc = pixels.dim() == 3 ? pixels.unsqueeze(-1) : pixels;
    for (int64_t i = 0; i < hwc.size(0); ++i)
        list.push_back(hwc[i]);
    data.pixels = prepareImages(list, processing);
    data.description = images.string() + " (IDX, " + std::to_string(list.size()) + " images, " + std::to_string(data.classes.size())
                       + " classes)";
    return data;
}

std::vector<std::string> classFolders(const fs::path &folder)
{
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder))
        if (entry.is_directory())
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

LabelledImages readImageFolder(const fs::path &folder, const std::vector<std::string> &classes,
                               const ImageProcessing &processing, int64_t maxExamples, uint64_t seed)
{
    const std::vector<std::string> names = classes.empty() ? classFolders(folder) : classes;
    if (names.empty())
        throw Error(folder.string() + ": no class folders (expected " + folder.string() + "/<class>/<image>)");
    LabelledImages data;
    data.classes = names;
    std::vector<std::pair<fs::path, int64_t>> found;
    for (size_t c = 0; c < names.size(); ++c) {
        const fs::path sub = folder / names[c];
        if (!fs::is_directory(sub))
            throw Error(sub.string() + ": no such class folder");
        std::vector<fs::path> files;
        for (const auto &entry : fs::directory_iterator(sub))
            if (entry.is_regular_file())
                files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto &file : files)
            found.emplace_back(file, int64_t(c));
    }
    std::vector<torch::Tensor> images;
    std::vector<int64_t> labels;
    const auto chosen = sampleIndices(int64_t(found.size()), maxExamples, seed);
    for (int64_t i = 0; i < chosen.size(0); ++i) {
        const auto &[file, label] = found[size_t(chosen[i].item<int64_t>())];
        try {
            images.push_back(decodeImage(file));
            labels.push_back(label);
        } catch (const Error &e) {
            data.warnings.push_back(std::string(e.what()) + "; skipped");
        }
    }
    if (images.empty())
        throw Error(folder.string() + ": no readable images"
                    + (data.warnings.empty() ? std::string() : " (first problem: " + data.warnings.front() + ")"));
    data.pixels = prepareImages(images, processing);
    data.labels = torch::tensor(labels, torch::kLong);
    data.description = folder.string() + " (image folder, " + std::to_string(images.size()) + " images, "
                       + std::to_string(names.size()) + " classes)";
    return data;
}

} // namespace prunescope
