/* IDiscFormat2TrackAtOnce's members and the errors each one documents,
 * against the emulated drive, where no audio needs to reach the disc:
 * the put/get properties and their refusals, PrepareMedia's checks
 * (recorder, client name, medium, prepared twice), what it takes and
 * ReleaseMedia gives back (exclusive access, page 05h), AddAudioTrack's
 * refusals of a stream, and the read-only properties on a blank and an
 * appendable disc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "format2tao_harness.h"
#include "mmc/features.h"
#include "mmc/profiles.h"

/* The put properties: IMAPI2's defaults, what each takes and refuses. */
static void test_put_properties(void **s)
{
	(void)s;
	struct db_format2tao *f = t_tao(NULL);
	assert_null(db_format2tao_get_recorder(f));
	assert_string_equal(db_format2tao_get_client_name(f), "");
	assert_false(db_format2tao_get_do_not_finalize_media(f));
	assert_false(db_format2tao_get_buffer_underrun_free_disabled(f));
	assert_false(db_format2tao_get_simulate(f));
	assert_int_equal(db_format2tao_get_verification_level(f), DB_VERIFY_NONE);
	assert_int_equal(db_format2tao_get_requested_write_speed(f), -1);
	assert_false(db_format2tao_get_requested_rotation_type_is_pure_cav(f));
	assert_int_equal(db_format2tao_get_current_write_speed(f), -1);
	assert_false(db_format2tao_get_current_rotation_type_is_pure_cav(f));

	assert_int_equal(db_format2tao_put_client_name(f, ""),
			 DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID);
	assert_int_equal(db_format2tao_put_client_name(f, NULL),
			 DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID);
	assert_int_equal(db_format2tao_put_client_name(f, "bad/name"),
			 DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID);
	char longname[80];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[79] = '\0';
	assert_int_equal(db_format2tao_put_client_name(f, longname),
			 DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID);
	t_ok(db_format2tao_put_client_name(f, "My Burner 2.0"), "client");
	assert_string_equal(db_format2tao_get_client_name(f), "My Burner 2.0");

	t_ok(db_format2tao_put_do_not_finalize_media(f, true), "dnf");
	assert_true(db_format2tao_get_do_not_finalize_media(f));
	t_ok(db_format2tao_put_buffer_underrun_free_disabled(f, true), "bufe");
	assert_true(db_format2tao_get_buffer_underrun_free_disabled(f));
	t_ok(db_format2tao_put_simulate(f, true), "simulate");
	assert_true(db_format2tao_get_simulate(f));
	t_ok(db_format2tao_put_verification_level(f, DB_VERIFY_QUICK), "verify");
	assert_int_equal(db_format2tao_get_verification_level(f), DB_VERIFY_QUICK);
	/* IMAPI2 offers no full verification for TAO */
	assert_int_equal(db_format2tao_put_verification_level(f, DB_VERIFY_FULL), DB_E_INVALIDARG);
	assert_int_equal(db_format2tao_get_verification_level(f), DB_VERIFY_QUICK);

	assert_int_equal(db_format2tao_set_write_speed(f, 0, false), DB_E_INVALIDARG);
	assert_int_equal(db_format2tao_set_write_speed(f, -2, false), DB_E_INVALIDARG);
	t_ok(db_format2tao_set_write_speed(f, 300, true), "speed (not prepared: stored)");
	assert_int_equal(db_format2tao_get_requested_write_speed(f), 300);
	assert_true(db_format2tao_get_requested_rotation_type_is_pure_cav(f));
	assert_int_equal(db_format2tao_put_system_buffer(f, 100), DB_E_INVALIDARG);
	t_ok(db_format2tao_put_system_buffer(f, 1 << 20), "buffer");
	assert_string_equal(db_format2tao_action_name(DB_DF2TAO_PREPARING), "PREPARING");
	assert_string_equal(db_format2tao_action_name(DB_DF2TAO_VERIFYING), "VERIFYING");
	assert_string_equal(db_format2tao_action_name((enum db_format2tao_action)9), "UNKNOWN");
	db_format2tao_destroy(f);
	db_format2tao_destroy(NULL);
}

/* Without a recorder: PrepareMedia's own code, IDiscFormat2's
 * RECORDER_REQUIRED, the session's properties NOT_PREPARED. */
