#!/bin/sh
# Scenario 1 of issue 6: our handler serves a blank disc per profile; the
# kernel binds sr as an MMC drive (mode page 2Ah answered, so no "scsi-1"),
# and sg3-utils, udev's cdrom_id and the kernel's own probe see the profile
# and a blank medium.
. /src/vm/scenarios/lib.sh
[ -n "$VM_HANDLER" ] || die "handler_mmcemu.so was not built"

probe() { # profile  expected-current-profile-name  cdrom_id-media-key
	prof=$1 want=$2 key=$3
	name=probe_$(echo "$prof" | tr -c 'a-z0-9\n' '_')
	set -- $(tcmu_add "$name" "mmcemu/disc=/tmp/$name;profile=$prof" 1048576) ||
		{ row attach "$prof" fail; return; }
	sr=$1 sg=$2
	log "$prof on /dev/$sr /dev/$sg"
	msg=$(dmesg | grep "\[$sr\]" | tail -n 1)
	echo "kernel: $msg"
	case $msg in
	*scsi-1*) row "sr probe" "$prof" fail "$msg" ;;
	*scsi3-mmc*) row "sr probe" "$prof" pass "${msg#*] }" ;;
	*) row "sr probe" "$prof" fail "no sr line" ;;
	esac
	sg_inq /dev/$sg >/tmp/inq.txt 2>&1
	if grep -q 'Peripheral device type: cd/dvd' /tmp/inq.txt; then
		row sg_inq "$prof" pass
	else
		cat /tmp/inq.txt; row sg_inq "$prof" fail
	fi
	sg_get_config --brief /dev/$sg >/tmp/cfg.txt 2>&1
	head -n 3 /tmp/cfg.txt
	if grep -qi "Current profile: $want" /tmp/cfg.txt; then
		row sg_get_config "$prof" pass "$want"
	else
		cat /tmp/cfg.txt; row sg_get_config "$prof" fail "want $want"
	fi
	/lib/udev/cdrom_id /dev/$sr >/tmp/cdrom_id.txt 2>&1
	cat /tmp/cdrom_id.txt
	if grep -q "^ID_CDROM_MEDIA_$key=1" /tmp/cdrom_id.txt &&
		grep -q '^ID_CDROM_MEDIA_STATE=blank' /tmp/cdrom_id.txt; then
		row cdrom_id "$prof" pass "MEDIA_$key blank"
	else
		row cdrom_id "$prof" fail "want MEDIA_$key + blank"
	fi
	tcmu_del "$name"
}

probe cd-r "CD-R" CD_R
probe dvd+rw "DVD+RW" DVD_PLUS_RW
probe bd-r "BD-R" BD_R
finish
