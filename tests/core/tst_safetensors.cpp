// The safetensors reader and writer against the format rules in FORMATS.md: round trips
// of every writable dtype, hand-made files for the converted dtypes, a corpus of malformed
// files that must each be refused with their own message, and the atomic writer's
// guarantees when something goes wrong.
#include "core/support/error.h"
#include "core/io/safetensors.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <limits>
#include <sys/resource.h>

using namespace prunescope;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- building files by hand ------------------------------------------------------------

QByteArray le(uint64_t value, int bytes)
{
    QByteArray out;
    for (int i = 0; i < bytes; ++i)
        out.append(char((value >> (8 * i)) & 0xFF));
    return out;
}

// 8-byte little-endian header length, the header text as given, then the data bytes.
QByteArray stFile(const QByteArray &header, const QByteArray &data = QByteArray())
{
    return le(uint64_t(header.size()), 8) + header + data;
}

// Same with a header length claim that need not match the header text.
QByteArray stFileClaiming(uint64_t claimedLength, const QByteArray &header, const QByteArray &data = QByteArray())
{
    return le(claimedLength, 8) + header + data;
}

QByteArray zeros(int n)
{
    return QByteArray(n, '\0');
}

fs::path writeBytes(const QTemporaryDir &dir, const QByteArray &bytes, const char *name = "file.safetensors")
{
    const fs::path path = fs::path(dir.path().toStdString()) / name;
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", path.c_str());
    return path;
}

