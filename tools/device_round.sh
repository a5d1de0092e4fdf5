#!/usr/bin/env bash
# One whole round on a GPU server (CUDA LibTorch from a PyTorch installation; Qt 6 Core and
# Test from the build machine when the server has none): build core, prunescope-cli and the
# core test suites and run the suites, check parity on cuda and cpu against the
# transformers references, compare cuda with cpu, run transformers itself on the fixtures
# there, train on cuda (fp32 and bf16, movement pruning, GUM; redundancy against the cpu;
# ISP, AbP and IMP against the cpu, the AbP mask analyses), and run the benchmarks (load
# time; shrunk exports loaded and timed in stock transformers; bench/gpu_bench.py: scoring
# against PyTorch + transformers, Smooth-Cut, mask comparison). Results land in $OUT (or
# build/device-out), and all of them packed in $OUT/all-results.tar.gz; commit them to
# bench/results/.
#
#   bash tools/device_round.sh                     # everything
#   SUITES_ONLY=1 bash tools/device_round.sh       # the build and the core suites alone (with the figures of
#                                                  # the runtime's padded and kept widths on cuda)
#   SKIP_GPU_BENCH=1 bash tools/device_round.sh    # without bench/gpu_bench.py
#   GPU_BENCH_ONLY=1 GPU_BENCH_PARTS=scoring ...   # the build it needs, parity on cuda, graphs against eager passes,
#                                                  # mask counts on cuda, the fused kernels and Taylor scores on
#                                                  # cuda against LibTorch and transformers,
#                                                  # bench/gpu_bench.py (GPU_BENCH_ENTRIES=bert-large,gpt2-xl/bf16,...: those
#                                                  # scoring entries alone; GPU_BENCH_PROFILE="KEY PRECISION":
#                                                  # the entry --parts profile runs, bert-large bf16 unless given)
#   SKIP_EXPORT_BENCH=1 ...                        # without the export benchmark
#   SKIP_TRAINING=1 ...                            # without the training and pruning-run checks
#   FIXTURES=1 ...                                 # also recompute the fixtures' references with transformers
#   DEEPCUTS=1 ...                                 # only prunescope-cli and tools/reproduce_deepcuts.sh on cuda
#                                                  # (noise, procedure and procedure-vit side by side, seeds in
#                                                  # parallel; SEEDS, EPOCHS, ... as that script takes them;
#                                                  # DEEPCUTS_FROM=folder resumes from results already made;
#                                                  # DEEPCUTS_SPLIT=1 runs each method in processes of its own
#                                                  # (the dense runs made already: DEEPCUTS_FROM),
#                                                  # DEEPCUTS_THREADS CPU threads each, 2 unless given);
#                                                  # carry what the parts read: build/demo-data/wordnet
#                                                  # (noise), build/packages (procedure),
#                                                  # build/demo-data/fashion-mnist (procedure-vit)
#   GROUP_SCALING=1 ...                            # only prunescope-cli and bench/group_scaling.py: Taylor scoring
#                                                  # and a 20-point sweep with --gpus 1, 2, 4, ... up to the host's GPUs
#   KERNEL_BENCH=1 ...                             # only bench/kernels: the gated kernels' variants built with nvcc
#                                                  # and timed, LibTorch's GELU kernels and SDPA backends on the
#                                                  # same shapes, cuBLASLt's algorithms for a BERT pass's products,
#                                                  # the stacked projection's backward with and without a
#                                                  # concatenation (gated-kernel-variants.log, gemm-algorithms.log,
#                                                  # sdpa-backends.log, qkv-backward.log); KERNEL_PARTS="gated gemm"
#                                                  # runs those alone (of gated gemm sdpa qkv)
#   GATED_VARIANT=NAME ...                         # any round but KERNEL_BENCH with that variant of the gated kernels
#                                                  # (bench/kernels/gated_variants.sh; --fastest LOG names the one
#                                                  # a KERNEL_BENCH log found fastest); for a round that times it:
#                                                  # KERNEL_BENCH=1 KERNEL_PARTS=gated OUT=$OUT/k ... ; GATED_VARIANT=$(bash
#                                                  # bench/kernels/gated_variants.sh --fastest $OUT/k/gated-kernel-variants.log)
#                                                  # GPU_BENCH_ONLY=1 GPU_BENCH_ENTRIES=bert-large/bf16 OUT=$OUT/a ...
#   PRUNED_SPEED=1 ...                             # only prunescope-cli: every family's fixture pruned unevenly and
#                                                  # run in PruneScope's runtime on cuda against its masked model
#                                                  # (float32, bfloat16), the export checked by the onnx package, and
#                                                  # bench/profile_pruned.py (where the time goes), and
#                                                  # bench/onnx_speed.py on cuda (against stock transformers too),
#                                                  # the runtime's padded FFN widths on cuda (tst_graph_runner);
#                                                  # PRUNED_FAMILIES="bert gpt2" checks those alone ("": none);
#                                                  # SKIP_PRUNED_BENCH=1: the checks without the benchmarks
#   AB_PATCH=build/ab.patch ...                    # only prunescope-bench-score, built as the tree is and with the
#                                                  # patch taken back out (git diff BEFORE AFTER -- core >
#                                                  # build/ab.patch here, carried), the two taking turns on one
#                                                  # scoring entry with the matmul rate of the same run
#                                                  # (bench/ab_scoring.py; AB_ENTRY=bert-large, AB_PRECISION=bf16,
#                                                  # AB_NAMES="without,with"): what the patch bought, in ab-scoring.md
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build/device-out}
work=build/device-work   # per-tensor outputs stay here; $OUT gets the logs and results
mkdir -p "$out" "$work"
exec > >(tee "$out/device_round.log") 2>&1
# Whatever the round made, also packed in one file, $out/all-results.tar.gz, however the round
# ends (also when stopped by `timeout`): a machine that sends back only a few files, or only
# shallow ones, still returns every result (the DeepCuts runs are hundreds of files, three
# folders deep).
pack() { tar czf "$out/all-results.tar.gz" -C "$out" --exclude=all-results.tar.gz --exclude='*.safetensors' . 2>/dev/null || true; }
trap pack EXIT
trap 'exit 143' TERM

echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
python3 -c 'import torch, transformers; print("torch", torch.__version__, "cuda", torch.version.cuda, "transformers", transformers.__version__)'
if [ -n "${KERNEL_BENCH:-}" ]; then
    status=0
    parts=" ${KERNEL_PARTS:-gated gemm sdpa qkv} "
    if [[ $parts == *" gated "* ]]; then
        echo "== the gated kernels' variants (registers, spills, times) and LibTorch's kernels on the same shapes"
        bash bench/kernels/gated_variants.sh > "$out/gated-kernel-variants.log" 2>&1 || status=1
        cat "$out/gated-kernel-variants.log"
    fi
    if [[ $parts == *" gemm "* ]]; then
        echo "== cuBLASLt's algorithms for a BERT pass's products, dense and pruned, against the heuristic's first (LibTorch's)"
        bash bench/kernels/gemm_algos.sh > "$out/gemm-algorithms.log" 2>&1 || status=1
        grep -vE "algorithm +[0-9]+ \(" "$out/gemm-algorithms.log"
    fi
    if [[ $parts == *" sdpa "* ]]; then
        echo "== scaled-dot-product attention: LibTorch's backends on BERT-large's shapes"
        python3 bench/kernels/sdpa_backends.py 2>/dev/null | tee "$out/sdpa-backends.log" || status=1
    fi
    if [[ $parts == *" qkv "* ]]; then
        echo "== the stacked query/key/value projection's backward: with autograd's concatenation and without"
        python3 bench/kernels/qkv_backward.py 2>/dev/null | tee "$out/qkv-backward.log" || status=1
    fi
    exit $status
fi
echo "== build (core, prunescope-cli and the core test suites)"
# GATED_VARIANT=NAME: the build made with that variant of the gated kernels
# (bench/kernels/gated_variants.sh) written into their sources, so that the checks and the
# benchmarks run it; the sources as they were come back when the round ends, however it ends.
if [ -n "${GATED_VARIANT:-}" ]; then
    kept=$(mktemp -d)
    cp core/models/gated_units.cu core/models/fused_kernels_launch.h "$kept/"
    trap 'cp "$kept/gated_units.cu" "$kept/fused_kernels_launch.h" core/models/ && rm -rf "$kept"; pack' EXIT
    bash bench/kernels/gated_variants.sh --apply "$GATED_VARIANT" || exit 1
    echo "the gated kernels' variant $GATED_VARIANT"
