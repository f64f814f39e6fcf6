# The write sequences of DESIGN.md "Interop targets" for DVD+R, BD-R and
# DVD+RW, through `mmcemu raw`: WRITEs in ECC-block units at the NWA, SYNC
# CACHE, CLOSE track then finalize (DVD+R 101b, BD-R 110b); DVD+RW after
# FORMAT UNIT type 26h. `show` and READ(10) check the result.
. "$(dirname "$0")/lib.sh" "$@"

# burn PROFILE UNIT FINALIZE: 4 WRITE(12)s of UNIT sectors, then close.
burn() {
	local profile=$1 unit=$2 finalize=$3 total=$(($2 * 4)) i args=()
	"$MMCEMU" new --profile "$profile" "d-$profile"
	head -c $((total * 2048)) /dev/urandom >"data-$profile.bin"
	for ((i = 0; i < 4; i++)); do
		dd if="data-$profile.bin" of="p$i.bin" bs=2048 skip=$((i * unit)) count="$unit" status=none
		args+=("AA 00 $(be32 $((i * unit))) $(be32 "$unit") 00 00" --send "p$i.bin")
	done
	args+=("35 00 00 00 00 00 00 00 00 00" "5B 00 01 00 00 01 00 00 00 00")
	args+=("5B 00 $finalize 00 00 00 00 00 00 00")
	"$MMCEMU" raw "d-$profile" "${args[@]}" >burn.txt || { cat burn.txt; fail "$profile burn"; }
	"$MMCEMU" show "d-$profile" --json >show.json
	[ "$(json_field show.json status)" = '"complete"' ] || fail "$profile: $(cat show.json)"
	[ "$(json_field show.json session_count)" = 1 ] || fail "$profile sessions"
	grep -q "\"start\": 0, \"size\": $total, .*\"state\": \"complete\"" show.json ||
		fail "$profile track: $(cat show.json)"
	"$MMCEMU" raw "d-$profile" "28 00 00 00 00 00 00 00 $(printf %02x $total) 00" \
		--save back.bin >read.txt || { cat read.txt; fail "$profile READ(10)"; }
	cmp "data-$profile.bin" back.bin || fail "$profile read back differs"
}

burn dvd+r 16 05
burn bd-r 32 06

# DVD+RW: FORMAT UNIT (FmtData, type 26h, full size), write, read back.
"$MMCEMU" new --profile dvd+rw rw
printf '\x00\x02\x00\x08\x00\x00\x00\x00\x98\x00\x00\x00' >format.bin
head -c $((32 * 2048)) /dev/urandom >data-rw.bin
"$MMCEMU" raw rw "04 11 00 00 00 00" --send format.bin \
	"2A 00 00 00 01 00 00 00 20 00" --send data-rw.bin \
	"35 00 00 00 00 00 00 00 00 00" >burn.txt || { cat burn.txt; fail "dvd+rw"; }
"$MMCEMU" show rw --json >show.json
[ "$(json_field show.json formatted)" = true ] || fail "dvd+rw not formatted: $(cat show.json)"
"$MMCEMU" raw rw "28 00 00 00 01 00 00 00 20 00" --save back.bin >/dev/null
cmp data-rw.bin back.bin || fail "dvd+rw read back differs"
echo ok