QByteArray readBytes(const fs::path &path)
{
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

// Every entry of a folder, hidden ones included (the writer's temporaries start with '.').
QStringList folderEntries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

// The message of the prunescope::Error that opening throws, or "" when it opens.
QString openError(const fs::path &path)
{
    try {
        SafetensorsFile::open(path);
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

// The raw header JSON of a file, parsed independently of the code under test.
json rawHeader(const QByteArray &bytes, uint64_t *dataStart = nullptr)
{
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | uint8_t(bytes[i]);
    if (dataStart)
        *dataStart = 8 + length;
    return json::parse(bytes.mid(8, int(length)).toStdString());
}

// ---- dtypes and sample tensors ---------------------------------------------------------

struct DTypeRow
{
    const char *name;
    torch::ScalarType type;
    int size;
};

const DTypeRow kWritable[] = {
    {"F64", torch::kDouble, 8}, {"I64", torch::kLong, 8},     {"F32", torch::kFloat, 4},
    {"I32", torch::kInt, 4},    {"F16", torch::kHalf, 2},     {"BF16", torch::kBFloat16, 2},
    {"I16", torch::kShort, 2},  {"I8", torch::kChar, 1},      {"U8", torch::kByte, 1},
    {"BOOL", torch::kBool, 1},
};

const DTypeRow &dtypeRow(const QString &name)
{
    for (const auto &row : kWritable)
        if (name == QLatin1String(row.name))
            return row;
    qFatal("unknown dtype in test data: %s", qPrintable(name));
}

std::vector<int64_t> toShape(const QList<qint64> &dims)
{
    return std::vector<int64_t>(dims.begin(), dims.end());
}

// Deterministic values that exercise the type: both signs, fractions for floats, and the
// type's limits (infinities for floats) when there is room for them.
torch::Tensor sampleTensor(torch::ScalarType type, const std::vector<int64_t> &shape)
{
    int64_t numel = 1;
    for (int64_t d : shape)
        numel *= d;
    const auto base = torch::arange(numel, torch::kDouble);
    torch::Tensor t;
    if (type == torch::kBool)
        t = base.remainder(3) == 1;
    else if (torch::isFloatingType(type))
        t = (base * 0.375 - 1.5).to(type);
    else if (type == torch::kByte)
        t = (base * 37).remainder(256).to(type);
    else
        t = ((base * 37).remainder(200) - 100).to(type);
    auto flat = t.flatten();
    if (numel >= 3 && torch::isFloatingType(type)) {
        flat[0] = -std::numeric_limits<double>::infinity();
        flat[numel - 1] = std::numeric_limits<double>::infinity();
    } else if (numel >= 3 && type == torch::kLong) {
        flat[0] = std::numeric_limits<int64_t>::min();
        flat[numel - 1] = std::numeric_limits<int64_t>::max();
    } else if (numel >= 3 && type == torch::kInt) {
        flat[0] = std::numeric_limits<int32_t>::min();
        flat[numel - 1] = std::numeric_limits<int32_t>::max();
    }
    return flat.reshape(shape);
}

QString describe(const torch::Tensor &t)
{
    std::ostringstream out;
    out << t;
    return QString::fromStdString(out.str());
}

bool sameTensor(const torch::Tensor &a, const torch::Tensor &b)
{
    return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() && torch::equal(a, b);
}

// ---- the malformed corpus --------------------------------------------------------------

struct BadFile
{
    const char *row;
    QByteArray bytes;
    const char *expected; // a distinctive part of the message
};

const QByteArray kEntryW = R"("w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";

std::vector<BadFile> malformedCorpus()
{
    const QByteArray eightBytes = zeros(8);
    return {
        {"empty file", QByteArray(), "file is 0 bytes, too short to hold the 8-byte header length"},
        {"shorter than 8 bytes", QByteArray("\x02\0\0\0\0", 5), "file is 5 bytes, too short"},
        {"header length past the end", stFileClaiming(100, "{}"), "header length 100 runs past the end of the file (10 bytes)"},
        {"header length one past the end", stFileClaiming(3, "{}"), "header length 3 runs past the end"},
        {"header length limit exactly, tiny file", stFileClaiming(100'000'000, "{}"),
         "header length 100000000 runs past the end"},
        // Checked before anything else: a file this small cannot back the claim, so the
        // limit message proves the claim was judged before being read or allocated.
        {"header length 100 MB + 1", stFileClaiming(100'000'001, "{}"),
         "header length 100000001 exceeds the limit of 100000000 bytes"},
        {"header length 2^64 - 1", stFileClaiming(UINT64_MAX, "{}"), "header length 18446744073709551615 exceeds the limit"},
        {"zero-length header", stFile(""), "header does not start with '{'"},
        {"header starts with a space", stFile(" {}"), "header does not start with '{'"},
        {"header starts with a NUL", stFile(QByteArray("\0{}", 3)), "header does not start with '{'"},
        {"JSON array instead of object", stFile("[]"), "header does not start with '{'"},
        {"invalid UTF-8: stray continuation byte", stFile("{\"\x80\":1}"), "header is not valid UTF-8 (byte 10)"},
        {"invalid UTF-8: 0xFF", stFile("{\"w\xff\":1}"), "header is not valid UTF-8 (byte 11)"},
        {"invalid UTF-8: overlong NUL", stFile("{\"\xc0\x80\":1}"), "header is not valid UTF-8 (byte 10)"},
        {"invalid UTF-8: surrogate", stFile("{\"\xed\xa0\x80\":1}"), "header is not valid UTF-8 (byte 10)"},
        {"invalid UTF-8: above U+10FFFF", stFile("{\"\xf4\x90\x80\x80\":1}"), "header is not valid UTF-8 (byte 10)"},
        {"invalid UTF-8: truncated at the end", stFile("{\"\xe2\x82"), "header is not valid UTF-8 (byte 10)"},
        {"invalid JSON: unterminated", stFile("{\"w\": "), "header is not valid JSON"},
        {"invalid JSON: trailing garbage", stFile("{} x"), "header is not valid JSON"},
        {"invalid JSON: padded with NULs", stFile(QByteArray("{}\0\0\0\0\0\0", 8)), "header is not valid JSON"},
        {"invalid JSON: garbage after a NUL", stFile(QByteArray("{}\0 [[ \"x", 8)), "header is not valid JSON"},
        {"entry is not an object", stFile("{\"w\":3}", eightBytes), "tensor 'w': entry is not a JSON object"},
        {"entry missing dtype", stFile(R"({"w":{"shape":[2],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': missing 'dtype'"},
        {"entry missing shape", stFile(R"({"w":{"dtype":"F32","data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': missing 'shape'"},
        {"entry missing data_offsets", stFile(R"({"w":{"dtype":"F32","shape":[2]}})", eightBytes),
         "tensor 'w': missing 'data_offsets'"},
        {"dtype is not a string", stFile(R"({"w":{"dtype":4,"shape":[2],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': 'dtype' must be a string"},
        {"unknown dtype", stFile(R"({"w":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': unknown dtype 'F128'"},
        {"unknown dtype: lower case", stFile(R"({"w":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': unknown dtype 'f32'"},
        {"unknown dtype: complex", stFile(R"({"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': unknown dtype 'C64'"},
        {"negative shape", stFile(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': 'shape' must be an array of non-negative integers"},
        {"fractional shape", stFile(R"({"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': 'shape' must be an array of non-negative integers"},
        {"float-spelled integer shape", stFile(R"({"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': 'shape' must be an array of non-negative integers"},
        {"string shape", stFile(R"({"w":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': 'shape' must be an array of non-negative integers"},
        {"shape is not an array", stFile(R"({"w":{"dtype":"F32","shape":2,"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': 'shape' must be an array of non-negative integers"},
        {"implausibly large dimension", stFile(R"({"w":{"dtype":"F32","shape":[281474976710657],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': dimension 281474976710657 is implausibly large"},
        {"data_offsets end before begin", stFile(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})", eightBytes),
         "tensor 'w': data_offsets end 4 is before begin 8"},
        {"data_offsets with one number", stFile(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[8]}})", eightBytes),
         "tensor 'w': 'data_offsets' must be two non-negative integers [begin, end]"},
        {"data_offsets negative", stFile(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", eightBytes),
         "tensor 'w': 'data_offsets' must be two non-negative integers [begin, end]"},
        {"byte count does not match shape", stFile(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eightBytes),
         "tensor 'w': 8 bytes of data do not match shape [3] of F32"},
        {"byte count of a 0-d tensor", stFile(R"({"w":{"dtype":"F64","shape":[],"data_offsets":[0,4]}})", zeros(4)),
         "tensor 'w': 4 bytes of data do not match shape [] of F64"},
        {"shape whose product overflows", stFile(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})"),
         "tensor 'w': 0 bytes of data do not match shape [4294967296,4294967296] of F32"},
        {"overlapping offsets",
         stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                zeros(12)),
         "tensors 'a' and 'b' overlap (bytes 4..8)"},
        {"identical offsets",
         stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                eightBytes),
         "tensors 'a' and 'b' overlap (bytes 0..8)"},
        {"gap between tensors",
         stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                zeros(12)),
         "gap of 4 bytes before tensor 'b' (data_offsets begin 8, expected 4)"},
        {"gap before the first tensor", stFile(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", eightBytes),
         "gap of 4 bytes before tensor 'w'"},
        {"data_offsets past the end of the file", stFile("{" + kEntryW + "}", zeros(4)),
         "tensor 'w' ends at byte 8 of the data, past the end of the file (4 data bytes)"},
        {"data_offsets far past the end", stFile(R"({"w":{"dtype":"U8","shape":[4294967296],"data_offsets":[0,4294967296]}})"),
         "tensor 'w' ends at byte 4294967296 of the data, past the end of the file (0 data bytes)"},
        {"trailing bytes after the last tensor", stFile("{" + kEntryW + "}", zeros(12)), "4 trailing bytes after the last tensor"},
        {"data without any tensor", stFile("{}", zeros(3)), "3 trailing bytes after the last tensor"},
        {"duplicate tensor names", stFile("{" + kEntryW + "," + kEntryW + "}", zeros(16)),
         "tensor name 'w' appears twice in the header"},
        {"__metadata__ is a string", stFile(R"({"__metadata__":"pt"})"), "'__metadata__' must be an object of strings"},
        {"__metadata__ is an array", stFile(R"({"__metadata__":["pt"]})"), "'__metadata__' must be an object of strings"},
        {"__metadata__ value is a number", stFile(R"({"__metadata__":{"format":"pt","total":12}})"),
         "'__metadata__' value of 'total' is not a string"},
        {"__metadata__ value is an object", stFile(R"({"__metadata__":{"nested":{"a":"b"}}})"),
         "'__metadata__' value of 'nested' is not a string"},
    };
}

// Accepted files: {row, bytes, tensor count, metadata count}.
struct GoodFile
{
    const char *row;
    QByteArray bytes;
    int tensors;
    int metadata;
};

std::vector<GoodFile> acceptedCorpus()
{
    return {
        {"empty header object", stFile("{}"), 0, 0},
        {"empty header padded with spaces", stFile("{}      "), 0, 0},
        {"tensor with header padded to 8", stFile("{" + kEntryW + "}" + QByteArray(3, ' '), zeros(8)), 1, 0},
        {"header padded with many spaces", stFile("{" + kEntryW + "}" + QByteArray(1000, ' '), zeros(8)), 1, 0},
        {"metadata only", stFile(R"({"__metadata__":{"format":"pt"}})"), 0, 1},
        {"empty metadata", stFile(R"({"__metadata__":{}})"), 0, 0},
        {"0-d tensor", stFile(R"({"s":{"dtype":"F64","shape":[],"data_offsets":[0,8]}})", zeros(8)), 1, 0},
        {"empty tensor only", stFile(R"({"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}})"), 1, 0},
        {"empty tensor between two others",
         stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"e":{"dtype":"I64","shape":[5,0],"data_offsets":[4,4]},)"
                R"("z":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                zeros(8)),
         3, 0},
        {"entries listed out of offset order",
         stFile(R"({"b":{"dtype":"I8","shape":[2],"data_offsets":[4,6]},"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})",
                zeros(6)),
         2, 0},
        {"non-ASCII UTF-8 tensor name", stFile("{\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", zeros(1)), 1, 0},
        // prod(shape) is 0, whatever the other dimensions are.
        {"empty tensor with huge other dimensions",
         stFile(R"({"e":{"dtype":"F32","shape":[4294967296,4294967296,0],"data_offsets":[0,0]}})"), 1, 0},
        {"extra keys in an entry ignored",
         stFile(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"note":"x"}})", zeros(8)), 1, 0},
    };
}

} // namespace

class TestSafetensors : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void roundTrip_data();
    void roundTrip();
    void metadataRoundTrip_data();
    void metadataRoundTrip();
    void writerOrder_data();
    void writerOrder();

    void readUnsigned_data();
    void readUnsigned();
    void readFloat8_data();
    void readFloat8();
    void unsignedOverflow_data();
    void unsignedOverflow();
    void typedRead_data();
    void typedRead();
    void unalignedData();

    void malformed_data();
    void malformed();
    void malformedMessagesDistinct();
    void accepted_data();
    void accepted();

    void writeToMissingFolder();
    void writeUnsupported_data();
    void writeUnsupported();
    void overwriteReplaces();
    void failedOverwriteKeepsOld_data();
    void failedOverwriteKeepsOld();

    void parseHeaderOnly_data();
    void parseHeaderOnly();

    void refusesNamesItCannotWrite_data();
    void refusesNamesItCannotWrite();
};

void TestSafetensors::initTestCase()
{
    torch::manual_seed(0);
}

// ---- round trips -----------------------------------------------------------------------

void TestSafetensors::roundTrip_data()
{
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QList<qint64>>("shape");

    for (const auto &row : kWritable) {
        const QByteArray name = row.name;
        QTest::newRow((name + " [2,3]").constData()) << QString::fromLatin1(row.name) << QList<qint64>{2, 3};
        QTest::newRow((name + " 0-d").constData()) << QString::fromLatin1(row.name) << QList<qint64>{};
        QTest::newRow((name + " empty [0,3]").constData()) << QString::fromLatin1(row.name) << QList<qint64>{0, 3};
    }
    QTest::newRow("F32 [7] odd length") << QStringLiteral("F32") << QList<qint64>{7};
    QTest::newRow("U8 [3,1,5] odd length") << QStringLiteral("U8") << QList<qint64>{3, 1, 5};
    QTest::newRow("BF16 [64,33]") << QStringLiteral("BF16") << QList<qint64>{64, 33};
}

void TestSafetensors::roundTrip()
{
    QFETCH(QString, dtype);
    QFETCH(QList<qint64>, shape);
    const DTypeRow &row = dtypeRow(dtype);
    const auto dims = toShape(shape);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path path = fs::path(dir.path().toStdString()) / "rt.safetensors";
    const torch::Tensor original = sampleTensor(row.type, dims);
    // A one-byte companion makes the data buffer's length odd in some rows.
    const torch::Tensor companion = torch::tensor({int8_t(-7)}, torch::kChar);
    writeSafetensors(path, {{"t", original}, {"c", companion}});

    const QByteArray bytes = readBytes(path);
    uint64_t dataStart = 0;
    const json header = rawHeader(bytes, &dataStart);
    QVERIFY2(dataStart % 8 == 0, qPrintable(QStringLiteral("data starts at %1").arg(dataStart)));
    QCOMPARE(QString::fromStdString(header["t"]["dtype"].get<std::string>()), dtype);
    QCOMPARE(header["t"]["shape"].get<std::vector<int64_t>>(), dims);
    QCOMPARE(uint64_t(bytes.size()), dataStart + uint64_t(original.numel()) * row.size + 1);

    auto file = SafetensorsFile::open(path);
    QCOMPARE(file->names(), (std::vector<std::string>{"c", "t"}));
    const TensorEntry *entry = file->find("t");
    QVERIFY(entry);
    QCOMPARE(entry->shape, dims);
    QCOMPARE(QString::fromLatin1(dtypeName(entry->dtype).data(), int(dtypeName(entry->dtype).size())), dtype);
    torch::Tensor reread = file->tensor("t");
    // The tensor may alias the mapping: it must stay valid once the file object is gone.
    file.reset();
    QVERIFY2(sameTensor(reread, original),
             qPrintable(QStringLiteral("wrote\n%1\nread\n%2").arg(describe(original), describe(reread))));

    const NamedTensors all = readAllTensors(path);
    QCOMPARE(all.size(), size_t(2));
    QCOMPARE(all[1].first, std::string("t"));
    QVERIFY(sameTensor(all[1].second, original));
    QVERIFY(sameTensor(all[0].second, companion));
}

void TestSafetensors::metadataRoundTrip_data()
{
    QTest::addColumn<QStringList>("pairs"); // key, value, key, value...

    QTest::newRow("none") << QStringList{};
    QTest::newRow("hf format") << QStringList{QStringLiteral("format"), QStringLiteral("pt")};
    QTest::newRow("several keys") << QStringList{QStringLiteral("format"), QStringLiteral("pt"), QStringLiteral("method"),
                                                 QStringLiteral("magnitude"), QStringLiteral("sparsity"), QStringLiteral("0.5")};
    QTest::newRow("empty value and JSON-looking value")
        << QStringList{QStringLiteral("empty"), QString(), QStringLiteral("json"), QStringLiteral("{\"a\": [1, \"\\\"\"]}")};
    QTest::newRow("non-ASCII and control characters")
        << QStringList{QStringLiteral("auteur"), QStringLiteral("Zoë – 模型"), QStringLiteral("lines"), QStringLiteral("a\nb\tc")};
}

void TestSafetensors::metadataRoundTrip()
{
    QFETCH(QStringList, pairs);
    std::map<std::string, std::string> metadata;
    for (int i = 0; i + 1 < pairs.size(); i += 2)
        metadata[pairs[i].toStdString()] = pairs[i + 1].toStdString();

    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "meta.safetensors";
    writeSafetensors(path, {{"w", torch::ones({2}, torch::kFloat)}}, metadata);

    const json header = rawHeader(readBytes(path));
    QCOMPARE(header.contains("__metadata__"), !metadata.empty());
    const auto file = SafetensorsFile::open(path);
    QCOMPARE(file->metadata(), metadata);
    QCOMPARE(file->names(), std::vector<std::string>{"w"});
}

void TestSafetensors::writerOrder_data()
{
    // "name:DTYPE:numel ..." as given to the writer, and the names in expected file order.
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("mixed dtypes")
        << QStringLiteral("b:I8:3 a:F32:5 m:I32:1 c:F64:2 e:BOOL:7 z:I64:1 d:F16:3 y:BF16:1 k:U8:1 j:I16:2")
        << QStringList{QStringLiteral("c"), QStringLiteral("z"), QStringLiteral("a"), QStringLiteral("m"), QStringLiteral("d"),
                       QStringLiteral("j"), QStringLiteral("y"), QStringLiteral("b"), QStringLiteral("e"), QStringLiteral("k")};
    QTest::newRow("same dtype given in reverse name order")
        << QStringLiteral("w3:F32:1 w2:F32:2 w10:F32:3 w1:F32:4")
        << QStringList{QStringLiteral("w1"), QStringLiteral("w10"), QStringLiteral("w2"), QStringLiteral("w3")};
    QTest::newRow("small dtype name first alphabetically")
        << QStringLiteral("a:U8:3 b:F64:1")
        << QStringList{QStringLiteral("b"), QStringLiteral("a")};
    QTest::newRow("empty tensors keep their place")
        << QStringLiteral("x:F64:0 a:F64:1 y:I8:0 b:F32:0 c:F32:2")
        << QStringList{QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("y")};
    QTest::newRow("bert-like names")
        << QStringLiteral("bert.pooler.dense.bias:F32:4 bert.embeddings.position_ids:I64:4 classifier.weight:F16:4")
        << QStringList{QStringLiteral("bert.embeddings.position_ids"), QStringLiteral("bert.pooler.dense.bias"),
                       QStringLiteral("classifier.weight")};
}

void TestSafetensors::writerOrder()
{
    QFETCH(QString, spec);
    QFETCH(QStringList, expected);

    NamedTensors tensors;
    for (const QString &item : spec.split(QLatin1Char(' '))) {
        const QStringList parts = item.split(QLatin1Char(':'));
        QCOMPARE(parts.size(), 3);
        tensors.emplace_back(parts[0].toStdString(), sampleTensor(dtypeRow(parts[1]).type, {parts[2].toLongLong()}));
    }
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "order.safetensors";
    writeSafetensors(path, tensors);

    const QByteArray bytes = readBytes(path);
    uint64_t dataStart = 0;
    const json header = rawHeader(bytes, &dataStart);
    QCOMPARE(dataStart % 8, uint64_t(0));

    // Walk the expected order: each tensor must begin where the previous one ended, at a
    // multiple of its own item size (so the reader can alias it).
    uint64_t offset = 0;
    for (const QString &name : expected) {
        const json &entry = header[name.toStdString()];
        const auto offsets = entry["data_offsets"].get<std::vector<uint64_t>>();
        const int size = dtypeRow(QString::fromStdString(entry["dtype"].get<std::string>())).size;
        QVERIFY2(offsets[0] == offset,
                 qPrintable(QStringLiteral("%1 begins at %2, expected %3\nheader: %4")
                                .arg(name).arg(offsets[0]).arg(offset).arg(QString::fromStdString(header.dump()))));
        QVERIFY2(offsets[0] % size == 0, qPrintable(QStringLiteral("%1 begins unaligned at %2").arg(name).arg(offsets[0])));
        offset = offsets[1];
    }
    QCOMPARE(dataStart + offset, uint64_t(bytes.size()));

    const auto file = SafetensorsFile::open(path);
    for (const auto &[name, tensor] : tensors)
        QVERIFY2(sameTensor(file->tensor(name), tensor), name.c_str());
}

// ---- hand-made files with converted dtypes ---------------------------------------------

void TestSafetensors::readUnsigned_data()
{
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::addColumn<int>("type");

    QTest::newRow("U16 to int32") << QStringLiteral("U16") << le(0, 2) + le(1, 2) + le(32768, 2) + le(65535, 2)
                                  << QList<qint64>{0, 1, 32768, 65535} << int(torch::kInt);
    QTest::newRow("U32 to int64") << QStringLiteral("U32") << le(0, 4) + le(2147483648u, 4) + le(4294967295u, 4) + le(7, 4)
                                  << QList<qint64>{0, 2147483648LL, 4294967295LL, 7} << int(torch::kLong);
    QTest::newRow("U64 to int64 up to INT64_MAX")
        << QStringLiteral("U64") << le(0, 8) + le(1, 8) + le(uint64_t(1) << 40, 8) + le(uint64_t(INT64_MAX), 8)
        << QList<qint64>{0, 1, qint64(1) << 40, INT64_MAX} << int(torch::kLong);
}

void TestSafetensors::readUnsigned()
{
    QFETCH(QString, dtype);
    QFETCH(QByteArray, data);
    QFETCH(QList<qint64>, expected);
    QFETCH(int, type);

    const QByteArray header = "{\"u\":{\"dtype\":\"" + dtype.toLatin1() + "\",\"shape\":[2,2],\"data_offsets\":[0,"
                              + QByteArray::number(data.size()) + "]}}";
    QTemporaryDir dir;
    const fs::path path = writeBytes(dir, stFile(header, data));
    const auto file = SafetensorsFile::open(path);
    const torch::Tensor t = file->tensor("u");
    QCOMPARE(int(t.scalar_type()), type);
    QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{2, 2}));
    const torch::Tensor flat = t.flatten().to(torch::kLong);
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(qint64(flat[i].item<int64_t>()), expected[i]);
}

void TestSafetensors::readFloat8_data()
{
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QList<double>>("expected");

    const double nan = std::nan(""), inf = INFINITY;
    // E4M3 (fn): bias 7, no infinities, S.1111.111 is NaN, S.1111.110 = 448 is the max.
    QTest::newRow("F8_E4M3 normals") << QStringLiteral("F8_E4M3") << QByteArray("\x38\xb8\x40\x3c", 4)
                                     << QList<double>{1.0, -1.0, 2.0, 1.5};
    QTest::newRow("F8_E4M3 extremes") << QStringLiteral("F8_E4M3") << QByteArray("\x7e\xfe\x08\x78", 4)
                                      << QList<double>{448.0, -448.0, std::ldexp(1.0, -6), 256.0};
    QTest::newRow("F8_E4M3 NaN and zeros") << QStringLiteral("F8_E4M3") << QByteArray("\x7f\xff\x00\x80", 4)
                                           << QList<double>{nan, nan, 0.0, -0.0};
    QTest::newRow("F8_E4M3 subnormals") << QStringLiteral("F8_E4M3") << QByteArray("\x01\x07\x84\x04", 4)
                                        << QList<double>{std::ldexp(1.0, -9), 7 * std::ldexp(1.0, -9),
                                                         -4 * std::ldexp(1.0, -9), std::ldexp(1.0, -7)};
    // E5M2: IEEE half with the low mantissa byte dropped: bias 15, infinities and NaNs.
    QTest::newRow("F8_E5M2 normals") << QStringLiteral("F8_E5M2") << QByteArray("\x3c\xc0\x3e\x44", 4)
                                     << QList<double>{1.0, -2.0, 1.5, 4.0};
    QTest::newRow("F8_E5M2 infinities and NaN") << QStringLiteral("F8_E5M2") << QByteArray("\x7c\xfc\x7d\xff", 4)
                                                << QList<double>{inf, -inf, nan, nan};
    QTest::newRow("F8_E5M2 extremes") << QStringLiteral("F8_E5M2") << QByteArray("\x7b\xfb\x04\x80", 4)
                                      << QList<double>{57344.0, -57344.0, std::ldexp(1.0, -14), -0.0};
    QTest::newRow("F8_E5M2 subnormals") << QStringLiteral("F8_E5M2") << QByteArray("\x01\x03\x82\x02", 4)
                                        << QList<double>{std::ldexp(1.0, -16), 3 * std::ldexp(1.0, -16),
                                                         -2 * std::ldexp(1.0, -16), std::ldexp(1.0, -15)};
}

void TestSafetensors::readFloat8()
{
    QFETCH(QString, dtype);
    QFETCH(QByteArray, data);
    QFETCH(QList<double>, expected);

    const QByteArray header = "{\"f8\":{\"dtype\":\"" + dtype.toLatin1() + "\",\"shape\":[" + QByteArray::number(data.size())
                              + "],\"data_offsets\":[0," + QByteArray::number(data.size()) + "]}}";
    QTemporaryDir dir;
    const fs::path path = writeBytes(dir, stFile(header, data));
    const auto file = SafetensorsFile::open(path);
    const torch::Tensor t = file->tensor("f8");
    QCOMPARE(t.scalar_type(), torch::kFloat);
    QCOMPARE(t.numel(), int64_t(expected.size()));
    for (int i = 0; i < expected.size(); ++i) {
        const double actual = t[i].item<float>();
        const bool same = std::isnan(expected[i]) ? std::isnan(actual)
                                                  : actual == expected[i] && std::signbit(actual) == std::signbit(expected[i]);
        QVERIFY2(same, qPrintable(QStringLiteral("byte 0x%1: expected %2, got %3")
                                      .arg(uint8_t(data[i]), 2, 16, QLatin1Char('0')).arg(expected[i]).arg(actual)));
    }
}

void TestSafetensors::unsignedOverflow_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");

    QTest::newRow("INT64_MAX + 1") << le(5, 8) + le(uint64_t(INT64_MAX) + 1, 8)
                                   << QStringLiteral("tensor 'too_big': value 9223372036854775808 of U64 does not fit");
    QTest::newRow("UINT64_MAX") << le(UINT64_MAX, 8) + le(0, 8)
                                << QStringLiteral("tensor 'too_big': value 18446744073709551615 of U64 does not fit");
}

void TestSafetensors::unsignedOverflow()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);

    QTemporaryDir dir;
    const fs::path path =
        writeBytes(dir, stFile(R"({"too_big":{"dtype":"U64","shape":[2],"data_offsets":[0,16]}})", data));
    // The header is valid; only converting the values can fail.
    const auto file = SafetensorsFile::open(path);
    QString message;
    try {
        file->tensor("too_big");
    } catch (const Error &e) {
        message = QString::fromStdString(e.what());
    }
    QVERIFY2(message.startsWith(QString::fromStdString(path.string()) + QLatin1String(": ")), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestSafetensors::typedRead_data()
{
    // A file with one tensor, read as `type`: expected result or a message part.
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("type");
    QTest::addColumn<QList<double>>("expected");
    QTest::addColumn<QString>("error");

    const QByteArray f16 = stFile(R"({"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]}})", QByteArray("\x00\x3c\x00\xc0\x00\x38", 6));
    const QByteArray boolFile = stFile(R"({"h":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}})", QByteArray("\x01\x00", 2));
    const QByteArray u16 = stFile(R"({"h":{"dtype":"U16","shape":[2],"data_offsets":[0,4]}})", le(65535, 2) + le(3, 2));
    const QByteArray e5m2 = stFile(R"({"h":{"dtype":"F8_E5M2","shape":[2],"data_offsets":[0,2]}})", QByteArray("\x3c\x7c", 2));

    QTest::newRow("F16 as float32") << f16 << int(torch::kFloat) << QList<double>{1.0, -2.0, 0.5} << QString();
    QTest::newRow("F16 as F16 unchanged") << f16 << int(torch::kHalf) << QList<double>{1.0, -2.0, 0.5} << QString();
    QTest::newRow("U16 as float64") << u16 << int(torch::kDouble) << QList<double>{65535.0, 3.0} << QString();
    QTest::newRow("F8_E5M2 as float64") << e5m2 << int(torch::kDouble) << QList<double>{1.0, double(INFINITY)} << QString();
    QTest::newRow("BOOL as int64") << boolFile << int(torch::kLong) << QList<double>{1.0, 0.0} << QString();
    QTest::newRow("BOOL as float32 refused") << boolFile << int(torch::kFloat) << QList<double>{}
                                             << QStringLiteral("tensor 'h' is BOOL, expected a floating-point tensor");
    QTest::newRow("missing name") << f16 << int(torch::kFloat) << QList<double>{} << QStringLiteral("no tensor named 'nope'");
}

void TestSafetensors::typedRead()
{
    QFETCH(QByteArray, file);
    QFETCH(int, type);
    QFETCH(QList<double>, expected);
    QFETCH(QString, error);

    QTemporaryDir dir;
    const fs::path path = writeBytes(dir, file);
    const auto st = SafetensorsFile::open(path);
    const std::string name = QTest::currentDataTag() == QByteArray("missing name") ? "nope" : "h";
    try {
        const torch::Tensor t = st->tensor(name, torch::ScalarType(type));
        QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("no error, expected: ") + error));
        QCOMPARE(int(t.scalar_type()), type);
        QCOMPARE(t.numel(), int64_t(expected.size()));
        const torch::Tensor d = t.to(torch::kDouble);
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(d[i].item<double>(), expected[i]);
    } catch (const Error &e) {
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(!error.isEmpty() && message.contains(error), qPrintable(message));
        QVERIFY2(message.startsWith(QString::fromStdString(path.string()) + QLatin1String(": ")), qPrintable(message));
    }
}

void TestSafetensors::unalignedData()
{
    // A foreign writer that does not pad: the data starts at an odd offset and the reader
    // must copy instead of aliasing misaligned memory.
    const QByteArray header = R"({"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"i":{"dtype":"I32","shape":[1],"data_offsets":[16,20]}})";
    QVERIFY((8 + header.size()) % 8 != 0);
    double values[2] = {3.25, -1e300};
    int32_t last = -123456;
    QByteArray data(reinterpret_cast<const char *>(values), sizeof values);
    data.append(reinterpret_cast<const char *>(&last), sizeof last);

    QTemporaryDir dir;
    const fs::path path = writeBytes(dir, stFile(header, data));
    const auto file = SafetensorsFile::open(path);
    QCOMPARE(file->header().dataStart % 8 != 0, true);
    const torch::Tensor w = file->tensor("w");
    QCOMPARE(w[0].item<double>(), 3.25);
    QCOMPARE(w[1].item<double>(), -1e300);
    QCOMPARE(file->tensor("i")[0].item<int32_t>(), -123456);
}