fi
# The suites need Qt 6 Core and Test. A server without them gets the build machine's, packed
# by tools/device/qt_bundle.sh and carried here as build/qt-bundle.tar.xz.
source tools/device/qt_prefix.sh
start=$(date +%s)
configure_cuda > "$out/configure.log" 2>&1 \
    || { tail -40 "$out/configure.log"; echo "(no Qt 6 here: bash tools/device/qt_bundle.sh on the build machine, carry build/qt-bundle.tar.xz)"; exit 1; }
cmake --build --preset cuda -j "$(nproc)" ${GPU_BENCH_ONLY:+--target prunescope-cli prunescope-bench-score prunescope-bench-compare tst_scores tst_compare} \
    ${DEEPCUTS:+--target prunescope-cli} ${PRUNED_SPEED:+--target prunescope-cli tst_graph_runner} ${GROUP_SCALING:+--target prunescope-cli} \
    ${AB_PATCH:+--target prunescope-bench-score} \
    > "$out/build.log" 2>&1 \
    || { grep -E -m3 -A8 "error|FAILED" "$out/build.log"; exit 1; }
echo "built in $(( $(date +%s) - start )) s"
cli=build/cuda/app/prunescope-cli

status=0
if [ -n "${DEEPCUTS:-}" ]; then
    echo "== DeepCuts on cuda (tools/reproduce_deepcuts.sh: the noise scans and both procedures side by side)"
    mkdir -p "$out/deepcuts"
    [ -z "${DEEPCUTS_FROM:-}" ] || cp -r "$DEEPCUTS_FROM"/. "$out/deepcuts/"
    pids=()
    # Each part, and with DEEPCUTS_SPLIT=1 each method of a procedure, in processes of its own
    # (seeds side by side too): the demo models leave the card mostly idle, so the runs share it.
    all_methods=${METHODS:-magnitude taylor cam-cut smooth-cut}
    for part in ${DEEPCUTS_PARTS:-noise procedure procedure-vit}; do
        groups=all
        [ -z "${DEEPCUTS_SPLIT:-}" ] || [ "$part" = noise ] || groups=$all_methods
        for group in $groups; do
            methods=$all_methods
            [ "$group" = all ] || methods=$group
            OMP_NUM_THREADS=${DEEPCUTS_THREADS:-2} METHODS="$methods" CLI=$cli DEVICE=cuda PARALLEL=1 OUT="$out/deepcuts" \
                bash tools/reproduce_deepcuts.sh "$part" > "$out/deepcuts-$part-$group.log" 2>&1 &
            pids+=($!)
        done
    done
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    tail -n 3 "$out"/deepcuts-*.log
    python3 tools/deepcuts_table.py "$out/deepcuts" || status=1
    exit $status
fi
if [ -n "${AB_PATCH:-}" ]; then
    echo "== prunescope-bench-score without and with $AB_PATCH, taking turns (bench/ab_scoring.py)"
    before=/tmp/prunescope-before
    rm -rf "$before" && mkdir -p "$before"
    tar -cf - --exclude=./build --exclude=./.git . | tar -xf - -C "$before"
    patch -R -p1 -s -d "$before" < "$AB_PATCH" || { echo "$AB_PATCH does not come back out of this tree"; exit 1; }
    (cd "$before" && configure_cuda > /dev/null \
        && cmake --build --preset cuda -j "$(nproc)" --target prunescope-bench-score > "$out/build-without.log" 2>&1) \
        || { echo "the build without the patch failed ($out/build-without.log)"; exit 1; }
    python3 bench/ab_scoring.py --a "$before/build/cuda/bench/prunescope-bench-score" \
        --b build/cuda/bench/prunescope-bench-score --names "${AB_NAMES:-without,with}" --entry "${AB_ENTRY:-bert-large}" \
        --precision "${AB_PRECISION:-bf16}" --work /tmp/prunescope-ab --out "$out/ab-scoring.md" || status=1
    exit $status
