// Datasets: TSV / CSV / JSONL classification tables with bad rows reported by line,
// quoting, label names, sentence pairs; plain text packed into LM blocks; and the
// refusal of files with nothing usable.
#include "core/models/checkpoint.h"
#include "core/data/datasets.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/text/tokenizer.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace prunescope;
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
