# The gated-unit kernels (core/models/gated_units.cu) as they are and in variants of their
# launch constants, each built with nvcc (registers and spills from ptxas) and timed on the
# GPU by gated_bench.cu on BERT-large's shapes in bf16, then LibTorch's own GELU kernels and
# an add on the same shapes (libtorch_elementwise.py) for the memory's pace. Needs nvcc and
# the GPU machine's PyTorch; the builds go to $WORK (/tmp/prunescope-gated-variants).
#
#   bash bench/kernels/gated_variants.sh > bench/results/gated-kernel-variants-<card>.log
#   bash bench/kernels/gated_variants.sh --fastest LOG   # the variant of such a log whose FFN and
#                                                        # heads kernels at 64x256 take least, all four
#   bash bench/kernels/gated_variants.sh --apply NAME    # that variant written into core/models, for a
#                                                        # build of the whole project with it (a GPU
#                                                        # server's copy of the sources: device_round.sh
#                                                        # GATED_VARIANT=NAME)
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../core/models
work=${WORK:-/tmp/prunescope-gated-variants}
arch=${CUDA_ARCH:-sm_90}

# Each variant's sed expressions on gated_units.cu and fused_kernels_launch.h, one a line.
names=(as-is 8-blocks no-bound 2-rows-in-flight forward-by-packs forward-by-packs-1 forward-by-packs-4 tiles-16
       backward-8-bytes backward-8-bytes-8-blocks)
packs='s/kForwardByPacks = false/kForwardByPacks = true/'
eight='/^cudaError_t launchGatedUnitsBackward/,$ s|constexpr int V = int(16 / sizeof(T));|constexpr int V = int(8 / sizeof(T));|'
declare -A expressions=(
    [as-is]=''
    [8-blocks]='s/kBlocksPerSm = 4/kBlocksPerSm = 8/'
    [no-bound]='s/__launch_bounds__(kThreads, kBlocksPerSm)/__launch_bounds__(kThreads)/'
    [2-rows-in-flight]='s/kRowsInFlight = 4/kRowsInFlight = 2/'
    # the forward over the tensor as one row of packs, each thread loading 2 (or 1, or 4)
    # before computing, instead of tiles
    [forward-by-packs]="$packs"
    [forward-by-packs-1]="$packs"$'\n''s/kForwardPacks = 2/kForwardPacks = 1/'
    [forward-by-packs-4]="$packs"$'\n''s/kForwardPacks = 2/kForwardPacks = 4/'
    # both directions' tiles 16 rows deep: at BERT-large 64x256 the backward's 2048 blocks
    # become 4096 (3.9 waves become 7.8), for twice the column sums (16 MB instead of 8)
    [tiles-16]='s/kGatedTileRows = 32/kGatedTileRows = 16/'
    # the backward's threads holding 8-byte packs (4 bf16 columns) instead of 16: half the
    # values a thread keeps, for more threads an SM (at 8 blocks its 16-byte packs spilled)
    [backward-8-bytes]="$eight"
    [backward-8-bytes-8-blocks]="$eight"$'\n''s/kBlocksPerSm = 4/kBlocksPerSm = 8/'
)

# applyVariant NAME DIR: the variant's expressions applied to the kernels' files in DIR.
applyVariant() {
    local name=$1 dir=$2 e
    [ -n "${expressions[$name]+set}" ] || { echo "gated_variants.sh: no variant '$name' (${names[*]})" >&2; return 1; }
    while IFS= read -r e; do
        [ -z "$e" ] || sed -i "$e" "$dir/gated_units.cu" "$dir/fused_kernels_launch.h" || return 1
    done <<< "${expressions[$name]}"
}

case "${1:-}" in
    --apply)
        applyVariant "${2:?--apply NAME}" "$src"
        exit $?
        ;;
    --fastest)
        # "ffn 64x256 gelu    fwd 0.1182 ms (...)  bwd 0.1742 ms ...": fields 5 and 10
        awk '/^== /{name=$2} /^(ffn|heads) 64x256/{total[name]+=$5+$10} END{for (n in total) print total[n], n}' \
            "${2:?--fastest LOG}" | sort -n | head -1 | cut -d' ' -f2
        exit 0
        ;;
esac

# variant NAME: the kernels' files with the variant's expressions applied, built.
variant() {
    local name=$1 dir=$work/$1
    mkdir -p "$dir"
    cp "$src/gated_units.cu" "$src/fused_kernels_launch.h" "$src/kernel_values.cuh" "$dir/"
    applyVariant "$name" "$dir" || return 1
    nvcc -O3 -std=c++17 -arch="$arch" -Xptxas -v -I "$dir" "$here/gated_bench.cu" "$dir/gated_units.cu" -o "$dir/bench" \
        > "$dir/ptxas.txt" 2>&1 || echo "$name: the build failed (see $dir/ptxas.txt)"
}

for name in "${names[@]}"; do
    variant "$name" &
done
wait
for name in "${names[@]}"; do
    echo "== $name"
    # bf16 kernels of 16-byte (and 8-byte) accesses: registers and spills of each (forward, backward; activation 0 none, 1 erf, 2 tanh)
    grep -A4 "Compiling entry.*gated.*nv_bfloat16Li[48]E" "$work/$name/ptxas.txt" \
        | grep -oE "gated(Forward|Backward)|GateActivationE[0-9]|Used [0-9]+ registers|[0-9]+ bytes spill stores" | paste -sd ' '
    "$work/$name/bench"
done
python3 "$here/libtorch_elementwise.py"
