#include "widgets/study_dialogs.h"

#include "widgets/export_preview_plot.h"

#include "core/pruning/oneshot_methods.h"
#include "core/pruning/training_methods.h"
#include "core/scoring/score_methods.h"
#include "core/support/error.h"
#include "widgets/method_options_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>

#include <limits>

namespace prunescope {

namespace {

QDialogButtonBox *addButtons(QDialog *dialog, QFormLayout *form)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return buttons;
}

QStringList checkedTexts(const QListWidget *list)
{
    QStringList checked;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            checked.append(list->item(i)->text());
    return checked;
}

QComboBox *scopeBox(QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->addItems({QStringLiteral("global"), QStringLiteral("layer"), QStringLiteral("tensor"), QStringLiteral("row"),
                   QStringLiteral("layer-normalized")});
    box->setToolTip(QObject::tr("global: one threshold over the whole model; layer: the same fraction in every layer; "
                                "tensor / row: per matrix or per output row; layer-normalized: scores divided by "
                                "their layer's norm, then global"));
    return box;
}

// Comma-separated numbers from `low` to `high` (either end excluded where `open`); empty
// when the text is anything else.
std::vector<double> numberList(const QString &text, double low, double high, bool open = false)
{
    std::vector<double> values;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || v < low || v > high || (open && (v == low || v == high)))
            return {};
        values.push_back(v);
    }
    return values;
}

QString numbersText(const std::vector<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v);
    return parts.join(QLatin1Char(','));
}

// The options of `spec` that `options` sets apart from their defaults, "label value, ...".
QString changedOptions(const MethodSpec &spec, const MethodOptions &options)
{
    const MethodOptions all = resolved(spec, options), defaults = resolved(spec, {});
    QStringList changed;
    for (const OptionSpec &option : spec.options)
        if (valueText(all.values().at(option.name)) != valueText(defaults.values().at(option.name)))
            changed << MethodOptionsForm::label(spec, option) + QStringLiteral(" ")
                           + QString::fromStdString(valueText(all.values().at(option.name)));
    return changed.join(QStringLiteral(", "));
}

// The share of the study's sample a sweep or a noise scan evaluates on.
QDoubleSpinBox *heldOutBox(QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(0.05, 0.95);
    box->setSingleStep(0.05);
    box->setValue(kSweepHeldOut);
    box->setToolTip(QObject::tr("The share of the study's sample set apart by a seeded shuffle and evaluated on; the "
                                "methods score on the rest"));
    return box;
}

