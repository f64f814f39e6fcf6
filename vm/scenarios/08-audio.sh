#!/bin/sh
# Issue 15 through the kernel: audio CDs burnt onto the emulated CD-R by
# tools nobody here wrote and by `discburn audio`, through sr/sg ->
# tcm_loop -> TCMU -> tcmu-runner -> handler_mmcemu.so, then read back the
# way a user's ripper reads them:
#   - wodim -audio -tao and cdrskin -audio -tao write three sine WAVs
#     (2352-byte sectors, data block type 0);
#   - cd-info (libcdio) lists three audio tracks, the first at LBA 0, each
#     next one after the previous track's sectors plus the TAO gap;
#   - cdparanoia rips every track (READ CD of CD-DA sectors) and the PCM
#     equals the WAV's samples, sample for sample, the last sector padded
#     with silence;
#   - `discburn audio` through /dev/sgN, ripped back the same way;
#   - an Enhanced CD (CD Extra): an audio session left open, then a data
#     session (ISO 9660 made for its place on the disc); the kernel mounts
#     the data session and cd-info shows both.
# Usage: 08-audio.sh [CASE...] (default: all cases, see $all below).
. /src/vm/scenarios/lib.sh
need_attach
WAVGEN=$(find_bin wavgen) || die "wavgen (tests/vm) was not built"

CLOCK=${MMCEMU_CLOCK:-real}
SECTOR=2352
# What a TAO track leaves between its last sector and the next track's
# first (index 1): 2 run-out blocks, then the drive-written 2 s pregap,
# whose first 5 blocks are the link and run-in; the lead-out follows the
# last track's run-out (docs/emulator-media.md, "The TAO layout").
RUN_OUT=2
TAO_GAP=$((RUN_OUT + 150))

# The tones: 4 s exactly (300 sectors, the shortest track the Red Book
# allows), 5 s + 1000 samples (the last sector is padded), 6 s.
wav_frames="a:176400:440 b:221500:554.37 c:264600:659.25"
for w in $wav_frames; do
	IFS=: read -r nm fr hz <<EOF
$w
EOF
	"$WAVGEN" "/tmp/$nm.wav" "$fr" "$hz" || die "wavgen $nm"
done
WAVS="/tmp/a.wav /tmp/b.wav /tmp/c.wav"

pcm_bytes() { echo $(( $(wc -c <"$1") - 44 )); }
sectors_of() { b=$(pcm_bytes "$1"); echo $(( (b + SECTOR - 1) / SECTOR )); }
# The track's length on the disc: a track is at least 4 s (300 sectors,
# MMC-6 6.2.3.1.2), the drive pads a shorter one.
track_len() { s=$(sectors_of "$1"); [ "$s" -ge 300 ] || s=300; echo "$s"; }

n=0
fresh() { # a new drive with a blank CD-R; sets sr sg dname
	n=$((n + 1)); dname=au$n
	drive_new "$dname" cd-r --clock "$CLOCK" >/dev/null || return 1
	eval "sr=\$${dname}_sr sg=\$${dname}_sg"
	# Opened once before the burn, as a desktop's udisks poll does.
	blockdev --getsize64 "$sr" >/dev/null 2>&1
}
done_drive() { "$ATTACH" detach "$dname"; }

# toc LOG: cd-info's track list into $RESULTS/LOG.log; sets the shell
# variables t_N_lsn, t_N_type (N = 1..), leadout_lsn, ntracks and
# last_session (the LSN where the last session's first track starts).
toc() {
	lg=$RESULTS/$1.log
	# (busybox sh has no locals: this loop's variable is its own)
	for _t in 1 2 3 4 5 6 7 8 9; do unset "t_${_t}_lsn" "t_${_t}_type"; done
	unset leadout_lsn last_session
	cd-info --no-device-info -C "$sr" >"$lg" 2>&1
	# "  1: 00:02:00  000000 audio  false  no    2        no"
	# "170: 00:50:21  003621 leadout (8 MB raw, 0:48 now)"
	eval "$(awk '/^ *[0-9]+: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] +[0-9]+ / {
		# busybox awk reads "000452" as octal: drop the zeros first.
		t = $1; sub(":", "", t); lsn = $3; sub(/^0+/, "", lsn); lsn = lsn + 0
		if (t == 170) { print "leadout_lsn=" lsn; next }
		print "t_" t "_lsn=" lsn; print "t_" t "_type=" $4; nt = t
	}
	/^Last CD Session LSN: / { print "last_session=" $5 + 0 }
	END { print "ntracks=" nt + 0 }' "$lg")"
}

