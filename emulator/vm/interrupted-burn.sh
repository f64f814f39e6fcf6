#!/bin/sh
# Issue 12 item 7 on the kernel path: a real-clock CD-R burn through
# /dev/sgN cancelled with SIGINT at 40 %. The emulated drive stays powered
# (tcmu-runner serves it): its buffer drains onto the medium, and the next
# command the kernel or a tool sends brings the disc file up to the medium,
# every sector the host sent recorded, the track damaged (READ TRACK
# INFORMATION Damage, no NWA: MMC-5 6.27.3.7) as a power cut would leave it.
# After the drive goes (detach) and the disc comes back in a new drive, the
# sectors read back with the image's bytes, `discburn write` refuses the
# disc, CLOSE TRACK (sg_raw, as cdrecord -fix) closes the damaged track and
# the next `discburn write` appends a track after it.
. /src/vm/scenarios/lib.sh
need_attach
need_discburn write
MMCEMU=$(find_bin mmcemu) || die "mmcemu was not built"

head -c 16777216 /dev/urandom >/tmp/img # 8192 sectors: 2.3 s at 24x
head -c 819200 /dev/urandom >/tmp/small # 400 sectors

drive_new ib1 cd-r --clock real || die "attach"
sg=$ib1_sg
"$DB" write --drive "$sg" --speed 24x --json-events /tmp/img >/tmp/ev.txt 2>/tmp/err.txt &
pid=$!
sent=0 i=0
while [ $i -lt 200 ]; do # 20 s at most
	last=$(sed -n 's/.*"sector_count":8192,.*"last_written_lba":\([0-9]*\).*/\1/p' /tmp/ev.txt | tail -n 1)
	if [ -n "$last" ] && [ "$last" -ge 3276 ]; then
		kill -INT $pid; sent=1; break
	fi
	sleep 0.1; i=$((i + 1))
done
wait $pid
cp /tmp/ev.txt /tmp/err.txt "$RESULTS/" 2>/dev/null
check "SIGINT at 40 %" cd-r [ $sent = 1 ]
check "burn cancelled" cd-r grep -q E_IMAPI_REQUEST_CANCELLED /tmp/err.txt
accepted=$(( $(sed -n 's/.*"sector_count":8192,.*"last_written_lba":\([0-9]*\).*/\1/p' /tmp/ev.txt | tail -n 1) + 1 ))
echo "sectors sent before the cancel: $accepted"

# The drive drains its 2 MiB buffer in 0.6 s at 24x; then any command.
sleep 1
sg_turs "$sg" >/dev/null 2>&1
"$MMCEMU" show /tmp/disc-ib1 --json >/tmp/show1.json
cp /tmp/show1.json "$RESULTS/"
check "all sent sectors recorded (drive powered)" cd-r \
	grep -q "\"size\": $accepted, \"recorded\": $accepted, \"state\": \"invisible\", \"damaged\": true" /tmp/show1.json
"$ATTACH" detach ib1

# A new drive with the same disc.
out=$("$ATTACH" attach --name ib2 --profile cd-r /tmp/disc-ib1) || die "attach again"
echo "attached: $out"
set -- $out
sg=$3
sg_turs "$sg" >/dev/null 2>&1
sg_raw -r 48 "$sg" 52 01 00 00 00 01 00 00 30 00 >/tmp/rti.txt 2>&1
cp /tmp/rti.txt "$RESULTS/"
# Byte 5 = 24h (Damage, data track), byte 7 = 02h (LRA_V, no NWA_V).
check "READ TRACK INFORMATION: damaged, no NWA" cd-r grep -qE '00 2e 01 01 00 24 01 02' /tmp/rti.txt
check "drained sectors read back" cd-r sh -c "'$DB' read --drive $sg --lba 0 --sectors $accepted /tmp/back >/dev/null 2>&1 && cmp -n $((accepted * 2048)) /tmp/back /tmp/img"
"$DB" write --drive "$sg" /tmp/small >/tmp/refused.txt 2>&1
check "write refused" cd-r grep -q E_IMAPI_DF2DATA_INVALID_MEDIA_STATE /tmp/refused.txt
check "CLOSE TRACK" cd-r sg_raw "$sg" 5B 00 01 00 00 FF 00 00 00 00
next=$((accepted + 2 + 150))
"$DB" write --drive "$sg" /tmp/small >/tmp/append.txt 2>&1
cp /tmp/append.txt "$RESULTS/"
check "append after the damaged track" cd-r grep -q "400 sectors at LBA $next" /tmp/append.txt
check "appended track reads back" cd-r sh -c "'$DB' read --drive $sg --lba $next --sectors 400 /tmp/back2 >/dev/null 2>&1 && cmp /tmp/back2 /tmp/small"
"$ATTACH" detach ib2
finish
