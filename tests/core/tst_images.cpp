// Image data for CLIP and ViT: IDX files (plain and gzip), PNG / JPEG / PGM / PPM decoding
// checked against Qt's own decoders, CLIPImageProcessor- and ViTImageProcessor-style
// preparation (against the pixel values transformers made and the images Pillow resized),
// each family's default processor, preprocessor_config.json's settings and refusals,
// zero-shot data from a class folder (prompts, labels, batches that keep every prompt), its
// loss and accuracy against a computation written here, image-caption tables with bad rows
// reported by line, and clear refusals of malformed files. Image classification data for
// ViT is in tst_datasets.
#include "core/models/checkpoint.h"
#include "core/data/datasets.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/data/image_data.h"
#include "core/scoring/scorers.h"
#include "core/io/safetensors.h"
#include "core/models/model_config.h"
#include "tests/core/idx_files.h"

#include <torch/torch.h>


#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

#ifdef PRUNESCOPE_HAVE_ZLIB
#include <zlib.h>
#endif

using namespace prunescope;
using prunescope::testing::idx;
namespace fs = std::filesystem;

namespace {

const fs::path kClip = fs::path(PRUNESCOPE_TEST_DATA) / "hf" / "clip";
const fs::path kVit = fs::path(PRUNESCOPE_TEST_DATA) / "hf" / "vit";

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

void write(const fs::path &path, const std::string &bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

// The CLIP fixture with a byte-level tokenizer (data/clip-tokenizer) that fits its
// 800-entry embedding, so that prompts and captions can be tokenised.
fs::path writeClipModel(const fs::path &folder)
{
    fs::create_directories(folder);
    for (const char *file : {"config.json", "model.safetensors"})
        fs::copy_file(kClip / file, folder / file);
    for (const char *file : {"vocab.json", "merges.txt", "tokenizer_config.json"})
        fs::copy_file(fs::path(PRUNESCOPE_TEST_DATA) / "clip-tokenizer" / file, folder / file);
    return folder;
}

// Saves `image` at `path`, creating its folder.
bool save(const QImage &image, const fs::path &path)
{
    fs::create_directories(path.parent_path());
    return image.save(QString::fromStdString(path.string()));
}

// A 32×32 image of a colour gradient shifted by `seed`.
QImage pattern(int seed, int width = 32, int height = 32)
{
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb((x * 7 + seed * 40) % 256, (y * 5 + seed * 90) % 256, (x * y + seed) % 256));
    return image;
}

torch::Tensor pixelsOf(const QImage &image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    auto t = torch::empty({rgb.height(), rgb.width(), 3}, torch::kUInt8);
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(t[y].data_ptr(), rgb.constScanLine(y), size_t(rgb.width()) * 3);
    return t;
}

// The 8-bit images behind the ViT fixture's pixel values (random RGB, 32 x 32, so that
// ViTImageProcessor resized nothing): round((pv * 0.5 + 0.5) * 255), each within float32
// rounding of an integer.
std::vector<torch::Tensor> fixtureImages()
{
    const auto values = SafetensorsFile::open(kVit / "reference.safetensors")->tensor("pixel_values").to(torch::kDouble);
    const auto scaled = (values * 0.5 + 0.5) * 255.0;
    const auto bytes = scaled.round();
    if ((scaled - bytes).abs().max().item<double>() > 1e-3)
        throw Error("tests/data/hf/vit: pixel_values are not 8-bit images scaled by ViTImageProcessor");
    std::vector<torch::Tensor> images;
    for (int64_t i = 0; i < bytes.size(0); ++i)
        images.push_back(bytes[i].permute({1, 2, 0}).to(torch::kUInt8).contiguous());
    return images;
}

} // namespace