// ---- malformed and accepted headers ----------------------------------------------------

void TestSafetensors::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    for (const auto &bad : malformedCorpus())
        QTest::newRow(bad.row) << bad.bytes << QString::fromUtf8(bad.expected);
}

void TestSafetensors::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);

    QTemporaryDir dir;
    const fs::path path = writeBytes(dir, bytes);
    const QString message = openError(path);
    QVERIFY2(!message.isEmpty(), "opened without an error");
    QVERIFY2(message.startsWith(QString::fromStdString(path.string()) + QLatin1String(": ")), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, message)));
}

void TestSafetensors::malformedMessagesDistinct()
{
    // Each kind of damage has its own wording: rows that expect different message parts
    // must not get the same message, so a user can tell what is wrong from it alone.
    QTemporaryDir dir;
    std::map<QString, const BadFile *> byMessage; // message without the path -> first row
    for (const auto &bad : malformedCorpus()) {
        const fs::path path = writeBytes(dir, bad.bytes);
        const QString message = openError(path).mid(int(path.string().size()) + 2);
        if (message.isEmpty())
            continue; // reported by malformed()
        const auto [seen, inserted] = byMessage.emplace(message, &bad);
        QVERIFY2(inserted || std::strcmp(seen->second->expected, bad.expected) == 0,
                 qPrintable(QStringLiteral("rows '%1' and '%2' share the message: %3")
                                .arg(QString::fromUtf8(seen->second->row), QString::fromUtf8(bad.row), message)));
    }
    QVERIFY(byMessage.size() > 30);
}

