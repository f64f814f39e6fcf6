/* Bad input to the tools (issue 8, docs/errors.md): each row of the table
 * gets one clear message naming the problem and its own exit status, and
 * nothing is written to the disc (no coaster). */
#include <setjmp.h>
#include <stdbool.h>
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

struct bad_input {
	const char *what;
	const char *args; /* after "discburn"; %1$s is the test directory */
	int exit_status;
	const char *message; /* must appear in the output */
};

static const struct bad_input rows[] = {
	{"missing image", "write --drive emu:dvd+r:%1$s/d %1$s/missing.img", 3,
	 "missing.img: ERROR_FILE_NOT_FOUND"},
	{"image is a directory", "write --drive emu:dvd+r:%1$s/d %1$s", 3,
	 "is a directory, not an image file"},
	{"image not a multiple of 2048", "write --drive emu:dvd+r:%1$s/d %1$s/odd.img", 4,
	 "odd.img is 5000 bytes, not a whole number of 2048-byte sectors"},
	{"image larger than the free space", "write --drive emu:cd-r:%1$s/cd %1$s/big.img", 5,
	 "E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA (0xC0AA0404)"},
	/* The facts (issue 13): the numbers come from DiscFormat2Data's
	 * getters (FreeSectorsOnMedia, NextWritableAddress). */
	{"image larger than the free space: the numbers",
	 "write --drive emu:cd-r:%1$s/cd %1$s/big.img", 5,
	 "the image needs 409,600 sectors, 359,849 are free"},
	{"session onto a closed disc", "write --drive emu:dvd+r:%1$s/closed %1$s/ok.img", 1,
	 "E_IMAPI_DF2DATA_INVALID_MEDIA_STATE (0xC0AA0402): The requested operation is only "
	 "valid with supported media. -- the disc is closed: no further session can be added"},
	{"write-section off the next writable address",
	 "write-section --drive emu:dvd+r:%1$s/d --lba 100 %1$s/ok.img", 1,
	 "the next writable address is 14352, not 100 [sense 5/21/02"},
	{"msinfo of a closed disc", "msinfo --drive emu:dvd+r:%1$s/closed", 1,
	 "E_IMAPI_DF2DATA_INVALID_MEDIA_STATE (0xC0AA0402): The requested operation is only "
	 "valid with supported media. -- the disc is closed: no further session can be added"},
	/* --json / --json-events: the same failure as one JSON error object
	 * on stdout (docs/engine.md "JSON error object"). */
	{"msinfo --json of a closed disc", "msinfo --json --drive emu:dvd+r:%1$s/closed 2>/dev/null", 1,
	 "{\"event\":\"error\",\"subcommand\":\"msinfo\",\"status\":"
	 "\"E_IMAPI_DF2DATA_INVALID_MEDIA_STATE\",\"hresult\":\"0xC0AA0402\",\"message\":"
	 "\"The requested operation is only valid with supported media.\",\"fact\":"
	 "\"the disc is closed: no further session can be added"},
	{"write --json-events, image too large",
	 "write --json-events --drive emu:cd-r:%1$s/cd %1$s/big.img 2>/dev/null", 5,
	 "\"status\":\"E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA\",\"hresult\":"
	 "\"0xC0AA0404\",\"message\":\"The provided stream to write is too large for the "
	 "currently inserted media.\",\"fact\":\"the image needs 409,600 sectors, 359,849 are free"},
	{"write-section --json-events: the command and sense",
	 "write-section --json-events --drive emu:dvd+r:%1$s/d --lba 100 %1$s/ok.img 2>/dev/null", 1,
	 "\"fact\":\"the next writable address is 14352, not 100\",\"object\":null,"
	 "\"command\":\"WRITE_10\",\"sense\":\"5/21/02\"}"},
	{"info --json, no such drive", "info --json --drive %1$s/no-such-drive 2>/dev/null", 6,
	 "\"status\":\"ERROR_FILE_NOT_FOUND\",\"hresult\":\"0x80070002\""},
	{"erase --json-events of a write-once disc", "erase --json-events --drive emu:dvd+r:%1$s/d 2>/dev/null", 1,
	 "\"fact\":\"the DVD+R in the drive cannot be erased"},
	/* IMAPI's "The write failed because ..." is not said of a read. */
	{"msinfo: the drive fails READ DISC INFORMATION",
	 "--fault-plan %1$s/rdi.plan msinfo --drive emu:dvd+r:%1$s/d", 1,
	 "E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE (0xC0AA0301): The drive returned error "
	 "information that could not be recovered from. [sense 4/44/00"},
	{"msinfo --json: the drive fails READ DISC INFORMATION",
	 "--fault-plan %1$s/rdi.plan msinfo --json --drive emu:dvd+r:%1$s/d 2>/dev/null", 1,
	 "\"message\":\"The drive returned error information that could not be recovered "
	 "from.\",\"fact\":null,\"object\":null,\"command\":\"READ_DISC_INFORMATION\","
	 "\"sense\":\"4/44/00\"}"},
	{"drives --json, a bad emu: drive", "drives --json --emu emu:cd-x:%1$s/x 2>/dev/null", 8,
	 "\"event\":\"error\",\"subcommand\":\"drives\",\"status\":\"E_DISCBURN_EMU_PROFILE\""},
	{"wrong drive path", "write --drive %1$s/no-such-drive %1$s/ok.img", 6,
	 "no-such-drive: ERROR_FILE_NOT_FOUND"},
	{"wrong drive path: the fact", "write --drive /dev/sr9 %1$s/ok.img", 6,
	 "/dev/sr9: ERROR_FILE_NOT_FOUND (0x80070002): The system cannot find the file "
	 "specified. -- no such drive: /dev/sr9"},
	{"not an MMC device", "write --drive /dev/null %1$s/ok.img", 7,
	 "/dev/null: ERROR_NOT_SUPPORTED"},
	{"not an MMC device: the fact", "write --drive /dev/null %1$s/ok.img", 7,
	 "-- /dev/null is not an optical (MMC) drive"},
	{"bad profile file",
	 "write --drive emu:cd-r:%1$s/p %1$s/ok.img", 8, "cd-r.ini:"},
	{"unknown profile name", "write --drive emu:cd-x:%1$s/x %1$s/ok.img", 8,
	 "unknown profile 'cd-x'"},
	{"bad fault plan", "--fault-plan %1$s/bad.plan write --drive emu:cd-r:%1$s/f %1$s/ok.img", 9,
	 "bad.plan:1: unknown action 'explode'"},
	{"disc file of another profile", "write --drive emu:cd-r:%1$s/d %1$s/ok.img", 10,
	 "is a dvd+r, not a cd-r"},
	{"damaged disc file", "write --drive emu:dvd+r:%1$s/junk %1$s/ok.img", 10,
	 "E_DISCBURN_EMU_DISC"},
	{"disc metadata removed (orphan image)", "info --drive emu:dvd+r:%1$s/orphan", 10,
	 "orphan.img: orphan image: its metadata"},
	{"burn onto an orphan image", "write --drive emu:dvd+r:%1$s/orphan %1$s/ok.img", 10,
	 "mmcemu rm"},
	{"unknown command", "frobnicate", 2, "unknown command 'frobnicate'"},
	{"number option with junk", "write-section --drive emu:dvd+r:%1$s/n --lba 12x %1$s/ok.img", 2,
	 "--lba '12x' is not a whole number"},
	{"empty number option", "read --drive emu:dvd+r:%1$s/d --sectors '' %1$s/out", 2,
	 "--sectors '' is not a whole number"},
	{"read onto the disc's own image", "read --drive emu:dvd+r:%1$s/d %1$s/d.img", 2,
	 "d.img is a file of the emulated disc being read"},
};

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/cli-bad-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	/* d: a DVD+R disc with one session; junk: not a disc at all. */
	return cli_run("cd %s && head -c 4096 /dev/zero > ok.img && head -c 5000 /dev/zero > odd.img"
		       " && truncate -s 800M big.img && echo 'on WRITE do explode' > bad.plan"
		       " && echo 'on READ_DISC_INFORMATION always do sense 4/44/00' > rdi.plan"
		       " && echo 'not a disc' > junk && : > junk.img"
		       " && %s write --drive emu:dvd+r:%s/d ok.img >/dev/null"
		       " && %s info --drive emu:dvd+r:%s/d --json > before.json"
		       " && %s write --drive emu:dvd+r:%s/closed --close ok.img >/dev/null"
		       " && %s write --drive emu:dvd+r:%s/orphan ok.img >/dev/null && rm orphan"
		       " && cp orphan.img orphan.img.before",
		       dir, DISCBURN, dir, DISCBURN, dir, DISCBURN, dir, DISCBURN, dir);
}

