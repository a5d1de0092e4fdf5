#include "widgets/study_dialogs.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

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

} // namespace

NewStudyDialog::NewStudyDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("New Study"));
    auto *form = new QFormLayout(this);
    m_folder = addPathRow(form, tr("Study folder:"), tr("An empty or new folder; the study's files go here"), true);
    m_model = addPathRow(form, tr("Checkpoint:"), tr("A Hugging Face checkpoint folder (config.json + model.safetensors)"), true);
    m_data = addPathRow(form, tr("Data:"), tr("TSV, CSV, JSONL, text or safetensors file, or an image folder"), false);
    m_textColumn = new QLineEdit(QStringLiteral("sentence"), this);
    m_textColumn->setToolTip(tr("The column holding the text (tables only)"));
    m_labelColumn = new QLineEdit(QStringLiteral("label"), this);
    m_labelColumn->setToolTip(tr("The column holding the label (tables only)"));
    form->addRow(tr("Text column:"), m_textColumn);
    form->addRow(tr("Label column:"), m_labelColumn);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    const auto check = [this, ok] { ok->setEnabled(!m_folder->text().isEmpty() && !m_model->text().isEmpty()); };
    connect(m_folder, &QLineEdit::textChanged, this, check);
    connect(m_model, &QLineEdit::textChanged, this, check);
    check();
}

QLineEdit *NewStudyDialog::addPathRow(QFormLayout *form, const QString &label, const QString &tip, bool directory)
{
    auto *edit = new QLineEdit(this);
    edit->setToolTip(tip);
    auto *browse = new QPushButton(tr("Browse\u2026"), this);
    browse->setToolTip(tip);
    connect(browse, &QPushButton::clicked, this, [this, edit, label, directory] {
        const QString path = directory ? QFileDialog::getExistingDirectory(this, label)
                                       : QFileDialog::getOpenFileName(this, label);
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

QString NewStudyDialog::folder() const { return m_folder->text(); }
QString NewStudyDialog::model() const { return m_model->text(); }
QString NewStudyDialog::data() const { return m_data->text(); }
QString NewStudyDialog::textColumn() const { return m_textColumn->text(); }
QString NewStudyDialog::labelColumn() const { return m_labelColumn->text(); }

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
    m_granularity->addItems({QStringLiteral("head"), QStringLiteral("neuron"), QStringLiteral("weight"),
                             QStringLiteral("layer"), QStringLiteral("2:4"), QStringLiteral("4:8")});
    m_granularity->setToolTip(tr("What is pruned: heads, FFN neurons, single weights, whole blocks, or N:M patterns"));
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

SweepDialog::SweepDialog(const QStringList &methods, QWidget *parent)
    : QDialog(parent)
    , m_methods(new QListWidget(this))
    , m_sparsities(new QLineEdit(QStringLiteral("0.1,0.2,0.3,0.4,0.5,0.6,0.7"), this))
    , m_granularity(new QComboBox(this))
    , m_scope(scopeBox(this))
{
    setWindowTitle(tr("Sweep"));
    for (const QString &method : methods) {
        auto *item = new QListWidgetItem(method, m_methods);
        item->setCheckState(method == QLatin1String("taylor") || method == QLatin1String("head-importance") ? Qt::Checked
                                                                                                              : Qt::Unchecked);
    }
    m_methods->setToolTip(tr("The methods compared; random is always included"));
    m_sparsities->setToolTip(tr("Comma-separated fractions between 0 and 1"));
    m_granularity->addItems({QStringLiteral("head"), QStringLiteral("neuron"), QStringLiteral("weight"), QStringLiteral("layer")});
    auto *form = new QFormLayout(this);
    form->addRow(tr("Methods:"), m_methods);
    form->addRow(tr("Sparsities:"), m_sparsities);
    form->addRow(tr("Granularity:"), m_granularity);
    form->addRow(tr("Scope:"), m_scope);
    QPushButton *ok = addButtons(this, form)->button(QDialogButtonBox::Ok);
    connect(m_sparsities, &QLineEdit::textChanged, this, [this, ok] { ok->setEnabled(!sparsities().empty()); });
}

QStringList SweepDialog::methods() const
{
    QStringList checked;
    for (int i = 0; i < m_methods->count(); ++i)
        if (m_methods->item(i)->checkState() == Qt::Checked)
            checked.append(m_methods->item(i)->text());
    return checked;
}

std::vector<double> SweepDialog::sparsities() const
{
    std::vector<double> values;
    for (const QString &part : m_sparsities->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || v < 0 || v > 1)
            return {};
        values.push_back(v);
    }
    return values;
}

QString SweepDialog::granularity() const { return m_granularity->currentText(); }
QString SweepDialog::scope() const { return m_scope->currentText(); }

} // namespace prunescope
