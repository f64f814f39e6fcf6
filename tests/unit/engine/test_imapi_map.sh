#!/usr/bin/env bash
# The IMAPI2 map (docs/imapi-map.md) checked against the headers a user
# installs, so the map cannot drift from the API (issue 14):
#  - every row has a known status: "done", "not yet: issue N" or
#    "no meaning on Linux: <reason>";
#  - every C name in a "done" row is declared by an installed header: a
#    function written `name()`, a type `name`, a struct member
#    `struct s.member[.member]` (checked by compiling a use of each one);
#    with an install, each function is also exported by a library;
#  - every member of a data-side interface (issue 14's objects) is done or
#    has no meaning on Linux: none is left without a C function;
#  - every interface of seed 004's tables has rows.
#
#   test_imapi_map.sh [SOURCE_DIR [BUILD_DIR]]
#   test_imapi_map.sh --self-test SOURCE_DIR [BUILD_DIR]
# SOURCE_DIR defaults to this checkout. With BUILD_DIR, the headers are
# those of `cmake --install BUILD_DIR` into a temporary prefix; without
# it, those of SOURCE_DIR/engine/include and engine/emu/include.
# Environment, to check another tree (e.g. the merged one) or map:
#   IMAPI_MAP_SOURCE   instead of SOURCE_DIR
#   IMAPI_MAP_BUILD    instead of BUILD_DIR ("" = source headers)
#   IMAPI_MAP_FILE     the map (default SOURCE_DIR/docs/imapi-map.md)
#   CC                 the compiler (default cc)
# --self-test runs the check on a copy of the map with a missing
# function, a missing struct member and a data-side member marked "not
# yet" added, and passes only when the check fails and names all three.
set -euo pipefail
self_test=0
if [ "${1:-}" = --self-test ]; then
	self_test=1
	shift