static int teardown(void **state)
{
	(void)state;
	return cli_run("rm -rf '%s'", dir);
}

/* The "bad profile file" row needs a profile directory with a broken
 * cd-r.ini; every other row uses the shipped profiles. */
static void set_profiles_for(const struct bad_input *r)
{
	if (strcmp(r->what, "bad profile file") != 0) {
		setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
		return;
	}
	char profiles[128];
	snprintf(profiles, sizeof(profiles), "%s/profiles", dir);
	assert_int_equal(cli_run("mkdir -p %s && cp %s/*.ini %s/ && echo 'capacity = lots' >> %s/cd-r.ini",
				 profiles, DISCBURN_PROFILES_DIR, profiles, profiles), 0);
	setenv("MMCEMU_PROFILES_DIR", profiles, 1);
}

static void each_row(void **state)
{
	(void)state;
	unsigned bad = 0;
	print_message("| input | exit | message |\n|---|---|---|\n");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct bad_input *r = &rows[i];
		char args[1024];
		snprintf(args, sizeof(args), r->args, dir);
		set_profiles_for(r);
		int rc = cli_run("%s %s", DISCBURN, args);
		bool ok = rc == r->exit_status && strstr(cli_out, r->message);
		print_message("| %s | %d | %s |\n", r->what, rc, ok ? "ok" : cli_out);
		bad += !ok;
	}
	assert_int_equal(bad, 0);
}

/* The refused burns left the DVD+R exactly as it was (no coaster). */
static void nothing_was_written(void **state)
{
	(void)state;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(cli_run("cd %s && %s info --drive emu:dvd+r:%s/d --json > after.json"
				 " && cmp before.json after.json", dir, DISCBURN, dir), 0);
	/* The orphan image was neither recreated nor written to. */
	assert_int_equal(cli_run("cd %s && test ! -e orphan && cmp orphan.img orphan.img.before", dir), 0);
	/* The too-large image never touched the CD-R. */
	assert_int_equal(cli_run("%s info --drive emu:cd-r:%s/cd --json", DISCBURN, dir), 0);
	assert_non_null(strstr(cli_out, "\"status\":\"blank\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_row),
		cmocka_unit_test(nothing_was_written),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