class TestImages : public QObject
{
    Q_OBJECT

private slots:
    void readsIdx()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        write(root / "t-images-idx3-ubyte", idx({2, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        const auto images = readIdx(root / "t-images-idx3-ubyte");
        QCOMPARE(images.sizes().vec(), (std::vector<int64_t>{2, 2, 3}));
        QCOMPARE(images[1][1][2].item<int>(), 11);
        QCOMPARE(idxLabelsBeside(root / "t-images-idx3-ubyte").filename().string(), std::string("t-labels-idx1-ubyte"));
#ifdef PRUNESCOPE_HAVE_ZLIB
        const std::string plain = idx({3}, {7, 8, 9});
        gzFile gz = gzopen((root / "l.gz").c_str(), "wb");
        gzwrite(gz, plain.data(), unsigned(plain.size()));
        gzclose(gz);
        QCOMPARE(readIdx(root / "l.gz").sizes().vec(), (std::vector<int64_t>{3}));
        QCOMPARE(readIdx(root / "l.gz")[2].item<int>(), 9);
#endif
    }

    void refusesMalformedIdx_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("magic") << QByteArray("\x01\x00\x08\x01", 4) << QStringLiteral("not an IDX file");
        QTest::newRow("type") << QByteArray("\x00\x00\x0d\x01\x00\x00\x00\x01", 8) << QStringLiteral("IDX data type 0x0d");
        QTest::newRow("header") << QByteArray("\x00\x00\x08\x03\x00\x00", 6) << QStringLiteral("truncated IDX header");
        QTest::newRow("count") << QByteArray("\x00\x00\x08\x01\x00\x00\x00\x04\x01\x02", 10)
                               << QStringLiteral("promises 4 bytes of data, the file holds 2");
    }

    void refusesMalformedIdx()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "bad-idx";
        write(path, bytes.toStdString());
        try {
            readIdx(path);
            QFAIL("accepted a malformed IDX file");
        } catch (const Error &e) {
            QVERIFY2(contains(e.what(), message.toStdString()) && contains(e.what(), "bad-idx"), e.what());
        }
    }

