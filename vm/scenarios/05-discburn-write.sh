#!/bin/sh
# Scenario 2 of issue 6: `discburn write` burns an ISO through SG_IO onto
# emulated cd-r, dvd+rw and bd-r; the disc mounts with the kernel's iso9660
# and every file compares. Skipped (77) until discburn has `write`.
. /src/vm/scenarios/lib.sh
need_attach
need_discburn write

make_tree /tmp/t1 one
xorriso -as mkisofs -quiet -R -J -V ONE -o /tmp/one.iso /tmp/t1 || die "mkisofs"

for medium in ${*:-cd-r dvd+rw bd-r}; do
	log "discburn write on $medium"
	name=w$(echo "$medium" | tr -cd 'a-z0-9')
	drive_new "$name" "$medium" || { row "discburn write" "$medium" fail attach; continue; }
	eval "sr=\$${name}_sr sg=\$${name}_sg"
	t0=$(date +%s)
	if run_logged "discburn-$medium" "$DB" write --drive "$sg" /tmp/one.iso; then
		reload "$sg"
		if mount_cmp "$sr" /tmp/t1; then
			row "discburn write" "$medium" pass "$(( $(date +%s) - t0 )) s"
		else
			row "discburn write" "$medium" fail "mount/cmp"
		fi
	else
		row "discburn write" "$medium" fail "exit status"
	fi
	"$DB" info --drive "$sg" --json >"$RESULTS/info-$medium.json" 2>&1
	"$ATTACH" detach "$name"
done
finish
