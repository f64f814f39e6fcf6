/* discburn read --track N --audio (issue 15), through the CLI as a user
 * runs it, on emulated CD-Rs: what it refuses (a data track, a track the
 * disc does not have, --audio without --track or to standard output),
 * leaving no file behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
	strcpy(dir, "/tmp/read-audio-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return cli_run("rm -rf '%s'", dir);
}

static void expect(int want_rc, const char *says, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void expect(int want_rc, const char *says, const char *fmt, ...)
{
	char cmd[1536];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int rc = cli_run("cd %s && %s", dir, cmd);
	if (rc != want_rc || (says && !strstr(cli_out, says)))
		fail_msg("exit %d (want %d): %s\n%s\n(want \"%s\")", rc, want_rc, cmd, cli_out,
			 says ? says : "");
}

static bool exists(const char *name)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

/* A data disc: its track is refused by name, and no WAV is left. */
static void test_refusals(void **state)
{
	(void)state;
	expect(0, NULL, "head -c %d /dev/urandom >img && " DISCBURN
	       " write --drive emu:cd-r:data img", 300 * 2048);
	expect(2, "discburn: read: track 1 is a data track: read it without --audio",
	       DISCBURN " read --drive emu::data --track 1 --audio t1.wav");
	assert_false(exists("t1.wav"));
	/* Track 2 is the disc's open (invisible, empty) track. */
	expect(2, "track 2 is blank", DISCBURN " read --drive emu::data --track 2 --audio t2.wav");
	expect(2, "the disc has no track 7 (2 tracks)",
	       DISCBURN " read --drive emu::data --track 7 --audio t7.wav");
	assert_false(exists("t2.wav") || exists("t7.wav"));
	expect(2, "--audio rips one audio track: give --track N",
	       DISCBURN " read --drive emu::data --audio t.wav");
	expect(2, "--audio writes a WAV file: OUT cannot be -",
	       DISCBURN " read --drive emu::data --track 1 --audio -");
	expect(2, "--session and --track exclude each other",
	       DISCBURN " read --drive emu::data --session 1 --track 1 --audio t.wav");
	assert_false(exists("t.wav"));
	/* The data read of the same track still works. */
	expect(0, NULL, DISCBURN " read --drive emu::data --track 1 back.img && cmp -n %d back.img img",
	       300 * 2048);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