void TestSafetensors::accepted_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("tensors");
    QTest::addColumn<int>("metadata");
    for (const auto &good : acceptedCorpus())
        QTest::newRow(good.row) << good.bytes << good.tensors << good.metadata;
}

void TestSafetensors::accepted()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, tensors);
    QFETCH(int, metadata);

    QTemporaryDir dir;
    const fs::path path = writeBytes(dir, bytes);
    std::unique_ptr<SafetensorsFile> file;
    QString message;
    try {
        file = SafetensorsFile::open(path);
    } catch (const Error &e) {
        message = QString::fromStdString(e.what());
    }
    QVERIFY2(file, qPrintable(message));
    QCOMPARE(int(file->header().tensors.size()), tensors);
    QCOMPARE(int(file->metadata().size()), metadata);
    // Every tensor must also be readable, with the element count its shape says.
    for (const auto &entry : file->header().tensors) {
        double magnitude = 1;
        for (int64_t d : entry.shape)
            magnitude *= double(std::max<int64_t>(d, 1));
        if (magnitude > 1e15)
            continue; // LibTorch's own size arithmetic would overflow; not the reader's concern
        const torch::Tensor t = file->tensor(entry.name);
        QCOMPARE(uint64_t(t.numel()), entry.elementCount());
        QCOMPARE(t.sizes().vec(), entry.shape);
    }
}

