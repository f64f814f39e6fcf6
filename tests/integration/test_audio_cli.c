/* `discburn audio` end to end on emu:cd-r (each command its own process):
 * three raw tracks burned with a progress line per track and the closing
 * table (number, start, length mm:ss:ff), the TOC `discburn info` then
 * shows; refusals before the drive is touched (a file that is not whole
 * samples, a missing file, --verify full, more files than tracks), exit
 * statuses as docs/errors.md gives them; --no-finalize then `write` makes
 * an Enhanced CD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"

#define DISCBURN DISCBURN_BUILD_DIR "/bin/discburn"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/tao-cli-XXXXXX");
	assert_non_null(mkdtemp(dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	/* 10 s, 2 s (padded to 4 s) and 5 2/3 s and a bit of raw samples */
	struct cli_capture *r = cli_sh("head -c %d /dev/urandom > %s/one.raw && "
				       "head -c %d /dev/urandom > %s/two.raw && "
				       "head -c %d /dev/urandom > %s/three.raw && "
				       "head -c 1001 /dev/zero > %s/odd.raw",
				       750 * 2352, dir, 150 * 2352, dir, 425 * 2352 + 400, dir, dir);
	assert_int_equal(r->rc, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return cli_sh("rm -rf '%s'", dir)->rc;
}

static void test_three_tracks(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(DISCBURN " audio --raw-le --drive emu:cd-r:%s/a --verify quick "
				       "--speed 8x %s/one.raw %s/two.raw %s/three.raw",
				       dir, dir, dir, dir);
	if (r->rc != 0)
		fail_msg("exit %d:\n%s", r->rc, r->out);
	cli_expect_in(r, "track 1/3 'one'");
	cli_expect_in(r, "track 2/3 'two'");
	cli_expect_in(r, "track 3/3 'three': 426/426 sectors (100%)");
	cli_expect_in(r, "3 tracks, disc closed, verified (quick)");
	/* number, start (disc time, LBA), length */
	cli_expect_in(r, "      1  00:02:00        0  00:10:00  one");
	cli_expect_in(r, "      2  00:14:02      902  00:04:00  two");
	cli_expect_in(r, "      3  00:20:04     1354  00:05:51  three");
	r = cli_sh(DISCBURN " info --drive emu:cd-r:%s/a", dir);
	assert_int_equal(r->rc, 0);
}

static void test_refusals_before_the_drive(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(DISCBURN " audio --raw-le --drive emu:cd-r:%s/b %s/one.raw %s/odd.raw",
				       dir, dir, dir);
	assert_int_equal(r->rc, 4);
	cli_expect_in(r, "odd.raw: 1001 bytes of raw PCM is not a whole number of 4-byte frames");
	cli_expect_in(r, "E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED");
	/* the drive was not touched: no disc file was even created */
	r = cli_sh("test -e %s/b", dir);
	assert_int_not_equal(r->rc, 0);
	r = cli_sh(DISCBURN " audio --raw-le --drive emu:cd-r:%s/b %s/missing.raw", dir, dir);
	assert_int_equal(r->rc, 3);
	r = cli_sh(DISCBURN " audio --raw-le --drive emu:cd-r:%s/b --verify full %s/one.raw", dir, dir);
	assert_int_equal(r->rc, 2);
	cli_expect_in(r, "quick only");
	r = cli_sh(DISCBURN " audio --raw-le --drive emu:cd-r:%s/b --raw-le --raw-be %s/one.raw", dir, dir);
	assert_int_equal(r->rc, 2);
	r = cli_sh(DISCBURN " audio %s/one.raw", dir);
	assert_int_equal(r->rc, 2);
	cli_expect_in(r, "--drive is required");
	/* 100 files: more tracks than a CD holds */
	r = cli_sh(DISCBURN " audio --raw-le --drive emu:cd-r:%s/b $(for i in $(seq 100); do printf '%s/one.raw '; done)",
		   dir, dir);
	assert_int_equal(r->rc, 2);
	cli_expect_in(r, "at most 99 tracks");
}

/* --no-finalize, then a data session: two sessions on the disc. */
static void test_enhanced_cd(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(DISCBURN " audio --raw-le --drive emu:cd-r:%s/c --no-finalize "
				       "%s/one.raw %s/two.raw",
				       dir, dir, dir);
	if (r->rc != 0)
		fail_msg("audio: exit %d:\n%s", r->rc, r->out);
	cli_expect_in(r, "disc left open for another session");
	r = cli_sh("head -c %d /dev/urandom > %s/data.img && " DISCBURN
		   " write --drive emu:cd-r:%s/c %s/data.img",
		   600 * 2048, dir, dir, dir);
	if (r->rc != 0)
		fail_msg("write: exit %d:\n%s", r->rc, r->out);
	r = cli_sh(DISCBURN " msinfo --drive emu:cd-r:%s/c", dir);
	assert_int_equal(r->rc, 0);
}

/* Ctrl-C (SIGINT) during the first of two tracks, on the drive's real
 * clock at 4x: CancelAddTrack keeps what was written as a shorter track,
 * the second is not written, the session is closed, exit 130. */
static void test_ctrl_c_keeps_a_shorter_track(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(
		"head -c %d /dev/urandom > %s/long.raw; "
		DISCBURN " --emu-clock real audio --raw-le --drive emu:cd-r:%s/d --speed 4x %s/long.raw "
		"%s/one.raw & pid=$!; sleep 2; kill -INT $pid; wait $pid; echo \"exit=$?\"",
		4500 * 2352, dir, dir, dir, dir);
	cli_expect_in(r, "exit=130");
	cli_expect_in(r, "E_IMAPI_REQUEST_CANCELLED");
	cli_expect_in(r, "cancelled in track 1: its first 00:");
	cli_expect_in(r, "1 track, disc closed");
	cli_expect_in(r, "      1  00:02:00        0  ");
	if (strstr(r->out, "track 2/2"))
		fail_msg("the second track was written after Ctrl-C:\n%s", r->out);
	if (strstr(r->out, "00:01:00  long"))
		fail_msg("the whole first track was written:\n%s", r->out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_tracks),
		cmocka_unit_test(test_refusals_before_the_drive),
		cmocka_unit_test(test_enhanced_cd),
		cmocka_unit_test(test_ctrl_c_keeps_a_shorter_track),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
