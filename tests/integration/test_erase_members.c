/* DiscFormat2Erase's members against the emulated drive, each on its
 * good path and with every IMAPI error it documents: Recorder,
 * FullErase, ClientName (get and put), CurrentPhysicalMediaType,
 * IsRecorderSupported, IsCurrentMediaSupported, SupportedMediaTypes, and
 * EraseMedia's refusals (no recorder, a medium it does not erase, an
 * erase that takes longer than an hour). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/erase.h"
#include "format2data_harness.h"

static struct db_format2erase *new_erase(struct db_recorder *r)
{
	struct db_format2erase *e;
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	if (r)
		assert_int_equal(db_format2erase_put_recorder(e, r), DB_S_OK);
	return e;
}

/* ---- Recorder ---------------------------------------------------------- */

static void test_recorder_get_put(void **s)
{
	(void)s;
	struct h_disc *a = h_open("cd-rw"), *b = h_open("dvd+rw");
	struct db_format2erase *e = new_erase(NULL);
	assert_null(db_format2erase_get_recorder(e));
	assert_int_equal(db_format2erase_put_recorder(e, a->r), DB_S_OK);
	assert_ptr_equal(db_format2erase_get_recorder(e), a->r);
	/* the same one again is no change */
	assert_int_equal(db_format2erase_put_recorder(e, a->r), DB_S_OK);
	/* another one while one is set: clear it first (imapi2error.h) */
	assert_int_equal(db_format2erase_put_recorder(e, b->r),
			 DB_E_IMAPI_ERASE_ONLY_ONE_RECORDER_SUPPORTED);
	assert_ptr_equal(db_format2erase_get_recorder(e), a->r);
	assert_int_equal(db_format2erase_put_recorder(e, NULL), DB_S_OK);
	assert_null(db_format2erase_get_recorder(e));
	assert_int_equal(db_format2erase_put_recorder(e, b->r), DB_S_OK);
	assert_ptr_equal(db_format2erase_get_recorder(e), b->r);
	db_format2erase_destroy(e);
	h_close(a);
	h_close(b);
}

/* Every put, and EraseMedia itself, while EraseMedia runs:
 * E_IMAPI_ERASE_RECORDER_IN_USE, and the erase goes on unchanged. */
struct in_use {
	struct db_format2erase *e;
	struct db_recorder *other;
	unsigned calls;
	db_status recorder, clear, full, client, erase;
};

static void on_progress_in_use(int32_t el, int32_t total, int progress, void *ctx)
{
	(void)el, (void)total, (void)progress;
	struct in_use *u = ctx;
	if (u->calls++)
		return;
	u->recorder = db_format2erase_put_recorder(u->e, u->other);
	u->clear = db_format2erase_put_recorder(u->e, NULL);
	u->full = db_format2erase_put_full_erase(u->e, true);
	u->client = db_format2erase_put_client_name(u->e, "intruder");
	u->erase = db_format2erase_erase_media(u->e);
}

static void test_recorder_in_use(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-rw"), *y = h_open("cd-rw");
	h_burn_pattern(x, 500, 1, &(struct h_burn){0});
	struct in_use u = {.other = y->r};
	u.e = new_erase(x->r);
	assert_int_equal(db_format2erase_put_client_name(u.e, "owner"), DB_S_OK);
	db_format2erase_set_progress(u.e, on_progress_in_use, &u);
	assert_int_equal(db_format2erase_erase_media(u.e), DB_S_OK);
	assert_true(u.calls > 0);
	assert_int_equal(u.recorder, DB_E_IMAPI_ERASE_RECORDER_IN_USE);
	assert_int_equal(u.clear, DB_E_IMAPI_ERASE_RECORDER_IN_USE);
	assert_int_equal(u.full, DB_E_IMAPI_ERASE_RECORDER_IN_USE);
	assert_int_equal(u.client, DB_E_IMAPI_ERASE_RECORDER_IN_USE);
	assert_int_equal(u.erase, DB_E_IMAPI_ERASE_RECORDER_IN_USE);
	assert_ptr_equal(db_format2erase_get_recorder(u.e), x->r);
	assert_false(db_format2erase_get_full_erase(u.e));
	assert_string_equal(db_format2erase_get_client_name(u.e), "owner");
	/* after it, puts work again */
	assert_int_equal(db_format2erase_put_full_erase(u.e, true), DB_S_OK);
	db_format2erase_destroy(u.e);
	h_close(x);
	h_close(y);
}

