// The commands of prunescope-cli; each parses its options, calls the core and prints.
#pragma once

#include "app/cli/cli_support.h"

namespace prunescope::cli {

int runInfo(const Arguments &args);
int runForward(const Arguments &args);
int runVerify(const Arguments &args);
int runTokenize(const Arguments &args);

int runScore(const Arguments &args);
// The single-shot methods (or the training methods) and their options, from their
// declarations: all, or the one named.
int runMethods(const Arguments &args);
std::string methodsHelp(const std::string &name, bool training);
int runMask(const Arguments &args);
int runEval(const Arguments &args);
int runSweep(const Arguments &args);
int runAttribute(const Arguments &args);
int runExport(const Arguments &args);
int runCompare(const Arguments &args);
int runTrain(const Arguments &args);
int runRedundancy(const Arguments &args);
int runMaskAnalysis(const Arguments &args);

int runStudy(const Arguments &args);

} // namespace prunescope::cli
