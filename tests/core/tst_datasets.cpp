// Datasets: TSV / CSV / JSONL classification tables with bad rows reported by line,
// quoting, label names, sentence pairs; plain text packed into LM blocks or strided windows
// (strides refused where they do not apply); image classification data for the ViT fixture
// (class folders named by its labels or ids, tables of image paths and labels, IDX), sampled
// before anything is decoded; and the refusal of files with nothing usable.
#include "core/models/checkpoint.h"
#include "core/data/datasets.h"
#include "core/data/image_data.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/text/tokenizer.h"
#include "tests/core/idx_files.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace prunescope;
using prunescope::testing::idx;
namespace fs = std::filesystem;

namespace {

// A WordPiece vocabulary small enough for the fixture model's 1000 token ids.
fs::path writeTokenizer(const fs::path &folder)
{
    fs::create_directories(folder);
    std::ofstream vocab(folder / "vocab.txt");
    for (const char *token : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat", "a", "dog",
                              "ran", ",", ".", "!", "good", "bad", "##s"})
        vocab << token << "\n";
    return folder;
}

fs::path writeFile(const QTemporaryDir &dir, const char *name, const std::string &text)
{
    const fs::path path = fs::path(dir.path().toStdString()) / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

ModelConfig bertConfig()
{
    return readModelConfig(fs::path(PRUNESCOPE_TEST_DATA) / "hf/bert/config.json");
}

// The ViT fixture: 32 x 32 RGB images, labels LABEL_0 to LABEL_3.
const fs::path kVit = fs::path(PRUNESCOPE_TEST_DATA) / "hf" / "vit";

// A binary PPM (P6, or P5 grey) of a colour gradient shifted by `seed`, written by hand
// (decodeImage reads them, and this test links no image library).
void writeImage(const fs::path &path, int width, int height, int seed, bool grey = false)
{
    fs::create_directories(path.parent_path());
    std::string bytes = std::string(grey ? "P5" : "P6") + "\n" + std::to_string(width) + " " + std::to_string(height)
                        + "\n255\n";
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            bytes += char((x * 7 + seed * 40) % 256);
            if (!grey) {
                bytes += char((y * 5 + seed * 90) % 256);
                bytes += char((x * y + seed) % 256);
            }
        }
    std::ofstream(path, std::ios::binary) << bytes;
}

// images/1/c.ppm (32 x 32), images/LABEL_3/a.ppm (40 x 24), images/LABEL_3/b.pgm (grey
// 32 x 32) and images/1/notes.txt, which is no image. "1" is a label id, LABEL_3 a name.
fs::path writeClassFolders(const fs::path &root)
{
    writeImage(root / "images" / "1" / "c.ppm", 32, 32, 1);
    writeImage(root / "images" / "LABEL_3" / "a.ppm", 40, 24, 2);
    writeImage(root / "images" / "LABEL_3" / "b.pgm", 32, 32, 3, true);
    std::ofstream(root / "images" / "1" / "notes.txt") << "not an image";
    return root / "images";
}

// One image prepared as the ViT fixture's processor prepares it, [3, 32, 32].
torch::Tensor vitPixels(const fs::path &image)
{
    return prepareImages({decodeImage(image)}, readImageProcessing(kVit, readModelConfig(kVit / "config.json")))[0];
}

// The rows of the image tables: image path, label (a name or an id) and, for a row that
// is skipped, what its warning says after the file and line.
struct ImageTableRow
{
    std::string image, label, warning;
};

const std::vector<ImageTableRow> kImageRows = {
    {"images/1/c.ppm", "LABEL_2", ""},
    {"images/LABEL_3/a.ppm", "0", ""},
    {"images/LABEL_3/b.pgm", "dog",
     "label 'dog' is not one of the model's labels (LABEL_0, LABEL_1, LABEL_2 and LABEL_3) nor a label id below 4; "
     "row skipped"},
    {"images/none.png", "1", "none.png"},
    {"images/1/notes.txt", "1", "notes.txt: not an image this build reads"},
    {"images/LABEL_3/b.pgm", "4", "label '4' is not one of the model's labels"},
    {"images/LABEL_3/b.pgm", "LABEL_1", ""},
};