/* ---- FullErase, ClientName --------------------------------------------- */

static void test_full_erase_get_put(void **s)
{
	(void)s;
	struct db_format2erase *e = new_erase(NULL);
	assert_false(db_format2erase_get_full_erase(e)); /* IMAPI's default: quick */
	assert_int_equal(db_format2erase_put_full_erase(e, true), DB_S_OK);
	assert_true(db_format2erase_get_full_erase(e));
	assert_int_equal(db_format2erase_put_full_erase(e, false), DB_S_OK);
	assert_false(db_format2erase_get_full_erase(e));
	db_format2erase_destroy(e);
}

static void test_client_name_get_put(void **s)
{
	(void)s;
	struct db_format2erase *e = new_erase(NULL);
	assert_string_equal(db_format2erase_get_client_name(e), "");
	assert_int_equal(db_format2erase_put_client_name(e, "My Burner 2"), DB_S_OK);
	assert_string_equal(db_format2erase_get_client_name(e), "My Burner 2");
	char long_name[65];
	memset(long_name, 'a', 64);
	long_name[64] = 0;
	assert_int_equal(db_format2erase_put_client_name(e, long_name),
			 DB_E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID);
	assert_int_equal(db_format2erase_put_client_name(e, ""),
			 DB_E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID);
	assert_int_equal(db_format2erase_put_client_name(e, NULL),
			 DB_E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID);
	/* a refused put keeps the name */
	assert_string_equal(db_format2erase_get_client_name(e), "My Burner 2");
	long_name[63] = 0;
	assert_int_equal(db_format2erase_put_client_name(e, long_name), DB_S_OK);
	assert_string_equal(db_format2erase_get_client_name(e), long_name);
	db_format2erase_destroy(e);
}

/* ---- CurrentPhysicalMediaType ------------------------------------------ */

static void expect_type(const char *profile, enum db_media_physical_type want)
{
	struct h_disc *x = h_open(profile);
	struct db_format2erase *e = new_erase(x->r);
	enum db_media_physical_type t = DB_MEDIA_TYPE_UNKNOWN;
	assert_int_equal(db_format2erase_get_current_physical_media_type(e, &t), DB_S_OK);
	if (t != want)
		fail_msg("%s: %s, expected %s", profile, db_media_physical_type_name(t),
			 db_media_physical_type_name(want));
	db_format2erase_destroy(e);
	h_close(x);
}

static void test_current_physical_media_type(void **s)
{
	(void)s;
	expect_type("cd-r", DB_MEDIA_TYPE_CDR);
	expect_type("cd-rw", DB_MEDIA_TYPE_CDRW);
	expect_type("dvd+r", DB_MEDIA_TYPE_DVDPLUSR);
	expect_type("dvd+rw", DB_MEDIA_TYPE_DVDPLUSRW);
	expect_type("dvd-r", DB_MEDIA_TYPE_DVDDASHR);
	expect_type("bd-r", DB_MEDIA_TYPE_BDR);
	expect_type("bd-re", DB_MEDIA_TYPE_BDRE);
}

/* IDiscFormat2's blank properties on the eraser: a blank CD-RW is both;
 * after a burn it is not physically blank; after the erase it is again. */
