# Issue 15: an audio track burned Track At Once through `mmcemu raw` (page
# 05h Track Mode 0, data block type 0, 2352-byte WRITEs), then `mmcemu
# show` lists it as an audio TAO track with control 0, READ TOC gives it
# control 0, READ(10) of it is 05/64/00; a WRITE whose --send file holds
# 2048-byte blocks is refused by mmcemu raw (the CDB announces 2352 each).
. "$(dirname "$0")/lib.sh" "$@"

SECTORS=300
CHUNK=25

"$MMCEMU" new --profile cd-r d
head -c $((SECTORS * 2352)) /dev/urandom >audio.bin

# Page 05h: BUFE, TAO; multi-session 00b; Track Mode 0 (audio), block
# type 0 (2352 bytes raw), audio pause 150.
{
	printf '\0\0\0\0\0\0\0\0'
	printf '\x05\x36\x41\x00\x00\0\0\0\0\0\0\0\0\0\0\x96'
	head -c 40 /dev/zero
} >page05.bin

args=("55 10 00 00 00 00 00 00 40 00" --send page05.bin)
for ((i = 0; i < SECTORS / CHUNK; i++)); do
	dd if=audio.bin of="part$i.bin" bs=2352 skip=$((i * CHUNK)) count=$CHUNK status=none
	args+=("2A 00 $(be32 $((i * CHUNK))) 00 00 $(printf %02x $CHUNK) 00" --send "part$i.bin")
done
args+=("35 00 00 00 00 00 00 00 00 00")
args+=("5B 00 01 00 00 01 00 00 00 00") # close track 1
args+=("5B 00 02 00 00 00 00 00 00 00") # close session: finalize
"$MMCEMU" raw d "${args[@]}" >burn.txt || { cat burn.txt; fail "burn failed"; }

"$MMCEMU" show d >show.txt
cat show.txt
grep -q "track 1: session 1, start 0, size $((SECTORS + 2)), recorded $((SECTORS + 2)), complete, audio TAO, control 0h" show.txt ||
	fail "track 1 is not shown as an audio TAO track"
"$MMCEMU" show d --json >show.json
grep -q '"mode": "audio", "tao": true, "control": 0' show.json || fail "json mode"

# READ TOC format 0: track 1 ADR 1 control 0.
"$MMCEMU" raw d "43 00 00 00 00 00 00 00 14 00" --save toc.bin >toc.txt ||
	{ cat toc.txt; fail "READ TOC"; }
[ "$(bytes toc.bin 5 1)" = 10 ] || fail "track 1 control is $(bytes toc.bin 5 1), not 10"

# READ(10) of audio: 05/64/00.
if "$MMCEMU" raw d "28 00 00 00 00 00 00 00 01 00" >read.txt; then
	fail "READ(10) of audio succeeded"
fi
grep -q "5/64/00" read.txt || { cat read.txt; fail "READ(10) of audio: not 5/64/00"; }

# mmcemu raw sizes WRITE data-out by the block type: 2048-byte blocks
# for 2352-byte ones are refused before the drive sees them.
"$MMCEMU" new --profile cd-r e
head -c $((CHUNK * 2048)) /dev/zero >short.bin
if "$MMCEMU" raw e "55 10 00 00 00 00 00 00 40 00" --send page05.bin \
	"2A 00 00 00 00 00 00 00 $(printf %02x $CHUNK) 00" --send short.bin >short.txt 2>&1; then
	fail "a short WRITE was sent"
fi
grep -q "short.bin holds $((CHUNK * 2048)) bytes, the CDB says $((CHUNK * 2352))" short.txt ||
	{ cat short.txt; fail "no size message"; }
echo ok
