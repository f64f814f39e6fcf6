#!/bin/sh
# The engine's SG_IO transport for real: discburn against a drive the
# kernel exposes (tcm_loop + TCMU, served by libmmcemu through
# tcmu-runner), on /dev/sgN and /dev/srN. Run with:
#   vm/run --build BUILD engine/vm/sg-write-read.sh
. /src/vm/scenarios/lib.sh
need_attach
DB=$(find_bin discburn) || die "discburn was not built"

drive_new w dvd+rw || die "attach dvd+rw"
log "drive: $w_sr $w_sg"

check "drives (sysfs)" dvd+rw sh -c "$DB drives --json | tee $RESULTS/drives.json | grep -q '\"sg\":\"$w_sg\"'"
check "info --json (sg)" dvd+rw sh -c "$DB info --drive $w_sg --json | tee $RESULTS/info-sg.json | grep -q '\"current_profile_name\":\"DVD+RW\"'"
check "info (sr)" dvd+rw sh -c "$DB info --drive $w_sr | tee $RESULTS/info-sr.txt | grep -q 'DVD+RW'"

head -c 8388608 /dev/urandom >/tmp/img
check "write-section (sg)" dvd+rw run_logged ws-sg $DB write-section --drive "$w_sg" --lba 0 /tmp/img
check "read (sg)" dvd+rw run_logged rd-sg $DB read --drive "$w_sg" /tmp/out
check "identical (sg)" dvd+rw cmp /tmp/img /tmp/out

check "write-section --streaming-write12 (sr)" dvd+rw run_logged ws-sr \
	$DB write-section --drive "$w_sr" --lba 8192 --streaming-write12 --json-events /tmp/img
check "read (sr)" dvd+rw run_logged rd-sr $DB read --drive "$w_sr" --lba 8192 --sectors 4096 /tmp/out2
check "identical (sr)" dvd+rw cmp /tmp/img /tmp/out2

log "exclusive access and cancel: a paced write holds the drive"
$DB write-section --drive "$w_sg" --lba 0 --sectors-per-second 400 /tmp/img 2>$RESULTS/paced.txt &
pid=$!
sleep 2
$DB info --drive "$w_sg" >/dev/null 2>$RESULTS/locked.txt
check "second open refused" dvd+rw grep -q 'E_IMAPI_RECORDER_LOCKED (0xC0AA0210)' $RESULTS/locked.txt
# Issue 12 item 14: named /dev/sgN, the transport also holds the bound
# /dev/srN (its READ/WRITEs go there) and locks it with sgN.
ls -l /proc/$pid/fd >$RESULTS/paced-fds.txt 2>&1
check "data node: the bound sr is open" dvd+rw grep -q " -> $w_sr\$" $RESULTS/paced-fds.txt
$DB info --drive "$w_sr" >/dev/null 2>$RESULTS/locked-sr.txt
check "second open through sr refused" dvd+rw grep -q 'E_IMAPI_RECORDER_LOCKED (0xC0AA0210)' $RESULTS/locked-sr.txt
kill -INT $pid
wait $pid
echo "paced write exit: $?"
check "Ctrl-C cancels" dvd+rw grep -q 'E_IMAPI_REQUEST_CANCELLED (0xC0AA0002)' $RESULTS/paced.txt
check "drive free again" dvd+rw sh -c "$DB info --drive $w_sg >/dev/null"

$DB info --drive /dev/sg99 2>$RESULTS/nodev.txt
check "missing node" - grep -q 'ERROR_FILE_NOT_FOUND' $RESULTS/nodev.txt

# No sr bound to the sg node (sr_mod unloaded): everything goes through sg.
if rmmod sr_mod 2>$RESULTS/rmmod.txt; then
	check "no sr: write-section (sg only)" dvd+rw run_logged ws-nosr $DB write-section --drive "$w_sg" --lba 0 /tmp/img
	check "no sr: read (sg only)" dvd+rw run_logged rd-nosr $DB read --drive "$w_sg" --sectors 4096 /tmp/out3
	check "no sr: identical" dvd+rw cmp /tmp/img /tmp/out3
else
	row "no sr: rmmod sr_mod" dvd+rw fail "$(cat $RESULTS/rmmod.txt)"
fi

"$ATTACH" detach w
finish
