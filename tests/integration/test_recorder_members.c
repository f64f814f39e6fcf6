/* IDiscRecorder2 members by IMAPI's names (issue 14) on the in-process
 * emulated drive: identity, unique id, exclusive access and its owner,
 * MCN counting, tray, the profile / feature / mode page lists, and the
 * members an emulated drive has no answer for. Each IMAPI error the
 * member documents is provoked where the drive can be made to give it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "format2data_harness.h"

static int setup(void **state)
{
	*state = h_open("dvd+r");
	return 0;
}

static int teardown(void **state)
{
	h_close(*state);
	return 0;
}

static bool has16(const uint16_t *v, unsigned n, uint16_t x)
{
	for (unsigned i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static void test_identity(void **state)
{
	struct h_disc *x = *state;
	struct db_inquiry id;
	char buf[32];
	assert_int_equal(db_recorder_identity(x->r, &id), DB_S_OK);
	assert_int_equal(db_recorder_get_vendor_id(x->r, buf, sizeof(buf)), DB_S_OK);
	assert_string_equal(buf, id.vendor);
	assert_true(buf[0] != '\0');
	assert_int_equal(db_recorder_get_product_id(x->r, buf, sizeof(buf)), DB_S_OK);
	assert_string_equal(buf, id.product);
	assert_int_equal(db_recorder_get_product_revision(x->r, buf, sizeof(buf)), DB_S_OK);
	assert_string_equal(buf, id.revision);
	/* A buffer that cannot take the string is refused, not cut. */
	assert_int_equal(db_recorder_get_product_id(x->r, buf, 2), DB_E_INVALIDARG);
}

static void test_active_disc_recorder(void **state)
{
	struct h_disc *x = *state;
	char a[128], b[128];
	assert_int_equal(db_recorder_get_active_disc_recorder(x->r, a, sizeof(a)), DB_S_OK);
	/* The emulator's 83h holds a T10 vendor ID designator. */
	assert_memory_equal(a, "t10.", 4);
	/* The id comes from the drive, not the name it was opened by. */
	assert_null(strstr(a, x->dir));
	/* A second recorder on the same drive (not exclusive: shared) sees
	 * the same id; another drive has its own. The emulator numbers its
	 * drives per process (emulator/src/drive.c assign_serial), so a
	 * drive closed and opened again is a new drive to it. */
	assert_int_equal(db_recorder_release_exclusive_access(x->r), DB_S_OK);
	struct db_recorder *same, *other;
	assert_int_equal(db_recorder_open(x->drive, 0, &same), DB_S_OK);
	assert_int_equal(db_recorder_get_active_disc_recorder(same, b, sizeof(b)), DB_S_OK);
	assert_string_equal(a, b);
	char other_drive[256];
	snprintf(other_drive, sizeof(other_drive), "emu:dvd+r:%s/other", x->dir);
	assert_int_equal(db_recorder_open(other_drive, 0, &other), DB_S_OK);
	assert_int_equal(db_recorder_get_active_disc_recorder(other, b, sizeof(b)), DB_S_OK);
	assert_string_not_equal(a, b);
	db_recorder_close(other);
	db_recorder_close(same);
	assert_int_equal(db_recorder_get_active_disc_recorder(x->r, b, 5), DB_E_INVALIDARG);
}

static void test_exclusive_access(void **state)
{
	struct h_disc *x = *state;
	char owner[64], longname[80];
	/* h_open took it at open, unnamed. */
	assert_int_equal(db_recorder_get_exclusive_access_owner(x->r, owner, sizeof(owner)), DB_S_OK);
	assert_string_equal(owner, "");
	assert_int_equal(db_recorder_acquire_exclusive_access(x->r, false, "burner"), DB_S_OK);
	assert_int_equal(db_recorder_get_exclusive_access_owner(x->r, owner, sizeof(owner)), DB_S_OK);
	assert_string_equal(owner, "burner");
	assert_int_equal(db_recorder_get_exclusive_access_owner(x->r, owner, 3), DB_E_INVALIDARG);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(db_recorder_acquire_exclusive_access(x->r, true, longname),
			 DB_E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID);
	/* Held, a second open is refused (sg O_EXCL semantics). */
	struct db_recorder *other = NULL;
	assert_int_equal(db_recorder_open(x->drive, 0, &other), DB_E_IMAPI_RECORDER_LOCKED);
	assert_string_equal(db_recorder_lock_owner(), "burner");
	/* Released: no owner (not the stale name of that refusal). */
	assert_int_equal(db_recorder_release_exclusive_access(x->r), DB_S_OK);
	assert_int_equal(db_recorder_get_exclusive_access_owner(x->r, owner, sizeof(owner)), DB_S_OK);
	assert_string_equal(owner, "");
	/* Another opener now: acquiring is refused (O_EXCL), none named. */
	assert_int_equal(db_recorder_open(x->drive, 0, &other), DB_S_OK);
	assert_int_equal(db_recorder_acquire_exclusive_access(x->r, false, "burner"),
			 DB_E_IMAPI_RECORDER_LOCKED);
	assert_int_equal(db_recorder_get_exclusive_access_owner(x->r, owner, sizeof(owner)), DB_S_OK);
	assert_string_equal(owner, "");
	db_recorder_close(other);
	assert_int_equal(db_recorder_acquire_exclusive_access(x->r, false, "burner"), DB_S_OK);
}

