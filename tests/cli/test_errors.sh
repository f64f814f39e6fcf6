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
expect_exit 2 "$MMCEMU" raw d --save x.bin "12 00 00 00 24 00"
# Data-out must match what the CDB announces.
expect_exit 2 "$MMCEMU" raw d "55 10 00 00 00 00 00 00 40 00"
head -c 10 /dev/zero >short.bin
expect_exit 2 "$MMCEMU" raw d "55 10 00 00 00 00 00 00 40 00" --send short.bin
expect_exit 2 "$MMCEMU" raw d "12 00 00 00 24 00" --send short.bin
expect_exit 2 "$MMCEMU" raw d "55 10 00 00 00 00 00 00 40 00" --send "$WORK/nope.bin"
[ "$(wc -l <err.txt)" = 1 ] || fail "more than one line of error: $(cat err.txt)"
expect_exit 2 "$MMCEMU" raw d "12 00 00 00 24 00" --save "$WORK/no/such/dir/x.bin"

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