static void test_no_recorder(void **s)
{
	(void)s;
	struct db_format2tao *f = t_tao(NULL);
	t_ok(db_format2tao_put_client_name(f, T_CLIENT), "client");
	assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_DF2TAO_NO_RECORDER_SPECIFIED);
	bool b;
	enum db_media_physical_type t;
	int32_t v;
	unsigned n;
	int32_t sp[4];
	assert_int_equal(db_format2tao_get_media_physically_blank(f, &b),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2tao_get_media_heuristically_blank(f, &b),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2tao_get_current_physical_media_type(f, &t),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2tao_get_supported_write_speeds(f, sp, 4, &n),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2tao_get_number_of_existing_tracks(f, &v),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	assert_int_equal(db_format2tao_get_total_sectors_on_media(f, &v),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	assert_int_equal(db_format2tao_get_free_sectors_on_media(f, &v),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	assert_int_equal(db_format2tao_get_used_sectors_on_media(f, &v),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	uint8_t toc[16];
	size_t len;
	assert_int_equal(db_format2tao_get_expected_table_of_contents(f, toc, sizeof(toc), &len),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	struct db_stream *st = t_samples(T_SECTOR, 1);
	assert_int_equal(db_format2tao_add_audio_track(f, st), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	db_stream_close(st);
	assert_int_equal(db_format2tao_add_audio_track(f, NULL), DB_E_POINTER);
	assert_int_equal(db_format2tao_cancel_add_track(f), DB_E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS);
	assert_int_equal(db_format2tao_release_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	/* without a recorder every CD type is offered */
	enum db_media_physical_type types[DB_MEDIA_TYPE_COUNT];
	t_ok(db_format2tao_get_supported_media_types(f, types, DB_MEDIA_TYPE_COUNT, &n), "types");
	assert_int_equal(n, 2);
	assert_int_equal(types[0], DB_MEDIA_TYPE_CDR);
	assert_int_equal(types[1], DB_MEDIA_TYPE_CDRW);
	db_format2tao_destroy(f);
}

static void test_client_name_required(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(NULL);
	t_ok(db_format2tao_put_recorder(f, x->r), "recorder");
	assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID);
	db_format2tao_destroy(f);
	h_close(x);
}

/* DVD and BD media are not TAO audio media; the drive (a multi-format
 * burner) still is a TAO recorder. */
static void test_media_not_supported(void **s)
{
	(void)s;
	static const char *const profiles[] = {"dvd+rw", "dvd-r", "bd-r"};
	for (size_t i = 0; i < 3; i++) {
		struct h_disc *x = h_open(profiles[i]);
		struct db_format2tao *f = t_tao(x);
		bool b = true;
		t_ok(db_format2tao_is_current_media_supported(f, x->r, &b), "current");
		assert_false(b);
		t_ok(db_format2tao_is_recorder_supported(f, x->r, &b), "recorder");
		assert_true(b);
		assert_int_equal(db_format2tao_is_recorder_supported(f, NULL, &b), DB_E_POINTER);
		assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED);
		/* nothing held after the refusal */
		assert_int_equal(db_format2tao_release_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
		db_format2tao_destroy(f);
		h_close(x);
	}
}

/* A closed CD-R takes no track. */
static void test_complete_disc_is_not_blank(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct h_burn o = {.close = true};
	h_burn_pattern(x, 400, 3, &o);
	assert_int_equal(h_disc_info(x).disc_status, 2);
	struct db_format2tao *f = t_tao(x);
	assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK);
	bool b = true;
	t_ok(db_format2tao_get_media_physically_blank(f, &b), "blank");
	assert_false(b);
	db_format2tao_destroy(f);
	h_close(x);
}

static int n_preparing;
static void count_preparing(const struct db_format2tao_progress *p, void *ctx)
{
	(void)ctx;
	if (p->current_action == DB_DF2TAO_PREPARING) {
		assert_int_equal(p->current_track_number, 0);
		n_preparing++;
	}
}

/* PrepareMedia on a blank CD-R: exclusive access under the client name,
 * page 05h for audio TAO, the session's properties; what may not change
 * then; ReleaseMedia of an empty session gives it all back. */
static void test_prepare_and_release(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	n_preparing = 0;
	db_format2tao_set_progress(f, count_preparing, NULL);
	const char *before = db_recorder_exclusive_owner(x->r);
	char held_before[64];
	snprintf(held_before, sizeof(held_before), "%s", before ? before : "(none)");
	t_ok(db_format2tao_prepare_media(f), "prepare");
	assert_int_equal(n_preparing, 1);
	assert_string_equal(db_recorder_exclusive_owner(x->r), T_CLIENT);
	struct db_write_params w = t_page05(x);
	assert_int_equal(w.write_type, MMC_WRITE_TYPE_TAO);
	assert_int_equal(w.track_mode, 0);
	assert_int_equal(w.data_block_type, 0);
	assert_int_equal(w.multisession, 0);
	assert_true(w.bufe);
	assert_false(w.test_write);

	assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
	assert_int_equal(db_format2tao_put_recorder(f, x->r), DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
	assert_int_equal(db_format2tao_put_client_name(f, "other"),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
	assert_int_equal(db_format2tao_put_do_not_finalize_media(f, true),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
	assert_int_equal(db_format2tao_put_buffer_underrun_free_disabled(f, true),
			 DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
	assert_int_equal(db_format2tao_put_simulate(f, true), DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
	assert_int_equal(db_format2tao_cancel_add_track(f), DB_E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS);

	/* a blank disc: nothing used, all free, no TOC yet */
	int32_t total = t_i32(db_format2tao_get_total_sectors_on_media, f);
	int32_t free_ = t_i32(db_format2tao_get_free_sectors_on_media, f);
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), 0);
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 0);
	assert_int_equal(total, free_);
	assert_true(free_ > 300000); /* an 80-minute CD-R: 359,849 */
	uint8_t toc[16];
	size_t len;
	assert_int_equal(db_format2tao_get_expected_table_of_contents(f, toc, sizeof(toc), &len),
			 DB_E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC);
	assert_int_equal(db_format2tao_get_expected_table_of_contents(f, toc, sizeof(toc), NULL),
			 DB_E_POINTER);
	/* SetWriteSpeed while prepared reaches the drive at once */
	db_status st = db_format2tao_set_write_speed(f, 4 * 75, false);
	assert_true(st == DB_S_OK || st == DB_S_IMAPI_SPEEDADJUSTED);
	assert_true(db_format2tao_get_current_write_speed(f) > 0);
	unsigned n = 0;
	int32_t speeds[DB_MAX_SPEEDS];
	t_ok(db_format2tao_get_supported_write_speeds(f, speeds, DB_MAX_SPEEDS, &n), "speeds");
	assert_true(n > 0);
	struct db_write_speed ws[DB_MAX_SPEEDS];
	t_ok(db_format2tao_get_supported_write_speed_descriptors(f, ws, DB_MAX_SPEEDS, &n), "desc");
	assert_int_equal(ws[0].profile, MMC_PROFILE_CD_R);

	t_ok(db_format2tao_release_media(f), "release");
	assert_int_equal(db_format2tao_release_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
	before = db_recorder_exclusive_owner(x->r);
	assert_string_equal(before ? before : "(none)", held_before);
	/* an empty session closes nothing: the disc is still blank */
	assert_int_equal(h_disc_info(x).disc_status, 0);
	/* the session's properties are free again */
	t_ok(db_format2tao_put_do_not_finalize_media(f, true), "dnf after release");
	db_format2tao_destroy(f);
	h_close(x);
}

/* DoNotFinalizeMedia and simulation reach page 05h (multi-session 11b,
 * Test Write); destroy while prepared releases. */
static void test_page05_options(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-rw");
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_put_do_not_finalize_media(f, true), "dnf");
	t_ok(db_format2tao_put_simulate(f, true), "simulate");
	t_ok(db_format2tao_put_buffer_underrun_free_disabled(f, true), "bufe");
	t_ok(db_format2tao_prepare_media(f), "prepare");
	struct db_write_params w = t_page05(x);
	assert_int_equal(w.multisession, 3);
	assert_true(w.test_write);
	assert_false(w.bufe);
	enum db_media_physical_type t;
	t_ok(db_format2tao_get_current_physical_media_type(f, &t), "type");
	assert_int_equal(t, DB_MEDIA_TYPE_CDRW);
	db_format2tao_destroy(f); /* releases */
	const char *owner = db_recorder_exclusive_owner(x->r);
	assert_true(owner == NULL || strcmp(owner, T_CLIENT) != 0);
	h_close(x);
}

/* AddAudioTrack refuses, before any WRITE, a stream it cannot size or
 * that is not whole stereo samples. */
static void test_stream_not_supported(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_prepare_media(f), "prepare");
	assert_int_equal(db_format2tao_add_audio_track(f, NULL), DB_E_POINTER);
	assert_int_equal(t_add(f, 4 * 1000 + 2, 1), DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED);
	assert_int_equal(t_add(f, 0, 1), DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED);
	struct db_stream *u = t_samples(T_SECTOR * 10, 1);
	u->size = -1; /* a pipe: the free space cannot be checked */
	assert_int_equal(db_format2tao_add_audio_track(f, u), DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED);
	db_stream_close(u);
	/* nothing reached the disc */
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), 0);
	assert_int_equal(h_track(x, 1).nwa, 0);
	t_ok(db_format2tao_release_media(f), "release");
	assert_int_equal(h_disc_info(x).disc_status, 0);
	db_format2tao_destroy(f);
	h_close(x);
}

/* A track larger than the free space: NOT_ENOUGH_SPACE before the first
 * WRITE, the disc as it was. */
static void test_not_enough_space(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_prepare_media(f), "prepare");
	int32_t free_ = t_i32(db_format2tao_get_free_sectors_on_media, f);
	/* exactly one sector too many once the run-out is counted */
	assert_int_equal(t_add(f, (int64_t)(free_ - 1) * T_SECTOR, 1),
			 DB_E_IMAPI_DF2TAO_NOT_ENOUGH_SPACE);
	assert_int_equal(t_i32(db_format2tao_get_free_sectors_on_media, f), free_);
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 0);
	struct db_track_info ti = h_track(x, 1);
	assert_true(ti.blank);
	assert_int_equal(ti.nwa, 0);
	t_ok(db_format2tao_release_media(f), "release");
	db_format2tao_destroy(f);
	h_close(x);
}

/* An appendable CD-R with a data session: its track counts, and the
 * next track goes after the session (Used = the NWA). */
static void test_appendable_disc(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct h_burn o = {0};
	h_burn_pattern(x, 600, 5, &o);
	struct db_disc_info di = h_disc_info(x);
	assert_int_equal(di.disc_status, 1);
	int32_t nwa = h_track(x, di.last_track_last_session).nwa;
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_prepare_media(f), "prepare");
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 1);
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), nwa);
	assert_int_equal(t_i32(db_format2tao_get_total_sectors_on_media, f),
			 nwa + t_i32(db_format2tao_get_free_sectors_on_media, f));
	/* the data session's track is in the expected TOC already */
	uint8_t toc[4 + 8 * 2];
	size_t len = 0;
	t_ok(db_format2tao_get_expected_table_of_contents(f, toc, sizeof(toc), &len), "toc");
	assert_int_equal(len, 4 + 8 * 2);
	assert_int_equal(toc[3], 1);
	assert_int_equal(toc[5] & 0x0F, 0x04); /* data track */
	assert_int_equal(toc[6], 1);
	assert_int_equal(toc[14], 0xAA);
	t_ok(db_format2tao_release_media(f), "release");
	db_format2tao_destroy(f);
	h_close(x);
}

