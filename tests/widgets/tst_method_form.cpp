// The form of a method's options is drawn from its declaration: one editor per option,
// the defaults shown, values read back as typed, and a value the method refuses shown
// in the dialog, which stays open.
#include "core/scoring/score_methods.h"
#include "core/support/error.h"
#include "widgets/method_options_form.h"

#include <nlohmann/json.hpp>

#include <QCheckBox>
#include <QComboBox>
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
};

QTEST_MAIN(TestMethodForm)
#include "tst_method_form.moc"
