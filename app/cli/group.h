// Commands that run as a group of processes (core/parallel/work_group.h), started as
// torchrun starts them (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT, LOCAL_RANK) or by
// `--gpus N` here: one process a GPU, or N processes on the CPU with --device cpu.
#pragma once

#include "core/parallel/work_group.h"

#include <torch/types.h>

#include <memory>
#include <string>

namespace prunescope::cli {

// Whether `command` (study: its `action`) can run as a group: score, eval and sweep, and the
// study's score, eval and sweep.
bool runsAsGroup(const std::string &command, const std::string &action);
// The group this process belongs to, joined at the first call; null where it runs alone.
std::shared_ptr<const WorkGroup> processGroup();
// Whether this process speaks for its group: it prints the results and writes the files
// (alone: always).
bool speaks();
// The device this process works on: in a group on cuda, the GPU of LOCAL_RANK.
torch::Device processDevice(torch::Device device);
// The group this process has joined so far (null: none yet, or alone), for its failure to
// be posted there.
std::shared_ptr<const WorkGroup> joinedGroup();
// `--gpus N` of the command line, 0 where not given.
int gpusAsked(int argc, char **argv);
// Starts N copies of this command line as a group and waits for them: the first to fail
// stops the others and its exit status is returned; SIGINT and SIGTERM reach them all.
int launchGroup(int argc, char **argv, int processes);

} // namespace prunescope::cli