// ---- the writer's failure modes --------------------------------------------------------

void TestSafetensors::writeToMissingFolder()
{
    QTemporaryDir dir;
    const fs::path missing = fs::path(dir.path().toStdString()) / "missing";
    QString message;
    try {
        writeSafetensors(missing / "out.safetensors", {{"w", torch::ones({2})}});
    } catch (const Error &e) {
        message = QString::fromStdString(e.what());
    }
    QVERIFY2(!message.isEmpty(), "no error");
    QVERIFY2(message.contains(QLatin1String("out.safetensors")), qPrintable(message));
    QVERIFY(!fs::exists(missing));
    QCOMPARE(folderEntries(dir.path()), QStringList());
}

void TestSafetensors::writeUnsupported_data()
{
    // Tensors to write, and the message part that names the offender.
    QTest::addColumn<int>("badType");
    QTest::addColumn<bool>("withGoodTensor");
    QTest::addColumn<QString>("expected");

    QTest::newRow("complex64") << int(torch::kComplexFloat) << false << QStringLiteral("tensor 'bad': dtype ComplexFloat");
    QTest::newRow("complex128") << int(torch::kComplexDouble) << false << QStringLiteral("tensor 'bad': dtype ComplexDouble");
    QTest::newRow("complex64 after a good tensor") << int(torch::kComplexFloat) << true << QStringLiteral("tensor 'bad'");
    QTest::newRow("duplicate names") << -1 << true << QStringLiteral("tensor name 'good' given twice");
}

