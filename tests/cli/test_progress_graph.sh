# Issue 13: the progress a user sees. A pipe (not a terminal) gets one
# line every 2 s with the speed in Nx of the medium, ETA, the drive's
# buffer (READ BUFFER CAPACITY) and the host ring, then a closing line
# with time and average Nx; --json-events carries the rate and both
# buffers; --graph FILE.svg on write and write-section writes a valid SVG
# with the speed and both buffers against the LBA.
. "$(dirname "$0")/lib.sh" "$@"
DISCBURN=$(dirname "$MMCEMU")/discburn
command -v xmllint >/dev/null || fail "xmllint missing (libxml2-utils, scripts/install-deps.sh)"

# 450 sectors paced at 1x CD (75 sectors/s) on the emulator's real
# clock: a 6 s burn, 32 KiB (16-sector) WRITEs.
head -c $((450 * 2048)) /dev/urandom >img
start=$(date +%s)
DISCBURN_EMU_CLOCK=real "$DISCBURN" write-section --drive emu:cd-r:cd --lba 0 \
	--sectors-per-second 75 --transfer 32768 img 2>err.txt >out.txt ||
	{ cat err.txt; fail "paced write-section"; }
took=$(($(date +%s) - start))
cat err.txt
[ "$took" -ge 5 ] || fail "the paced burn took ${took}s, not about 6"
lines=$(grep -c '^write: ' err.txt || true)
# One line per 2 s (and the last): 3 to 5 for 6 s, never one per WRITE.
[ "$lines" -ge 3 ] && [ "$lines" -le 5 ] || fail "$lines progress lines for a 6 s burn"
grep -Ev '^write: [0-9]+/450 sectors \([0-9]+%\), [0-9]+\.[0-9]x, ETA ([0-9]:[0-9]{2}:[0-9]{2}|-:--:--)(, drive buffer [0-9]+%)?, host buffer [0-9]+%$' \
	<(grep '^write: ' err.txt) && fail "a progress line not in the documented format"
grep -q '^write: 450/450 sectors (100%), .*, ETA 0:00:00, drive buffer [0-9]*%, host buffer' err.txt ||
	fail "no final line with the drive's buffer"
# The window's rate at 1x: 0.8x to 1.2x once it has samples.
tail_x=$(grep '^write: ' err.txt | sed -n '2p' | sed 's/.*), \([0-9.]*\)x,.*/\1/')
awk -v x="$tail_x" 'BEGIN { exit !(x >= 0.8 && x <= 1.2) }' || fail "current speed ${tail_x}x at 1x"
grep -Eq '^discburn: write-section: 450 sectors at LBA 0, written in 0:00:0[5-7], average (0\.9|1\.0|1\.1)x, [0-9]+ BURN-Free links?$' err.txt ||
	fail "no closing line with time and average Nx"

# A CD write through DiscFormat2Data: the postgap (150 sectors after the
# image) gets no second bar.
"$DISCBURN" write --drive emu:cd-r:cd2 img 2>err.txt >/dev/null || { cat err.txt; fail "CD write"; }
cat err.txt
grep -q '^writing data: 450/450 sectors' err.txt || fail "no data bar"
grep -q '/150 sectors' err.txt && fail "a second bar for the postgap"
grep -Eq "^discburn: write: 450 sectors at LBA 0, written in [0-9:]+, average [0-9.]+x, 0 BURN-Free links$" err.txt ||
	fail "no closing line with time and average Nx"
# Timed to the end of SYNCHRONIZE CACHE on the drive's (virtual) clock:
# the image fits the drive's buffer, so timing only the WRITEs gave
# thousands of x; a CD drive records at 52x at most.
avg=$(sed -n 's/^discburn: write: 450 sectors.*average \([0-9.]*\)x.*/\1/p' err.txt)
awk -v x="$avg" 'BEGIN { exit !(x >= 1 && x <= 52) }' || fail "average ${avg}x for a CD-R"

# --json-events: the existing keys, then the rate and both buffers.
"$DISCBURN" write-section --drive emu:dvd+rw:dvd --lba 0 --json-events img >ev.json 2>/dev/null ||
	fail "json write-section"
