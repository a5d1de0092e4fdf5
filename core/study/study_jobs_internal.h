// What the study jobs' source files share (study_jobs.cpp, study_training.cpp); not for
// callers of the jobs.
#pragma once

#include "core/data/datasets.h"
#include "core/study/study.h"

#include <string>

namespace prunescope {

// How the study reads its data (columns, length, sample size, seed).
DataOptions dataOptions(const Study &study);

// A new item named after `base` whose file does not exist yet: <folder>/<slug><extension>.
StudyItem newItem(const Study &study, StudyItem::Kind kind, const std::string &base, const std::string &folder,
                  const std::string &extension);

// 0.5 -> "50%"
std::string percent(double fraction);

} // namespace prunescope
