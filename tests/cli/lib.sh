# Shared by the CLI tests: `. lib.sh "$@"` with the mmcemu binary as $1.
set -eu
MMCEMU=${1:?usage: $0 path/to/mmcemu}
WORK=$(mktemp -d /tmp/mmcemu-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_exit CODE CMD...: runs CMD, checks its exit status.
expect_exit() {
	local want=$1 got=0
	shift
	"$@" >out.txt 2>err.txt || got=$?
	if [ "$got" != "$want" ]; then
		cat out.txt err.txt >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# bytes FILE OFFSET COUNT: hex bytes of a file, no spaces ("0009").
bytes() {
	od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'
}

# be32 N: the 4 bytes of N big-endian as CDB hex ("00 00 01 2c").
be32() {
	printf '%02x %02x %02x %02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) \
		$(($1 >> 8 & 255)) $(($1 & 255))
}

# json_field FILE KEY: the value of a top-level "key": value line.
json_field() {
	sed -n "s/^  \"$2\": \(.*\),\{0,1\}\$/\1/p" "$1" | sed 's/,$//'
}
