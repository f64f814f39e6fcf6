#!/bin/sh
# Throughput of the kernel path with our handler (not a ctest: numbers, not
# a verdict). A 64 MiB image onto dvd+rw with the drive's clock unlimited,
# at the kernel's default transfer limit (hw_max_sectors 128 = 256 KiB) and
# at 1 MiB; then reading it back through sr.
# Usage: vm/run bench-throughput [MAX_SECTORS...]
. /src/vm/scenarios/lib.sh
need_attach
need_discburn write

mkdir -p /tmp/big
head -c 67108864 /dev/urandom >/tmp/big/data.bin
xorriso -as mkisofs -quiet -o /tmp/big.iso /tmp/big || die "mkisofs"
size=$(stat -c %s /tmp/big.iso)
up() { tr -d . </proc/uptime | cut -d' ' -f1; }
rate() { echo "$(( $1 * 100 / ($2 > 0 ? $2 : 1) / 1048576 )) MiB/s"; }

for ms in ${*:-128 512}; do
	drive_new b$ms dvd+rw --clock unlimited --max-sectors "$ms" >/dev/null || die attach
	eval "sr=\$b${ms}_sr sg=\$b${ms}_sg"
	echo "max_sectors_kb: $(cat /sys/block/${sr#/dev/}/queue/max_sectors_kb)"
	t0=$(up); run_logged "bench-write-$ms" "$DB" write --drive "$sg" /tmp/big.iso; t1=$(up)
	row "discburn write 64 MiB" "dvd+rw" pass "hw_max_sectors $ms: $(rate "$size" $((t1 - t0)))"
	reload "$sg"
	t0=$(up); dd if="$sr" of=/dev/null bs=1M count=64 2>/dev/null; t1=$(up)
	row "dd read via sr 64 MiB" "dvd+rw" pass "hw_max_sectors $ms: $(rate 67108864 $((t1 - t0)))"
	t0=$(up); sg_dd if="$sg" of=/dev/null bs=2048 bpt=$ms count=32768 2>/dev/null; t1=$(up)
	row "sg_dd read 64 MiB" "dvd+rw" pass "bpt $ms: $(rate 67108864 $((t1 - t0)))"
	"$ATTACH" detach "b$ms"
done
finish
