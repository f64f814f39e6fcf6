#!/bin/sh
# discburn burn DIR through the kernel (issue 16): the FileSystemImage of a
# tree streamed by `discburn burn` through SG_IO onto emulated CD-R, DVD+R
# and BD-R, then mounted by the kernel's isofs right after the burn: with
# Rock Ridge every file compares (cmp) and every entry has the source's
# type, permission bits and symlink target; with -o norock the Joliet tree
# holds the long name. Run with:
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
finish
