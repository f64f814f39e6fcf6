/* The sites that used to classify profiles each in their own switch now
 * agree, because they all ask mmc/profiles.h (issue 12 item 10):
 * - a DVD+RW DL is random access both in the emulator's GET CONFIGURATION
 *   (Random Writable current) and in DiscFormat2Data's validation (it is
 *   formatted with type 26h like a DVD+RW and written from LBA 0; before,
 *   the engine refused it as not supported);
 * - a drive with a DVD-RW restricted overwrite profile, which READ DISC
 *   STRUCTURE always treated as DVD-RW (book type 3), also says so in
 *   GET CONFIGURATION (the DVD-RW bit of DVD-R/-RW Write, 002Fh), and
 *   does not claim Random Writable for it (restricted overwrite has its
 *   own feature).
 * The media are the shipped DVD+RW profile renumbered in a private
 * profile directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "format2data_harness.h"
#include "mmc/features.h"
#include "mmc/profiles.h"

#define N 1000

/* A drive whose profile directory holds dvd+rw.ini renumbered to each of
 * `numbers` (file NAME.ini), and the shipped profile `also` when not
 * NULL, with a blank disc of the first. */
static struct h_disc *open_renumbered(const char *const *names, const char *const *numbers,
				      unsigned n, const char *also)
{
	struct h_disc *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/prof-agree-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	for (unsigned i = 0; i < n; i++) {
		char cmd[512];
		snprintf(cmd, sizeof(cmd),
			 "sed -e 's/^profile = 0x001A/profile = %s/' %s %s/dvd+rw.ini > %s/%s.ini",
			 numbers[i],
			 !strcmp(numbers[i], "0x0013") ? "-e 's/^needs_format = yes/needs_format = no/' "
							 "-e '/^format_ms/d'"
						       : "",
			 DISCBURN_PROFILES_DIR, x->dir, names[i]);
		assert_int_equal(system(cmd), 0);
	}
	if (also) {
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "cp %s/%s.ini %s/", DISCBURN_PROFILES_DIR, also, x->dir);
		assert_int_equal(system(cmd), 0);
	}
	setenv("MMCEMU_PROFILES_DIR", x->dir, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	h_open_named(x, names[0]);
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	return x;
}

/* The feature descriptor of code (RT=2): NULL when the drive lacks it. */
static const uint8_t *feature(struct h_disc *x, uint16_t code, uint8_t *buf, size_t cap)
{
	struct db_cmd c;
	db_cdb_get_configuration(&c, buf, (uint16_t)cap, 2, code);
	assert_int_equal(db_device_exec(x->d, &c), DB_S_OK);
	size_t len = 0;
	return db_config_find_feature(buf, cap - c.resid, code, &len);
}

static void test_dvd_plus_rw_dl_random_in_emulator_and_engine(void **s)
{
	(void)s;
	static const char *const names[] = {"dvd+rw-dl"}, *const numbers[] = {"0x002A"};
	struct h_disc *x = open_renumbered(names, numbers, 1, NULL);
	uint16_t profile = 0;
	assert_int_equal(db_recorder_current_profile(x->r, &profile), DB_S_OK);
	assert_int_equal(profile, MMC_PROFILE_DVD_PLUS_RW_DL);

	/* Emulator: Random Writable (0020h) present and current. */
	uint8_t buf[256];
	const uint8_t *f = feature(x, MMC_FEATURE_RANDOM_WRITABLE, buf, sizeof(buf));
	assert_non_null(f);
	assert_true(f[2] & 0x01);

	/* Engine: validated as random access (formatted 26h, written from 0,
	 * one session with no NWA), and the image reads back. */
	int32_t start = h_burn_pattern(x, N, 3, &(struct h_burn){.verify = DB_VERIFY_FULL});
	assert_int_equal(start, 0);
	h_expect_pattern(x, 0, 0, N, 3);
	struct db_disc_info di = h_disc_info(x);
	assert_int_equal(di.n_sessions, 1);
	assert_int_equal(di.last_session_state, 3);
	h_close(x);
}

static void test_dvd_rw_restricted_overwrite_is_dvd_rw_in_get_configuration(void **s)
{
	(void)s;
	/* A DVD-R/-RW burner: it has DVD-R too, so DVD-R/-RW Write is there. */
	static const char *const names[] = {"dvd-rw-ro"}, *const numbers[] = {"0x0013"};
	struct h_disc *x = open_renumbered(names, numbers, 1, "dvd-r");
	uint16_t profile = 0;
	assert_int_equal(db_recorder_current_profile(x->r, &profile), DB_S_OK);
	assert_int_equal(profile, MMC_PROFILE_DVD_RW_RO);
	uint8_t buf[256];
	/* READ DISC STRUCTURE: book type 3 (DVD-RW). */
	struct db_dvd_physical phys;
	assert_int_equal(db_mmc_read_dvd_physical(x->d, &phys), DB_S_OK);
	assert_int_equal(phys.book_type, 3);
	/* GET CONFIGURATION agrees: the drive writes DVD-RW (002Fh DVD-RW bit). */
	const uint8_t *f = feature(x, MMC_FEATURE_DVD_R_RW_WRITE, buf, sizeof(buf));
	assert_non_null(f);
	assert_true(f[4] & 0x02);
	/* Restricted overwrite is not Random Writable (MMC-6 5.3.9). */
	assert_null(feature(x, MMC_FEATURE_RANDOM_WRITABLE, buf, sizeof(buf)));
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dvd_plus_rw_dl_random_in_emulator_and_engine),
		cmocka_unit_test(test_dvd_rw_restricted_overwrite_is_dvd_rw_in_get_configuration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
