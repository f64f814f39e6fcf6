#!/bin/sh
# Scenario 2 of issue 6: `discburn write` burns an ISO through SG_IO onto
# emulated cd-r, dvd+r, dvd+rw and bd-r; the disc mounts with the kernel's
# iso9660 right after the burn — no manual reload: discburn reloads the
# tray itself after it closes a session on a kernel drive, as growisofs
# does (issue 12 item 8) — and every file compares. The no-reload:MEDIUM
# case shows why: with --no-reload the kernel's sr keeps the blank disc's
# capacity (a real drive posts no event when a session is closed), mount
# fails, and works after a manual reload. Usage: 05-discburn-write.sh
# [MEDIUM | no-reload:MEDIUM ...]. Before each burn the sr node is opened,
# so the kernel holds the blank disc's capacity as on a desktop. Skipped (77) until discburn has `write`.
. /src/vm/scenarios/lib.sh
need_attach
need_discburn write

make_tree /tmp/t1 one
xorriso -as mkisofs -quiet -R -J -V ONE -o /tmp/one.iso /tmp/t1 || die "mkisofs"

for c in ${*:-cd-r dvd+r dvd+rw bd-r no-reload:cd-r no-reload:dvd+r}; do
	medium=${c#no-reload:}
	log "discburn write ($c)"
	name=w$(echo "$c" | tr -cd 'a-z0-9')
	drive_new "$name" "$medium" || { row "discburn write" "$medium" fail attach; continue; }
	eval "sr=\$${name}_sr sg=\$${name}_sg"
	# Open the sr node first, as a desktop's udisks poll does: the kernel
	# takes the drive's new-media event and reads the blank disc's
	# capacity now, so only a media change after the burn updates it.
	blank_bytes=$(blockdev --getsize64 "$sr" 2>&1)
	echo "   $sr before the burn: $blank_bytes bytes"
	t0=$(date +%s)
	if [ "$c" = "$medium" ]; then
		if run_logged "discburn-$medium" "$DB" write --drive "$sg" /tmp/one.iso; then
			if mount_cmp "$sr" /tmp/t1; then
				row "discburn write" "$medium" pass "$(( $(date +%s) - t0 )) s"
			else
				row "discburn write" "$medium" fail "mount/cmp right after the burn"
			fi
		else
			row "discburn write" "$medium" fail "exit status"
		fi
	elif run_logged "discburn-noreload-$medium" "$DB" write --no-reload --drive "$sg" /tmp/one.iso; then
		if mount_cmp "$sr" /tmp/t1 2>/dev/null; then
			row "discburn write --no-reload" "$medium" fail "mounted without a reload: the kernel saw the new session"
		else
			reload "$sg"
			if mount_cmp "$sr" /tmp/t1; then
				row "discburn write --no-reload" "$medium" pass "mount fails until reloaded"
			else
				row "discburn write --no-reload" "$medium" fail "mount/cmp after reload"
			fi
		fi
	else
		row "discburn write --no-reload" "$medium" fail "exit status"
	fi
	"$DB" info --drive "$sg" --json >"$RESULTS/info-$name.json" 2>&1
	"$ATTACH" detach "$name"
done
finish
