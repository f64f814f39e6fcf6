#!/usr/bin/env bash
# Installs what discburn needs from Debian bookworm packages. Idempotent:
# does nothing when every package is already installed. Run as root (or with
# sudo available).
set -euo pipefail

# build + tests
PKGS=(build-essential cmake pkg-config libinih-dev libcmocka-dev
      libnl-3-dev libnl-genl-3-dev
      # sd-bus for the logind inhibitor lock; dbus-daemon for the tests'
      # private bus with a fake logind on it
      libsystemd-dev dbus
      # FileSystemImage (ISO 9660 + Joliet + Rock Ridge) is built on libisofs
      libisofs-dev
      # the sound files of audio CDs (WAV, AIFF, FLAC)
      libsndfile1-dev
      # the man pages (docs/man/*.scd), and man to read them in the test
      scdoc man-db
      # the demo makes an ISO 9660 image; tests compare with real tools
      xorriso genisoimage sg3-utils
      # check-image's tests: a UDF-only image (mkudffs)
      udftools
      # the emulator's raw CD sectors against another encoder (a Video CD
      # image: CD-ROM XA form 1 and form 2 with their EDC and parity)
      vcdimager
      # fuzzing: clang, and its libFuzzer + ASan runtimes, which clang
      # only recommends (an install without recommends lacks them)
      clang libclang-rt-14-dev
      # xmllint checks the SVG of discburn write --graph
      libxml2-utils
      # memcheck on one burn
      valgrind
      # the Debian packages (debian/) and their test in a fresh root
      debhelper lintian debootstrap)
if [ "${DISCBURN_WITH_VM:-1}" = 1 ]; then
  # the kernel-path tests: QEMU + the Debian packages vm/ unpacks
  PKGS+=(qemu-system-x86 cpio dpkg-dev)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
