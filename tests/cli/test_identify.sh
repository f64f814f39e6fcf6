# Issue 2 "must show": INQUIRY reports peripheral type 05h and GET
# CONFIGURATION the profile of the loaded medium, for CD-R, DVD+RW, BD-R.
. "$(dirname "$0")/lib.sh" "$@"

for pair in cd-r:0009 dvd+rw:001a bd-r:0041; do
	profile=${pair%%:*} number=${pair##*:}
	"$MMCEMU" new --profile "$profile" "d-$profile"
	"$MMCEMU" raw "d-$profile" "12 00 00 00 60 00" --save inq.bin >inq.txt
	grep -q '^status: GOOD' inq.txt || fail "$profile: INQUIRY failed"
	grep -q '^00000000: 0580 ' inq.txt || fail "$profile: INQUIRY dump does not start 05 80"
	[ "$(bytes inq.bin 0 1)" = 05 ] || fail "$profile: peripheral type $(bytes inq.bin 0 1)"
	[ "$(bytes inq.bin 8 8)" = "$(printf DISCBURN | od -An -tx1 | tr -d ' \n')" ] ||
		fail "$profile: vendor"

	"$MMCEMU" raw "d-$profile" "46 00 00 00 00 00 00 00 08 00" --save conf.bin >conf.txt
	# bytes 6-7 of the header: the 4th group of the dump's first line
	grep -Eq "^00000000: [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} $number " conf.txt ||
		fail "$profile: GET CONFIGURATION dump: $(cat conf.txt)"
	[ "$(bytes conf.bin 6 2)" = "$number" ] || fail "$profile: current profile $(bytes conf.bin 6 2)"
done

# `profiles` lists every medium of media-profiles/.
"$MMCEMU" profiles >profiles.txt
for p in cd-r cd-rw dvd-r dvd+r dvd+rw bd-r bd-re; do
	grep -q "^$p " profiles.txt || fail "profiles: $p missing"
done
echo ok
