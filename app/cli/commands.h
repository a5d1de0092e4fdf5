// The commands of prunescope-cli; each parses its options, calls the core and prints.
#pragma once

#include "app/cli/cli_support.h"

namespace prunescope::cli {

int runInfo(const Arguments &args);
int runForward(const Arguments &args);
int runVerify(const Arguments &args);
int runTokenize(const Arguments &args);

int runScore(const Arguments &args);
// The declarations a method listing reads: the single-shot scorers (score), the methods that
// prune while training (train) and those that prune in one shot (prune).
enum class MethodTable { Score, Training, OneShot };
// The methods of a table and their options, from their declarations: all, or the one named.
int runMethods(const Arguments &args);
std::string methodsHelp(const std::string &name, MethodTable table);
int runMask(const Arguments &args);
int runEval(const Arguments &args);
int runSweep(const Arguments &args);
int runSigmaScan(const Arguments &args);
int runAttribute(const Arguments &args);
int runExport(const Arguments &args);
int runCompare(const Arguments &args);
int runTrain(const Arguments &args);
// prune --method sparsegpt: a one-shot method that updates weights, written as a checkpoint.
int runPrune(const Arguments &args);
int runRedundancy(const Arguments &args);
int runMaskAnalysis(const Arguments &args);

int runStudy(const Arguments &args);

} // namespace prunescope::cli
