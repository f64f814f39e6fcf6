/* libdiscburn + its emu backend against libmmcemu, in-process: what is
 * written through WriteEngine2 reads back byte for byte, WRITE(12) with
 * the streaming bit reaches the drive (asserted from the emulator's
 * statistics), the disc persists across opens, exclusive access, and the
 * statuses of the common refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"
#include "discburn/write_engine.h"
#include "mmc/opcodes.h"
#include "mmcemu/mmcemu.h"

struct fixture {
	char dir[64];
	char drive[160];
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/engine-int-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	int rc = system(cmd);
	free(x);
	return rc;
}

static const char *drive_name(struct fixture *x, const char *profile)
{
	snprintf(x->drive, sizeof(x->drive), "emu:%s:%s/disc", profile, x->dir);
	return x->drive;
}

static uint8_t pattern_byte(int64_t pos)
{
	return (uint8_t)(((pos / 2048) * 131 + pos % 2048) % 251);
}

static db_status pattern_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	size_t n = s->size - *pos < (int64_t)len ? (size_t)(s->size - *pos) : len;
	for (size_t i = 0; i < n; i++)
		((uint8_t *)buf)[i] = pattern_byte(*pos + (int64_t)i);
	*pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void pattern_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops pattern_ops = {.read = pattern_read, .close = pattern_close};

static struct db_stream *pattern_stream(int32_t sectors)
{
	struct db_stream *s;
	assert_int_equal(db_stream_create(&pattern_ops, calloc(1, sizeof(int64_t)),
					  (int64_t)sectors * 2048, &s), DB_S_OK);
	return s;
}

static struct mmcemu_drive *emu_of(struct db_recorder *r)
{
	struct mmcemu_drive *d = db_emu_drive(db_device_transport(db_recorder_device(r)));
	assert_non_null(d);
	return d;
}

static void format_dvd_plus_rw(struct db_recorder *r)
{
	struct db_format_capacities fc;
	struct db_device *d = db_recorder_device(r);
	assert_int_equal(db_mmc_read_format_capacities(d, &fc), DB_S_OK);
	const struct db_format_descriptor *f = db_format_find(&fc, 0x26);
	assert_non_null(f);
	assert_int_equal(db_mmc_format_unit(d, true, f->blocks, 0x26, 0, f->param), DB_S_OK);
	/* Busy for a while on the drive's clock: poll as the engine does, so
	 * the waits pass on that clock. */
	assert_int_equal(db_mmc_wait_while_busy(d, 60000, 50, NULL, NULL), DB_S_OK);
}

static db_status write_pattern(struct db_recorder *r, int32_t lba, int32_t sectors, bool streaming)
{
	struct db_write_engine *e;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, r), DB_S_OK);
	assert_int_equal(db_write_engine_put_use_streaming_write12(e, streaming), DB_S_OK);
	struct db_stream *s = pattern_stream(sectors);
	db_status st = db_write_engine_write_section(e, s, lba, sectors);
	db_stream_close(s);
	db_write_engine_destroy(e);
	if (db_succeeded(st))
		st = db_mmc_synchronize_cache(db_recorder_device(r));
	return st;
}

/* Sectors [lba + skip, lba + skip + sectors) of a section written at lba. */
static void assert_reads_pattern_from(struct db_recorder *r, int32_t lba, int32_t skip,
				      int32_t sectors)
{
	uint8_t *buf = malloc(32 * 2048);
	for (int32_t done = 0; done < sectors; done += 32) {
		uint32_t n = sectors - done < 32 ? (uint32_t)(sectors - done) : 32;
		assert_int_equal(db_mmc_read(db_recorder_device(r), lba + skip + done, n, buf), DB_S_OK);
		for (size_t i = 0; i < (size_t)n * 2048; i++)
			if (buf[i] != pattern_byte((int64_t)(skip + done) * 2048 + (int64_t)i))
				fail_msg("sector %d byte %zu differs", lba + done + (int)(i / 2048), i % 2048);
	}
	free(buf);
}

static void assert_reads_pattern(struct db_recorder *r, int32_t lba, int32_t sectors)
{
	assert_reads_pattern_from(r, lba, 0, sectors);
}

static void test_dvd_plus_rw_streaming_write12_round_trip(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive_name(x, "dvd+rw"), DB_OPEN_EXCLUSIVE, &r), DB_S_OK);
	uint16_t profile;
	assert_int_equal(db_recorder_current_profile(r, &profile), DB_S_OK);
	assert_int_equal(profile, 0x001A);
	format_dvd_plus_rw(r);
	assert_int_equal(write_pattern(r, 0, 1000, true), DB_S_OK);
	struct mmcemu_stats st;
	mmcemu_get_stats(emu_of(r), &st);
	assert_true(st.write12_streaming >= 1);
	assert_int_equal(st.commands[MMC_OP_WRITE_12], st.write12_streaming);
	assert_int_equal(st.commands[MMC_OP_WRITE_10], 0);
	assert_int_equal(st.blocks_written, 1000);
	assert_reads_pattern(r, 0, 1000);
	db_recorder_close(r);

	/* The disc persists: a new drive on the same file reads it back. */
	assert_int_equal(db_recorder_open(x->drive, 0, &r), DB_S_OK);
	assert_reads_pattern(r, 0, 1000);
	db_recorder_close(r);
}

