// Attribution maps checked by finite differences, an independent route: scaling the
// activation a map reads by (1 + e) changes the target by e * (sum of the map), to first
// order, for GradCAM at any layer and for SmoothGrad without noise at the inputs.
#include "core/scoring/attribution.h"
#include "core/models/checkpoint.h"
#include "core/models/reference_run.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <QtTest>

#include <filesystem>

using namespace prunescope;
using prunescope::testing::relativeError;
namespace fs = std::filesystem;

namespace {

struct Case
{
    std::shared_ptr<TransformerModel> model;
    ModelInputs inputs;
};

Case load(const QString &family)
{
    const fs::path folder = testing::fixture(family.toStdString());
    Case c;
    c.model = Checkpoint::open(folder)->loadModel();
    c.model->moveTo(torch::kCPU, torch::kDouble); // finite differences want double precision
    c.inputs = readModelInputs(*SafetensorsFile::open(folder / "reference.safetensors"));
    if (c.inputs.pixelValues.defined())
        c.inputs.pixelValues = c.inputs.pixelValues.to(torch::kDouble);
    return c;
}

// d target / d e, where the hook scales one site's tensor by (1 + e), by central differences.
torch::Tensor scaledDerivative(TransformerModel &model, const ModelInputs &inputs, const Attribution &reference,
                               const std::function<bool(const Site &)> &at, bool scalePixels)
{
    torch::NoGradGuard noGrad;
    const double e = 1e-5;
    const auto targetAt = [&](double scale) {
        ModelInputs in = inputs;
        ForwardOptions forward;
        if (scalePixels)
            in.pixelValues = inputs.pixelValues * scale;
        else
            forward.hook = [&](const Site &site, const torch::Tensor &x) { return at(site) ? x * scale : x; };
        const auto out = model.forward(in, forward);
        if (out.logitsPerImage.defined())
            return out.logitsPerImage.diagonal().clone();
        if (model.config().head == TaskHead::CausalLm) {
            const auto logProbs = torch::log_softmax(out.logits.slice(1, 0, -1), -1);
            const auto picked = logProbs.gather(-1, inputs.inputIds.slice(1, 1).unsqueeze(-1)).squeeze(-1);
            return (picked * inputs.attentionMask.slice(1, 1).to(picked.scalar_type())).sum(1);
        }
        return out.logits.gather(1, inputs.labels.view({-1, 1})).squeeze(1);
    };
    (void)reference;
    return (targetAt(1 + e) - targetAt(1 - e)) / (2 * e);
}

} // namespace

class TestAttribution : public QObject
{
    Q_OBJECT

private slots:
    void gradcamMatchesFiniteDifferences_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("tower");
        QTest::addColumn<int>("layer");
        QTest::newRow("bert layer 0") << QStringLiteral("bert") << 0 << 0;
        QTest::newRow("gpt2 layer 0") << QStringLiteral("gpt2") << 0 << 0;
        QTest::newRow("bert last layer") << QStringLiteral("bert") << 0 << -1;
        QTest::newRow("clip vision") << QStringLiteral("clip") << 1 << 0;
        QTest::newRow("clip text") << QStringLiteral("clip") << 0 << 0;
        QTest::newRow("roberta layer 0") << QStringLiteral("roberta") << 0 << 0;
        QTest::newRow("distilbert last layer") << QStringLiteral("distilbert") << 0 << -1;
        QTest::newRow("vit patches") << QStringLiteral("vit") << 0 << 0;
    }
    void gradcamMatchesFiniteDifferences()
    {
        QFETCH(QString, family);
        QFETCH(int, tower);
        QFETCH(int, layer);
        Case c = load(family);
        AttributionOptions options;
        options.tower = tower;
        options.layer = layer;
        const Attribution a = attribute(*c.model, c.inputs, options);
        const int chosen = layer < 0 ? 1 : layer;
        const auto expected = scaledDerivative(*c.model, c.inputs, a, [&](const Site &site) {
            return site.kind == SiteKind::LayerOutput && site.tower == tower && site.layer == chosen;
        }, false);
        // Patch maps leave out the class token, which also carries gradient.
        const bool images = c.model->config().towers[size_t(tower)].images;
        auto total = images ? torch::Tensor() : a.map.sum(-1);
        if (total.defined() && total.size(0) > expected.size(0)) {
            // CLIP's distractor text is no image's own text: nothing it does moves a target.
            QVERIFY(total.slice(0, expected.size(0)).abs().max().item<double>() < 1e-12);
            total = total.slice(0, 0, expected.size(0));
        }
        if (total.defined()) {
            const double err = relativeError(total, expected);
            qInfo("%s: sum of map vs finite difference rel_err %.2e", QTest::currentDataTag(), err);
            QVERIFY(err < 1e-5); // central differences in double precision
        } else {
            QCOMPARE(a.map.sizes().vec(), (std::vector<int64_t>{c.inputs.pixelValues.size(0), 4, 4}));
        }
        QCOMPARE(a.target.size(0), expected.size(0));
    }

    // Without noise SmoothGrad is gradient x input: its sum is the derivative of scaling the input.
    void smoothgradWithoutNoiseIsGradientTimesInput_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("tower");
        QTest::newRow("bert tokens") << QStringLiteral("bert") << 0;
        QTest::newRow("clip pixels") << QStringLiteral("clip") << 1;
        QTest::newRow("roberta tokens") << QStringLiteral("roberta") << 0;
        QTest::newRow("distilbert tokens") << QStringLiteral("distilbert") << 0;
        QTest::newRow("vit pixels") << QStringLiteral("vit") << 0;
    }
    void smoothgradWithoutNoiseIsGradientTimesInput()
    {
        QFETCH(QString, family);
        QFETCH(int, tower);
        Case c = load(family);
        AttributionOptions options;
        options.method = "smoothgrad";
        options.tower = tower;
        options.samples = 2;
        options.sigma = 0;
        const Attribution a = attribute(*c.model, c.inputs, options);
        const bool pixels = c.model->config().towers[size_t(tower)].images;
        const auto expected = scaledDerivative(*c.model, c.inputs, a,
                                               [](const Site &site) { return site.kind == SiteKind::InputEmbeddings; }, pixels);
        const auto total = pixels ? a.map.sum(std::vector<int64_t>{1, 2}) : a.map.sum(-1);
        const double err = relativeError(total, expected);
        qInfo("%s: sum of map vs finite difference rel_err %.2e", QTest::currentDataTag(), err);
        QVERIFY(err < 1e-6);

        options.sigma = 0.2; // with noise: a different, reproducible map
        const Attribution noisy = attribute(*c.model, c.inputs, options);
        QVERIFY(!torch::allclose(noisy.map, a.map));
        QVERIFY(torch::equal(noisy.map, attribute(*c.model, c.inputs, options).map));
    }

    // Attribution leaves the model's parameter gradients alone.
    void leavesParameterGradientsAlone()
    {
        Case c = load(QStringLiteral("gpt2"));
        attribute(*c.model, c.inputs, {});
        for (const auto &p : c.model->parameters())
            QVERIFY(!p.grad().defined());
    }
};

QTEST_GUILESS_MAIN(TestAttribution)
#include "tst_attribution.moc"
