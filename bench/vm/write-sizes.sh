#!/bin/sh
# bench (diagnosis, not timed): the WRITE commands each burner sends on
# the kernel path, from the kernel's scsi tracepoint: count and transfer
# lengths per tool, for docs/performance.md "What limits each number".
#   vm/run --build BUILD bench/vm/write-sizes.sh [MIB]
. /src/vm/scenarios/lib.sh
need_attach
DB=$(find_bin discburn) || die "discburn was not built"
MIB=${1:-8}
head -c $((MIB * 1048576)) /dev/urandom >/tmp/img || die "no image"
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs tracefs $T || die "no tracefs"
echo 1 >$T/events/scsi/scsi_dispatch_cmd_start/enable || die "no scsi tracepoint"
OUT=$RESULTS/write-sizes.txt
: >"$OUT"

n=0
one() { # TOOL PROFILE CMD... (with @SR@ / @SG@ replaced)
	tool=$1 prof=$2; shift 2
	n=$((n + 1))
	drive_new "w$n" "$prof" --clock unlimited >/dev/null || die "attach"
	eval "sr=\$w${n}_sr sg=\$w${n}_sg"
	set -- $(echo "$*" | sed "s|@SR@|$sr|g; s|@SG@|$sg|g")
	echo >$T/trace
	"$@" >"$RESULTS/ws-$tool-$prof.log" 2>&1 </dev/null
	st=$?
	# WRITE(10) 2a, WRITE(12) aa: txlen in blocks
	grep -E 'cmnd=.WRITE_(10|12)' $T/trace | sed -n 's/.*txlen=\([0-9]*\).*/\1/p' |
		sort -n | uniq -c | awk -v t="$tool" -v p="$prof" -v s=$st '
		{ n += $1; b += $1 * $2; sizes = sizes sprintf(" %dx%dKiB", $1, $2 * 2) }
		END { printf "tool=%s medium=%s status=%d writes=%d avg_kib=%.0f sizes:%s\n", t, p, s, n, n ? b * 2 / n : 0, sizes }' |
		tee -a "$OUT"
	"$ATTACH" detach "w$n"; rm -f "/tmp/disc-w$n" "/tmp/disc-w$n".*
}
one discburn dvd+rw "$DB" write --drive @SG@ /tmp/img
one xorriso-cdrecord dvd+rw xorriso -as cdrecord dev=@SR@ /tmp/img
one growisofs dvd+rw growisofs -use-the-force-luke=tty -Z @SR@=/tmp/img
one discburn cd-r "$DB" write --drive @SG@ /tmp/img
one wodim cd-r wodim -tao gracetime=2 dev=@SR@ /tmp/img
one xorriso-cdrecord cd-r xorriso -as cdrecord dev=@SR@ /tmp/img
grep -v '^#' $T/trace | head -n 5 >"$RESULTS/trace-sample.txt"
finish
