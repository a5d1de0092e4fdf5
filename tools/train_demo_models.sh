#!/usr/bin/env bash
# The demo models trained by PruneScope itself on a GPU server, on the data that
# tools/prepare_demo_data.py makes from Debian packages (build/demo-data, carried along).
# So far the demo BERT: a WordPiece vocabulary and a random 4-layer BERT made by
# tools/device/demo_bert.py, masked-LM pre-training on the WordNet glosses, fine-tuning on
# their 41 lexicographer classes, the test split evaluated, the model stored as float16
# and evaluated again. Results and the log land in $OUT (or build/demo-models).
#
#   bash tools/train_demo_models.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build/demo-models}
data=${DATA:-build/demo-data}
work=build/demo-work
mkdir -p "$out"
rm -rf "$work"
mkdir -p "$work"
exec > >(tee "$out/train_demo_models.log") 2>&1
[ -f "$data/manifest.json" ] || { echo "$data: no demo data; run tools/prepare_demo_data.py first"; exit 1; }

if [ ! -x build/cuda/app/prunescope-cli ]; then
    prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
    cmake --preset cuda -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CUDA_ARCHITECTURES=90 > "$work/configure.log" 2>&1
    cmake --build --preset cuda -j "$(nproc)" 2>&1 | tail -1
fi
cli=build/cuda/app/prunescope-cli
nvidia-smi --query-gpu=name --format=csv,noheader || true

echo "== demo BERT: vocabulary and random model"
python3 tools/device/demo_bert.py init --text "$data/wordnet/glosses-train.txt" --out "$work/bert-init"
echo "== masked-LM pre-training on the glosses"
start=$(date +%s)
"$cli" train --model "$work/bert-init" --data "$data/wordnet/glosses-train.txt" \
    --validation "$data/wordnet/glosses-validation.txt" --max-length 64 --out "$work/bert-mlm" --epochs 8 \
    --batch-size 128 --lr 5e-4 --eval-every 250 --device cuda --precision bf16 --json 2> "$work/mlm.log"
echo "pre-training took $(( $(date +%s) - start )) s"
grep "validation:" "$work/mlm.log" | tail -3
echo "== fine-tuning on the 41 lexicographer classes"
python3 tools/device/demo_bert.py classifier --mlm "$work/bert-mlm" --classes "$data/wordnet/classes.txt" \
    --out "$work/bert-classifier-init"
start=$(date +%s)
"$cli" train --model "$work/bert-classifier-init" --data "$data/wordnet/train.tsv" \
    --validation "$data/wordnet/validation.tsv" --max-length 64 --out "$work/bert-wordnet" --epochs 4 --batch-size 64 \
    --lr 2e-4 --eval-every 500 --patience 4 --device cuda --precision bf16 --json 2> "$work/classify.log"
echo "fine-tuning took $(( $(date +%s) - start )) s"
grep "validation:" "$work/classify.log" | tail -3
echo "== test split, float32 and stored as float16"
"$cli" eval --model "$work/bert-wordnet" --data "$data/wordnet/test.tsv" --max-length 64 --device cuda --json \
    > "$out/demo-bert-test-fp32.json"
python3 tools/device/demo_bert.py half --model "$work/bert-wordnet" --out "$out/demo-bert"
"$cli" eval --model "$out/demo-bert" --data "$data/wordnet/test.tsv" --max-length 64 --device cuda --json \
    > "$out/demo-bert-test.json"
cat "$out/demo-bert-test-fp32.json" "$out/demo-bert-test.json"
du -sh "$out/demo-bert"
