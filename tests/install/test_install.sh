#!/usr/bin/env bash
# What a user of the installed discburn gets (issue 13, docs/install.md):
# `cmake --install` into a fresh prefix, then, from that prefix alone:
#  - the libraries export only their public API (nm -D);
#  - every installed header compiles alone as C11 and as C++17;
#  - nothing installed names the source or build tree;
#  - the examples build with pkg-config and with find_package(discburn),
#    and burn, write, erase and probe emulated drives with profiles found
#    relative to the prefix (no MMCEMU_PROFILES_DIR);
#  - --version of both tools and db_version() agree with the project.
#   test_install.sh SOURCE_DIR BUILD_DIR VERSION
set -euo pipefail
src=$1 build=$2 version=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test_install: FAIL: $*" >&2; exit 1; }
unset MMCEMU_PROFILES_DIR

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
libdir=
for pc in "$prefix"/lib/*/pkgconfig "$prefix"/lib/pkgconfig; do
	[ -d "$pc" ] && { libdir=${pc#"$prefix"/}; libdir=${libdir%/pkgconfig}; break; }
done
[ -n "$libdir" ] || fail "no pkgconfig directory under $prefix/lib"
for f in bin/discburn bin/mmcemu "$libdir/libdiscburn.so.0" "$libdir/libmmcemu.so.0" \
	"$libdir/libdiscburn-emu.so.0" "$libdir/libdiscburn.a" "$libdir/libmmcemu.a" \
	include/discburn/format2data.h include/discburn/version.h include/mmcemu/mmcemu.h \
	include/mmc/sense.h share/discburn/media-profiles/cd-r.ini \
	share/man/man1/discburn.1 share/man/man1/mmcemu.1 share/man/man5/mmcemu-fault-plan.5 \
	share/man/man5/mmcemu-profile.5 \
	"$libdir/cmake/discburn/discburnConfig.cmake"; do
	[ -e "$prefix/$f" ] || fail "not installed: $f"
done
echo "ok: installed tree ($(find "$prefix" -type f | wc -l) files)"

# The dynamic symbol tables: the public API and nothing else (db__* and
# the like are internal: the public names are PREFIX_ then a letter).
exports() { nm -D --defined-only "$prefix/$libdir/$1" | awk '$2 ~ /^[TDBRVW]$/ {print $3}'; }
check_exports() { # library, allowed pattern
	exports "$1" >"$work/exports"
	bad=$(grep -Ev "$2" "$work/exports" || true)
	[ -z "$bad" ] || fail "$1 exports what is not its public API: $(echo $bad | head -c 300)"
}
check_exports libdiscburn.so.0 '^(db|mmc)_[a-z]'
grep -qx db_format2data_write "$work/exports" || fail "libdiscburn lacks db_format2data_write"
grep -qx db_audio_stream_open "$work/exports" || fail "libdiscburn lacks db_audio_stream_open"
# Sound files are decoded by libsndfile (issue 15): a dependency of the
# shared library, and named by discburn.pc for static linking.
objdump -p "$prefix/$libdir/libdiscburn.so.0" | grep -q 'NEEDED *libsndfile.so.1' ||
	fail "libdiscburn.so.0 does not link libsndfile.so.1"
grep -qE '^Requires.private:.*(^|[ ,:])sndfile(,|$)' "$prefix/$libdir/pkgconfig/discburn.pc" ||
	fail "discburn.pc does not name sndfile in Requires.private"
check_exports libmmcemu.so.0 '^mmcemu_[a-z]'
check_exports libdiscburn-emu.so.0 '^db_emu_[a-z]'

objdump -p "$prefix/$libdir/libdiscburn.so.0" | grep -q 'SONAME *libdiscburn.so.0' || fail "soname"
echo "ok: exports ($(exports libdiscburn.so.0 | wc -l) + $(exports libmmcemu.so.0 | wc -l) + $(exports libdiscburn-emu.so.0 | wc -l) symbols)"

# Each header alone, as C11 and as C++17, against the installed tree only.
n=0
for h in $(cd "$prefix/include" && find discburn mmcemu mmc -name '*.h' | sort); do
	echo "#include <$h>" >"$work/one.c"
	gcc -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -I"$prefix/include" "$work/one.c" ||
		fail "$h does not compile alone as C11"
	g++ -std=c++17 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ -I"$prefix/include" "$work/one.c" ||
		fail "$h does not compile alone as C++17"
	n=$((n + 1))
done
echo "ok: $n headers compile alone as C11 and C++17"

# Nothing installed points back at the trees it came from. Debug info
# names its sources by design (Debian moves it to -dbgsym packages): look
# at what remains of each object file without it, as a stripped package has.
mkdir -p "$work/stripped"
while IFS= read -r f; do
	out=$work/stripped/$(echo "${f#"$prefix"/}" | tr / _)
	objcopy --strip-debug "$f" "$out" 2>/dev/null || cp "$f" "$out" # ELF and ar, else text
done < <(find "$prefix" -type f)
for tree in "$src" "$build"; do
	hits=$(grep -rlF "$tree" "$work/stripped" || true)
	[ -z "$hits" ] || fail "installed files name $tree: $hits"
done
echo "ok: no installed file names the source or build tree"

# Both tools, from the prefix, find the prefix's profiles.
[ "$("$prefix/bin/discburn" --version)" = "discburn $version" ] || fail "discburn --version"
[ "$("$prefix/bin/mmcemu" --version)" = "mmcemu $version" ] || fail "mmcemu --version"
"$prefix/bin/mmcemu" profiles | head -1 | grep -qF "from $prefix/share/discburn/media-profiles" ||
	fail "mmcemu profiles does not read the prefix's profiles: $("$prefix/bin/mmcemu" profiles | head -1)"
# man shows every subcommand (the options are checked by cli_help_man).
for c in drives info write write-section erase msinfo read eject load; do
	MANWIDTH=200 man -l "$prefix/share/man/man1/discburn.1" 2>/dev/null | grep -qE "^ *$c( |\$)" ||
		fail "man discburn has no section for $c"
done
echo "ok: tools report $version and read $prefix/share/discburn/media-profiles"

# The examples, built as a user would: pkg-config ...
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
[ "$(pkg-config --modversion discburn)" = "$version" ] || fail "discburn.pc version"
ex=$work/ex-pc
mkdir -p "$ex"
for p in burn_iso write_section erase list_drives format2data_properties; do
	gcc -std=c11 -Wall -Wextra -Werror "$src/examples/$p.c" -o "$ex/$p" \
		$(pkg-config --cflags --libs discburn-emu) || fail "pkg-config build of $p.c"
done
g++ -std=c++17 -Wall -Wextra -Werror "$src/examples/burn_iso.cpp" -o "$ex/burn_iso_cpp" \
	$(pkg-config --cflags --libs discburn-emu) || fail "pkg-config build of burn_iso.cpp"
gcc -std=c11 -Wall -Wextra -Werror "$src/examples/emulator_inquiry.c" -o "$ex/emulator_inquiry" \
	$(pkg-config --cflags --libs mmcemu) || fail "pkg-config build of emulator_inquiry.c"
# ... and CMake's find_package.
cmake -S "$src/examples" -B "$work/ex-cmake" -DCMAKE_PREFIX_PATH="$prefix" >"$work/ex-cmake.log" 2>&1 ||
	{ cat "$work/ex-cmake.log"; fail "find_package(discburn) configure"; }
cmake --build "$work/ex-cmake" >>"$work/ex-cmake.log" 2>&1 ||
	{ cat "$work/ex-cmake.log"; fail "find_package(discburn) build"; }
echo "ok: examples build with pkg-config and with find_package(discburn)"

# Run them against emulated drives, libraries from the prefix.
export LD_LIBRARY_PATH=$prefix/$libdir
head -c $((300 * 2048)) /dev/urandom >"$work/image.bin"
cd "$work"
"$ex/burn_iso" "emu:dvd+r:$work/d1" image.bin >burn.log || { cat burn.log; fail "burn_iso"; }
grep -q "^burned" burn.log || fail "burn_iso printed no result"
grep -q "^WRITING_DATA" burn.log || fail "burn_iso showed no progress"
"$prefix/bin/discburn" read --drive "emu::$work/d1" back.bin >/dev/null 2>&1 || fail "read back d1"
cmp -n $((300 * 2048)) image.bin back.bin || fail "d1 does not hold the image"
"$work/ex-cmake/burn_iso_cpp" "emu:bd-r:$work/d2" image.bin | grep -q "^libdiscburn $version" ||
	fail "burn_iso_cpp: db_version()"
# WriteSection writes where it is told, onto a formatted medium: burn_iso
# formats the DVD+RW, write_section overwrites its first 300 sectors.
"$ex/burn_iso" "emu:dvd+rw:$work/d3" image.bin >/dev/null || fail "burn_iso onto DVD+RW"
"$ex/write_section" "emu::$work/d3" 0 image.bin | grep -q "wrote 300 sectors at LBA 0" ||
	fail "write_section"
"$ex/erase" "emu:cd-rw:$work/d4" | grep -q "^erased" || fail "erase"
"$ex/list_drives" "emu::$work/d1" | grep -q "(emulated)" || fail "list_drives"
"$ex/emulator_inquiry" cd-r "$work/d5" | grep -q "current profile: 0009h" || fail "emulator_inquiry"
# Every DiscFormat2Data property of a DVD+R, before and after a burn.
"$ex/format2data_properties" "emu:dvd+r:$work/d6" >props.log || { cat props.log; fail "format2data_properties"; }
sed -n '/^before:/,/^burned/p' props.log | grep -q "CurrentMediaStatus  *0x0002 BLANK" ||
	{ cat props.log; fail "format2data_properties: a blank DVD+R before the burn"; }
sed -n '/^after:/,$p' props.log | grep -q "CurrentMediaStatus  *0x0004 APPENDABLE" ||
	{ cat props.log; fail "format2data_properties: an appendable DVD+R after the burn"; }
sed -n '/^after:/,$p' props.log | grep -q "LastWrittenAddressOfPreviousSession  *299" ||
	{ cat props.log; fail "format2data_properties: the burned session's last sector"; }
"$work/ex-cmake/format2data_properties" "emu:dvd+rw:$work/d7" 16 | grep -q "OVERWRITE_ONLY" ||
	fail "format2data_properties (find_package build) on DVD+RW"
echo "ok: the examples burn, write, erase and probe emulated drives from the installed tree"
echo "1 passed, 0 failed"
