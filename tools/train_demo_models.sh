#!/usr/bin/env bash
# The demo models and the demo study, made by PruneScope itself on a GPU server from the
# data that tools/prepare_demo_data.py makes out of Debian packages (build/demo-data,
# carried along). Stages, all of them when none is named:
#   bert       WordPiece vocabulary, masked-LM pre-training on the glosses, fine-tuning on
#              their 41 lexicographer classes
#   gpt2       byte-level BPE vocabulary and causal-LM training on the glosses
#   clip       CLIP trained on Fashion-MNIST against prompts made from the class names
#   vit        a ViT classifier trained on Fashion-MNIST
#   vit-study  the image demo study (resources/demo/vit-study) on the demo ViT: scores, head
#              masks, sweeps and patch attributions on the shipped Fashion-MNIST sample
#   reproduce  one-shot neuron pruning (random, magnitude, taylor, cam-cut, smooth-cut) against
#              movement and GUM trained at four sparsities, on the demo BERT and GPT-2, with
#              the redundancy of their masks (docs/reproduction.md)
#   retrain    random, magnitude and taylor neuron masks at the same four sparsities, each
#              followed by the same extra training as movement and GUM (train --mask), so
#              that one-shot pruning and the learned masks meet on equal terms
#   study      the demo study (resources/demo/study) on the demo BERT, with reproduce's 50 %
#              movement and GUM runs in it
#   methods    weight pruning at 50, 70 and 90 %: one-shot magnitude and taylor, both retrained
#              under their masks, IMP with rewind, Instant Soup Pruning and Adapting by Pruning;
#              N:M patterns (4:8, 2:8, 1:8) by ADMM and SR-STE against one-shot N:M magnitude
#              retrained; ablations of ADMM's rho and AbP's push; every run on the same budget
#              of steps, with the compute each spent
#              (docs/reproduction-methods.md); METHOD_STEPS sets the budget (600),
#              METHOD_JOBS how many pieces share the GPU at once (1); a run in parts:
#              METHOD_PARTS="weights patterns ablations", METHOD_SPARSITIES="0.9 0.7 0.5",
#              RESUME=1 adds to the results so far instead of starting again
# Each model is evaluated on its test split, stored as float16 and evaluated again.
# Results, logs and tarballs of the models and the study land in $OUT (or build/demo-models).
#
#   bash tools/train_demo_models.sh [bert] [gpt2] [clip] [vit] [reproduce] [retrain] [study] [vit-study] [methods]
#   FAMILIES=gpt2 bash tools/train_demo_models.sh reproduce     (one model's reproduction)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build/demo-models}
data=${DATA:-build/demo-data}
work=build/demo-work
stages=${*:-bert gpt2 clip vit reproduce retrain study vit-study methods}
mkdir -p "$out" "$work"
exec > >(tee -a "$out/train_demo_models.log") 2>&1
[ -f "$data/manifest.json" ] || { echo "$data: no demo data; run tools/prepare_demo_data.py first"; exit 1; }

# CLI=path and DEVICE=cpu try a stage on a machine without a GPU (with a tiny METHOD_STEPS).
if [ -z "${CLI:-}" ]; then
    if [ ! -x build/cuda/app/prunescope-cli ]; then
        source tools/device/qt_prefix.sh   # LibTorch, and Qt from build/qt-bundle.tar.xz where the server has none
        configure_cuda > "$work/configure.log" 2>&1
    fi
    cmake --build --preset cuda -j "$(nproc)" --target prunescope-cli 2>&1 | tail -1
fi
cli=${CLI:-build/cuda/app/prunescope-cli}
device=${DEVICE:-cuda}
py="python3 tools/device/demo_models.py"
wordnet=$data/wordnet
fashion=$data/fashion-mnist
machine="$(nvidia-smi --query-gpu=name --format=csv,noheader 2> /dev/null | head -1 || echo "no GPU"), LibTorch \
$(python3 -c 'import torch; print(torch.__version__)' 2> /dev/null || echo "of the system")"
echo "$machine"

