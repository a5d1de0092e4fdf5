# Sourced by the scripts that build on a GPU server (tools/device_round.sh,
# tools/train_demo_models.sh): the CMake prefix path of the PyTorch installation's LibTorch
# in $prefix (configure_cuda configures the cuda preset with it), and, when the server has
# no Qt 6, the build machine's Qt Core and Test packed by tools/device/qt_bundle.sh and
# carried as build/qt-bundle.tar.xz, unpacked and added.
prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
if [ -f build/qt-bundle.tar.xz ]; then
    rm -rf build/qt && mkdir -p build/qt && tar -C build/qt -xJf build/qt-bundle.tar.xz
    prefix="$prefix;$PWD/build/qt/usr"
    export LD_LIBRARY_PATH="$PWD/build/qt/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    if ldd build/qt/usr/lib/x86_64-linux-gnu/libQt6Core.so.6 | grep "not found"; then
        echo "the Qt bundle lacks a library"
        exit 1
    fi
fi

# The cuda preset configured against $prefix for the GPU servers' cards (sm_90: H100, H200);
# extra arguments go to cmake.
configure_cuda() { cmake --preset cuda -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CUDA_ARCHITECTURES=90 "$@"; }
