#!/bin/sh
# bench: N emulated drives (1, 2, 4, 8) burning at once in ONE tcmu-runner,
# each a DVD+RW on the unlimited clock, each burnt by its own `discburn
# write` on its /dev/sgN.
#   vm/run --build BUILD bench/vm/scale.sh [MIB-PER-DRIVE] [N...]
# One line per N in $RESULTS/scale.txt:
#   drives=N bytes=TOTAL wall_s=.. user_s=.. sys_s=.. maxrss_kib=.. status=..
. /src/vm/scenarios/lib.sh
need_attach
DB=$(find_bin discburn) || die "discburn was not built"
RU=$(find_bin bench-rusage) || die "bench-rusage was not built (bench/run builds it)"
MIB=${1:-32}
shift 2>/dev/null
COUNTS=${*:-1 2 4 8}
OUT=$RESULTS/scale.txt
: >"$OUT"
head -c $((MIB * 1048576)) /dev/urandom >/tmp/img || die "no image"
# Warm-up, not measured: the first run reads discburn and its libraries
# over 9p, which would be counted against N=1.
drive_new w dvd+rw --clock unlimited >/dev/null || die "attach w"
"$DB" write --drive "$w_sg" /tmp/img >/dev/null 2>&1
"$ATTACH" detach w; rm -f /tmp/disc-w /tmp/disc-w.*

for N in $COUNTS; do
	sgs=
	i=1
	while [ $i -le "$N" ]; do
		drive_new "s$i" dvd+rw --clock unlimited >/dev/null || die "attach s$i"
		eval "sgs=\"\$sgs \$s${i}_sg\""
		i=$((i + 1))
	done
	log "$N drive(s):$sgs"
	# One shell starts every burn and waits for all: its wall time is the
	# aggregate's, its children's CPU time the burners'.
	"$RU" -o /tmp/st sh -c '
		db=$1 img=$2; shift 2; st=0 pids=
		for g in "$@"; do
			"$db" write --drive "$g" "$img" >/tmp/log-${g##*/} 2>&1 &
			pids="$pids $!"
		done
		for p in $pids; do wait $p || st=1; done
		exit $st' sh "$DB" /tmp/img $sgs
	echo "drives=$N bytes=$((N * MIB * 1048576)) $(cat /tmp/st)" | tee -a "$OUT"
	for g in $sgs; do cp "/tmp/log-${g##*/}" "$RESULTS/scale-$N-${g##*/}.log"; done
	i=1
	while [ $i -le "$N" ]; do
		"$ATTACH" detach "s$i"; rm -f "/tmp/disc-s$i" "/tmp/disc-s$i".*
		i=$((i + 1))
	done
done
finish
