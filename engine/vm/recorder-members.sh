#!/bin/sh
# IDiscRecorder2 members on a drive the kernel exposes (issue 14): MCN
# stops the kernel's media polling of the disk (events_poll_msecs 0) and
# gives back what it was, on EnableMcn and on close; the unique id is the
# same through /dev/srN, /dev/sgN and DiscMaster2's Item; VolumeName and
# LegacyDeviceNumber name the sr disk. Run with:
#   vm/run --build BUILD engine/vm/recorder-members.sh
. /src/vm/scenarios/lib.sh
need_attach
P=$(find_bin recorder_probe) || die "recorder_probe was not built"

drive_new m dvd+rw || die "attach dvd+rw"
sr=${m_sr#/dev/}
knob=/sys/block/$sr/events_poll_msecs
log "drive: $m_sr $m_sg; $knob = $(cat $knob)"
[ -e "$knob" ] || die "no $knob on this kernel"

$P "$m_sr" >$RESULTS/probe-sr.txt 2>&1
$P "$m_sg" >$RESULTS/probe-sg.txt 2>&1
cat $RESULTS/probe-sr.txt
check "VolumeName is the sr node" dvd+rw grep -qx "volume=$m_sr" $RESULTS/probe-sr.txt
check "VolumeName through sg" dvd+rw grep -qx "volume=$m_sr" $RESULTS/probe-sg.txt
check "LegacyDeviceNumber" dvd+rw grep -qx "legacy=${sr#sr}" $RESULTS/probe-sr.txt
id_sr=$(sed -n 's/^active=//p' $RESULTS/probe-sr.txt)
id_sg=$(sed -n 's/^active=//p' $RESULTS/probe-sg.txt)
log "ActiveDiscRecorder: $id_sr"
check "ActiveDiscRecorder from the drive" dvd+rw test -n "$id_sr"
check "same id through sr and sg" dvd+rw test "$id_sr" = "$id_sg"
$P --items >$RESULTS/items.txt 2>&1
cat $RESULTS/items.txt
check "DiscMaster2 Item is ActiveDiscRecorder" dvd+rw grep -qx "item[0-9]*=$id_sr" $RESULTS/items.txt
check "IsSupportedEnvironment (root, a drive)" dvd+rw grep -qx "supported=1" $RESULTS/items.txt

echo 1500 >$knob
$P "$m_sr" 3 >$RESULTS/mcn.txt 2>&1 &
pid=$!
i=0
while ! grep -q mcn-disabled $RESULTS/mcn.txt && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
during=$(cat $knob)
wait $pid
after=$(cat $knob)
log "events_poll_msecs: 1500 -> $during during DisableMcn -> $after after EnableMcn"
check "DisableMcn stops polling" dvd+rw test "$during" = 0
check "EnableMcn restores it" dvd+rw test "$after" = 1500

$P "$m_sr" 1 close >$RESULTS/mcn-close.txt 2>&1
check "close restores it" dvd+rw test "$(cat $knob)" = 1500

"$ATTACH" detach m
finish
