#!/bin/sh
# discburn read of a three-session disc through the kernel (issue 12 item
# 6): on CD-R and DVD+R, three sessions grown as a user grows them
# (`discburn write` on /dev/sgN, `discburn msinfo` and `discburn read` on
# /dev/srN for xorriso's -C and -M), then `discburn read` of the whole
# disc through /dev/srN: the image holds every session at its LBA (the
# sectors between sessions zero-filled), so an ISO 9660 reader at the
# newest session extracts the files of all three; the kernel mounts the
# disc itself with the same files. Run with:
#   vm/run --build BUILD engine/vm/read-multisession.sh
. /src/vm/scenarios/lib.sh
need_attach
DB=$(find_bin discburn) || die "discburn was not built"

grow() { # MEDIUM SR SG: three sessions, s1 s2 s3; prints nothing
	for i in 1 2 3; do
		make_tree "/tmp/$1-s$i" "$1-$i"
		if [ $i = 1 ]; then
			xorriso -as mkisofs -quiet -R -J -o "/tmp/$1-1.iso" "/tmp/$1-s1" || return 1
		else
			ms=$("$DB" msinfo --drive "$2") || return 1
			run_logged "read-old-$1-$i" "$DB" read --drive "$2" "/tmp/$1-old.img" || return 1
			xorriso -as mkisofs -quiet -R -J -C "$ms" -M "/tmp/$1-old.img" \
				-o "/tmp/$1-$i.iso" "/tmp/$1-s$i" || return 1
			rm -f "/tmp/$1-old.img"
		fi
		run_logged "write-$1-$i" "$DB" write --drive "$3" "/tmp/$1-$i.iso" || return 1
	done
}

# extract_all IMG SECTOR MEDIUM: every file of the three trees from the
# session at SECTOR of IMG, compared.
extract_all() {
	rm -rf /tmp/x && mkdir -p /tmp/x
	xorriso -indev "stdio:$1" -load sbsector "$2" -osirrox on -extract / /tmp/x \
		>"$RESULTS/extract-$3.log" 2>&1 || return 1
	for i in 1 2 3; do same_tree "/tmp/$3-s$i" /tmp/x || return 1; done
}

for medium in ${*:-cd-r dvd+r}; do
	name=r$(echo "$medium" | tr -cd 'a-z0-9')
	drive_new "$name" "$medium" || { row "read 3 sessions" "$medium" fail attach; continue; }
	eval "sr=\$${name}_sr sg=\$${name}_sg"
	if ! grow "$medium" "$sr" "$sg"; then
		row "read 3 sessions" "$medium" fail "growing the sessions"
		"$ATTACH" detach "$name"
		continue
	fi
	newest=$("$DB" msinfo --drive "$sr" | cut -d, -f1)
	"$DB" info --drive "$sr" >"$RESULTS/info-$medium.txt" 2>&1
	if run_logged "read-$medium" "$DB" read --drive "$sr" "/tmp/$medium-all.img"; then
		row "read 3 sessions (sr)" "$medium" pass "$(grep 'zero-filled' "$RESULTS/read-$medium.log")"
	else
		row "read 3 sessions (sr)" "$medium" fail "exit status"
	fi
	check "newest session named" "$medium" grep -q "newest session at LBA $newest" "$RESULTS/read-$medium.log"
	check "xorriso: files of all 3 sessions" "$medium" extract_all "/tmp/$medium-all.img" "$newest" "$medium"
	# The disc itself, as the kernel mounts it (isofs asks the drive for
	# the last session, CDROMMULTISESSION): the same three trees. The
	# guest kernel has no loop driver, so the image is checked by xorriso.
	reload "$sg"
	check "kernel mount of the disc: all 3" "$medium" mount_cmp "$sr" \
		"/tmp/$medium-s1" "/tmp/$medium-s2" "/tmp/$medium-s3"
	rm -f /tmp/$medium-*.img /tmp/$medium-*.iso
	"$ATTACH" detach "$name"
done
finish