# audio_toc_ok LOG FIRST WAV...: cd-info lists the WAVs as audio tracks
# FIRST.. in order, FIRST at ${start:-0}, each next one TAO_GAP sectors
# after the previous track's sectors; the last one ends where the next
# session or the lead-out begins (checked by the caller when it matters).
# Sets why on failure.
audio_toc_ok() {
	lg=$1 k=$2; shift 2
	toc "$lg"
	want=${start:-0}
	for w in "$@"; do
		eval "lsn=\${t_${k}_lsn:-} ty=\${t_${k}_type:-}"
		[ "$ty" = audio ] || { why="track $k is '${ty:-missing}', not audio"; return 1; }
		[ "$lsn" = "$want" ] || { why="track $k starts at $lsn, not $want"; return 1; }
		want=$((lsn + $(track_len "$w") + TAO_GAP))
		k=$((k + 1))
	done
	return 0
}

# rip_ok K WAV: cdparanoia rips track K; its first bytes are the WAV's
# samples, the rest of the last sector and the gap before the next track
# are digital silence. Sets why on failure.
rip_ok() {
	rip=/tmp/rip-$dname-$1.raw
	rm -f "$rip"
	# One READ CD of the track's first sector (CD-DA, user data) first: a
	# drive that refuses it keeps cdparanoia probing for ten minutes.
	eval "lba=\${t_${1}_lsn:-0}"
	hex=$(printf '%08X' "$lba" | sed 's/../& /g')
	# shellcheck disable=SC2086
	if ! sg_raw -r 2352 -o /tmp/probe.raw "$sg" BE 04 $hex 00 00 01 10 00 00 \
		>"$RESULTS/readcd-probe-$dname-$1.log" 2>&1; then
		why="READ CD of CD-DA at LBA $lba refused: $(grep -iE 'sense key|additional sense' \
			"$RESULTS/readcd-probe-$dname-$1.log" | head -n 2 | tr '\n' ' ')"
		return 1
	fi
	# -r: headerless 16-bit samples in host (little-endian) order, as in WAV.
	# A drive cdparanoia cannot read audio from costs it ten minutes of
	# probing under TCG: bounded, so the other cases still run.
	if ! run_logged "cdparanoia-$dname-$1" timeout 300 cdparanoia -v -d "$sr" -r -- "$1" "$rip"; then
		why="cdparanoia failed on track $1"; return 1
	fi
	len=$(pcm_bytes "$2")
	got=$(wc -c <"$rip")
	[ "$got" -ge "$len" ] || { why="track $1 rip has $got bytes, the WAV $len"; return 1; }
	tail -c +45 "$2" >/tmp/pcm.raw
	if ! head -c "$len" "$rip" | cmp -s - /tmp/pcm.raw; then
		why="track $1 samples differ: $(head -c "$len" "$rip" | cmp - /tmp/pcm.raw 2>&1)"
		return 1
	fi
	nz=$(tail -c +$((len + 1)) "$rip" | tr -d '\000' | wc -c)
	[ "$nz" -eq 0 ] || { why="track $1: $nz non-zero bytes after the samples"; return 1; }
	return 0
}

# rips_ok FIRST WAV...: rip_ok for tracks FIRST.. against the WAVs.
rips_ok() {
	k=$1; shift
	for w in "$@"; do
		rip_ok "$k" "$w" || return 1
		k=$((k + 1))
	done
}

