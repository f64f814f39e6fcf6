#!/bin/sh
# Scenario 5 of issue 6: two emulated drives burning at the same time
# (one tcmu-runner, two devices, two command threads), each result mounts
# and compares. With discburn write available, it burns both; otherwise
# xorriso and growisofs do.
. /src/vm/scenarios/lib.sh
need_attach

make_tree /tmp/t1 one
make_tree /tmp/t2 two
# Big enough that the two burns overlap in time (checked below).
head -c 25165824 /dev/urandom >/tmp/t1/bulk-one.bin
head -c 25165824 /dev/urandom >/tmp/t2/bulk-two.bin
xorriso -as mkisofs -quiet -R -J -V ONE -o /tmp/one.iso /tmp/t1 || die "mkisofs"
xorriso -as mkisofs -quiet -R -J -V TWO -o /tmp/two.iso /tmp/t2 || die "mkisofs"

up() { tr -d . </proc/uptime | cut -d' ' -f1; }

pair() { # ID LABEL "CMD-A" "CMD-B" (simple words only; uses $x_* and $y_*)
	id=$1 label=$2
	t0=$(date +%s)
	# shellcheck disable=SC2086
	(up >/tmp/$id-a.start; run_logged "two-$id-a" $3; st=$?; up >/tmp/$id-a.end; exit $st) & pa=$!
	# shellcheck disable=SC2086
	(up >/tmp/$id-b.start; run_logged "two-$id-b" $4; st=$?; up >/tmp/$id-b.end; exit $st) & pb=$!
	wait $pa; sa=$?
	wait $pb; sb=$?
	secs=$(( $(date +%s) - t0 ))
	# The burns really ran at the same time: each started before the
	# other ended (uptime in centiseconds).
	as=$(cat /tmp/$id-a.start) ae=$(cat /tmp/$id-a.end)
	bs=$(cat /tmp/$id-b.start) be=$(cat /tmp/$id-b.end)
	echo "burn a: $as..$ae  burn b: $bs..$be (1/100 s of uptime)"
	if [ "$as" -lt "$be" ] && [ "$bs" -lt "$ae" ]; then
		row "$label overlap" "$mx+$my" pass "a $(( (ae - as) / 100 )) s, b $(( (be - bs) / 100 )) s"
	else
		row "$label overlap" "$mx+$my" fail "the burns did not overlap"
	fi
	reload "$x_sg"; reload "$y_sg"
	if [ $sa = 0 ] && mount_cmp "$x_sr" /tmp/t1; then
		row "$label (parallel)" "$mx" pass "${secs} s for both"
	else
		row "$label (parallel)" "$mx" fail "exit $sa"
	fi
	if [ $sb = 0 ] && mount_cmp "$y_sr" /tmp/t2; then
		row "$label (parallel)" "$my" pass "${secs} s for both"
	else
		row "$label (parallel)" "$my" fail "exit $sb"
	fi
}

mx=cd-r my=dvd+r
drive_new x $mx || die "attach x"
drive_new y $my || die "attach y"
pair tools "xorriso + growisofs" "xorriso -as cdrecord -v dev=$x_sr /tmp/one.iso" \
	"growisofs -use-the-force-luke=tty -Z $y_sr=/tmp/two.iso"
"$ATTACH" detach x y

if DB=$(find_bin discburn) && "$DB" --help 2>&1 | grep -qE '^[[:space:]]*(discburn[[:space:]]+)?write([[:space:]]|$)'; then
	# New names: a drive's disc file is /tmp/disc-NAME, and the first
	# pair's discs hold other profiles.
	mx=dvd+rw my=bd-r
	drive_new x2 $mx || die "attach x2"
	drive_new y2 $my || die "attach y2"
	x_sr=$x2_sr x_sg=$x2_sg y_sr=$y2_sr y_sg=$y2_sg
	pair discburn "discburn write" "$DB write --drive $x_sg /tmp/one.iso" \
		"$DB write --drive $y_sg /tmp/two.iso"
	"$ATTACH" detach x2 y2
else
	row "discburn write (parallel)" - skip "no discburn write yet"
fi
finish
