// Which way a metric improves. No LibTorch here: the sweep files and the views read it.
#pragma once

#include <string>

namespace prunescope {

// Whether a smaller value of the metric is better (perplexity, loss, mse).
inline bool lowerIsBetter(const std::string &metric)
{
    return metric == "perplexity" || metric == "loss" || metric == "mse";
}

} // namespace prunescope
