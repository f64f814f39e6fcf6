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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define DISCBURN DISCBURN_BUILD_DIR "/bin/discburn"

static char dir[64];
static char out[4096];

/* Runs a shell command line, collects stdout+stderr, returns the exit code. */
static int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/cli-faults-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	/* 8 MiB: enough WRITEs for the preset's "nth 6". */
	return run("head -c 8388608 /dev/zero > %s/img", dir);
}

static int teardown(void **state)
{
	(void)state;
	return run("rm -rf '%s'", dir);
}

static void preset_fails_the_burn(void **state)
{
	(void)state;
	int rc = run("%s --fault-plan LOSS_OF_STREAMING write --drive emu:dvd+r:%s/a %s/img",
		     DISCBURN, dir, dir);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "E_IMAPI_LOSS_OF_STREAMING (0xC0AA0300)"));
	/* The same disc, without the plan, takes a burn: the drive lives on. */
	rc = run("%s write --drive emu:dvd+r:%s/b %s/img", DISCBURN, dir, dir);
	assert_int_equal(rc, 0);
}

static void plan_file_and_clock(void **state)
{
	(void)state;
	assert_int_equal(run("echo 'on WRITE nth 2 do sense 3/0C/09' > %s/plan", dir), 0);
	int rc = run("%s --emu-clock unlimited --fault-plan %s/plan write --drive emu:cd-r:%s/c %s/img",
		     DISCBURN, dir, dir, dir);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "E_IMAPI_LOSS_OF_STREAMING"));
}

static void bad_values_are_named(void **state)
{
	(void)state;
	int rc = run("%s --fault-plan NO_SUCH_PLAN info --drive emu:dvd+r:%s/d", DISCBURN, dir);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(out, "NO_SUCH_PLAN"));
	rc = run("%s --emu-clock fast info --drive emu:dvd+r:%s/d", DISCBURN, dir);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "'fast'"));
	rc = run("%s --fault-plan", DISCBURN);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "needs a value"));
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
