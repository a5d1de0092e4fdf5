// The form of a method's options is drawn from its declaration: one editor per option,
// the defaults shown, values read back as typed, and a value the method refuses shown
// in the dialog, which stays open.
#include "core/pruning/training_methods.h"
#include "core/scoring/score_methods.h"
#include "core/support/error.h"
#include "widgets/method_options_form.h"
#include "widgets/study_dialogs.h"
#include "widgets/translations.h"

#include <nlohmann/json.hpp>

#include <QCheckBox>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QPushButton>
#include <QTimer>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QtTest>

using namespace prunescope;

class TestMethodForm : public QObject
{
    Q_OBJECT

private slots:
    void everyOptionHasAnEditorShowingItsDefault()
    {
        for (const MethodSpec &method : scoreMethodSpecs()) {
            MethodOptionsForm form(method);
            for (const OptionSpec &option : method.options)
                QVERIFY2(form.findChild<QWidget *>(QString::fromStdString(option.name)),
                         (method.name + " --" + option.name).c_str());
            QCOMPARE(toJson(form.options()).dump(), toJson(resolved(method, {})).dump());
        }
    }

    void readsWhatWasEntered()
    {
        const MethodSpec &method = scoreMethodSpec("smooth-cut");
        MethodOptionsForm form(method);
        form.findChild<QSpinBox *>(QStringLiteral("samples"))->setValue(3);
        form.findChild<QLineEdit *>(QStringLiteral("sigma"))->setText(QStringLiteral("0.025"));
        auto *noise = form.findChild<QComboBox *>(QStringLiteral("noise-on"));
        noise->setCurrentIndex(noise->findData(QStringLiteral("embeddings")));
        const MethodOptions options = form.options();
        QCOMPARE(options.integer("samples"), int64_t(3));
        QCOMPARE(options.real("sigma"), 0.025);
        QCOMPARE(options.choice("noise-on"), std::string("embeddings"));
        // Shown again as they were set.
        MethodOptionsForm again(method);
        again.setOptions(options);
        QCOMPARE(toJson(again.options()).dump(), toJson(options).dump());
        // The spin box cannot go below the declared least number of passes.
        QCOMPARE(again.findChild<QSpinBox *>(QStringLiteral("samples"))->minimum(), 1);
    }

    void refusedValueKeepsTheDialogOpen()
    {
        const MethodSpec &method = scoreMethodSpec("smooth-cut");
        MethodOptionsDialog dialog(method, {});
        dialog.findChild<QLineEdit *>(QStringLiteral("sigma"))->setText(QStringLiteral("-1"));
        dialog.accept();
        QVERIFY(dialog.result() != QDialog::Accepted);
        bool named = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            named = named || (label->text().contains(QStringLiteral("sigma")) && label->text().contains(QStringLiteral("smooth-cut")));
        QVERIFY(named);
        dialog.findChild<QLineEdit *>(QStringLiteral("sigma"))->setText(QStringLiteral("0.5"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.options().real("sigma"), 0.5);
    }

    // The sweep dialog sets each method's options through the method's own form, lists what
    // differs from the defaults, hands on the options of the methods checked only, and asks
    // for the share held out for evaluation.
    void sweepDialogSetsMethodOptions()
    {
        SweepDialog dialog({QStringLiteral("magnitude"), QStringLiteral("taylor"), QStringLiteral("smooth-cut")});
        auto *edit = dialog.findChild<QPushButton *>();
        auto *list = dialog.findChild<QListWidget *>();
        list->setCurrentRow(0);
        QVERIFY(edit->text().contains(QStringLiteral("Options")) && !edit->isEnabled()); // magnitude has none
        list->setCurrentRow(2);
        QVERIFY(edit->isEnabled());
        QTimer::singleShot(0, [] {
            auto *form = qobject_cast<MethodOptionsDialog *>(QApplication::activeModalWidget());
            QVERIFY(form);
            form->findChild<QSpinBox *>(QStringLiteral("samples"))->setValue(4);
            form->findChild<QLineEdit *>(QStringLiteral("sigma"))->setText(QStringLiteral("0.05"));
            form->accept();
        });
        dialog.editOptions();
        QVERIFY(dialog.methodOptions().empty()); // smooth-cut is not checked yet
        list->item(2)->setCheckState(Qt::Checked);
        const auto options = dialog.methodOptions();
        QCOMPARE(options.size(), size_t(1));
        QCOMPARE(options.at("smooth-cut").integer("samples"), int64_t(4));
        QCOMPARE(options.at("smooth-cut").real("sigma"), 0.05);
        bool listed = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            listed = listed || (label->text().startsWith(QStringLiteral("smooth-cut: ")) && label->text().contains(QStringLiteral("4"))
                                && label->text().contains(QStringLiteral("0.05")) && !label->text().contains(QStringLiteral("outputs")));
        QVERIFY(listed);
        QCOMPARE(dialog.heldOut(), kSweepHeldOut);
        dialog.findChild<QDoubleSpinBox *>()->setValue(0.3);
        QCOMPARE(dialog.heldOut(), 0.3);
    }

    // With no translation, a method shows its declared title and an option its name (the
    // command line's spelling).
    void englishShowsTheDeclaration()
    {
        const MethodSpec &isp = trainingMethodSpec("isp");
        QCOMPARE(MethodOptionsForm::title(isp), QString::fromStdString(isp.title));
        QCOMPARE(MethodOptionsForm::label(isp, *isp.option("denoisers")), QStringLiteral("denoisers"));
    }

    // Every title and option label of every method has a Japanese and a Chinese
    // translation (method_texts.cpp gives lupdate the keys).
    void labelsAreTranslated_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::newRow("ja") << QStringLiteral("ja_JP");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    }
    void labelsAreTranslated()
    {
        QFETCH(QString, locale);
        QVERIFY(installTranslations(QLocale(locale)));
        const auto translated = [](const std::string &key) {
            return QCoreApplication::translate("MethodOptions", key.c_str()) != QLatin1String(key.c_str());
        };
        int labels = 0;
        for (const auto *table : {&scoreMethodSpecs(), &trainingMethodSpecs()}) {
            for (const MethodSpec &method : *table) {
                QVERIFY2(translated(method.translationKey()), method.name.c_str());
                for (const OptionSpec &option : method.options) {
                    QVERIFY2(translated(option.translationKey(method.name)), (method.name + " " + option.name).c_str());
                    ++labels;
                }
            }
        }
        QCOMPARE(labels, 10 + 54); // the single-shot methods' options and the training methods'
        const MethodSpec &isp = trainingMethodSpec("isp");
        QVERIFY(MethodOptionsForm::label(isp, *isp.option("denoisers")) != QStringLiteral("denoisers"));
    }
};

QTEST_MAIN(TestMethodForm)
#include "tst_method_form.moc"