fi
here=$(cd "$(dirname "$0")" && pwd)
src=${IMAPI_MAP_SOURCE:-${1:-$(cd "$here/../../.." && pwd)}}
build=${IMAPI_MAP_BUILD-${2:-}}
map=${IMAPI_MAP_FILE:-$src/docs/imapi-map.md}
cc=${CC:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test_imapi_map: FAIL: $*" >&2; exit 1; }
[ -f "$map" ] || fail "no map at $map"

if [ "$self_test" = 1 ]; then
	cp "$map" "$work/map.md"
	cat >>"$work/map.md" <<-'EOF'

	| Interface | Member | Kind | C function(s) | Status |
	|---|---|---|---|---|
	| IDiscFormat2Data | SelfTestMissingFunction | get | `db_format2data_get_self_test_missing()` | done |
	| IDiscFormat2Data | SelfTestMissingMember | get | `struct db_write_progress.self_test_missing` | done |
	| IDiscRecorder2 | SelfTestNotYet | method | `db_recorder_self_test_not_yet()` | not yet: issue 99 |
	EOF
	set +e
	IMAPI_MAP_SOURCE=$src IMAPI_MAP_BUILD=$build IMAPI_MAP_FILE=$work/map.md \
		bash "$0" >"$work/out" 2>&1
	rc=$?
	set -e
	cat "$work/out"
	[ "$rc" != 0 ] || fail "self-test: the check passed a map naming functions that do not exist"
	for want in db_format2data_get_self_test_missing 'struct db_write_progress.self_test_missing' \
		'IDiscRecorder2 SelfTestNotYet'; do
		grep -qF "$want" "$work/out" || fail "self-test: the failure does not name $want"
	done
	echo "ok: self-test: the check fails on a missing function, member and data-side row"
	exit 0
fi

# ---- the headers ----------------------------------------------------------
libs=()
if [ -n "$build" ]; then
	prefix=$work/prefix
	cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
		{ cat "$work/install.log"; fail "cmake --install $build"; }
	inc=$prefix/include
	mapfile -t libs < <(find "$prefix" -name 'libdiscburn*.so.0' | sort)
	[ "${#libs[@]}" -gt 0 ] || fail "no libdiscburn*.so.0 installed under $prefix"
	from="installed headers ($build)"
else
	mkdir -p "$work/include"
	cp -r "$src/engine/include/discburn" "$work/include/"
	cp -r "$src/engine/emu/include/discburn/." "$work/include/discburn/"
	[ -d "$src/mmc/include/mmc" ] && cp -r "$src/mmc/include/mmc" "$work/include/"
	inc=$work/include
	from="source headers ($src)"
fi
headers=$(cd "$inc" && find discburn -name '*.h' | sort)
[ -n "$headers" ] || fail "no headers under $inc/discburn"

# ---- the table ------------------------------------------------------------
# Rows of the tables whose header is exactly the map's: interface, member,
# kind, C names, status (tab-separated, cells trimmed).
awk -F'|' '
	function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
	/^\| *Interface *\| *Member *\| *Kind *\| *C function\(s\) *\| *Status *\| *$/ { intable = 1; next }
	intable && /^\|[-| ]+\|$/ { next }
	intable && /^\|/ {
		if (NF != 7) { printf "BAD\t%d\tnot 5 cells\n", NR; next }
		printf "ROW\t%d\t%s\t%s\t%s\t%s\t%s\n", NR, trim($2), trim($3), trim($4), trim($5), trim($6)
		next
	}
	{ intable = 0 }
' "$map" >"$work/rows"
bad=$(grep '^BAD' "$work/rows" | cut -f2 | tr '\n' ' ' || true)
[ -z "$bad" ] || fail "map lines with other than 5 cells: $bad"
grep -q '^ROW' "$work/rows" || fail "no rows in $map"

# Issue 14's objects: each of their members needs a C function (or a
# reason it has none on Linux). The write engine, block ranges and burn
# verification are the data path they share.
data_side=' IDiscMaster2 IDiscRecorder2 IDiscRecorder2Ex IWriteEngine2 IWriteEngine2EventArgs
DWriteEngine2Events IDiscFormat2Data IDiscFormat2DataEventArgs DDiscFormat2DataEvents
IDiscFormat2Erase DDiscFormat2EraseEvents IWriteSpeedDescriptor IMultisessionSequential
IMultisessionSequential2 IMultisessionRandomWrite IBurnVerification IBlockRange IBlockRangeList '
# Every interface of seed 004's tables (imapi2.h and imapi2fs.h), and the
# ones the brief adds (IMultisessionRandomWrite, IFileSystemImageResult2);
# the bases IDiscFormat2 and IMultisession are rowed under each object.
seed_ifaces='DWriteEngine2Events IWriteEngine2 IWriteEngine2EventArgs DDiscFormat2DataEvents
IDiscFormat2Data IDiscFormat2DataEventArgs DDiscFormat2EraseEvents IDiscFormat2Erase
DDiscFormat2RawCDEvents IDiscFormat2RawCD IDiscFormat2RawCDEventArgs DDiscFormat2TrackAtOnceEvents
IDiscFormat2TrackAtOnce IDiscFormat2TrackAtOnceEventArgs IDiscMaster2 DDiscMaster2Events
IDiscRecorder2 IDiscRecorder2Ex IWriteSpeedDescriptor IBootOptions DFileSystemImageEvents
DFileSystemImageImportEvents IFileSystemImage IFileSystemImage2 IFileSystemImage3
IFileSystemImageResult IFileSystemImageResult2 IFsiDirectoryItem IFsiDirectoryItem2 IFsiFileItem
IFsiFileItem2 IFsiItem IRawCDImageCreator IRawCDImageTrackInfo IStreamConcatenate IStreamInterleave
IStreamPseudoRandomBased MsftStreamZero IBlockRange IBlockRangeList IBurnVerification IEnumFsiItems
IEnumProgressItems IFsiNamedStreams IIsoImageManager IMultisessionSequential
IMultisessionSequential2 IMultisessionRandomWrite IProgressItem IProgressItems'

n=0 done_n=0 notyet_n=0 nomeaning_n=0
errors=()
nofn=()
: >"$work/names"
declare -A seen=()
while IFS=$'\t' read -r _ line iface member kind cnames status; do
	n=$((n + 1))
	key="$iface $member $kind"
	[ -z "${seen[$key]:-}" ] || errors+=("line $line: $key is in the map twice (line ${seen[$key]})")
	seen[$key]=$line
	case "$kind" in
	get | put | method | event) ;;
	*) errors+=("line $line: $key: kind '$kind' is not get, put, method or event") ;;
	esac
	# shellcheck disable=SC2016 # the backquotes are literal
	names=$(grep -o '`[^`]*`' <<<"$cnames" | tr -d '`' || true)
	case "$status" in
	done)
		done_n=$((done_n + 1))
		if [ -z "$names" ]; then
			errors+=("line $line: $key is done but names no C function")
		else
			while IFS= read -r nm; do printf '%s\t%s\t%s\n' "$nm" "$line" "$iface $member ($kind)" >>"$work/names"; done <<<"$names"
		fi
		;;
	"not yet: issue "[0-9]*)
		notyet_n=$((notyet_n + 1))
		[[ $data_side == *" $iface "* ]] && nofn+=("$iface $member ($kind): $status")
		:
		;;
	"no meaning on Linux: "?*) nomeaning_n=$((nomeaning_n + 1)) ;;
	*) errors+=("line $line: $key: status '$status' is not done / not yet: issue N / no meaning on Linux: reason") ;;
	esac
done < <(grep '^ROW' "$work/rows")
cut -f3 "$work/rows" | sort -u >"$work/ifaces"
for i in $seed_ifaces; do
	grep -qx "$i" "$work/ifaces" || errors+=("interface $i of seed 004 has no rows")