# train NAME CLI-ARGUMENTS...: timed, its log in $work/NAME.log, the last evaluations shown.
train() {
    local name=$1 start
    shift
    start=$(date +%s)
    "$cli" train "$@" --device cuda --precision bf16 --json 2> "$work/$name.log" > "$work/$name.json"
    echo "$name: $(( $(date +%s) - start )) s; $(grep "validation:" "$work/$name.log" | tail -1)"
}

# finish NAME DIR EVAL-ARGUMENTS...: the test split in float32, the float16 copy in
# $work/demo-NAME with test-metrics.json.
finish() {
    local name=$1 model=$2
    shift 2
    "$cli" eval --model "$model" "$@" --device cuda --json > "$work/$name-test-fp32.json" 2> "$work/$name-eval.log"
    rm -rf "$work/demo-$name"
    $py half --model "$model" --out "$work/demo-$name"
    "$cli" eval --model "$work/demo-$name" "$@" --device cuda --json > "$work/$name-test.json" 2>> "$work/$name-eval.log"
    python3 - "$work/$name-test-fp32.json" "$work/$name-test.json" "$work/demo-$name/test-metrics.json" "$machine" <<'PY'
import json, sys, datetime
fp32, fp16 = (json.load(open(p)) for p in sys.argv[1:3])
json.dump({"machine": sys.argv[4], "date": datetime.date.today().isoformat(), "examples": fp16["examples"],
           "float32": fp32["metrics"], "float16 (as stored)": fp16["metrics"]}, open(sys.argv[3], "w"), indent=1)
print(f"test, float32: {fp32['metrics']}\ntest, float16: {fp16['metrics']}")
PY
    du -sh "$work/demo-$name"
}

# pack NAME: $work/demo-NAME as a tarball in $OUT.
pack() {
    tar -C "$work" -cf "$out/demo-$1.tar" "demo-$1"
}

# The model, data and training length of a family's reproduction, and its folder $r.
reproduction_settings() {
    if [ "$1" = bert ]; then
        model=${BERT:-resources/models/demo-bert}; train_data=$wordnet/train.tsv; validation=$wordnet/validation.tsv
        test=$wordnet/test.tsv; steps="--epochs 1 --batch-size 64 --lr 1e-4"
    else
        model=${GPT2:-resources/models/demo-gpt2}; train_data=$wordnet/glosses-train.txt
        validation=$wordnet/glosses-validation.txt; test=$wordnet/glosses-test.txt
        steps="--epochs 2 --batch-size 64 --lr 5e-4"
    fi
    [ -f "$model/config.json" ] || { echo "$model: no demo model"; exit 1; }
    r=$work/reproduce-$1
}

# The primary metric of an evaluation's JSON, as "name value".
primary() {
    python3 -c "import json, sys; e = json.load(open(sys.argv[1])); print(e['primary'], e['metrics'][e['primary']])" "$1"
}

# Every family's results so far (a model's reproduction may come from an earlier run).
pack_reproduction() {
    tar -C "$work" -cf "$(cd "$out" && pwd)/reproduction.tar" --exclude='*.safetensors' --exclude='tokenizer.json' \
        --exclude='vocab*' --exclude='merges.txt' $(cd "$work" && ls -d reproduce-*)
}

for stage in $stages; do
case $stage in
bert)
    echo "== demo BERT"
    rm -rf "$work/bert-"*
    $py bert-init --text "$wordnet/glosses-train.txt" --out "$work/bert-init"
    train bert-mlm --model "$work/bert-init" --data "$wordnet/glosses-train.txt" \
        --validation "$wordnet/glosses-validation.txt" --max-length 64 --out "$work/bert-mlm" --epochs 8 \
        --batch-size 128 --lr 5e-4 --eval-every 250
    $py bert-classifier --mlm "$work/bert-mlm" --classes "$wordnet/classes.txt" --out "$work/bert-classifier-init"
    train bert-classify --model "$work/bert-classifier-init" --data "$wordnet/train.tsv" \
        --validation "$wordnet/validation.tsv" --max-length 64 --out "$work/bert-wordnet" --epochs 4 --batch-size 64 \
        --lr 2e-4 --eval-every 500 --patience 4
    finish bert "$work/bert-wordnet" --data "$wordnet/test.tsv" --max-length 64
    pack bert
    ;;
