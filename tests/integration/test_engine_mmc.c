/* The MMC command layer against libmmcemu for what DiscFormat2Data and
 * Erase build on: mode page 05h read-modify-write, FORMAT UNIT and BLANK
 * with Immed polled through REQUEST SENSE, CLOSE TRACK/SESSION and the
 * session information of READ TOC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"
#include "discburn/write_engine.h"
#include "mmc/features.h"

struct fixture {
	char dir[64];
	struct db_recorder *r;
	struct db_device *d;
};

static struct fixture *open_disc(void **state, const char *profile)
{
	struct fixture *x = calloc(1, sizeof(*x));
	char drive[160];
	strcpy(x->dir, "/tmp/engine-mmc-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	snprintf(drive, sizeof(drive), "emu:%s:%s/disc", profile, x->dir);
	assert_int_equal(db_recorder_open(drive, DB_OPEN_EXCLUSIVE, &x->r), DB_S_OK);
	x->d = db_recorder_device(x->r);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_S_OK);
	*state = x;
	return x;
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

static db_status fill_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	size_t n = s->size - *pos < (int64_t)len ? (size_t)(s->size - *pos) : len;
	memset(buf, 0x5A, n);
	*pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void fill_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops fill_ops = {.read = fill_read, .close = fill_close};

static void write_sectors(struct fixture *x, int32_t lba, int32_t n)
{
	struct db_write_engine *e;
	struct db_stream *s;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_stream_create(&fill_ops, calloc(1, sizeof(int64_t)), (int64_t)n * 2048, &s), DB_S_OK);
	assert_int_equal(db_write_engine_write_section(e, s, lba, n), DB_S_OK);
	db_stream_close(s);
	db_write_engine_destroy(e);
	assert_int_equal(db_mmc_synchronize_cache(x->d), DB_S_OK);
}

static void test_write_params_round_trip(void **state)
{
	struct fixture *x = open_disc(state, "cd-r");
	struct db_write_params w;
	assert_int_equal(db_mmc_get_write_params(x->d, &w), DB_S_OK);
	w.write_type = 1; /* TAO */
	w.bufe = false;
	w.multisession = 3;
	w.track_mode = 4;
	w.data_block_type = 8;
	assert_int_equal(db_mmc_set_write_params(x->d, &w), DB_S_OK);
	struct db_write_params back;
	assert_int_equal(db_mmc_get_write_params(x->d, &back), DB_S_OK);
	assert_int_equal(back.write_type, 1);
	assert_false(back.bufe);
	assert_int_equal(back.multisession, 3);
	assert_int_equal(back.data_block_type, 8);
}

static void on_progress(int progress, void *ctx)
{
	(void)progress;
	(*(unsigned *)ctx)++;
}

static void test_format_immed_then_wait(void **state)
{
	struct fixture *x = open_disc(state, "bd-re");
	struct db_format_capacities fc;
	assert_int_equal(db_mmc_read_format_capacities(x->d, &fc), DB_S_OK);
	assert_int_equal(fc.current.type, 1); /* unformatted */
	assert_true(fc.n_formats >= 1);
	const struct db_format_descriptor *f = &fc.formats[0];
	assert_int_equal(db_mmc_format_unit(x->d, true, f->blocks, f->type, 0, f->param), DB_S_OK);
	unsigned polls = 0;
	assert_int_equal(db_mmc_wait_while_busy(x->d, 60000, 10, on_progress, &polls), DB_S_OK);
	assert_int_equal(db_mmc_read_format_capacities(x->d, &fc), DB_S_OK);
	assert_int_equal(fc.current.type, 2); /* formatted */
	write_sectors(x, 0, 64);
}

static void test_blank_cd_rw(void **state)
{
	struct fixture *x = open_disc(state, "cd-rw");
	write_sectors(x, 0, 300);
	struct db_disc_info di;
	assert_int_equal(db_mmc_read_disc_information(x->d, &di), DB_S_OK);
	assert_int_not_equal(di.disc_status, 0);
	assert_true(di.erasable);
	assert_int_equal(db_mmc_blank(x->d, true, 1, 0), DB_S_OK);
	assert_int_equal(db_mmc_wait_while_busy(x->d, 60000, 10, NULL, NULL), DB_S_OK);
	assert_int_equal(db_mmc_read_disc_information(x->d, &di), DB_S_OK);
	assert_int_equal(di.disc_status, 0); /* blank again */
}

static void test_close_session_and_session_info(void **state)
{
	struct fixture *x = open_disc(state, "cd-r");
	struct db_write_params w;
	assert_int_equal(db_mmc_get_write_params(x->d, &w), DB_S_OK);
	w.multisession = 3; /* the next session is allowed: the disc stays appendable */
	assert_int_equal(db_mmc_set_write_params(x->d, &w), DB_S_OK);
	write_sectors(x, 0, 300);
	assert_int_equal(db_mmc_close_track_session(x->d, 1, 1), DB_S_OK);
	assert_int_equal(db_mmc_close_track_session(x->d, 2, 0), DB_S_OK);
	struct db_disc_info di;
	assert_int_equal(db_mmc_read_disc_information(x->d, &di), DB_S_OK);
	assert_int_equal(di.disc_status, 1); /* appendable */
	assert_true(di.n_sessions >= 1);
	struct db_session_info si;
	assert_int_equal(db_mmc_read_session_info(x->d, &si), DB_S_OK);
	assert_int_equal(si.first_session, 1);
	assert_int_equal(si.last_session, 1);
	assert_int_equal(si.last_session_start, 0);
	/* The next session's track starts after the lead-out/lead-in gap. */
	struct db_track_info ti;
	assert_int_equal(db_mmc_read_track_information(x->d, 1, 0xFF, &ti), DB_S_OK);
	assert_true(ti.nwa_valid);
	assert_true(ti.nwa >= 300 + 11400 - 1);
}

static void test_streaming_feature_reported(void **state)
{
	struct fixture *x = open_disc(state, "bd-r");
	bool sw;
	assert_int_equal(db_recorder_streaming_write_supported(x->r, &sw), DB_S_OK);
	assert_true(sw);
	uint8_t *buf;
	size_t len, n;
	assert_int_equal(db_mmc_get_configuration(x->d, &buf, &len), DB_S_OK);
	assert_non_null(db_config_find_feature(buf, len, MMC_FEATURE_BD_WRITE, &n));
	free(buf);
	assert_int_equal(db_mmc_set_streaming(x->d, 0, 1000, 17984, 17984, false), DB_S_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_write_params_round_trip, teardown),
		cmocka_unit_test_teardown(test_format_immed_then_wait, teardown),
		cmocka_unit_test_teardown(test_blank_cd_rw, teardown),
		cmocka_unit_test_teardown(test_close_session_and_session_info, teardown),
		cmocka_unit_test_teardown(test_streaming_feature_reported, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
