#!/bin/sh
# Scenario 4 of issue 6: a burn through the kernel onto a drive whose fault
# plan reports loss of streaming (03/0C/09) mid-data fails with the right
# status in discburn (E_IMAPI_LOSS_OF_STREAMING) and a non-zero exit in real
# tools, and the emulator keeps serving afterwards (a new disc then burns).
. /src/vm/scenarios/lib.sh
need_attach

make_tree /tmp/t1 one
xorriso -as mkisofs -quiet -R -J -V ONE -o /tmp/one.iso /tmp/t1 || die "mkisofs"

# tool_fails TOOL MEDIUM CMD...: the burn must fail.
tool_fails() {
	tool=$1 medium=$2; shift 2
	if run_logged "fault-$(echo "$tool-$medium" | tr -c 'a-z0-9+\n' '_')" "$@"; then
		row "$tool (LOSS_OF_STREAMING)" "$medium" fail "burn succeeded"
	else
		row "$tool (LOSS_OF_STREAMING)" "$medium" pass "exit $rc"
	fi
}

# serves_again NAME SR SG MEDIUM: after the failure the drive still answers,
# and a fresh disc loaded into it burns and mounts.
serves_again() {
	if ! sg_inq "$3" >/dev/null || ! "$ATTACH" load "$1" --profile "$4" "/tmp/disc-$1-2"; then
		row "serving after fault" "$4" fail; return
	fi
	sg_turs "$3" >/dev/null 2>&1   # the media change's unit attention
	if run_logged "after-fault-$1" xorriso -as cdrecord -v dev="$2" /tmp/one.iso &&
		reload "$3" && mount_cmp "$2" /tmp/t1; then
		row "burn after fault" "$4" pass
	else
		row "burn after fault" "$4" fail
	fi
}

log "xorriso -as cdrecord on cd-r with LOSS_OF_STREAMING"
drive_new f1 cd-r --faults LOSS_OF_STREAMING || die "attach f1"
tool_fails "xorriso -as cdrecord" cd-r xorriso -as cdrecord -v dev="$f1_sr" /tmp/one.iso
serves_again f1 "$f1_sr" "$f1_sg" cd-r
"$ATTACH" detach f1

log "growisofs -Z on dvd+r with LOSS_OF_STREAMING"
drive_new f2 dvd+r --faults LOSS_OF_STREAMING || die "attach f2"
# growisofs 7.1 prints the failure but exits 0 after a failed WRITE in its
# builtin dd (seen here), so its verdict is its report, not its status.
lg=$RESULTS/fault-growisofs-dvd+r.log
growisofs -use-the-force-luke=tty -Z "$f2_sr=/tmp/one.iso" >"$lg" 2>&1
st=$?
if [ $st != 0 ] || grep -q 'SK=3h/WRITE ERROR - LOSS OF STREAMING' "$lg"; then
	row "growisofs -Z (LOSS_OF_STREAMING)" dvd+r pass "exit $st, reports 3/0C/09"
else
	row "growisofs -Z (LOSS_OF_STREAMING)" dvd+r fail "exit $st, no error reported"
fi
serves_again f2 "$f2_sr" "$f2_sg" dvd+r
"$ATTACH" detach f2

log "wodim -tao on cd-r with LOSS_OF_STREAMING"
drive_new f3 cd-r --faults LOSS_OF_STREAMING || die "attach f3"
tool_fails "wodim -tao" cd-r wodim -v dev="$f3_sr" -tao /tmp/one.iso
"$ATTACH" detach f3

log "the DEV_NOT_EXIST preset: the drive vanishes mid-burn"
drive_new f5 cd-r --faults DEV_NOT_EXIST || die "attach f5"
run_logged fault-vanish xorriso -as cdrecord -v dev="$f5_sr" /tmp/one.iso
st=$rc
i=0; while [ -e "$f5_sg" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ "$st" != 0 ] && [ ! -e "$f5_sg" ] && [ ! -e "$f5_sr" ]; then
	row "xorriso (DEV_NOT_EXIST)" cd-r pass "exit $st, $f5_sg gone"
else
	row "xorriso (DEV_NOT_EXIST)" cd-r fail "exit $st"
fi
check "detach after vanish" cd-r "$ATTACH" detach f5

if DB=$(find_bin discburn) && "$DB" --help 2>&1 | grep -qE '^[[:space:]]*(discburn[[:space:]]+)?write([[:space:]]|$)'; then
	log "discburn write on dvd+r with LOSS_OF_STREAMING"
	drive_new f4 dvd+r --faults LOSS_OF_STREAMING || die "attach f4"
	run_logged fault-discburn "$DB" write --drive "$f4_sg" /tmp/one.iso
	st=$rc
	if [ "$st" != 0 ] && grep -q 'E_IMAPI_LOSS_OF_STREAMING' "$RESULTS/fault-discburn.log"; then
		row "discburn write (LOSS_OF_STREAMING)" dvd+r pass "exit $st, E_IMAPI_LOSS_OF_STREAMING"
	else
		row "discburn write (LOSS_OF_STREAMING)" dvd+r fail "exit $st"
	fi
	serves_again f4 "$f4_sr" "$f4_sg" dvd+r
	"$ATTACH" detach f4
else
	row "discburn write (LOSS_OF_STREAMING)" dvd+r skip "no discburn write yet"
fi
finish
