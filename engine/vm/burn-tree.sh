#!/bin/sh
# discburn burn DIR through the kernel (issue 16): the FileSystemImage of a
# tree streamed by `discburn burn` through SG_IO onto emulated CD-R, DVD+R
# and BD-R, then mounted by the kernel's isofs right after the burn: with
# Rock Ridge every file compares (cmp) and every entry has the source's
# type, permission bits and symlink target; with -o norock the Joliet tree
# holds the long name. Then `discburn burn --append` grows CD-R and DVD+R
# by two sessions, and DVD+RW's one image twice (volume descriptors at LBA
# 16 rewritten): after each the kernel mounts the disc and shows the union
# of the trees with the newest version of a changed file.
# Run with:
#   vm/run --build BUILD engine/vm/burn-tree.sh [MEDIUM...]
. /src/vm/scenarios/lib.sh
need_attach
DB=$(find_bin discburn) || die "discburn was not built"

T=/tmp/tree
make_tree $T one
mkdir -p $T/empty-dir $T/deep/a/b/c/d/e/f/g/h/i/j
chmod 0700 $T/empty-dir
echo bottom >$T/deep/a/b/c/d/e/f/g/h/i/j/bottom.txt
echo "long" >"$T/a name with spaces that is longer than thirty-one characters.txt"
echo upper >$T/Clash.TXT
echo lower >$T/clash.txt
: >$T/empty
printf '#!/bin/sh\n' >$T/sub/script.sh
chmod 0755 $T/sub/script.sh
chmod 0600 $T/hello-one.txt
ln -s hello-one.txt $T/link
ln -s ../no/such $T/sub/dangling

# meta DIR: type, permission bits and link target of every entry, sorted.
meta() {
	(cd "$1" && find . -mindepth 1 | sort | while read -r p; do
		if [ -L "$p" ]; then echo "$p l $(readlink "$p")"
		elif [ -d "$p" ]; then echo "$p d $(stat -c %a "$p")"
		else echo "$p f $(stat -c %a "$p")"; fi
	done)
}
meta $T >/tmp/want.meta

for medium in ${*:-cd-r dvd+r bd-r}; do
	log "discburn burn ($medium)"
	name=b$(echo "$medium" | tr -cd 'a-z0-9')
	drive_new "$name" "$medium" || { row "discburn burn" "$medium" fail attach; continue; }
	eval "sr=\$${name}_sr sg=\$${name}_sg"
	blockdev --getsize64 "$sr" >/dev/null 2>&1 # the kernel sees the blank disc first
	t0=$(date +%s)
	if ! run_logged "burn-$medium" "$DB" burn --drive "$sg" -V Tree_$name $T; then
		row "discburn burn" "$medium" fail "exit status"
	elif ! mount_cmp "$sr" $T; then
		row "discburn burn" "$medium" fail "mount/cmp right after the burn"
	else
		mount -t iso9660 -o ro "$sr" /mnt/disc
		meta /mnt/disc >/tmp/got.meta
		umount /mnt/disc
		mount -t iso9660 -o ro,norock "$sr" /mnt/disc
		ls /mnt/disc >/tmp/joliet.ls
		umount /mnt/disc
		if ! diff /tmp/want.meta /tmp/got.meta >"$RESULTS/meta-$medium.diff"; then
			cat "$RESULTS/meta-$medium.diff"
			row "discburn burn" "$medium" fail "types, modes or links differ under Rock Ridge"
		elif ! grep -q "a name with spaces that is longer than thirty-one characters.txt" \
			/tmp/joliet.ls; then
			cat /tmp/joliet.ls
			row "discburn burn" "$medium" fail "the Joliet tree lacks the long name"
		else
			row "discburn burn" "$medium" pass "$(( $(date +%s) - t0 )) s"
		fi
	fi
	"$ATTACH" detach "$name"
done
# --append: three sessions, the kernel mounts the last (READ TOC's
# multisession information) and sees all three trees.
mkdir -p /tmp/s1/d /tmp/s2/d /tmp/s3
echo one >/tmp/s1/a.txt
echo old >/tmp/s1/d/same.txt
echo two >/tmp/s2/b.txt
echo new >/tmp/s2/d/same.txt
echo three >/tmp/s3/c.txt
mkdir -p /tmp/union
cp -a /tmp/s1/. /tmp/union/ && cp -a /tmp/s2/. /tmp/union/ && cp -a /tmp/s3/. /tmp/union/
for medium in ${APPEND_MEDIA:-cd-r dvd+r dvd+rw}; do
	log "discburn burn --append ($medium)"
	name=a$(echo "$medium" | tr -cd 'a-z0-9')
	drive_new "$name" "$medium" || { row "discburn burn --append" "$medium" fail attach; continue; }
	eval "sr=\$${name}_sr sg=\$${name}_sg"
	blockdev --getsize64 "$sr" >/dev/null 2>&1
	ok=1
	run_logged "append1-$medium" "$DB" burn --drive "$sg" /tmp/s1 || ok=0
	for i in 2 3; do
		[ $ok = 1 ] || break
		run_logged "append$i-$medium" "$DB" burn --append --drive "$sg" /tmp/s$i || ok=0
		[ $ok = 1 ] && { mount_cmp "$sr" /tmp/s$i || ok=0; }
	done
	if [ $ok = 0 ]; then
		row "discburn burn --append" "$medium" fail "a burn, or the mount after it"
	elif ! mount_cmp "$sr" /tmp/union; then
		row "discburn burn --append" "$medium" fail "the kernel's mount is not the union"
	elif ! { mount -t iso9660 -o ro "$sr" /mnt/disc && [ "$(cat /mnt/disc/d/same.txt)" = new ]; }; then
		umount /mnt/disc 2>/dev/null
		row "discburn burn --append" "$medium" fail "the old d/same.txt won"
	else
		umount /mnt/disc
		row "discburn burn --append" "$medium" pass "3 sessions, the union mounted"
	fi
	"$ATTACH" detach "$name"
done
finish
