#!/usr/bin/env bash
# DeepCuts on the demo models (docs/reproduction.md, "DeepCuts"), on the CPU or a GPU:
#   noise  Smooth-Cut against Taylor as its noise grows (prunescope-cli sigma-scan) on the
#          WordNet task the demo BERT was trained on: scored on validation glosses, evaluated
#          on test glosses, absolute and relative sigma (NOISE_KINDS="relative": one of them).
#   procedure  DeepCuts' whole procedure (train --prune deepcuts) from the demo BERT to a task it
#          was never trained on, Debian package descriptions by archive section (a new head):
#          fine-tune dense, score once, prune within each matrix, rewind, fine-tune masked;
#          magnitude, taylor, cam-cut (shift 10) and smooth-cut at 64, 85 and 91 % for each seed,
#          and plain fine-tuning as the dense reference. Every run is evaluated on the test split.
#   procedure-vit  the same procedure on the demo ViT and Fashion-MNIST, its own task (no other
#          image data is at hand): fine-tune on the 54,000 training images, rewind to the demo
#          ViT, evaluate on the 10,000 test images. Results in $OUT/vit.
# Results go to $OUT (build/deepcuts); tools/deepcuts_table.py makes the tables from them.
# PARALLEL=1 runs the seeds side by side (a GPU server has the cores for it). The trained
# checkpoints are removed once evaluated unless KEEP_MODELS=1.
#
#   bash tools/reproduce_deepcuts.sh noise|procedure|procedure-vit|all
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
cli=${CLI:-build/default/app/prunescope-cli}
out=${OUT:-build/deepcuts}
model=resources/models/demo-bert
wordnet=${WORDNET:-build/demo-data/wordnet}
fashion=${FASHION:-build/demo-data/fashion-mnist}
packages=${PACKAGES:-build/packages}
device=${DEVICE:-auto}
seeds=${SEEDS:-0 1}
sparsities=${SPARSITIES:-0.64 0.85 0.91}
methods=${METHODS:-magnitude taylor cam-cut smooth-cut}
epochs=${EPOCHS:-2}
examples=${EXAMPLES:-1024}     # noise: glosses scored and evaluated
samples=${SAMPLES:-10}         # noise: Smooth-Cut's noisy passes K (the authors': 10)
score_examples=${SCORE_EXAMPLES:-320}
mkdir -p "$out"
# Whether the part asked for is this one (or all). Each part prepares only the data it
# reads (a GPU server carries what its parts need).
needs() { [ "$what" = all ] || [ "$what" = "$1" ]; }
{ needs noise && [ ! -f "$wordnet/test.tsv" ]; } || { needs procedure-vit && [ ! -f "$fashion/test/test-images-idx3-ubyte.gz" ]; } \
    && python3 tools/prepare_demo_data.py --out "$(dirname "$wordnet")"
! needs procedure || [ -f "$packages/train.tsv" ] || python3 tools/prepare_package_data.py --out "$packages"

if needs noise; then
    for kind in ${NOISE_KINDS:-absolute relative}; do
        if [ "$kind" = absolute ]; then sigmas=1e-4,1e-3,1e-2,0.1,1; else sigmas=0.01,0.03,0.1,0.3,1; fi
        "$cli" sigma-scan --model "$model" --data "$wordnet/validation.tsv" --eval-data "$wordnet/test.tsv" \
            --max-examples "$examples" --max-length 32 --samples "$samples" --sigmas "$sigmas" --relative-sigma "$([ $kind = relative ] && echo true || echo false)" \
            --sparsities 0.64,0.85,0.91 --device "$device" --out-dir "$out/noise-$kind" --force --json \
            > "$out/noise-$kind.json"
    done
fi

# One seed of the procedure: plain fine-tuning, then every method at every sparsity.
#   procedure_seed OUT MODEL TEST SEED RECIPE...
procedure_seed() {
    local folder=$1 start=$2 test=$3 seed=$4 run sparsity method
    shift 4
    evaluate() {   # then the checkpoint goes, unless KEEP_MODELS=1: its results are what is kept
        "$cli" eval --model "$1" --data "$test" --device "$device" --json > "$1.test.json"
        [ -n "${KEEP_MODELS:-}" ] || rm -rf "$1"
    }
    run=$folder/dense-seed$seed
    [ -s "$run.test.json" ] || { "$cli" train --model "$start" "$@" --seed "$seed" --out "$run" --force --json \
                                   > "$run.json" && evaluate "$run"; }
    for sparsity in $sparsities; do
        for method in $methods; do
            run=$folder/$method-$sparsity-seed$seed
            [ -s "$run.test.json" ] && continue   # done (an empty one was cut off: run again)
            "$cli" train --model "$start" "$@" --seed "$seed" --prune deepcuts --score "$method" \
                --sparsity "$sparsity" --score-examples "$score_examples" --out "$run" --force --json > "$run.json"
            evaluate "$run"
        done
    done
}

# Every seed, one after the other or (PARALLEL=1) side by side; fails if any seed failed.
procedure() {
    local seed failed=0 pids=()
    for seed in $seeds; do
        if [ -n "${PARALLEL:-}" ]; then
            procedure_seed "$1" "$2" "$3" "$seed" "${@:4}" > "$1/seed$seed-${methods// /-}.log" 2>&1 &
            pids+=($!)
        else
            procedure_seed "$1" "$2" "$3" "$seed" "${@:4}"
        fi
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    return $failed
}

if needs procedure; then
    procedure "$out" "$model" "$packages/test.tsv" --data "$packages/train.tsv" --new-head --epochs "$epochs" \
        --batch-size 32 --lr 1e-4 --max-length 32 --device "$device"
fi

if needs procedure-vit; then
    mkdir -p "$out/vit"
    procedure "$out/vit" resources/models/demo-vit "$fashion/test/test-images-idx3-ubyte.gz" \
        --data "$fashion/train/train-images-idx3-ubyte.gz" \
        --validation "$fashion/validation/validation-images-idx3-ubyte.gz" --epochs "${VIT_EPOCHS:-1}" --batch-size 256 --lr 5e-4 \
        --device "$device"
fi
