/* discburn's global --fault-plan and --emu-clock options (issue 5): a
 * preset makes a burn on an emu: drive fail with its IMAPI status and exit
 * 1; an unknown plan or clock is refused with a message naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"

#define DISCBURN DISCBURN_BUILD_DIR "/bin/discburn"

static char dir[64];
static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/cli-faults-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	/* 8 MiB: enough WRITEs for the preset's "nth 6". */
	return cli_run("head -c 8388608 /dev/zero > %s/img", dir);
}

static int teardown(void **state)
{
	(void)state;
	return cli_run("rm -rf '%s'", dir);
}

static void preset_fails_the_burn(void **state)
{
	(void)state;
	int rc = cli_run("%s --fault-plan LOSS_OF_STREAMING write --drive emu:dvd+r:%s/a %s/img",
		     DISCBURN, dir, dir);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(cli_out, "E_IMAPI_LOSS_OF_STREAMING (0xC0AA0300)"));
	/* The same disc, without the plan, takes a burn: the drive lives on. */
	rc = cli_run("%s write --drive emu:dvd+r:%s/b %s/img", DISCBURN, dir, dir);
	assert_int_equal(rc, 0);
}

static void plan_file_and_clock(void **state)
{
	(void)state;
	assert_int_equal(cli_run("echo 'on WRITE nth 2 do sense 3/0C/09' > %s/plan", dir), 0);
	int rc = cli_run("%s --emu-clock unlimited --fault-plan %s/plan write --drive emu:cd-r:%s/c %s/img",
		     DISCBURN, dir, dir, dir);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(cli_out, "E_IMAPI_LOSS_OF_STREAMING"));
}

static void bad_values_are_named(void **state)
{
	(void)state;
	int rc = cli_run("%s --fault-plan NO_SUCH_PLAN info --drive emu:dvd+r:%s/d", DISCBURN, dir);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(cli_out, "NO_SUCH_PLAN"));
	rc = cli_run("%s --emu-clock fast info --drive emu:dvd+r:%s/d", DISCBURN, dir);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(cli_out, "'fast'"));
	rc = cli_run("%s --fault-plan", DISCBURN);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(cli_out, "needs a value"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(preset_fails_the_burn),
		cmocka_unit_test(plan_file_and_clock),
		cmocka_unit_test(bad_values_are_named),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
