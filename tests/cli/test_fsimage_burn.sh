# discburn mkimage and discburn burn (issue 16, FileSystemImage on
# libisofs): a tree of files becomes an ISO 9660 + Joliet + Rock Ridge image
# in a file, and streamed straight onto an emulated DVD+R; the disc read
# back with `discburn read` and extracted by osirrox is the same tree:
# names, types, modes, symlink targets and bytes (the issue's must-show).
. "$(dirname "$0")/lib.sh" "$@"
DISCBURN=$(dirname "$MMCEMU")/discburn

# The tree: long and Unicode names, names equal after ISO 9660 mapping, an
# empty file and directory, modes, symlinks (one dangling), a hard link, and
# 10 directory levels.
mkdir -p tree/empty-dir tree/sub
chmod 0700 tree/empty-dir
echo "top" >tree/readme.txt
echo "long" >"tree/a name with spaces that is longer than thirty-one characters.txt"
echo "unicode" >"tree/Grüße 日本.txt"
echo "upper" >tree/Clash.TXT
echo "lower" >tree/clash.txt
: >tree/empty
printf '#!/bin/sh\necho hi\n' >tree/sub/script.sh
chmod 0755 tree/sub/script.sh
echo "private" >tree/sub/secret
chmod 0600 tree/sub/secret
head -c 300000 /dev/urandom >tree/sub/random.bin
ln -s readme.txt tree/link
ln -s ../no/such tree/sub/dangling
ln tree/readme.txt tree/sub/hardlink.txt
d=tree/deep
for i in 1 2 3 4 5 6 7 8 9 10; do d=$d/l$i; done
mkdir -p "$d"
echo bottom >"$d/bottom.txt"

listing() { (cd "$1" && find . -mindepth 1 -printf '%P %y %m %l\n' | LC_ALL=C sort); }
same_tree() {
	listing tree >want.list
	listing "$1" >got.list
	diff want.list got.list >&2 || fail "$2: names, types, modes or links differ"
	diff -r --no-dereference tree "$1" >&2 || fail "$2: contents differ"
}

# ---- mkimage --------------------------------------------------------------
expect_exit 0 "$DISCBURN" mkimage -o tree.iso -V Test_Tree tree
grep -q "discburn: mkimage: 13 files, 13 directories, .* volume Test_Tree" err.txt ||
	fail "mkimage summary: $(cat err.txt)"
isoinfo -d -i tree.iso >pvd.txt
grep -q "Volume id: TEST_TREE" pvd.txt || fail "PVD volume id: $(cat pvd.txt)"
isoinfo -J -l -i tree.iso >joliet.txt || fail "isoinfo -J"
grep -q "a name with spaces that is longer than thirty-one characters.txt" joliet.txt ||
	fail "Joliet long name: $(cat joliet.txt)"
isoinfo -R -l -i tree.iso >rr.txt || fail "isoinfo -R"
grep -q "link -> readme.txt" rr.txt || fail "Rock Ridge symlink: $(cat rr.txt)"
isoinfo -l -i tree.iso >iso.txt || fail "isoinfo -l"
osirrox -indev tree.iso -extract / x1 >extract.txt 2>&1 || fail "osirrox: $(cat extract.txt)"
same_tree x1 mkimage

# Bad input: a name twice, a missing PATH, a bad volume name; no file left.
expect_exit 1 "$DISCBURN" mkimage -o dup.iso tree tree
grep -q "IMAPI_E_DUP_NAME" err.txt || fail "dup: $(cat err.txt)"
[ ! -e dup.iso ] || fail "a failed mkimage left dup.iso"
expect_exit 3 "$DISCBURN" mkimage -o none.iso no-such-dir
grep -q "no such file or directory: no-such-dir" err.txt || fail "missing: $(cat err.txt)"
expect_exit 1 "$DISCBURN" mkimage -o v.iso -V "two words" tree
grep -q "IMAPI_E_INVALID_VOLUME_NAME .*character ' '" err.txt || fail "volume: $(cat err.txt)"
expect_exit 1 "$DISCBURN" mkimage -o deep.iso --no-rockridge tree
grep -q "IMAPI_E_ISO9660_LEVELS" err.txt || fail "deep without RR: $(cat err.txt)"
[ ! -e deep.iso ] || fail "a refused mkimage left deep.iso"
expect_exit 2 "$DISCBURN" mkimage tree
expect_exit 2 "$DISCBURN" mkimage -o g.iso --graft nothing

# --graft: a file and a directory tree at chosen places.
expect_exit 0 "$DISCBURN" mkimage -o graft.iso --graft /docs/readme=tree/readme.txt \
	--graft /backup/sub=tree/sub
xorriso -indev graft.iso -find / 2>/dev/null >graft.txt
grep -qx "'/docs/readme'" graft.txt || fail "graft file: $(cat graft.txt)"
grep -qx "'/backup/sub/script.sh'" graft.txt || fail "graft tree: $(cat graft.txt)"

# --boot IMG --efi: El Torito, the image's bytes at the LBA of the catalog.
head -c 6144 /dev/urandom >boot.img
expect_exit 0 "$DISCBURN" mkimage -o boot.iso --boot boot.img --efi tree/sub
xorriso -indev boot.iso -report_el_torito plain 2>/dev/null >torito.txt
grep -q "El Torito boot img : *1 *UEFI *y *none" torito.txt || fail "El Torito: $(cat torito.txt)"
lba=$(awk '/El Torito boot img :/ {print $NF}' torito.txt)
dd if=boot.iso bs=2048 skip="$lba" count=3 status=none | cmp - boot.img || fail "boot image bytes"
expect_exit 2 "$DISCBURN" mkimage -o e.iso --efi tree

# ---- burn: the must-show ---------------------------------------------------
expect_exit 0 "$DISCBURN" burn --drive emu:dvd+r:d tree/
grep -q "discburn: burn: 13 files, 13 directories" err.txt || fail "burn summary: $(cat err.txt)"
grep -q "discburn: burn: .* sectors at LBA 0" err.txt || fail "burn: $(cat err.txt)"
expect_exit 0 "$DISCBURN" read --drive emu:dvd+r:d out.iso
osirrox -indev out.iso -extract / x >extract.txt 2>&1 || fail "osirrox: $(cat extract.txt)"
same_tree x burn
# The disc holds the same image mkimage writes, but for the dates.
[ "$(stat -c %s out.iso)" = "$(stat -c %s tree.iso)" ] || fail "burned image size differs"

# The image larger than the medium is refused before anything is written
# (FreeMediaBlocks from the disc: IMAPI_E_IMAGE_TOO_BIG). A CD-R holds
# 359,849 sectors: a sparse 800 MB file does not fit.
truncate -s 800M big/huge.bin 2>/dev/null || { mkdir big && truncate -s 800M big/huge.bin; }
expect_exit 1 "$DISCBURN" burn --drive emu:cd-r:c big
grep -q "IMAPI_E_IMAGE_TOO_BIG" err.txt || fail "too big: $(cat err.txt)"
"$MMCEMU" show c --json >show.json
[ "$(json_field show.json status)" = '"blank"' ] || fail "the CD-R was written: $(cat show.json)"
echo "1 passed, 0 failed"
