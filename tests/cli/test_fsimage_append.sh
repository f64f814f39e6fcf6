# discburn burn --append (issue 16, ImportFileSystem): three sessions grown
# on CD-R, DVD+R and BD-R, the previous session's tree read through the
# engine each time; the newest session holds the union of all three trees
# with the newest version of a file that changed. DVD+RW and BD-RE grow
# their one image (growisofs -M). A blank disc and a closed one are refused
# with their imapi2fserror.h codes.
. "$(dirname "$0")/lib.sh" "$@"
DISCBURN=$(dirname "$MMCEMU")/discburn

mkdir -p t1/d t2/d t3/e
echo one >t1/a.txt
echo old >t1/d/same.txt
echo kept >t1/d/kept.txt
echo two >t2/b.txt
echo new >t2/d/same.txt
echo three >t3/e/c.txt
ln -s ../a.txt t3/e/link
mkdir want
cp -a t1/. want/ && cp -a t2/. want/ && cp -a t3/. want/

for medium in cd-r dvd+r bd-r; do
	disc=emu:$medium:disc-$medium
	expect_exit 1 "$DISCBURN" burn --append --drive "$disc" t1
	grep -q "IMAPI_E_EMPTY_DISC" err.txt || fail "$medium blank: $(cat err.txt)"
	expect_exit 0 "$DISCBURN" burn --drive "$disc" t1
	expect_exit 0 "$DISCBURN" burn --append --drive "$disc" t2
	grep -q "appending to the disc's last session (ISO 9660, Joliet): 3 files, 1 directories" \
		err.txt || fail "$medium import 2: $(cat err.txt)"
	expect_exit 0 "$DISCBURN" burn --append --drive "$disc" t3
	grep -q "appending .*: 4 files, 1 directories" err.txt || fail "$medium import 3: $(cat err.txt)"
	lba=$(sed -n 's/.*the new session at LBA \([0-9]*\)$/\1/p' err.txt)
	[ -n "$lba" ] || fail "$medium: no LBA: $(cat err.txt)"
	expect_exit 0 "$DISCBURN" read --drive "$disc" "$medium.img"
	grep -q "newest session at LBA $lba " err.txt || fail "$medium read: $(cat err.txt)"
	xorriso -indev "stdio:$medium.img" -toc 2>/dev/null >toc.txt
	rm -rf "x-$medium"
	xorriso -indev "stdio:$medium.img" -load sbsector "$lba" -osirrox on -extract / "x-$medium" \
		>extract.txt 2>&1 || fail "$medium extract: $(cat extract.txt)"
	diff -r --no-dereference want "x-$medium" >&2 || fail "$medium: the newest session is not the union"
	[ "$(cat "x-$medium/d/same.txt")" = new ] || fail "$medium: the old same.txt won"
	"$MMCEMU" show "disc-$medium" --json >show.json
	[ "$(grep -c '"closed": true' show.json)" = 3 ] || fail "$medium sessions: $(cat show.json)"
done

# DVD+RW and BD-RE: one image at LBA 0 grown, as growisofs -M grows it:
# each new session after the old image's end (rounded to the ECC block: 16
# sectors on DVD, 32 on BD), then the volume descriptors at LBA 0-31
# rewritten; the disc read from LBA 0 is the union.
for medium in dvd+rw bd-re; do
	disc=emu:$medium:disc-$medium
	unit=16
	[ "$medium" = bd-re ] && unit=32
	expect_exit 0 "$DISCBURN" burn --drive "$disc" t1
	for t in t2 t3; do
		expect_exit 0 "$DISCBURN" burn --append --drive "$disc" $t
		lba=$(sed -n 's/.*the new session at LBA \([0-9]*\)$/\1/p' err.txt)
		[ -n "$lba" ] && [ $((lba % unit)) = 0 ] || fail "$medium $t: LBA '$lba': $(cat err.txt)"
		grep -q "the volume descriptors at LBA 0-31 rewritten" err.txt ||
			fail "$medium $t: $(cat err.txt)"
		n=$(sed -n 's/^discburn: burn: \([0-9]*\) sectors at LBA .*/\1/p' err.txt)
	done
	expect_exit 2 "$DISCBURN" burn --append --verify full --drive "$disc" t3
	grep -q "not supported yet when --append grows a DVD+RW or BD-RE" err.txt ||
		fail "$medium --verify: $(cat err.txt)"
	expect_exit 0 "$DISCBURN" read --drive "$disc" "$medium.img"
	rm -rf "x-$medium"
	osirrox -indev "$medium.img" -extract / "x-$medium" >extract.txt 2>&1 ||
		fail "$medium extract: $(cat extract.txt)"
	diff -r --no-dereference want "x-$medium" >&2 || fail "$medium: the grown image is not the union"
	# The PVD at LBA 16 is the newest session's: its volume ends where
	# the last session does.
	isoinfo -d -i "$medium.img" >pvd.txt
	grep -q "^Volume size is: $((lba + n))\$" pvd.txt || fail "$medium PVD (want $((lba + n))): $(cat pvd.txt)"
done

# A closed disc takes no session.
expect_exit 0 "$DISCBURN" burn --close --drive emu:cd-r:closed t1
expect_exit 1 "$DISCBURN" burn --append --drive emu:cd-r:closed t2
grep -q "IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE" err.txt || fail "closed: $(cat err.txt)"
echo "1 passed, 0 failed"