    // PNG and JPEG as Qt writes them, PGM / PPM by hand: the decoder gives Qt's pixels.
    void decodesImagesAsQtDoes_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("png") << QStringLiteral("png");
        QTest::newRow("jpeg") << QStringLiteral("jpg");
        QTest::newRow("ppm") << QStringLiteral("ppm");
        QTest::newRow("pgm") << QStringLiteral("pgm");
    }

    void decodesImagesAsQtDoes()
    {
        QFETCH(QString, format);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("image.") + format);
        QImage image = pattern(1, 24, 16);
        const bool grey = format == QLatin1String("pgm"), jpeg = format == QLatin1String("jpg");
        if (grey)
            image = image.convertToFormat(QImage::Format_Grayscale8);
        QVERIFY(image.save(path, nullptr, 95));
        const auto ours = decodeImage(path.toStdString());
        const QImage theirs(path);
        QCOMPARE(ours.size(0), 16);
        QCOMPARE(ours.size(1), 24);
        QCOMPARE(ours.size(2), grey ? 1 : 3);
        const auto reference = pixelsOf(theirs).to(torch::kInt);
        const auto decoded = (ours.size(2) == 1 ? ours.expand({16, 24, 3}) : ours).to(torch::kInt);
        // JPEG decoders may differ by rounding in the colour conversion.
        const int tolerance = jpeg ? 3 : 0;
        const int worst = (decoded - reference).abs().max().item<int>();
        qInfo("%s: largest difference from Qt's decoder %d", qPrintable(format), worst);
        QVERIFY(worst <= tolerance);
    }

    void refusesWhatIsNotAnImage()
    {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "notes.txt";
        write(path, "hello");
        QVERIFY_THROWS_EXCEPTION(Error, decodeImage(path));
        const std::pair<std::string, std::string> broken[] = {{std::string("\x89PNG\r\n\x1a\n broken", 16), "PNG"},
                                                              {"\xff\xd8\xff\xe0 broken", "broken JPEG"}};
        for (const auto &[bytes, message] : broken) {
            write(path, bytes);
            try {
                decodeImage(path);
                QFAIL("accepted a broken image");
            } catch (const Error &e) {
                QVERIFY2(contains(e.what(), "notes.txt") && contains(e.what(), message), e.what());
            }
        }
    }

    // Preparation as CLIPImageProcessor: without resizing, exactly (x / 255 - mean) / std;
    // a wide image is resized by its shorter edge and cropped in the middle.
    void preparesAsTheProcessorDoes()
    {
        ImageProcessing processing;
        processing.resize = processing.crop = 32;
        const auto image = pixelsOf(pattern(2));
        const auto prepared = prepareImages({image}, processing);
        QCOMPARE(prepared.sizes().vec(), (std::vector<int64_t>{1, 3, 32, 32}));
        const double expected = (double(image[5][7][1].item<int>()) / 255.0 - processing.mean[1]) / processing.std[1];
        QVERIFY(std::abs(prepared[0][1][5][7].item<double>() - expected) < 1e-5);

        auto wide = torch::zeros({32, 96, 1}, torch::kUInt8);
        wide.slice(1, 32, 64).fill_(255); // a white middle third
        const auto cropped = prepareImages({wide}, processing);
        QCOMPARE(cropped.sizes().vec(), (std::vector<int64_t>{1, 3, 32, 32}));
        const double white = (1.0 - processing.mean[0]) / processing.std[0];
        QVERIFY(std::abs(cropped[0][0][16][16].item<double>() - white) < 1e-4);
    }

    // A folder of class folders becomes zero-shot data: a prompt per class, labels, batches
    // that split the images and keep every prompt; the loss and accuracy match a
    // computation written here from the model's similarities.
    void zeroShotFromAClassFolder()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path model = writeClipModel(root / "model");
        for (int i = 0; i < 6; ++i)
            QVERIFY(save(pattern(i), root / "images" / (i % 2 ? "dog" : "cat") / (std::to_string(i) + ".png")));
        write(root / "images" / "cat" / "readme.txt", "not an image");
        const auto config = readModelConfig(model / "config.json");
        DataOptions options;
        options.prompt = "a photo of a {}.";
        const Dataset data = readDataset(root / "images", config, options, model);
        QCOMPARE(data.rows, 6);
        QCOMPARE(data.inputs.inputIds.size(0), 2); // one prompt per class
        QCOMPARE(data.inputs.labels.sizes().vec(), (std::vector<int64_t>{6}));
        QCOMPARE(data.warnings.size(), size_t(1));
        QVERIFY(contains(data.warnings.front(), "readme.txt"));
        QCOMPARE(data.inputs.inputIds[0][0].item<int64_t>(), 798);

        const auto batches = makeBatches(data.inputs, 4, 0, 0);
        QCOMPARE(batches.size(), size_t(2));
        QCOMPARE(batches[1].pixelValues.size(0), 2);
        QCOMPARE(batches[1].inputIds.size(0), 2);

        auto clip = Checkpoint::open(model)->loadModel();
        const EvalResult result = evaluate(*clip, batches);
        QCOMPARE(result.task, std::string("zero-shot classification"));
        const auto out = clip->forward(data.inputs, {}, true);
        const auto predicted = out.logitsPerImage.argmax(-1);
        const double accuracy = predicted.eq(data.inputs.labels).to(torch::kDouble).mean().item<double>();
        QCOMPARE(result.metrics.at("accuracy"), accuracy);
        // Cross-entropy of each image's similarities to the prompts, written out.
        const auto logProbs = out.logitsPerImage - out.logitsPerImage.exp().sum(-1, true).log();
        const double loss = -logProbs.gather(1, data.inputs.labels.unsqueeze(1)).mean().item<double>();
        qInfo("zero-shot loss %.6f (ours) vs %.6f (here)", out.loss.item<double>(), loss);
        QVERIFY(std::abs(out.loss.item<double>() - loss) < 1e-5);
        QVERIFY(std::abs(result.metrics.at("loss") - loss) < 1e-5);

        // Scoring on zero-shot data reaches both towers.
        ScoreOptions score;
        score.method = "taylor";
        const ScoreMap scores = computeScores(*clip, batches, score);
        QVERIFY(scores.at("text.heads").abs().sum().item<double>() > 0);
        QVERIFY(scores.at("vision.neurons").abs().sum().item<double>() > 0);

        // A sample is chosen before decoding, as makeBatches would choose it.
        fs::remove(root / "images" / "cat" / "readme.txt");
        options.maxExamples = 3;
        options.seed = 4;
        const Dataset sample = readDataset(root / "images", config, options, model);
        QCOMPARE(sample.rows, 3);
        const auto expected = sampleIndices(6, 3, 4);
        QVERIFY(torch::equal(sample.inputs.labels, data.inputs.labels.index_select(0, expected)));
    }

    void zeroShotFromIdx()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path model = writeClipModel(root / "model");
        std::vector<uint8_t> pixels(4 * 28 * 28);
        for (size_t i = 0; i < pixels.size(); ++i)
            pixels[i] = uint8_t(i * 13 % 256);
        write(root / "fashion-mnist" / "t10k-images-idx3-ubyte", idx({4, 28, 28}, pixels));
        write(root / "fashion-mnist" / "t10k-labels-idx1-ubyte", idx({4}, {0, 9, 3, 3}));
        const auto config = readModelConfig(model / "config.json");
        const Dataset data = readDataset(root / "fashion-mnist" / "t10k-images-idx3-ubyte", config, {}, model);
        QCOMPARE(data.inputs.pixelValues.sizes().vec(), (std::vector<int64_t>{4, 3, 32, 32}));
        QCOMPARE(data.inputs.inputIds.size(0), 10); // the Fashion-MNIST classes
        QVERIFY(contains(data.description, "10 classes"));

        write(root / "fashion-mnist" / "t10k-labels-idx1-ubyte", idx({3}, {0, 1, 2}));
        try {
            readDataset(root / "fashion-mnist" / "t10k-images-idx3-ubyte", config, {}, model);
            QFAIL("accepted 3 labels for 4 images");
        } catch (const Error &e) {
            QVERIFY2(contains(e.what(), "3 labels for 4 images"), e.what());
        }
    }

    // Image-caption tables: images relative to the table, bad rows reported by line.
    void readsImageCaptionTables()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path model = writeClipModel(root / "model");
        for (int i = 0; i < 3; ++i)
            QVERIFY(save(pattern(i), root / "pics" / (std::to_string(i) + ".png")));
        write(root / "pairs.tsv", "image\tcaption\npics/0.png\ta red square\npics/missing.png\tnothing\npics/1.png\ta cat\n"
                                  "pics/2.png\ta dog\n");
        const auto config = readModelConfig(model / "config.json");
        const Dataset data = readDataset(root / "pairs.tsv", config, {}, model);
        QCOMPARE(data.rows, 3);
        QCOMPARE(data.inputs.inputIds.size(0), 3);
        QCOMPARE(data.inputs.pixelValues.size(0), 3);
        QCOMPARE(data.warnings.size(), size_t(1));
        QVERIFY2(contains(data.warnings.front(), "pairs.tsv line 3"), data.warnings.front().c_str());
        auto clip = Checkpoint::open(model)->loadModel();
        const EvalResult result = evaluate(*clip, {data.inputs});
        QCOMPARE(result.task, std::string("image-text matching"));

        DataOptions options;
        options.captionColumn = "text";
        try {
            readDataset(root / "pairs.tsv", config, options, model);
            QFAIL("accepted a table without the caption column");
        } catch (const Error &e) {
            QVERIFY2(contains(e.what(), "no column 'text'"), e.what());
        }
    }

    // ViTImageProcessor (tests/data/hf/vit/preprocessor_config.json: 32 x 32, rescale 1/255,
    // mean and std 0.5): the 8-bit images behind the fixture's pixel values (already 32 x 32,
    // so nothing is resized), prepared again, give those values. Each is (x * 1/255 - 0.5) / 0.5
    // of magnitude at most 1, two float32 roundings here and about as many in transformers:
    // within 4 eps. Without preprocessor_config.json the family's processor gives the same.
    void preparesAsViTImageProcessorDid()
    {
        const auto config = readModelConfig(kVit / "config.json");
        const ImageProcessing processing = readImageProcessing(kVit, config);
        QCOMPARE(processing.type, std::string("ViTImageProcessor"));
        QCOMPARE(processing.resample, std::string("bilinear"));
        QVERIFY(!processing.doCrop);
        const auto reference = SafetensorsFile::open(kVit / "reference.safetensors")->tensor("pixel_values");
        const auto images = fixtureImages();
        const auto prepared = prepareImages(images, processing);
        const double difference = (prepared - reference).abs().max().item<double>();
        qInfo("ViT pixel values: max |ours - transformers| %.3g (4 eps = %.3g)", difference,
              4 * double(std::numeric_limits<float>::epsilon()));
        QVERIFY(difference <= 4 * std::numeric_limits<float>::epsilon());

        QTemporaryDir dir;
        const fs::path bare = dir.path().toStdString();
        fs::copy_file(kVit / "config.json", bare / "config.json");
        const ImageProcessing fallback = readImageProcessing(bare, config);
        QCOMPARE(fallback.type, std::string("ViTImageProcessor"));
        QCOMPARE(fallback.height, int64_t(32));
        QCOMPARE(fallback.width, int64_t(32));
        QVERIFY(!fallback.doCrop);
        QVERIFY2(contains(fallback.source, "ViTImageProcessor as it is by default"), fallback.source.c_str());
        QVERIFY(torch::equal(prepareImages(images, fallback), prepared));
    }

    // Each family's processor without preprocessor_config.json: CLIP's resizes the shortest
    // edge and crops, ViT's resizes to the exact size. A 96 x 32 image with a white middle
    // third: CLIP's crop is all white, ViT's squeezed image keeps black thirds either side.
    void resizesExactlyOrCrops()
    {
        auto wide = torch::zeros({32, 96, 1}, torch::kUInt8);
        wide.slice(1, 32, 64).fill_(255);
        const ImageProcessing clip = readImageProcessing(kClip, readModelConfig(kClip / "config.json"));
        QCOMPARE(clip.type, std::string("CLIPImageProcessor"));
        QVERIFY(clip.doCrop);
        const auto cropped = prepareImages({wide}, clip);
        QCOMPARE(cropped.sizes().vec(), (std::vector<int64_t>{1, 3, 32, 32}));
        const double white = (1.0 - clip.mean[0]) / clip.std[0];
        QVERIFY((cropped[0][0] - white).abs().max().item<double>() < 1e-5);

        const ImageProcessing vit = readImageProcessing(kVit, readModelConfig(kVit / "config.json"));
        const auto squeezed = prepareImages({wide}, vit);
        QCOMPARE(squeezed.sizes().vec(), (std::vector<int64_t>{1, 3, 32, 32}));
        for (int64_t column : {0, 31})
            QVERIFY(std::abs(squeezed[0][0][16][column].item<double>() + 1) < 1e-6);
        QVERIFY(std::abs(squeezed[0][0][16][16].item<double>() - 1) < 1e-6);
    }

    // Resizing against Pillow, which transformers' slow processors call (tests/data/images-vit,
    // made by its make_fixture.py): images that shrink, grow, or shrink one way and grow the
    // other, through ViT's bilinear, nearest and CLIP's bicubic with its crop. Pillow's
    // integer arithmetic is reproduced, so the 8-bit images agree exactly, and so do the
    // pixel values made from them.
    void resizesAsPillowDoes_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("processor");
        for (const char *image : {"tall", "small", "wide"})
            for (const char *processor : {"vit", "nearest", "clip"})
                QTest::newRow((std::string(image) + " " + processor).c_str())
                    << QString::fromLatin1(image) << QString::fromLatin1(processor);
    }
    void resizesAsPillowDoes()
    {
        QFETCH(QString, image);
        QFETCH(QString, processor);
        const fs::path model = processor == QLatin1String("clip") ? kClip : kVit;
        ImageProcessing processing = readImageProcessing(model, readModelConfig(model / "config.json"));
        if (processor == QLatin1String("nearest"))
            processing.resample = "nearest";
        const fs::path folder = fs::path(PRUNESCOPE_TEST_DATA) / "images-vit";
        const auto source = decodeImage(folder / (image.toStdString() + ".ppm"));
        QVERIFY(source.size(0) != 32 && source.size(1) != 32);
        const auto resized = decodeImage(folder / (image.toStdString() + "-" + processor.toStdString() + ".ppm"));
        const auto ours = prepareImages({source}, processing);
        const auto pillows = prepareImages({resized}, processing); // 32 x 32 already: only rescaled and normalised
        qInfo("%s through %s: max |ours - Pillow's| %.3g", qPrintable(image), qPrintable(processor),
              (ours - pillows).abs().max().item<double>());
        QVERIFY(torch::equal(ours, pillows));
    }

    // preprocessor_config.json's settings: the "Fast" names, the flags, and refusals that
    // name the file and the key.
    void readsProcessorSettings_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("refusal"); // empty: read
        QTest::newRow("fast name") << QStringLiteral(R"({"image_processor_type": "ViTImageProcessorFast", "resample": 3})")
                                   << QString();
        QTest::newRow("clip fast name")
            << QStringLiteral(R"({"image_processor_type": "CLIPImageProcessorFast", "size": {"shortest_edge": 40}})")
            << QString();
        QTest::newRow("no type: the family's") << QStringLiteral(R"({"do_normalize": false})") << QString();
        QTest::newRow("other size")
            << QStringLiteral(R"({"image_processor_type": "ViTImageProcessor", "size": {"height": 64, "width": 64}})")
            << QStringLiteral("64 x 64 and not cropped do not make the model's 32-pixel square");
        QTest::newRow("other crop") << QStringLiteral(R"({"image_processor_type": "CLIPImageProcessor", "crop_size": 28})")
                                    << QStringLiteral("crop size 28 differs from the model's image size 32");
        QTest::newRow("resample 4") << QStringLiteral(R"({"image_processor_type": "ViTImageProcessor", "resample": 4})")
                                    << QStringLiteral("'resample' 4 is not supported (0 nearest, 2 bilinear, 3 bicubic)");
        QTest::newRow("unknown processor") << QStringLiteral(R"({"image_processor_type": "DetrImageProcessor"})")
                                           << QStringLiteral("image processor 'DetrImageProcessor' is not supported");
        QTest::newRow("two means") << QStringLiteral(R"({"image_mean": [0.5, 0.5]})")
                                   << QStringLiteral("'image_mean' must hold 3 values");
    }
    void readsProcessorSettings()
    {
        QFETCH(QString, json);
        QFETCH(QString, refusal);
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        fs::copy_file(kVit / "config.json", folder / "config.json");
        write(folder / "preprocessor_config.json", json.toStdString());
        const auto config = readModelConfig(folder / "config.json");
        try {
            const ImageProcessing processing = readImageProcessing(folder, config);
            QVERIFY2(refusal.isEmpty(), "read settings it should refuse");
            QCOMPARE(processing.source, (folder / "preprocessor_config.json").string());
            const auto prepared = prepareImages({torch::full({40, 48, 3}, 255, torch::kUInt8)}, processing);
            QCOMPARE(prepared.sizes().vec(), (std::vector<int64_t>{1, 3, 32, 32}));
            if (json.contains(QLatin1String("Fast\"")))
                QVERIFY(!contains(processing.type, "Fast"));
            if (json.contains(QLatin1String("resample\": 3")))
                QCOMPARE(processing.resample, std::string("bicubic"));
            if (json.contains(QLatin1String("do_normalize")))
                QVERIFY(std::abs(prepared.max().item<double>() - 1.0) < 1e-6); // 255 / 255, not normalised
            if (json.contains(QLatin1String("shortest_edge")))
                QVERIFY(processing.doCrop && processing.resize == 40);
        } catch (const Error &e) {
            QVERIFY2(!refusal.isEmpty(), e.what());
            QVERIFY2(contains(e.what(), "preprocessor_config.json") && contains(e.what(), refusal.toStdString()), e.what());
        }
    }

    // do_resize false: images of the model's size pass unchanged, another size is refused
    // naming the file, both sizes and the flag.
    void refusesImagesNotResizedToTheModel()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        fs::copy_file(kVit / "config.json", folder / "config.json");
        write(folder / "preprocessor_config.json", R"({"image_processor_type": "ViTImageProcessor", "do_resize": false})");
        const ImageProcessing processing = readImageProcessing(folder, readModelConfig(folder / "config.json"));
        const auto images = fixtureImages();
        QVERIFY(torch::equal(prepareImages(images, processing),
                             prepareImages(images, readImageProcessing(kVit, readModelConfig(kVit / "config.json")))));
        try {
            prepareImages({torch::zeros({28, 30, 3}, torch::kUInt8)}, processing);
            QFAIL("prepared a 30 x 28 image for a 32-pixel model without resizing it");
        } catch (const Error &e) {
            QVERIFY2(contains(e.what(), "preprocessor_config.json: an image of 30 x 28 pixels comes out 30 x 28")
                         && contains(e.what(), "reads 32 x 32 (do_resize is false)"),
                     e.what());
        }
    }
};

QTEST_MAIN(TestImages)
#include "tst_images.moc"
