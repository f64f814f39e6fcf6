#!/bin/sh
# bench: audio CDs on the kernel path (issue 15). The same three sine WAVs
# burnt TAO onto a fresh emulated CD-R by `discburn audio`, `wodim -audio`
# and `cdrskin -audio`, the drive on the unlimited clock (the path's and the
# burner's numbers, not the medium's); then one real-clock `discburn audio
# --speed 16x` of a 10-minute album, whose time bench/run compares with
# theory (600 s / 16 = 37.5 s plus the drive's track overhead).
#   vm/run --build BUILD bench/vm/audio.sh [SECONDS-PER-TRACK] [REPS] [ALBUM-SECONDS]
# One line per burn in $RESULTS/audio.txt:
#   case=TOOL medium=cd-r rep=N bytes=PCM-BYTES sectors=S wall_s=.. user_s=.. sys_s=.. maxrss_kib=.. status=..
# (CPU time is the burning process's; tcmu-runner's is not in it.)
. /src/vm/scenarios/lib.sh
need_attach
DB=$(find_bin discburn) || die "discburn was not built"
RU=$(find_bin bench-rusage) || die "bench-rusage was not built (bench/run builds it)"
WAVGEN=$(find_bin wavgen) || die "wavgen (tests/vm) was not built"
SECS=${1:-60}
REPS=${2:-2}
ALBUM=${3:-600}
OUT=$RESULTS/audio.txt
: >"$OUT"

# Three tracks of SECS seconds; a multiple of 588 frames (one sector), so
# no burner pads and every one writes the same sectors.
frames=$((SECS * 44100 / 588 * 588))
WAVS=
for hz in 440 554.37 659.25; do
	"$WAVGEN" "/tmp/t$hz.wav" "$frames" "$hz" || die "wavgen"
	WAVS="$WAVS /tmp/t$hz.wav"
done
BYTES=$((3 * frames * 4))
SECTORS=$((3 * frames / 588))

n=0
fresh() { # CLOCK: a new blank CD-R in a new drive; sets sr sg dname
	n=$((n + 1)); dname=a$n
	drive_new "$dname" cd-r --clock "$1" >/dev/null || die "attach cd-r"
	eval "sr=\$${dname}_sr sg=\$${dname}_sg"
}
gone() { "$ATTACH" detach "$dname"; rm -f "/tmp/disc-$dname" "/tmp/disc-$dname".*; }

# burn CASE CMD...: one measured run (output on tmpfs while it runs, as in
# kernel.sh: writes to the 9p share are round trips through the VM).
burn() {
	c=$1; shift
	log "$c: $*"
	"$RU" -o /tmp/st "$@" >/tmp/burn.log 2>&1 </dev/null
	cp /tmp/burn.log "$RESULTS/$c-$rep.log"
	echo "case=$c medium=cd-r rep=$rep bytes=$BYTES sectors=$SECTORS $(cat /tmp/st)" | tee -a "$OUT"
}

rep=1
while [ "$rep" -le "$REPS" ]; do
	# shellcheck disable=SC2086
	{
		fresh unlimited; burn discburn-audio "$DB" audio --drive "$sg" $WAVS; gone
		fresh unlimited; burn discburn-audio-sr "$DB" audio --drive "$sr" $WAVS; gone
		# wodim counts down before it writes: gracetime=2 shortens that,
		# and the 2 s stay in its time.
		fresh unlimited; burn wodim-audio wodim -tao -audio gracetime=2 dev="$sg" $WAVS; gone
		fresh unlimited; burn cdrskin-audio cdrskin -tao -audio gracetime=0 dev="$sg" $WAVS; gone
	}
	rep=$((rep + 1))
done

# The album: 10 tracks of ALBUM/10 s at 16x on the drive's real clock.
if [ "$ALBUM" -gt 0 ]; then
	af=$((ALBUM * 44100 / 10 / 588 * 588))
	ALBUM_WAVS=
	i=1
	while [ $i -le 10 ]; do
		"$WAVGEN" "/tmp/album$i.wav" "$af" "$((200 + 50 * i))" || die "wavgen"
		ALBUM_WAVS="$ALBUM_WAVS /tmp/album$i.wav"
		i=$((i + 1))
	done
	BYTES=$((10 * af * 4)) SECTORS=$((10 * af / 588)) rep=1
	fresh real
	# shellcheck disable=SC2086
	burn discburn-audio-16x-real "$DB" audio --speed 16x --drive "$sg" $ALBUM_WAVS
	gone
	rm -f /tmp/album*.wav
fi
finish