QLineEdit *addPathRow(QDialog *dialog, QFormLayout *form, const QString &label, const QString &tip, bool directory)
{
    auto *edit = new QLineEdit(dialog);
    edit->setToolTip(tip);
    auto *browse = new QPushButton(QObject::tr("Browse\u2026"), dialog);
    browse->setToolTip(tip);
    QObject::connect(browse, &QPushButton::clicked, dialog, [dialog, edit, label, directory] {
        const QString start = edit->text();
        const QString path = directory ? QFileDialog::getExistingDirectory(dialog, label, start)
                                       : QFileDialog::getOpenFileName(dialog, label, start);
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

} // namespace

DataFields::DataFields(QDialog *dialog, QFormLayout *form, const StudyData &data)
    : m_original(data)
    , m_path(addPathRow(dialog, form, tr("Data:"),
                        tr("TSV, CSV, JSONL, text or safetensors file, or an image folder"), false))
    , m_textColumn(new QLineEdit(QString::fromStdString(data.textColumn), dialog))
    , m_pairColumn(new QLineEdit(QString::fromStdString(data.pairColumn), dialog))
    , m_labelColumn(new QLineEdit(QString::fromStdString(data.labelColumn), dialog))
    , m_maxLength(new QSpinBox(dialog))
    , m_stride(new QSpinBox(dialog))
{
    m_path->setText(QString::fromStdString(data.path));
    m_textColumn->setToolTip(tr("The column holding the text (tables only)"));
    m_pairColumn->setToolTip(tr("The column holding the second sentence of a pair; empty for single sentences"));
    m_labelColumn->setToolTip(tr("The column holding the label (tables only)"));
    m_maxLength->setRange(8, 4096);
    m_maxLength->setValue(int(data.maxLength));
    m_maxLength->setToolTip(tr("Tokens per example (classification) or per block (language modelling)"));
    form->addRow(tr("Text column:"), m_textColumn);
    form->addRow(tr("Pair column:"), m_pairColumn);
    form->addRow(tr("Label column:"), m_labelColumn);
    m_stride->setRange(0, 4096);
    m_stride->setValue(int(data.stride));
    m_stride->setSpecialValueText(tr("blocks"));
    m_stride->setToolTip(tr("Language-model text: a window of the maximum length every this many tokens, each token "
                            "predicted once with up to that much context before it; blocks: windows that do not overlap"));
    form->addRow(tr("Maximum length:"), m_maxLength);
    form->addRow(tr("Stride:"), m_stride);
}

StudyData DataFields::data() const
{
    StudyData data = m_original;
    data.path = QDir::fromNativeSeparators(m_path->text().trimmed()).toStdString();
    data.textColumn = m_textColumn->text().trimmed().toStdString();
    data.pairColumn = m_pairColumn->text().trimmed().toStdString();
    data.labelColumn = m_labelColumn->text().trimmed().toStdString();
    data.maxLength = m_maxLength->value();
    data.stride = m_stride->value();
    return data;
}

NewStudyDialog::NewStudyDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("New Study"));
    auto *form = new QFormLayout(this);
    m_folder = addPathRow(this, form, tr("Study folder:"), tr("An empty or new folder; the study's files go here"), true);
    m_model = addPathRow(this, form, tr("Checkpoint:"),
                         tr("A Hugging Face checkpoint folder (config.json + model.safetensors)"), true);
    m_data = std::make_unique<DataFields>(this, form, StudyData());
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    const auto check = [this, ok] { ok->setEnabled(!m_folder->text().isEmpty() && !m_model->text().isEmpty()); };
    connect(m_folder, &QLineEdit::textChanged, this, check);
    connect(m_model, &QLineEdit::textChanged, this, check);
    check();
}

QString NewStudyDialog::folder() const { return m_folder->text(); }
QString NewStudyDialog::model() const { return m_model->text(); }

DataDialog::DataDialog(const StudyData &current, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Open Data"));
    auto *form = new QFormLayout(this);
    m_data = std::make_unique<DataFields>(this, form, current);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    const auto check = [this, ok] { ok->setEnabled(!m_data->pathEdit()->text().trimmed().isEmpty()); };
    connect(m_data->pathEdit(), &QLineEdit::textChanged, this, check);
    check();
}

