# Fault injection from the shell: `mmcemu faults` lists the presets, and
# `mmcemu raw --faults PLAN` runs a power-on under a preset or a plan file.
. "$(dirname "$0")/lib.sh" "$@"

"$MMCEMU" faults >presets.txt
[ "$(wc -l <presets.txt)" -ge 10 ] || fail "presets: $(cat presets.txt)"
grep -q '^LOSS_OF_STREAMING .*E_IMAPI_LOSS_OF_STREAMING' presets.txt || fail "no LOSS_OF_STREAMING"
"$MMCEMU" faults loss_of_streaming >plan.txt
grep -q '^on WRITE' plan.txt || fail "preset rules: $(cat plan.txt)"
expect_exit 2 "$MMCEMU" faults NO_SUCH_PRESET

"$MMCEMU" new --profile cd-r d
# The preset's first command is the power-on TEST UNIT READY: the tray opens.
expect_exit 1 "$MMCEMU" raw d --faults NO_MEDIA "00 00 00 00 00 00"
grep -q '^sense:  2/3A/02' out.txt || fail "NO_MEDIA: $(cat out.txt)"

# A plan file: the first INQUIRY gets no reply, the second is answered.
printf 'on INQUIRY nth 1 do drop\n' >drop.plan
expect_exit 1 "$MMCEMU" raw d --faults "$WORK/drop.plan" "12 00 00 00 24 00" "12 00 00 00 24 00"
grep -q '^status: no reply' out.txt || fail "drop: $(cat out.txt)"
expect_exit 1 "$MMCEMU" raw d -k --faults "$WORK/drop.plan" "12 00 00 00 24 00" "12 00 00 00 24 00"
grep -q '^status: GOOD' out.txt || fail "after the drop: $(cat out.txt)"

expect_exit 2 "$MMCEMU" raw d --faults "$WORK/missing.plan" "00 00 00 00 00 00"
printf 'on FROB do nothing\n' >bad.plan
expect_exit 2 "$MMCEMU" raw d --faults "$WORK/bad.plan" "00 00 00 00 00 00"
grep -q 'bad.plan:1' err.txt || fail "plan error without file:line: $(cat err.txt)"
expect_exit 2 "$MMCEMU" raw d --clock sundial "00 00 00 00 00 00"
expect_exit 0 "$MMCEMU" raw d --clock virtual "00 00 00 00 00 00"
echo ok