void TestSafetensors::writeUnsupported()
{
    QFETCH(int, badType);
    QFETCH(bool, withGoodTensor);
    QFETCH(QString, expected);

    NamedTensors tensors;
    if (withGoodTensor)
        tensors.emplace_back("good", torch::ones({4}));
    if (badType >= 0)
        tensors.emplace_back("bad", torch::zeros({3}, torch::ScalarType(badType)));
    else
        tensors.emplace_back("good", torch::zeros({2}));

    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "out.safetensors";
    QString message;
    try {
        writeSafetensors(path, tensors);
    } catch (const Error &e) {
        message = QString::fromStdString(e.what());
    }
    QVERIFY2(message.contains(expected), qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(expected, message)));
    QCOMPARE(folderEntries(dir.path()), QStringList());
}

void TestSafetensors::overwriteReplaces()
{
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "model.safetensors";
    writeSafetensors(path, {{"old", torch::full({100}, 1.0)}}, {{"version", "1"}});
    writeSafetensors(path, {{"new", torch::full({3}, 2.0)}}, {{"version", "2"}});

    QCOMPARE(folderEntries(dir.path()), QStringList{QStringLiteral("model.safetensors")});
    const auto file = SafetensorsFile::open(path);
    QCOMPARE(file->names(), std::vector<std::string>{"new"});
    QCOMPARE(file->metadata().at("version"), std::string("2"));
    QVERIFY(torch::equal(file->tensor("new"), torch::full({3}, 2.0)));
}

