/* IMultisessionSequential2 and IMultisessionRandomWrite against the
 * emulated drive: every member on CD-R, DVD+R, BD-R (sequential) and
 * DVD+RW, BD-RE (random), before and after burns, and the IMAPI errors:
 * E_IMAPI_DF2DATA_INVALID_MEDIA_STATE on a medium the object does not
 * describe, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, E_POINTER. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/multisession.h"
#include "format2data_harness.h"

#define N1 500

static int32_t seq_i32(db_status (*get)(struct db_multisession_sequential *, int32_t *),
		       struct db_multisession_sequential *m)
{
	int32_t v = -12345;
	db_status st = get(m, &v);
	if (st != DB_S_OK)
		fail_msg("getter: %s", db_status_name(st));
	return v;
}

static void sequential(const char *profile, int32_t unit)
{
	struct h_disc *x = h_open(profile);
	int32_t pg = h_postgap(profile);
	struct db_multisession_sequential *m;
	assert_int_equal(db_multisession_sequential_create(x->r, &m), DB_S_OK);
	assert_ptr_equal(db_multisession_sequential_get_import_recorder(m), x->r);
	assert_false(db_multisession_sequential_get_in_use(m));
	assert_int_equal(db_multisession_sequential_put_in_use(m, true), DB_S_OK);
	assert_true(db_multisession_sequential_get_in_use(m));
	bool b = false;
	assert_int_equal(db_multisession_sequential_get_is_supported_on_current_media_state(m, &b),
			 DB_S_OK);
	assert_true(b);
	assert_int_equal(db_multisession_sequential_get_is_first_data_session(m, &b), DB_S_OK);
	assert_true(b);
	assert_int_equal(seq_i32(db_multisession_sequential_get_next_writable_address, m), 0);
	assert_int_equal(seq_i32(db_multisession_sequential_get_start_address_of_previous_session, m),
			 -1);
	assert_int_equal(
		seq_i32(db_multisession_sequential_get_last_written_address_of_previous_session, m), -1);
	assert_int_equal(seq_i32(db_multisession_sequential_get_write_unit_size, m), unit);
	struct db_track_info ti = h_track(x, 1);
	assert_int_equal(seq_i32(db_multisession_sequential_get_free_sectors_on_media, m),
			 (int32_t)ti.free_blocks);

	h_burn_pattern(x, N1, 1, &(struct h_burn){0});
	struct db_multisession_info mi;
	assert_int_equal(db_multisession_import(x->r, &mi), DB_S_OK);
	assert_int_equal(db_multisession_sequential_get_is_first_data_session(m, &b), DB_S_OK);
	assert_false(b);
	assert_int_equal(seq_i32(db_multisession_sequential_get_next_writable_address, m),
			 mi.next_writable_address);
	assert_int_equal(seq_i32(db_multisession_sequential_get_free_sectors_on_media, m),
			 mi.free_sectors_on_media);
	assert_int_equal(seq_i32(db_multisession_sequential_get_start_address_of_previous_session, m),
			 0);
	assert_int_equal(
		seq_i32(db_multisession_sequential_get_last_written_address_of_previous_session, m),
		N1 + pg - 1);

	/* Closed: no further session, the addresses have no value. */
	h_burn_pattern(x, N1, 2, &(struct h_burn){.close = true});
	assert_int_equal(db_multisession_sequential_get_is_supported_on_current_media_state(m, &b),
			 DB_S_OK);
	assert_false(b);
	int32_t v;
	assert_int_equal(db_multisession_sequential_get_next_writable_address(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(db_multisession_sequential_get_free_sectors_on_media(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(db_multisession_sequential_get_write_unit_size(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(db_multisession_sequential_get_is_first_data_session(m, &b),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(db_multisession_sequential_get_next_writable_address(m, NULL), DB_E_POINTER);
	db_multisession_sequential_destroy(m);
	h_close(x);
}

static void test_sequential_cd_r(void **s)
{
	(void)s;
	sequential("cd-r", 1);
}

static void test_sequential_dvd_plus_r(void **s)
{
	(void)s;
	sequential("dvd+r", 16);
}

static void test_sequential_bd_r(void **s)
{
	(void)s;
	sequential("bd-r", 32);
}

static void test_sequential_errors(void **s)
{
	(void)s;
	struct db_multisession_sequential *m;
	assert_int_equal(db_multisession_sequential_create(NULL, &m), DB_E_POINTER);
	struct h_disc *x = h_open("dvd+rw");
	assert_int_equal(db_multisession_sequential_create(x->r, &m), DB_S_OK);
	/* A random-access medium is not sequential. */
	bool b = true;
	int32_t v;
	assert_int_equal(db_multisession_sequential_get_is_supported_on_current_media_state(m, &b),
			 DB_S_OK);
	assert_false(b);
	assert_int_equal(db_multisession_sequential_get_next_writable_address(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(db_recorder_eject(x->r), DB_S_OK);
	assert_int_equal(db_multisession_sequential_get_next_writable_address(m, &v),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_multisession_sequential_get_is_supported_on_current_media_state(m, &b),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_false(b);
	db_multisession_sequential_destroy(m);
	h_close(x);
}

static void random_write(const char *profile, int32_t unit)
{
	struct h_disc *x = h_open(profile);
	struct db_multisession_random *m;
	assert_int_equal(db_multisession_random_create(x->r, &m), DB_S_OK);
	assert_ptr_equal(db_multisession_random_get_import_recorder(m), x->r);
	assert_false(db_multisession_random_get_in_use(m));
	assert_int_equal(db_multisession_random_put_in_use(m, true), DB_S_OK);
	assert_true(db_multisession_random_get_in_use(m));
	/* Unformatted: nothing to describe yet. */
	bool b = true;
	int32_t v;
	assert_int_equal(db_multisession_random_get_is_supported_on_current_media_state(m, &b),
			 DB_S_OK);
	assert_false(b);
	assert_int_equal(db_multisession_random_get_last_written_address(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(db_multisession_random_get_total_sectors_on_media(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(db_multisession_random_get_write_unit_size(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);

	h_burn_pattern(x, N1, 1, &(struct h_burn){0});
	assert_int_equal(db_multisession_random_get_is_supported_on_current_media_state(m, &b),
			 DB_S_OK);
	assert_true(b);
	assert_int_equal(db_multisession_random_get_write_unit_size(m, &v), DB_S_OK);
	assert_int_equal(v, unit);
	struct db_capacity cap;
	assert_int_equal(db_mmc_read_capacity(x->d, &cap), DB_S_OK);
	assert_int_equal(db_multisession_random_get_total_sectors_on_media(m, &v), DB_S_OK);
	assert_int_equal(v, cap.last_lba + 1);
	struct db_track_info ti = h_track(x, 1);
	assert_int_equal(db_multisession_random_get_last_written_address(m, &v), DB_S_OK);
	assert_int_equal(v, ti.lra_valid ? ti.last_recorded : -1);
	assert_true(v >= N1 - 1);
	assert_int_equal(db_multisession_random_get_last_written_address(m, NULL), DB_E_POINTER);
	assert_int_equal(db_recorder_eject(x->r), DB_S_OK);
	assert_int_equal(db_multisession_random_get_total_sectors_on_media(m, &v),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	db_multisession_random_destroy(m);
	h_close(x);
}

static void test_random_dvd_plus_rw(void **s)
{
	(void)s;
	random_write("dvd+rw", 16);
}

static void test_random_bd_re(void **s)
{
	(void)s;
	random_write("bd-re", 32);
}

/* A sequential medium is not random-writable. */
static void test_random_on_sequential(void **s)
{
	(void)s;
	struct db_multisession_random *m;
	assert_int_equal(db_multisession_random_create(NULL, &m), DB_E_POINTER);
	struct h_disc *x = h_open("dvd+r");
	assert_int_equal(db_multisession_random_create(x->r, &m), DB_S_OK);
	bool b = true;
	int32_t v;
	assert_int_equal(db_multisession_random_get_is_supported_on_current_media_state(m, &b),
			 DB_S_OK);
	assert_false(b);
	assert_int_equal(db_multisession_random_get_total_sectors_on_media(m, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	db_multisession_random_destroy(m);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequential_cd_r),
		cmocka_unit_test(test_sequential_dvd_plus_r),
		cmocka_unit_test(test_sequential_bd_r),
		cmocka_unit_test(test_sequential_errors),
		cmocka_unit_test(test_random_dvd_plus_rw),
		cmocka_unit_test(test_random_bd_re),
		cmocka_unit_test(test_random_on_sequential),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