gpt2)
    echo "== demo GPT-2"
    rm -rf "$work/gpt2-"*
    $py gpt2-init --text "$wordnet/glosses-train.txt" --out "$work/gpt2-init"
    $py check-tokenizer --model "$work/gpt2-init" --text "$wordnet/glosses-test.txt" --cli "$cli"
    train gpt2-lm --model "$work/gpt2-init" --data "$wordnet/glosses-train.txt" \
        --validation "$wordnet/glosses-validation.txt" --max-length 64 --out "$work/gpt2-glosses" --epochs 12 \
        --batch-size 64 --lr 1e-3 --eval-every 200 --patience 4
    finish gpt2 "$work/gpt2-glosses" --data "$wordnet/glosses-test.txt" --max-length 64
    $py unigram --model "$work/demo-gpt2" --train "$wordnet/glosses-train.txt" --test "$wordnet/glosses-test.txt" \
        | tee "$work/demo-gpt2/baselines.json"
    pack gpt2
    ;;
clip)
    echo "== demo CLIP"
    rm -rf "$work/clip-"*
    $py clip-init --tokenizer tests/data/tokenizers/clip-trained --out "$work/clip-init"
    train clip-fashion --model "$work/clip-init" --data "$fashion/train/train-images-idx3-ubyte.gz" \
        --validation "$fashion/validation/validation-images-idx3-ubyte.gz" --classes "$fashion/classes.txt" \
        --max-length 32 --out "$work/clip-fashion" --epochs 8 --batch-size 256 --lr 1e-3 --eval-every 200 --patience 4
    finish clip "$work/clip-fashion" --data "$fashion/test/test-images-idx3-ubyte.gz" --classes "$fashion/classes.txt" \
        --max-length 32
    pack clip
    ;;
vit)
    echo "== demo ViT"
    rm -rf "$work/vit-"*
    $py vit-init --classes "$fashion/classes.txt" --out "$work/vit-init"
    train vit-fashion --model "$work/vit-init" --data "$fashion/train/train-images-idx3-ubyte.gz" \
        --validation "$fashion/validation/validation-images-idx3-ubyte.gz" --out "$work/vit-fashion" --epochs 12 \
        --batch-size 256 --lr 1e-3 --eval-every 200 --patience 5
    finish vit "$work/vit-fashion" --data "$fashion/test/test-images-idx3-ubyte.gz"
    pack vit
    ;;
vit-study)
    echo "== the image demo study"
    study=resources/demo/vit-study
    model=${VIT:-resources/models/demo-vit}
    [ -f "$model/config.json" ] || model=$work/demo-vit
    rm -rf "$study"
    "$cli" study init "$study" --model "$model" --data resources/demo/fashion-mnist/sample-images-idx3-ubyte.gz \
        --device cuda --batch-size 64 --max-examples 500
    "$cli" study score "$study" --method magnitude
    for method in taylor random head-importance cam-cut smooth-cut; do
        "$cli" study score "$study" --method $method --granularity head,neuron
    done
    "$cli" study mask "$study" --scores taylor --granularity head --sparsity 0.5
    "$cli" study mask "$study" --scores cam-cut --granularity head --sparsity 0.5
    "$cli" study mask "$study" --scores taylor --granularity neuron --sparsity 0.5
    "$cli" study compare "$study" --items "taylor head 50%,cam-cut head 50%,taylor,cam-cut,magnitude" > /dev/null
    "$cli" study attribute "$study" --method gradcam
    "$cli" study attribute "$study" --method smoothgrad
    "$cli" study sweep "$study" --methods magnitude,taylor,head-importance,cam-cut,random \
        --sparsities 0.25,0.5,0.75 --granularity head
    "$cli" study sweep "$study" --methods magnitude,taylor,cam-cut,smooth-cut,random \
        --sparsities 0.1,0.3,0.5,0.7,0.9 --granularity neuron
    python3 - "$study/study.json" "$model" <<'PY'
