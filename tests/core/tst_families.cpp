// The family registry and the unit slices each family declares: every family is listed
// once and reads its fixtures; its slices cover each matrix's heads and neurons exactly
// once; and applied to the fixture's weights and gradients they give the gate gradients
// that transformers computed, which only holds if each head and neuron owns exactly the
// columns the slices say.
#include "core/models/checkpoint.h"
#include "core/models/config_reader.h"
#include "core/models/model_family.h"
#include "core/models/unit_slices.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <limits>
#include <set>

using namespace prunescope;
using prunescope::testing::fixture;

namespace {

constexpr double kEps = std::numeric_limits<float>::epsilon();

QStringList familyNames()
{
    QStringList names;
    for (const auto &family : prunescope::testing::fixtureFamilies())
        names << QString::fromStdString(family);
    return names;
}

// How many times each feature of one axis of a matrix is owned by a slice of `kind`s.
torch::Tensor ownership(const PrunableMatrix &m, bool alongOutput, const std::set<UnitKind> &kinds)
{
    auto owned = torch::zeros({alongOutput ? m.outFeatures : m.inFeatures}, torch::kLong);
    for (const UnitSlice &slice : m.slices)
        if (slice.alongOutput == alongOutput && kinds.count(slice.unit))
            owned.index_add_(0, featuresOf(slice, torch::arange(slice.count)), torch::ones({slice.count * slice.width}, torch::kLong));
    return owned;
}

} // namespace

