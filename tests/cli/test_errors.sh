# Exit status: 2 for bad arguments, unknown profiles, unreadable files;
# 1 when a command gets CHECK CONDITION; one message on stderr.
. "$(dirname "$0")/lib.sh" "$@"

"$MMCEMU" new --profile cd-r d

expect_exit 2 "$MMCEMU"
expect_exit 2 "$MMCEMU" frobnicate
expect_exit 2 "$MMCEMU" --bogus profiles
expect_exit 2 "$MMCEMU" --profiles-dir
expect_exit 2 "$MMCEMU" --profiles-dir "$WORK/nowhere" profiles
expect_exit 2 "$MMCEMU" new d2
expect_exit 2 "$MMCEMU" new --profile no-such-medium d2
grep -q 'no-such-medium' err.txt || fail "unknown profile not named: $(cat err.txt)"
[ ! -e d2 ] || fail "a failed new left d2 behind"
expect_exit 2 "$MMCEMU" new --profile cd-r d
grep -q 'exists' err.txt || fail "overwrite refusal: $(cat err.txt)"
expect_exit 2 "$MMCEMU" show missing-disc
expect_exit 2 "$MMCEMU" show d --yaml
expect_exit 2 "$MMCEMU" raw d
expect_exit 2 "$MMCEMU" raw missing-disc "00 00 00 00 00 00"
expect_exit 2 "$MMCEMU" raw d "12 00 0"
expect_exit 2 "$MMCEMU" raw d "xx 00 00 00 00 00"
expect_exit 2 "$MMCEMU" raw d 12 00 00 00 60 00 # unquoted: six 1-byte CDBs
grep -q 'quote' err.txt || fail "unquoted CDB: $(cat err.txt)"
expect_exit 2 "$MMCEMU" raw d --save x.bin "12 00 00 00 24 00"
# Data-out must match what the CDB announces.
expect_exit 2 "$MMCEMU" raw d "55 10 00 00 00 00 00 00 40 00"
head -c 10 /dev/zero >short.bin
expect_exit 2 "$MMCEMU" raw d "55 10 00 00 00 00 00 00 40 00" --send short.bin
expect_exit 2 "$MMCEMU" raw d "12 00 00 00 24 00" --send short.bin
expect_exit 2 "$MMCEMU" raw d "55 10 00 00 00 00 00 00 40 00" --send "$WORK/nope.bin"
[ "$(wc -l <err.txt)" = 1 ] || fail "more than one line of error: $(cat err.txt)"
expect_exit 2 "$MMCEMU" raw d "12 00 00 00 24 00" --save "$WORK/no/such/dir/x.bin"

# attach/detach (when built with libmmcemu_attach): argument errors are
# found before any kernel object is made, and leave no disc behind.
if "$MMCEMU" --help | grep -q '^  attach'; then
	expect_exit 2 "$MMCEMU" attach
	expect_exit 2 "$MMCEMU" attach --profile no-such-medium new-disc
	[ ! -e new-disc ] || fail "a failed attach left new-disc behind"
	expect_exit 2 "$MMCEMU" attach missing-disc
	grep -q -- '--profile' err.txt || fail "attach without profile: $(cat err.txt)"
	expect_exit 2 "$MMCEMU" detach
fi

# CHECK CONDITION: exit 1, sense decoded by name.
expect_exit 1 "$MMCEMU" raw d "12 00 80 00 FF 00"
grep -q '^sense:  5/24/00 ILLEGAL_INVALID_FIELD_IN_CDB' out.txt || fail "$(cat out.txt)"
grep -q '^field:  CDB byte 2 bit 7' out.txt || fail "$(cat out.txt)"
# The first failure stops the list; -k goes on.
expect_exit 1 "$MMCEMU" raw d FF "12 00 00 00 24 00"
! grep -q INQUIRY out.txt || fail "ran past the failure"
expect_exit 1 "$MMCEMU" raw d -k FF "12 00 00 00 24 00"
grep -q INQUIRY out.txt || fail "-k did not go on"
# Each invocation is a fresh power-on whose unit attention is consumed.
expect_exit 0 "$MMCEMU" raw d "00 00 00 00 00 00"
echo ok
