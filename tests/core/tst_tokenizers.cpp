// The tokenizer families against ids recorded from the Hugging Face libraries
// (tests/data/tokenizers/cases.json), through both loading routes; RoBERTa's layout of
// GPT-2's BPE (cases-roberta.json) through three; Qwen2's byte-level BPE (both routes) and
// Llama's SentencePiece-style BPE (cases-families.json: ids, tokens and both decodings);
// plus truncation, padding, cased WordPiece, both spellings of BPE merges, the variants of
// the SentencePiece pipeline and the loading errors.
#include "core/support/error.h"
#include "core/text/bpe_tokenizer.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

using namespace prunescope;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char *const kFamilies[] = {"bert-base-uncased", "gpt2", "clip-trained"};

fs::path dataDir()
{
    return fs::path(PRUNESCOPE_TEST_DATA) / "tokenizers";
}

QString idsString(const std::vector<int64_t> &ids)
{
    QStringList parts;
    for (int64_t id : ids)
        parts << QString::number(id);
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

QString tokensString(const std::vector<std::string> &tokens)
{
    QStringList parts;
    for (const std::string &t : tokens)
        parts << QString::fromStdString(t);
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

QString mismatch(const std::string &text, const QString &expected, const QString &actual)
{
    return QStringLiteral("text: \"%1\"\nexpected: %2\nactual:   %3")
        .arg(QString::fromStdString(text), expected, actual);
}

void writeFile(const fs::path &path, const std::string &content)
{
    std::ofstream(path, std::ios::binary) << content;
}

QString robertaMissing()
{
    return QStringLiteral("missing fixture: %1/cases-roberta.json or %1/roberta-style/ (made on a machine with "
                          "transformers by python3 tools/device/make_tokenizer_fixtures.py --out tests/data/tokenizers)")
        .arg(QString::fromStdString(dataDir().string()));
}

// The routes to the RoBERTa-style tokenizer: tokenizer.json; vocab.json + merges.txt +
// tokenizer_config.json; and vocab.json + merges.txt alone, as roberta-base's own files
// leave the class unnamed.
const char *const kRobertaRoutes[] = {"json", "vocab", "bare"};

// The decoder families of cases-families.json and the routes each is read by: Qwen2's
// folder also holds vocab.json + merges.txt, Llama's only tokenizer.json.
const std::pair<const char *, bool> kDecoderFamilies[] = {{"qwen2-style", true}, {"llama-style", false}};

json readJsonFile(const fs::path &path)
{
    return json::parse(std::ifstream(path));
}

// The llama-style tokenizer.json with `edit` applied, loaded from a temporary folder.
template <typename Edit>
std::unique_ptr<Tokenizer> editedLlama(Edit edit)
{
    json root = readJsonFile(fs::path(PRUNESCOPE_TEST_DATA) / "tokenizers" / "llama-style" / "tokenizer.json");
    edit(root);
    QTemporaryDir tmp;
    writeFile(fs::path(tmp.path().toStdString()) / "tokenizer.json", root.dump());
    return Tokenizer::load(tmp.path().toStdString());
}

std::vector<int64_t> without(std::vector<int64_t> ids, size_t leading)
{
    ids.erase(ids.begin(), ids.begin() + std::min(leading, ids.size()));
    return ids;
}

std::vector<int64_t> joined(std::initializer_list<std::vector<int64_t>> parts)
{
    std::vector<int64_t> out;
    for (const auto &p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

QStringList utf8List(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out << QString::fromUtf8(item);
    return out;
}

// Loads and returns the error message, "" when nothing was thrown.
std::string loadError(const fs::path &dir)
{
    try {
        Tokenizer::load(dir);
    } catch (const Error &e) {
        return e.what();
    }
    return std::string();
}

} // namespace

class TestTokenizers : public QObject
{
    Q_OBJECT

private:
    const json &cases();
    const Tokenizer &tokenizer(const QString &family, int source);
    void addCaseRows(const char *onlyFamily, bool bothRoutes);

    bool robertaFixtureFound();
    void addRobertaRows(const char *section);
    const Tokenizer &robertaTokenizer(const QString &route);

    const json &familyCases();

    json m_cases;
    json m_roberta;
    json m_familyCases;
    std::map<std::pair<QString, int>, std::unique_ptr<Tokenizer>> m_tokenizers;
    QTemporaryDir m_bareRobertaDir;
    std::unique_ptr<Tokenizer> m_bareRoberta;

private slots:
    void encodeCases_data();
    void encodeCases();
    void bertTokens_data();
    void bertTokens();
    void gpt2Decode_data();
    void gpt2Decode();
    void bertPair_data();
    void bertPair();
    void kinds_data();
    void kinds();
    void truncationAndPadding();
    void pairTruncation();
    void robertaCases_data();
    void robertaCases();
    void robertaPairs_data();
    void robertaPairs();
    void robertaOptions_data();
    void robertaOptions();
    void robertaSpecials_data();
    void robertaSpecials();
    void robertaLayoutDetection();
    void casedWordPiece();
    void mergesSpellings();
    void decoderFamilyCases_data();
    void decoderFamilyCases();
    void qwen2PreTokenize_data();
    void qwen2PreTokenize();
    void qwen2ChatTokens_data();
    void qwen2ChatTokens();
    void llamaPair();
    void llamaByteFallbackDecode();
    void sentencePieceVariants();
    void loadErrors_data();
    void loadErrors();
};

const json &TestTokenizers::cases()
{
    if (m_cases.is_null())
        m_cases = json::parse(std::ifstream(dataDir() / "cases.json"));
    return m_cases;
}

const json &TestTokenizers::familyCases()
{
    if (m_familyCases.is_null())
        m_familyCases = readJsonFile(dataDir() / "cases-families.json");
    return m_familyCases;
}

const Tokenizer &TestTokenizers::tokenizer(const QString &family, int source)
{
    auto &slot = m_tokenizers[{family, source}];
    if (!slot)
        slot = Tokenizer::load(dataDir() / family.toStdString(), static_cast<Tokenizer::Source>(source));
    return *slot;
}

bool TestTokenizers::robertaFixtureFound()
{
    const fs::path file = dataDir() / "cases-roberta.json";
    if (m_roberta.is_null() && fs::exists(file) && fs::is_directory(dataDir() / "roberta-style"))
        m_roberta = json::parse(std::ifstream(file));
    return !m_roberta.is_null();
}

// One row per route and entry of `section` (per route alone without one); one row, which
// fails, while the fixture is missing.
void TestTokenizers::addRobertaRows(const char *section)
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<int>("index");
    if (!robertaFixtureFound()) {
        QTest::newRow("fixture missing") << QString() << -1;
        return;
    }
    for (const char *route : kRobertaRoutes) {
        if (!section) {
            QTest::newRow(route) << QString(QLatin1String(route)) << -1;
            continue;
        }
        for (size_t i = 0; i < m_roberta.at(section).size(); ++i)
            QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(QLatin1String(route)).arg(i)))
                << QString(QLatin1String(route)) << int(i);
    }
}