fi
if [ -n "${GROUP_SCALING:-}" ]; then
    gpus=$(nvidia-smi --query-gpu=name --format=csv,noheader | wc -l)
    counts=1
    for ((n = 2; n <= gpus; n *= 2)); do counts+=,$n; done
    echo "== a group of processes on $gpus GPU(s): --gpus $counts"
    PYTHONUNBUFFERED=1 python3 bench/group_scaling.py --cli "$cli" --device cuda --processes "$counts" \
        --repeats "${REPEATS:-5}" --work /tmp/prunescope-groups --out "$out/group-scaling.md" || status=1
    exit $status
fi
# The runtime's widths on cuda, with their figures (ctest prints none for a suite that passes).
padded_widths() {
    echo "== FFN widths of no multiple of 8 padded by the runtime in bfloat16 (and kept where other steps read them), on cuda against the masked models and float64"
    QT_QPA_PLATFORM=offscreen build/cuda/tests/tst_graph_runner runtimePadsUnalignedWidths runtimeKeepsWidthsOthersRead \
        > "$work/padding.log" 2>&1 || status=1
    grep -E "zero units|tolerance|PASS|FAIL|Totals" "$work/padding.log" || true
}
if [ -n "${PRUNED_SPEED:-}" ]; then
    echo "== pruned models in PruneScope's runtime on cuda against their masked models (half the heads and neurons of each layer)"
    for family in ${PRUNED_FAMILIES-bert roberta distilbert gpt2 llama qwen2 mistral vit}; do
        m=tests/data/hf/$family
        "$cli" score --model "$m" --method magnitude --granularity head,neuron --out "$work/$family-scores.safetensors" \
            --force > /dev/null 2>&1 || status=1
        "$cli" mask --scores "$work/$family-scores.safetensors" --granularity head,neuron --sparsity 0.5 --scope layer \
            --out "$work/$family-mask.safetensors" --force > /dev/null 2>&1 || status=1
        for dtype in float32 bfloat16; do
            "$cli" export --model "$m" --mask "$work/$family-mask.safetensors" --out "$work/$family-onnx" --mode onnx \
                --measure --repeats 5 --device cuda --measure-dtype "$dtype" --force --json \
                > "$work/$family-$dtype.json" 2> "$work/$family-$dtype.log" || { status=1; tail -3 "$work/$family-$dtype.log"; }
            python3 -c "import json,sys; r=json.load(open(sys.argv[1])); t=r['onnx_timings']; print(f'{sys.argv[2]:10} {sys.argv[3]:8}: pruned vs masked {t[0][\"runtime_difference\"][\"max\"]:.2e} (tolerance {t[0][\"runtime_difference\"][\"tolerance\"]:.1e}), speed-up ' + ', '.join(f'batch {x[\"batch\"]} {x[\"speedup\"]:.2f}x' for x in t) + f'; {t[0][\"runtime\"]}')" \
                "$work/$family-$dtype.json" "$family" "$dtype" || status=1
        done
        python3 -c "import onnx,sys; onnx.checker.check_model(sys.argv[1], full_check=True); import onnxruntime as ort; ort.InferenceSession(sys.argv[1]); print(f'{sys.argv[2]:10} model.onnx: onnx {onnx.__version__} checker and shape inference passed, loads in onnxruntime {ort.__version__}')" \
            "$work/$family-onnx/model.onnx" "$family" || status=1
    done
    padded_widths
    [ -z "${SKIP_PRUNED_BENCH:-}" ] || exit $status   # SKIP_PRUNED_BENCH=1: the families' checks alone
    # bfloat16 first (the target), then where its time goes, then float32
    for dtype in bfloat16 float32; do
        echo "== BERT-base shapes: dense against pruned in PruneScope's runtime, and stock transformers, on cuda ($dtype)"
        PYTHONUNBUFFERED=1 python3 bench/onnx_speed.py --cli "$cli" --device cuda --measure-dtype "$dtype" --aligns 1,8 \
            --repeats "${REPEATS:-20}" --work /tmp/prunescope-pruned-speed --out "$out/pruned-speed-$dtype.md" || status=1
        [ "$dtype" = bfloat16 ] || continue
        echo "== where a BERT-base pass's time goes, dense and pruned, and what fusions would buy (bench/profile_pruned.py)"
        python3 bench/profile_pruned.py > "$out/pruned-profile-bfloat16.txt" 2>&1 || status=1
        grep -E "speed-up|kernels, runner" "$out/pruned-profile-bfloat16.txt" || true
    done
    exit $status