void TestSafetensors::failedOverwriteKeepsOld_data()
{
    QTest::addColumn<QString>("failure");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unsupported dtype") << QStringLiteral("dtype") << QStringLiteral("tensor 'c': dtype ComplexFloat");
    QTest::newRow("duplicate names") << QStringLiteral("duplicate") << QStringLiteral("tensor name 'w' given twice");
    QTest::newRow("write fails midway (file size limit)") << QStringLiteral("fsize") << QStringLiteral("write failed");
}

void TestSafetensors::failedOverwriteKeepsOld()
{
    QFETCH(QString, failure);
    QFETCH(QString, expected);

    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "model.safetensors";
    writeSafetensors(path, {{"old", torch::arange(10, torch::kFloat)}}, {{"version", "1"}});
    const QByteArray before = readBytes(path);

    QString message;
    try {
        if (failure == QLatin1String("dtype")) {
            writeSafetensors(path, {{"w", torch::ones({2})}, {"c", torch::zeros({2}, torch::kComplexFloat)}});
        } else if (failure == QLatin1String("duplicate")) {
            writeSafetensors(path, {{"w", torch::ones({2})}, {"w", torch::ones({3})}});
        } else {
            // The temporary file exists and has a header when the data write fails: this
            // is the path where the writer must clean up after itself.
            const auto previous = std::signal(SIGXFSZ, SIG_IGN);
            rlimit old{};
            getrlimit(RLIMIT_FSIZE, &old);
            rlimit small = old;
            small.rlim_cur = 4096;
            setrlimit(RLIMIT_FSIZE, &small);
            try {
                writeSafetensors(path, {{"big", torch::ones({1 << 16})}});
            } catch (...) {
                setrlimit(RLIMIT_FSIZE, &old);
                std::signal(SIGXFSZ, previous);
                throw;
            }
            setrlimit(RLIMIT_FSIZE, &old);
            std::signal(SIGXFSZ, previous);
        }
    } catch (const Error &e) {
        message = QString::fromStdString(e.what());
    }
    QVERIFY2(message.contains(expected), qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(expected, message)));
    QVERIFY(readBytes(path) == before);
    QCOMPARE(folderEntries(dir.path()), QStringList{QStringLiteral("model.safetensors")});
    const auto file = SafetensorsFile::open(path);
    QCOMPARE(file->names(), std::vector<std::string>{"old"});
}