class TestFamilies : public QObject
{
    Q_OBJECT

private slots:
    void registryListsEachFamilyOnce()
    {
        std::set<std::string> types;
        for (const ModelFamily *family : modelFamilies()) {
            QVERIFY2(types.insert(family->modelType).second, family->modelType.c_str());
            QVERIFY(!family->architectures.empty());
            QVERIFY(family->readConfig && family->describe && family->setFfnWidth && family->build);
            QCOMPARE(findModelFamily(family->modelType), family);
        }
        QVERIFY(!findModelFamily("llama-9"));
        for (const QString &name : familyNames())
            QCOMPARE(readModelConfig(fixture(name.toStdString()) / "config.json").familyName(), name.toStdString());
        try {
            parseModelConfig(R"({"model_type": "llama-9"})", "config.json");
            QFAIL("an unknown model_type was read");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find(supportedModelTypes()) != std::string::npos, e.what());
        }
    }

    void slicesCoverEachUnitOnce_data() { QTest::addColumn<QString>("family"); for (const auto &f : familyNames()) QTest::newRow(qPrintable(f)) << f; }
    void slicesCoverEachUnitOnce()
    {
        QFETCH(QString, family);
        const ModelStructure structure = describeStructure(readModelConfig(fixture(family.toStdString()) / "config.json"));
        for (const TowerStructure &tower : structure.towers) {
            QCOMPARE(tower.heads % tower.kvHeads, int64_t(0));
            for (const LayerStructure &layer : tower.layers) {
                // Q, K and V rows and the attention output's columns: each feature one head (or group);
                // the FFN input's rows and the FFN output's columns: each one neuron.
                const auto &query = layer.withRole(MatrixRole::Query);
                QVERIFY(ownership(query, true, {UnitKind::Head, UnitKind::KvGroup}).eq(1).all().item<bool>());
                QVERIFY(ownership(layer.withRole(MatrixRole::AttentionOutput), false, {UnitKind::Head}).eq(1).all().item<bool>());
                QVERIFY(ownership(layer.withRole(MatrixRole::FfnIn), true, {UnitKind::Neuron}).eq(1).all().item<bool>());
                QVERIFY(ownership(layer.withRole(MatrixRole::FfnOut), false, {UnitKind::Neuron}).eq(1).all().item<bool>());
                for (const PrunableMatrix &m : layer.matrices)
                    for (const UnitSlice &slice : m.slices)
                        QCOMPARE(slice.count, tower.unitCount(slice.unit));
            }
        }
    }

    // dL/dgate of a head is the sum of W * dL/dW over the attention output's columns the
    // head feeds, and of a neuron over the FFN output's column: the gate multiplies exactly
    // what those columns read. Both sides are float32 sums of the same products in another
    // order: over the batch's tokens (the gradients) and over the slice (here), so they
    // differ by at most (tokens + features) * eps * sum |W * dL/dW|.
    void slicesGiveGateGradients_data()
    {
        QTest::addColumn<QString>("family");
        for (const char *family : {"bert", "gpt2", "roberta", "distilbert", "vit"})
            QTest::newRow(family) << QString::fromLatin1(family);
    }
    void slicesGiveGateGradients()
    {
        QFETCH(QString, family);
        const auto checkpoint = Checkpoint::open(fixture(family.toStdString()));
        const auto reference = SafetensorsFile::open(fixture(family.toStdString()) / "reference.safetensors");
        const ModelStructure structure = describeStructure(checkpoint->config());
        const TowerStructure &tower = structure.towers[0];
        const auto embedded = reference->tensor("hidden_states.0"); // [batch, tokens, hidden]
        const int64_t tokens = embedded.size(0) * embedded.size(1);
        const std::pair<MatrixRole, const char *> gates[] = {{MatrixRole::AttentionOutput, "head_gate_grad"},
                                                             {MatrixRole::FfnOut, "neuron_gate_grad"}};
        for (const auto &[role, gateName] : gates) {
            const auto expected = reference->tensor(gateName).to(torch::kDouble);
            double worst = 0, worstRatio = 0;
            for (size_t l = 0; l < tower.layers.size(); ++l) {
                const PrunableMatrix &m = tower.layers[l].withRole(role);
                const auto w = checkpoint->tensor(checkpoint->storedName(m.weight)).to(torch::kDouble);
                const auto product = w * reference->tensor("grad." + m.weight).to(torch::kDouble);
                const UnitSlice &slice = m.slices.front();
                const auto sums = sumPerUnit(m, slice, product);
                const auto bound = sumPerUnit(m, slice, product.abs()) * double(tokens + m.outFeatures * slice.width) * kEps;
                const auto gap = (sums - expected[int64_t(l)]).abs();
                worst = std::max(worst, gap.max().item<double>());
                worstRatio = std::max(worstRatio, (gap / bound).max().item<double>());
                QVERIFY2(gap.le(bound).all().item<bool>(), gateName);
                // The bound tells units apart: each unit's neighbour's gradient is outside it.
                QVERIFY((sums - expected[int64_t(l)].roll(1)).abs().gt(bound).all().item<bool>());
            }
            qInfo("%s %s: largest |slice sum - gate gradient| %.3e, %.3f of its float32 bound", qPrintable(family),
                  gateName, worst, worstRatio);
        }
    }

    // The families' names of prunable matrices are the checkpoints' names, with their shapes.
    void structureNamesTheCheckpointsTensors_data() { slicesCoverEachUnitOnce_data(); }
    void structureNamesTheCheckpointsTensors()
    {
        QFETCH(QString, family);
        const auto checkpoint = Checkpoint::open(fixture(family.toStdString()));
        for (const TowerStructure &tower : describeStructure(checkpoint->config()).towers)
            for (const LayerStructure &layer : tower.layers)
                for (const PrunableMatrix &m : layer.matrices) {
                    const std::string stored = checkpoint->storedName(m.weight);
                    QVERIFY2(!stored.empty(), m.weight.c_str());
                    QCOMPARE(checkpoint->entry(stored).shape, storedShape(m));
                    if (!m.bias.empty())
                        QVERIFY2(!checkpoint->storedName(m.bias).empty(), m.bias.c_str());
                }
    }

    // An export's config.json, read back, has the FFN width the family wrote into it.
    void ffnWidthWrittenWhereTheFamilyReadsIt_data() { slicesCoverEachUnitOnce_data(); }
    void ffnWidthWrittenWhereTheFamilyReadsIt()
    {
        QFETCH(QString, family);
        const ModelConfig config = readModelConfig(fixture(family.toStdString()) / "config.json");
        for (const TowerConfig &tower : config.towers) {
            auto json = nlohmann::ordered_json::parse(config.json);
            config.family->setFfnWidth(json, tower, 40);
            const ModelConfig again = parseModelConfig(json.dump(), "config.json");
            for (const TowerConfig &t : again.towers)
                QCOMPARE(t.ffn, t.name == tower.name ? int64_t(40) : config.tower(t.name).ffn);
        }
    }
};

QTEST_GUILESS_MAIN(TestFamilies)
#include "tst_families.moc"
