# A file of 4 GiB and more in a FileSystemImage (issue 16): below ISO 9660
# level 3 it is refused (IMAPI_E_DATA_TOO_BIG: one extent's size field is 32
# bits, ECMA-119 9.1.4); at level 3 it is written as two extents (7.3.3),
# which xorriso reports and reads back to the last byte. The file is
# sparse, and mkimage writes holes for zeros, so nothing here takes 4 GiB
# of disk.
. "$(dirname "$0")/lib.sh" "$@"
DISCBURN=$(dirname "$MMCEMU")/discburn

mkdir big
size=$((4 * 1024 * 1024 * 1024 + 2048))
truncate -s $size big/huge.bin
printf 'END-OF-HUGE' | dd of=big/huge.bin bs=1 seek=$((4 * 1024 * 1024 * 1024)) conv=notrunc \
	status=none
echo small >big/small.txt

expect_exit 1 "$DISCBURN" mkimage -o l2.iso big
grep -q "IMAPI_E_DATA_TOO_BIG .*'/huge.bin' is 4 GiB or larger: ISO 9660 level 3" err.txt ||
	fail "level 2: $(cat err.txt)"
[ ! -e l2.iso ] || fail "a refused mkimage left l2.iso"

expect_exit 0 "$DISCBURN" mkimage --iso-level 3 -o l3.iso big
[ "$(du -k l3.iso | cut -f1)" -lt 10240 ] || fail "the image of a sparse file is not sparse"
xorriso -indev l3.iso -find /huge.bin -exec report_lba -- 2>/dev/null | grep '^File data lba' \
	>extents.txt
[ "$(wc -l <extents.txt)" = 2 ] || fail "huge.bin is not two extents: $(cat extents.txt)"
grep -q " $size , '/huge.bin'" extents.txt || fail "huge.bin's size: $(cat extents.txt)"
osirrox -indev l3.iso -extract_cut /huge.bin $((4 * 1024 * 1024 * 1024)) 11 tail.bin \
	>cut.txt 2>&1 || fail "extract_cut: $(cat cut.txt)"
[ "$(cat tail.bin)" = END-OF-HUGE ] || fail "the last bytes read back as '$(cat tail.bin)'"
osirrox -indev l3.iso -extract /small.txt small.txt >/dev/null 2>&1
cmp small.txt big/small.txt || fail "small.txt differs"
# genisoimage's reader lists the file's two directory records.
[ "$(isoinfo -l -i l3.iso | grep -c 'HUGE.BIN;1')" = 2 ] || fail "isoinfo: $(isoinfo -l -i l3.iso)"
echo "1 passed, 0 failed"