done

# ---- the C names, compiled against the headers -----------------------------
# One use per line of check.c; a compiler error on a line names what is
# missing. name() = a function (its address), struct s.m.n = a member,
# else a type.
{
	echo '#include <stddef.h>'
	for h in $headers; do
		[ "$h" = discburn/version.h ] && [ -z "$build" ] && continue # generated
		echo "#include <$h>"
	done
	echo 'void imapi_map_check(void);'
	echo 'void imapi_map_check(void) {'
} >"$work/check.c"
first=$(($(wc -l <"$work/check.c") + 1))
cut -f1,2 "$work/names" | sort -u -t$'\t' -k1,1 >"$work/unames"
while IFS=$'\t' read -r nm line; do
	if [[ $nm =~ ^([a-z_][a-z0-9_]*)\(\)$ ]]; then
		echo "(void)&${BASH_REMATCH[1]};"
	elif [[ $nm =~ ^struct\ ([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_.]*)$ ]]; then
		echo "(void)sizeof(((struct ${BASH_REMATCH[1]} *)0)->${BASH_REMATCH[2]});"
	elif [[ $nm =~ ^[a-z_][a-z0-9_]*$ ]]; then
		echo "{ $nm *p = NULL; (void)p; }"
	else
		echo "#error map line $line: '$nm' is not name(), struct s.member or a type"
	fi
done <"$work/unames" >>"$work/check.c"
echo '}' >>"$work/check.c"
LC_ALL=C "$cc" -std=c11 -Wall -Wextra -fsyntax-only -fmax-errors=0 -I"$inc" "$work/check.c" \
	>"$work/cc.log" 2>&1 || true
missing=()
declare -A is_missing=()
other=$(grep ': error:' "$work/cc.log" | grep -v "^$work/check.c:" || true)
[ -z "$other" ] || { cat "$work/cc.log"; fail "the headers do not compile: $other"; }
while IFS= read -r l; do
	idx=$((l - first + 1))
	[ "$idx" -ge 1 ] || { cat "$work/cc.log"; fail "the headers do not compile (check.c line $l)"; }
	nm=$(sed -n "${idx}p" "$work/unames" | cut -f1)
	missing+=("$nm (map line $(sed -n "${idx}p" "$work/unames" | cut -f2))")
	is_missing[$nm]=1
	# Each data-side row naming it has no C function yet.
	while IFS=$'\t' read -r _ _ what; do
		[[ $data_side == *" ${what%% *} "* ]] && nofn+=("$what: $nm")
	done < <(awk -F'\t' -v n="$nm" '$1 == n' "$work/names")
done < <(grep -o "^$work/check.c:[0-9]*:[0-9]*: error" "$work/cc.log" | cut -d: -f2 | sort -un)

# Declared is not enough for a function: it must be in a library too.
unexported=()
if [ "${#libs[@]}" -gt 0 ]; then
	for l in "${libs[@]}"; do nm -D --defined-only "$l" | awk '{print $3}'; done | sort -u >"$work/exports"
	while IFS=$'\t' read -r nm line; do
		[[ $nm =~ ^([a-z_][a-z0-9_]*)\(\)$ ]] || continue
		f=${BASH_REMATCH[1]}
		[ -z "${is_missing[$nm]:-}" ] || continue
		grep -qx "$f" "$work/exports" || unexported+=("$f() (map line $line)")
	done <"$work/unames"
fi

echo "test_imapi_map: $map against $from"
status=0
if [ "${#errors[@]}" -gt 0 ]; then
	echo "map errors:"
	printf '  %s\n' "${errors[@]}"
	status=1
fi
if [ "${#missing[@]}" -gt 0 ]; then
	echo "C names in done rows that no installed header declares (${#missing[@]}):"
	printf '  %s\n' "${missing[@]}"
	status=1
fi
if [ "${#unexported[@]}" -gt 0 ]; then
	echo "functions declared but exported by no installed library (${#unexported[@]}):"
	printf '  %s\n' "${unexported[@]}"
	status=1
fi
# A row can lack several names: count members, not names.
nofn_n=0
if [ "${#nofn[@]}" -gt 0 ]; then
	nofn_n=$(for x in "${nofn[@]}"; do echo "${x%%: *}"; done | sort -u | wc -l)
	echo "data-side members without a C function ($nofn_n):"
	printf '  %s\n' "${nofn[@]}"
	status=1
fi
echo "$n members: $done_n done, $notyet_n not yet, $nomeaning_n no meaning on Linux, $nofn_n data-side members without a C function"
[ "$status" = 0 ] || fail "the map and the headers disagree (see above)"
echo "ok: every C name of a done row is declared ($(wc -l <"$work/unames") names)"