const Tokenizer &TestTokenizers::robertaTokenizer(const QString &route)
{
    if (route != QLatin1String("bare"))
        return tokenizer(QStringLiteral("roberta-style"),
                         int(route == QLatin1String("json") ? Tokenizer::Source::TokenizerJson
                                                            : Tokenizer::Source::VocabFiles));
    if (!m_bareRoberta) {
        const fs::path dir = m_bareRobertaDir.path().toStdString();
        for (const char *name : {"vocab.json", "merges.txt"})
            fs::copy_file(dataDir() / "roberta-style" / name, dir / name, fs::copy_options::overwrite_existing);
        m_bareRoberta = Tokenizer::load(dir);
    }
    return *m_bareRoberta;
}

void TestTokenizers::addCaseRows(const char *onlyFamily, bool bothRoutes)
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("index");
    const std::pair<int, const char *> routes[] = {{int(Tokenizer::Source::TokenizerJson), "json"},
                                                   {int(Tokenizer::Source::VocabFiles), "vocab"}};
    for (const char *family : kFamilies) {
        if (onlyFamily && qstrcmp(family, onlyFamily) != 0)
            continue;
        for (const auto &[source, route] : routes) {
            if (!bothRoutes && source != int(Tokenizer::Source::TokenizerJson))
                continue;
            for (size_t i = 0; i < cases().at(family).size(); ++i)
                QTest::newRow(qPrintable(QStringLiteral("%1/%2/%3").arg(QLatin1String(family), QLatin1String(route)).arg(i)))
                    << QString(QLatin1String(family)) << source << int(i);
        }
    }
}

void TestTokenizers::encodeCases_data()
{
    addCaseRows(nullptr, true);
}

void TestTokenizers::encodeCases()
{
    QFETCH(QString, family);
    QFETCH(int, source);
    QFETCH(int, index);
    const json &c = cases().at(family.toStdString()).at(index);
    const std::string text = c.at("text").get<std::string>();
    const auto expected = c.at("ids").get<std::vector<int64_t>>();
    const Encoding e = tokenizer(family, source).encode(text);
    QVERIFY2(e.ids == expected, qPrintable(mismatch(text, idsString(expected), idsString(e.ids))));
    QCOMPARE(e.tokens.size(), e.ids.size());
    QCOMPARE(e.attentionMask, std::vector<int64_t>(e.ids.size(), 1));
    QCOMPARE(e.typeIds, std::vector<int64_t>(e.ids.size(), 0));
}

void TestTokenizers::bertTokens_data()
{
    addCaseRows("bert-base-uncased", true);
}

void TestTokenizers::bertTokens()
{
    QFETCH(QString, family);
    QFETCH(int, source);
    QFETCH(int, index);
    const json &c = cases().at(family.toStdString()).at(index);
    const std::string text = c.at("text").get<std::string>();
    const auto expected = c.at("tokens").get<std::vector<std::string>>();
    const Encoding e = tokenizer(family, source).encode(text);
    QVERIFY2(e.tokens == expected, qPrintable(mismatch(text, tokensString(expected), tokensString(e.tokens))));
}

void TestTokenizers::gpt2Decode_data()
{
    addCaseRows("gpt2", true);
}

void TestTokenizers::gpt2Decode()
{
    QFETCH(QString, family);
    QFETCH(int, source);
    QFETCH(int, index);
    const json &c = cases().at(family.toStdString()).at(index);
    const auto ids = c.at("ids").get<std::vector<int64_t>>();
    const QString decoded = QString::fromStdString(tokenizer(family, source).decode(ids));
    QCOMPARE(decoded, QString::fromStdString(c.at("decoded").get<std::string>()));
}

