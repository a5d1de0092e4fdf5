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
    run) preset=release ;;
    test) preset=ci ;;
    *) echo "usage: bash setup.sh run|test" >&2; exit 2 ;;
esac

# libopenblas0-openmp: Debian's LibTorch does its CPU matrix products through libblas.so.3,
# which is otherwise the reference BLAS (about 25 times slower on the demo models).
packages=(cmake ninja-build g++ ccache pkg-config libtorch-dev libopenblas0-openmp nlohmann-json3-dev
          qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqcustomplot-dev
          libgl-dev clang libclang-rt-14-dev zlib1g-dev libpng-dev libjpeg-dev
          python3 wordnet-base dataset-fashion-mnist)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

cmake --preset "$preset"
cmake --build --preset "$preset"
# The demo study's real data, from the two Debian packages above (docs/demo-data.md).
[ -f build/demo-data/manifest.json ] || python3 tools/prepare_demo_data.py --out build/demo-data

if [ "$mode" = test ]; then
    ctest --preset "$preset" -j "$(nproc)"
    exit
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "build/$preset/app/prunescope"   # opens the built-in demo study
fi
report=build/demo-report
echo "no display: rendering the demo study headless; pictures and report.md go to $report"
QT_QPA_PLATFORM=offscreen "build/$preset/app/prunescope" --report "$report"
cat "$report/report.md"
