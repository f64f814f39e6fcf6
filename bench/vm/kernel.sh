#!/bin/sh
# bench: the kernel path (sg/sr -> tcm_loop -> TCMU -> tcmu-runner ->
# handler_mmcemu.so), every emulated drive on the unlimited clock, so the
# numbers are the path's and the burner's, not the medium's.
#   vm/run --build BUILD bench/vm/kernel.sh [MIB] [REPS] [PEER-REPS]
# discburn and the limits run REPS times (3), the peers PEER-REPS times (1:
# they take 5-10 times longer, more runs would not change the ranking and
# the VM's time is short); bench/run reports the fastest.
# One line per burn in $RESULTS/kernel.txt:
#   case=TOOL medium=M bytes=N wall_s=.. user_s=.. sys_s=.. maxrss_kib=.. status=..
# (CPU time is the burning process's; tcmu-runner's is not in it.)
. /src/vm/scenarios/lib.sh
need_attach
DB=$(find_bin discburn) || die "discburn was not built"
RU=$(find_bin bench-rusage) || die "bench-rusage was not built (bench/run builds it)"
MIB=${1:-64}
REPS=${2:-3}
PEER_REPS=${3:-1}
OUT=$RESULTS/kernel.txt
: >"$OUT"
IMG=/tmp/img
# Not zeros: nothing on the way may take a shortcut on empty sectors.
head -c $((MIB * 1048576)) /dev/urandom >"$IMG" || die "no image"
BYTES=$((MIB * 1048576))

n=0
fresh() { # PROFILE: a new blank disc in a new drive; sets sr sg dname
	n=$((n + 1)); dname=b$n
	drive_new "$dname" "$1" --clock unlimited >/dev/null || die "attach $1"
	eval "sr=\$${dname}_sr sg=\$${dname}_sg"
}
gone() { "$ATTACH" detach "$dname"; rm -f "/tmp/disc-$dname" "/tmp/disc-$dname".*; }

# burn CASE MEDIUM CMD...: one measured run, its output in
# $RESULTS/CASE-MEDIUM-REP.log. The output goes to tmpfs while the burner
# runs: every write to the 9p results share is a round trip through the
# emulated virtio device, and progress lines (discburn's --json-events,
# growisofs' and xorriso's progress) would be timed with the burn.
burn() {
	c=$1 m=$2; shift 2
	log "$c on $m: $*"
	"$RU" -o /tmp/st "$@" >/tmp/burn.log 2>&1 </dev/null
	cp /tmp/burn.log "$RESULTS/$c-$m-$rep.log"
	echo "case=$c medium=$m rep=$rep bytes=$BYTES $(cat /tmp/st)" | tee -a "$OUT"
}

rep=1
while [ $rep -le "$REPS" ]; do
	# DVD+RW: the first burn formats the blank disc (its --json-events
	# make the rate plot); then discburn on sg and on sr overwrite the
	# formatted disc, as the path's limits do, so the rows compare alike.
	fresh dvd+rw
	burn discburn-first dvd+rw "$DB" write --drive "$sg" --json-events "$IMG"
	burn discburn dvd+rw "$DB" write --drive "$sg" "$IMG"
	burn discburn-sr dvd+rw "$DB" write --drive "$sr" "$IMG"
	burn sg_dd dvd+rw sg_dd if="$IMG" of="$sg" bs=2048 bpt=128 count=$((BYTES / 2048))
	burn dd-direct dvd+rw dd if="$IMG" of="$sr" bs=256k oflag=direct
	gone
	# CD-R (TAO): discburn on sg and on sr (a fresh disc each), and raw
	# WRITE(10)s on a fresh disc. --no-reload: the tray reload after the
	# session is not part of the burn being timed.
	fresh cd-r
	burn discburn cd-r "$DB" write --no-reload --drive "$sg" "$IMG"
	gone
	fresh cd-r
	burn discburn-sr cd-r "$DB" write --no-reload --drive "$sr" "$IMG"
	gone
	fresh cd-r
	burn sg_dd cd-r sg_dd if="$IMG" of="$sg" bs=2048 bpt=128 count=$((BYTES / 2048))
	gone
	rep=$((rep + 1))
done
rep=1
while [ $rep -le "$PEER_REPS" ]; do
	for peer in xorriso growisofs; do
		fresh dvd+rw
		case $peer in
		xorriso) burn xorriso-cdrecord dvd+rw xorriso -as cdrecord dev="$sr" "$IMG" ;;
		growisofs) burn growisofs dvd+rw growisofs -use-the-force-luke=tty -Z "$sr=$IMG" ;;
		esac
		gone
	done
	# wodim counts down 5 s before it writes ("Last chance to quit");
	# gracetime=2 shortens that, and the 2 s stay in its time.
	for peer in wodim xorriso; do
		fresh cd-r
		case $peer in
		wodim) burn wodim cd-r wodim -tao gracetime=2 dev="$sr" "$IMG" ;;
		xorriso) burn xorriso-cdrecord cd-r xorriso -as cdrecord dev="$sr" "$IMG" ;;
		esac
		gone
	done
	rep=$((rep + 1))
done
finish
