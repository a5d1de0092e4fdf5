#!/usr/bin/env bash
# DeepCuts on the demo BERT (docs/reproduction.md, "DeepCuts"), on the CPU or a GPU:
#   noise  Smooth-Cut against Taylor as its noise grows (prunescope-cli sigma-scan) on the
#          WordNet task the demo BERT was trained on: scored on validation glosses, evaluated
#          on test glosses, absolute and relative sigma.
#   procedure  DeepCuts' whole procedure (train --prune deepcuts) from the demo BERT to a task it
#          was never trained on, Debian package descriptions by archive section (a new head):
#          fine-tune dense, score once, prune within each matrix, rewind, fine-tune masked;
#          magnitude, taylor, cam-cut (shift 10) and smooth-cut at 64, 85 and 91 % for each seed,
#          and plain fine-tuning as the dense reference. Every run is evaluated on the test split.
# Results go to $OUT (build/deepcuts); tools/deepcuts_table.py makes the tables from them.
#
#   bash tools/reproduce_deepcuts.sh noise|procedure|all
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
cli=${CLI:-build/default/app/prunescope-cli}
out=${OUT:-build/deepcuts}
model=resources/models/demo-bert
wordnet=${WORDNET:-build/demo-data/wordnet}
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
[ -f "$wordnet/test.tsv" ] || python3 tools/prepare_demo_data.py --out "$(dirname "$wordnet")"
[ -f "$packages/train.tsv" ] || python3 tools/prepare_package_data.py --out "$packages"

if [ "$what" = noise ] || [ "$what" = all ]; then
    for kind in absolute relative; do
        if [ "$kind" = absolute ]; then sigmas=1e-4,1e-3,1e-2,0.1,1; else sigmas=0.01,0.03,0.1,0.3,1; fi
        "$cli" sigma-scan --model "$model" --data "$wordnet/validation.tsv" --eval-data "$wordnet/test.tsv" \
            --max-examples "$examples" --max-length 32 --samples "$samples" --sigmas "$sigmas" --relative-sigma "$([ $kind = relative ] && echo true || echo false)" \
            --sparsities 0.64,0.85,0.91 --device "$device" --out-dir "$out/noise-$kind" --force --json \
            > "$out/noise-$kind.json"
    done
fi

if [ "$what" = procedure ] || [ "$what" = all ]; then
    recipe=(--data "$packages/train.tsv" --new-head --epochs "$epochs" --batch-size 32 --lr 1e-4 --max-length 32
            --device "$device")
    evaluate() {
        "$cli" eval --model "$1" --data "$packages/test.tsv" --max-length 32 --device "$device" --json > "$1.test.json"
    }
    for seed in $seeds; do
        run=$out/dense-seed$seed
        [ -f "$run.test.json" ] || { "$cli" train --model "$model" "${recipe[@]}" --seed "$seed" --out "$run" --force --json \
                                       > "$run.json" && evaluate "$run"; }
        for sparsity in $sparsities; do
            for method in $methods; do
                run=$out/$method-$sparsity-seed$seed
                [ -f "$run.test.json" ] && continue
                "$cli" train --model "$model" "${recipe[@]}" --seed "$seed" --prune deepcuts --score "$method" \
                    --sparsity "$sparsity" --score-examples "$score_examples" --out "$run" --force --json > "$run.json"
                evaluate "$run"
            done
        done
    done
fi
