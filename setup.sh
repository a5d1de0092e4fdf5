#!/usr/bin/env bash
# One-step set-up for a Debian 12 machine: installs what is missing, configures, builds,
# and then runs the main job or the whole test suite.
#
#   bash setup.sh run    the desktop application on the built-in demo study; with no display,
#                        the same study headless: every view as a PNG and a report.md
#   bash setup.sh test   every test (Qt Test suites and the fuzz smoke run)
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-run}
case "$mode" in
    run|test) ;;
    *) echo "usage: bash setup.sh run|test" >&2; exit 2 ;;
esac
# Both commands share one build tree: whichever runs second reuses the first's objects.
preset=default

# libopenblas0-openmp: Debian's LibTorch does its CPU matrix products through libblas.so.3,
# which is otherwise the reference BLAS (about 25 times slower on the demo models).
packages=(cmake ninja-build g++ ccache pkg-config libtorch-dev libopenblas0-openmp nlohmann-json3-dev
          qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqcustomplot-dev
          libgl-dev clang libclang-rt-14-dev zlib1g-dev libpng-dev libjpeg-dev
          python3 wordnet-base dataset-fashion-mnist libonnx-dev libgloo-dev nodejs)
# npm installs ONNX Runtime below; a Node.js from elsewhere (NodeSource) brings its own npm.
command -v npm > /dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

# The BLAS and LAPACK that libblas.so.3 and liblapack.so.3 resolve to are a system-wide
# choice (update-alternatives): select OpenBLAS even where someone set another by hand, so
# that every machine computes the tests' float32 sums the same way.
for alternative in libblas.so.3 liblapack.so.3; do
    name=$alternative-x86_64-linux-gnu
    openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp/$alternative
    if [ "$(readlink -f "/usr/lib/x86_64-linux-gnu/$alternative")" != "$(readlink -f "$openblas")" ]; then
        echo "selecting OpenBLAS for $alternative"
        $sudo update-alternatives --set "$name" "$openblas"
    fi
done
echo "BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3), LAPACK: $(readlink -f /usr/lib/x86_64-linux-gnu/liblapack.so.3)"

# ONNX Runtime's CPU build for running ONNX exports (their check and --measure): the npm
# package carries libonnxruntime.so; its install script would fetch GPU files, so it is skipped.
onnxruntime=onnxruntime-node@1.30.0
if [ ! -f build/onnxruntime/node_modules/onnxruntime-node/package.json ]; then
    echo "installing $onnxruntime (npm) in build/onnxruntime"
    npm install --prefix build/onnxruntime --ignore-scripts --no-audit --no-fund --loglevel=error "$onnxruntime"
fi

mkdir -p build
cmake --preset "$preset" > build/configure.log 2>&1 || { cat build/configure.log; exit 1; }
if [ "$mode" = test ]; then
    cmake --build --preset "$preset"
else
    cmake --build --preset "$preset" --target prunescope   # the tests are built by `setup.sh test`
fi
# The demo study's real data, from the two Debian packages above (docs/demo-data.md).
[ -f build/demo-data/manifest.json ] || python3 tools/prepare_demo_data.py --out build/demo-data

if [ "$mode" = test ]; then
    ctest --preset "$preset" -j "$(nproc)"
    exit
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "build/$preset/app/prunescope"   # opens the demo study (a copy in the user's data folder)
fi
report=build/demo-report
echo "no display: rendering the demo study headless; pictures and report.md go to $report"
QT_QPA_PLATFORM=offscreen "build/$preset/app/prunescope" --report "$report"
cat "$report/report.md"
