/* The engine against a drive that misbehaves (issue 8): a WRITE that
 * reports a residual, CHECK CONDITION with no sense, with garbage sense,
 * and with sense from no known table. Each ends with a clear status and
 * no hang; none is mistaken for success. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "discburn/mmc.h"
#include "discburn/write_engine.h"
#include "fake_drive.h"

static db_status zeros(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	size_t n = s->size - *pos < (int64_t)len ? (size_t)(s->size - *pos) : len;
	memset(buf, 0, n);
	*pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void zeros_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops zero_ops = {.read = zeros, .close = zeros_close};

/* Writes 64 sectors in 16-sector WRITEs onto a fake CD-R. */
static db_status burn(struct fake_drive *f)
{
	struct db_recorder *r = fake_recorder(f);
	struct db_write_engine *e;
	struct db_stream *s;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, r), DB_S_OK);
	assert_int_equal(db_write_engine_put_max_transfer(e, 16 * 2048), DB_S_OK);
	assert_int_equal(db_stream_create(&zero_ops, calloc(1, sizeof(int64_t)), 64 * 2048, &s),
			 DB_S_OK);
	db_status st = db_write_engine_write_section(e, s, 0, 64);
	db_stream_close(s);
	db_write_engine_destroy(e);
	db_recorder_close(r);
	return st;
}

static void write_residual_is_not_success(void **state)
{
	(void)state;
	struct fake_drive *f = fake_new(0x0009);
	f->resid_on_write = 2;
	f->write_resid = 2048; /* the drive took one sector less */
	assert_int_equal(burn(f), DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE);
	assert_int_equal(f->writes, 2); /* stopped at the short WRITE */
	fake_free(f);
}

static db_status tur_with_sense(const uint8_t *sense, size_t len)
{
	struct fake_drive *f = fake_new(0x0009);
	struct db_recorder *r = fake_recorder(f);
	f->garbage_sense = true;
	if (len) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(f->garbage_sense_bytes, sense, len);
	f->garbage_sense_len = len;
	db_status st = db_mmc_test_unit_ready(db_recorder_device(r));
	db_recorder_close(r);
	fake_free(f);
	return st;
}

static void check_condition_without_sense(void **state)
{
	(void)state;
	assert_int_equal(tur_with_sense(NULL, 0), DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE);
}

static void garbage_sense(void **state)
{
	(void)state;
	static const uint8_t junk[18] = {0x13, 0x37, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
	assert_int_equal(tur_with_sense(junk, sizeof(junk)),
			 DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE);
	static const uint8_t truncated[2] = {0x70, 0x00}; /* fixed format, no key */
	assert_true(db_failed(tur_with_sense(truncated, sizeof(truncated))));
}

static void sense_no_table_knows(void **state)
{
	(void)state;
	/* A vendor-specific key (9h) with an unassigned ASC: a failure with a
	 * status, not success and not a retry loop. */
	static const uint8_t vendor[18] = {0x70, 0, 0x09, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0xEE, 0xEE};
	db_status st = tur_with_sense(vendor, sizeof(vendor));
	assert_true(db_failed(st));
	assert_non_null(db_status_name(st));
}

/* CHECK CONDITION whose sense says "no sense": per the sense table
 * (docs/status-codes.md) the command completed, and the engine says so
 * with S_IMAPI_COMMAND_HAS_SENSE_DATA, never a bare S_OK, keeping the
 * sense for diagnostics. */
static void check_condition_saying_no_sense(void **state)
{
	(void)state;
	struct fake_drive *f = fake_new(0x0009);
	struct db_recorder *r = fake_recorder(f);
	fake_fail_next(f, 0x00, MMC_SENSE_NO_SENSE);
	db_status st = db_mmc_test_unit_ready(db_recorder_device(r));
	print_message("CHECK CONDITION + 0/00/00 -> %s\n", db_status_name(st));
	assert_int_equal(st, DB_S_IMAPI_COMMAND_HAS_SENSE_DATA);
	db_recorder_close(r);
	fake_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_residual_is_not_success),
		cmocka_unit_test(check_condition_without_sense),
		cmocka_unit_test(garbage_sense),
		cmocka_unit_test(sense_no_table_knows),
		cmocka_unit_test(check_condition_saying_no_sense),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