fi
gpu_bench() {
    echo "== GPU speed against the Python stack (bench/gpu_bench.py: matmul rate, scoring, Smooth-Cut, comparison)"
    # One results file per kind of card (gpu-speed-h200, gpu-speed-h100, ...): rows of one
    # card are never written beside another's.
    local card
    card=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1 | grep -oiE '[a-z][0-9]{2,3}' | head -1 | tr 'A-Z' 'a-z')
    cp "bench/results/gpu-speed-${card:-gpu}.json" "$out/" 2>/dev/null || true   # the parts not run now keep their rows
    PYTHONUNBUFFERED=1 python3 bench/gpu_bench.py --bench build/cuda/bench/prunescope-bench-score --cli "$cli" \
        --work /tmp/prunescope-gpu-bench --out "$out/gpu-speed-${card:-gpu}.md" ${GPU_BENCH_PARTS:+--parts "$GPU_BENCH_PARTS"} \
        ${GPU_BENCH_ENTRIES:+--entries "$GPU_BENCH_ENTRIES"} ${GPU_BENCH_PROFILE:+--profile "$GPU_BENCH_PROFILE"} \
        || status=1
}
if [ -n "${GPU_BENCH_ONLY:-}" ]; then
    echo "== parity with the transformers references on cuda, before the speed is worth anything"
    for family in bert gpt2 clip roberta distilbert vit llama qwen2 mistral; do
        "$cli" verify --model "tests/data/hf/$family" --reference "tests/data/hf/$family/reference.safetensors" \
            --device cuda --json > "$work/verify-$family-cuda.json" || status=1
        python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f'{sys.argv[2]:10} cuda: {r[\"compared\"]} tensors, max rel_err {r[\"max_rel_err\"]:.3e} ({r[\"worst\"]})')" \
            "$work/verify-$family-cuda.json" "$family" || status=1
    done
    echo "== scores of replayed CUDA graphs against eager passes"
    QT_QPA_PLATFORM=offscreen build/cuda/tests/tst_scores graphedPassesMatchEager > "$work/graphs.log" 2>&1 || status=1
    grep -E "graphed vs|PASS|FAIL|SKIP|Totals" "$work/graphs.log"
    echo "== the fused kernels on cuda against LibTorch (the runtime's addLayerNorm too), split float32 products (tf32x3) against float64 and through every family's parity check, pass weights against casts in each pass; Taylor scores on cuda against transformers"
    QT_QPA_PLATFORM=offscreen build/cuda/tests/tst_scores gatedUnitsMatchLibTorch residualLayerNormMatchesLibTorch \
        addLayerNormMatchesLibTorch splitFloat32ProductsMatchFloat64 splitFloat32ProductsKeepParity weightTermsMatchLibTorch \
        passWeightsMatchCastWeights taylorMatchesReferenceGradients > "$work/fused.log" 2>&1 || status=1
    grep -E "tolerance|vs transformers|weights vs|split products|rel_err|PASS|FAIL|SKIP|Totals" "$work/fused.log"
    echo "== mask pair counts on cuda (its kernel; products past 16 masks), against counting"
    QT_QPA_PLATFORM=offscreen build/cuda/tests/tst_compare wideMasksAgainstCounting > "$work/compare.log" 2>&1 || status=1
    grep -E "IoU|PASS|FAIL|Totals" "$work/compare.log"
    gpu_bench
    exit $status
fi
echo "== the core test suites, on this machine (cuda LibTorch)"
start=$(date +%s)
# A call's working tree is limited in size, so the demo's models and study may stay behind:
# then tst_demo and tst_cli's helpExamplesRunAsWritten (the demo's commands) are left out
# and named, and tst_cli's other functions run on their own. CI runs both on the CPU.
demo_left=()
for f in resources/models/demo-gpt2/model.safetensors resources/models/demo-clip/model.safetensors \
    resources/demo/study/study.json resources/demo/vit-study/study.json; do
    [ -f "$f" ] || demo_left+=("$f")
