# mmcemu rm DISC removes a disc whole (DISC, DISC.img, the drive's
# leftovers), removes an orphan DISC.img whose DISC is gone, and refuses a
# file that is not an emulated disc and a disc a drive holds. An orphan
# image is named wherever a disc is opened (issue 12 item 9).
. "$(dirname "$0")/lib.sh" "$@"

"$MMCEMU" new --profile dvd+r d
[ -e d ] && [ -e d.img ] || fail "new made no disc"
: >d.lock
expect_exit 0 "$MMCEMU" rm d
[ ! -e d ] && [ ! -e d.img ] && [ ! -e d.lock ] || fail "rm left $(ls d*)"

# Not a disc: refused, and left alone.
echo 'hello' >notes
: >notes.img
expect_exit 2 "$MMCEMU" rm notes
grep -q 'notes is not an emulated disc' err.txt || fail "refusal: $(cat err.txt)"
[ -e notes ] && [ -e notes.img ] || fail "rm touched a file that is not a disc"
mkdir dir
expect_exit 2 "$MMCEMU" rm dir
[ -d dir ] || fail "rm removed a directory"

# Nothing there.
expect_exit 2 "$MMCEMU" rm nothing
grep -q 'no such disc' err.txt || fail "missing disc: $(cat err.txt)"
expect_exit 2 "$MMCEMU" rm
expect_exit 2 "$MMCEMU" rm a b

# An orphan image: every opener names it, none recreates the disc over it.
"$MMCEMU" new --profile cd-r o
printf 'keep' | dd of=o.img bs=1 seek=4096 conv=notrunc status=none
rm o
expect_exit 2 "$MMCEMU" show o
grep -q 'o.img: orphan image: its metadata o is missing' err.txt || fail "show: $(cat err.txt)"
grep -q 'mmcemu rm o' err.txt || fail "no way out named: $(cat err.txt)"
expect_exit 2 "$MMCEMU" new --profile cd-r o
grep -q 'orphan image' err.txt || fail "new: $(cat err.txt)"
[ ! -e o ] && [ "$(bytes o.img 4096 4)" = 6b656570 ] || fail "new overwrote the orphan image"
# attach (built whenever emulator/attach/ is in the tree, as here) refuses
# it before any kernel object exists, with or without --profile, and
# leaves the image alone.
expect_exit 2 "$MMCEMU" attach o
grep -q 'o.img: orphan image' err.txt || fail "attach: $(cat err.txt)"
expect_exit 2 "$MMCEMU" attach --profile cd-r o
grep -q 'o.img: orphan image' err.txt || fail "attach --profile: $(cat err.txt)"
[ "$(bytes o.img 4096 4)" = 6b656570 ] || fail "attach touched the orphan image"
expect_exit 0 "$MMCEMU" rm o
[ ! -e o.img ] || fail "the orphan image is still there"

# A disc a drive holds (the in-process drive's flock on DISC.lock).
"$MMCEMU" new --profile cd-r busy
exec 9>busy.lock
flock -x 9
expect_exit 2 "$MMCEMU" rm busy
grep -q 'in use by a drive' err.txt || fail "busy: $(cat err.txt)"
[ -e busy ] && [ -e busy.img ] || fail "rm removed a disc in use"
exec 9>&-
expect_exit 0 "$MMCEMU" rm busy
echo ok