void TestTokenizers::bertPair_data()
{
    QTest::addColumn<int>("source");
    QTest::newRow("json") << int(Tokenizer::Source::TokenizerJson);
    QTest::newRow("vocab") << int(Tokenizer::Source::VocabFiles);
}

void TestTokenizers::bertPair()
{
    QFETCH(int, source);
    const json &c = cases().at("bert-base-uncased-pair");
    const Encoding e = tokenizer(QStringLiteral("bert-base-uncased"), source)
                           .encodePair(c.at("a").get<std::string>(), c.at("b").get<std::string>());
    const auto ids = c.at("ids").get<std::vector<int64_t>>();
    const auto types = c.at("token_type_ids").get<std::vector<int64_t>>();
    QVERIFY2(e.ids == ids, qPrintable(mismatch(c.at("a").get<std::string>(), idsString(ids), idsString(e.ids))));
    QVERIFY2(e.typeIds == types, qPrintable(mismatch(c.at("b").get<std::string>(), idsString(types), idsString(e.typeIds))));
}

void TestTokenizers::kinds_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("source");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qint64>("vocabSize");
    QTest::addColumn<qint64>("padId");
    for (int source : {int(Tokenizer::Source::TokenizerJson), int(Tokenizer::Source::VocabFiles)}) {
        const QString route = source == int(Tokenizer::Source::TokenizerJson) ? QStringLiteral("json") : QStringLiteral("vocab");
        QTest::newRow(qPrintable(QStringLiteral("bert/") + route)) << QStringLiteral("bert-base-uncased") << source
                                                                  << QStringLiteral("wordpiece") << qint64(30522) << qint64(0);
        QTest::newRow(qPrintable(QStringLiteral("gpt2/") + route)) << QStringLiteral("gpt2") << source
                                                                  << QStringLiteral("byte-bpe") << qint64(50257) << qint64(50256);
        QTest::newRow(qPrintable(QStringLiteral("clip/") + route)) << QStringLiteral("clip-trained") << source
                                                                  << QStringLiteral("clip-bpe") << qint64(3182) << qint64(3181);
        // 2,256 BPE entries, then <|endoftext|> (the pad token) <|im_start|> <|im_end|>.
        QTest::newRow(qPrintable(QStringLiteral("qwen2/") + route)) << QStringLiteral("qwen2-style") << source
                                                                   << QStringLiteral("byte-bpe") << qint64(2259) << qint64(2256);
    }
    // No pad token in Llama's files: the eos </s> pads.
    QTest::newRow("llama/json") << QStringLiteral("llama-style") << int(Tokenizer::Source::TokenizerJson)
                                << QStringLiteral("sentencepiece-bpe") << qint64(2363) << qint64(2);
}

void TestTokenizers::kinds()
{
    QFETCH(QString, family);
    QFETCH(int, source);
    QFETCH(QString, kind);
    QFETCH(qint64, vocabSize);
    QFETCH(qint64, padId);
    const Tokenizer &tok = tokenizer(family, source);
    QCOMPARE(QString::fromStdString(tok.kind()), kind);
    QCOMPARE(qint64(tok.vocabSize()), vocabSize);
    QCOMPARE(qint64(tok.padId()), padId);
}

void TestTokenizers::truncationAndPadding()
{
    const std::string text = "Hello, world! This is PruneScope's tokenizer test.";
    EncodeOptions truncate;
    truncate.maxLength = 6;
    EncodeOptions pad;
    pad.maxLength = 40;
    pad.padToMaxLength = true;

    const std::pair<const char *, int64_t> families[] = {{"bert-base-uncased", 0}, {"gpt2", 50256}, {"clip-trained", 3181}};
    for (const auto &[family, padId] : families) {
        const Tokenizer &tok = tokenizer(QLatin1String(family), int(Tokenizer::Source::TokenizerJson));
        const Encoding full = tok.encode(text);
        const Encoding cut = tok.encode(text, truncate);
        QCOMPARE(cut.ids.size(), size_t(6));
        QCOMPARE(cut.attentionMask, std::vector<int64_t>(6, 1));
        if (qstrcmp(family, "gpt2") == 0) {
            QCOMPARE(cut.ids, std::vector<int64_t>(full.ids.begin(), full.ids.begin() + 6));
        } else {
            // Specials stay: the first four content tokens between [CLS]/bos and [SEP]/eos.
            QCOMPARE(cut.ids.front(), full.ids.front());
            QCOMPARE(cut.ids.back(), full.ids.back());
            QCOMPARE(std::vector<int64_t>(cut.ids.begin(), cut.ids.end() - 1),
                     std::vector<int64_t>(full.ids.begin(), full.ids.begin() + 5));
        }
        const Encoding padded = tok.encode(text, pad);
        QCOMPARE(padded.ids.size(), size_t(40));
        QCOMPARE(padded.tokens.size(), size_t(40));
        QCOMPARE(padded.typeIds.size(), size_t(40));
        QCOMPARE(std::vector<int64_t>(padded.ids.begin(), padded.ids.begin() + full.ids.size()), full.ids);
        QCOMPARE(padded.ids.back(), padId);
        QCOMPARE(std::count(padded.attentionMask.begin(), padded.attentionMask.end(), 1), std::ptrdiff_t(full.ids.size()));
        QCOMPARE(padded.attentionMask[full.ids.size()], int64_t(0));
    }
    // CLIP's 77-token context: a long text cut to 77 ends with the eos.
    const Tokenizer &clip = tokenizer(QStringLiteral("clip-trained"), int(Tokenizer::Source::VocabFiles));
    EncodeOptions context;
    context.maxLength = 77;
    context.padToMaxLength = true;
    std::string longText;
    for (int i = 0; i < 30; ++i)
        longText += "a photo of a pruned network ";
    const Encoding e = clip.encode(longText, context);
    QCOMPARE(e.ids.size(), size_t(77));
    QCOMPARE(e.ids.front(), int64_t(3180));
    QCOMPARE(e.ids.back(), int64_t(3181));
    QCOMPARE(e.attentionMask, std::vector<int64_t>(77, 1));
}