done
left_out=()
[ ${#demo_left[@]} -eq 0 ] || left_out=(-E '^(tst_demo|tst_cli)$')
ctest --preset cuda -j 8 --timeout 600 "${left_out[@]}" > "$out/ctest.log" 2>&1 || status=1
grep -E "tests passed|tests failed|\*\*\*Failed|Not Run|Timeout" "$out/ctest.log" || tail -20 "$out/ctest.log"
if [ ${#demo_left[@]} -gt 0 ]; then
    echo "left out, the demo's files not in this copy (${demo_left[*]}): tst_demo, tst_cli helpExamplesRunAsWritten"
    cli_functions=$(build/cuda/tests/tst_cli -functions | sed 's/()$//' | grep -vx helpExamplesRunAsWritten)
    # shellcheck disable=SC2086 # one argument a function
    QT_QPA_PLATFORM=offscreen build/cuda/tests/tst_cli $cli_functions > "$work/cli.log" 2>&1 || status=1
    grep -E "^FAIL|^Totals" "$work/cli.log" | sed 's/^/tst_cli, the rest: /' || tail -20 "$work/cli.log"
fi
echo "suites ran in $(( $(date +%s) - start )) s"
padded_widths
[ -z "${SUITES_ONLY:-}" ] || exit $status   # SUITES_ONLY=1: the build and the suites alone
echo "== parity with the transformers references"
for family in bert gpt2 clip roberta distilbert vit llama qwen2 mistral; do
    for device in cuda cpu; do
        if "$cli" verify --model "tests/data/hf/$family" --reference "tests/data/hf/$family/reference.safetensors" \
                --device "$device" --json > "$work/verify-$family-$device.json"; then
            verdict=ok
        else
            verdict=FAILED; status=1
        fi
        python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f'{sys.argv[2]:10} {sys.argv[3]:5} {sys.argv[4]}: {r[\"compared\"]} tensors, max rel_err {r[\"max_rel_err\"]:.3e} ({r[\"worst\"]})')" \
            "$work/verify-$family-$device.json" "$family" "$device" "$verdict"
    done
    "$cli" forward --model "tests/data/hf/$family" --inputs "tests/data/hf/$family/reference.safetensors" \
        --out "$work/forward-$family-cuda.safetensors" --device cuda --labels
    "$cli" forward --model "tests/data/hf/$family" --inputs "tests/data/hf/$family/reference.safetensors" \
        --out "$work/forward-$family-cpu.safetensors" --device cpu --labels
done

echo "== scores computed on the GPU against the CPU's"
# magnitude must match bit for bit; taylor sums gradients in another order on each device:
# float32 rounding over a few hundred terms per weight, well within 1e-5 relative.
for family in bert gpt2 llama; do
    for method in magnitude taylor; do
        for device in cuda cpu; do
            "$cli" score --model "tests/data/hf/$family" --method "$method" --granularity weight --data \
                "tests/data/hf/$family/reference.safetensors" --device "$device" --force \
                --out "$work/scores-$family-$method-$device.safetensors" 2>/dev/null || status=1
        done
        python3 - "$work/scores-$family-$method" "$family $method" "$( [ "$method" = magnitude ] && echo 0 || echo 1e-5 )" <<'PY' || status=1
import sys
from safetensors.torch import load_file
gpu, cpu = (load_file(f"{sys.argv[1]}-{d}.safetensors") for d in ("cuda", "cpu"))
assert gpu.keys() == cpu.keys(), "different tensors"
worst = max(float((gpu[k].double() - cpu[k].double()).norm() / max(cpu[k].double().norm(), 1e-30)) for k in gpu)
print(f"{sys.argv[2]}: {len(gpu)} tensors, cuda against cpu max relative difference {worst:.2e} (tolerance {sys.argv[3]})")
sys.exit(0 if worst <= float(sys.argv[3]) else 1)
PY
    done
done

echo "== cuda against cpu, and against transformers run here"
python3 tools/device/check_transformers.py "$work" || status=1

if [ -n "${FIXTURES:-}" ]; then
    echo "== the fixtures' references recomputed by transformers from their checkpoints and inputs"
    python3 tools/device/make_reference_fixtures.py --check tests/data/hf > "$out/fixtures-check.log" 2>&1 || status=1
    grep -v "^  " "$out/fixtures-check.log" || true   # per family: the largest errors, and what failed
fi

if [ -z "${SKIP_EXPORT_BENCH:-}" ]; then
    echo "== shrunk exports in stock transformers: loading, agreement, speed"
    PYTHONUNBUFFERED=1 python3 bench/export_vs_transformers.py --cli "$cli" --work /tmp/prunescope-export \
        --out "$out/export-speed.md" ${EXPORT_BENCH_ARGS:-} || status=1
fi

echo "== Wanda against a direct PyTorch computation (decoder fixtures and a mid-size Llama)"
python3 tools/device/wanda_check.py "$cli" "$work/llm-checks" || status=1
echo "== SparseGPT against a straightforward PyTorch implementation (GPT-2 and decoder fixtures, a mid-size Llama)"
python3 tools/device/sparsegpt_check.py "$cli" "$work/llm-checks" || status=1

if [ -z "${SKIP_TRAINING:-}" ]; then
echo "== training on cuda: bf16 autocast, movement pruning, GUM, redundancy"
for precision in fp32 bf16; do
    "$cli" train --model tests/data/hf/bert --data tests/data/hf/bert/reference.safetensors \
        --validation tests/data/hf/bert/reference.safetensors --out "$work/train-bert-$precision" --max-steps 20 \
        --batch-size 64 --lr 1e-3 --eval-every 5 --device cuda --precision "$precision" --json \
        > "$work/train-bert-$precision.json" 2> "$work/train-bert-$precision.log" || status=1
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f'bert {sys.argv[2]}: {r[\"steps\"]} steps, best {r[\"primary\"]} {r[\"best\"]} at step {r[\"best_step\"]}')" \
        "$work/train-bert-$precision.json" "$precision" || status=1
    grep -o "loss [0-9.]*" "$work/train-bert-$precision.log" | sed -n '1p;$p' | tr '\n' ' '; echo
done
"$cli" train --model tests/data/hf/gpt2 --data tests/data/hf/gpt2/reference.safetensors --validation-fraction 0 \
    --out "$work/train-gpt2-gum" --max-steps 12 --movement gum --final-keep 0.5 --device cuda --precision bf16 \
    2> "$work/train-gpt2-gum.log" || status=1
tail -c 300 "$work/train-gpt2-gum.log"; echo
"$cli" train --model tests/data/hf/clip --data tests/data/hf/clip/reference.safetensors --validation-fraction 0 \
    --out "$work/train-clip-movement" --max-steps 12 --movement hard --granularity weight --final-keep 0.3 \
    --device cuda 2> "$work/train-clip-movement.log" || status=1
tail -c 200 "$work/train-clip-movement.log"; echo
for device in cuda cpu; do
    "$cli" redundancy --model tests/data/hf/gpt2 --data tests/data/hf/gpt2/reference.safetensors --device "$device" \
        --json > "$work/redundancy-$device.json" 2>/dev/null || status=1
done
python3 -c "
import json, sys
a, b = (json.load(open(f'$work/redundancy-{d}.json'))['layers'] for d in ('cuda', 'cpu'))
worst = max(abs(x[k] - y[k]) / max(1e-12, abs(y[k])) for x, y in zip(a, b) for k in ('uniqueness', 'mean_sensitivity'))
print(f'redundancy cuda vs cpu: max relative difference {worst:.2e}')
sys.exit(0 if worst < 1e-3 else 1)" || status=1

bash tools/device/pruning_check.sh "$cli" "$work" || status=1
fi

[ -n "${SKIP_GPU_BENCH:-}" ] || gpu_bench

echo "== load benchmark"
"$cli" --help > /dev/null
for device in cpu cuda; do
    build/cuda/bench/prunescope-bench-load --device "$device" tests/data/hf/{bert,gpt2,clip,roberta,distilbert,vit,llama,qwen2,mistral}
done
exit $status
