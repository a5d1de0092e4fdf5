// The model panel and the main window, offscreen: a checkpoint in, the expected rows out;
// a broken checkpoint leaves the panel empty and says why.
#include "widgets/main_window.h"
#include "widgets/model_panel.h"
#include "widgets/translations.h"

#include "core/models/checkpoint_summary.h"

#include <QMenuBar>
#include <QStandardPaths>
#include <QTranslator>
#include <QStatusBar>
#include <QTreeWidget>
#include <QtTest>

using namespace prunescope;

namespace {

QString fixture(const QString &family)
{
    return QStringLiteral(PRUNESCOPE_TEST_DATA "/hf/") + family;
}

// The value column of the row called `key` under the top-level item `section`.
QString valueOf(QTreeWidget *tree, const QString &section, const QString &key)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *top = tree->topLevelItem(i);
        if (top->text(0) != section)
            continue;
        for (int j = 0; j < top->childCount(); ++j)
            if (top->child(j)->text(0) == key)
                return top->child(j)->text(1);
    }
    return QStringLiteral("(no row %1 / %2)").arg(section, key);
}

} // namespace

class TestModelPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsStructure_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("tower");
        QTest::addColumn<QString>("heads");
        QTest::addColumn<QString>("ffn");
        QTest::addColumn<QString>("prunableHeads");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("input"); // image towers only
        QTest::newRow("bert") << QStringLiteral("bert") << QStringLiteral("Tower: encoder") << QStringLiteral("4 of size 16")
                              << QStringLiteral("128") << QStringLiteral("8") << QStringLiteral("BERT") << QString();
        QTest::newRow("gpt2") << QStringLiteral("gpt2") << QStringLiteral("Tower: decoder") << QStringLiteral("4 of size 16")
                              << QStringLiteral("256") << QStringLiteral("8") << QStringLiteral("GPT-2") << QString();
        QTest::newRow("clip") << QStringLiteral("clip") << QStringLiteral("Tower: vision") << QStringLiteral("4 of size 16")
                              << QStringLiteral("128") << QStringLiteral("16") << QStringLiteral("CLIP")
                              << QStringLiteral("32 \u00d7 32 images in 8 \u00d7 8 patches (16 + 1 tokens)");
        QTest::newRow("roberta") << QStringLiteral("roberta") << QStringLiteral("Tower: encoder")
                                 << QStringLiteral("4 of size 16") << QStringLiteral("128") << QStringLiteral("8")
                                 << QStringLiteral("RoBERTa") << QString();
        QTest::newRow("distilbert") << QStringLiteral("distilbert") << QStringLiteral("Tower: encoder")
                                    << QStringLiteral("4 of size 16") << QStringLiteral("128") << QStringLiteral("8")
                                    << QStringLiteral("DistilBERT") << QString();
        QTest::newRow("vit") << QStringLiteral("vit") << QStringLiteral("Tower: vision") << QStringLiteral("4 of size 16")
                             << QStringLiteral("128") << QStringLiteral("8") << QStringLiteral("ViT")
                             << QStringLiteral("32 \u00d7 32 images in 8 \u00d7 8 patches (16 + 1 tokens)");
    }
    void showsStructure()
    {
        QFETCH(QString, family);
        QFETCH(QString, tower);
        QFETCH(QString, heads);
        QFETCH(QString, ffn);
        QFETCH(QString, prunableHeads);
        QFETCH(QString, title);
        QFETCH(QString, input);
        ModelPanel panel;
        panel.showSummary(summarizeCheckpoint(fixture(family).toStdString()));
        QCOMPARE(valueOf(panel.tree(), QStringLiteral("Model"), QStringLiteral("Family")),
                 QStringLiteral("%1 (%2)").arg(title, family));
        if (!input.isEmpty())
            QCOMPARE(valueOf(panel.tree(), tower, QStringLiteral("Input")), input);
        QCOMPARE(valueOf(panel.tree(), tower, QStringLiteral("Layers")), QStringLiteral("2"));
        QCOMPARE(valueOf(panel.tree(), tower, QStringLiteral("Heads per layer")), heads);
        QCOMPARE(valueOf(panel.tree(), tower, QStringLiteral("FFN neurons per layer")), ffn);
        QCOMPARE(valueOf(panel.tree(), QStringLiteral("Prunable units"), QStringLiteral("Heads")), prunableHeads);
    }

    void mainWindowOpensACheckpoint()
    {
        MainWindow window;
        QVERIFY(window.openCheckpoint(QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert")));
        QCOMPARE(valueOf(window.modelPanel()->tree(), QStringLiteral("Model"), QStringLiteral("Architecture")),
                 QStringLiteral("BertForSequenceClassification"));
    }

    void mainWindowExplainsBrokenCheckpoint()
    {
        MainWindow window;
        QVERIFY(!window.openCheckpoint(QStringLiteral("/nonexistent/model")));
        QCOMPARE(window.modelPanel()->tree()->topLevelItemCount(), 0);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("/nonexistent/model: not a folder")),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    // The .qm files are built into the library; the menus follow the chosen language.
    void translationsLoad_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("fileMenu");
        QTest::newRow("ja") << QStringLiteral("ja_JP") << QStringLiteral("ファイル(&F)");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("文件(&F)");
    }
    void translationsLoad()
    {
        QFETCH(QString, locale);
        QFETCH(QString, fileMenu);
        QVERIFY(installTranslations(QLocale(locale)));
        MainWindow window;
        QCOMPARE(window.menuBar()->actions().first()->text(), fileMenu);
        const auto translators = QCoreApplication::instance()->findChildren<QTranslator *>();
        for (QTranslator *t : translators) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }

    void unknownLanguageStaysEnglish() { QVERIFY(!installTranslations(QLocale(QStringLiteral("fi_FI")))); }
};

QTEST_MAIN(TestModelPanel)
#include "tst_model_panel.moc"
