/* The discburn CLI's write, msinfo and erase end to end on emu: drives
 * (each command its own process, as a user runs them): --json-events
 * carries CurrentAction and the WriteEngine2 figures, refusals print
 * their IMAPI status and exit 1, msinfo prints cdrecord's "start,nwa",
 * --close makes the next write fail, --speed reports an adjusted speed,
 * erase refuses write-once media by name. */
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
	strcpy(dir, "/tmp/f2d-cli-XXXXXX");
	assert_non_null(mkdtemp(dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	struct cli_capture *r = cli_sh("head -c %d /dev/urandom > %s/img && head -c 2049 /dev/zero > %s/odd",
			   300 * 2048, dir, dir);
	assert_int_equal(r->rc, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return cli_sh("rm -rf '%s'", dir)->rc;
}

static void test_json_events(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(DISCBURN " write --drive emu:dvd+rw:%s/a --verify full --json-events "
			   "%s/img", dir, dir);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "\"current_action\":\"VALIDATING_MEDIA\",\"current_action_code\":0");
	cli_expect_in(r, "\"current_action\":\"FORMATTING_MEDIA\",\"current_action_code\":1");
	cli_expect_in(r, "\"current_action\":\"WRITING_DATA\",\"current_action_code\":4");
	cli_expect_in(r, "\"sector_count\":300,\"last_read_lba\":299,\"last_written_lba\":299");
	cli_expect_in(r, "\"current_action\":\"FINALIZATION\",\"current_action_code\":5");
	cli_expect_in(r, "\"current_action\":\"VERIFYING\",\"current_action_code\":7");
	cli_expect_in(r, "\"current_action\":\"COMPLETED\",\"current_action_code\":6");
	cli_expect_in(r, "\"remaining_time\":");
	cli_expect_in(r, "{\"event\":\"done\",\"status\":\"S_OK\"");
	r = cli_sh(DISCBURN " read --drive emu::%s/a %s/back && cmp %s/img %s/back", dir, dir, dir,
	       dir);
	assert_int_equal(r->rc, 0);
}

static void test_not_whole_sectors(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(DISCBURN " write --drive emu:cd-r:%s/b %s/odd", dir, dir);
	assert_int_equal(r->rc, 4); /* docs/errors.md */
	cli_expect_in(r, "E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED (0xC0AA0403)");
}

static void test_msinfo_close_and_refusal(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(DISCBURN " msinfo --drive emu:cd-r:%s/c", dir);
	assert_int_equal(r->rc, 1); /* blank: nothing to import */
	assert_int_equal(cli_sh(DISCBURN " write --drive emu:cd-r:%s/c %s/img", dir, dir)->rc, 0);
	r = cli_sh(DISCBURN " msinfo --drive emu:cd-r:%s/c", dir);
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->out, "0,11852\n"); /* 300 + 150 postgap + 2 run-out + 11,400 */
	r = cli_sh(DISCBURN " write --drive emu:cd-r:%s/c --close --verify quick %s/img", dir, dir);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "300 sectors at LBA 11852, disc closed, verified (quick)");
	r = cli_sh(DISCBURN " write --drive emu:cd-r:%s/c %s/img", dir, dir);
	assert_int_equal(r->rc, 1);
	cli_expect_in(r, "E_IMAPI_DF2DATA_INVALID_MEDIA_STATE (0xC0AA0402)");
}

static void test_speed(void **state)
{
	(void)state;
	struct cli_capture *r = cli_sh(DISCBURN " write --drive emu:cd-r:%s/d --speed 16x %s/img", dir, dir);
	assert_int_equal(r->rc, 0);
	assert_null(strstr(r->out, "S_IMAPI_SPEEDADJUSTED"));
	r = cli_sh(DISCBURN " write --drive emu:cd-r:%s/d --speed 5 %s/img", dir, dir);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "S_IMAPI_SPEEDADJUSTED");
	assert_int_equal(cli_sh(DISCBURN " write --drive emu:cd-r:%s/d --speed fast %s/img", dir,
			    dir)->rc, 2);
}

static void test_erase(void **state)
{
	(void)state;
	assert_int_equal(cli_sh(DISCBURN " write --drive emu:cd-r:%s/e %s/img", dir, dir)->rc, 0);
	struct cli_capture *r = cli_sh(DISCBURN " erase --drive emu:cd-r:%s/e", dir);
	assert_int_equal(r->rc, 1);
	cli_expect_in(r, "the CD-R in the drive cannot be erased");
	cli_expect_in(r, "E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED");
	assert_int_equal(cli_sh(DISCBURN " write --drive emu:cd-rw:%s/f --close %s/img", dir, dir)->rc,
			 0);
	assert_int_equal(cli_sh(DISCBURN " erase --drive emu:cd-rw:%s/f --full", dir)->rc, 0);
	assert_int_equal(cli_sh(DISCBURN " write --drive emu:cd-rw:%s/f --verify full %s/img", dir,
			    dir)->rc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_events),
		cmocka_unit_test(test_not_whole_sectors),
		cmocka_unit_test(test_msinfo_close_and_refusal),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_erase),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
