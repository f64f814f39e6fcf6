#!/bin/sh
# Scenario 3 of issue 6: burners nobody here wrote burn onto the emulated
# drive through the kernel (sr/sg -> tcm_loop -> TCMU -> tcmu-runner ->
# handler_mmcemu.so), and the result mounts with the kernel's iso9660 and
# compares. Usage: 04-real-tools.sh [CASE...] (default: all cases).
. /src/vm/scenarios/lib.sh
need_attach

CLOCK=${MMCEMU_CLOCK:-real}
make_tree /tmp/t1 one
make_tree /tmp/t2 two
xorriso -as mkisofs -quiet -R -J -V ONE -o /tmp/one.iso /tmp/t1 || die "mkisofs"

n=0
fresh() { # PROFILE: a new drive with a blank disc; sets sr sg dname
	n=$((n + 1)); dname=rt$n
	drive_new "$dname" "$1" --clock "$CLOCK" >/dev/null || return 1
	eval "sr=\$${dname}_sr sg=\$${dname}_sg"
}
done_drive() { "$ATTACH" detach "$dname"; }

# result TOOL MEDIUM STATUS TREE...: the burn's status, then mount + cmp.
result() {
	tool=$1 medium=$2 st=$3; shift 3
	reload "$sg"
	if [ "$st" != 0 ]; then
		row "$tool" "$medium" fail "burn exit $st"
	elif mount_cmp "$sr" "$@"; then
		row "$tool" "$medium" pass
	else
		row "$tool" "$medium" fail "mount/cmp"
	fi
}

timed() { # LOGNAME CMD...: run_logged + seconds in $secs
	t0=$(date +%s); run_logged "$@"; st=$?; secs=$(( $(date +%s) - t0 ))
	return $st
}

case_xorriso_cdrecord() { # medium
	fresh "$1" || { row "xorriso -as cdrecord" "$1" fail attach; return; }
	timed "xorriso-cdrecord-$1" xorriso -as cdrecord -v dev="$sr" /tmp/one.iso
	result "xorriso -as cdrecord" "$1" $? /tmp/t1
	done_drive
}
case_xorriso_outdev() { # medium
	fresh "$1" || { row "xorriso -outdev" "$1" fail attach; return; }
	timed "xorriso-outdev-$1" xorriso -outdev "$sr" -map /tmp/t1 / -commit
	result "xorriso -outdev" "$1" $? /tmp/t1
	done_drive
}
case_growisofs() { # medium
	fresh "$1" || { row "growisofs -Z" "$1" fail attach; return; }
	timed "growisofs-$1" growisofs -use-the-force-luke=tty -Z "$sr=/tmp/one.iso"
	result "growisofs -Z" "$1" $? /tmp/t1
	done_drive
}
case_growisofs_dao() { # medium: -dvd-compat burns DVD-R disc-at-once
	fresh "$1" || { row "growisofs -dvd-compat -Z" "$1" fail attach; return; }
	timed "growisofs-dao-$1" growisofs -use-the-force-luke=tty -dvd-compat -Z "$sr=/tmp/one.iso"
	result "growisofs -dvd-compat -Z" "$1" $? /tmp/t1
	done_drive
}
case_wodim() { # mode
	fresh cd-r || { row "wodim -$1" cd-r fail attach; return; }
	timed "wodim-$1" wodim -v dev="$sr" "-$1" /tmp/one.iso
	result "wodim -$1" cd-r $? /tmp/t1
	done_drive
}
case_cdrdao() {
	fresh cd-r || { row "cdrdao write" cd-r fail attach; return; }
	printf 'CD_ROM\nTRACK MODE1\nDATAFILE "/tmp/one.iso"\n' >/tmp/one.toc
	timed cdrdao cdrdao write --device "$sg" --driver generic-mmc /tmp/one.toc
	result "cdrdao write" cd-r $? /tmp/t1
	done_drive
}
case_growisofs_multi() { # medium
	fresh "$1" || { row "growisofs -Z/-M" "$1" fail attach; return; }
	timed "growisofs-Z-$1" growisofs -use-the-force-luke=tty -Z "$sr" -R -J /tmp/t1 &&
		timed "growisofs-M-$1" growisofs -use-the-force-luke=tty -M "$sr" -R -J /tmp/t2
	result "growisofs -Z + -M" "$1" $? /tmp/t1 /tmp/t2
	done_drive
}
case_xorriso_append() { # medium
	fresh "$1" || { row "xorriso append" "$1" fail attach; return; }
	timed "xorriso-s1-$1" xorriso -outdev "$sr" -map /tmp/t1 / -commit &&
		timed "xorriso-s2-$1" xorriso -dev "$sr" -map /tmp/t2 / -commit
	result "xorriso 2 sessions" "$1" $? /tmp/t1 /tmp/t2
	done_drive
}

all="xorriso_cdrecord:cd-r xorriso_cdrecord:dvd+r xorriso_cdrecord:bd-r
xorriso_outdev:cd-r xorriso_outdev:dvd+r xorriso_outdev:bd-r
growisofs:dvd+rw growisofs:dvd+r growisofs:dvd-r growisofs_dao:dvd-r wodim:tao wodim:sao cdrdao
growisofs_multi:dvd+r growisofs_multi:dvd-r xorriso_append:cd-r xorriso_append:bd-r"
[ $# -gt 0 ] && all=$*
for c in $all; do
	fn=case_${c%%:*}; arg=${c#*:}; [ "$arg" = "$c" ] && arg=
	log "$c"
	t0=$(date +%s)
	$fn $arg
	echo "   ($(( $(date +%s) - t0 )) s)"
done
finish
