// The dialogs that start study work: a new study (folder, checkpoint, data), another
// dataset for the open study, a mask from scores, attribution, an export, a comparison,
// training, a sweep and a Smooth-Cut noise scan.
#pragma once

#include "core/study/study.h"
#include "core/study/study_jobs.h"

#include <QCoreApplication>
#include <QDialog>
#include <QStringList>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace prunescope {

class ExportPreviewPlot;

// The dataset rows of the New Study and Open Data dialogs: the file and its columns.
class DataFields
{
    Q_DECLARE_TR_FUNCTIONS(DataFields)

public:
    DataFields(QDialog *dialog, QFormLayout *form, const StudyData &data);
    StudyData data() const;
    QLineEdit *pathEdit() const { return m_path; }

private:
    StudyData m_original; // what the fields do not show stays as it was
    QLineEdit *m_path, *m_textColumn, *m_pairColumn, *m_labelColumn;
    QSpinBox *m_maxLength, *m_stride;
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

// GradCAM or SmoothGrad, and which tower: the ones the model has, text and / or vision.
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

// A mask exported as a new checkpoint folder: mode, uniform widths, alignment, and a
// preview of the resulting sizes that follows every choice.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    // The preview text for a mask and options (or why there is none), and the export's
    // layers when there is one, for the bars.
    using Preview = std::function<QString(const QString &mask, const StudyExportOptions &options,
                                          std::vector<StudyExportTower> *layers)>;
    // `device`: where the study's jobs run ("cpu", "cuda:0"): on a GPU the speed is measured
    // in PruneScope's runtime there, in a precision of its own; on the CPU in ONNX Runtime.
    ExportDialog(const QStringList &masks, const QString &folder, Preview preview,
                 const QString &device = QStringLiteral("cpu"), QWidget *parent = nullptr);
    QString mask() const;
    QString folder() const;
    StudyExportOptions options() const;
    QString previewText() const;
    ExportPreviewPlot *previewPlot() const { return m_bars; }

private:
    void updatePreview();

    QComboBox *m_mask, *m_mode, *m_uniform, *m_onnxType, *m_measureType;
    QSpinBox *m_align;
    QCheckBox *m_measure;
    QLineEdit *m_shardSize, *m_folder;
    QLabel *m_preview;
    ExportPreviewPlot *m_bars;
    Preview m_previewText;
};

// Two or more of the study's masks and score maps to compare.
class CompareDialog : public QDialog
{
    Q_OBJECT

public:
    // `masks` are checked at first (score maps too when there are fewer than two masks).
    CompareDialog(const QStringList &masks, const QStringList &scores, QWidget *parent = nullptr);
    QStringList items() const;
    QListWidget *list() const { return m_items; }

private:
    QListWidget *m_items;
};

// Masks to analyse (their sparsity by layer and component), and whether to run the
// sensitivity tests on the study's data.
class MaskProfileDialog : public QDialog
{
    Q_OBJECT

public:
    MaskProfileDialog(const QStringList &masks, QWidget *parent = nullptr);
    QStringList masks() const;
    bool sensitivity() const;

private:
    QListWidget *m_masks;
    QCheckBox *m_sensitivity;
};

// Fine-tuning the study's model into a new folder: plainly, under a fixed mask, or with one
// of the methods that prune while training (training_methods.h) or in one shot
// (oneshot_methods.h), whose options are a form drawn from its declaration.
class TrainDialog : public QDialog
{
    Q_OBJECT

public:
    // `masks`: the study's masks, any of which the model can be trained under.
    TrainDialog(const QString &folder, const QStringList &masks, QWidget *parent = nullptr);
    // The training as entered; throws prunescope::Error naming an option the method refuses.
    StudyTraining training() const;
    QString folder() const;
    // Closes only on options the method takes, else shows why.
    void accept() override;

private:
    QComboBox *m_method, *m_mask, *m_pattern;
    QStackedWidget *m_forms; // the chosen method's options; an empty page for plain training
    QDoubleSpinBox *m_learningRate, *m_validation;
    QSpinBox *m_epochs, *m_maxSteps, *m_batchSize, *m_evalEvery, *m_patience;
    QCheckBox *m_newHead;
    QLineEdit *m_folder;
    QLabel *m_problem;
};

// The methods' options are set one method at a time (Options... opens the form of the
// selected method's declaration); the share of the sample held out for evaluation is asked.
class SweepDialog : public QDialog
{
    Q_OBJECT

public:
    SweepDialog(const QStringList &methods, QWidget *parent = nullptr);
    QStringList methods() const;
    std::vector<double> sparsities() const; // empty when the text is not a list of numbers in [0, 1]
    QString granularity() const;
    QString scope() const;
    // The options set for the methods checked, by method.
    std::map<std::string, MethodOptions> methodOptions() const;
    double heldOut() const;
    // Opens the options form of `method` (the selected one by default).
    void editOptions(const QString &method = {});

private:
    void showOptions();

    QListWidget *m_methods;
    QLineEdit *m_sparsities;
    QComboBox *m_granularity, *m_scope;
    QPushButton *m_editOptions;
    QLabel *m_optionsSet;
    QDoubleSpinBox *m_heldOut;
    std::map<std::string, MethodOptions> m_options;
};

// A Smooth-Cut noise scan (noiseScanStudy): the sigmas and how they are read, the
// sparsities and scope, Smooth-Cut's other options and the share held out for evaluation.
class NoiseScanDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NoiseScanDialog(QWidget *parent = nullptr);
    // Empty sigmas or sparsities when a list is not numbers in range (OK is disabled then).
    SigmaScanOptions options() const;
    double heldOut() const;
    // Opens the form of Smooth-Cut's options other than the noise level.
    void editOptions();

private:
    void showOptions();

    QLineEdit *m_sigmas, *m_sparsities;
    QCheckBox *m_relative;
    QComboBox *m_scope;
    QPushButton *m_editOptions;
    QLabel *m_optionsSet;
    QDoubleSpinBox *m_heldOut;
    MethodOptions m_smoothCut;
};

} // namespace prunescope
