# The README's "Using it" block, run as it stands: every line succeeds
# except the one that says it fails, which must fail the way it says
# (E_IMAPI_LOSS_OF_STREAMING). /tmp/ in it becomes this test's directory.
. "$(dirname "$0")/lib.sh" "$@"
readme=$(dirname "$0")/../../README.md
bin=$(cd "$(dirname "$MMCEMU")" && pwd)
sed -n '/^## Using it/,/^```$/p' "$readme" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' >block.sh
[ "$(wc -l <block.sh)" -ge 10 ] || fail "README's Using it block not found"
n=0
while IFS= read -r line; do
	case $line in B=*) continue ;; esac
	cmd=${line%%#*}
	comment=${line#"$cmd"}
	cmd=${cmd//\/tmp\//$WORK/}
	n=$((n + 1))
	rc=0
	B=$bin/discburn M=$bin/mmcemu bash -c "$cmd" >out.txt 2>err.txt || rc=$?
	case $comment in
	*"# fails"*)
		[ "$rc" = 1 ] || fail "README line '$line' should fail (exit 1), exited $rc"
		grep -q E_IMAPI_LOSS_OF_STREAMING err.txt || fail "README line '$line': $(cat err.txt)"
		;;
	*)
		[ "$rc" = 0 ] || { cat out.txt err.txt >&2; fail "README line '$line' exited $rc"; }
		;;
	esac
done <block.sh
cmp -n $((16 * 1024 * 1024)) image.iso out.iso || fail "README: out.iso is not image.iso"
echo "ok: $n README lines"
