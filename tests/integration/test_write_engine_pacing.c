/* WriteEngine2 pacing (Starting/EndingSectorsPerSecond) against the
 * emulator on its virtual clock (issue 12, item 12): the engine waits
 * through the transport's host_wait and measures its schedule on the
 * clock those waits pass on, so the drive sees the paced time go by (its
 * clock advances by the schedule) and the test takes no wall time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"
#include "discburn/write_engine.h"
#include "mmcemu/mmcemu.h"

#define SECTORS 320
#define PER_WRITE 32 /* 64 KiB WRITEs */

struct fixture {
	char dir[64];
	char spec[160];
	struct db_recorder *r;
	struct mmcemu_drive *drive;
};

static db_status fill_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	(void)s;
	memset(buf, 0xA5, len);
	*got = len;
	*eof = false;
	return DB_S_OK;
}

static void fill_close(struct db_stream *s)
{
	db_stream_free(s);
}

static const struct db_stream_ops fill_ops = {.read = fill_read, .close = fill_close};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/pacing-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->spec, sizeof(x->spec), "emu:dvd+rw:%s/disc", x->dir);
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	setenv("DISCBURN_EMU_CLOCK", "virtual", 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	assert_int_equal(db_recorder_open(x->spec, 0, &x->r), DB_S_OK);
	struct db_device *d = db_recorder_device(x->r);
	x->drive = db_emu_drive(db_device_transport(d));
	assert_non_null(x->drive);
	struct db_format_capacities fc;
	assert_int_equal(db_mmc_read_format_capacities(d, &fc), DB_S_OK);
	const struct db_format_descriptor *f = db_format_find(&fc, 0x26);
	assert_non_null(f);
	assert_int_equal(db_mmc_format_unit(d, true, f->blocks, 0x26, 0, f->param), DB_S_OK);
	assert_int_equal(db_mmc_wait_while_busy(d, 60000, 50, NULL, NULL), DB_S_OK);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	char cmd[128];
	db_recorder_close(x->r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	int rc = system(cmd);
	free(x);
	return rc;
}

static double wall_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs one paced section; returns the seconds the drive's clock moved,
 * and the wall seconds it took in *wall. */
static double paced_section(struct fixture *x, int32_t start_sps, int32_t end_sps, double *wall)
{
	struct db_write_engine *e;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_write_engine_put_max_transfer(e, PER_WRITE * 2048), DB_S_OK);
	assert_int_equal(db_write_engine_put_starting_sectors_per_second(e, start_sps), DB_S_OK);
	assert_int_equal(db_write_engine_put_ending_sectors_per_second(e, end_sps), DB_S_OK);
	struct db_stream *s;
	assert_int_equal(db_stream_create(&fill_ops, NULL, -1, &s), DB_S_OK);
	uint64_t t0 = mmcemu_now_ns(x->drive);
	double w0 = wall_s();
	assert_int_equal(db_write_engine_write_section(e, s, 0, SECTORS), DB_S_OK);
	*wall = wall_s() - w0;
	uint64_t t1 = mmcemu_now_ns(x->drive);
	db_stream_close(s);
	db_write_engine_destroy(e);
	return (double)(t1 - t0) / 1e9;
}

/* When the last WRITE may start: sector k goes out once the time spent
 * at rate(j) = a + (b - a) j / n on every sector before it has passed,
 * summed sector by sector (not the engine's closed form). */
static double schedule_s(double a, double b)
{
	double t = 0;
	for (int k = 0; k < SECTORS - PER_WRITE; k++)
		t += 1.0 / (a + (b - a) * k / SECTORS);
	return t;
}

static void test_constant_rate_passes_on_drive_clock(void **state)
{
	struct fixture *x = *state;
	/* 200 sectors/s, far below what a DVD+RW drive takes: the last of
	 * ten WRITEs is due at 288 / 200 = 1.44 s. */
	double wall;
	double drive = paced_section(x, 200, 200, &wall);
	double due = schedule_s(200, 200);
	if (drive < due || drive > due + 0.1)
		fail_msg("the drive's clock moved %.3f s; the schedule needs %.3f s", drive, due);
	/* Virtual time: no sleeping behind the drive's back. */
	if (wall > 1.0)
		fail_msg("pacing slept %.3f s of wall time on a virtual clock", wall);
}

static void test_ramp_passes_on_drive_clock(void **state)
{
	struct fixture *x = *state;
	/* 100 -> 400 sectors/s, linear over the section (IMAPI2 Starting /
	 * EndingSectorsPerSecond). */
	double wall;
	double drive = paced_section(x, 100, 400, &wall);
	double due = schedule_s(100, 400);
	/* The sum and the engine's integral differ by well under 1 %. */
	if (drive < due * 0.99 || drive > due * 1.01 + 0.1)
		fail_msg("the drive's clock moved %.3f s; the ramp needs %.3f s", drive, due);
	if (wall > 1.0)
		fail_msg("pacing slept %.3f s of wall time on a virtual clock", wall);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_constant_rate_passes_on_drive_clock, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ramp_passes_on_drive_clock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
