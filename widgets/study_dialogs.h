// The dialogs that start study work: a new study (folder, checkpoint, data), a mask from
// scores, and a sweep.
#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QListWidget;

namespace prunescope {

class NewStudyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewStudyDialog(QWidget *parent = nullptr);
    QString folder() const;
    QString model() const;
    QString data() const;
    QString textColumn() const;
    QString labelColumn() const;

private:
    QLineEdit *addPathRow(class QFormLayout *form, const QString &label, const QString &tip, bool directory);

    QLineEdit *m_folder, *m_model, *m_data, *m_textColumn, *m_labelColumn;
};

class MaskDialog : public QDialog
{
    Q_OBJECT

public:
    MaskDialog(const QStringList &scoreItems, QWidget *parent = nullptr);
    QString scores() const;
    QString granularity() const; // weight, head, neuron, layer or N:M
    QString scope() const;
    double sparsity() const;

private:
    QComboBox *m_scores, *m_granularity, *m_scope;
    QDoubleSpinBox *m_sparsity;
};

class SweepDialog : public QDialog
{
    Q_OBJECT

public:
    SweepDialog(const QStringList &methods, QWidget *parent = nullptr);
    QStringList methods() const;
    std::vector<double> sparsities() const; // empty when the text is not a list of numbers in [0, 1]
    QString granularity() const;
    QString scope() const;

private:
    QListWidget *m_methods;
    QLineEdit *m_sparsities;
    QComboBox *m_granularity, *m_scope;
};

} // namespace prunescope
