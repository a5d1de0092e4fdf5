#!/usr/bin/env bash
# Packs the Qt 6 Core and Test of this Debian machine (libraries, headers, CMake packages,
# moc, and the libraries they need that a GPU server may lack: GLib, ICU 72 without its data,
# double-conversion, PCRE2-16, libb2) into one archive, so that a GPU server with no Qt can build and run the
# core test suites (the `cuda` preset) with the same Qt the project is tested with here.
# The archive keeps Debian's layout under usr/, so CMAKE_PREFIX_PATH=<unpacked>/usr finds
# it; tools/device_round.sh unpacks it when it is there.
#
#   bash tools/device/qt_bundle.sh [OUT.tar.xz]     (default build/qt-bundle.tar.xz)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-build/qt-bundle.tar.xz}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
arch=x86_64-linux-gnu

for package in qt6-base-dev qt6-base-dev-tools libqt6core6 libqt6test6; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || { echo "qt_bundle: $package is not installed (bash setup.sh installs it)" >&2; exit 1; }
done

# The files of Qt Core and Test, and what CMake needs to find and use them.
{
    dpkg -L libqt6core6 libqt6test6 | grep -E "/lib/$arch/libQt6(Core|Test)\.so"
    ls -d /usr/lib/$arch/libQt6Core.so /usr/lib/$arch/libQt6Test.so
    ls -d /usr/include/$arch/qt6/QtCore /usr/include/$arch/qt6/QtTest
    ls -d /usr/lib/$arch/cmake/Qt6 /usr/lib/$arch/cmake/Qt6Core /usr/lib/$arch/cmake/Qt6CoreTools \
          /usr/lib/$arch/cmake/Qt6Test /usr/lib/$arch/cmake/Qt6HostInfo /usr/lib/$arch/cmake/Qt6BuildInternals
    ls -d /usr/lib/$arch/qt6/mkspecs/linux-g++ /usr/lib/$arch/qt6/mkspecs/common /usr/lib/$arch/qt6/mkspecs/modules/qt_lib_core*.pri \
          /usr/lib/$arch/qt6/mkspecs/modules/qt_lib_testlib*.pri /usr/lib/$arch/qt6/mkspecs/qconfig.pri 2>/dev/null || true
    ls -d /usr/lib/$arch/qt6/metatypes 2>/dev/null || true
    # Every tool the CMake packages import (CMake checks that each exists), with its links.
    for tool in $(grep -ho '${_IMPORT_PREFIX}/[^"]*' /usr/lib/$arch/cmake/Qt6{Core,CoreTools,Test}/Qt6*Targets-*.cmake \
                  | sed 's|${_IMPORT_PREFIX}|/usr|' | sort -u); do
        echo "$tool"
        [ -L "$tool" ] && readlink -f "$tool"
    done
    # Libraries Qt Core links that Ubuntu's current releases do not carry in these versions.
    for lib in libicuuc.so.72 libicui18n.so.72 libdouble-conversion.so.3 libpcre2-16.so.0 libpcre2-8.so.0 libb2.so.1 \
               libglib-2.0.so.0; do
        ls -d /usr/lib/$arch/$lib*
    done
} | sort -u > "$stage/files"

tar -C / -cf "$stage/qt.tar" --files-from <(sed 's|^/||' "$stage/files")

# ICU's data library is 31 MB, more than a device round can carry beside the tree, and
# nothing the core suites do reads it (Qt loads it only because ICU's code links it). In
# its place: a data library of ICU's common format with no entries, under the same name.
mkdir -p "$stage/usr/lib/$arch"
cat > "$stage/icudata.c" <<'C'
#include <stdint.h>
struct DataInfo { uint16_t size, reserved; uint8_t bigEndian, charsetFamily, sizeofUChar, reservedByte;
                  uint8_t format[4], formatVersion[4], dataVersion[4]; };
struct CommonData { uint16_t headerSize; uint8_t magic1, magic2; struct DataInfo info; char padding[8];
                    uint32_t count, reserved; uint32_t toc[2]; };
/* "ToCP": a table of contents, here empty (count 0); ASCII family, 16-bit UChar. */
const struct CommonData icudt72_dat = {32, 0xda, 0x27, {sizeof(struct DataInfo), 0, 0, 0, 2, 0, {0x54, 0x6f, 0x43, 0x50},
                                       {1, 0, 0, 0}, {0, 0, 0, 0}}, {0}, 0, 0, {0, 0}};
C
gcc -shared -fPIC -Wl,-soname,libicudata.so.72 -o "$stage/usr/lib/$arch/libicudata.so.72" "$stage/icudata.c"
tar -C "$stage" -rf "$stage/qt.tar" "usr/lib/$arch/libicudata.so.72"
xz -T0 -6 < "$stage/qt.tar" > "$out.partial"
mv "$out.partial" "$out"
echo "qt_bundle: $(wc -l < "$stage/files") paths, $(du -h "$out" | cut -f1) in $out"