static void test_write10_by_default(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive_name(x, "dvd+rw"), 0, &r), DB_S_OK);
	format_dvd_plus_rw(r);
	assert_int_equal(write_pattern(r, 4096, 300, false), DB_S_OK);
	struct mmcemu_stats st;
	mmcemu_get_stats(emu_of(r), &st);
	assert_true(st.commands[MMC_OP_WRITE_10] >= 1);
	assert_int_equal(st.commands[MMC_OP_WRITE_12], 0);
	assert_int_equal(st.write12_streaming, 0);
	assert_reads_pattern(r, 4096, 300);
	db_recorder_close(r);
}

static void test_unformatted_dvd_plus_rw_refused(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive_name(x, "dvd+rw"), 0, &r), DB_S_OK);
	/* 05/30/05, cannot write: incompatible format. */
	assert_int_equal(write_pattern(r, 0, 16, false), DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE);
	db_recorder_close(r);
}

static void test_cd_r_sequential(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive_name(x, "cd-r"), 0, &r), DB_S_OK);
	struct db_track_info ti;
	assert_int_equal(db_mmc_read_track_information(db_recorder_device(r), 1, 0xFF, &ti), DB_S_OK);
	assert_true(ti.nwa_valid);
	/* Off the next writable address: the medium is not in a state for it. */
	assert_int_equal(write_pattern(r, ti.nwa + 100, 10, false), DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(write_pattern(r, ti.nwa, 200, false), DB_S_OK);
	assert_reads_pattern(r, ti.nwa, 200);
	db_recorder_close(r);
}

static void test_exclusive_access(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *a, *b;
	assert_int_equal(db_recorder_open(drive_name(x, "bd-re"), DB_OPEN_EXCLUSIVE, &a), DB_S_OK);
	assert_int_equal(db_recorder_open(x->drive, DB_OPEN_EXCLUSIVE, &b), DB_E_IMAPI_RECORDER_LOCKED);
	assert_int_equal(db_recorder_acquire_exclusive(a, "test"), DB_S_OK);
	db_recorder_close(a);
	assert_int_equal(db_recorder_open(x->drive, DB_OPEN_EXCLUSIVE, &b), DB_S_OK);
	db_recorder_close(b);
}

static void test_identity_profiles_speeds(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive_name(x, "dvd+r"), 0, &r), DB_S_OK);
	struct db_inquiry id;
	assert_int_equal(db_recorder_identity(r, &id), DB_S_OK);
	assert_int_equal(id.peripheral_type, 5);
	assert_true(strlen(id.vendor) > 0);
	struct db_configuration cfg;
	assert_int_equal(db_recorder_profiles(r, &cfg), DB_S_OK);
	assert_int_equal(cfg.current_profile, 0x001B);
	bool found = false;
	for (unsigned i = 0; i < cfg.n_profiles; i++)
		found |= cfg.profiles[i].number == 0x001B && cfg.profiles[i].current;
	assert_true(found);
	struct db_write_speed w[DB_MAX_SPEEDS];
	unsigned n;
	assert_int_equal(db_recorder_write_speeds(r, w, DB_MAX_SPEEDS, &n), DB_S_OK);
	assert_true(n >= 1);
	assert_true(w[0].write_kbps >= 1385);
	bool present;
	assert_int_equal(db_recorder_media_present(r, &present), DB_S_OK);
	assert_true(present);
	db_recorder_close(r);
}

static void test_eject_then_no_media(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive_name(x, "dvd-r"), 0, &r), DB_S_OK);
	assert_int_equal(db_recorder_eject(r), DB_S_OK);
	bool present = true;
	assert_int_equal(db_recorder_media_present(r, &present), DB_S_OK);
	assert_false(present);
	assert_int_equal(write_pattern(r, 0, 16, false), DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_recorder_load(r), DB_S_OK);
	assert_int_equal(db_recorder_media_present(r, &present), DB_S_OK);
	assert_true(present);
	db_recorder_close(r);
}

/* Memory stays bounded by the ring whatever the image size: 512 MiB
 * through an 8 MiB ring grows the process by far less than the image. */
static void test_memory_bounded(void **state)
{
	struct fixture *x = *state;
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive_name(x, "dvd+rw"), 0, &r), DB_S_OK);
	format_dvd_plus_rw(r);
	struct rusage before, after;
	getrusage(RUSAGE_SELF, &before);
	assert_int_equal(write_pattern(r, 0, 256 * 1024, false), DB_S_OK);
	getrusage(RUSAGE_SELF, &after);
	long grown_kib = after.ru_maxrss - before.ru_maxrss;
	assert_true(grown_kib < 48 * 1024);
	struct mmcemu_stats st;
	mmcemu_get_stats(emu_of(r), &st);
	assert_int_equal(st.blocks_written, 256 * 1024);
	assert_reads_pattern_from(r, 0, 256 * 1024 - 64, 64); /* the tail */
	db_recorder_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dvd_plus_rw_streaming_write12_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write10_by_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unformatted_dvd_plus_rw_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cd_r_sequential, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_profiles_speeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eject_then_no_media, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_bounded, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