static void test_media_blank(void **s)
{
	(void)s;
	bool phys = false, heur = false;
	struct db_format2erase *none = new_erase(NULL);
	assert_int_equal(db_format2erase_get_media_physically_blank(none, &phys),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2erase_get_media_heuristically_blank(none, &heur),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	db_format2erase_destroy(none);

	struct h_disc *x = h_open("cd-rw");
	struct db_format2erase *e = new_erase(x->r);
	assert_int_equal(db_format2erase_get_media_physically_blank(e, NULL), DB_E_POINTER);
	assert_int_equal(db_format2erase_get_media_physically_blank(e, &phys), DB_S_OK);
	assert_int_equal(db_format2erase_get_media_heuristically_blank(e, &heur), DB_S_OK);
	assert_true(phys && heur);
	h_burn_pattern(x, 500, 1, &(struct h_burn){0});
	assert_int_equal(db_format2erase_get_media_physically_blank(e, &phys), DB_S_OK);
	assert_false(phys);
	assert_int_equal(db_format2erase_erase_media(e), DB_S_OK);
	assert_int_equal(db_format2erase_get_media_physically_blank(e, &phys), DB_S_OK);
	assert_true(phys);
	db_format2erase_destroy(e);
	h_close(x);
}

static void test_current_physical_media_type_errors(void **s)
{
	(void)s;
	struct db_format2erase *e = new_erase(NULL);
	enum db_media_physical_type t = DB_MEDIA_TYPE_CDR;
	assert_int_equal(db_format2erase_get_current_physical_media_type(e, &t),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(t, DB_MEDIA_TYPE_UNKNOWN);
	assert_int_equal(db_format2erase_get_current_physical_media_type(e, NULL), DB_E_POINTER);
	db_format2erase_destroy(e);
	/* the tray empty */
	struct h_disc *x = h_open("cd-rw");
	e = new_erase(x->r);
	assert_int_equal(db_recorder_eject(x->r), DB_S_OK);
	assert_int_equal(db_format2erase_get_current_physical_media_type(e, &t),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(t, DB_MEDIA_TYPE_UNKNOWN);
	db_format2erase_destroy(e);
	h_close(x);
}

/* ---- IsRecorderSupported, IsCurrentMediaSupported, SupportedMediaTypes - */

/* A drive whose profile list holds only write-once media: the emulator
 * offers the profiles of its profile directory. */
static struct h_disc *open_write_once_drive(void)
{
	struct h_disc *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/f2e-test-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "mkdir %s/profiles && cp %s/cd-r.ini %s/dvd+r.ini %s/profiles/",
		 x->dir, DISCBURN_PROFILES_DIR, DISCBURN_PROFILES_DIR, x->dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/profiles", x->dir);
	setenv("MMCEMU_PROFILES_DIR", cmd, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	h_open_named(x, "dvd+r");
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	return x;
}

static void test_is_recorder_supported(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r"); /* a drive that also takes CD-RW, DVD+RW, BD-RE */
	struct db_format2erase *e = new_erase(NULL);
	bool v = false;
	assert_int_equal(db_format2erase_is_recorder_supported(e, x->r, &v), DB_S_OK);
	assert_true(v);
	assert_int_equal(db_format2erase_is_recorder_supported(e, NULL, &v), DB_E_POINTER);
	assert_int_equal(db_format2erase_is_recorder_supported(e, x->r, NULL), DB_E_POINTER);
	h_close(x);
	x = open_write_once_drive();
	assert_int_equal(db_format2erase_is_recorder_supported(e, x->r, &v), DB_S_OK);
	assert_false(v);
	db_format2erase_destroy(e);
	h_close(x);
}

static void expect_media_supported(const char *profile, bool want)
{
	struct h_disc *x = h_open(profile);
	struct db_format2erase *e = new_erase(NULL);
	bool v = !want;
	assert_int_equal(db_format2erase_is_current_media_supported(e, x->r, &v), DB_S_OK);
	if (v != want)
		fail_msg("%s: IsCurrentMediaSupported %d", profile, v);
	/* the old name answers the same */
	v = !want;
	assert_int_equal(db_format2erase_media_supported(x->r, &v), DB_S_OK);
	assert_int_equal(v, want);
	db_format2erase_destroy(e);
	h_close(x);
}

static void test_is_current_media_supported(void **s)
{
	(void)s;
	expect_media_supported("cd-rw", true);
	expect_media_supported("dvd+rw", true);
	expect_media_supported("bd-re", true);
	expect_media_supported("cd-r", false);
	expect_media_supported("dvd+r", false);
	expect_media_supported("dvd-r", false);
	expect_media_supported("bd-r", false);
	struct h_disc *x = h_open("cd-rw");
	struct db_format2erase *e = new_erase(NULL);
	bool v = true;
	assert_int_equal(db_format2erase_is_current_media_supported(e, NULL, &v), DB_E_POINTER);
	assert_int_equal(db_recorder_eject(x->r), DB_S_OK);
	assert_int_equal(db_format2erase_is_current_media_supported(e, x->r, &v),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_false(v);
	db_format2erase_destroy(e);
	h_close(x);
}

static void test_supported_media_types(void **s)
{
	(void)s;
	struct db_format2erase *e = new_erase(NULL);
	enum db_media_physical_type t[DB_MEDIA_TYPE_COUNT];
	unsigned n = 99;
	assert_int_equal(db_format2erase_get_supported_media_types(e, t, DB_MEDIA_TYPE_COUNT, &n),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(n, 0);
	struct h_disc *x = h_open("dvd+r");
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_get_supported_media_types(e, t, DB_MEDIA_TYPE_COUNT, &n),
			 DB_S_OK);
	/* the rewritables of the drive's list, in IMAPI's order */
	assert_int_equal(n, 3);
	assert_int_equal(t[0], DB_MEDIA_TYPE_CDRW);
	assert_int_equal(t[1], DB_MEDIA_TYPE_DVDPLUSRW);
	assert_int_equal(t[2], DB_MEDIA_TYPE_BDRE);
	/* too little room: refused, with the room needed */
	assert_int_equal(db_format2erase_get_supported_media_types(e, t, 2, &n), DB_E_INVALIDARG);
	assert_int_equal(n, 3);
	assert_int_equal(db_format2erase_get_supported_media_types(e, t, 3, NULL), DB_E_POINTER);
	assert_int_equal(db_format2erase_put_recorder(e, NULL), DB_S_OK);
	h_close(x);
	x = open_write_once_drive();
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_get_supported_media_types(e, t, DB_MEDIA_TYPE_COUNT, &n),
			 DB_S_OK);
	assert_int_equal(n, 0);
	db_format2erase_destroy(e);
	h_close(x);
}

/* ---- EraseMedia's refusals --------------------------------------------- */

static void test_erase_media_errors(void **s)
{
	(void)s;
	struct db_format2erase *e = new_erase(NULL);
	assert_int_equal(db_format2erase_erase_media(e), DB_E_IMAPI_RECORDER_REQUIRED);
	struct h_disc *x = h_open("bd-r");
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_erase_media(e), DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED);
	assert_int_equal(db_format2erase_put_recorder(e, NULL), DB_S_OK);
	h_close(x);
	x = h_open("cd-rw");
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_recorder_eject(x->r), DB_S_OK);
	assert_int_equal(db_format2erase_erase_media(e), DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	db_format2erase_destroy(e);
	h_close(x);
}

/* The drive still busy after an hour of the drive's clock (a fault plan
 * leaves it in a long write, 02/04/08, for two hours from the first
 * REQUEST SENSE of the poll): IMAPI's own code for it. */
static void test_erase_took_longer_than_one_hour(void **s)
{
	(void)s;
	struct h_disc *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/f2e-test-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	char plan[128];
	snprintf(plan, sizeof(plan), "%s/plan.txt", x->dir);
	FILE *f = fopen(plan, "w");
	assert_non_null(f);
	fprintf(f, "on REQUEST_SENSE once do long-write 7200s\n");
	fclose(f);
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	setenv("DISCBURN_EMU_FAULTS", plan, 1);
	setenv("DISCBURN_EMU_CLOCK", "virtual", 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	h_open_named(x, "cd-rw");
	unsetenv("DISCBURN_EMU_FAULTS");
	unsetenv("DISCBURN_EMU_CLOCK");
	struct db_format2erase *e = new_erase(x->r);
	assert_int_equal(db_format2erase_erase_media(e),
			 DB_E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR);
	db_format2erase_destroy(e);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorder_get_put),
		cmocka_unit_test(test_recorder_in_use),
		cmocka_unit_test(test_full_erase_get_put),
		cmocka_unit_test(test_client_name_get_put),
		cmocka_unit_test(test_current_physical_media_type),
		cmocka_unit_test(test_current_physical_media_type_errors),
		cmocka_unit_test(test_media_blank),
		cmocka_unit_test(test_is_recorder_supported),
		cmocka_unit_test(test_is_current_media_supported),
		cmocka_unit_test(test_supported_media_types),
		cmocka_unit_test(test_erase_media_errors),
		cmocka_unit_test(test_erase_took_longer_than_one_hour),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
