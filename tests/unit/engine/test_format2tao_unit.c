/* DiscFormat2TrackAtOnce against the scripted drive (fake_drive.h), for
 * what no emulated drive can be: a drive with no CD-R/RW profile at all
 * (a DVD-ROM drive) is no TAO recorder, refused by PrepareMedia before
 * anything is sent to the medium; and a PrepareMedia refused by the
 * drive holds nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/format2tao.h"
#include "fake_drive.h"

static void test_recorder_not_supported(void **state)
{
	(void)state;
	struct fake_drive *fd = fake_new(0x0010); /* DVD-ROM */
	struct db_recorder *r = fake_recorder(fd);
	struct db_format2tao *f;
	assert_int_equal(db_format2tao_create(&f), DB_S_OK);
	assert_int_equal(db_format2tao_put_recorder(f, r), DB_S_OK);
	assert_int_equal(db_format2tao_put_client_name(f, "unit"), DB_S_OK);
	bool b = true;
	assert_int_equal(db_format2tao_is_recorder_supported(f, r, &b), DB_S_OK);
	assert_false(b);
	assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_DF2TAO_RECORDER_NOT_SUPPORTED);
	assert_int_equal(db_format2tao_release_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	/* no WRITE, no MODE SELECT reached the drive */
	for (unsigned i = 0; i < fd->n_log; i++)
		assert_true(fd->log_op[i] != MMC_OP_MODE_SELECT_10 && fd->log_op[i] != MMC_OP_WRITE_10);
	db_format2tao_destroy(f);
	db_recorder_close(r);
	fake_free(fd);
}

/* A CD-R drive is one, even when it lists its current profile only. */
static void test_cd_r_drive_supported(void **state)
{
	(void)state;
	struct fake_drive *fd = fake_new(0x0009);
	struct db_recorder *r = fake_recorder(fd);
	struct db_format2tao *f;
	assert_int_equal(db_format2tao_create(&f), DB_S_OK);
	bool b = false;
	assert_int_equal(db_format2tao_is_recorder_supported(f, r, &b), DB_S_OK);
	assert_true(b);
	assert_int_equal(db_format2tao_is_current_media_supported(f, r, &b), DB_S_OK);
	assert_true(b);
	db_format2tao_destroy(f);
	db_recorder_close(r);
	fake_free(fd);
}

/* No medium: PrepareMedia fails with the drive's status and holds
 * nothing afterwards (ReleaseMedia: not prepared). */
static void test_no_medium(void **state)
{
	(void)state;
	struct fake_drive *fd = fake_new(0x0009);
	struct db_recorder *r = fake_recorder(fd);
	struct db_format2tao *f;
	assert_int_equal(db_format2tao_create(&f), DB_S_OK);
	assert_int_equal(db_format2tao_put_recorder(f, r), DB_S_OK);
	assert_int_equal(db_format2tao_put_client_name(f, "unit"), DB_S_OK);
	fake_fail_next(fd, 0x00, MMC_SENSE_NOT_READY_NO_MEDIUM_TRAY_CLOSED);
	assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_format2tao_release_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	db_format2tao_destroy(f);
	db_recorder_close(r);
	fake_free(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorder_not_supported),
		cmocka_unit_test(test_cd_r_drive_supported),
		cmocka_unit_test(test_no_medium),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