void TestTokenizers::pairTruncation()
{
    const Tokenizer &bert = tokenizer(QStringLiteral("bert-base-uncased"), int(Tokenizer::Source::TokenizerJson));
    EncodeOptions options;
    options.maxLength = 9;
    // 6 and 2 tokens: longest first takes from the first text only.
    const Encoding e = bert.encodePair("one two three four five six", "seven eight", options);
    QCOMPARE(e.ids.size(), size_t(9));
    QCOMPARE(e.ids, (std::vector<int64_t>{101, 2028, 2048, 2093, 2176, 102, 2698, 2809, 102}));
    QCOMPARE(e.typeIds, (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 1, 1, 1}));
}

void TestTokenizers::robertaCases_data()
{
    addRobertaRows("cases");
}

void TestTokenizers::robertaCases()
{
    QFETCH(QString, route);
    QFETCH(int, index);
    QVERIFY2(robertaFixtureFound(), qPrintable(robertaMissing()));
    const json &c = m_roberta.at("cases").at(index);
    const std::string text = c.at("text").get<std::string>();
    const auto ids = c.at("ids").get<std::vector<int64_t>>();
    const auto tokens = c.at("tokens").get<std::vector<std::string>>();
    const Tokenizer &tok = robertaTokenizer(route);
    const Encoding e = tok.encode(text);
    QVERIFY2(e.ids == ids, qPrintable(mismatch(text, idsString(ids), idsString(e.ids))));
    QVERIFY2(e.tokens == tokens, qPrintable(mismatch(text, tokensString(tokens), tokensString(e.tokens))));
    QCOMPARE(e.typeIds, std::vector<int64_t>(ids.size(), 0));
    QCOMPARE(e.attentionMask, std::vector<int64_t>(ids.size(), 1));
    QCOMPARE(QString::fromStdString(tok.decode(ids, false)), QString::fromStdString(c.at("decoded").get<std::string>()));
    QCOMPARE(QString::fromStdString(tok.decode(ids, true)),
             QString::fromStdString(c.at("decoded_skip_special").get<std::string>()));
}

void TestTokenizers::robertaPairs_data()
{
    addRobertaRows("pairs");
}

void TestTokenizers::robertaPairs()
{
    QFETCH(QString, route);
    QFETCH(int, index);
    QVERIFY2(robertaFixtureFound(), qPrintable(robertaMissing()));
    const json &c = m_roberta.at("pairs").at(index);
    const std::string a = c.at("a").get<std::string>();
    const auto ids = c.at("ids").get<std::vector<int64_t>>();
    const Encoding e = robertaTokenizer(route).encodePair(a, c.at("b").get<std::string>());
    QVERIFY2(e.ids == ids, qPrintable(mismatch(a, idsString(ids), idsString(e.ids))));
    // RoBERTa has one token type: <s> A </s></s> B </s> is all zeros.
    QCOMPARE(e.typeIds, std::vector<int64_t>(ids.size(), 0));
}

void TestTokenizers::robertaOptions_data()
{
    addRobertaRows("options");
}

void TestTokenizers::robertaOptions()
{
    QFETCH(QString, route);
    QFETCH(int, index);
    QVERIFY2(robertaFixtureFound(), qPrintable(robertaMissing()));
    const json &c = m_roberta.at("options").at(index);
    const std::string text = c.at("text").get<std::string>();
    EncodeOptions options;
    options.maxLength = c.at("max_length").get<int64_t>();
    options.padToMaxLength = c.at("pad_to_max_length").get<bool>();
    const Tokenizer &tok = robertaTokenizer(route);
    const Encoding e = c.at("text_pair").is_null()
        ? tok.encode(text, options)
        : tok.encodePair(text, c.at("text_pair").get<std::string>(), options);
    const auto ids = c.at("ids").get<std::vector<int64_t>>();
    const auto mask = c.at("attention_mask").get<std::vector<int64_t>>();
    QVERIFY2(e.ids == ids, qPrintable(mismatch(text, idsString(ids), idsString(e.ids))));
    QVERIFY2(e.attentionMask == mask, qPrintable(mismatch(text, idsString(mask), idsString(e.attentionMask))));
}

void TestTokenizers::robertaSpecials_data()
{
    addRobertaRows(nullptr);
}

void TestTokenizers::robertaSpecials()
{
    QFETCH(QString, route);
    QVERIFY2(robertaFixtureFound(), qPrintable(robertaMissing()));
    const Tokenizer &tok = robertaTokenizer(route);
    QCOMPARE(QString::fromStdString(tok.kind()), QStringLiteral("byte-bpe"));
    QCOMPARE(qint64(tok.vocabSize()), m_roberta.at("vocab_size").get<qint64>());
    QCOMPARE(qint64(tok.padId()), m_roberta.at("special_ids").at("<pad>").get<qint64>());
}

