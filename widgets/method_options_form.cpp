#include "widgets/method_options_form.h"

#include "core/support/error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace prunescope {

namespace {

// The spin box's bounds for an integer range: open ends move in by one, unbounded ends
// stop at what a spin box holds.
std::pair<int, int> spinBounds(const OptionRange &range)
{
    const auto bound = [](double v, bool open, int step, int limit) {
        if (!std::isfinite(v))
            return limit;
        const double b = open ? v + step : v;
        return int(std::max<double>(INT_MIN, std::min<double>(INT_MAX, b)));
    };
    return {bound(range.low, range.lowOpen, 1, INT_MIN), bound(range.high, range.highOpen, -1, INT_MAX)};
}

QWidget *editorFor(const OptionSpec &option, QWidget *parent)
{
    switch (option.type) {
    case OptionType::Bool: return new QCheckBox(parent);
    case OptionType::Integer: {
        auto *box = new QSpinBox(parent);
        const auto [low, high] = spinBounds(option.range);
        box->setRange(low, high);
        return box;
    }
    case OptionType::Real: return new QLineEdit(parent);
    case OptionType::Choice: {
        auto *box = new QComboBox(parent);
        for (const auto &value : option.values)
            box->addItem(QString::fromStdString(value), QString::fromStdString(value));
        return box;
    }
    }
    return new QWidget(parent);
}

void showValue(QWidget *editor, const OptionSpec &option, const OptionValue &value)
{
    switch (option.type) {
    case OptionType::Bool: static_cast<QCheckBox *>(editor)->setChecked(std::get<bool>(value)); break;
    case OptionType::Integer: static_cast<QSpinBox *>(editor)->setValue(int(std::get<int64_t>(value))); break;
    case OptionType::Real: static_cast<QLineEdit *>(editor)->setText(QString::fromStdString(valueText(value))); break;
    case OptionType::Choice: {
        auto *box = static_cast<QComboBox *>(editor);
        box->setCurrentIndex(box->findData(QString::fromStdString(std::get<std::string>(value))));
        break;
    }
    }
}

// The editor's value as the command line would spell it, parsed by the declaration.
OptionValue read(const MethodSpec &method, const OptionSpec &option, const QWidget *editor)
{
    std::string text;
    switch (option.type) {
    case OptionType::Bool: text = static_cast<const QCheckBox *>(editor)->isChecked() ? "true" : "false"; break;
    case OptionType::Integer: text = std::to_string(static_cast<const QSpinBox *>(editor)->value()); break;
    case OptionType::Real: text = static_cast<const QLineEdit *>(editor)->text().trimmed().toStdString(); break;
    case OptionType::Choice: text = static_cast<const QComboBox *>(editor)->currentData().toString().toStdString(); break;
    }
    return parseOptionValue(method, option, text, option.name);
}

// The text translated under `key` (the .ts files' MethodOptions context), else `fallback`.
QString translatedOr(const std::string &key, const std::string &fallback)
{
    const QString translated = QCoreApplication::translate("MethodOptions", key.c_str());
    return translated == QLatin1String(key.c_str()) ? QString::fromStdString(fallback) : translated;
}

} // namespace

MethodOptionsForm::MethodOptionsForm(const MethodSpec &method, QWidget *parent)
    : QWidget(parent)
    , m_method(method)
{
    auto *layout = new QFormLayout(this);
    for (const OptionSpec &option : m_method.options) {
        QWidget *editor = editorFor(option, this);
        editor->setObjectName(QString::fromStdString(option.name));
        editor->setToolTip(QString::fromStdString(option.help));
        layout->addRow(label(m_method, option), editor);
        m_editors.push_back(editor);
    }
    if (m_method.options.empty())
        layout->addRow(new QLabel(tr("This method has no options."), this));
    setOptions({});
}

QString MethodOptionsForm::label(const MethodSpec &method, const OptionSpec &option)
{
    return translatedOr(option.translationKey(method.name), option.name);
}

QString MethodOptionsForm::title(const MethodSpec &method)
{
    return translatedOr(method.translationKey(), method.title.empty() ? method.name : method.title);
}

void MethodOptionsForm::setOptions(const MethodOptions &options)
{
    const MethodOptions values = resolved(m_method, options);
    for (size_t i = 0; i < m_editors.size(); ++i)
        showValue(m_editors[i], m_method.options[i], values.values().at(m_method.options[i].name));
}

MethodOptions MethodOptionsForm::options() const
{
    MethodOptions values;
    for (size_t i = 0; i < m_editors.size(); ++i)
        values.set(m_method.options[i].name, read(m_method, m_method.options[i], m_editors[i]));
    return values;
}

MethodOptionsDialog::MethodOptionsDialog(const MethodSpec &method, const MethodOptions &options, QWidget *parent)
    : QDialog(parent)
    , m_form(new MethodOptionsForm(method, this))
    , m_problem(new QLabel(this))
    , m_options(options)
{
    setWindowTitle(tr("Options of %1").arg(MethodOptionsForm::title(method)));
    m_form->setOptions(options);
    m_problem->setWordWrap(true);
    m_problem->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &MethodOptionsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QString::fromStdString(method.summary), this));
    layout->addWidget(m_form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

void MethodOptionsDialog::accept()
{
    try {
        m_options = m_form->options();
    } catch (const Error &e) {
        m_problem->setText(QString::fromStdString(e.what()));
        m_problem->show();
        return;
    }
    QDialog::accept();
}

} // namespace prunescope
