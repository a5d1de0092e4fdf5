#!/usr/bin/env bash
# The large-model part of a GPU round, in one call: prunescope-cli built for CUDA, SparseGPT
# checked against the reference (sparsegpt_check.py), then the named steps of the
# Llama-3-8B-shaped run (llm_scale.py; the model is made once in build/llm and kept while the
# machine is). Results go to $OUT (or build/device-out): llm-scale.md and .json, with the
# rows of bench/results/llm-scale.json kept and those measured now replacing theirs.
#
#   STEPS=sparsegpt-50,magnitude,export DEADLINE=400 bash tools/device/llm_round.sh
#   STEPS=magnitude,export SKIP=2:4 ...   # steps whose name holds a text of SKIP left out
#   SKIP_CHECK=1 ...   # without the SparseGPT check
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-build/device-out}
mkdir -p "$out" build/llm
start=$(date +%s)
source tools/device/qt_prefix.sh
cmake --preset cuda -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CUDA_ARCHITECTURES=90 > "$out/configure.log" 2>&1 \
    || { tail -40 "$out/configure.log"; exit 1; }
cmake --build --preset cuda -j "$(nproc)" --target prunescope-cli > "$out/build.log" 2>&1 \
    || { grep -E -m3 -A8 "error|FAILED" "$out/build.log"; exit 1; }
echo "prunescope-cli built in $(( $(date +%s) - start )) s"
cli=build/cuda/app/prunescope-cli
status=0
if [ -z "${SKIP_CHECK:-}" ]; then
    echo "== SparseGPT against a straightforward PyTorch implementation"
    python3 tools/device/sparsegpt_check.py "$cli" build/llm/checks 2>&1 | tee "$out/sparsegpt-check.log" || status=1
fi
echo "== the Llama-3-8B-shaped model: ${STEPS:-all steps}"
cp bench/results/llm-scale.json "$out/"
PYTHONUNBUFFERED=1 python3 tools/device/llm_scale.py --cli "$cli" --work build/llm --out "$out/llm-scale.md" \
    ${STEPS:+--steps "$STEPS"} ${SKIP:+--skip "$SKIP"} ${DEADLINE:+--deadline "$DEADLINE"} || status=1
exit $status