import json, sys
study = json.load(open(sys.argv[1]))
study["settings"]["device"] = "auto"
study["settings"]["max_examples"] = 256
study["model"] = "../../models/demo-vit"  # where the shipped study finds the shipped model
json.dump(study, open(sys.argv[1], "w"), indent=2)
PY
    $py pack-study --study "$study"
    "$cli" study show "$study"
    du -sh "$study"
    tar -C resources/demo -cf "$out/demo-vit-study.tar" vit-study
    ;;
reproduce)
    echo "== reproduction: FFN neurons, one-shot against movement and GUM"
    for family in ${FAMILIES:-bert gpt2}; do
        reproduction_settings $family
        rm -rf "$r"
        mkdir -p "$r"
        "$cli" eval --model "$model" --data "$test" --max-length 64 --max-examples 2048 --device cuda --json \
            > "$r/dense.json" 2>> "$r/eval.log"
        "$cli" sweep --model "$model" --data "$validation" --eval-data "$test" --max-length 64 --max-examples 2048 \
            --methods magnitude,taylor,cam-cut,smooth-cut --sparsities 0.3,0.5,0.7,0.9 --granularity neuron \
            --scope global --out-dir "$r/one-shot" --device cuda --json > /dev/null 2> "$r/sweep.log"
        train "$family-tuned" --model "$model" --data "$train_data" --validation "$validation" --max-length 64 \
            --out "$r/tuned" $steps
        "$cli" eval --model "$r/tuned" --data "$test" --max-length 64 --max-examples 2048 --device cuda --json \
            > "$r/tuned-test.json" 2>> "$r/eval.log"
        "$cli" redundancy --model "$r/tuned" --data "$test" --max-length 64 --max-examples 512 --device cuda \
            --json > "$r/tuned-redundancy.json" 2>> "$r/eval.log"
        for variant in hard gum; do
            for keep in 0.7 0.5 0.3 0.1; do
                run=$r/$variant-$keep
                train "$family-$variant-$keep" --model "$model" --data "$train_data" --validation "$validation" \
                    --max-length 64 --out "$run" $steps --movement $variant --granularity neuron --final-keep $keep
                "$cli" eval --model "$run" --mask "$run/movement-mask.safetensors" --data "$test" --max-length 64 \
                    --max-examples 2048 --device cuda --json > "$run-test.json" 2>> "$r/eval.log"
                "$cli" redundancy --model "$run" --mask "$run/movement-mask.safetensors" --data "$test" \
                    --max-length 64 --max-examples 512 --device cuda --json > "$run-redundancy.json" \
                    2>> "$r/eval.log"
                echo "  $variant keep $keep: $(primary "$run-test.json")"
            done
        done
        cp "$r/one-shot/sweep.json" "$r/one-shot.json"
    done
    pack_reproduction
    ;;
retrain)
    echo "== reproduction: one-shot neuron masks retrained"
    for family in ${FAMILIES:-bert gpt2}; do
        reproduction_settings $family
        mkdir -p "$r"
        for method in random magnitude taylor; do
            "$cli" score --model "$model" --data "$validation" --max-length 64 --max-examples 2048 --method $method \
                --granularity neuron --device cuda --out "$r/$method-scores.safetensors" 2>> "$r/eval.log"
            for keep in 0.7 0.5 0.3 0.1; do
                run=$r/retrain-$method-$keep
                "$cli" mask --scores "$r/$method-scores.safetensors" --granularity neuron --scope global \
                    --sparsity "$(python3 -c "print(round(1 - $keep, 1))")" --out "$run-mask.safetensors" > /dev/null
                rm -rf "$run"
                train "$family-retrain-$method-$keep" --model "$model" --data "$train_data" --validation "$validation" \
                    --max-length 64 --out "$run" $steps --mask "$run-mask.safetensors"
                "$cli" eval --model "$run" --mask "$run/mask.safetensors" --data "$test" --max-length 64 \
                    --max-examples 2048 --device cuda --json > "$run-test.json" 2>> "$r/eval.log"
                echo "  $method keep $keep: $(primary "$run-test.json")"
            done
        done
    done
    pack_reproduction
    ;;
