/* `discburn info --json` reports DiscFormat2Data's properties as the API
 * gives them (the same calls, so they cannot disagree): the disc is
 * burned in-process, then the CLI (another process) reads it and every
 * "format2data" key is compared with the API's value. And `discburn
 * write --verify full` names the LBA a failed verification found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli_run.h"
#include "format2data_harness.h"

static void expect_in(const char *key, const char *value)
{
	char want[256];
	snprintf(want, sizeof(want), "\"%s\":%s", key, value);
	if (!strstr(cli_out, want))
		fail_msg("info --json lacks %s:\n%s", want, cli_out);
}

static void expect_int(const char *key, db_status st, int32_t v)
{
	char buf[32];
	assert_int_equal(st, DB_S_OK);
	snprintf(buf, sizeof(buf), "%d", v);
	expect_in(key, buf);
}

static void info_matches_api(const char *profile, bool close, const char *state_name)
{
	struct h_disc *x = h_open(profile);
	h_burn_pattern(x, 600, 1, &(struct h_burn){0});
	if (close)
		h_burn_pattern(x, 300, 2, &(struct h_burn){.close = true});
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, x->r), DB_S_OK);
	uint32_t state, wp;
	bool phys, heur;
	int32_t total, free_, prev_start, prev_last, nwa;
	enum db_media_physical_type type;
	assert_int_equal(db_format2data_get_current_media_status(f, &state), DB_S_OK);
	assert_int_equal(db_format2data_get_write_protect_status(f, &wp), DB_S_OK);
	assert_int_equal(db_format2data_get_media_physically_blank(f, &phys), DB_S_OK);
	assert_int_equal(db_format2data_get_media_heuristically_blank(f, &heur), DB_S_OK);
	assert_int_equal(db_format2data_get_current_physical_media_type(f, &type), DB_S_OK);
	db_status total_st = db_format2data_get_total_sectors_on_media(f, &total);
	db_status free_st = db_format2data_get_free_sectors_on_media(f, &free_);
	db_status nwa_st = db_format2data_get_next_writable_address(f, &nwa);
	db_status ps_st = db_format2data_get_start_address_of_previous_session(f, &prev_start);
	db_status pl_st = db_format2data_get_last_written_address_of_previous_session(f, &prev_last);
	struct db_write_speed ws[DB_MAX_SPEEDS];
	unsigned n;
	assert_int_equal(db_format2data_get_supported_write_speed_descriptors(f, ws, DB_MAX_SPEEDS, &n),
			 DB_S_OK);
	db_format2data_destroy(f);
	db_recorder_close(x->r);
	x->r = NULL;

	assert_int_equal(cli_run("MMCEMU_PROFILES_DIR='%s' '%s/bin/discburn' info --drive 'emu::%s' "
				 "--json",
				 DISCBURN_PROFILES_DIR, DISCBURN_BUILD_DIR, x->path),
			 0);
	char buf[128];
	snprintf(buf, sizeof(buf), "{\"value\":%u,", state);
	expect_in("current_media_status", buf);
	snprintf(buf, sizeof(buf), "{\"value\":%u,", wp);
	expect_in("write_protect_status", buf);
	expect_in("media_physically_blank", phys ? "true" : "false");
	expect_in("media_heuristically_blank", heur ? "true" : "false");
	snprintf(buf, sizeof(buf), "\"%s\"", db_media_physical_type_name(type));
	expect_in("current_physical_media_type", buf);
	expect_int("total_sectors_on_media", total_st, total);
	expect_int("free_sectors_on_media", free_st, free_);
	expect_int("start_address_of_previous_session", ps_st, prev_start);
	expect_int("last_written_address_of_previous_session", pl_st, prev_last);
	if (close) {
		/* Closed: NextWritableAddress has no value, and says why. */
		assert_int_equal(nwa_st, DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
		expect_in("next_writable_address", "null");
		expect_in("next_writable_address", "\"E_IMAPI_DF2DATA_INVALID_MEDIA_STATE\"");
		assert_non_null(strstr(cli_out, state_name));
	} else {
		expect_int("next_writable_address", nwa_st, nwa);
		assert_non_null(strstr(cli_out, state_name));
	}
	/* Each speed with its rotation, in the drive's order. */
	const char *p = strstr(cli_out, "\"supported_write_speed_descriptors\":[");
	assert_non_null(p);
	for (unsigned i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "{\"write_speed\":%d,\"kbps\":%u,\"rotation_type_is_pure_cav\":%s",
			 db_write_speed_get_write_speed(&ws[i]), ws[i].write_kbps,
			 db_write_speed_get_rotation_type_is_pure_cav(&ws[i]) ? "true" : "false");
		const char *q = strstr(p, buf);
		if (!q)
			fail_msg("speed %u (%s) missing or out of order:\n%s", i, buf, cli_out);
		p = q + 1;
	}
	/* The existing keys stay. */
	assert_non_null(strstr(cli_out, "\"write_speeds_kbps\":["));
	assert_non_null(strstr(cli_out, "\"disc\":{\"status\":"));
	h_close(x);
}

static void test_info_dvd_plus_r_appendable(void **s)
{
	(void)s;
	info_matches_api("dvd+r", false, "\"names\":[\"APPENDABLE\"]");
}

static void test_info_dvd_plus_r_closed(void **s)
{
	(void)s;
	info_matches_api("dvd+r", true, "\"names\":[\"FINALIZED\"]");
}

static void test_info_cd_r(void **s)
{
	(void)s;
	info_matches_api("cd-r", false, "\"names\":[\"APPENDABLE\"]");
}

static void test_info_dvd_plus_rw(void **s)
{
	(void)s;
	info_matches_api("dvd+rw", false, "\"names\":[\"OVERWRITE_ONLY\"]");
}

/* The CLI names the first LBA that did not read back as written. */
static void test_write_names_failed_lba(void **s)
{
	(void)s;
	char dir[64] = "/tmp/info-f2d-XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(cli_run("cd '%s' && echo 'on READ lba 100 do corrupt' > plan && "
				 "head -c %d /dev/zero | tr '\\0' 'x' > img",
				 dir, 2048 * 2048),
			 0);
	int rc = cli_run("cd '%s' && MMCEMU_PROFILES_DIR='%s' DISCBURN_EMU_FAULTS=plan "
			 "'%s/bin/discburn' write --drive emu:dvd+r:d --verify full img",
			 dir, DISCBURN_PROFILES_DIR, DISCBURN_BUILD_DIR);
	assert_int_not_equal(rc, 0);
	if (!strstr(cli_out, "verification failed: LBA 96 does not read back as written"))
		fail_msg("no failed LBA in:\n%s", cli_out);
	assert_non_null(strstr(cli_out, "E_IMAPI_BURN_VERIFICATION_FAILED"));
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_dvd_plus_r_appendable),
		cmocka_unit_test(test_info_dvd_plus_r_closed),
		cmocka_unit_test(test_info_cd_r),
		cmocka_unit_test(test_info_dvd_plus_rw),
		cmocka_unit_test(test_write_names_failed_lba),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