static void test_mcn_emulated(void **state)
{
	struct h_disc *x = *state;
	assert_false(db_recorder_mcn_disabled(x->r));
	assert_int_equal(db_recorder_enable_mcn(x->r), DB_S_OK); /* none outstanding */
	assert_false(db_recorder_mcn_disabled(x->r));
	assert_int_equal(db_recorder_disable_mcn(x->r), DB_S_OK);
	assert_int_equal(db_recorder_disable_mcn(x->r), DB_S_OK);
	assert_true(db_recorder_mcn_disabled(x->r));
	assert_int_equal(db_recorder_enable_mcn(x->r), DB_S_OK);
	assert_true(db_recorder_mcn_disabled(x->r)); /* counted, as IMAPI */
	assert_int_equal(db_recorder_enable_mcn(x->r), DB_S_OK);
	assert_false(db_recorder_mcn_disabled(x->r));
}

static void test_tray(void **state)
{
	struct h_disc *x = *state;
	bool can, present;
	assert_int_equal(db_recorder_get_device_can_load_media(x->r, &can), DB_S_OK);
	assert_true(can); /* the emulator reports a tray (2Ah byte 6: 001b) */
	assert_int_equal(db_recorder_eject_media(x->r), DB_S_OK);
	assert_int_equal(db_recorder_media_present(x->r, &present), DB_S_OK);
	assert_false(present);
	/* With the tray open there is no current profile. */
	uint16_t p[8];
	unsigned n;
	assert_int_equal(db_recorder_get_current_profiles(x->r, p, 8, &n), DB_S_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_recorder_close_tray(x->r), DB_S_OK);
	assert_int_equal(db_recorder_media_present(x->r, &present), DB_S_OK);
	assert_true(present);
}

static void test_profiles_and_features(void **state)
{
	struct h_disc *x = *state;
	uint16_t sup[64], cur[64];
	unsigned ns, nc;
	assert_int_equal(db_recorder_get_supported_profiles(x->r, sup, 64, &ns), DB_S_OK);
	assert_true(has16(sup, ns, 0x001B)); /* DVD+R */
	assert_int_equal(db_recorder_get_current_profiles(x->r, cur, 64, &nc), DB_S_OK);
	assert_int_equal(nc, 1);
	assert_int_equal(cur[0], 0x001B);
	/* *n counts what did not fit. */
	unsigned n1;
	assert_int_equal(db_recorder_get_supported_profiles(x->r, sup, 1, &n1), DB_S_OK);
	assert_int_equal(n1, ns);

	assert_int_equal(db_recorder_get_supported_feature_pages(x->r, sup, 64, &ns), DB_S_OK);
	assert_true(has16(sup, ns, 0x0000)); /* Profile List */
	assert_true(has16(sup, ns, 0x0001)); /* Core */
	assert_int_equal(db_recorder_get_current_feature_pages(x->r, cur, 64, &nc), DB_S_OK);
	assert_true(nc > 0 && nc <= ns);
	for (unsigned i = 0; i < nc; i++)
		assert_true(has16(sup, ns, cur[i]));
}

static void test_mode_pages(void **state)
{
	struct h_disc *x = *state;
	uint8_t pages[64];
	unsigned n;
	assert_int_equal(db_recorder_get_supported_mode_pages(x->r, pages, 64, &n), DB_S_OK);
	assert_int_equal(n, 3);
	assert_memory_equal(pages, ((uint8_t[]){0x01, 0x05, 0x2A}), 3);
}

static void test_no_kernel_device(void **state)
{
	struct h_disc *x = *state;
	char name[64] = "x";
	char **paths = (char **)1;
	unsigned n = 9;
	int32_t num;
	assert_int_equal(db_recorder_get_volume_name(x->r, name, sizeof(name)), DB_S_OK);
	assert_string_equal(name, "");
	assert_int_equal(db_recorder_get_volume_path_names(x->r, &paths, &n), DB_S_OK);
	assert_int_equal(n, 0);
	assert_null(paths);
	assert_int_equal(db_recorder_get_legacy_device_number(x->r, &num), DB_ERROR_NOT_SUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_active_disc_recorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mcn_emulated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tray, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profiles_and_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_kernel_device, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
