// A method's options as a form, drawn from the method's declaration (method_spec.h): a
// check box for a yes/no option, a spin box for a whole number, a field for a real number
// (as precise as typed, checked against the declared range), a list for a choice. Every
// option a method declares can be set here, as on the command line.
#pragma once

#include "core/support/method_spec.h"

#include <QDialog>
#include <QWidget>

#include <vector>

class QLabel;

namespace prunescope {

class MethodOptionsForm : public QWidget
{
    Q_OBJECT

public:
    explicit MethodOptionsForm(const MethodSpec &method, QWidget *parent = nullptr);

    // The values shown, starting with `options` (the rest at their defaults).
    void setOptions(const MethodOptions &options);
    // The values as entered, every option set. Throws prunescope::Error naming the option
    // and the method for a value the declaration refuses.
    MethodOptions options() const;
    // The label a person reads for an option: its translation, else its name.
    static QString label(const MethodSpec &method, const OptionSpec &option);
    // The method's title a person reads: its translation, else its declared title.
    static QString title(const MethodSpec &method);

private:
    MethodSpec m_method;
    std::vector<QWidget *> m_editors; // one per option, in the declaration's order
};

// The form in a dialog that refuses to close on a value the method refuses, showing why.
class MethodOptionsDialog : public QDialog
{
    Q_OBJECT

public:
    MethodOptionsDialog(const MethodSpec &method, const MethodOptions &options, QWidget *parent = nullptr);
    MethodOptions options() const { return m_options; }
    void accept() override;

private:
    MethodOptionsForm *m_form;
    QLabel *m_problem;
    MethodOptions m_options;
};

} // namespace prunescope
