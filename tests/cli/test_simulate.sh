# --simulate (issue 13): `discburn write --simulate` and `write-section
# --simulate` on emulated CD-R and DVD-R go through the burn and leave the
# disc files byte-identical; DVD+R, DVD+RW and BD-R are refused with
# "... has no test write (simulation)" and nothing written; --simulate
# with --verify is a usage error.
. "$(dirname "$0")/lib.sh" "$@"
DISCBURN=$(dirname "$MMCEMU")/discburn

head -c $((600 * 2048)) /dev/urandom >img

same() { cmp -s "$1" "$1.before" && cmp -s "$1.img" "$1.img.before"; }
save() { cp --sparse=always "$1" "$1.before" && cp --sparse=always "$1.img" "$1.img.before"; }

for p in cd-r dvd-r; do
	"$MMCEMU" new --profile $p $p
	save $p
	expect_exit 0 "$DISCBURN" write --drive emu:$p:$p --simulate img
	grep -q "simulated 600 sectors at LBA 0 (test write)" err.txt || { cat err.txt; fail "$p: no summary"; }
	grep -q "finalization" err.txt && fail "$p: a simulated burn closed the session"
	same $p || fail "$p: write --simulate changed the disc files"
	expect_exit 0 "$DISCBURN" write-section --drive emu:$p:$p --lba 0 --simulate img
	grep -q "simulated 600 sectors at LBA 0 (test write)" err.txt || { cat err.txt; fail "$p: write-section: no summary"; }
	same $p || fail "$p: write-section --simulate changed the disc files"
	# The drive's page 05h is back to a real write: this one records.
	expect_exit 0 "$DISCBURN" write --drive emu:$p:$p img
	same $p && fail "$p: the real write after the simulation recorded nothing"
done

for p in dvd+r:DVD+R dvd+rw:DVD+RW bd-r:"BD-R sequential recording"; do
	prof=${p%%:*} name=${p#*:}
	"$MMCEMU" new --profile "$prof" "$prof"
	save "$prof"
	for cmd in "write" "write-section --lba 0"; do
		expect_exit 1 "$DISCBURN" $cmd --drive "emu:$prof:$prof" --simulate img
		grep -qF "$name has no test write (simulation): nothing was written" err.txt ||
			{ cat err.txt; fail "$prof $cmd: no refusal message"; }
		grep -q "E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE" err.txt || fail "$prof $cmd: no status"
		grep -q "writing data" err.txt && fail "$prof $cmd: wrote before refusing"
		same "$prof" || fail "$prof $cmd: the refused simulation changed the disc files"
	done
done

expect_exit 2 "$DISCBURN" write --drive emu:cd-r:cd-r --simulate --verify full img
grep -q "simulate" err.txt || fail "--simulate --verify: no reason given"
echo "simulate: ok"
