// One prunable weight matrix as a heat map, zoomable and draggable; for an N:M mask the
// groups of M consecutive input weights are outlined once zoomed in far enough to see them.
#pragma once

#include "widgets/map_view.h"

#include <set>
#include <string>

namespace prunescope {

class WeightView : public MapView
{
    Q_OBJECT

public:
    explicit WeightView(QWidget *parent = nullptr);

    // Matrices stored [in, out] (GPT-2's Conv1D): their input axis is the row axis.
    void setInputMajor(std::set<std::string> names) { m_inputMajor = std::move(names); }
    // The M of the N:M pattern outlined; 0 when none.
    int64_t blockSize() const { return m_blockSize; }
    // Outline lines drawn at the current zoom.
    int outlineCount() const { return int(m_outlines.size()); }

    // Visible cells below which the outlines are drawn.
    static constexpr int kOutlineLimit = 256;

protected:
    bool shows(const Grid &grid) const override;
    void gridShown(const Grid &grid) override;

private:
    void updateOutlines();

    std::set<std::string> m_inputMajor;
    int64_t m_blockSize = 0;
    std::vector<class QCPAbstractItem *> m_outlines;
};

} // namespace prunescope
