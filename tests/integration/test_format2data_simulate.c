/* DiscFormat2Data Simulate (beyond IMAPI: page 05h Test Write, as
 * cdrecord -dummy): on emulated CD-R and DVD-R the whole burn runs on the
 * drive's virtual clock (as long as the data part of a real burn) and the
 * disc files stay byte-identical; on DVD+R, DVD+RW and BD-R Write is
 * refused with E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE before any sector is
 * sent, and the disc is unchanged too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/format2data.h"
#include "discburn/recorder.h"
#include "mmcemu/mmcemu.h"

#define SECTORS 4000

static char dir[64];

static void sh(const char *fmt, const char *a)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), fmt, a, a, a, a);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	setenv("DISCBURN_EMU_CLOCK", "virtual", 1);
	strcpy(dir, "/tmp/f2d-sim-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "head -c %d /dev/urandom > %s/img", SECTORS * 2048, dir);
	assert_int_equal(system(cmd), 0);
	return db_emu_register() == DB_S_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

struct burn {
	db_status st;
	uint64_t drive_ns; /* the drive's clock during Write */
	uint64_t blocks_written;
	bool closed;
	bool same_files;
};

/* One Write of the image onto a fresh disc of profile, simulated or not. */
static struct burn burn(const char *profile, const char *name, bool simulate)
{
	struct burn b = {0};
	char drive[256], disc[192], img[128];
	snprintf(disc, sizeof(disc), "%s/%s", dir, name);
	snprintf(drive, sizeof(drive), "emu:%s:%s", profile, disc);
	snprintf(img, sizeof(img), "%s/img", dir);
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive, 0, &r), DB_S_OK);
	struct mmcemu_drive *d = db_emu_drive(db_device_transport(db_recorder_device(r)));
	assert_non_null(d);
	sh("cp --sparse=always '%s' '%s.before' && cp --sparse=always '%s.img' '%s.img.before'",
	   disc);
	struct db_format2data *f;
	struct db_stream *s;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(f, "simulate-test"), DB_S_OK);
	assert_int_equal(db_format2data_put_simulate(f, simulate), DB_S_OK);
	assert_int_equal(db_format2data_get_simulate(f), simulate);
	/* Nothing to read back: a simulation never verifies. */
	assert_int_equal(db_format2data_put_verification_level(f, DB_VERIFY_FULL), DB_S_OK);
	assert_int_equal(db_stream_open_file(img, &s), DB_S_OK);
	uint64_t t0 = mmcemu_now_ns(d);
	b.st = db_format2data_write(f, s);
	b.drive_ns = mmcemu_now_ns(d) - t0;
	b.closed = db_format2data_closed_session(f);
	struct mmcemu_stats st;
	mmcemu_get_stats(d, &st);
	b.blocks_written = st.blocks_written;
	db_stream_close(s);
	db_format2data_destroy(f);
	db_recorder_close(r);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s.before' && cmp -s '%s.img' '%s.img.before'",
		 disc, disc, disc, disc);
	b.same_files = system(cmd) == 0;
	print_message("%-7s %-9s %-40s %8.3f s drive time, %llu blocks\n", profile,
		      simulate ? "simulated" : "real", db_status_name(b.st), b.drive_ns / 1e9,
		      (unsigned long long)b.blocks_written);
	return b;
}

static void simulates(const char *profile)
{
	char name[64];
	snprintf(name, sizeof(name), "%s-sim", profile);
	struct burn sim = burn(profile, name, true);
	snprintf(name, sizeof(name), "%s-real", profile);
	struct burn real = burn(profile, name, false);
	assert_int_equal(sim.st, DB_S_OK);
	assert_int_equal(real.st, DB_S_OK);
	assert_true(sim.same_files);
	assert_false(real.same_files);
	assert_false(sim.closed);
	/* Every sector went to the drive, on its clock: the data part of a
	 * real burn takes as long; the real one adds the close. */
	assert_true(sim.blocks_written >= SECTORS);
	assert_true(sim.drive_ns > real.drive_ns / 2);
	assert_true(sim.drive_ns <= real.drive_ns);
}

static void simulates_cd_r(void **state)
{
	(void)state;
	simulates("cd-r");
}

static void simulates_dvd_r(void **state)
{
	(void)state;
	simulates("dvd-r");
}

static void refused(const char *profile)
{
	struct burn b = burn(profile, profile, true);
	assert_int_equal(b.st, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE);
	assert_int_equal(b.blocks_written, 0);
	assert_true(b.same_files);
}

static void refused_dvd_plus_r(void **state)
{
	(void)state;
	refused("dvd+r");
}

static void refused_dvd_plus_rw(void **state)
{
	(void)state;
	refused("dvd+rw"); /* not even the format a blank one would get */
}

static void refused_bd_r(void **state)
{
	(void)state;
	refused("bd-r");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simulates_cd_r),
		cmocka_unit_test(simulates_dvd_r),
		cmocka_unit_test(refused_dvd_plus_r),
		cmocka_unit_test(refused_dvd_plus_rw),
		cmocka_unit_test(refused_bd_r),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