void TestTokenizers::robertaLayoutDetection()
{
    // RoBERTa's layout in miniature: specials first, <mask> last, one merge per word.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const fs::path dir = tmp.path().toStdString();
    writeFile(dir / "vocab.json", R"({"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "h": 4, "i": 5, "\u0120": 6,)"
                                  R"( "hi": 7, "\u0120hi": 8, "<mask>": 9})");
    writeFile(dir / "merges.txt", "#version: 0.2\nh i\n\u0120 hi\n");
    // No tokenizer_config.json (roberta-base names no class): <s> and </s> in the vocabulary tell.
    auto bare = Tokenizer::load(dir);
    QCOMPARE(bare->encode("hi").ids, (std::vector<int64_t>{0, 7, 2}));
    QCOMPARE(bare->encode("hi <mask>").ids, (std::vector<int64_t>{0, 7, 9, 2})); // the mask takes the space
    QCOMPARE(bare->encodePair("hi", " hi").ids, (std::vector<int64_t>{0, 7, 2, 2, 8, 2}));
    QCOMPARE(bare->padId(), int64_t(1));
    QCOMPARE(QString::fromStdString(bare->decode({0, 7, 9, 2})), QStringLiteral("hi"));

    writeFile(dir / "tokenizer_config.json", R"({"tokenizer_class": "RobertaTokenizer", "add_prefix_space": true})");
    QCOMPARE(Tokenizer::load(dir)->encode("hi").ids, (std::vector<int64_t>{0, 8, 2}));
    // Another class, or a bos other than <s>, keeps plain GPT-2: no template.
    for (const char *config : {R"({"tokenizer_class": "GPT2Tokenizer"})", R"({"bos_token": "<|endoftext|>"})"}) {
        writeFile(dir / "tokenizer_config.json", config);
        QCOMPARE(Tokenizer::load(dir)->encode("hi").ids, (std::vector<int64_t>{7}));
    }
}

void TestTokenizers::casedWordPiece()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const fs::path dir = tmp.path().toStdString();
    writeFile(dir / "vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nHello\nhello\ncafé\ncafe\nworld\n!\n##s\n");
    // Only vocab.txt: uncased, accents stripped.
    auto uncased = Tokenizer::load(dir);
    QCOMPARE(uncased->encode("Hello CAFÉ world!").ids, (std::vector<int64_t>{2, 6, 8, 9, 10, 3}));

    writeFile(dir / "tokenizer_config.json", R"({"do_lower_case": false, "tokenizer_class": "BertTokenizer"})");
    auto cased = Tokenizer::load(dir);
    QCOMPARE(QString::fromStdString(cased->kind()), QStringLiteral("wordpiece"));
    const Encoding e = cased->encode("Hello café world!");
    QCOMPARE(e.ids, (std::vector<int64_t>{2, 5, 7, 9, 10, 3}));
    QCOMPARE(cased->encode("hello CAFÉ").ids, (std::vector<int64_t>{2, 6, 1, 3}));
    // Special tokens in the text stay whole.
    QCOMPARE(cased->encode("Hello [MASK] worlds").ids, (std::vector<int64_t>{2, 5, 4, 9, 11, 3}));
    QCOMPARE(QString::fromStdString(cased->decode(e.ids)), QStringLiteral("Hello café world!"));
    QCOMPARE(QString::fromStdString(cased->decode(e.ids, false)), QStringLiteral("[CLS] Hello café world! [SEP]"));
}

void TestTokenizers::mergesSpellings()
{
    // "a b" strings (tokenizers < 0.20) and ["a", "b"] pairs must tokenise the same.
    const json vocab = {{"h", 0}, {"e", 1}, {"l", 2}, {"o", 3}, {"Ġ", 4}, {"he", 5}, {"ll", 6}, {"hell", 7},
                        {"hello", 8}, {"Ġh", 9}, {"Ġhe", 10}};
    const json asStrings = json::array({"h e", "l l", "he ll", "hell o", "Ġ h", "Ġh e"});
    json asPairs = json::array();
    for (const json &m : asStrings) {
        const std::string s = m.get<std::string>();
        asPairs.push_back(json::array({s.substr(0, s.find(' ')), s.substr(s.find(' ') + 1)}));
    }
    for (const json &merges : {asStrings, asPairs}) {
        json root = json::parse(std::ifstream(dataDir() / "gpt2" / "tokenizer.json"));
        root["model"]["vocab"] = vocab;
        root["model"]["merges"] = merges;
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        writeFile(fs::path(tmp.path().toStdString()) / "tokenizer.json", root.dump());
        auto tok = Tokenizer::load(tmp.path().toStdString());
        QCOMPARE(tok->encode("hello hell hole").ids, (std::vector<int64_t>{8, 4, 7, 9, 3, 2, 1}));
        QCOMPARE(QString::fromStdString(tok->decode({8, 4, 7})), QStringLiteral("hello hell"));
    }
}