MaskDialog::MaskDialog(const QStringList &scoreItems, QWidget *parent)
    : QDialog(parent)
    , m_scores(new QComboBox(this))
    , m_granularity(new QComboBox(this))
    , m_scope(scopeBox(this))
    , m_sparsity(new QDoubleSpinBox(this))
{
    setWindowTitle(tr("Build Mask"));
    m_scores->addItems(scoreItems);
    m_scores->setToolTip(tr("The scores the mask is built from"));
    m_granularity->addItems({QStringLiteral("head"), QStringLiteral("kv-group"), QStringLiteral("neuron"),
                             QStringLiteral("weight"), QStringLiteral("layer"), QStringLiteral("2:4"), QStringLiteral("4:8")});
    m_granularity->setToolTip(tr("What is pruned: heads, key-value groups (a key-value head with its query heads), FFN neurons, single weights, whole blocks, or N:M patterns"));
    m_sparsity->setRange(0.0, 1.0);
    m_sparsity->setSingleStep(0.05);
    m_sparsity->setValue(0.5);
    m_sparsity->setToolTip(tr("The fraction of units pruned (N:M patterns fix their own)"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Scores:"), m_scores);
    form->addRow(tr("Granularity:"), m_granularity);
    form->addRow(tr("Scope:"), m_scope);
    form->addRow(tr("Sparsity:"), m_sparsity);
    addButtons(this, form);
    connect(m_granularity, &QComboBox::currentTextChanged, this,
            [this](const QString &g) { m_sparsity->setEnabled(!g.contains(QLatin1Char(':'))); });
}

QString MaskDialog::scores() const { return m_scores->currentText(); }
QString MaskDialog::granularity() const { return m_granularity->currentText(); }
QString MaskDialog::scope() const { return m_scope->currentText(); }
double MaskDialog::sparsity() const { return m_sparsity->value(); }

AttributionDialog::AttributionDialog(const QStringList &towers, QWidget *parent)
    : QDialog(parent)
    , m_method(new QComboBox(this))
    , m_tower(new QComboBox(this))
{
    setWindowTitle(tr("Attribution"));
    m_method->addItems({QStringLiteral("gradcam"), QStringLiteral("smoothgrad")});
    m_method->setToolTip(tr("gradcam: each layer's output weighted by its gradient; smoothgrad: the input gradient "
                            "averaged over noisy copies"));
    m_tower->addItems(towers.isEmpty() ? QStringList{QStringLiteral("text")} : towers);
    m_tower->setEnabled(m_tower->count() > 1);
    m_tower->setToolTip(tr("The tower whose inputs are attributed: tokens (text) or image patches (vision, "
                           "which needs image data)"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Method:"), m_method);
    form->addRow(tr("Tower:"), m_tower);
    addButtons(this, form);
}

QString AttributionDialog::method() const { return m_method->currentText(); }
QString AttributionDialog::tower() const { return m_tower->currentText(); }

ExportDialog::ExportDialog(const QStringList &masks, const QString &folder, Preview preview, const QString &device,
                           QWidget *parent)
    : QDialog(parent)
    , m_mask(new QComboBox(this))
    , m_mode(new QComboBox(this))
    , m_uniform(new QComboBox(this))
    , m_onnxType(new QComboBox(this))
    , m_measureType(new QComboBox(this))
    , m_align(new QSpinBox(this))
    , m_measure(new QCheckBox(this))
    , m_shardSize(new QLineEdit(QStringLiteral("5GB"), this))
    , m_preview(new QLabel(this))
    , m_bars(new ExportPreviewPlot(this))
    , m_previewText(std::move(preview))
{
    setWindowTitle(tr("Export Model"));
    m_mask->addItems(masks);
    m_mask->setToolTip(tr("The mask the exported model applies"));
    m_mode->addItems({QStringLiteral("shrunk"), QStringLiteral("zeros"), QStringLiteral("masks"), QStringLiteral("onnx")});
    m_mode->setToolTip(tr("shrunk: pruned FFN neurons removed, pruned heads zeroed, loads in stock transformers; "
                          "zeros: original shapes; masks: the mask file and its description only; onnx: an ONNX "
                          "model with every pruned head and neuron removed, for the largest speed-up"));
    m_onnxType->addItems({QStringLiteral("float32"), QStringLiteral("float16")});
    m_onnxType->setToolTip(tr("The precision of the ONNX model's weights and arithmetic"));
    const bool gpu = device.startsWith(QLatin1String("cuda"));
    if (gpu) {
        m_measure->setText(tr("Measure dense and pruned speed on the GPU (%1)").arg(device));
        m_measure->setToolTip(tr("Times the dense model and the pruned one in PruneScope's runtime on %1, each pass "
                                 "replayed as a CUDA graph, batch 1 and 32 of 128 tokens, the median of 10 runs with "
                                 "the fastest and slowest, in the measuring precision")
                                  .arg(device));
    } else {
        m_measure->setText(tr("Measure dense and pruned speed in ONNX Runtime"));
        m_measure->setToolTip(tr("Times the dense model and the export in ONNX Runtime on this machine's CPU, batch 1 "
                                 "and 32 of 128 tokens, the median of 10 runs with the fastest and slowest"));
    }
    m_measureType->addItems({QStringLiteral("bfloat16"), QStringLiteral("float16"), QStringLiteral("float32")});
    m_measureType->setToolTip(tr("The precision the GPU measures both models in (bfloat16 is what tensor cores run "
                                 "fastest); the export itself keeps the ONNX precision"));
    m_uniform->addItems({QStringLiteral("pad"), QStringLiteral("trim")});
    m_uniform->setToolTip(tr("When layers keep different numbers of neurons: pad the narrower ones with zero units "
                             "(exact) or give every layer the mean width (changes the mask)"));
    m_align->setRange(1, 256);
    m_align->setToolTip(tr("Round each FFN width up to a multiple of this with zero units (exact): bfloat16 and "
                           "float16 tensor cores want multiples of 8, and an unaligned width can make the pruned "
                           "model slower than the dense one on a GPU"));
    m_shardSize->setObjectName(QStringLiteral("shard-size"));
    m_shardSize->setToolTip(tr("The largest weight file: a larger model is written in shards of at most this size "
                               "with an index, as save_pretrained writes it (5GB, 500MB, 2GiB or bytes)"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Mask:"), m_mask);
    form->addRow(tr("Mode:"), m_mode);
    form->addRow(tr("Uneven layers:"), m_uniform);
    form->addRow(tr("Align widths to:"), m_align);
    form->addRow(tr("ONNX precision:"), m_onnxType);
    form->addRow(QString(), m_measure);
    if (gpu)
        form->addRow(tr("Measure in:"), m_measureType);
    else
        m_measureType->hide();
    form->addRow(tr("Shard size:"), m_shardSize);
    m_folder = addPathRow(this, form, tr("New folder:"),
                          tr("The export goes into a new folder; one that holds files is replaced only if you agree"), true);
    m_folder->setText(folder);
    form->addRow(tr("Result:"), m_preview);
    form->addRow(m_bars);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    ok->setText(tr("Export"));
    connect(m_folder, &QLineEdit::textChanged, this, [this, ok] { ok->setEnabled(!m_folder->text().trimmed().isEmpty()); });
    for (QComboBox *box : {m_mask, m_mode, m_uniform})
        connect(box, &QComboBox::currentTextChanged, this, &ExportDialog::updatePreview);
    connect(m_align, &QSpinBox::valueChanged, this, &ExportDialog::updatePreview);
    connect(m_shardSize, &QLineEdit::textChanged, this, &ExportDialog::updatePreview);
    connect(m_mode, &QComboBox::currentTextChanged, this, [this](const QString &mode) {
        m_uniform->setEnabled(mode == QLatin1String("shrunk"));
        m_align->setEnabled(mode == QLatin1String("shrunk") || mode == QLatin1String("onnx"));
        m_shardSize->setEnabled(mode != QLatin1String("masks") && mode != QLatin1String("onnx")); // one file, or none
        m_onnxType->setEnabled(mode == QLatin1String("onnx"));
        m_measure->setEnabled(mode == QLatin1String("onnx"));
        m_measureType->setEnabled(m_measure->isEnabled() && m_measure->isChecked());
    });
    connect(m_measure, &QCheckBox::toggled, this,
            [this](bool on) { m_measureType->setEnabled(on && m_measure->isEnabled()); });
    m_onnxType->setEnabled(false);
    m_measure->setEnabled(false);
    m_measureType->setEnabled(false);
    updatePreview();
}

QString ExportDialog::mask() const { return m_mask->currentText(); }
QString ExportDialog::folder() const { return m_folder->text().trimmed(); }
QString ExportDialog::previewText() const { return m_preview->text(); }

StudyExportOptions ExportDialog::options() const
{
    StudyExportOptions options;
    options.mode = m_mode->currentText().toStdString();
    options.uniform = m_uniform->currentText().toStdString();
    options.align = m_align->value();
    options.shardSize = m_shardSize->text().trimmed().toStdString();
    options.onnxType = m_onnxType->currentText().toStdString();
    options.measure = m_measure->isEnabled() && m_measure->isChecked();
    if (options.measure && m_measureType->isVisibleTo(this))
        options.measureType = m_measureType->currentText().toStdString();
    return options;
}

void ExportDialog::updatePreview()
{
    std::vector<StudyExportTower> layers;
    m_preview->setText(m_previewText && !mask().isEmpty() ? m_previewText(mask(), options(), &layers) : QString());
    m_bars->setTowers(layers);
    m_bars->setVisible(!layers.empty());
}

CompareDialog::CompareDialog(const QStringList &masks, const QStringList &scores, QWidget *parent)
    : QDialog(parent)
    , m_items(new QListWidget(this))
{
    setWindowTitle(tr("Compare"));
    for (const QString &mask : masks)
        (new QListWidgetItem(mask, m_items))->setCheckState(Qt::Checked);
    for (const QString &score : scores)
        (new QListWidgetItem(score, m_items))->setCheckState(masks.size() < 2 ? Qt::Checked : Qt::Unchecked);
    m_items->setToolTip(tr("Masks are compared by the units they prune, score maps by how they rank the units"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Masks and scores:"), m_items);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    const auto check = [this, ok] { ok->setEnabled(items().size() >= 2); };
    connect(m_items, &QListWidget::itemChanged, this, check);
    check();
}

QStringList CompareDialog::items() const
{
    return checkedTexts(m_items);
}

MaskProfileDialog::MaskProfileDialog(const QStringList &masks, QWidget *parent)
    : QDialog(parent)
    , m_masks(new QListWidget(this))
    , m_sensitivity(new QCheckBox(tr("Also evaluate: dense, under each mask, shuffled, re-initialised"), this))
{
    setWindowTitle(tr("Mask Profiles"));
    for (const QString &mask : masks)
        (new QListWidgetItem(mask, m_masks))->setCheckState(Qt::Checked);
    m_masks->setToolTip(tr("The masks whose sparsity is drawn by layer and component"));
    m_sensitivity->setToolTip(tr("Evaluates the model on the study's data four ways per mask; takes longer"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Masks:"), m_masks);
    form->addRow(m_sensitivity);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    const auto check = [this, ok] { ok->setEnabled(!this->masks().isEmpty()); };
    connect(m_masks, &QListWidget::itemChanged, this, check);
    check();
}

QStringList MaskProfileDialog::masks() const
{
    return checkedTexts(m_masks);
}

bool MaskProfileDialog::sensitivity() const
{
    return m_sensitivity->isChecked();
}

TrainDialog::TrainDialog(const QString &folder, const QStringList &masks, QWidget *parent)
    : QDialog(parent)
    , m_method(new QComboBox(this))
    , m_mask(new QComboBox(this))
    , m_pattern(new QComboBox(this))
    , m_forms(new QStackedWidget(this))
    , m_learningRate(new QDoubleSpinBox(this))
    , m_validation(new QDoubleSpinBox(this))
    , m_epochs(new QSpinBox(this))
    , m_maxSteps(new QSpinBox(this))
    , m_batchSize(new QSpinBox(this))
    , m_evalEvery(new QSpinBox(this))
    , m_patience(new QSpinBox(this))
    , m_newHead(new QCheckBox(tr("A new classification head for the classes of the study's data"), this))
    , m_folder(new QLineEdit(folder, this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Train"));
    // One entry and one page of options for each method; plain training and training
    // under a mask have none.
    m_method->addItem(tr("Fine-tune (records the movement map)"), QString());
    m_forms->addWidget(new QWidget(m_forms));
    for (const MethodSpec &method : trainingMethodSpecs()) {
        m_method->addItem(MethodOptionsForm::title(method), QString::fromStdString(method.name));
        auto *form = new MethodOptionsForm(method, m_forms);
        form->setObjectName(QString::fromStdString(method.name));
        m_forms->addWidget(form);
    }
    for (const MethodSpec &method : oneShotMethodSpecs()) { // a new checkpoint too, with no training
        m_method->addItem(tr("%1, in one shot (no training)").arg(MethodOptionsForm::title(method)),
                          QString::fromStdString(method.name));
        auto *form = new MethodOptionsForm(method, m_forms);
        form->setObjectName(QString::fromStdString(method.name));
        m_forms->addWidget(form);
    }
    if (!masks.isEmpty()) {
        m_method->addItem(tr("Fine-tune under a fixed mask (retrain after pruning)"), QStringLiteral("mask"));
        m_forms->addWidget(new QWidget(m_forms));
    }
    m_mask->addItems(masks);
    m_mask->setToolTip(tr("The mask held fixed: its pruned units and weights get no gradient"));
    m_pattern->addItems({QStringLiteral("4:8"), QStringLiteral("2:4"), QStringLiteral("2:8"), QStringLiteral("1:8")});
    m_pattern->setEditable(true);
    m_pattern->setObjectName(QStringLiteral("nm"));
    m_pattern->setToolTip(tr("n of every m consecutive weights along the input are kept"));
    m_learningRate->setDecimals(6);
    m_learningRate->setRange(1e-6, 1.0);
    m_learningRate->setSingleStep(1e-5);
    m_learningRate->setValue(5e-5);
    m_validation->setRange(0.0, 0.5);
    m_validation->setSingleStep(0.05);
    m_validation->setValue(0.1);
    m_validation->setToolTip(tr("The share of the study's data held out to pick the best model"));
    m_epochs->setObjectName(QStringLiteral("epochs"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(3);
    m_maxSteps->setRange(0, 10000000);
    m_maxSteps->setSpecialValueText(tr("as the epochs give"));
    m_batchSize->setRange(1, 4096);
    m_batchSize->setValue(16);
    m_evalEvery->setRange(0, 1000000);
    m_evalEvery->setSpecialValueText(tr("each epoch"));
    m_patience->setRange(0, 1000);
    m_patience->setSpecialValueText(tr("never stop early"));
    m_newHead->setObjectName(QStringLiteral("new-head"));
    m_newHead->setToolTip(tr("For labels the model was not trained on: its classifier's output layer starts afresh, "
                             "one output for each label in the data, and the checkpoint names them"));
    m_folder->setToolTip(
        tr("A new folder for the trained checkpoint; one that holds files is replaced only if you agree"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    auto *form = new QFormLayout(this);
    form->addRow(tr("Method:"), m_method);
    form->addRow(m_forms);
    form->addRow(tr("Pattern:"), m_pattern);
    form->addRow(tr("Mask:"), m_mask);
    form->addRow(tr("Epochs:"), m_epochs);
    form->addRow(tr("Steps:"), m_maxSteps);
    form->addRow(tr("Batch size:"), m_batchSize);
    form->addRow(tr("Learning rate:"), m_learningRate);
    form->addRow(tr("Validation share:"), m_validation);
    form->addRow(tr("Evaluate every:"), m_evalEvery);
    form->addRow(tr("Patience:"), m_patience);
    form->addRow(m_newHead);
    form->addRow(tr("Folder:"), m_folder);
    form->addRow(m_problem);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    const auto update = [this, ok] {
        const std::string method = m_method->currentData().toString().toStdString();
        m_forms->setCurrentIndex(m_method->currentIndex());
        const bool oneShot = isOneShotMethod(method); // calibrates on the training share: no steps, no rate
        m_pattern->setEnabled(method != "mask" && !method.empty() && !oneShot && trainingSelector(method) == "pattern");
        m_mask->setEnabled(method == "mask");
        for (QWidget *training :
             std::initializer_list<QWidget *>{m_epochs, m_maxSteps, m_learningRate, m_evalEvery, m_patience, m_newHead})
            training->setEnabled(!oneShot);
        m_problem->hide();
        ok->setEnabled(!m_folder->text().isEmpty());
    };
    connect(m_method, &QComboBox::currentIndexChanged, this, update);
    connect(m_folder, &QLineEdit::textChanged, this, update);
    update();
}

StudyTraining TrainDialog::training() const
{
    StudyTraining t;
    t.epochs = m_epochs->value();
    t.maxSteps = m_maxSteps->value();
    t.batchSize = m_batchSize->value();
    t.learningRate = m_learningRate->value();
    t.validationFraction = m_validation->value();
    t.evalEvery = m_evalEvery->value();
    t.patience = m_patience->value();
    t.newHead = m_newHead->isEnabled() && m_newHead->isChecked();
    const QString method = m_method->currentData().toString();
    if (method == QLatin1String("mask")) {
        t.mask = m_mask->currentText().toStdString();
    } else if (!method.isEmpty()) {
        t.method = method.toStdString();
        t.options = static_cast<const MethodOptionsForm *>(m_forms->currentWidget())->options();
        if (m_pattern->isEnabled()) {
            t.nm = m_pattern->currentText().trimmed().toStdString();
            parsePattern(t.nm); // an Error naming a pattern that is not n:m
        }
    }
    return t;
}

void TrainDialog::accept()
{
    try {
        training();
    } catch (const Error &e) {
        m_problem->setText(QString::fromStdString(e.what()));
        m_problem->show();
        return;
    }
    QDialog::accept();
}

QString TrainDialog::folder() const { return m_folder->text(); }

SweepDialog::SweepDialog(const QStringList &methods, QWidget *parent)
    : QDialog(parent)
    , m_methods(new QListWidget(this))
    , m_sparsities(new QLineEdit(QStringLiteral("0.1,0.2,0.3,0.4,0.5,0.6,0.7"), this))
    , m_granularity(new QComboBox(this))
    , m_scope(scopeBox(this))
    , m_editOptions(new QPushButton(tr("Options…"), this))
    , m_optionsSet(new QLabel(this))
    , m_heldOut(heldOutBox(this))
{
    setWindowTitle(tr("Sweep"));
    for (const QString &method : methods) {
        auto *item = new QListWidgetItem(method, m_methods);
        item->setCheckState(method == QLatin1String("taylor") || method == QLatin1String("head-importance") ? Qt::Checked
                                                                                                              : Qt::Unchecked);
    }
    m_methods->setToolTip(tr("The methods compared; random is always included"));
    m_sparsities->setToolTip(tr("Comma-separated fractions between 0 and 1"));
    m_granularity->addItems({QStringLiteral("head"), QStringLiteral("kv-group"), QStringLiteral("neuron"),
                             QStringLiteral("weight"), QStringLiteral("layer")});
    m_editOptions->setToolTip(tr("The options of the selected method, as its declaration offers them"));
    m_optionsSet->setWordWrap(true);
    auto *options = new QHBoxLayout;
    options->addWidget(m_editOptions);
    options->addWidget(m_optionsSet, 1);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Methods:"), m_methods);
    form->addRow(QString(), options);
    form->addRow(tr("Sparsities:"), m_sparsities);
    form->addRow(tr("Granularity:"), m_granularity);
    form->addRow(tr("Scope:"), m_scope);
    form->addRow(tr("Held out for evaluation:"), m_heldOut);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    connect(m_sparsities, &QLineEdit::textChanged, this, [this, ok] { ok->setEnabled(!sparsities().empty()); });
    connect(m_methods, &QListWidget::currentRowChanged, this, [this] {
        const QListWidgetItem *item = m_methods->currentItem();
        m_editOptions->setEnabled(item && !scoreMethodSpec(item->text().toStdString()).options.empty());
    });
    connect(m_methods, &QListWidget::itemChanged, this, &SweepDialog::showOptions);
    connect(m_editOptions, &QPushButton::clicked, this, [this] { editOptions(); });
    m_methods->setCurrentRow(0);
    showOptions();
}

void SweepDialog::editOptions(const QString &method)
{
    const QString name = method.isEmpty() && m_methods->currentItem() ? m_methods->currentItem()->text() : method;
    if (name.isEmpty())
        return;
    const MethodSpec &spec = scoreMethodSpec(name.toStdString());
    if (spec.options.empty())
        return;
    const auto set = m_options.find(spec.name);
    MethodOptionsDialog dialog(spec, set == m_options.end() ? MethodOptions() : set->second, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_options[spec.name] = dialog.options();
    showOptions();
}

// What is set apart from the defaults, for the methods checked.
void SweepDialog::showOptions()
{
    QStringList lines;
    for (const auto &[name, options] : methodOptions())
        if (const QString changed = changedOptions(scoreMethodSpec(name), options); !changed.isEmpty())
            lines << QString::fromStdString(name) + QStringLiteral(": ") + changed;
    m_optionsSet->setText(lines.isEmpty() ? tr("Every method with its default options") : lines.join(QLatin1Char('\n')));
}

std::map<std::string, MethodOptions> SweepDialog::methodOptions() const
{
    std::map<std::string, MethodOptions> checked;
    for (const QString &method : methods())
        if (const auto set = m_options.find(method.toStdString()); set != m_options.end())
            checked.insert(*set);
    return checked;
}

double SweepDialog::heldOut() const { return m_heldOut->value(); }

QStringList SweepDialog::methods() const
{
    return checkedTexts(m_methods);
}

std::vector<double> SweepDialog::sparsities() const
{
    return numberList(m_sparsities->text(), 0, 1);
}

QString SweepDialog::granularity() const { return m_granularity->currentText(); }
QString SweepDialog::scope() const { return m_scope->currentText(); }

NoiseScanDialog::NoiseScanDialog(QWidget *parent)
    : QDialog(parent)
    , m_sigmas(new QLineEdit(numbersText(SigmaScanOptions().sigmas), this))
    , m_sparsities(new QLineEdit(numbersText(SigmaScanOptions().sparsities), this))
    , m_relative(new QCheckBox(tr("A share of each noisy tensor's own spread"), this))
    , m_scope(new QComboBox(this))
    , m_editOptions(new QPushButton(tr("Smooth-Cut Options…"), this))
    , m_optionsSet(new QLabel(this))
    , m_heldOut(heldOutBox(this))
{
    setWindowTitle(tr("Smooth-Cut Noise Scan"));
    m_sigmas->setToolTip(tr("The noise levels scanned, comma-separated, each above 0 (DeepCuts uses 1e-3)"));
    m_relative->setToolTip(tr("Read sigma as a share of the standard deviation of each tensor the noise is added to, "
                              "rather than as an absolute level"));
    m_sparsities->setToolTip(tr("The one-shot weight sparsities evaluated at each sigma, between 0 and 1"));
    m_scope->addItems({QStringLiteral("tensor"), QStringLiteral("global")});
    m_scope->setToolTip(tr("tensor: the same fraction of every matrix, as DeepCuts prunes; global: one threshold over "
                           "the whole model"));
    m_editOptions->setToolTip(tr("Smooth-Cut's options other than the noise level: its passes, where the noise goes"));
    m_optionsSet->setWordWrap(true);
    auto *optionRow = new QHBoxLayout;
    optionRow->addWidget(m_editOptions);
    optionRow->addWidget(m_optionsSet, 1);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Sigmas:"), m_sigmas);
    form->addRow(QString(), m_relative);
    form->addRow(tr("Sparsities:"), m_sparsities);
    form->addRow(tr("Scope:"), m_scope);
    form->addRow(QString(), optionRow);
    form->addRow(tr("Held out for evaluation:"), m_heldOut);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    const auto check = [this, ok] {
        const SigmaScanOptions chosen = options();
        ok->setEnabled(!chosen.sigmas.empty() && !chosen.sparsities.empty());
    };
    connect(m_sigmas, &QLineEdit::textChanged, this, check);
    connect(m_sparsities, &QLineEdit::textChanged, this, check);
    connect(m_editOptions, &QPushButton::clicked, this, &NoiseScanDialog::editOptions);
    showOptions();
}

SigmaScanOptions NoiseScanDialog::options() const
{
    SigmaScanOptions options;
    options.sigmas = numberList(m_sigmas->text(), 0, std::numeric_limits<double>::infinity(), true);
    options.relative = m_relative->isChecked();
    options.sparsities = numberList(m_sparsities->text(), 0, 1, true);
    options.scope = m_scope->currentText().toStdString();
    options.smoothCut = m_smoothCut;
    return options;
}

double NoiseScanDialog::heldOut() const { return m_heldOut->value(); }

void NoiseScanDialog::editOptions()
{
    MethodOptionsDialog dialog(smoothCutBesidesNoise(), m_smoothCut, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_smoothCut = dialog.options();
    showOptions();
}

void NoiseScanDialog::showOptions()
{
    const QString changed = changedOptions(smoothCutBesidesNoise(), m_smoothCut);
    m_optionsSet->setText(changed.isEmpty() ? tr("Smooth-Cut's default options") : changed);
}

} // namespace prunescope
