/* DiscFormat2Erase, in-process: erase then write on CD-RW (BLANK), DVD+RW
 * (FORMAT UNIT 26h) and BD-RE (FORMAT UNIT 00h), quick and full; write
 * once media refused with E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED and left as
 * they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/erase.h"
#include "format2data_harness.h"

#define N 1000

static db_status erase(struct h_disc *x, bool full)
{
	struct db_format2erase *e;
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_put_full_erase(e, full), DB_S_OK);
	assert_int_equal(db_format2erase_put_client_name(e, "discburn-test"), DB_S_OK);
	db_status st = db_format2erase_erase_media(e);
	db_format2erase_destroy(e);
	return st;
}

static void expect_zeros(struct h_disc *x, int32_t lba, int32_t n)
{
	uint8_t buf[2048];
	for (int32_t i = 0; i < n; i++) {
		assert_int_equal(db_mmc_read(x->d, lba + i, 1, buf), DB_S_OK);
		for (size_t b = 0; b < sizeof(buf); b++)
			if (buf[b])
				fail_msg("%s: LBA %d not erased", x->drive, lba + i);
	}
}

/* After the erase the old file system is gone: a CD-RW is blank, a
 * DVD+RW / BD-RE reads zeros where it was. Then a new burn reads back. */
static void erase_then_write(const char *profile, bool full)
{
	struct h_disc *x = h_open(profile);
	bool supported = false;
	h_burn_pattern(x, N, 1, &(struct h_burn){0});
	assert_int_equal(db_format2erase_media_supported(x->r, &supported), DB_S_OK);
	assert_true(supported);
	assert_int_equal(erase(x, full), DB_S_OK);
	h_reopen(x);
	struct db_disc_info di = h_disc_info(x);
	if (strcmp(profile, "cd-rw") == 0) {
		assert_int_equal(di.disc_status, 0);
		assert_int_equal(di.n_sessions, 1);
	} else {
		expect_zeros(x, 0, full ? N : 1024 < N ? 1024 : N);
	}
	int32_t start = h_burn_pattern(x, 500, 2, &(struct h_burn){.verify = DB_VERIFY_FULL});
	assert_int_equal(start, 0);
	h_expect_pattern(x, 0, 0, 500, 2);
	h_close(x);
}

static void test_erase_cd_rw_quick(void **s)
{
	(void)s;
	erase_then_write("cd-rw", false);
}

static void test_erase_cd_rw_full(void **s)
{
	(void)s;
	erase_then_write("cd-rw", true);
}

static void test_erase_dvd_plus_rw_quick(void **s)
{
	(void)s;
	erase_then_write("dvd+rw", false);
}

static void test_erase_dvd_plus_rw_full(void **s)
{
	(void)s;
	erase_then_write("dvd+rw", true);
}

static void test_erase_bd_re_quick(void **s)
{
	(void)s;
	erase_then_write("bd-re", false);
}

static void test_erase_bd_re_full(void **s)
{
	(void)s;
	erase_then_write("bd-re", true);
}

/* A blank DVD+RW is formatted by the erase: writable afterwards. */
static void test_erase_blank_dvd_plus_rw_formats_it(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	assert_int_equal(erase(x, false), DB_S_OK);
	struct db_format_capacities fc;
	assert_int_equal(db_mmc_read_format_capacities(x->d, &fc), DB_S_OK);
	assert_int_equal(fc.current.type, 2);
	h_close(x);
}

static void refused(const char *profile)
{
	struct h_disc *x = h_open(profile);
	h_burn_pattern(x, N, 1, &(struct h_burn){0});
	bool supported = true;
	assert_int_equal(db_format2erase_media_supported(x->r, &supported), DB_S_OK);
	assert_false(supported);
	assert_int_equal(erase(x, false), DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED);
	assert_int_equal(erase(x, true), DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED);
	h_expect_pattern(x, 0, 0, N, 1);
	assert_int_equal(h_disc_info(x).disc_status, 1);
	h_close(x);
}

static void test_write_once_refused(void **s)
{
	(void)s;
	refused("cd-r");
	refused("dvd+r");
	refused("dvd-r");
	refused("bd-r");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_erase_cd_rw_quick),
		cmocka_unit_test(test_erase_cd_rw_full),
		cmocka_unit_test(test_erase_dvd_plus_rw_quick),
		cmocka_unit_test(test_erase_dvd_plus_rw_full),
		cmocka_unit_test(test_erase_bd_re_quick),
		cmocka_unit_test(test_erase_bd_re_full),
		cmocka_unit_test(test_erase_blank_dvd_plus_rw_formats_it),
		cmocka_unit_test(test_write_once_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