void TestTokenizers::decoderFamilyCases_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("index");
    for (const auto &[family, vocabFiles] : kDecoderFamilies) {
        for (const auto &[source, route] : {std::pair(int(Tokenizer::Source::TokenizerJson), "json"),
                                            std::pair(int(Tokenizer::Source::VocabFiles), "vocab")}) {
            if (!vocabFiles && source == int(Tokenizer::Source::VocabFiles))
                continue;
            for (size_t i = 0; i < familyCases().at(family).size(); ++i)
                QTest::newRow(qPrintable(QStringLiteral("%1/%2/%3").arg(QLatin1String(family), QLatin1String(route)).arg(i)))
                    << QString(QLatin1String(family)) << source << int(i);
        }
    }
}

void TestTokenizers::decoderFamilyCases()
{
    QFETCH(QString, family);
    QFETCH(int, source);
    QFETCH(int, index);
    const json &c = familyCases().at(family.toStdString()).at(index);
    const std::string text = c.at("text").get<std::string>();
    const auto ids = c.at("ids").get<std::vector<int64_t>>();
    const auto tokens = c.at("tokens").get<std::vector<std::string>>();
    const Tokenizer &tok = tokenizer(family, source);
    const Encoding e = tok.encode(text);
    QVERIFY2(e.ids == ids, qPrintable(mismatch(text, idsString(ids), idsString(e.ids))));
    QVERIFY2(e.tokens == tokens, qPrintable(mismatch(text, tokensString(tokens), tokensString(e.tokens))));
    QCOMPARE(e.typeIds, std::vector<int64_t>(ids.size(), 0));
    QCOMPARE(e.attentionMask, std::vector<int64_t>(ids.size(), 1));
    QCOMPARE(QString::fromStdString(tok.decode(ids, false)), QString::fromStdString(c.at("decoded").get<std::string>()));
    QCOMPARE(QString::fromStdString(tok.decode(ids, true)),
             QString::fromStdString(c.at("decoded_skip_special").get<std::string>()));
}

void TestTokenizers::qwen2PreTokenize_data()
{
    // The trained vocabulary has no merge across these boundaries (no two-digit token),
    // so the ids alone cannot show them. Expected pieces: Python's `regex` module running
    // the pattern of qwen2-style/tokenizer.json on the NFC text.
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("pieces");
    QTest::newRow("digits one at a time")
        << QStringLiteral("42 apples, 2026") << utf8List({"4", "2", " apples", ",", " ", "2", "0", "2", "6"});
    QTest::newRow("contractions in capitals")
        << QStringLiteral("I'M SURE IT'LL WORK") << utf8List({"I", "'M", " SURE", " IT", "'LL", " WORK"});
    QTest::newRow("line breaks end a whitespace run")
        << QStringLiteral("  x\r\n\r\n  y") << utf8List({" ", " x", "\r\n\r\n", " ", " y"});
    QTest::newRow("punctuation takes its line breaks")
        << QStringLiteral("(hello) ...\n\nworld  ") << utf8List({"(hello", ")", " ...\n\n", "world", "  "});
    QTest::newRow("NFC, and any one character before letters")
        << QStringLiteral("cafe\u0301 \u00a0b") << utf8List({"caf\u00e9", " ", "\u00a0b"});
    QTest::newRow("a tab before letters") << QStringLiteral("x=1;\tfoo") << utf8List({"x", "=", "1", ";", "\tfoo"});
}

void TestTokenizers::qwen2PreTokenize()
{
    QFETCH(QString, text);
    QFETCH(QStringList, pieces);
    const auto *tok = dynamic_cast<const BpeTokenizer *>(
        &tokenizer(QStringLiteral("qwen2-style"), int(Tokenizer::Source::TokenizerJson)));
    QVERIFY(tok);
    QStringList actual;
    for (const std::string &piece : tok->preTokenize(text.toStdString()))
        actual << QString::fromStdString(piece);
    QCOMPARE(actual, pieces);
}

void TestTokenizers::qwen2ChatTokens_data()
{
    QTest::addColumn<int>("source");
    QTest::newRow("json") << int(Tokenizer::Source::TokenizerJson);
    QTest::newRow("vocab") << int(Tokenizer::Source::VocabFiles);
}

void TestTokenizers::qwen2ChatTokens()
{
    // The chat markers are cut out of the text whole, wherever they stand; what lies
    // between them is tokenised on its own.
    QFETCH(int, source);
    const Tokenizer &tok = tokenizer(QStringLiteral("qwen2-style"), source);
    const std::vector<int64_t> user = tok.encode("user\nHello there").ids;
    const std::vector<int64_t> assistant = tok.encode("assistant\n").ids;
    const Encoding e = tok.encode("<|im_start|>user\nHello there<|im_end|>\n<|im_start|>assistant\n");
    QCOMPARE(e.ids, joined({{2257}, user, {2258}, tok.encode("\n").ids, {2257}, assistant}));
    QCOMPARE(e.tokens.front(), std::string("<|im_start|>"));
    QCOMPARE(QString::fromStdString(tok.decode(e.ids, true)), QStringLiteral("user\nHello there\nassistant\n"));
}

void TestTokenizers::llamaPair()
{
    // The template <s> A <s> B, the second half with type id 1.
    const Tokenizer &tok = tokenizer(QStringLiteral("llama-style"), int(Tokenizer::Source::TokenizerJson));
    const std::vector<int64_t> a = tok.encode("The quick brown fox").ids;
    const std::vector<int64_t> b = tok.encode("jumps over the lazy dog.").ids;
    const Encoding e = tok.encodePair("The quick brown fox", "jumps over the lazy dog.");
    QCOMPARE(e.ids, joined({a, b}));
    std::vector<int64_t> types(a.size(), 0);
    types.resize(a.size() + b.size(), 1);
    QCOMPARE(e.typeIds, types);
}

