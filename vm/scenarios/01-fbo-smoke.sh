#!/bin/sh
# Proves the kernel path with tcmu-runner's own optical handler (fbo,
# handler_file_optical.so) before ours is involved: configfs device -> sr/sg
# nodes -> INQUIRY/GET CONFIGURATION answered -> an ISO9660 image placed in
# the backing file mounts through sr and compares. (fbo has no mode page 2Ah,
# so the kernel calls it "scsi-1", and libburn times out on it: writing is
# what our handler is for.)
. /src/vm/scenarios/lib.sh

log "backing file holding an ISO image"
mkdir -p /tmp/tree
for i in 1 2 3; do head -c $((i * 300000)) /dev/urandom >/tmp/tree/file$i; done
xorriso -as mkisofs -quiet -o /tmp/fbo0.img /tmp/tree || die "mkisofs"
truncate -s $((64 * 1024 * 1024)) /tmp/fbo0.img

log "fbo device"
set -- $(tcmu_add fbo0 "fbo//tmp/fbo0.img" $((64 * 1024 * 1024))) || die "tcmu_add"
sr=$1 sg=$2
log "fbo0 is /dev/$sr /dev/$sg"
cat /sys/block/$sr/device/type
sg_inq /dev/$sg
check sg_inq fbo sh -c "sg_inq /dev/$sg | grep -q 'Peripheral device type: cd/dvd'"
sg_get_config --brief /dev/$sg | head -20
dmesg | grep -E 'sr[0-9]|scsi' | tail -5

check "mount iso9660" fbo mount -t iso9660 -o ro /dev/$sr /mnt
check cmp fbo sh -c 'for f in /tmp/tree/*; do cmp "$f" /mnt/$(basename $f) || exit 1; done'
umount /mnt
tcmu_del fbo0
check detach fbo test ! -e /dev/$sr
finish