# audio_result TOOL STATUS: after a three-track burn of $WAVS: TOC + rips.
audio_result() {
	tool=$1 st=$2
	reload "$sg"
	if [ "$st" != 0 ]; then
		row "$tool" cd-r fail "burn exit $st"; return
	fi
	# shellcheck disable=SC2086
	if ! audio_toc_ok "cd-info-$dname" 1 $WAVS; then
		row "$tool + cd-info" cd-r fail "$why"
	else
		last=$((t_3_lsn + $(track_len /tmp/c.wav) + RUN_OUT))
		if [ "$ntracks" != 3 ] || [ "${leadout_lsn:-x}" != "$last" ]; then
			row "$tool + cd-info" cd-r fail "$ntracks tracks, lead-out at ${leadout_lsn:-?} (want 3, $last)"
		else
			row "$tool + cd-info" cd-r pass "3 audio tracks at 0 $t_2_lsn $t_3_lsn"
		fi
	fi
	# shellcheck disable=SC2086
	if rips_ok 1 $WAVS; then
		row "$tool + cdparanoia" cd-r pass "3 tracks sample-equal"
	else
		row "$tool + cdparanoia" cd-r fail "$why"
	fi
}

# db_rip_ok K WAV: `discburn read --track K --audio` through the kernel
# (READ CD on /dev/sgN) gives a WAV whose samples are the WAV's. Sets why.
db_rip_ok() {
	out=/tmp/dbrip-$dname-$1.wav
	rm -f "$out"
	run_logged "discburn-read-audio-$dname-$1" "$DB" read --drive "$sg" --track "$1" \
		--audio "$out" || { why="discburn read --track $1 --audio failed"; return 1; }
	[ "$(dd if="$out" bs=1 skip=36 count=4 2>/dev/null)" = data ] ||
		{ why="$out has no data chunk at byte 36"; return 1; }
	len=$(pcm_bytes "$2")
	tail -c +45 "$2" >/tmp/pcm.raw
	tail -c +45 "$out" | head -c "$len" | cmp -s - /tmp/pcm.raw ||
		{ why="track $1 ripped by discburn differs from $2"; return 1; }
}

case_wodim() {
	fresh || { row "wodim -audio -tao" cd-r fail attach; return; }
	# shellcheck disable=SC2086
	run_logged "wodim-audio-$dname" wodim -v dev="$sg" -tao -audio -pad $WAVS
	audio_result "wodim -audio -tao" $?
	# discburn's ripper on a disc another burner wrote
	if ! need_db_audio "discburn read --audio (wodim's disc)"; then
		:
	elif db_rip_ok 2 /tmp/b.wav; then
		row "discburn read --audio (wodim's disc)" cd-r pass "track 2 sample-equal"
	else
		row "discburn read --audio (wodim's disc)" cd-r fail "$why"
	fi
	done_drive
}

case_cdrskin() {
	fresh || { row "cdrskin -audio -tao" cd-r fail attach; return; }
	# shellcheck disable=SC2086
	run_logged "cdrskin-audio-$dname" cdrskin -v dev="$sg" -tao -audio -pad $WAVS
	audio_result "cdrskin -audio -tao" $?
	done_drive
}

case_discburn() {
	need_db_audio "discburn audio" || return
	fresh || { row "discburn audio" cd-r fail attach; return; }
	# shellcheck disable=SC2086
	run_logged "discburn-audio-$dname" "$DB" audio --drive "$sg" $WAVS
	audio_result "discburn audio" $?
	done_drive
}

# enhanced_result TOOL: after an audio session (a.wav b.wav) and a data
# session of /tmp/t1: the kernel mounts the data session, cd-info lists
# two audio tracks and a data track in the second session.
enhanced_result() {
	tool=$1
	reload "$sg"
	if mount_cmp "$sr" /tmp/t1; then
		row "$tool: mount" cd-r pass "data session mounted and compared"
	else
		row "$tool: mount" cd-r fail "mount/cmp of the data session"
	fi
	if ! audio_toc_ok "cd-info-$dname" 1 /tmp/a.wav /tmp/b.wav; then
		row "$tool: cd-info" cd-r fail "$why"
	elif [ "$ntracks" != 3 ] || [ "${t_3_type:-}" != data ]; then
		row "$tool: cd-info" cd-r fail "$ntracks tracks, track 3 '${t_3_type:-missing}' (want data)"
	elif [ "$last_session" != "$t_3_lsn" ]; then
		# libcdio asks the kernel (CDROMMULTISESSION: sr's READ TOC
		# format 1), as isofs does for the mount.
		row "$tool: cd-info" cd-r fail "last session at LSN '${last_session:-?}', not the data track's $t_3_lsn"
	else
		row "$tool: cd-info" cd-r pass "2 audio + data track at $t_3_lsn"
	fi
	if rips_ok 1 /tmp/a.wav /tmp/b.wav; then
		row "$tool: cdparanoia" cd-r pass "2 audio tracks sample-equal"
	else
		row "$tool: cdparanoia" cd-r fail "$why"
	fi
}