grep '"event":"progress"' ev.json | tail -1 >last.json
for k in '"last_written_lba":449' '"total_system_buffer":' '"rate_sectors_per_second":' \
	'"speed_x":' '"host_buffer_percent":' '"drive_buffer_size":' '"drive_buffer_free":' \
	'"drive_buffer_percent":'; do
	grep -q "$k" last.json || fail "$k not in $(cat last.json)"
done

# write (DiscFormat2Data): its WRITING_DATA events carry them too.
"$DISCBURN" write --drive emu:dvd+rw:dvd2 --json-events img >ev2.json 2>/dev/null || fail "json write"
grep '"current_action":"WRITING_DATA"' ev2.json | grep '"last_written_lba":449' | tail -1 >last2.json
for k in '"rate_sectors_per_second":' '"speed_x":' '"host_buffer_percent":' \
	'"drive_buffer_percent":'; do
	grep -q "$k" last2.json || fail "write: $k not in $(cat last2.json)"
done

# --graph on write-section and on write (DiscFormat2Data).
"$DISCBURN" write-section --drive emu:cd-r:g1 --lba 0 --graph ws.svg img 2>/dev/null ||
	fail "write-section --graph"
"$DISCBURN" write --drive emu:dvd+rw:g2 --verify quick --graph w.svg img 2>/dev/null ||
	fail "write --graph"
for svg in ws.svg w.svg; do
	xmllint --noout "$svg" || fail "$svg is not well-formed XML"
	[ "$(grep -c '<polyline' "$svg")" = 3 ] || fail "$svg: not 3 polylines (speed, drive, host)"
	for label in '>LBA</text>' '>speed (x)</text>' '>buffer fill (%)</text>' \
		'class="speed"' 'class="drive-buffer"' 'class="host-buffer"'; do
		grep -qF "$label" "$svg" || fail "$svg: no $label"
	done
done
grep -q '<title>discburn write graph: DVD+RW</title>' w.svg || fail "w.svg: no medium in the title"

# A host that stalls for 4 s mid-burn on the real clock (the pipe stops
# feeding it): the 8 MiB ring and the drive's buffer run dry, the drive
# links with BURN-Free, and both the closing line and the graph say so.
head -c $((8192 * 2048)) /dev/urandom >big
{ head -c $((6144 * 2048)) big; sleep 4; tail -c +$((6144 * 2048 + 1)) big; } |
	"$DISCBURN" --emu-clock real write --drive emu:cd-r:lk --size $((8192 * 2048)) \
		--graph lk.svg - 2>err.txt >/dev/null || { cat err.txt; fail "stalled write"; }
grep -Eq "^discburn: write: 8192 sectors at LBA 0, .*, [1-9][0-9]* BURN-Free links?$" err.txt ||
	{ cat err.txt; fail "no BURN-Free link in the closing line after a 4 s stall"; }
grep -q 'BURN-Free link' lk.svg || fail "lk.svg: the BURN-Free link is not marked"

# A burn a fault plan fails is marked where it stopped, with the sense.
"$DISCBURN" --fault-plan LOSS_OF_STREAMING write --drive emu:dvd+r:fp --graph fp.svg big \
	2>/dev/null >/dev/null && fail "LOSS_OF_STREAMING did not fail the burn"
grep -Eq 'failed: (sense 3/0C/09|E_IMAPI_LOSS_OF_STREAMING)' fp.svg || fail "fp.svg: the fault is not marked"

# A bad --graph is refused before anything is written.
expect_exit 2 "$DISCBURN" write --drive emu:dvd+rw:g3 --graph w.png img
grep -q "give a name ending in .svg" err.txt || fail "no message for --graph w.png"
expect_exit 2 "$DISCBURN" write-section --drive emu:cd-r:g4 --lba 0 --graph /nonexistent/x.svg img
grep -q "cannot write /nonexistent/x.svg" err.txt || fail "no message for an unwritable --graph"
echo "OK"