// kImageRows as a table: .csv, .tsv or .jsonl, with the given column names.
std::string imageTable(const std::string &extension, const std::string &imageColumn = "image",
                       const std::string &labelColumn = "label")
{
    if (extension == ".jsonl") {
        std::string text;
        for (const auto &row : kImageRows)
            text += "{\"" + imageColumn + "\": \"" + row.image + "\", \"" + labelColumn + "\": \"" + row.label + "\"}\n";
        return text;
    }
    const std::string separator = extension == ".csv" ? "," : "\t";
    std::string text = imageColumn + separator + labelColumn + "\n";
    for (const auto &row : kImageRows)
        text += row.image + separator + row.label + "\n";
    return text;
}

} // namespace

class TestDatasets : public QObject
{
    Q_OBJECT

private slots:
    void readsTablesAndReportsBadRows_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QStringList>("warnings");
        QTest::newRow("tsv") << QStringLiteral("train.tsv")
                             << QStringLiteral("sentence\tlabel\nthe cat sat\t0\nthe dog ran\t2\nno label here\n"
                                               "a mat\tseven\nthe mat\tLABEL_1\n")
                             << 3
                             << QStringList{QStringLiteral("train.tsv line 4: 1 fields, the header has 2 (the line has no tab); row skipped"),
                                            QStringLiteral("train.tsv line 5: label 'seven' is not one of the model's 3 classes; row skipped")};
        QTest::newRow("csv quoting") << QStringLiteral("train.csv")
                                     << QStringLiteral("label,sentence\n1,\"the cat, the dog\"\n0,\"a \"\"good\"\" dog\"\n"
                                                       "2,\"a mat\nover two lines\"\n5,the mat\n")
                                     << 3 << QStringList{QStringLiteral("train.csv line 6: label '5' is not one of the model's 3 classes; row skipped")};
        QTest::newRow("jsonl") << QStringLiteral("train.jsonl")
                               << QStringLiteral("{\"sentence\": \"the cat sat\", \"label\": 1}\n{broken\n\n"
                                                 "{\"text\": \"wrong column\", \"label\": 0}\n{\"sentence\": \"a dog\", \"label\": \"LABEL_2\"}\n")
                               << 2
                               << QStringList{QStringLiteral("train.jsonl line 2: not valid JSON"),
                                              QStringLiteral("train.jsonl line 4: no column 'sentence'; row skipped")};
    }
    void readsTablesAndReportsBadRows()
    {
        QFETCH(QString, name);
        QFETCH(QString, text);
        QFETCH(int, rows);
        QFETCH(QStringList, warnings);
        QTemporaryDir dir;
        const auto tokenizer = Tokenizer::load(writeTokenizer(fs::path(dir.path().toStdString()) / "tok"));
        const auto path = writeFile(dir, qPrintable(name), text.toStdString());
        const Dataset data = readTextClassification(path, *tokenizer, bertConfig(), {});
        QCOMPARE(int(data.rows), rows);
        QCOMPARE(int(data.warnings.size()), warnings.size());
        for (int i = 0; i < warnings.size(); ++i)
            QVERIFY2(QString::fromStdString(data.warnings[size_t(i)]).startsWith(warnings[i]), data.warnings[size_t(i)].c_str());
        QCOMPARE(data.inputs.inputIds.size(0), int64_t(rows));
        QCOMPARE(data.inputs.labels.dim(), int64_t(1));
        // Every example starts with [CLS]; padding is marked out.
        QVERIFY(data.inputs.inputIds.select(1, 0).eq(2).all().item<bool>());
        QCOMPARE(data.inputs.attentionMask.sum().item<int64_t>(), data.inputs.inputIds.ne(0).sum().item<int64_t>());
    }

    void readsSentencePairs()
    {
        QTemporaryDir dir;
        const auto tokenizer = Tokenizer::load(writeTokenizer(fs::path(dir.path().toStdString()) / "tok"));
        const auto path = writeFile(dir, "pairs.tsv", "index\tsentence1\tsentence2\tlabel\n0\tthe cat\ta dog ran\t1\n");
        DataOptions options;
        options.textColumn = "sentence1";
        options.pairColumn = "sentence2";
        const Dataset data = readTextClassification(path, *tokenizer, bertConfig(), options);
        QVERIFY(torch::equal(data.inputs.inputIds[0], torch::tensor({2, 5, 6, 3, 10, 11, 12, 3}, torch::kLong)));
        QVERIFY(torch::equal(data.inputs.tokenTypeIds[0], torch::tensor({0, 0, 0, 0, 1, 1, 1, 1}, torch::kLong)));
    }

    void refusesFilesWithoutUsableRows_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QString() << QStringLiteral("the file is empty");
        QTest::newRow("wrong columns") << QStringLiteral("text\ty\nthe cat\t1\n")
                                       << QStringLiteral("no usable rows (first problem: data.tsv line 2: no column 'sentence'");
    }
    void refusesFilesWithoutUsableRows()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const auto tokenizer = Tokenizer::load(writeTokenizer(fs::path(dir.path().toStdString()) / "tok"));
        const auto path = writeFile(dir, "data.tsv", text.toStdString());
        QString message;
        try {
            readTextClassification(path, *tokenizer, bertConfig(), {});
        } catch (const Error &e) {
            message = QString::fromStdString(e.what());
        }
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    // Plain text: tokens packed into full blocks; the rest is reported.
    void packsTextIntoBlocks()
    {
        QTemporaryDir dir;
        const auto tokenizer = Tokenizer::load(fs::path(PRUNESCOPE_TEST_DATA) / "tokenizers/gpt2");
        const auto path = writeFile(dir, "corpus.txt", "The cat sat on the mat. The dog ran on the mat, and the cat sat again.\n");
        DataOptions options;
        options.maxLength = 4;
        const Dataset data = readLanguageModelText(path, *tokenizer, options);
        EncodeOptions plain;
        plain.addSpecialTokens = false;
        const auto ids = tokenizer->encode("The cat sat on the mat. The dog ran on the mat, and the cat sat again.\n", plain).ids;
        QCOMPARE(data.inputs.inputIds.size(0), int64_t(ids.size() / 4));
        QCOMPARE(data.inputs.inputIds[1][0].item<int64_t>(), ids[4]);
        QVERIFY(torch::equal(data.inputs.labels, data.inputs.inputIds));
        QCOMPARE(int(data.warnings.size()), ids.size() % 4 ? 1 : 0);
    }

    // Strided windows, laid out here from the Hugging Face perplexity guide's loop: every
    // window holds its tokens, padding is masked out and labelled -100, and only the tokens
    // the window before did not reach are targets; a causal LM (which predicts a window's
    // position p from the positions before it) then predicts every token but the first once.
    void slidesWindowsOverText_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("stride");
        QTest::newRow("stride 1 of 4") << 4 << 1;
        QTest::newRow("stride 3 of 4") << 4 << 3;
        QTest::newRow("stride 5 of 8, a short last window") << 8 << 5;
        QTest::newRow("stride 4 of 4, blocks and the tail") << 4 << 4;
        QTest::newRow("one window longer than the text") << 64 << 8;
    }
    void slidesWindowsOverText()
    {
        QFETCH(int, length);
        QFETCH(int, stride);
        QTemporaryDir dir;
        const auto tokenizer = Tokenizer::load(fs::path(PRUNESCOPE_TEST_DATA) / "tokenizers/gpt2");
        const std::string text = "The cat sat on the mat. The dog ran on the mat, and the cat sat again.\n";
        DataOptions options;
        options.maxLength = length;
        options.stride = stride;
        const Dataset data = readLanguageModelText(writeFile(dir, "corpus.txt", text), *tokenizer, options);
        EncodeOptions plain;
        plain.addSpecialTokens = false;
        const std::vector<int64_t> ids = tokenizer->encode(text, plain).ids;
        const auto count = int64_t(ids.size());
        QVERIFY(data.warnings.empty());

        std::vector<int> predicted(ids.size(), 0); // how often each token of the text is a causal LM's target
        int64_t row = 0, previousEnd = 0;
        for (int64_t begin = 0; begin < count; begin += stride, ++row) {
            const int64_t end = std::min(begin + length, count), targets = end - previousEnd;
            QVERIFY2(row < data.rows, qPrintable(QStringLiteral("window %1 is missing").arg(row)));
            for (int64_t p = 0; p < length; ++p) {
                const bool inText = begin + p < end;
                const int64_t id = data.inputs.inputIds[row][p].item<int64_t>();
                const int64_t label = data.inputs.labels[row][p].item<int64_t>();
                QCOMPARE(data.inputs.attentionMask[row][p].item<int64_t>(), int64_t(inText ? 1 : 0));
                if (inText)
                    QCOMPARE(id, ids[size_t(begin + p)]);
                const bool target = inText && begin + p >= end - targets;
                QCOMPARE(label, target ? ids[size_t(begin + p)] : int64_t(-100));
                if (target && p > 0)
                    ++predicted[size_t(begin + p)];
            }
            previousEnd = end;
            if (end == count)
                break;
        }
        QCOMPARE(data.rows, row + 1);
        QCOMPARE(data.inputs.inputIds.size(0), row + 1);
        QCOMPARE(predicted[0], 0);
        // With overlapping windows every later token is predicted once; windows that do not
        // overlap (stride = length) each start without context, as blocks do.
        int64_t once = 0;
        for (size_t i = 1; i < predicted.size(); ++i)
            once += predicted[i] == 1;
        QCOMPARE(once, stride < length ? count - 1 : count - (row + 1));
        const std::string windows = std::to_string(row + 1) + (row == 0 ? " window " : " windows ");
        QVERIFY2(data.description.find(windows) != std::string::npos, data.description.c_str());
        const std::string predictedOnce = "; " + std::to_string(once) + " predicted by a causal LM";
        QVERIFY2(data.description.find(predictedOnce) != std::string::npos, data.description.c_str());
        qInfo("%lld tokens, %lld windows of %d every %d: %s", (long long)count, (long long)(row + 1), length, stride,
              data.description.c_str());
    }

    // A stride that does not fit the model, the data or the window is refused naming --stride.
    void refusesBadStrides_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("data");
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("stride");
        QTest::addColumn<QString>("message");
        const QString gpt2 = QStringLiteral("hf/gpt2"), text = QStringLiteral("corpus.txt");
        QTest::newRow("negative") << gpt2 << text << 8 << -1 << QStringLiteral("--stride is -1: windows of 8 tokens");
        QTest::newRow("longer than the window")
            << gpt2 << text << 8 << 9
            << QStringLiteral("--stride is 9: windows of 8 tokens (--max-length) start every 1 to 8");
        QTest::newRow("longer than the model's positions")
            << gpt2 << text << 128 << 100 << QStringLiteral("--stride is 100: windows of 64 tokens");
        QTest::newRow("classifier") << QStringLiteral("hf/bert") << QStringLiteral("sentences.tsv") << 8 << 4
                                    << QStringLiteral("--stride 4: strided windows are for a causal language model's "
                                                      "perplexity (GPT-2), and this model is a BertForSequenceClassification");
        QTest::newRow("masked LM") << QStringLiteral("tiny-mlm") << text << 8 << 4
                                   << QStringLiteral("this model is a BertForMaskedLM");
        QTest::newRow("pre-tokenised") << gpt2 << QStringLiteral("hf/gpt2/reference.safetensors") << 8 << 4
                                       << QStringLiteral("--stride 4: strided windows are read from plain text (.txt)");
    }
    void refusesBadStrides()
    {
        QFETCH(QString, model);
        QFETCH(QString, data);
        QFETCH(int, length);
        QFETCH(int, stride);
        QFETCH(QString, message);
        QTemporaryDir dir;
        writeFile(dir, "corpus.txt", "the cat sat on the mat and the dog ran");
        const fs::path folder = fs::path(PRUNESCOPE_TEST_DATA) / model.toStdString();
        const fs::path path = data == QStringLiteral("corpus.txt") ? fs::path(dir.path().toStdString()) / "corpus.txt"
                                                                   : fs::path(PRUNESCOPE_TEST_DATA) / data.toStdString();
        DataOptions options;
        options.maxLength = length;
        options.stride = stride;
        if (model == QStringLiteral("hf/gpt2"))
            options.tokenizer = fs::path(PRUNESCOPE_TEST_DATA) / "tokenizers/gpt2";
        QString error;
        try {
            readDataset(path, readModelConfig(folder / "config.json"), options, folder);
        } catch (const Error &e) {
            error = QString::fromStdString(e.what());
        }
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("--stride")), qPrintable(error));
    }

    // Class folders named by the ViT fixture's labels ("LABEL_3") or ids ("1"), in name
    // order, files in name order; a file that is no image is skipped with a warning; the
    // evaluation's accuracy is that of the logits' argmax.
    void readsImageClassFolders()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path folder = writeClassFolders(root);
        const auto config = readModelConfig(kVit / "config.json");
        const Dataset data = readDataset(folder, config, {}, kVit);
        QCOMPARE(data.rows, int64_t(3));
        QCOMPARE(data.inputs.pixelValues.sizes().vec(), (std::vector<int64_t>{3, 3, 32, 32}));
        QVERIFY(torch::equal(data.inputs.labels, torch::tensor({1, 3, 3}, torch::kLong)));
        QVERIFY(torch::equal(data.inputs.pixelValues[0], vitPixels(folder / "1" / "c.ppm")));
        QVERIFY(torch::equal(data.inputs.pixelValues[1], vitPixels(folder / "LABEL_3" / "a.ppm")));
        QCOMPARE(data.warnings.size(), size_t(1));
        QVERIFY2(data.warnings.front().find("notes.txt") != std::string::npos, data.warnings.front().c_str());
        QCOMPARE(data.skipped, int64_t(1));

        auto vit = Checkpoint::open(kVit)->loadModel();
        const EvalResult result = evaluate(*vit, makeBatches(data.inputs, 2, 0, 0));
        QCOMPARE(result.task, std::string("classification"));
        torch::NoGradGuard noGrad;
        const auto predicted = vit->forward(data.inputs).logits.argmax(-1);
        QCOMPARE(result.metrics.at("accuracy"), predicted.eq(data.inputs.labels).to(torch::kDouble).mean().item<double>());

        DataOptions two; // two of the four files, notes.txt perhaps among them
        two.maxExamples = 2;
        const Dataset sample = readDataset(folder, config, two, kVit);
        QCOMPARE(sample.rows + sample.skipped, int64_t(2));

        writeImage(folder / "cat" / "x.ppm", 4, 4, 0);
        writeImage(folder / "7" / "y.ppm", 4, 4, 0);
        QString message;
        try {
            readDataset(folder, config, {}, kVit);
        } catch (const Error &e) {
            message = QString::fromStdString(e.what());
        }
        const std::string expected = (folder / "7").string() + ": the folder's name is not one of the model's labels "
                                                               "(LABEL_0, LABEL_1, LABEL_2 and LABEL_3) nor a label id below 4";
        QVERIFY2(message.contains(QString::fromStdString(expected)), qPrintable(message));
    }

    // Tables of image paths (relative to the table) and labels (names or ids) for the ViT
    // fixture, in each format: unknown labels, a missing image and a file that is no image
    // are skipped with warnings naming the file and line.
    void readsImageTables_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::newRow("csv") << QStringLiteral(".csv");
        QTest::newRow("tsv") << QStringLiteral(".tsv");
        QTest::newRow("jsonl") << QStringLiteral(".jsonl");
    }
    void readsImageTables()
    {
        QFETCH(QString, extension);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolders(root);
        const std::string name = "train" + extension.toStdString();
        const auto path = writeFile(dir, name.c_str(), imageTable(extension.toStdString()));
        const Dataset data = readDataset(path, readModelConfig(kVit / "config.json"), {}, kVit);
        QCOMPARE(data.rows, int64_t(3));
        QVERIFY(torch::equal(data.inputs.labels, torch::tensor({2, 0, 1}, torch::kLong)));
        QVERIFY(torch::equal(data.inputs.pixelValues[0], vitPixels(root / "images" / "1" / "c.ppm")));
        QVERIFY(torch::equal(data.inputs.pixelValues[2], vitPixels(root / "images" / "LABEL_3" / "b.pgm")));
        std::vector<std::string> expected;
        for (size_t i = 0; i < kImageRows.size(); ++i)
            if (!kImageRows[i].warning.empty())
                expected.push_back(name + " line " + std::to_string(i + (extension == QLatin1String(".jsonl") ? 1 : 2))
                                   + ": ");
        QCOMPARE(data.warnings.size(), expected.size());
        QCOMPARE(data.skipped, int64_t(expected.size()));
        for (size_t i = 0, w = 0; i < kImageRows.size(); ++i) {
            if (kImageRows[i].warning.empty())
                continue;
            const std::string &warning = data.warnings[w];
            QVERIFY2(warning.rfind(expected[w], 0) == 0 && warning.find(kImageRows[i].warning) != std::string::npos
                         && warning.find("; row skipped") != std::string::npos,
                     warning.c_str());
            ++w;
        }
        QVERIFY(data.description.find("3 images") != std::string::npos);
    }

    // Other column names, through DataOptions; an absolute image path.
    void readsImageTablesWithOtherColumns()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolders(root);
        const std::string absolute = (root / "images" / "1" / "c.ppm").string();
        const auto path = writeFile(dir, "other.tsv", "class\tfile\nLABEL_3\t" + absolute + "\n");
        DataOptions options;
        options.imageColumn = "file";
        options.labelColumn = "class";
        const Dataset data = readDataset(path, readModelConfig(kVit / "config.json"), options, kVit);
        QCOMPARE(data.rows, int64_t(1));
        QVERIFY(torch::equal(data.inputs.labels, torch::tensor({3}, torch::kLong)));
        QVERIFY(torch::equal(data.inputs.pixelValues[0], vitPixels(absolute)));
    }

    // maxExamples chooses the rows before any image is decoded: rows left out may name
    // files that are no images, and no warning says so.
    void samplesImageTablesBeforeDecoding()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolders(root);
        const int64_t count = 8;
        const auto chosen = sampleIndices(count, 3, 11);
        std::string text = "image,label\n";
        std::vector<int64_t> labels;
        for (int64_t i = 0; i < count; ++i) {
            const bool kept = chosen.eq(i).any().item<bool>();
            text += std::string(kept ? "images/1/c.ppm" : "images/1/notes.txt") + "," + std::to_string(i % 4) + "\n";
            if (kept)
                labels.push_back(i % 4);
        }
        DataOptions options;
        options.maxExamples = 3;
        options.seed = 11;
        const auto path = writeFile(dir, "sample.csv", text);
        const Dataset data = readDataset(path, readModelConfig(kVit / "config.json"), options, kVit);
        QCOMPARE(data.rows, int64_t(3));
        QVERIFY(data.warnings.empty());
        QVERIFY(torch::equal(data.inputs.labels, torch::tensor(labels, torch::kLong)));
    }

    void refusesImageTablesWithoutUsableRows_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QStringLiteral("data.csv") << QString() << QStringLiteral("the file is empty");
        QTest::newRow("header only") << QStringLiteral("data.csv") << QStringLiteral("image,label\n")
                                     << QStringLiteral("no usable rows; no rows after the header (line 1)");
        QTest::newRow("empty jsonl") << QStringLiteral("data.jsonl") << QStringLiteral("\n")
                                     << QStringLiteral("no usable rows; the file has no rows");
        QTest::newRow("no label column")
            << QStringLiteral("data.tsv") << QStringLiteral("image\tclass\nimages/1/c.ppm\t1\n")
            << QStringLiteral("no usable rows (first problem: data.tsv line 2: no column 'label'; row skipped); 1 row, all skipped");
        QTest::newRow("no image column")
            << QStringLiteral("data.csv") << QStringLiteral("path,label\nimages/1/c.ppm,1\nimages/1/c.ppm,2\n")
            << QStringLiteral("no usable rows (first problem: data.csv line 2: no column 'image'; row skipped); 2 rows, all skipped");
        QTest::newRow("unknown labels") << QStringLiteral("data.csv") << QStringLiteral("image,label\nimages/1/c.ppm,cat\n")
                                        << QStringLiteral("data.csv line 2: label 'cat' is not one of the model's labels");
        QTest::newRow("no images") << QStringLiteral("data.csv") << QStringLiteral("image,label\nimages/1/notes.txt,1\n")
                                   << QStringLiteral("notes.txt: not an image this build reads");
    }
    void refusesImageTablesWithoutUsableRows()
    {
        QFETCH(QString, name);
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        writeClassFolders(dir.path().toStdString());
        const auto path = writeFile(dir, name.toUtf8().constData(), text.toStdString());
        QString message;
        try {
            readDataset(path, readModelConfig(kVit / "config.json"), {}, kVit);
        } catch (const Error &e) {
            message = QString::fromStdString(e.what());
        }
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    // IDX images and labels for the ViT fixture: 28 x 28 grey images resized to 32 x 32;
    // a label the model lacks is refused naming the labels file, the image and the labels.
    void readsIdxForAClassifier()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        std::vector<uint8_t> pixels(3 * 28 * 28);
        for (size_t i = 0; i < pixels.size(); ++i)
            pixels[i] = uint8_t(i * 7 % 256);
        std::ofstream(root / "t-images-idx3-ubyte", std::ios::binary) << idx({3, 28, 28}, pixels);
        std::ofstream(root / "t-labels-idx1-ubyte", std::ios::binary) << idx({3}, {0, 3, 2});
        const auto config = readModelConfig(kVit / "config.json");
        const Dataset data = readDataset(root / "t-images-idx3-ubyte", config, {}, kVit);
        QCOMPARE(data.inputs.pixelValues.sizes().vec(), (std::vector<int64_t>{3, 3, 32, 32}));
        QVERIFY(torch::equal(data.inputs.labels, torch::tensor({0, 3, 2}, torch::kLong)));

        std::ofstream(root / "t-labels-idx1-ubyte", std::ios::binary) << idx({3}, {0, 9, 2});
        QString message;
        try {
            readDataset(root / "t-images-idx3-ubyte", config, {}, kVit);
        } catch (const Error &e) {
            message = QString::fromStdString(e.what());
        }
        QVERIFY2(message.contains(QStringLiteral("t-labels-idx1-ubyte: label 9 (image 1) is not one of the model's 4 labels "
                                                 "(LABEL_0, LABEL_1, LABEL_2 and LABEL_3)")),
                 qPrintable(message));
    }

    // End to end: a TSV evaluates on the BERT fixture through readDataset.
    void evaluatesATable()
    {
        QTemporaryDir dir;
        const fs::path model = fs::path(dir.path().toStdString()) / "model";
        fs::create_directories(model);
        fs::copy_file(fs::path(PRUNESCOPE_TEST_DATA) / "hf/bert/config.json", model / "config.json");
        fs::copy_file(fs::path(PRUNESCOPE_TEST_DATA) / "hf/bert/model.safetensors", model / "model.safetensors");
        writeTokenizer(model);
        const auto path = writeFile(dir, "dev.tsv", "sentence\tlabel\nthe cat sat\t0\na dog ran\t1\nthe mat\t2\n");
        auto loaded = Checkpoint::open(model)->loadModel();
        const Dataset data = readDataset(path, loaded->config(), {}, model);
        const EvalResult result = evaluate(*loaded, {data.inputs});
        QCOMPARE(result.examples, int64_t(3));
        QVERIFY(result.metrics.count("accuracy"));
        QString message;
        try {
            readDataset(writeFile(dir, "corpus.txt", "the cat"), loaded->config(), {}, model);
        } catch (const Error &e) {
            message = QString::fromStdString(e.what());
        }
        QVERIFY2(message.contains(QStringLiteral("plain text is language-modelling data")), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "tst_datasets.moc"
