#!/usr/bin/env bash
# Instant Soup Pruning, Adapting by Pruning and IMP on cuda against the cpu, on the BERT
# fixture: each reaches its sparsity exactly, and the two devices' masks are compared (IoU of
# the pruned sets); the mask analyses on both. Part of tools/device_round.sh.
#
#   bash tools/device/pruning_check.sh CLI WORK-FOLDER
set -uo pipefail
cli=$1
work=$2
mkdir -p "$work"
status=0
echo "== pruning over training runs on cuda: isp, abp, imp (exact sparsity; masks against the cpu's)"
for method in isp abp imp; do
    for device in cuda cpu; do
        rm -rf "$work/prune-$method-$device"
        "$cli" train --model tests/data/hf/bert --data tests/data/hf/bert/reference.safetensors \
            --validation tests/data/hf/bert/reference.safetensors --out "$work/prune-$method-$device" --max-steps 12 \
            --batch-size 2 --lr 1e-3 --prune $method --sparsity 0.6 --device "$device" --json \
            > "$work/prune-$method-$device.json" 2> "$work/prune-$method-$device.log" || status=1
    done
    mask=$([ $method = abp ] && echo abp-mask.safetensors || echo mask.safetensors)
    "$cli" compare "$work/prune-$method-cuda/$mask" "$work/prune-$method-cpu/$mask" --model tests/data/hf/bert --json \
        > "$work/prune-$method-compare.json" 2>> "$work/pruning-check.log" || status=1
    python3 -c "
import json, sys
runs = {d: json.load(open(f'$work/prune-$method-{d}.json'))['pruning'] for d in ('cuda', 'cpu')}
iou = json.load(open('$work/prune-$method-compare.json'))['overall']['iou'][0][1]
line = '; '.join(f'{d}: sparsity {r[\"sparsity\"]:.6f}, {r[\"steps\"]} steps, {r[\"seconds\"]:.2f} s' for d, r in runs.items())
print(f'$method: {line}; IoU of the pruned sets cuda/cpu {iou:.4f}')
sys.exit(0 if all(abs(r['sparsity'] - 0.6) < 1e-3 for r in runs.values()) else 1)" || status=1
done
"$cli" mask-analysis --model tests/data/hf/bert --mask "$work/prune-imp-cuda/mask.safetensors" \
    --data tests/data/hf/bert/reference.safetensors --device cuda --json > "$work/mask-analysis-cuda.json" 2>> "$work/pruning-check.log" || status=1
"$cli" mask-analysis --model tests/data/hf/bert --mask "$work/prune-imp-cuda/mask.safetensors" \
    --data tests/data/hf/bert/reference.safetensors --device cpu --json > "$work/mask-analysis-cpu.json" 2>> "$work/pruning-check.log" || status=1
python3 -c "
import json
a, b = (json.load(open(f'$work/mask-analysis-{d}.json'))['masks'][0]['sensitivity'] for d in ('cuda', 'cpu'))
print('mask sensitivity cuda:', {k: a[k] for k in ('dense', 'masked', 'shuffled', 'reinitialised')}, 'cpu:', {k: b[k] for k in ('dense', 'masked', 'shuffled', 'reinitialised')})"

exit $status
