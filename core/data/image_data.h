// Images for the models with an image tower (CLIP, ViT): IDX files (the form of
// dataset-fashion-mnist, gzip-compressed or not), a folder with one subfolder of images per
// class (PNG, JPEG, PGM / PPM), and the images named in a table. Images are prepared as
// the model's image processor prepares them, as its preprocessor_config.json says (else as
// its family's processor does by default): CLIPImageProcessor resizes the shortest edge
// (bicubic, antialiased when shrinking) and crops the centre; ViTImageProcessor resizes to
// the exact size (bilinear); both scale the values (1/255) and normalise with the
// processor's mean and std. Resizing is Pillow's arithmetic, which the slow processors of
// transformers call, so the 8-bit images agree with theirs exactly.
#pragma once

#include "core/models/model_config.h"

#include <torch/types.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace prunescope {

struct ImageProcessing
{
    std::string type = "CLIPImageProcessor"; // image_processor_type, without "Fast"
    bool doResize = true;
    int64_t resize = 224;          // the shortest edge after resizing, when height and width are 0
    int64_t height = 0, width = 0; // an exact size to resize to instead
    std::string resample = "bicubic"; // nearest, bilinear or bicubic (PIL's 0, 2 and 3)
    bool doCrop = true;
    int64_t crop = 224; // the square taken from the centre
    bool doRescale = true;
    double rescaleFactor = 1.0 / 255.0;
    bool doNormalize = true;
    std::array<double, 3> mean = {0.48145466, 0.4578275, 0.40821073};
    std::array<double, 3> std = {0.26862954, 0.26130258, 0.27577711};
    int64_t imageSize = 0; // the model's: every prepared image must be this square (0: any size)
    std::string source;    // where these settings come from, for messages
};

// What the processor of `type` does by default for a model of `imageSize` pixels; throws
// for a type PruneScope does not know, naming the ones it does.
ImageProcessing defaultImageProcessing(const std::string &type, int64_t imageSize);

// The model folder's preprocessor_config.json when present, else the default processor of
// the config's family at its image size. Throws naming the file and key when a value is
// malformed, and when what it makes is not the model's image size.
ImageProcessing readImageProcessing(const std::filesystem::path &modelFolder, const ModelConfig &config);

// An IDX array (uint8 data, any rank), gzip-compressed or not. Throws naming the file.
torch::Tensor readIdx(const std::filesystem::path &path);

// One image file as uint8 [height, width, channels] (1 or 3 channels). Throws naming the file.
torch::Tensor decodeImage(const std::filesystem::path &path);

// uint8 images [H, W, C] (C = 1 or 3; grey is repeated) to float [N, 3, size, size], resized
// as Pillow resizes (bit for bit: the slow processors of transformers call it). Throws naming
// the processing's source and the image's size when it does not come out as the model's size
// (a processor that does not resize, or one that crops more than an image holds).
torch::Tensor prepareImages(const std::vector<torch::Tensor> &images, const ImageProcessing &processing);

struct LabelledImages
{
    torch::Tensor pixels;              // [N, 3, crop, crop]
    torch::Tensor labels;              // [N] class ids
    std::vector<std::string> classes;  // names, by id
    std::vector<std::string> warnings; // files skipped, with the reason
    std::string description;
};

// IDX images [N, H, W] with their IDX labels [N]. Class names: `classes` when given, the
// Fashion-MNIST names when the file lives in a fashion-mnist folder, else "0", "1", ...
// `maxExamples` > 0 keeps that many, chosen as makeBatches chooses them (seeded), and
// prepares only those.
LabelledImages readIdxImages(const std::filesystem::path &images, const std::filesystem::path &labels,
                             const std::vector<std::string> &classes, const ImageProcessing &processing,
                             int64_t maxExamples = 0, uint64_t seed = 0);

// The IDX labels file beside an images file: train-images-idx3-ubyte(.gz) gives
// train-labels-idx1-ubyte(.gz).
std::filesystem::path idxLabelsBeside(const std::filesystem::path &images);

// The subfolders of `folder` (one per class), in name order.
std::vector<std::string> classFolders(const std::filesystem::path &folder);

// folder/<class>/<image>, classes in name order (or `classes`, which must name the folders).
LabelledImages readImageFolder(const std::filesystem::path &folder, const std::vector<std::string> &classes,
                               const ImageProcessing &processing, int64_t maxExamples = 0, uint64_t seed = 0);

} // namespace prunescope
