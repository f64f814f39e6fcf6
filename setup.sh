#!/usr/bin/env bash
# README command 1: install everything, build, and run the main job —
# burn an ISO 9660 image onto the built-in emulated drive and verify it.
#   ./setup.sh [PROFILE]     PROFILE: dvd+rw (default), cd-r, bd-r, ...
set -euo pipefail
cd "$(dirname "$0")"
DISCBURN_WITH_VM=0 ./scripts/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDISCBURN_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"

profile=${1:-dvd+rw}
out=out/demo
rm -rf "$out" && mkdir -p "$out/tree"
cp README.md docs/*.md "$out/tree/"
# A small ISO 9660 image of the docs, as any burning tool would get it.
xorriso -as mkisofs -quiet -r -J -V DISCBURN_DEMO -o "$out/demo.iso" "$out/tree"

drive="emu:$profile:$out/disc"
echo "== burning $out/demo.iso onto $drive"
build/bin/discburn write --drive "$drive" --verify full "$out/demo.iso"
echo "== reading it back"
build/bin/discburn read --drive "$drive" "$out/readback.iso"
cmp -n "$(stat -c %s "$out/demo.iso")" "$out/demo.iso" "$out/readback.iso"
echo "== verified: the disc holds the image byte for byte"
build/bin/mmcemu show "$out/disc"
