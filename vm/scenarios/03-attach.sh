#!/bin/sh
# libmmcemu_attach in the kernel: several drives at once, list, media change
# through tcmu-runner's reconfig (load another disc, eject), detach by name
# and by device node.
. /src/vm/scenarios/lib.sh
need_attach

drive_new a cd-r || die "attach a"
drive_new b bd-r || die "attach b"
drive_new c dvd+rw --clock unlimited || die "attach c"
"$ATTACH" list | tee /tmp/list.txt
check "attach x3" "cd-r,bd-r,dvd+rw" test "$(grep -c '^[abc] /dev/sr' /tmp/list.txt)" = 3
check "distinct nodes" - test "$a_sr" != "$b_sr" -a "$b_sr" != "$c_sr" -a "$a_sg" != "$c_sg"

media() { /lib/udev/cdrom_id "$1" | grep -E '^ID_CDROM_MEDIA_(STATE|CD_R|BD_R|DVD_PLUS_R|DVD_PLUS_RW)=' | tr '\n' ' '; }
echo "a: $(media $a_sr)"
check cdrom_id cd-r sh -c "/lib/udev/cdrom_id $a_sr | grep -q '^ID_CDROM_MEDIA_CD_R=1'"

log "media change on a: load a new dvd+r disc"
"$ATTACH" load a --profile dvd+r /tmp/disc-a2 || row "load (reconfig)" dvd+r fail
sg_turs "$a_sg" >/dev/null 2>&1   # consumes the 06/28/00 unit attention
sg_turs -v "$a_sg"; echo "TUR after load: $?"
echo "a: $(media $a_sr)"
check "load (reconfig)" dvd+r sh -c "/lib/udev/cdrom_id $a_sr | grep -q '^ID_CDROM_MEDIA_DVD_PLUS_R=1'"

log "eject a"
"$ATTACH" eject a || row "eject (reconfig)" - fail
sg_turs "$a_sg" >/dev/null 2>&1
sg_turs "$a_sg" 2>&1 | tee /tmp/tur.txt
check "eject (reconfig)" - grep -qi 'not ready' /tmp/tur.txt

log "a bad media change is refused and the drive keeps serving"
if "$ATTACH" load a --profile no-such-profile /tmp/disc-a3; then
	row "bad load refused" - fail
else
	row "bad load refused" - pass
fi
check "serving after refusal" - sg_inq "$a_sg" >/dev/null

log "detach by name, by /dev/srN and by /dev/sgN"
"$ATTACH" detach a "$b_sr" "$c_sg"
"$ATTACH" list | tee /tmp/list2.txt
check detach "x3" sh -c "test ! -s /tmp/list2.txt && test ! -e $a_sr && test ! -e $b_sr && test ! -e $c_sr"
check "target cleaned" - sh -c "test -z \"\$(ls $CFG/loopback 2>/dev/null | grep naa)\""

log "attach again after detach (names and nodes reusable)"
drive_new a cd-r || die "re-attach a"
check "re-attach" cd-r sg_inq "$a_sg" >/dev/null
"$ATTACH" detach a
finish
