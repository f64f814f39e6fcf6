# Issue 2 "must show": a scripted CD-R write through `mmcemu raw` (MODE
# SELECT page 05h, WRITE(10)s at the NWA, SYNCHRONIZE CACHE, CLOSE TRACK,
# CLOSE SESSION) leaves one complete session with the right track size,
# and READ(10) gives back the bytes written.
. "$(dirname "$0")/lib.sh" "$@"

SECTORS=320 # more than the 300-sector (4 s) minimum CD track
CHUNK=32    # sectors per WRITE(10): 64 KiB

"$MMCEMU" new --profile cd-r d
head -c $((SECTORS * 2048)) /dev/urandom >data.bin

# Page 05h: BUFE, TAO; no next session (close session finalizes);
# data track (mode 4), mode 1 blocks, audio pause 150.
{
	printf '\0\0\0\0\0\0\0\0'
	printf '\x05\x36\x41\x04\x08\0\0\0\0\0\0\0\0\0\0\x96'
	head -c 40 /dev/zero
} >page05.bin

# The NWA of the invisible track (READ TRACK INFORMATION, track FFh).
"$MMCEMU" raw d "52 01 00 00 00 FF 00 00 1C 00" --save rti.bin >rti.txt ||
	{ cat rti.txt; fail "READ TRACK INFORMATION"; }
[ $((0x$(bytes rti.bin 7 1) & 1)) = 1 ] || fail "NWA not valid"
nwa=$((0x$(bytes rti.bin 12 4)))

# One power-on: MODE SELECT, the WRITEs, SYNC CACHE, CLOSE TRACK/SESSION.
args=("55 10 00 00 00 00 00 00 40 00" --send page05.bin)
for ((i = 0; i < SECTORS / CHUNK; i++)); do
	dd if=data.bin of="part$i.bin" bs=2048 skip=$((i * CHUNK)) count=$CHUNK status=none
	args+=("2A 00 $(be32 $((nwa + i * CHUNK))) 00 00 $(printf %02x $CHUNK) 00" --send "part$i.bin")
done
args+=("35 00 00 00 00 00 00 00 00 00")
args+=("5B 00 01 00 00 01 00 00 00 00") # close track 1
args+=("5B 00 02 00 00 00 00 00 00 00") # close session
"$MMCEMU" raw d "${args[@]}" >burn.txt || { cat burn.txt; fail "burn failed"; }

"$MMCEMU" show d --json >show.json
cat show.json
[ "$(json_field show.json session_count)" = 1 ] || fail "session count"
grep -q '"closed": true' show.json || fail "session not closed"
[ "$(json_field show.json last_session_state)" = '"complete"' ] || fail "last session state"
[ "$(json_field show.json status)" = '"complete"' ] || fail "disc status"
# A TAO track ends in 2 run-out blocks (Orange Book), counted in its size
# as real drives report it.
grep -q "{\"number\": 1, \"session\": 1, \"start\": $nwa, \"size\": $((SECTORS + 2)), .*\"state\": \"complete\"" show.json ||
	fail "track 1 size/state"

# Read it back in one READ(10) and compare.
"$MMCEMU" raw d "28 00 $(be32 $nwa) 00 $(printf '%02x %02x' $((SECTORS >> 8)) $((SECTORS & 255))) 00" \
	--save back.bin >read.txt || { cat read.txt; fail "READ(10)"; }
cmp data.bin back.bin || fail "read back differs"
echo ok