case_enhanced_wodim() {
	fresh || { row "Enhanced CD (wodim)" cd-r fail attach; return; }
	make_tree /tmp/t1 one
	if ! run_logged "ecd-audio-$dname" wodim -v dev="$sg" -tao -multi -audio -pad /tmp/a.wav /tmp/b.wav; then
		row "Enhanced CD (wodim)" cd-r fail "audio session: wodim exit status"; done_drive; return
	fi
	# The data session's ISO is made for its place: -C last-session-start,NWA.
	msinfo=$(wodim -msinfo dev="$sg" 2>>"$RESULTS/ecd-msinfo-$dname.log")
	echo "   msinfo $msinfo"
	case $msinfo in
	*,*) ;;
	*) row "Enhanced CD (wodim)" cd-r fail "wodim -msinfo said '$msinfo'"; done_drive; return ;;
	esac
	if ! run_logged "ecd-mkisofs-$dname" genisoimage -R -J -V EXTRA -C "$msinfo" -o /tmp/extra.iso /tmp/t1 ||
		! run_logged "ecd-data-$dname" wodim -v dev="$sg" -tao -data /tmp/extra.iso; then
		row "Enhanced CD (wodim)" cd-r fail "data session burn"; done_drive; return
	fi
	enhanced_result "Enhanced CD (wodim)"
	done_drive
}

# need_db_audio: sets DB when this discburn has the audio command; else a
# failed row (a missing piece is a failure here, never a pass or a skip).
need_db_audio() { # ROW-NAME
	DB=$(find_bin discburn) || { row "$1" cd-r fail "discburn was not built"; return 1; }
	"$DB" --help 2>&1 | grep -qE '^[[:space:]]*(discburn[[:space:]]+)?audio([[:space:]]|$)' && return 0
	row "$1" cd-r fail "this discburn has no 'audio' command"
	return 1
}

# The Enhanced CD the way IMAPI2 makes it: DiscFormat2TrackAtOnce with
# DoNotFinalizeMedia, then DiscFormat2Data.
case_enhanced_discburn() {
	need_db_audio "Enhanced CD (discburn)" || return
	fresh || { row "Enhanced CD (discburn)" cd-r fail attach; return; }
	make_tree /tmp/t1 one
	if ! run_logged "ecd-db-audio-$dname" "$DB" audio --no-finalize --drive "$sg" /tmp/a.wav /tmp/b.wav; then
		row "Enhanced CD (discburn)" cd-r fail "audio session: discburn audio exit status"; done_drive; return
	fi
	msinfo=$("$DB" msinfo --drive "$sg" 2>>"$RESULTS/ecd-db-msinfo-$dname.log")
	echo "   msinfo $msinfo"
	case $msinfo in
	*,*) ;;
	*) row "Enhanced CD (discburn)" cd-r fail "discburn msinfo said '$msinfo'"; done_drive; return ;;
	esac
	if ! run_logged "ecd-db-mkisofs-$dname" genisoimage -R -J -V EXTRA -C "$msinfo" -o /tmp/extra.iso /tmp/t1 ||
		! run_logged "ecd-db-data-$dname" "$DB" write --drive "$sg" /tmp/extra.iso; then
		row "Enhanced CD (discburn)" cd-r fail "data session burn"; done_drive; return
	fi
	enhanced_result "Enhanced CD (discburn)"
	done_drive
}

all="wodim cdrskin discburn enhanced_wodim enhanced_discburn"
[ $# -gt 0 ] && all=$*
for c in $all; do
	log "$c"
	t0=$(date +%s)
	"case_$c"
	echo "   ($(( $(date +%s) - t0 )) s)"
done
finish