// ---- the header parser on a partial buffer ---------------------------------------------

void TestSafetensors::parseHeaderOnly_data()
{
    // How many bytes past the header the buffer holds; -1 means one byte short of it.
    QTest::addColumn<int>("extra");
    QTest::addColumn<QString>("error");

    QTest::newRow("header only") << 0 << QString();
    QTest::newRow("header plus a few data bytes") << 5 << QString();
    QTest::newRow("whole file") << 1000000 << QString();
    QTest::newRow("one byte short of the header") << -1 << QStringLiteral("runs past the end");
    QTest::newRow("length field only") << -1000000 << QStringLiteral("runs past the end");
}

void TestSafetensors::parseHeaderOnly()
{
    QFETCH(int, extra);
    QFETCH(QString, error);

    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "big.safetensors";
    writeSafetensors(path, {{"a", torch::ones({300, 7})}, {"b", torch::zeros({5}, torch::kHalf)}}, {{"format", "pt"}});
    const QByteArray bytes = readBytes(path);
    uint64_t dataStart = 0;
    rawHeader(bytes, &dataStart);
    const uint64_t available = std::clamp<int64_t>(int64_t(dataStart) + extra, 8, bytes.size());
    // Copy just the readable prefix so ASan would flag a read past `available`.
    std::vector<uint8_t> prefix(bytes.constData(), bytes.constData() + available);

    try {
        const SafetensorsHeader header = parseSafetensorsHeader(prefix.data(), available, uint64_t(bytes.size()), "big");
        QVERIFY2(error.isEmpty(), "parsed a truncated header");
        QCOMPARE(header.dataStart, dataStart);
        QCOMPARE(header.tensors.size(), size_t(2));
        QCOMPARE(header.tensors[0].name, std::string("a"));
        QCOMPARE(header.tensors[0].end, uint64_t(300 * 7 * 4));
        QCOMPARE(header.tensors[1].name, std::string("b"));
        QCOMPARE(header.tensors[1].end, uint64_t(300 * 7 * 4 + 10));
        QCOMPARE(header.metadata.at("format"), std::string("pt"));
    } catch (const Error &e) {
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(!error.isEmpty() && message.contains(error), qPrintable(message));
        QVERIFY2(message.startsWith(QLatin1String("big: ")), qPrintable(message));
    }
}

// ---- regressions: names the writer once accepted and could not read back ----------------

void TestSafetensors::refusesNamesItCannotWrite_data()
{
    QTest::addColumn<QString>("gap");
    QTest::newRow("tensor named __metadata__") << QStringLiteral("reserved");
    QTest::newRow("tensor named __metadata__ with metadata") << QStringLiteral("reserved+metadata");
    QTest::newRow("tensor name that is not UTF-8") << QStringLiteral("utf8");
}

void TestSafetensors::refusesNamesItCannotWrite()
{
    // The writer must either refuse (prunescope::Error) or write a file that reads back.
    QFETCH(QString, gap);

    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "gap.safetensors";
    std::map<std::string, std::string> metadata;
    std::string name = "__metadata__";
    if (gap == QLatin1String("reserved+metadata"))
        metadata["format"] = "pt";
    if (gap == QLatin1String("utf8"))
        name = "w\xff";

    QString outcome;
    try {
        writeSafetensors(path, {{name, torch::ones({2})}}, metadata);
        outcome = openError(path);
        if (outcome.isEmpty())
            outcome = QStringLiteral("ok");
    } catch (const Error &) {
        outcome = QStringLiteral("refused");
    } catch (const std::exception &e) {
        outcome = QStringLiteral("foreign exception: ") + QString::fromUtf8(e.what());
    }
    QVERIFY2(outcome == QLatin1String("ok") || outcome == QLatin1String("refused"), qPrintable(outcome));
    QCOMPARE(folderEntries(dir.path()).filter(QStringLiteral(".tmp-")), QStringList());
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
