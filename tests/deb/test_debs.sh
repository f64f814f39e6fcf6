#!/usr/bin/env bash
# The Debian packages as a user gets them (issue 13): dpkg-buildpackage
# builds them from the source tree's tracked files, lintian finds no error,
# and installed into a fresh Debian bookworm root (debootstrap minbase)
# with nothing else of ours, `discburn --version`, `man discburn`, the demo
# burn (verified, read back) and an example program built against
# libdiscburn-dev all work.
#   test_debs.sh SOURCE_DIR VERSION
# Root only (debootstrap, chroot). The minbase root is cached in
# $DISCBURN_CI_CACHE (default /var/cache/discburn-ci), shared with .ci/run.
set -euo pipefail
src=$1 version=$2
fail() { echo "test_debs: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot)"
work=$(mktemp -d /var/tmp/discburn-debs.XXXXXX)
mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

# 1. Build, from what git tracks (the working tree's contents).
mkdir -p "$work/build/discburn"
git -C "$src" ls-files -z | (cd "$src" && tar --null -T - -cf -) | tar -C "$work/build/discburn" -xf -
(cd "$work/build/discburn" && dpkg-buildpackage -b -uc -us) >"$work/build.log" 2>&1 ||
	{ tail -40 "$work/build.log"; fail "dpkg-buildpackage"; }
debs=()
for p in libdiscburn0 libdiscburn-dev libmmcemu0 libmmcemu-dev discburn mmcemu; do
	f=$work/build/${p}_${version}-1_$(dpkg --print-architecture).deb
	[ -f "$f" ] || fail "dpkg-buildpackage made no $p package"
	debs+=("$f")
done
echo "ok: dpkg-buildpackage built ${#debs[@]} packages"
# libsndfile (issue 15): a run-time dependency from shlibs, and the -dev
# package's (its static library and discburn.pc need libsndfile's).
dpkg-deb -f "${debs[0]}" Depends | grep -q 'libsndfile1' ||
	fail "libdiscburn0 does not depend on libsndfile1: $(dpkg-deb -f "${debs[0]}" Depends)"
dpkg-deb -f "${debs[1]}" Depends | grep -q 'libsndfile1-dev' ||
	fail "libdiscburn-dev does not depend on libsndfile1-dev"

# 2. lintian: no errors (warnings are reported, not fatal).
lintian --tag-display-limit 0 "$work"/build/*.changes >"$work/lintian.txt" 2>&1 || true
grep -v '^running with root' "$work/lintian.txt" | sed 's/^/  lintian: /' || true
! grep -q '^E: ' "$work/lintian.txt" || fail "lintian reports errors"
echo "ok: lintian reports no errors"

# 3. A fresh bookworm root with the packages and nothing else of ours.
cache=${DISCBURN_CI_CACHE:-/var/cache/discburn-ci}
base=$cache/bookworm-minbase
if [ ! -f "$base/.complete" ]; then
	mkdir -p "$cache"
	rm -rf "$base"
	debootstrap --variant=minbase bookworm "$base" "${DISCBURN_CI_MIRROR:-http://deb.debian.org/debian}" \
		>"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; fail "debootstrap"; }
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		cp /etc/apt/sources.list.d/debian.sources "$base/etc/apt/sources.list.d/"
		rm -f "$base/etc/apt/sources.list"
	fi
	chroot "$base" apt-get update -qq
	chroot "$base" apt-get install -y -qq --no-install-recommends git ca-certificates >/dev/null
	touch "$base/.complete"
fi
root=$work/root
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
for m in dev proc sys; do
	case $m in
	proc) mount -t proc proc "$root/proc" ;;
	sys) mount -t sysfs sys "$root/sys" ;;
	dev) mount --bind /dev "$root/dev" ;;
	esac
	mounted+=("$root/$m")
done
mkdir -p "$root/debs" "$root/demo"
cp "${debs[@]}" "$root/debs/"
in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	bash -c "cd /demo && $1" </dev/null; }
# The packages, man to read the page, and a C compiler for the example.
in_root "apt-get update -qq && apt-get install -y -qq --no-install-recommends /debs/*.deb man-db gcc libc6-dev pkgconf" \
	>"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; fail "apt-get install of the packages"; }
echo "ok: installed into a fresh bookworm root"

# 4. What a user does with them.
[ "$(in_root 'discburn --version')" = "discburn $version" ] || fail "discburn --version"
[ "$(in_root 'mmcemu --version')" = "mmcemu $version" ] || fail "mmcemu --version"
in_root 'MANWIDTH=120 man discburn' >"$work/man.txt" 2>/dev/null || fail "man discburn"
for c in drives info write write-section erase msinfo read eject load; do
	grep -qE "^ *$c( |\$)" "$work/man.txt" || fail "man discburn lacks $c"
done
in_root 'man -w mmcemu-fault-plan mmcemu-profile mmcemu' >/dev/null || fail "man pages of mmcemu"
in_root 'mmcemu profiles' | head -1 | grep -qF "from /usr/share/discburn/media-profiles" ||
	fail "mmcemu does not read /usr/share/discburn/media-profiles"
# The demo burn: an image onto the built-in emulated drive, verified, read back.
head -c $((512 * 2048)) /dev/urandom >"$root/demo/demo.iso"
in_root 'discburn write --drive emu:dvd+rw:/demo/disc --verify full demo.iso' >"$work/burn.txt" 2>&1 ||
	{ cat "$work/burn.txt"; fail "the demo burn"; }
in_root 'discburn read --drive emu::/demo/disc back.iso && cmp -n 1048576 demo.iso back.iso' >/dev/null 2>&1 ||
	fail "the disc does not hold the image"
echo "ok: --version, man discburn, and the demo burn verified from the packages"
# An example program, built against libdiscburn-dev with pkg-config.
cp "$src/examples/burn_iso.c" "$root/demo/"
in_root 'cc burn_iso.c -o burn_iso $(pkg-config --cflags --libs discburn-emu) && ./burn_iso emu:cd-r:/demo/cd demo.iso' \
	>"$work/example.txt" 2>&1 || { cat "$work/example.txt"; fail "examples/burn_iso.c against the packages"; }
grep -q "^burned" "$work/example.txt" || fail "burn_iso did not burn"
echo "ok: examples/burn_iso.c builds against libdiscburn-dev and burns"
echo "1 passed, 0 failed"
