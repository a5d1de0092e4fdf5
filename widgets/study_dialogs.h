// The dialogs that start study work: a new study (folder, checkpoint, data), another
// dataset for the open study, a mask from scores, and a sweep.
#pragma once

#include "core/study.h"

#include <QCoreApplication>
#include <QDialog>
#include <QStringList>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace prunescope {

// The dataset rows of the New Study and Open Data dialogs: the file and its columns.
class DataFields
{
    Q_DECLARE_TR_FUNCTIONS(DataFields)

public:
    DataFields(QDialog *dialog, QFormLayout *form, const StudyData &data);
    StudyData data() const;
    QLineEdit *pathEdit() const { return m_path; }

private:
    QLineEdit *m_path, *m_textColumn, *m_pairColumn, *m_labelColumn;
    QSpinBox *m_maxLength;
};

class NewStudyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewStudyDialog(QWidget *parent = nullptr);
    QString folder() const;
    QString model() const;
    StudyData data() const { return m_data->data(); }

private:
    QLineEdit *m_folder, *m_model;
    std::unique_ptr<DataFields> m_data;
};

// Choose another dataset, or other columns, for the open study.
class DataDialog : public QDialog
{
    Q_OBJECT

public:
    DataDialog(const StudyData &current, QWidget *parent = nullptr);
    StudyData data() const { return m_data->data(); }

private:
    std::unique_ptr<DataFields> m_data;
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

// GradCAM or SmoothGrad, and which tower when the model has two (CLIP: text or vision).
class AttributionDialog : public QDialog
{
    Q_OBJECT

public:
    AttributionDialog(const QStringList &towers, QWidget *parent = nullptr);
    QString method() const;
    QString tower() const;

private:
    QComboBox *m_method, *m_tower;
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