methods)
    echo "== reproduction: weight pruning by every method on the same budget"
    budget=${METHOD_STEPS:-600}
    precision=$([ "$device" = cpu ] && echo fp32 || echo bf16)
    parts=${METHOD_PARTS:-weights patterns ablations}
    # method_settings FAMILY: the family's model and data, its folder $r, the runs' options.
    method_settings() {
        family=$1
        reproduction_settings $1
        r=$work/methods-$1
        common=(--data "$train_data" --validation "$validation" --max-length 64 --max-steps "$budget" --batch-size 64
                --lr "$([ $1 = bert ] && echo 1e-4 || echo 5e-4)" --eval-every "$(( budget / 2 ))")
    }
    # run NAME SPARSITY MASK-FILE TRAIN-ARGUMENTS...: trained, timed, evaluated under its mask; a
    # run that fails is listed in $failures, and the piece goes on with its next run.
    run() {
        local name=$1 sparsity=$2 mask=$3 start seconds
        shift 3
        rm -rf "$r/$name"
        start=$(date +%s.%N)
        if ! "$cli" train --model "$model" "${common[@]}" --out "$r/$name" "$@" --device "$device" \
                --precision "$precision" --json 2> "$r/$name.log" > "$r/$name.json" ||
            ! "$cli" eval --model "$r/$name" --mask "$r/$name/$mask" --data "$test" --max-length 64 --max-examples 2048 \
                --device "$device" --json > "$r/$name-test.json" 2>> "$r/$name.log"; then
            echo "  $family $name FAILED: $(tail -1 "$r/$name.log")" | tee -a "$failures"
            return
        fi
        seconds=$(python3 -c "import time; print(round(time.time() - $start, 2))")
        python3 tools/methods_table.py record "$r/results.jsonl" --name "$name" --sparsity "$sparsity" \
            --seconds "$seconds" --jobs "$parallel" --train "$r/$name.json" --test "$r/$name-test.json" --pruning "$r/$name"
    }
    # weights SPARSITY: every weight-pruning method at one sparsity.
    weights() {
        for method in magnitude taylor; do
            "$cli" mask --scores "$r/$method-scores.safetensors" --granularity weight --scope global \
                --sparsity $1 --out "$r/$method-$1-mask.safetensors" > /dev/null 2>> "$r/eval.log"
            "$cli" eval --model "$model" --mask "$r/$method-$1-mask.safetensors" --data "$test" --max-length 64 \
                --max-examples 2048 --device "$device" --json > "$r/one-shot-$method-$1-test.json" 2>> "$r/eval.log"
            run "retrain-$method-$1" $1 mask.safetensors --mask "$r/$method-$1-mask.safetensors"
        done
        run "imp-$1" $1 mask.safetensors --prune imp --sparsity $1
        run "isp-$1" $1 mask.safetensors --prune isp --sparsity $1
        run "abp-$1" $1 abp-mask.safetensors --prune abp --sparsity $1
    }
    # pattern N:M: one-shot magnitude N:M, retrained, against ADMM and SR-STE.
    pattern() {
        local sparsity
        sparsity=$(python3 -c "n, m = map(int, '$1'.split(':')); print(1 - n / m)")
        "$cli" mask --scores "$r/magnitude-scores.safetensors" --granularity "$1" --scope tensor \
            --sparsity $sparsity --out "$r/nm-$1-mask.safetensors" > /dev/null 2>> "$r/eval.log"
        "$cli" eval --model "$model" --mask "$r/nm-$1-mask.safetensors" --data "$test" --max-length 64 \
            --max-examples 2048 --device "$device" --json > "$r/one-shot-nm-$1-test.json" 2>> "$r/eval.log"
        run "retrain-nm-$1" $sparsity mask.safetensors --mask "$r/nm-$1-mask.safetensors"
        run "admm-$1" $sparsity pattern-mask.safetensors --pattern admm --nm $1
        run "sr-ste-$1" $sparsity pattern-mask.safetensors --pattern sr-ste --nm $1
    }
    # What the defaults leave open, on the same budget (METHOD_PARTS=ablations): ADMM with rho
    # from 1e-3 to the ceiling of 0.1 over its rounds and from 1e-2 (the defaults end at 0.038),
    # AbP at 90 % with a push 2.4 and 4.8 times the automatic one; ADMM with five times the
    # budget (IMP's at 50 %). METHOD_ABLATIONS="NAME ..." picks some of them.
    ablations=("admm-rho-to-0.1-2:8 0.75 pattern-mask.safetensors --pattern admm --nm 2:8 --rho-growth 1.67"
               "admm-rho-to-0.1-1:8 0.875 pattern-mask.safetensors --pattern admm --nm 1:8 --rho-growth 1.67"
               "admm-rho-from-1e-2-2:8 0.75 pattern-mask.safetensors --pattern admm --nm 2:8 --rho 1e-2"
               "admm-rho-from-1e-2-1:8 0.875 pattern-mask.safetensors --pattern admm --nm 1:8 --rho 1e-2"
               "abp-push-1e-4-0.9 0.9 abp-mask.safetensors --prune abp --sparsity 0.9 --push 1e-4"
               "abp-push-2e-4-0.9 0.9 abp-mask.safetensors --prune abp --sparsity 0.9 --push 2e-4"
               "admm-2000-steps-2:8 0.75 pattern-mask.safetensors --pattern admm --nm 2:8 --max-steps 2000"
               "admm-2000-steps-1:8 0.875 pattern-mask.safetensors --pattern admm --nm 1:8 --max-steps 2000")
    for family in ${FAMILIES:-bert gpt2}; do # the dense model and the scores, once
        method_settings $family
        [ -n "${RESUME:-}" ] || rm -rf "$r"
        mkdir -p "$r"
        "$cli" eval --model "$model" --data "$test" --max-length 64 --max-examples 2048 --device "$device" --json \
            > "$r/dense.json" 2>> "$r/eval.log"
        if [[ $parts == *weights* || $parts == *patterns* ]] && [ ! -f "$r/taylor-scores.safetensors" ]; then
            for method in magnitude taylor; do
                "$cli" score --model "$model" --data "$validation" --max-length 64 --max-examples 2048 --method $method \
                    --granularity weight --device "$device" --out "$r/$method-scores.safetensors" 2>> "$r/eval.log"
            done
        fi
    done
    # The pieces (a sparsity's weight pruning, an N:M pattern, an ablation), METHOD_JOBS of them
    # at a time: the demo models leave a GPU mostly idle, so several share it; the wall times
    # then include the waits for it, and each run's line in results.jsonl says how many pieces
    # shared it at most.
    parallel=${METHOD_JOBS:-1}
    pieces=()
    for family in ${FAMILIES:-bert gpt2}; do
        for sparsity in $([[ $parts == *weights* ]] && echo ${METHOD_SPARSITIES:-0.9 0.7 0.5}); do
            pieces+=("$family weights $sparsity")
        done
        for nm in $([[ $parts == *patterns* ]] && echo 4:8 2:8 1:8); do
            pieces+=("$family pattern $nm")
        done
        if [[ $parts == *ablations* ]]; then
            for ablation in "${ablations[@]}"; do
                [[ -z ${METHOD_ABLATIONS:-} || " $METHOD_ABLATIONS " == *" ${ablation%% *} "* ]] || continue
                pieces+=("$family run $ablation")
            done
        fi
    done
    (( ${#pieces[@]} >= parallel )) || parallel=${#pieces[@]}
    failures=$work/methods-failures.txt
    rm -f "$failures"
    declare -A running=()
    for piece in "${pieces[@]}"; do
        while (( $(jobs -rp | wc -l) >= parallel )); do wait -n || true; done
        set -- $piece
        ( method_settings $1; shift; "$@" ) &
        running[$!]=$piece
    done
    for pid in "${!running[@]}"; do
        wait $pid || echo "methods: $(echo "${running[$pid]}" | tee -a "$failures") stopped" \
            "(its logs are in $work/methods-${running[$pid]%% *})"
    done
    # The Adapting-by-Pruning paper's analyses of each method's mask at 70 %, where there are
    # masks: sparsity by layer and component, and each mask on the dense model as it is,
    # shuffled within each tensor and with the weights re-initialised under it.
    for family in ${FAMILIES:-bert gpt2}; do
        method_settings $family
        masks=$(for run in retrain-magnitude-0.7/mask retrain-taylor-0.7/mask imp-0.7/mask isp-0.7/mask abp-0.7/abp-mask; do
                    [ ! -f "$r/$run.safetensors" ] || echo "$r/$run.safetensors"; done | paste -sd,)
        if [ -n "$masks" ] && ! "$cli" mask-analysis --model "$model" --mask "$masks" --data "$test" --max-length 64 \
                --max-examples 2048 --device "$device" --json > "$r/mask-analysis-0.7.json" 2>> "$r/eval.log"; then
            echo "  $family mask-analysis FAILED: $(tail -1 "$r/eval.log")" | tee -a "$failures"
            rm -f "$r/mask-analysis-0.7.json"
        fi
        if [ -f "$r/results.jsonl" ]; then
            python3 tools/methods_table.py table "$r"
            python3 tools/methods_table.py plot "$r" "$r/methods-$family.svg"
        fi
    done
    tar -C "$work" -cf "$(cd "$out" && pwd)/methods.tar" --exclude='*.safetensors' --exclude='tokenizer.json' \
        --exclude='vocab*' --exclude='merges.txt' $(cd "$work" && ls -d methods-*)
    [ ! -f "$failures" ] || { echo "methods: these failed:"; cat "$failures"; exit 1; }
    ;;
study)
    echo "== the demo study"
    study=resources/demo/study
    rm -rf "$study"
    "$cli" study init "$study" --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv \
        --max-length 64 --device cuda --batch-size 64 --max-examples 512
    "$cli" study score "$study" --method magnitude
    for method in taylor random head-importance cam-cut smooth-cut; do
        "$cli" study score "$study" --method $method --granularity head,neuron
    done
    r=$work/reproduce-bert
    "$cli" study add "$study" --file "$r/tuned/movement-map.safetensors" --name "movement map"
    "$cli" study add "$study" --file "$r/hard-0.5/movement-scores.safetensors" --name "movement"
    "$cli" study add "$study" --file "$r/hard-0.5/movement-mask.safetensors" --name "movement neuron 50%"
    "$cli" study add "$study" --file "$r/gum-0.5/movement-scores.safetensors" --name "gum"
    "$cli" study add "$study" --file "$r/gum-0.5/movement-mask.safetensors" --name "gum neuron 50%"
    "$cli" study mask "$study" --scores taylor --granularity head --sparsity 0.5
    "$cli" study mask "$study" --scores cam-cut --granularity head --sparsity 0.5
    "$cli" study mask "$study" --scores magnitude --granularity neuron --sparsity 0.5
    "$cli" study compare "$study" --items "taylor head 50%,cam-cut head 50%,magnitude neuron 50%,movement neuron 50%,gum neuron 50%,taylor,magnitude,cam-cut" > /dev/null
    "$cli" study attribute "$study" --method gradcam
    "$cli" study sweep "$study" --methods magnitude,taylor,head-importance,cam-cut,smooth-cut \
        --sparsities 0.1,0.3,0.5,0.7,0.9 --granularity neuron
    "$cli" study sweep "$study" --methods magnitude,taylor,head-importance,cam-cut \
        --sparsities 0.25,0.5,0.75 --granularity head
    "$cli" study sweep "$study" --methods magnitude,gradient,taylor,snip,wanda \
        --sparsities 0.3,0.5,0.7,0.9 --granularity weight
    # Run on the desktop with whatever the machine has, on fewer examples than the server used.
    python3 - "$study/study.json" <<'PY'
import json, sys
study = json.load(open(sys.argv[1]))
study["settings"]["device"] = "auto"
study["settings"]["max_examples"] = 256
json.dump(study, open(sys.argv[1], "w"), indent=2)
PY
    $py pack-study --study "$study"
    "$cli" study show "$study"
    du -sh "$study"
    # In pieces of at most 15 MB, for whatever carries them off the server.
    tar -C resources/demo -cf - study | split -b 15M - "$out/demo-study.tar."
    ;;
*)
    echo "unknown stage '$stage' (bert, gpt2, clip, vit, reproduce, retrain, study, vit-study, methods)"
    exit 2
    ;;
esac
done