/* SetWriteSpeed's request as PrepareMedia applies it (CD-R: 4, 8, 16,
 * 24, 32, 40, 48x, CAV from 32x): a speed the drive has is taken, one it
 * has not is adjusted, pure CAV where it records CLV is a rotation
 * adjusted, both together both; and applied at once while prepared. */
static void test_write_speed_adjusted(void **s)
{
	(void)s;
	static const struct {
		int32_t sps;
		bool cav;
		db_status want;
	} cases[] = {
		{48 * 75, true, DB_S_OK},
		{8 * 75, false, DB_S_OK},
		{10 * 75, false, DB_S_IMAPI_SPEEDADJUSTED},
		{16 * 75, true, DB_S_IMAPI_ROTATIONADJUSTED},
		{10 * 75, true, DB_S_IMAPI_BOTHADJUSTED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct h_disc *x = h_open("cd-r");
		struct db_format2tao *f = t_tao(x);
		t_ok(db_format2tao_set_write_speed(f, cases[i].sps, cases[i].cav), "stored");
		db_status st = db_format2tao_prepare_media(f);
		if (st != cases[i].want)
			fail_msg("%d sectors/s, pure CAV %d: %s, expected %s", cases[i].sps,
				 cases[i].cav, db_status_name(st), db_status_name(cases[i].want));
		/* read back in whole kB/s (48x: 8467 kB/s = 3599.9 sectors/s) */
		if (st == DB_S_OK)
			assert_true(abs(db_format2tao_get_current_write_speed(f) - cases[i].sps) <= 1);
		assert_int_equal(db_format2tao_get_current_rotation_type_is_pure_cav(f),
				 cases[i].sps >= 32 * 75);
		/* while prepared: at once */
		assert_int_equal(db_format2tao_set_write_speed(f, 24 * 75, false), DB_S_OK);
		assert_true(abs(db_format2tao_get_current_write_speed(f) - 24 * 75) <= 1);
		t_ok(db_format2tao_release_media(f), "release");
		db_format2tao_destroy(f);
		h_close(x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_properties),
		cmocka_unit_test(test_no_recorder),
		cmocka_unit_test(test_client_name_required),
		cmocka_unit_test(test_media_not_supported),
		cmocka_unit_test(test_complete_disc_is_not_blank),
		cmocka_unit_test(test_prepare_and_release),
		cmocka_unit_test(test_page05_options),
		cmocka_unit_test(test_stream_not_supported),
		cmocka_unit_test(test_not_enough_space),
		cmocka_unit_test(test_appendable_disc),
		cmocka_unit_test(test_write_speed_adjusted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
