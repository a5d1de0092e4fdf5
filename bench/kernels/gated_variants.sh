# The gated-unit kernels (core/models/gated_units.cu) as they are and in variants of their
# launch constants, each built with nvcc (registers and spills from ptxas) and timed on the
# GPU by gated_bench.cu on BERT-large's shapes in bf16, then LibTorch's own GELU kernels and
# an add on the same shapes (libtorch_elementwise.py) for the memory's pace. Needs nvcc and
# the GPU machine's PyTorch; the builds go to $WORK (/tmp/prunescope-gated-variants).
#
#   bash bench/kernels/gated_variants.sh > bench/results/gated-kernel-variants-<card>.log
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../core/models
work=${WORK:-/tmp/prunescope-gated-variants}
arch=${CUDA_ARCH:-sm_90}

# variant NAME [SED-EXPRESSION...]: the kernels' files with the expressions applied, built.
variant() {
    local name=$1 dir=$work/$1
    shift
    mkdir -p "$dir"
    cp "$src/gated_units.cu" "$src/fused_kernels_launch.h" "$src/kernel_values.cuh" "$dir/"
    for e in "$@"; do
        sed -i "$e" "$dir/gated_units.cu" "$dir/fused_kernels_launch.h"
    done
    nvcc -O3 -std=c++17 -arch="$arch" -Xptxas -v -I "$dir" "$here/gated_bench.cu" "$dir/gated_units.cu" -o "$dir/bench" \
        > "$dir/ptxas.txt" 2>&1 || echo "$name: the build failed (see $dir/ptxas.txt)"
}

names=(as-is 8-blocks no-bound 2-rows-in-flight forward-tiles-8 forward-tiles-4 tiles-16)
variant as-is &
variant 8-blocks 's/kBlocksPerSm = 4/kBlocksPerSm = 8/' &
variant no-bound 's/__launch_bounds__(kThreads, kBlocksPerSm)/__launch_bounds__(kThreads)/' &
variant 2-rows-in-flight 's/kRowsInFlight = 4/kRowsInFlight = 2/' &
# the forward's blocks 8 or 4 rows deep instead of 32: more and shorter blocks, a shorter last wave
variant forward-tiles-8 's/kForwardTileRows = kGatedTileRows/kForwardTileRows = 8/' &
variant forward-tiles-4 's/kForwardTileRows = kGatedTileRows/kForwardTileRows = 4/' &
# both directions' blocks 16 rows deep: the backward's 2048 blocks at BERT-large 64x256 become
# 4096 (3.9 waves become 7.8), for twice the column sums (16 MB instead of 8)
variant tiles-16 's/kGatedTileRows = 32/kGatedTileRows = 16/' &
wait
for name in "${names[@]}"; do
    echo "== $name"
    # bf16 kernels of 16-byte accesses: registers and spills of each (forward, backward; activation 0 none, 1 erf, 2 tanh)
    grep -A4 "Compiling entry.*gated.*nv_bfloat16Li8E" "$work/$name/ptxas.txt" \
        | grep -oE "gated(Forward|Backward)|GateActivationE[0-9]|Used [0-9]+ registers|[0-9]+ bytes spill stores" | paste -sd ' '
    "$work/$name/bench"
done
python3 "$here/libtorch_elementwise.py"
