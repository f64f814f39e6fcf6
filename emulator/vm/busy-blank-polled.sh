#!/bin/sh
# Issue 12 item 4: the drive answers while it blanks. A full BLANK of a
# CD-RW without Immed (the initiator waits for the status) runs on the real
# clock for about 90 s while the kernel's sr polls the drive (GET EVENT
# STATUS NOTIFICATION every 2 s) and this script sends TEST UNIT READY,
# REQUEST SENSE, GESN and INQUIRY through /dev/sgN in a loop. Each poll
# must come back within POLL_MAX s (busy: 02/04/07 with the progress; the
# others GOOD), the BLANK must complete GOOD after its time, and dmesg must
# show no SCSI timeout, abort or reset. With one command at a time (the
# drive lock held across the sleep, or one handler thread) the polls wait
# for the BLANK and the kernel's 30 s timeout fires.
. /src/vm/scenarios/lib.sh
need_attach

# The medium: an 8 cm CD-RW (21 min, 94,349 sectors), so the blank is
# bounded: lead-in + pregap 11,076 sectors + 94,349 at 16x (2,822 kB/s of
# 2352-byte sectors = 2,457,251 data bytes/s) = 87.9 s. The profile
# directory holds only this one.
BLANK_S=88
POLL_MAX=5
mkdir -p /tmp/prof
sed -e 's/^capacity = .*/capacity = 94349/' \
    -e 's/^description = .*/description = CD-RW 8 cm 21 min Ultra Speed/' \
    /src/media-profiles/cd-rw.ini >/tmp/prof/cd-rw-8cm.ini

# The BLANK lasts longer than TCMU's default 30 s command timeout.
drive_new b cd-rw-8cm --profiles /tmp/prof --clock real --cmd-timeout 300 || die "attach"
sr=${b_sr#/dev/} sg=$b_sg
sg_turs "$sg" >/dev/null 2>&1 # the power-on unit attention

# The kernel polls media events as udev sets it up on a desktop.
echo 2000 >"/sys/block/$sr/events_poll_msecs" || die "no events_poll_msecs for $sr"
# 2832 kB/s snaps down to 16x (2822), the fastest speed not above it.
check "16x write speed" cd-rw-8cm sg_raw "$sg" BB 00 FF FF 0B 10 00 00 00 00 00 00

now() { cut -d' ' -f1 /proc/uptime; }
dmesg_before=$(dmesg | wc -l)

# poll NAME CMD...: runs CMD, logs its time and exit status; fails the
# scenario when it took longer than POLL_MAX s.
slow=0
: >"$RESULTS/polls.log"
poll() {
	pn=$1; shift
	t0=$(now)
	"$@" >/tmp/poll.out 2>&1
	prc=$?
	t1=$(now)
	dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	echo "$t1 $pn rc=$prc ${dt}s $(tr '\n' ' ' </tmp/poll.out | cut -c1-160)" >>"$RESULTS/polls.log"
	if awk -v d="$dt" -v m="$POLL_MAX" 'BEGIN { exit !(d > m) }'; then
		echo "slow poll: $pn took ${dt}s"
		slow=$((slow + 1))
	fi
}

log "BLANK full, Immed=0, on $sg (about $BLANK_S s)"
t_start=$(now)
sg_raw -t 300 "$sg" A1 00 00 00 00 00 00 00 00 00 00 00 >"$RESULTS/blank.log" 2>&1 &
blank_pid=$!
sleep 1
polls=0 busy=0
while kill -0 "$blank_pid" 2>/dev/null; do
	poll tur sg_turs "$sg"
	grep -qi 'not ready' /tmp/poll.out && busy=$((busy + 1))
	poll request-sense sg_requests "$sg"
	poll gesn sg_raw -r 8 "$sg" 4A 01 00 00 10 00 00 00 08 00
	poll inquiry sg_inq "$sg"
	polls=$((polls + 1))
	sleep 2
done
wait "$blank_pid"
blank_rc=$?
t_end=$(now)
took=$(awk -v a="$t_start" -v b="$t_end" 'BEGIN { printf "%d", b - a }')
echo "BLANK: rc=$blank_rc after ${took}s; $polls poll rounds, $busy TURs said not ready, $slow slow"
cat "$RESULTS/blank.log"

check "BLANK Immed=0 GOOD" cd-rw-8cm test "$blank_rc" = 0
check "BLANK took its time" cd-rw-8cm test "$took" -ge $((BLANK_S - 5))
check "polls answered meanwhile" cd-rw-8cm test "$polls" -ge 10 -a "$slow" = 0
check "TUR busy while blanking" cd-rw-8cm test "$busy" -ge 5
check "ready after the blank" cd-rw-8cm sg_turs "$sg"
dmesg | tail -n +"$((dmesg_before + 1))" >"$RESULTS/dmesg-blank.txt"
if grep -iE 'timing out|timed out|time ?out|abort|reset' "$RESULTS/dmesg-blank.txt"; then
	row "no SCSI timeout/abort/reset in dmesg" cd-rw-8cm fail
else
	row "no SCSI timeout/abort/reset in dmesg" cd-rw-8cm pass
fi
"$ATTACH" detach b
finish