void TestTokenizers::llamaByteFallbackDecode()
{
    // <0xNN> has the id 3 + NN. Bytes that form UTF-8 become their character; bytes that
    // do not become one U+FFFD each, as the ByteFallback decoder writes them.
    const Tokenizer &tok = tokenizer(QStringLiteral("llama-style"), int(Tokenizer::Source::TokenizerJson));
    const int64_t c3 = 3 + 0xC3, a9 = 3 + 0xA9, e4 = 3 + 0xE4, b8 = 3 + 0xB8;
    QCOMPARE(QString::fromStdString(tok.decode({c3, a9})), QStringLiteral("\u00e9"));
    QCOMPARE(QString::fromStdString(tok.decode({c3})), QStringLiteral("\ufffd"));
    QCOMPARE(QString::fromStdString(tok.decode({e4, b8, c3, a9})), QStringLiteral("\ufffd\ufffd\ufffd\ufffd"));
    const std::vector<int64_t> cafe = tok.encode("caf").ids;
    QCOMPARE(QString::fromStdString(tok.decode(joined({cafe, {c3, a9}}))), QStringLiteral("caf\u00e9"));
}

void TestTokenizers::sentencePieceVariants()
{
    // Each variant of the pipeline against another whose text is the same after its `▁`s
    // are written: the BPE model then sees the same words.
    auto scheme = [](const char *name) {
        return editedLlama([name](json &root) { root["pre_tokenizer"]["prepend_scheme"] = name; });
    };
    const auto first = scheme("first");
    const auto always = scheme("always");
    const auto never = scheme("never");
    const std::vector<int64_t> bos{1};
    // "first" marks only the start of the text, "always" every text between added tokens.
    QCOMPARE(first->encode("<s>hello").ids, joined({bos, bos, without(never->encode("hello").ids, 1)}));
    QCOMPARE(always->encode("<s>hello").ids, joined({bos, bos, without(first->encode("hello").ids, 1)}));

    // Llama 2's first files: Prepend("▁") + Replace(" ", "▁") normaliser, no pre-tokenizer.
    // A text that starts with a space gets a second `▁`.
    const auto legacy = editedLlama([](json &root) {
        root["pre_tokenizer"] = nullptr;
        root["normalizer"] = {{"type", "Sequence"},
                              {"normalizers",
                               {{{"type", "Prepend"}, {"prepend", "\u2581"}},
                                {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\u2581"}}}}};
    });
    QCOMPARE(QString::fromStdString(legacy->kind()), QStringLiteral("sentencepiece-bpe"));
    QCOMPARE(legacy->encode(" leading space").ids, first->encode("  leading space").ids);
    QCOMPARE(legacy->encode("<s>hello world").ids, always->encode("<s>hello world").ids);

    // split: true cuts the text before each `▁`, so no merge crosses a word.
    const auto split = editedLlama([](json &root) { root["pre_tokenizer"]["split"] = true; });
    const Encoding words = split->encode("the quick  brown");
    QCOMPARE(words.ids, joined({first->encode("the").ids, without(never->encode(" quick").ids, 1),
                                without(never->encode(" ").ids, 1), without(never->encode(" brown").ids, 1)}));
    QCOMPARE(QString::fromStdString(split->decode(words.ids)), QStringLiteral("the quick  brown"));
}

void TestTokenizers::loadErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("expected"); // part of the message
    QTest::newRow("missing folder") << QString() << QString() << QStringLiteral("does-not-exist");
    QTest::newRow("empty folder") << QStringLiteral("README.md") << QStringLiteral("x")
                                  << QStringLiteral("no tokenizer files");
    QTest::newRow("malformed vocab.json") << QStringLiteral("vocab.json") << QStringLiteral("{\"a\": 0, ")
                                          << QStringLiteral("vocab.json");
    QTest::newRow("vocab.json ids") << QStringLiteral("vocab.json") << QStringLiteral("{\"a\": \"zero\"}")
                                    << QStringLiteral("vocab.json");
    QTest::newRow("malformed merges.txt") << QStringLiteral("merges.txt") << QStringLiteral("#version: 0.2\na b c\n")
                                          << QStringLiteral("merges.txt line 2");
    QTest::newRow("unsupported model") << QStringLiteral("tokenizer.json")
                                       << QStringLiteral("{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}")
                                       << QStringLiteral("tokenizer.json: model.type 'Unigram' is not supported");
    QTest::newRow("malformed tokenizer.json") << QStringLiteral("tokenizer.json") << QStringLiteral("{\"model\": ")
                                              << QStringLiteral("tokenizer.json");
    QTest::newRow("unsupported pre_tokenizer")
        << QStringLiteral("tokenizer.json")
        << QStringLiteral("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
                          " \"pre_tokenizer\": {\"type\": \"Whitespace\"}}")
        << QStringLiteral("tokenizer.json: pre_tokenizer 'Whitespace' is not supported for a BPE model");
    // The decoder families' files with one part changed.
    auto edited = [](const char *family, const std::function<void(json &)> &edit) {
        json root = readJsonFile(dataDir() / family / "tokenizer.json");
        edit(root);
        return QString::fromStdString(root.dump());
    };
    QTest::newRow("Split pattern of no known family")
        << QStringLiteral("tokenizer.json")
        << edited("qwen2-style", [](json &root) { root["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\s+"; })
        << QStringLiteral("tokenizer.json: pre_tokenizer 'Sequence [Split, ByteLevel]' is not supported");
    QTest::newRow("Qwen2 split after a normaliser other than NFC")
        << QStringLiteral("tokenizer.json")
        << edited("qwen2-style", [](json &root) { root["normalizer"] = {{"type", "NFKC"}}; })
        << QStringLiteral("tokenizer.json: normalizer 'NFKC' is not supported with Qwen2's pre-tokenizer");
    QTest::newRow("Metaspace with an unknown prepend_scheme")
        << QStringLiteral("tokenizer.json")
        << edited("llama-style", [](json &root) { root["pre_tokenizer"]["prepend_scheme"] = "sometimes"; })
        << QStringLiteral("tokenizer.json: pre_tokenizer.prepend_scheme 'sometimes' is not always, first or never");
    QTest::newRow("SentencePiece decoder step not supported")
        << QStringLiteral("tokenizer.json")
        << edited("llama-style", [](json &root) { root["decoder"]["decoders"][1] = {{"type", "CTC"}}; })
        << QStringLiteral("tokenizer.json: decoder 'CTC' is not supported with a SentencePiece BPE");
    QTest::newRow("SentencePiece unk_token not in the vocabulary")
        << QStringLiteral("tokenizer.json")
        << edited("llama-style", [](json &root) { root["model"]["unk_token"] = "<unknown>"; })
        << QStringLiteral("tokenizer.json: model.unk_token '<unknown>' is not in the vocabulary");
    QTest::newRow("vocab.txt without [UNK]") << QStringLiteral("vocab.txt") << QStringLiteral("[CLS]\n[SEP]\n")
                                             << QStringLiteral("vocab.txt");
    // Found by the fuzz targets: ids outside the vocabulary reached the embedding, and
    // tokenizer_config.json's wrong types escaped as std:: or nlohmann exceptions.
    const QString wordPiece = QStringLiteral("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"a\": 1}}");
    QTest::newRow("post_processor token not in the vocabulary")
        << QStringLiteral("tokenizer.json")
        << wordPiece + QStringLiteral(", \"post_processor\": {\"type\": \"BertProcessing\", \"cls\": [\"[CLS]\", 2],"
                                      " \"sep\": [\"[SEP]\", 3]}}")
        << QStringLiteral("post_processor token '[CLS]' is neither in the vocabulary nor an added token");
    QTest::newRow("template id outside the vocabulary")
        << QStringLiteral("tokenizer.json")
        << wordPiece + QStringLiteral(", \"post_processor\": {\"type\": \"TemplateProcessing\","
                                      " \"single\": [{\"SpecialToken\": {\"id\": \"[CLS]\"}}], \"pair\": [],"
                                      " \"special_tokens\": {\"[CLS]\": {\"ids\": [7], \"tokens\": [\"[CLS]\"]}}}}")
        << QStringLiteral("special token '[CLS]' has the id 7, outside the vocabulary and added tokens (0 to 1)");
    QTest::newRow("negative added token id")
        << QStringLiteral("tokenizer.json")
        << wordPiece + QStringLiteral(", \"added_tokens\": [{\"id\": -1, \"content\": \"[CLS]\"}]}")
        << QStringLiteral("added token '[CLS]' has the id -1");
    QTest::newRow("added_tokens_decoder key not an id")
        << QStringLiteral("tokenizer_config.json")
        << QStringLiteral("{\"added_tokens_decoder\": {\"x\": {\"content\": \"[MASK]\"}}}")
        << QStringLiteral("tokenizer_config.json: added_tokens_decoder key 'x' is not a token id");
    QTest::newRow("tokenizer_config.json value of the wrong type")
        << QStringLiteral("tokenizer_config.json") << QStringLiteral("{\"do_lower_case\": \"yes\"}")
        << QStringLiteral("tokenizer_config.json: unexpected content");
}

void TestTokenizers::loadErrors()
{
    QFETCH(QString, file);
    QFETCH(QString, content);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    fs::path dir = tmp.path().toStdString();
    if (file.isEmpty()) {
        dir /= "does-not-exist";
    } else {
        // A valid companion file, so that the error comes from the one under test.
        if (file == QLatin1String("vocab.json"))
            writeFile(dir / "merges.txt", "#version: 0.2\n");
        if (file == QLatin1String("merges.txt"))
            writeFile(dir / "vocab.json", R"({"a": 0, "b": 1, "c": 2})");
        if (file == QLatin1String("tokenizer_config.json"))
            writeFile(dir / "vocab.txt", "[UNK]\n[CLS]\n[SEP]\n");
        writeFile(dir / file.toStdString(), content.toStdString());
    }
    const QString message = QString::fromStdString(loadError(dir));
    QVERIFY2(!message.isEmpty(), "no prunescope::Error thrown");
    QVERIFY2(message.contains(expected), qPrintable(QStringLiteral("message: ") + message));
}

QTEST_GUILESS_MAIN(TestTokenizers)
#include "tst_tokenizers.moc"
