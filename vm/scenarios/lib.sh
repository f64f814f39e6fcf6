# Helpers for scenario scripts (busybox sh, sourced). The guest's init sets
# SRC=/src BUILD=/build RESULTS=/results.

CFG=/sys/kernel/config/target
TABLE=${RESULTS:-/tmp}/table.txt
SCENARIO_NAME=${SCENARIO_NAME:-$(basename "$0" .sh)}
failures=0

log() { echo "== $*"; }
die() { echo "FAIL: $*"; exit 1; }

# row TOOL MEDIUM RESULT [NOTE]: one line of the result table
# (scenario | tool | medium | result), kept in $RESULTS/table.txt.
row() {
	line=$(printf '%-17s | %-40s | %-11s | %s' "$SCENARIO_NAME" "$1" "$2" "$3${4:+ ($4)}")
	echo "$line" >>"$TABLE"
	echo "RESULT: $line"
	[ "$3" = pass ] || [ "$3" = skip ] || failures=$((failures + 1))
}

# check TOOL MEDIUM CMD...: runs CMD, records pass/fail.
check() {
	tool=$1 medium=$2; shift 2
	if "$@"; then row "$tool" "$medium" pass; else row "$tool" "$medium" fail; fi
}

finish() {
	[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
	exit 0
}

# find_bin NAME: an executable of the project's build tree (the layout is the
# CMake one, so search instead of hard-coding it).
find_bin() {
	p=$(find "$BUILD" -path "$BUILD/vm-results" -prune -o -type f -name "$1" -perm -u+x -print 2>/dev/null | head -n 1)
	[ -n "$p" ] && echo "$p"
}

# --- drives through configfs, in shell (the reference for emulator/attach) ---

# tcmu_add NAME CFGSTRING SIZE: a TCMU backstore + a tcm_loop LUN on it.
# Prints "srN sgN" once both device nodes exist.
tcmu_add() {
	name=$1 cfg=$2 size=$3
	dev=$CFG/core/user_0/$name
	mkdir -p "$dev"
	echo -n "dev_config=$cfg,dev_size=$size,hw_block_size=2048" >"$dev/control" || return 1
	echo 1 >"$dev/enable" || return 1
	wwn=naa.5001405$(echo "$name" | md5sum | cut -c1-9)
	tpg=$CFG/loopback/$wwn/tpgt_1
	mkdir -p "$tpg/lun/lun_0" || return 1
	# The nexus must exist before the LUN link: linking first has no
	# I_T nexus to register the SCSI device on.
	echo "naa.5001405$(echo "$name-i" | md5sum | cut -c1-9)" >"$tpg/nexus" || return 1
	ln -s "$dev" "$tpg/lun/lun_0/$name" || return 1
	tcmu_wait "$tpg"
}

# tcmu_wait TPG: waits for the sr and sg nodes of the LUN behind TPG.
tcmu_wait() {
	addr=$(cat "$1/address" 2>/dev/null)  # "host:0:tpgt"
	i=0
	while [ $i -lt 100 ]; do
		sd=/sys/bus/scsi/devices/${addr%:*}:${addr##*:}:0
		# tcm_loop puts target id = tpgt: "H:0:T:L"
		sr=$(ls "$sd/block" 2>/dev/null | head -n 1)
		sg=$(ls "$sd/scsi_generic" 2>/dev/null | head -n 1)
		if [ -n "$sr" ] && [ -n "$sg" ] && [ -e "/dev/$sr" ] && [ -e "/dev/$sg" ]; then
			echo "$sr $sg"
			return 0
		fi
		sleep 0.1; i=$((i + 1))
	done
	echo "no sr/sg for $1 (address $addr)" >&2
	return 1
}

# tcmu_del NAME: removes what tcmu_add made.
tcmu_del() {
	name=$1
	wwn=naa.5001405$(echo "$name" | md5sum | cut -c1-9)
	tpg=$CFG/loopback/$wwn/tpgt_1
	rm -f "$tpg/lun/lun_0/$name"
	rmdir "$tpg/lun/lun_0" 2>/dev/null
	echo "NULL" >"$tpg/nexus" 2>/dev/null
	rmdir "$tpg" "$CFG/loopback/$wwn" 2>/dev/null
	rmdir "$CFG/core/user_0/$name"
}

# --- emulated drives through libmmcemu_attach (emulator/attach) -----------

ATTACH=
need_attach() {
	[ -n "$VM_HANDLER" ] || die "handler_mmcemu.so was not built"
	ATTACH=$(find_bin mmcemu-attach) || die "mmcemu-attach was not built"
}

# drive_new NAME PROFILE [extra mmcemu-attach options]: a blank disc in a new
# drive; sets NAME_sr NAME_sg (e.g. d1_sr=/dev/sr0) and prints the line.
drive_new() {
	dn=$1 dp=$2; shift 2
	out=$("$ATTACH" attach --name "$dn" --profile "$dp" "$@" "/tmp/disc-$dn") || return 1
	echo "attached: $out"
	set -- $out
	eval "${dn}_sr=$2 ${dn}_sg=$3"
}

# make_tree DIR SEED: a few files of assorted sizes (not multiples of 2048).
make_tree() {
	mkdir -p "$1/sub"
	head -c 1234567 /dev/urandom >"$1/big-$2.bin"
	head -c 4097 /dev/urandom >"$1/sub/small-$2.bin"
	echo "hello from $2" >"$1/hello-$2.txt"
}

# same_tree SRC MNT: every file of SRC is in MNT with the same bytes.
same_tree() {
	(cd "$1" && find . -type f) | while read -r f; do
		cmp "$1/$f" "$2/$f" || exit 1
	done
}

# mount_cmp DEV TREE...: mounts DEV (iso9660) and compares every TREE.
mount_cmp() {
	mdev=$1; shift
	mkdir -p /mnt/disc
	mount -t iso9660 -o ro "$mdev" /mnt/disc || return 1
	for t in "$@"; do same_tree "$t" /mnt/disc || { umount /mnt/disc; return 1; }; done
	umount /mnt/disc
}

# run_logged LOGNAME CMD...: runs CMD with its output in $RESULTS/LOGNAME.log,
# and shows the tail when it fails.
run_logged() {
	lg=$RESULTS/$1.log; shift
	echo "\$ $*" >"$lg"
	"$@" >>"$lg" 2>&1
	rc=$?
	[ $rc -eq 0 ] && return 0
	echo "--- $* failed ($rc); last lines of $lg:"; tail -n 15 "$lg"
	return $rc
}

# --- the discburn CLI ------------------------------------------------------

DB=
# need_discburn [COMMAND]: finds the CLI (and checks it has COMMAND, e.g.
# "write"); exits 77 (ctest: skipped) when the piece is not built yet, so a
# missing feature never shows as a pass.
need_discburn() {
	DB=$(find_bin discburn) || { echo "SKIP: discburn was not built"; exit 77; }
	if [ -n "$1" ] && ! "$DB" --help 2>&1 | grep -qE "^[[:space:]]*(discburn[[:space:]]+)?$1([[:space:]]|\$)"; then
		echo "SKIP: this discburn has no '$1' command yet"; exit 77
	fi
}

# reload SG: take the disc out and put it back (START STOP UNIT eject, load),
# as a user does before mounting a fresh burn: the kernel's sr keeps the
# capacity it read while the disc was blank until it sees a media change,
# exactly as with a real drive (growisofs reloads by itself).
reload() {
	sg_start --eject "$1" >/dev/null 2>&1
	sg_start --load "$1" >/dev/null 2>&1
}
