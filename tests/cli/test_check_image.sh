# discburn check-image (IIsoImageManager::Validate) on images the real
# tools make — xorriso and genisoimage (ISO 9660 + Rock Ridge + Joliet,
# El Torito, a later session made with -C/-M), genisoimage -udf (the
# ISO 9660/UDF bridge), mkudffs (UDF only, no ISO 9660) — and on broken
# ones: truncated at a sector boundary and not, cut before sector 16, the
# PVD removed, no file, a directory. Exit statuses of docs/errors.md.
. "$(dirname "$0")/lib.sh" "$@"
DISCBURN=$(dirname "$MMCEMU")/discburn
for tool in xorriso genisoimage mkudffs; do
	command -v "$tool" >/dev/null || fail "$tool is missing (scripts/install-deps.sh installs it)"
done

mkdir -p tree/sub tree2
echo hello >tree/a.txt
head -c 100000 /dev/urandom >tree/sub/b.bin
head -c 4096 /dev/urandom >tree/boot.img
echo new >tree2/n.txt

valid() { # IMAGE REGEX: exit 0 and the line
	expect_exit 0 "$DISCBURN" check-image "$1"
	grep -Eq "^$1: valid: $2" out.txt || fail "$1: $(cat out.txt err.txt)"
}
refused() { # EXIT STATUS IMAGE FACT
	expect_exit "$1" "$DISCBURN" check-image "$3"
	grep -q "$2" err.txt || fail "$3: no '$2' in: $(cat err.txt)"
	grep -q "$4" err.txt || fail "$3: no fact '$4' in: $(cat err.txt)"
}

xorriso -as mkisofs -quiet -r -J -V XORR -o x.iso tree 2>/dev/null
valid x.iso '[0-9,]+ sectors; ISO 9660, volume "XORR", PVD at sector 16, Joliet$'
genisoimage -quiet -r -J -V GENI -o g.iso tree
valid g.iso '[0-9,]+ sectors; ISO 9660, volume "GENI", PVD at sector 16, Joliet$'
xorriso -as mkisofs -quiet -r -b boot.img -no-emul-boot -boot-load-size 4 -o e.iso tree 2>/dev/null
valid e.iso '.*El Torito boot record$'
genisoimage -quiet -r -udf -V BRIDGE -o u.iso tree
valid u.iso '[0-9,]+ sectors; ISO 9660, volume "BRIDGE", PVD at sector 16; UDF \(NSR02\)$'
# UDF only: mkudffs writes BEA01/NSR03/TEA01 and no ISO 9660 at all.
head -c $((2000 * 2048)) /dev/zero >udf.img
mkudffs --blocksize=2048 --media-type=hd udf.img >/dev/null
valid udf.img '2,000 sectors; UDF \(NSR0[23]\)$'
# The next session's image (the workflow of docs/format2data.md).
xorriso -as mkisofs -quiet -r -C 0,300 -M x.iso -o next.iso tree2 2>/dev/null
valid next.iso '[0-9,]+ sectors; ISO 9660'
genisoimage -quiet -r -C 0,300 -M g.iso -o gnext.iso tree2 2>/dev/null
valid gnext.iso '[0-9,]+ sectors; ISO 9660'
# Standard input (size unknown: read to the end and counted).
expect_exit 0 sh -c "cat x.iso | '$DISCBURN' check-image -"
grep -q '^-: valid: ' out.txt || fail "stdin: $(cat out.txt err.txt)"

# --json: the findings.
expect_exit 0 "$DISCBURN" check-image --json u.iso
grep -q '"valid":true' out.txt && grep -q '"iso9660":true' out.txt && grep -q '"udf":true' out.txt &&
	grep -q '"nsr":2' out.txt && grep -q '"volume_id":"BRIDGE"' out.txt || fail "json: $(cat out.txt)"

# Broken images.
sectors=$(($(stat -c %s x.iso) / 2048))
head -c $((40 * 2048)) x.iso >cut.iso
refused 11 IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND cut.iso \
	"truncated: the Primary Volume Descriptor gives $sectors sectors, the image has 40"
head -c 100000 x.iso >odd.iso
refused 4 IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED odd.iso "100000 bytes is not a whole number of 2048-byte sectors"
head -c $((16 * 2048)) x.iso >short.iso
refused 11 IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND short.iso "the image has 16 sectors"
# The PVD turned into a partition descriptor (type 3): no PVD is left.
cp g.iso nopvd.iso
printf '\003' | dd of=nopvd.iso bs=1 seek=$((16 * 2048)) conv=notrunc 2>/dev/null
refused 11 IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND nopvd.iso "no Primary Volume Descriptor"
head -c $((200 * 2048)) /dev/zero >zeros.img
refused 11 IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND zeros.img "sector 16 holds no volume descriptor"
refused 3 ERROR_FILE_NOT_FOUND missing.iso "no such image file: missing.iso"
refused 3 ERROR_ACCESS_DENIED tree "tree is a directory, not an image file"
# A refusal with --json: the JSON error object, with the fact.
expect_exit 11 "$DISCBURN" check-image --json cut.iso
grep -q '"status":"IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND".*"fact":"truncated' out.txt ||
	fail "json error: $(cat out.txt)"
expect_exit 2 "$DISCBURN" check-image
expect_exit 2 "$DISCBURN" check-image a b
echo "1 passed, 0 failed"
