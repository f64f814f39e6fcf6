#!/usr/bin/env bash
# Every option a subcommand accepts is documented twice: in
# `TOOL COMMAND --help` and in the command's section of the man page
# (docs/man/TOOL.1.scd, "## COMMAND ..."). The accepted options are read
# from the sources (getopt_long tables and option string literals of the
# file that defines the command's entry point), so an option added to a
# command and not to its help or man page fails here.
#   help_man_check.sh SOURCE_DIR DISCBURN MMCEMU MAN_DIR
set -euo pipefail
src=$1 discburn=$2 mmcemu=$3 man=$4
fail() { echo "help_man_check: FAIL: $*" >&2; exit 1; }
checked=0

# check TOOL BINARY SOURCE_FILE ENTRY_REGEX OPTION_REGEX
check() {
	local tool=$1 bin=$2 file=$3 entry=$4 optre=$5
	local cmds opts
	# Entry points that are subcommands the tool's --help lists (not helpers
	# such as cli_fail of the same shape).
	cmds=$(sed -nE "s/$entry/\\1/p" "$file" | tr _ - | while read -r c; do
		"$bin" --help | grep -qE "^  (discburn )?$c( |\$)" && echo "$c"; done || true)
	[ -n "$cmds" ] || return 0
	opts=$(grep -oE "$optre" "$file" | sed -E 's/^[{]?"(--)?([a-z0-9-]+)".*/\2/' | sort -u || true)
	for c in $cmds; do
		"$bin" "$c" --help >"$tmp/help.$c" || fail "$tool $c --help exited $?"
		grep -q "^usage: $tool $c" "$tmp/help.$c" || fail "$tool $c --help: no usage line"
		# The man page's section for this command: from "## c" to the next "#".
		awk -v c="$c" '/^#/ {on = ($0 ~ "^## " c "( |$)")} on' "$man/$tool.1.scd" >"$tmp/man.$c"
		[ -s "$tmp/man.$c" ] || fail "$tool.1.scd has no section '## $c'"
	done
	for o in $opts; do
		local in_help=0 in_man=0
		for c in $cmds; do
			grep -qE -- "--$o([^a-z-]|\$)" "$tmp/help.$c" && in_help=1
			grep -qE -- "\*--$o\*" "$tmp/man.$c" && in_man=1
		done
		[ $in_help = 1 ] || fail "$tool $(echo $cmds) accepts --$o ($file) but --help does not list it"
		[ $in_man = 1 ] || fail "$tool $(echo $cmds) accepts --$o ($file) but $tool.1.scd does not document it"
		checked=$((checked + 1))
	done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$src"/engine/cli/cmd_*.c; do
	check discburn "$discburn" "$f" '^int cli_cmd_([a-z_]+)\(.*' '\{"[a-z0-9-]+", *(no|required|optional)_argument'
done
for f in "$src"/emulator/tools/cli_*.c; do
	check mmcemu "$mmcemu" "$f" '^int cli_([a-z_]+)\(const struct cli \*cli.*' '"--[a-z][a-z0-9-]+"'
done
[ "$checked" -gt 30 ] || fail "only $checked options found: the source patterns no longer match"
echo "ok: $checked options, each in --help and in the man page"
echo "1 passed, 0 failed"
