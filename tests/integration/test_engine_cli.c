/* The discburn CLI end to end on an emulated drive: write-section then
 * read gives identical bytes; --streaming-write12 reaches the drive as
 * WRITE(12) with the streaming bit (the emulator's statistics, dumped by
 * the emu backend through DISCBURN_EMU_STATS); stdin with --size; errors
 * print the IMAPI name, value and message and exit non-zero. */
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

static char dir[64];

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[2048], full[2300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && export MMCEMU_PROFILES_DIR='%s' PATH='%s/bin':\"$PATH\" && %s",
		 dir, DISCBURN_PROFILES_DIR, DISCBURN_BUILD_DIR, cmd);
	int rc = system(full);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *slurp(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/engine-cli-XXXXXX");
	assert_non_null(mkdtemp(dir));
	/* 3 MiB + 2 sectors of not-quite-random data: not a multiple of the
	 * 256 KiB transfer, so the last WRITE is short. */
	assert_int_equal(run("head -c 3149824 /dev/urandom > img"), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void test_write_section_then_read_identical(void **state)
{
	(void)state;
	assert_int_equal(run("discburn write-section --drive emu:dvd+rw:d1 --lba 0 img 2>log"), 0);
	assert_int_equal(run("discburn read --drive emu:dvd+rw:d1 out 2>>log"), 0);
	assert_int_equal(run("cmp img out"), 0);
	/* The disc persisted between the two processes; info agrees. */
	assert_int_equal(run("discburn info --drive emu:dvd+rw:d1 --json > info.json"), 0);
	char *info = slurp("info.json");
	assert_non_null(info);
	assert_non_null(strstr(info, "\"current_profile_name\":\"DVD+RW\""));
	assert_non_null(strstr(info, "\"last_recorded\":1537"));
}

static void test_streaming_write12_seen_by_drive(void **state)
{
	(void)state;
	assert_int_equal(run("DISCBURN_EMU_STATS=stats.json discburn write-section --drive emu:dvd+rw:d2 "
			     "--lba 0 --streaming-write12 img 2>log"), 0);
	char *stats = slurp("stats.json");
	assert_non_null(stats);
	long n = strtol(strstr(stats, "\"write12_streaming\":") + 20, NULL, 10);
	assert_true(n >= 1);
	assert_non_null(strstr(stats, "\"AA\":"));
	assert_null(strstr(stats, "\"2A\":")); /* no WRITE(10) */
	assert_int_equal(run("discburn read --drive emu:dvd+rw:d2 out2 2>>log && cmp img out2"), 0);
}

static void test_stdin_with_size_and_json_events(void **state)
{
	(void)state;
	assert_int_equal(run("cat img | discburn write-section --drive emu:cd-r:d3 --lba 0 --size 3149824 "
			     "--json-events - > events 2>log"), 0);
	char *ev = slurp("events");
	assert_non_null(strstr(ev, "\"event\":\"progress\""));
	assert_non_null(strstr(ev, "\"last_written_lba\":1537"));
	assert_non_null(strstr(ev, "\"event\":\"done\",\"status\":\"S_OK\""));
	assert_int_equal(run("discburn read --drive emu:cd-r:d3 out3 2>>log && cmp img out3"), 0);
	/* A pipe without --size: refused as a usage of unknown size. */
	assert_int_not_equal(run("cat img | discburn write-section --drive emu:cd-r:d4 --lba 0 - 2>err"), 0);
}

static void test_errors_print_imapi_status(void **state)
{
	(void)state;
	assert_int_equal(run("head -c 1000 img > odd"), 0);
	/* Exit statuses: docs/errors.md. */
	assert_int_equal(run("discburn write-section --drive emu:dvd+rw:d5 --lba 0 odd 2>err"), 4);
	char *err = slurp("err");
	assert_non_null(strstr(err, "E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED (0xC0AA0403)"));
	assert_int_equal(run("discburn info --drive /dev/null 2>err"), 7);
	err = slurp("err");
	assert_non_null(strstr(err, "ERROR_NOT_SUPPORTED (0x80070032)"));
	assert_int_equal(run("discburn info --drive /dev/sg-none 2>err"), 6);
	assert_non_null(strstr(slurp("err"), "ERROR_FILE_NOT_FOUND (0x80070002)"));
	/* CD-R: writing off the next writable address. */
	assert_int_equal(run("discburn write-section --drive emu:cd-r:d6 --lba 500 img 2>err"), 1);
	err = slurp("err");
	assert_non_null(strstr(err, "E_IMAPI_DF2DATA_INVALID_MEDIA_STATE (0xC0AA0402)"));
	assert_non_null(strstr(err, "sense 5/21/02"));
	assert_int_equal(run("discburn write-section --drive emu:cd-r:d6 img 2>err"), 2);
}

static void test_read_blank_disc_is_empty(void **state)
{
	(void)state;
	assert_int_equal(run("discburn read --drive emu:cd-r:d8 blank.out 2>err"), 0);
	assert_int_equal(run("test -f blank.out && test ! -s blank.out"), 0);
}

static void test_drives_lists_emulated(void **state)
{
	(void)state;
	assert_int_equal(run("discburn drives --emu emu:bd-re:d7 --json > drives.json 2>err"), 0);
	char *out = slurp("drives.json");
	assert_non_null(strstr(out, "\"path\":\"emu:bd-re:d7\""));
	assert_non_null(strstr(out, "\"emulated\":true"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_section_then_read_identical),
		cmocka_unit_test(test_streaming_write12_seen_by_drive),
		cmocka_unit_test(test_stdin_with_size_and_json_events),
		cmocka_unit_test(test_errors_print_imapi_status),
		cmocka_unit_test(test_read_blank_disc_is_empty),
		cmocka_unit_test(test_drives_lists_emulated),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
