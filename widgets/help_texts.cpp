#include "widgets/help_texts.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QToolButton>

namespace prunescope {

QString helpText(HelpTopic topic)
{
    switch (topic) {
    case HelpTopic::Heads:
        return QCoreApplication::translate(
            "Help",
            "<p>Each cell is one attention head: layers run down, heads across. The colour is the head's "
            "importance score from the selected file, or, for a mask, whether the head is kept (pale) or "
            "pruned (dark red).</p>"
            "<p><b>Taylor</b> and <b>head importance</b> scores are the size of the loss gradient with respect "
            "to a gate on the head: how much the loss would change, to first order, if the head were removed. "
            "<b>Cam-Cut</b> reads the same gradient the way GradCAM does, weighting it by the head's mean "
            "activation; <b>Smooth-Cut</b> averages it over noisy copies of the input (SmoothGrad), which "
            "steadies it.</p>"
            "<p><b>Per layer</b> rescales each layer to its own range, so you can compare heads within a layer; "
            "<b>Rank</b> shows the order over the whole model, the order in which a global mask prunes. Hover "
            "for the value and the rank; when a mask is being edited, click a head to prune or restore it.</p>");
    case HelpTopic::Neurons:
        return QCoreApplication::translate(
            "Help",
            "<p>Each row is one layer's feed-forward block, each column one of its neurons (the hidden units "
            "between the two linear layers). The colour is the neuron's score, or kept / pruned for a mask.</p>"
            "<p><b>Sort by score</b> orders every row from the highest score to the lowest, so you can see how "
            "sharply importance falls off in each layer. The histogram below shows the distribution of the "
            "selected layer: a long flat tail means many neurons matter little, which is where pruning is "
            "cheap. Random scores are a strong baseline for neurons; compare with them in the curves view.</p>");
    case HelpTopic::Weights:
        return QCoreApplication::translate(
            "Help",
            "<p>One prunable weight matrix, output features down and input features across, coloured by the "
            "score of each weight or by its mask. <b>Magnitude</b> is |W|; <b>Taylor</b> and <b>SNIP</b> are "
            "|W \u00d7 gradient|, the first-order loss change when the weight is set to zero; <b>movement</b> "
            "scores grow for weights that training pushes away from zero.</p>"
            "<p>Scroll to zoom, drag to move. For N:M masks (for instance 2:4, which GPUs run fast) the groups "
            "of M consecutive input weights are outlined once you zoom in far enough to see them.</p>");
    case HelpTopic::Attribution:
        return QCoreApplication::translate(
            "Help",
            "<p>Which parts of one input drive the model's output. Red tokens (or image patches) push the "
            "target up, blue ones push it down; the stronger the colour, the larger the effect.</p>"
            "<p><b>GradCAM</b> multiplies a layer's activations by their gradient and sums over the channels, "
            "one value per token; pick the layer to see how the evidence moves through the network. "
            "<b>SmoothGrad</b> averages the gradient at the input over copies with a little noise added, which "
            "removes much of the speckle of a single gradient. DeepCuts turns the same two readings into "
            "importance scores for pruning (Cam-Cut and Smooth-Cut).</p>");
    case HelpTopic::Curves:
        return QCoreApplication::translate(
            "Help",
            "<p>The model's metric (accuracy, F1, perplexity, ...) against the fraction of units pruned, one "
            "curve per scoring method. The dashed line is the dense model; <b>random</b> scores are always "
            "included, because a method is only useful where it beats them.</p>"
            "<p>A curve that stays near the dense line to high sparsity means the method finds units the model "
            "can do without. Export the plot as PNG or SVG and the numbers as CSV for a paper or a slide.</p>")
               + QCoreApplication::translate(
                   "Help",
                   "<p>A <b>noise scan</b> (Analysis \u2192 Smooth-Cut Noise Scan) is drawn here too, against Smooth-Cut's "
                   "noise sigma on a log scale: the metric after one-shot weight pruning at each sparsity, Taylor's "
                   "(dashed) and magnitude's (dotted) masks at the same sparsity as levels, and on the right axis how "
                   "closely Smooth-Cut ranks the weights as Taylor does. Where the rank correlation is 1, Smooth-Cut "
                   "is Taylor under another name.</p>");
    case HelpTopic::Compare:
        return QCoreApplication::translate(
            "Help",
            "<p>How far the masks and score maps of a study agree. The matrix compares every pair on one "
            "metric, over all layers or over the layer you pick.</p>"
            "<p>For masks: <b>IoU</b> is the share of pruned units that both prune (1: the same units); "
            "<b>cosine</b> compares the kept units; <b>Hamming</b> is the fraction of units on which they "
            "differ. For score maps: <b>Spearman</b> and <b>Kendall</b> correlate the rankings (1: the same "
            "order, 0: unrelated); <b>top-k</b> is the overlap of the top 10 % of units. A grey cell pairs "
            "a mask with a score map, which these metrics do not compare.</p>"
            "<p>Click a cell to see that pair layer by layer: the curve shows the metric per layer with both "
            "masks' sparsity, and the two maps below show where they agree (pale: kept by both, dark red: "
            "pruned by both) and where they do not (orange: pruned here only, blue: kept here only). A score "
            "map keeps its highest-scoring units: as many as the mask beside it keeps, or its top 10 %.</p>");
    case HelpTopic::Profiles:
        return QCoreApplication::translate(
            "Help",
            "<p>Where each mask prunes, as the Adapting by Pruning paper draws it: for every component of the "
            "transformer (q, k, v: the attention's query, key and value; attention-output; ffn-in and ffn-out: "
            "the two layers of the feed-forward block), or for every layer, the share of its weights the mask "
            "removes. A head or neuron mask counts as the weights the unit removes. Masks that prune to the "
            "same overall sparsity can spend it very differently.</p>"
            "<p>With the sensitivity tests, the table below gives the study's metric for the dense model, "
            "under each mask, under the same mask shuffled at random within each tensor (the same sparsity "
            "in every matrix, other places), and under the mask with every prunable matrix re-initialised "
            "at random. If shuffling costs little, the mask's placement matters less than how much it "
            "prunes where; if re-initialising costs little, the weights that survive matter less than the "
            "mask.</p>");
    case HelpTopic::Training:
        return QCoreApplication::translate(
            "Help",
            "<p>A training run as it goes: the blue line is the loss of every step, the red dots the validation "
            "metric at each evaluation (right axis), the grey dashes the share of units or weights pruned so "
            "far. ADMM adds its primal residual (how far the weights are from the n:m pattern) and dual "
            "residual (how much the pattern still moves); both should fall before the projection.</p>"
            "<p>Methods that prune over rounds draw a map below. For <b>Instant Soup Pruning</b> each row is "
            "a mask of the latest round: the weak masks of the denoisers (copies trained briefly on their own "
            "share of the data), their combination (by default the union: a weight survives if any weak mask "
            "keeps it) and the round's mask, pruned back to the round's target. For <b>IMP</b> each row is "
            "one round's mask. Each column is a layer and component (q, k, v: the attention's query, key and "
            "value; o: its output; in, out: the FFN); the colour is the share of that part's weights "
            "pruned. Masks that differ show where the weak masks disagree.</p>"
            "<p>At the end the summary gives the compute every run spent, to set a method's cost against "
            "IMP's, and for <b>Adapting by Pruning</b> how many pruned connections came back.</p>");
    }
    return {};
}

QToolButton *createHelpButton(QWidget *parent, HelpTopic topic, const QString &toolTip)
{
    const QString title = QCoreApplication::translate("Help", "What am I looking at?");
    auto *button = new QToolButton(parent);
    button->setText(title);
    button->setToolTip(toolTip);
    QObject::connect(button, &QToolButton::clicked, parent,
                     [parent, topic, title] { QMessageBox::information(parent, title, helpText(topic)); });
    return button;
}

} // namespace prunescope
