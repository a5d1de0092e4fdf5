// prunescope-cli given bad input of every kind it reads: malformed and truncated files,
// files of the wrong kind, options out of their range or values, outputs it cannot or may
// not write. Each case must fail with a non-zero exit and a message that names the file,
// row or option, and must leave the work folder exactly as it was (no output, no
// temporary file left behind).
#include "core/io/safetensors.h"

#include <torch/torch.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/core/cli_run.h" // after LibTorch: Qt's "slots" macro breaks its headers

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

using namespace prunescope;
namespace fs = std::filesystem;

namespace {

using testing::cli;
using testing::Run;

// `text` with the first `from` replaced by `to`; a test data file without `from` is a bug in
// the test, not a case.
std::string replacedOnce(std::string text, const std::string &from, const std::string &to, const char *file)
{
    const size_t at = text.find(from);
    if (at == std::string::npos)
        qFatal("%s has no %s", file, from.c_str());
    return text.replace(at, from.size(), to);
}

void writeBytes(const fs::path &path, const std::string &bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

// A safetensors file from its header text and data bytes; `length` overrides the header
// length the file declares.
std::string safetensors(const std::string &header, const std::string &data, int64_t length = -1)
{
    const uint64_t n = length < 0 ? header.size() : uint64_t(length);
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[size_t(i)] = char((n >> (8 * i)) & 0xff);
    return bytes + header + data;
}

// A copy of the tiny BERT with one file replaced (or removed when `bytes` is null).
void brokenModel(const fs::path &folder, const std::string &file, const std::string *bytes)
{
    fs::create_directories(folder);
    for (const auto &entry : fs::directory_iterator(fs::path(PRUNESCOPE_TEST_DATA) / "tiny-bert"))
        fs::copy_file(entry.path(), folder / entry.path().filename(), fs::copy_options::overwrite_existing);
    if (bytes)
        writeBytes(folder / file, *bytes);
    else
        fs::remove(folder / file);
}

// "eval --model @/bert ..." as arguments: words split at spaces, '' an empty word, @ the
// work folder.
QStringList words(const QString &line, const QString &work)
{
    QStringList result;
    for (const QString &word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        result << (word == QStringLiteral("''") ? QString() : QString(word).replace(QLatin1Char('@'), work));
    return result;
}

struct Case
{
    QString name;
    QString arguments;
    QString expected; // a substring of the message
};

std::vector<Case> cases();

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_work;
    // Content hashes by inode, kept while a file's size and modification time stay the same
    // (the cases' folders share their files as hard links).
    std::map<std::tuple<dev_t, ino_t, off_t, int64_t>, QByteArray> m_hashes;

    // Every file and folder under `folder`, with its size and its content's hash.
    QByteArray treeHash(const fs::path &folder)
    {
        QStringList entries;
        for (const auto &entry : fs::recursive_directory_iterator(folder)) {
            struct stat status = {};
            if (::lstat(entry.path().c_str(), &status) != 0)
                qFatal("cannot stat %s", entry.path().c_str());
            QByteArray content = S_ISDIR(status.st_mode) ? QByteArray("dir") : QByteArray();
            if (S_ISREG(status.st_mode)) {
                const auto key = std::make_tuple(status.st_dev, status.st_ino, status.st_size,
                                                 int64_t(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec);
                std::lock_guard<std::mutex> lock(m_hashing);
                QByteArray &hash = m_hashes[key];
                if (hash.isEmpty()) {
                    QFile file(QString::fromStdString(entry.path().string()));
                    if (!file.open(QIODevice::ReadOnly))
                        qFatal("cannot read %s", entry.path().c_str());
                    QCryptographicHash sha(QCryptographicHash::Sha1);
                    sha.addData(&file);
                    hash = sha.result().toHex();
                }
                content = hash;
            }
            entries << QString::fromStdString(fs::relative(entry.path(), folder).string()) + QLatin1Char(' ')
                           + QString::number(status.st_size) + QLatin1Char(' ') + QString::fromLatin1(content);
        }
        entries.sort();
        return QCryptographicHash::hash(entries.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha1).toHex();
    }

    struct Result
    {
        Run run;
        bool unchanged = false;
    };
    std::vector<Result> m_results; // by case, in the order of cases()
    std::mutex m_hashing;

    Result runCase(const Case &c, size_t index);

private slots:
    void initTestCase();
    void refuses_data();
    void refuses();
};

void TestBadInput::initTestCase()
{
    QVERIFY(m_root.isValid());
    m_work = m_root.filePath(QStringLiteral("work"));
    const fs::path work = m_work.toStdString();
    const fs::path data = PRUNESCOPE_TEST_DATA;
    fs::create_directories(work / "data");
    fs::copy(data / "tiny-bert", work / "bert", fs::copy_options::recursive);
    fs::copy(data / "sentences.tsv", work / "data/good.tsv");
    fs::copy(data / "hf/gpt2", work / "gpt2", fs::copy_options::recursive);
    fs::copy(data / "hf/vit", work / "vit", fs::copy_options::recursive);
    // Image data for the ViT fixture (labels LABEL_0 .. LABEL_3), each bad in one way.
    const std::string image = "P6 32 32 255\n" + std::string(32 * 32 * 3, '\x40');
    writeBytes(work / "images/by-name/cat/a.ppm", image);
    writeBytes(work / "images/table-bad-label.csv", "image,label\nok.ppm,dog\n");
    writeBytes(work / "images/table-no-image.csv", "image,label\nmissing.ppm,LABEL_1\n");
    writeBytes(work / "images/ok.ppm", image);

    // Data files, each bad in one way.
    writeBytes(work / "data/empty-sentence.tsv", "sentence\tlabel\n\t0\n   \t1\n");
    writeBytes(work / "data/not-utf8.tsv", "sentence\tlabel\nthe caf\xe9 was closed\t0\n");
    writeBytes(work / "data/overlong-utf8.tsv", "sentence\tlabel\nslash \xc0\xaf here\t0\n");
    writeBytes(work / "data/huge-header.tsv", std::string(10'000'000, 'x') + "\n");
    writeBytes(work / "data/huge-row.tsv", "sentence\tlabel\n" + std::string(10'000'000, 'y') + "\n");
    writeBytes(work / "data/bad-label.tsv", "sentence\tlabel\nthe river ran high\tseven\n");
    writeBytes(work / "data/empty.tsv", "");
    writeBytes(work / "data/header-only.tsv", "sentence\tlabel\n");
    writeBytes(work / "data/wrong-columns.tsv", "text\ttarget\nthe river ran high\t0\n");
    writeBytes(work / "data/extra-field.tsv", "sentence\tlabel\nthe river\t0\t1\n");
    writeBytes(work / "data/broken.jsonl", "{\"sentence\": \"the river\", \"label\": 0\n");
    writeBytes(work / "data/not-utf8.jsonl", "{\"sentence\": \"caf\xe9\", \"label\": 0}\n");
    writeBytes(work / "data/array.jsonl", "[\"the river\", 0]\n");
    writeBytes(work / "data/empty-sentence.jsonl", "{\"sentence\": \"\", \"label\": 0}\n");
    writeBytes(work / "data/unclosed.csv", "sentence,label\n\"the river,0\n");
    writeBytes(work / "data/table.xlsx", "PK\x03\x04");
    writeBytes(work / "data/text.txt", "the river ran high after a week of rain\n");
    writeBytes(work / "data/bad-regression.tsv", "sentence\tlabel\nthe river\t0.5x\n");

    // Safetensors files, each broken in one way, as a model's weights and as a mask.
    const std::string okHeader = R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const std::map<std::string, std::string> safetensorsFiles = {
        {"truncated", std::string("\x10\x00\x00", 3)},
        {"empty", ""},
        {"length-past-end", safetensors(okHeader, std::string(8, '\0'), 1'000'000)},
        {"bad-json", safetensors("{\"x\": [1, 2", std::string(8, '\0'))},
        {"not-object", safetensors("[1,2,3]", "")},
        {"offsets-out-of-range", safetensors(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}})", std::string(8, '\0'))},
        {"wrong-dtype", safetensors(R"({"x":{"dtype":"F17","shape":[2],"data_offsets":[0,8]}})", std::string(8, '\0'))},
        {"shape-mismatch", safetensors(R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, '\0'))},
        {"negative-shape", safetensors(R"({"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", std::string(8, '\0'))},
    };
    for (const auto &[name, bytes] : safetensorsFiles) {
        brokenModel(work / "models" / ("st-" + name), "model.safetensors", &bytes);
        writeBytes(work / "maps" / (name + ".safetensors"), bytes);
    }

    // config.json broken in one way each.
    std::ifstream configFile(data / "tiny-bert/config.json");
    const std::string config((std::istreambuf_iterator<char>(configFile)), std::istreambuf_iterator<char>());
    const auto replaced = [&](const std::string &from, const std::string &to) {
        return replacedOnce(config, from, to, "config.json");
    };
    const std::map<std::string, std::string> configs = {
        {"not-json", "{\"model_type\": \"bert\", "},
        {"array", "[1, 2, 3]"},
        {"no-model-type", replaced("\"model_type\": \"bert\",", "")},
        {"unknown-model-type", replaced("\"model_type\": \"bert\"", "\"model_type\": \"mamba9\"")},
        {"hidden-size-string", replaced("\"hidden_size\": 64", "\"hidden_size\": \"64\"")},
        {"heads-do-not-divide", replaced("\"num_attention_heads\": 4", "\"num_attention_heads\": 5")},
        {"negative-layers", replaced("\"num_hidden_layers\": 2", "\"num_hidden_layers\": -1")},
        {"fewer-layers", replaced("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3")},
        {"wrong-hidden-size", replaced("\"hidden_size\": 64", "\"hidden_size\": 32")},
    };
    for (const auto &[name, text] : configs)
        brokenModel(work / "models" / ("config-" + name), "config.json", &text);
    brokenModel(work / "models/config-missing", "config.json", nullptr);

    // Tokenizer files broken in one way each: the model's vocab.txt, and tokenizer folders.
    const std::string emptyVocab, noUnk = "[PAD]\n[CLS]\n[SEP]\nthe\n";
    brokenModel(work / "models/vocab-empty", "vocab.txt", &emptyVocab);
    brokenModel(work / "models/vocab-no-unk", "vocab.txt", &noUnk);
    brokenModel(work / "models/vocab-missing", "vocab.txt", nullptr);
    writeBytes(work / "tok/json-not-json/tokenizer.json", "{\"model\": {\"type\": ");
    writeBytes(work / "tok/json-unknown-model/tokenizer.json", R"({"model": {"type": "Unigram", "vocab": []}})");
    writeBytes(work / "tok/json-no-model/tokenizer.json", R"({"version": "1.0"})");
    writeBytes(work / "tok/json-vocab-array/tokenizer.json", R"({"model": {"type": "WordPiece", "vocab": [1, 2]}})");
    writeBytes(work / "tok/bpe-vocab-not-json/vocab.json", "{\"a\": 0,");
    writeBytes(work / "tok/bpe-vocab-not-json/merges.txt", "#version: 0.2\na b\n");
    writeBytes(work / "tok/bpe-merges-broken/vocab.json", R"({"a": 0, "b": 1, "ab": 2})");
    writeBytes(work / "tok/bpe-merges-broken/merges.txt", "#version: 0.2\nab\n");
    writeBytes(work / "tok/bpe-no-merges/vocab.json", R"({"a": 0, "b": 1})");
    writeBytes(work / "tok/vocab-not-utf8/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\ncaf\xe9\n");
    fs::create_directories(work / "tok/none");

    // Maps made by the tool itself, and maps of the wrong shape for this model.
    Run run = cli(words(QStringLiteral("score --model @/bert --data @/data/good.tsv --method magnitude --device cpu "
                                       "--granularity weight,head,neuron --out @/maps/scores.safetensors"),
                        m_work));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = cli(words(QStringLiteral("mask --scores @/maps/scores.safetensors --sparsity 0.5 --granularity weight "
                                   "--out @/maps/mask.safetensors"),
                    m_work));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = cli(words(QStringLiteral("score --model @/gpt2 --method magnitude --device cpu --granularity weight,head,neuron "
                                   "--out @/maps/gpt2-scores.safetensors"),
                    m_work)); // magnitude needs no data
    QVERIFY2(run.exitCode == 0, run.err.constData());
    writeSafetensors(work / "maps/wrong-shape-mask.safetensors",
                     {{"bert.encoder.layer.0.attention.self.query.weight", torch::ones({3, 5})}}, {{"format", "pt"}});
    writeSafetensors(work / "maps/unknown-tensor-mask.safetensors", {{"no.such.tensor", torch::ones({4})}}, {{"format", "pt"}});

    // Studies: a good one, and study.json files broken in one way each.
    run = cli(words(QStringLiteral("study init @/study --model @/bert --data @/data/good.tsv"), m_work));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    std::ifstream studyFile(work / "study/study.json");
    const std::string study((std::istreambuf_iterator<char>(studyFile)), std::istreambuf_iterator<char>());
    const auto studyWith = [&](const std::string &from, const std::string &to) {
        return replacedOnce(study, from, to, "study.json");
    };
    const std::map<std::string, std::string> studies = {
        {"not-json", "{\"model\": "},
        {"array", "[]"},
        {"batch-size-string", studyWith("\"batch_size\": 16", "\"batch_size\": \"sixteen\"")},
        {"bad-precision", studyWith("\"precision\": \"fp32\"", "\"precision\": \"bf61\"")},
        {"bad-device", studyWith("\"device\": \"auto\"", "\"device\": \"gpu\"")},
    };
    for (const auto &[name, text] : studies)
        writeBytes(work / ("study-" + name) / "study.json", text);

    // Outputs: a regular file to write under (ENOTDIR even as root), and targets that exist.
    fs::create_directories(work / "out"); // where outputs would go: empty, writable
    writeBytes(work / "blocker", "a file, not a folder\n");
    writeBytes(work / "existing/keep.txt", "the user's work\n");
    fs::copy_file(work / "maps/mask.safetensors", work / "existing.safetensors");
    writeBytes(work / "existing.csv", "the user's table\n");
    writeBytes(work / "sweep-done/sweep.json", "{}\n");

    // The cases run one per core (two at least), each in its own copy of the work folder (hard links),
    // so that what one case leaves behind is its own.
    const std::vector<Case> all = cases();
    m_results.resize(all.size());
    std::atomic<size_t> next{0};
    const auto worker = [&] {
        for (size_t i; (i = next++) < all.size();)
            m_results[i] = runCase(all[i], i);
    };
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < std::max(2u, std::thread::hardware_concurrency()); ++t)
        workers.emplace_back(worker);
    for (auto &thread : workers)
        thread.join();
}

TestBadInput::Result TestBadInput::runCase(const Case &c, size_t index)
{
    const fs::path folder = fs::path(m_root.path().toStdString()) / "cases" / std::to_string(index);
    fs::create_directories(folder.parent_path());
    fs::copy(m_work.toStdString(), folder, fs::copy_options::recursive | fs::copy_options::create_hard_links);
    Result result;
    const QByteArray before = treeHash(folder);
    result.run = cli(words(c.arguments, QString::fromStdString(folder.string())));
    result.unchanged = treeHash(folder) == before;
    // Not fs::remove_all: with GCC 13 and a PyTorch wheel's LibTorch (the GPU servers) it
    // jumps to address 0, as saveCheckpoint's comment in core/pruning/training.cpp records.
    QDir(QString::fromStdString(folder.string())).removeRecursively();
    return result;
}

namespace {

std::vector<Case> cases()
{
    std::vector<Case> all;
    const auto addCase = [&](const char *name, const char *arguments, const char *expected) {
        all.push_back({QString::fromUtf8(name), QString::fromUtf8(arguments), QString::fromUtf8(expected)});
    };

#define EVAL "eval --model @/bert --data @/data/good.tsv --device cpu "
#define TRAIN "train --model @/bert --data @/data/good.tsv --device cpu --max-steps 1 --out @/out/trained "
#define SCORE "score --model @/bert --data @/data/good.tsv --device cpu --out @/out/scores.safetensors "
#define MASK "mask --scores @/maps/scores.safetensors --out @/out/mask.safetensors "
#define SWEEP "sweep --model @/bert --data @/data/good.tsv --device cpu --out-dir @/out/sweep "
#define SCAN "sigma-scan --model @/bert --data @/data/good.tsv --device cpu --out-dir @/out/scan "
#define ATTRIBUTE "attribute --model @/bert --data @/data/good.tsv --device cpu --out @/out/maps.safetensors "
#define EXPORT "export --model @/bert --mask @/maps/mask.safetensors --out @/out/export "
#define COMPARE "compare @/maps/scores.safetensors @/maps/scores.safetensors "
#define TOKENIZE "tokenize --tokenizer @/bert "

    // Numeric options out of their range, or not numbers.
    addCase("max-examples 0", EVAL "--max-examples 0", "--max-examples");
    addCase("max-examples word", EVAL "--max-examples many", "--max-examples");
    addCase("batch-size 0", EVAL "--batch-size 0", "--batch-size");
    addCase("batch-size fraction", EVAL "--batch-size 1.5", "--batch-size");
    addCase("max-length 0", EVAL "--max-length 0", "--max-length");
    addCase("max-length past positions", EVAL "--max-length 65", "--max-length");
    addCase("max-length huge", EVAL "--max-length 99999999999999999999", "--max-length");
    addCase("seed negative", EVAL "--seed -1", "--seed");
    addCase("tokenize max-length 0", TOKENIZE "--max-length 0 hello", "--max-length");
    addCase("lr negative", TRAIN "--lr -1", "--lr");
    addCase("lr nan", TRAIN "--lr nan", "--lr");
    addCase("lr trailing text", TRAIN "--lr 1e-3x", "--lr");
    addCase("epochs 0", TRAIN "--epochs 0", "--epochs");
    addCase("max-steps negative", TRAIN "--max-steps -1", "--max-steps");
    addCase("weight-decay negative", TRAIN "--weight-decay -0.1", "--weight-decay");
    addCase("warmup 1", TRAIN "--warmup 1", "--warmup");
    addCase("max-grad-norm negative", TRAIN "--max-grad-norm -1", "--max-grad-norm");
    addCase("validation-fraction 1", TRAIN "--validation-fraction 1", "--validation-fraction");
    addCase("eval-every negative", TRAIN "--eval-every -5", "--eval-every");
    addCase("patience word", TRAIN "--patience forever", "--patience");
    addCase("final-keep 0", TRAIN "--movement soft --final-keep 0", "--final-keep");
    addCase("threshold 1", TRAIN "--movement soft --threshold 1", "--threshold");
    addCase("score-lr 0", TRAIN "--movement soft --score-lr 0", "--score-lr");
    addCase("penalty negative", TRAIN "--movement gum --penalty -2", "--penalty");
    addCase("prune-warmup 1", TRAIN "--movement hard --prune-warmup 1", "--prune-warmup");
    addCase("rho 0", TRAIN "--pattern admm --rho 0", "--rho");
    addCase("rho-growth below 1", TRAIN "--pattern admm --rho-growth 0.5", "--rho-growth");
    addCase("rounds 0", TRAIN "--pattern admm --rounds 0", "--rounds");
    addCase("retrain past 1", TRAIN "--pattern admm --retrain 1.5", "--retrain");
    addCase("nm not n:m", TRAIN "--pattern admm --nm 4:3", "--nm");
    addCase("sparsity past 1", TRAIN "--prune isp --sparsity 1.5", "--sparsity");
    addCase("denoisers 0", TRAIN "--prune isp --denoisers 0", "--denoisers");
    addCase("round-share 0", TRAIN "--prune isp --round-share 0", "--round-share");
    addCase("rate 1", TRAIN "--prune imp --rate 1", "--rate");
    addCase("rewind negative", TRAIN "--prune imp --rewind -1", "--rewind");
    addCase("push negative", TRAIN "--prune abp --push -1", "--push");
    addCase("mask-lr 0", TRAIN "--prune abp --mask-lr 0", "--mask-lr");
    addCase("samples 0", SCORE "--method smooth-cut --samples 0", "--samples");
    addCase("sigma 0", SCORE "--method smooth-cut --sigma 0", "--sigma");
    addCase("cam-shift negative", SCORE "--method cam-cut --cam-shift -1", "--cam-shift");
    addCase("mask sparsity past 1", MASK "--granularity weight --sparsity 1.5", "--sparsity");
    addCase("mask sparsity missing", MASK "--granularity weight", "--sparsity");
    addCase("sweep sparsity past 1", SWEEP "--methods magnitude --sparsities 0.5,2 --granularity weight", "--sparsities");
    addCase("sweep sparsity word", SWEEP "--methods magnitude --sparsities 0.5,half --granularity weight", "--sparsities");
    addCase("sweep sparsities empty", SWEEP "--methods magnitude --sparsities '' --granularity weight", "--sparsities");
    addCase("compare top 0", COMPARE "--top 0", "--top");
    addCase("compare kendall-units 0", COMPARE "--kendall-units 0", "--kendall-units");
    addCase("export align 0", EXPORT "--align 0", "--align");
    addCase("export time negative", EXPORT "--time -1", "--time");
    addCase("attribute layer -2", ATTRIBUTE "--layer -2", "--layer");
    addCase("attribute samples 0", ATTRIBUTE "--method smoothgrad --samples 0", "--samples");
    addCase("study batch-size 0", "study init @/out/study --model @/bert --batch-size 0", "--batch-size");
    addCase("study max-length 0", "study init @/out/study --model @/bert --max-length 0", "--max-length");
    addCase("study max-examples 0", "study eval @/study --max-examples 0", "--max-examples");

    // Enumerated options: a value that is not one of those allowed.
    addCase("study precision", "study init @/out/study --model @/bert --precision bf61", "--precision 'bf61' is not one of fp32, tf32x3, bf16 or fp16");
    addCase("study device", "study init @/out/study --model @/bert --device tpu", "--device 'tpu'");
    addCase("study precision on a study", "study eval @/study --precision fp8", "--precision 'fp8'");
    addCase("score precision", SCORE "--method magnitude --precision fp8", "--precision 'fp8'");
    addCase("train precision", TRAIN "--precision half", "--precision 'half'");
    // tf32x3 splits float32 products on a GPU's tensor cores: not on the CPU, and not a type to
    // hold a model in.
    addCase("score tf32x3 on the CPU", SCORE "--method taylor --precision tf32x3",
            "precision tf32x3 splits float32 products on a GPU's TF32 tensor cores, but");
    addCase("score tf32x3 on the CPU, a method with no forward pass", SCORE "--method magnitude --precision tf32x3",
            "precision tf32x3 splits float32 products on a GPU's TF32 tensor cores, but");
    addCase("train tf32x3 on the CPU", TRAIN "--precision tf32x3",
            "precision tf32x3 splits float32 products on a GPU's TF32 tensor cores, but");
    addCase("prune precision tf32x3",
            "prune --model @/bert --method sparsegpt --data @/data/good.tsv --device cpu --out @/out/pruned "
            "--precision tf32x3",
            "--precision 'tf32x3' is not one of fp32, bf16 or fp16");
    addCase("prune precision misspelt",
            "prune --model @/bert --method sparsegpt --data @/data/good.tsv --device cpu --out @/out/pruned "
            "--precision bf61",
            "--precision 'bf61' is not one of fp32, bf16 or fp16");
    addCase("device word", EVAL "--device gpu", "--device 'gpu'");
    addCase("device number", EVAL "--device cuda:x", "--device 'cuda:x'");
    addCase("device past the GPUs", EVAL "--device cuda:99", "--device 'cuda:99'");
    addCase("score method", SCORE "--method bogus", "--method 'bogus' is not one of random, magnitude");
    addCase("score granularity", SCORE "--method taylor --granularity weight,cube", "--granularity");
    addCase("score granularity empty", SCORE "--method taylor --granularity ''", "--granularity");
    addCase("score noise-on", SCORE "--method smooth-cut --noise-on middle", "--noise-on 'middle' is not one of outputs or embeddings");
    addCase("mask granularity", MASK "--granularity cube --sparsity 0.5", "--granularity 'cube'");
    addCase("mask scope", MASK "--granularity weight --scope planet --sparsity 0.5", "--scope 'planet'");
    addCase("mask n:m", MASK "--granularity 5:4", "--granularity '5:4'");
    addCase("sweep methods empty", SWEEP "--methods '' --sparsities 0.5 --granularity weight", "--methods is empty");
    addCase("sweep methods unknown", SWEEP "--methods magnitude,bogus --sparsities 0.5 --granularity weight", "--methods 'bogus'");
    addCase("sweep methods twice", SWEEP "--methods magnitude,magnitude --sparsities 0.5 --granularity weight", "--methods names 'magnitude' twice");
    addCase("sweep scope", SWEEP "--methods magnitude --sparsities 0.5 --granularity weight --scope nowhere", "--scope 'nowhere'");
    addCase("attribute method", ATTRIBUTE "--method lime", "--method 'lime' is not one of gradcam or smoothgrad");
    addCase("attribute tower", ATTRIBUTE "--tower audio", "--tower 'audio' is not one of text or vision");
    addCase("export mode", EXPORT "--mode fat", "--mode");
    addCase("export uniform", EXPORT "--uniform wobble", "--uniform");
    addCase("export onnx dtype", EXPORT "--mode onnx --onnx-dtype float8", "--onnx-dtype 'float8' is not one of float32 or float16");
    addCase("export onnx dtype without onnx", EXPORT "--onnx-dtype float16", "--onnx-dtype is for --mode onnx");
    addCase("export measure without onnx", EXPORT "--measure", "--measure and --threads are for --mode onnx");
    addCase("export measure repeats", EXPORT "--mode onnx --measure --repeats 0", "--repeats");
    addCase("export measure dtype", EXPORT "--mode onnx --measure --measure-dtype int8",
            "--measure-dtype 'int8' is not one of float32, float16 or bfloat16");
    addCase("export measure dtype without measure", EXPORT "--mode onnx --measure-dtype bfloat16",
            "--measure-dtype is for --measure");
    addCase("export measure dtype on the cpu", EXPORT "--mode onnx --measure --measure-dtype bfloat16 --device cpu",
            "--measure-dtype bfloat16 is for --device cuda");
    addCase("train movement", TRAIN "--movement medium", "--movement 'medium' is not one of hard, soft or gum");
    addCase("train movement granularity", TRAIN "--movement soft --granularity head", "--granularity 'head'");
    addCase("train pattern", TRAIN "--pattern admm2", "--pattern 'admm2'");
    addCase("train prune", TRAIN "--prune snip", "--prune 'snip' is not one of isp, abp, imp or deepcuts");
    addCase("train combine", TRAIN "--prune isp --combine average", "--combine 'average'");
    addCase("train prune scope", TRAIN "--prune isp --scope row", "--scope 'row'");
    addCase("train method option without a method", TRAIN "--rho 1e-3", "--rho is an option of a training method");
    addCase("train option of another method", TRAIN "--movement hard --threshold 0.5", "--threshold is not an option of method 'hard'");
    addCase("train deepcuts score", TRAIN "--prune deepcuts --score head-importance", "--score 'head-importance'");
    addCase("train deepcuts other score's option", TRAIN "--prune deepcuts --cam-shift 0",
            "cam-shift 0 is an option of another score method, not of taylor");
    addCase("sigma-scan sigma zero", SCAN "--sigmas 0,1", "--sigmas");
    addCase("sigma-scan one sigma", SCAN "--sigma 0.1", "--sigma is one noise level: give the levels to scan with --sigmas");
    addCase("sigma-scan sparsity one", SCAN "--sparsities 0.5,1", "sparsity 1 is not between 0 and 1");
    addCase("sigma-scan other method's option", SCAN "--cam-shift 0", "--cam-shift");
    addCase("study score method", "study score @/study --method bogus", "--method 'bogus'");
    addCase("study attribute tower", "study attribute @/study --tower audio", "--tower 'audio'");
    addCase("study sweep methods empty", "study sweep @/study --methods '' --sparsities 0.5 --granularity weight", "--methods is empty");
    addCase("study action", "study frobnicate @/study", "unknown study action 'frobnicate'");
    addCase("unknown option", EVAL "--colour red", "unknown option --colour");
    addCase("option without value", "eval --data @/data/good.tsv --model", "option --model needs a value");
    addCase("unknown command", "evaluate --model @/bert", "unknown command 'evaluate'");

    // Data files: the file and the row named.
    addCase("data empty sentence", EVAL "--data @/data/empty-sentence.tsv", "empty-sentence.tsv line 2: the column 'sentence' is empty");
    addCase("data not utf-8", EVAL "--data @/data/not-utf8.tsv", "not-utf8.tsv line 2: not UTF-8");
    addCase("data overlong utf-8", EVAL "--data @/data/overlong-utf8.tsv", "overlong-utf8.tsv line 2: not UTF-8");
    addCase("data huge header without tab", EVAL "--data @/data/huge-header.tsv", "huge-header.tsv: no usable rows; no rows after the header");
    addCase("data huge row without tab", EVAL "--data @/data/huge-row.tsv", "huge-row.tsv line 2: 1 fields, the header has 2 (the line has no tab)");
    addCase("data bad label", EVAL "--data @/data/bad-label.tsv", "bad-label.tsv line 2: label 'seven'");
    addCase("data empty file", EVAL "--data @/data/empty.tsv", "empty.tsv: the file is empty");
    addCase("data header only", EVAL "--data @/data/header-only.tsv", "header-only.tsv: no usable rows; no rows after the header");
    addCase("data wrong columns", EVAL "--data @/data/wrong-columns.tsv", "the header has the columns 'text', 'target', not 'sentence'");
    addCase("data extra field", EVAL "--data @/data/extra-field.tsv", "extra-field.tsv line 2: 3 fields, the header has 2");
    addCase("data broken jsonl", EVAL "--data @/data/broken.jsonl", "broken.jsonl line 1: not valid JSON");
    addCase("data jsonl not utf-8", EVAL "--data @/data/not-utf8.jsonl", "not-utf8.jsonl line 1: not UTF-8");
    addCase("data jsonl array", EVAL "--data @/data/array.jsonl", "array.jsonl line 1");
    addCase("data jsonl empty sentence", EVAL "--data @/data/empty-sentence.jsonl", "empty-sentence.jsonl line 1: the column 'sentence' is empty");
    addCase("data csv unclosed quote", EVAL "--data @/data/unclosed.csv", "unclosed.csv line 2: a quoted field is never closed");
    addCase("data unknown format", EVAL "--data @/data/table.xlsx", "table.xlsx: unknown data format");
    addCase("data missing", EVAL "--data @/data/nowhere.tsv", "nowhere.tsv");
    addCase("data text column", EVAL "--text-column text", "no column 'text'");
    addCase("data plain text for a classifier", EVAL "--data @/data/text.txt", "text.txt: plain text is language-modelling data");
    addCase("image folder not a label", "eval --model @/vit --device cpu --data @/images/by-name",
            "cat: the folder's name is not one of the model's labels (LABEL_0, LABEL_1, LABEL_2 and LABEL_3)");
    addCase("image table unknown label", "eval --model @/vit --device cpu --data @/images/table-bad-label.csv",
            "table-bad-label.csv line 2: label 'dog' is not one of the model's labels");
    addCase("image table missing image", "eval --model @/vit --device cpu --data @/images/table-no-image.csv",
            "missing.ppm");
    addCase("data folder for a classifier", EVAL "--data @/data", "images are data for a model that reads images (CLIP, ViT)");
    addCase("data bad data for training", TRAIN "--data @/data/not-utf8.tsv", "not-utf8.tsv line 2: not UTF-8");
    addCase("data bad validation", TRAIN "--validation @/data/bad-label.tsv", "bad-label.tsv line 2");
    addCase("data bad for scoring", SCORE "--method taylor --data @/data/empty-sentence.tsv", "empty-sentence.tsv line 2");
    addCase("data bad for a study", "study data @/study --data @/data/huge-row.tsv", "huge-row.tsv line 2");

    // Safetensors files: as a model's weights and as a mask.
    for (const char *name : {"truncated", "empty", "length-past-end", "bad-json", "not-object", "offsets-out-of-range",
                             "wrong-dtype", "shape-mismatch", "negative-shape"}) {
        const QByteArray model = QByteArray("eval --model @/models/st-") + name + " --data @/data/good.tsv --device cpu";
        all.push_back({QStringLiteral("weights %1").arg(QLatin1String(name)), QString::fromUtf8(model),
                       QStringLiteral("model.safetensors")});
        const QByteArray mask = QByteArray(EVAL "--mask @/maps/") + name + ".safetensors";
        all.push_back({QStringLiteral("mask %1").arg(QLatin1String(name)), QString::fromUtf8(mask),
                       QString::fromUtf8(QByteArray(name) + ".safetensors")});
    }
    addCase("forward inputs truncated", "forward --model @/bert --inputs @/maps/truncated.safetensors --out @/out/f.safetensors --device cpu",
            "truncated.safetensors");
    addCase("verify reference bad json", "verify --model @/bert --reference @/maps/bad-json.safetensors --device cpu", "bad-json.safetensors");
    addCase("info truncated weights", "info --model @/models/st-truncated", "model.safetensors");

    // config.json: the file named.
    for (const char *name : {"not-json", "array", "no-model-type", "unknown-model-type", "hidden-size-string",
                             "heads-do-not-divide", "negative-layers", "fewer-layers", "wrong-hidden-size", "missing"}) {
        const QByteArray model = QByteArray("eval --model @/models/config-") + name + " --data @/data/good.tsv --device cpu";
        // A config that reads but disagrees with the weights is reported at the weights.
        const QByteArray which = QByteArray(name) == "fewer-layers" ? QByteArray("config-fewer-layers")
                                 : QByteArray(name) == "wrong-hidden-size" ? QByteArray("model.safetensors")
                                                                           : QByteArray("config.json");
        all.push_back({QStringLiteral("config %1").arg(QLatin1String(name)), QString::fromUtf8(model), QString::fromUtf8(which)});
    }

    // Tokenizer files.
    addCase("vocab.txt empty", "eval --model @/models/vocab-empty --data @/data/good.tsv --device cpu", "vocab.txt");
    addCase("vocab.txt without [UNK]", "eval --model @/models/vocab-no-unk --data @/data/good.tsv --device cpu", "vocab.txt");
    addCase("vocab.txt missing", "eval --model @/models/vocab-missing --data @/data/good.tsv --device cpu", "no tokenizer files");
    addCase("tokenizer.json not json", "tokenize --tokenizer @/tok/json-not-json hello", "tokenizer.json");
    addCase("tokenizer.json unknown model", "tokenize --tokenizer @/tok/json-unknown-model hello", "tokenizer.json");
    addCase("tokenizer.json no model", "tokenize --tokenizer @/tok/json-no-model hello", "tokenizer.json");
    addCase("tokenizer.json vocab array", "tokenize --tokenizer @/tok/json-vocab-array hello", "tokenizer.json");
    addCase("vocab.json not json", "tokenize --tokenizer @/tok/bpe-vocab-not-json hello", "vocab.json");
    addCase("merges.txt line of one token", "tokenize --tokenizer @/tok/bpe-merges-broken hello", "merges.txt");
    addCase("merges.txt missing", "tokenize --tokenizer @/tok/bpe-no-merges hello", "merges.txt");
    addCase("vocab.txt not utf-8", "tokenize --tokenizer @/tok/vocab-not-utf8 hello", "vocab.txt");
    addCase("tokenizer folder empty", "tokenize --tokenizer @/tok/none hello", "no tokenizer files in");

    // study.json.
    addCase("study not json", "study show @/study-not-json", "study.json");
    addCase("study array", "study show @/study-array", "study.json");
    addCase("study batch size a word", "study show @/study-batch-size-string", "batch_size");
    addCase("study precision misspelt", "study score @/study-bad-precision --method magnitude", "precision 'bf61'");
    addCase("study device misspelt", "study eval @/study-bad-device", "device 'gpu'");
    addCase("study missing", "study show @/no-study", "study.json");

    // Maps of the wrong shape, or naming tensors the model lacks.
    addCase("mask of the wrong shape", EVAL "--mask @/maps/wrong-shape-mask.safetensors", "wrong-shape-mask.safetensors");
    addCase("mask of an unknown tensor", EVAL "--mask @/maps/unknown-tensor-mask.safetensors", "unknown-tensor-mask.safetensors");
    addCase("scores of another model", "mask --scores @/maps/gpt2-scores.safetensors --model @/bert --granularity weight "
                                       "--sparsity 0.5 --out @/out/mask.safetensors", "gpt2-scores.safetensors");
    addCase("compare maps of two models", "compare @/maps/scores.safetensors @/maps/gpt2-scores.safetensors", "gpt2-scores");
    addCase("export mask of the wrong shape", "export --model @/bert --mask @/maps/wrong-shape-mask.safetensors --out @/out/export",
            "wrong-shape-mask.safetensors");

    // Files of the wrong kind.
    addCase("score map as a mask", EVAL "--mask @/maps/scores.safetensors", "scores.safetensors is a score map, not a mask");
    addCase("score map to export", "export --model @/bert --mask @/maps/scores.safetensors --out @/out/export",
            "scores.safetensors is a score map, not a mask");
    addCase("score map to train under", TRAIN "--mask @/maps/scores.safetensors", "scores.safetensors is a score map, not a mask");
    addCase("mask as scores", "mask --scores @/maps/mask.safetensors --granularity weight --sparsity 0.5 --out @/out/mask.safetensors",
            "mask.safetensors is a mask");
    addCase("score map to mask-analysis", "mask-analysis --model @/bert --mask @/maps/scores.safetensors",
            "scores.safetensors is a score map, not a mask");
    addCase("compare a mask with scores", "compare @/maps/mask.safetensors @/maps/scores.safetensors", "scores.safetensors");

    // Outputs that cannot be written (under a regular file: ENOTDIR, even as root).
    addCase("score out under a file", "score --model @/bert --data @/data/good.tsv --device cpu --method magnitude "
                                      "--out @/blocker/scores.safetensors", "blocker");
    addCase("mask out under a file", "mask --scores @/maps/scores.safetensors --granularity weight --sparsity 0.5 "
                                     "--out @/blocker/mask.safetensors", "blocker");
    addCase("forward out under a file", "forward --model @/bert --inputs @/gpt2/reference.safetensors --device cpu "
                                        "--out @/blocker/out.safetensors", "blocker");
    addCase("export out under a file", "export --model @/bert --mask @/maps/mask.safetensors --out @/blocker/export", "blocker");
    addCase("train out under a file", "train --model @/bert --data @/data/good.tsv --device cpu --max-steps 1 "
                                      "--out @/blocker/trained", "blocker");
    addCase("sweep out under a file", "sweep --model @/bert --data @/data/good.tsv --device cpu --methods magnitude "
                                      "--sparsities 0.5 --granularity weight --max-examples 4 --out-dir @/blocker/sweep", "blocker");
    addCase("compare csv under a file", COMPARE "--csv @/blocker/comparison.csv", "blocker");
    addCase("attribute out under a file", "attribute --model @/bert --data @/data/good.tsv --device cpu --max-examples 2 "
                                          "--out @/blocker/maps.safetensors", "blocker");
    addCase("study under a file", "study init @/blocker/study --model @/bert", "blocker");

    // Outputs that exist: refused without --force.
    addCase("train into a folder with files", "train --model @/bert --data @/data/good.tsv --device cpu --max-steps 1 "
                                              "--out @/existing", "existing");
    addCase("export into a folder with files", "export --model @/bert --mask @/maps/mask.safetensors --out @/existing", "existing");
    addCase("score over a file", "score --model @/bert --data @/data/good.tsv --device cpu --method magnitude "
                                 "--out @/existing.safetensors", "existing.safetensors");
    addCase("mask over a file", "mask --scores @/maps/scores.safetensors --granularity weight --sparsity 0.5 "
                                "--out @/existing.safetensors", "existing.safetensors");
    addCase("forward over a file", "forward --model @/bert --inputs @/gpt2/reference.safetensors --device cpu "
                                   "--out @/existing.safetensors", "existing.safetensors");
    addCase("compare csv over a file", COMPARE "--csv @/existing.csv", "existing.csv");
    addCase("sweep over a sweep", "sweep --model @/bert --data @/data/good.tsv --device cpu --methods magnitude "
                                  "--sparsities 0.5 --granularity weight --out-dir @/sweep-done", "sweep-done");
    addCase("study over a study", "study init @/study --model @/bert", "study.json exists");

#undef EVAL
#undef TRAIN
#undef SCORE
#undef MASK
#undef SWEEP
#undef SCAN
#undef ATTRIBUTE
#undef EXPORT
#undef COMPARE
#undef TOKENIZE
    return all;
}

} // namespace

void TestBadInput::refuses_data()
{
    QTest::addColumn<int>("index");
    const std::vector<Case> all = cases();
    for (size_t i = 0; i < all.size(); ++i)
        QTest::newRow(qPrintable(all[i].name)) << int(i);
}

void TestBadInput::refuses()
{
    QFETCH(int, index);
    const Case c = cases()[size_t(index)];
    const Result &result = m_results[size_t(index)];
    const QString message = QString::fromUtf8(result.run.err + result.run.out);
    QVERIFY2(result.run.exitCode > 0, qPrintable(QStringLiteral("exit %1: %2").arg(result.run.exitCode).arg(message.right(600))));
    QVERIFY2(message.contains(c.expected), qPrintable(message.right(600)));
    QVERIFY2(!message.contains(QStringLiteral("c10::")) && !message.contains(QStringLiteral("Exception raised from")),
             qPrintable(message.right(600)));
    QVERIFY2(result.unchanged, "the work folder changed");
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"
