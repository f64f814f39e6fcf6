/* IDiscFormat2TrackAtOnce burning audio onto the emulated CD-R: the TAO
 * layout (each track at the NWA, 2 run-out + 150 pregap blocks between
 * tracks), padding to whole sectors and to 4 s, UsedSectorsOnMedia and
 * ExpectedTableOfContents against what the drive reports afterwards,
 * quick verification, the events, CancelAddTrack keeping a shorter
 * track, the 99-track limit, the refusals while a track is written,
 * DoNotFinalizeMedia then a DiscFormat2Data session (Enhanced CD), and a
 * simulation that leaves the disc blank; the samples read back with READ
 * CD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "format2tao_harness.h"

/* Between the last sector of one TAO track and the first of the next:
 * 2 run-out blocks and the 150-block pregap (docs/emulator-media.md). */
#define GAP (2 + 150)
#define TOC_MAX (4 + 8 * 100)

static void expect_track(struct h_disc *x, unsigned n, int32_t start, int32_t sectors)
{
	struct db_track_info ti = h_track(x, n);
	if (ti.start != start || ti.size != (uint32_t)sectors + 2 || (ti.track_mode & 0x04) ||
	    ti.blank)
		fail_msg("track %u: start %d size %u mode %u blank %d; expected start %d size %d "
			 "audio",
			 n, ti.start, ti.size, ti.track_mode, ti.blank, start, sectors + 2);
}

static void expect_last(struct db_format2tao *f, int32_t number, int32_t start, int32_t sectors)
{
	int32_t n, st, len;
	db_format2tao_last_track(f, &n, &st, &len);
	if (n != number || st != start || len != sectors)
		fail_msg("last track %d at %d, %d sectors; expected %d at %d, %d sectors", n, st, len,
			 number, start, sectors);
}

/* The drive's READ TOC after the session equals what
 * ExpectedTableOfContents said before it was closed. */
static void release_expecting_toc(struct h_disc *x, struct db_format2tao *f)
{
	uint8_t want[TOC_MAX], got[TOC_MAX];
	size_t wlen = 0;
	t_ok(db_format2tao_get_expected_table_of_contents(f, want, sizeof(want), &wlen), "toc");
	t_ok(db_format2tao_release_media(f), "release");
	size_t glen = t_read_toc(x, got, sizeof(got));
	assert_int_equal(glen, wlen);
	assert_memory_equal(got, want, wlen);
}

/* READ CD (BEh; expected sector type 001b CD-DA, user data
 * only: byte 9 = 10h) of n sectors at lba: the 2352 bytes of each sector
 * as the drive recorded them. */
static void read_cdda(struct h_disc *x, int32_t lba, uint32_t n, uint8_t *buf)
{
	struct db_cmd c;
	memset(&c, 0, sizeof(c));
	c.cdb[0] = 0xBE;
	c.cdb[1] = 1 << 2;
	mmc_put_be32(&c.cdb[2], (uint32_t)lba);
	mmc_put_be24(&c.cdb[6], n);
	c.cdb[9] = 0x10;
	c.cdb_len = 12;
	c.dir = DB_DIR_IN;
	c.buf = buf;
	c.len = (size_t)n * T_SECTOR;
	t_ok(db_device_exec(x->d, &c), "READ CD");
	assert_int_equal(c.resid, 0);
}

/* The samples of a track as written: pattern seed over bytes, then the
 * silence that pads it. */
static void expect_samples(struct h_disc *x, int32_t lba, int32_t sectors, int64_t bytes,
			   unsigned seed)
{
	uint8_t *buf = malloc((size_t)sectors * T_SECTOR);
	read_cdda(x, lba, (uint32_t)sectors, buf);
	for (int64_t i = 0; i < (int64_t)sectors * T_SECTOR; i++) {
		uint8_t want = i < bytes ? h_byte(seed, i) : 0;
		if (buf[i] != want)
			fail_msg("LBA %d + byte %lld: %u, expected %u", lba, (long long)i, buf[i], want);
	}
	free(buf);
}

/* Three tracks: one of whole sectors, one of 2 s (padded to 4 s), one
 * ending in a partial sector (padded to the next whole one). */
static void test_three_tracks_layout(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_put_verification_level(f, DB_VERIFY_QUICK), "verify");
	t_ok(db_format2tao_prepare_media(f), "prepare");
	int32_t total = t_i32(db_format2tao_get_total_sectors_on_media, f);

	t_ok(t_add(f, 750 * T_SECTOR, 1), "track 1");
	expect_last(f, 1, 0, 750);
	int32_t s2 = 750 + GAP;
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), s2);
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 1);

	t_ok(t_add(f, 150 * T_SECTOR, 2), "track 2 (2 s)");
	expect_last(f, 2, s2, 300);
	int32_t s3 = s2 + 300 + GAP;
	/* DoNotFinalizeMedia cannot change once a track is on the disc */
	assert_int_equal(db_format2tao_put_do_not_finalize_media(f, true),
			 DB_E_IMAPI_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY);

	t_ok(t_add(f, 1000 * T_SECTOR + 100, 3), "track 3 (partial sector)");
	expect_last(f, 3, s3, 1001);
	int32_t used = s3 + 1001 + GAP;
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), used);
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 3);
	/* Used + Free = Total throughout: the overhead is counted as used */
	assert_int_equal(used + t_i32(db_format2tao_get_free_sectors_on_media, f), total);

	expect_track(x, 1, 0, 750);
	expect_track(x, 2, s2, 300);
	expect_track(x, 3, s3, 1001);
	uint8_t toc[TOC_MAX];
	size_t len;
	t_ok(db_format2tao_get_expected_table_of_contents(f, toc, sizeof(toc), &len), "toc");
	assert_int_equal(len, 4 + 8 * 4);
	assert_int_equal(mmc_get_be16(toc), len - 2);
	assert_int_equal(toc[2], 1);
	assert_int_equal(toc[3], 3);
	static const int32_t starts[] = {0, 750 + GAP, 750 + GAP + 300 + GAP};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(toc[4 + 8 * i + 1], 0x10); /* ADR 1, audio */
		assert_int_equal(toc[4 + 8 * i + 2], i + 1);
		assert_int_equal((int32_t)mmc_get_be32(&toc[4 + 8 * i + 4]), starts[i]);
	}
	assert_int_equal(toc[4 + 24 + 2], 0xAA);
	/* the lead-out follows the last track's run-out */
	assert_int_equal((int32_t)mmc_get_be32(&toc[4 + 24 + 4]), s3 + 1001 + 2);
	release_expecting_toc(x, f);
	/* the samples read back exactly, the padding as silence */
	expect_samples(x, 0, 750, 750 * T_SECTOR, 1);
	expect_samples(x, s2, 300, 150 * T_SECTOR, 2);
	expect_samples(x, s3, 1001, 1000 * T_SECTOR + 100, 3);
	/* not DoNotFinalizeMedia: the disc is complete */
	assert_int_equal(h_disc_info(x).disc_status, 2);
	db_format2tao_destroy(f);
	h_close(x);
}

/* ---- events ------------------------------------------------------------------ */

#define MAX_EV 4096
struct evlog {
	unsigned n;
	struct db_format2tao_progress e[MAX_EV];
};

static void log_event(const struct db_format2tao_progress *p, void *ctx)
{
	struct evlog *l = ctx;
	if (l->n < MAX_EV)
		l->e[l->n++] = *p;
}

static bool saw(const struct evlog *l, enum db_format2tao_action a, int32_t track)
{
	for (unsigned i = 0; i < l->n; i++)
		if (l->e[i].current_action == a && l->e[i].current_track_number == track)
			return true;
	return false;
}

/* CurrentTrackNumber and CurrentAction through the session, and the
 * IWriteEngine2EventArgs figures while a track is written. */
static void test_events(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	struct evlog *l = calloc(1, sizeof(*l));
	db_format2tao_set_progress(f, log_event, l);
	t_ok(db_format2tao_put_verification_level(f, DB_VERIFY_QUICK), "verify");
	t_ok(db_format2tao_prepare_media(f), "prepare");
	t_ok(t_add(f, 900 * T_SECTOR, 1), "track 1");
	t_ok(t_add(f, 400 * T_SECTOR, 2), "track 2");
	t_ok(db_format2tao_release_media(f), "release");
	assert_true(saw(l, DB_DF2TAO_PREPARING, 0));
	assert_true(saw(l, DB_DF2TAO_WRITING, 1));
	assert_true(saw(l, DB_DF2TAO_FINISHING, 1));
	assert_true(saw(l, DB_DF2TAO_VERIFYING, 1));
	assert_true(saw(l, DB_DF2TAO_WRITING, 2));
	assert_true(saw(l, DB_DF2TAO_FINISHING, 0)); /* the session */
	assert_true(saw(l, DB_DF2TAO_VERIFYING, 0));
	int32_t last_written = -1;
	bool full_seen = false;
	for (unsigned i = 0; i < l->n; i++) {
		const struct db_format2tao_progress *p = &l->e[i];
		assert_true(p->elapsed_time >= 0 && p->remaining_time >= 0);
		if (p->current_action != DB_DF2TAO_WRITING || !p->write.sector_count)
			continue;
		if (p->current_track_number == 2) {
			assert_int_equal(p->write.start_lba, 900 + GAP);
			assert_int_equal(p->write.sector_count, 400);
			continue;
		}
		assert_int_equal(p->write.start_lba, 0);
		assert_int_equal(p->write.sector_count, 900);
		assert_true(p->write.last_written_lba > last_written);
		assert_true(p->write.last_read_lba >= p->write.last_written_lba);
		assert_int_equal(p->write.total_system_buffer,
				 p->write.used_system_buffer + p->write.free_system_buffer);
		assert_int_equal(p->action_total, 900);
		last_written = p->write.last_written_lba;
		full_seen |= p->write.last_written_lba == 899;
	}
	assert_true(full_seen);
	free(l);
	db_format2tao_destroy(f);
	h_close(x);
}

/* ---- while a track is written ------------------------------------------------ */

struct busy {
	struct db_format2tao *f;
	bool checked;
};

static void refuse_while_writing(const struct db_format2tao_progress *p, void *ctx)
{
	struct busy *b = ctx;
	if (b->checked || p->current_action != DB_DF2TAO_WRITING || !p->write.sector_count)
		return;
	b->checked = true;
	struct db_format2tao *f = b->f;
	struct db_stream *other = t_samples(T_SECTOR * 300, 9);
	assert_int_equal(db_format2tao_add_audio_track(f, other), DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS);
	db_stream_close(other);
	assert_int_equal(db_format2tao_release_media(f), DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS);
	assert_int_equal(db_format2tao_prepare_media(f), DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
	assert_int_equal(db_format2tao_put_verification_level(f, DB_VERIFY_NONE),
			 DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS);
	assert_int_equal(db_format2tao_set_write_speed(f, 150, false),
			 DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS);
	assert_int_equal(db_format2tao_put_do_not_finalize_media(f, true),
			 DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS);
	uint8_t toc[64];
	size_t len;
	assert_int_equal(db_format2tao_get_expected_table_of_contents(f, toc, sizeof(toc), &len),
			 DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS);
	/* "the sectors used before the write began" */
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), 0);
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 0);
}

static void test_refusals_while_writing(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	struct busy b = {.f = f};
	db_format2tao_set_progress(f, refuse_while_writing, &b);
	t_ok(db_format2tao_prepare_media(f), "prepare");
	t_ok(t_add(f, 600 * T_SECTOR, 1), "track");
	assert_true(b.checked);
	t_ok(db_format2tao_release_media(f), "release");
	db_format2tao_destroy(f);
	h_close(x);
}

/* ---- CancelAddTrack ------------------------------------------------------------ */

struct canceller {
	struct db_format2tao *f;
	int64_t at; /* cancel once this many sectors are written */
	int64_t written;
	db_status st;
	bool done;
};

static void cancel_at(const struct db_format2tao_progress *p, void *ctx)
{
	struct canceller *c = ctx;
	if (c->done || p->current_action != DB_DF2TAO_WRITING || !p->write.sector_count)
		return;
	c->written = (int64_t)p->write.last_written_lba - p->write.start_lba + 1;
	if (c->written >= c->at) {
		c->done = true;
		c->st = db_format2tao_cancel_add_track(c->f);
	}
}

/* Cancelled past 4 s: the part written is the track, closed; the next
 * track follows it as after any other. */
static void test_cancel_keeps_shorter_track(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	struct canceller c = {.f = f, .at = 500};
	db_format2tao_set_progress(f, cancel_at, &c);
	t_ok(db_format2tao_put_verification_level(f, DB_VERIFY_QUICK), "verify");
	t_ok(db_format2tao_prepare_media(f), "prepare");
	assert_int_equal(t_add(f, 5000 * T_SECTOR, 1), DB_E_IMAPI_REQUEST_CANCELLED);
	assert_true(c.done);
	t_ok(c.st, "CancelAddTrack");
	int32_t n, start, kept;
	db_format2tao_last_track(f, &n, &start, &kept);
	assert_int_equal(n, 1);
	assert_int_equal(start, 0);
	assert_true(kept >= 500 && kept < 5000);
	/* the counts re-read from the disc show the shorter track */
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 1);
	expect_track(x, 1, 0, kept);
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), kept + GAP);
	db_format2tao_set_progress(f, NULL, NULL);
	t_ok(t_add(f, 300 * T_SECTOR, 2), "the next track");
	expect_last(f, 2, kept + GAP, 300);
	release_expecting_toc(x, f);
	db_format2tao_destroy(f);
	h_close(x);
}

/* Cancelled before 4 s are written: the track is completed with silence
 * to 4 s, a track as short as a CD allows. */
static void test_cancel_early_pads_to_4s(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	struct canceller c = {.f = f, .at = 1};
	db_format2tao_set_progress(f, cancel_at, &c);
	t_ok(db_format2tao_prepare_media(f), "prepare");
	assert_int_equal(t_add(f, 3000 * T_SECTOR, 1), DB_E_IMAPI_REQUEST_CANCELLED);
	assert_true(c.written < 300);
	expect_last(f, 1, 0, 300);
	expect_track(x, 1, 0, 300);
	t_ok(db_format2tao_release_media(f), "release");
	assert_int_equal(h_disc_info(x).disc_status, 2);
	db_format2tao_destroy(f);
	h_close(x);
}

/* ---- the 99-track limit -------------------------------------------------------- */

static void test_track_limit(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_prepare_media(f), "prepare");
	for (int i = 1; i <= 99; i++) {
		/* one sample: padded to the 4 s minimum */
		db_status st = t_add(f, 4, (unsigned)i);
		if (st != DB_S_OK)
			fail_msg("track %d: %s", i, db_status_name(st));
	}
	assert_int_equal(t_i32(db_format2tao_get_number_of_existing_tracks, f), 99);
	int32_t used = t_i32(db_format2tao_get_used_sectors_on_media, f);
	assert_int_equal(used, 99 * (300 + GAP));
	assert_int_equal(t_add(f, 4, 100), DB_E_IMAPI_DF2TAO_TRACK_LIMIT_REACHED);
	/* refused before anything was written */
	assert_int_equal(t_i32(db_format2tao_get_used_sectors_on_media, f), used);
	release_expecting_toc(x, f);
	uint8_t toc[TOC_MAX];
	t_read_toc(x, toc, sizeof(toc));
	assert_int_equal(toc[3], 99);
	db_format2tao_destroy(f);
	h_close(x);
}

/* ---- Enhanced CD -------------------------------------------------------------- */

/* Audio with DoNotFinalizeMedia, then a data session by DiscFormat2Data:
 * two sessions, the audio tracks first, the data track last, its data
 * read back where DiscFormat2Data put it. */
static void test_enhanced_cd(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_put_do_not_finalize_media(f, true), "dnf");
	t_ok(db_format2tao_put_verification_level(f, DB_VERIFY_QUICK), "verify");
	t_ok(db_format2tao_prepare_media(f), "prepare");
	t_ok(t_add(f, 800 * T_SECTOR, 1), "track 1");
	t_ok(t_add(f, 600 * T_SECTOR, 2), "track 2");
	release_expecting_toc(x, f);
	db_format2tao_destroy(f);
	struct db_disc_info di = h_disc_info(x);
	assert_int_equal(di.disc_status, 1); /* appendable */
	assert_int_equal(di.n_sessions, 2);  /* the audio one and the empty next */

	struct h_burn o = {.verify = DB_VERIFY_FULL};
	int32_t data = h_burn_pattern(x, 700, 7, &o);
	assert_true(data > 800 + GAP + 600 + 2);
	h_expect_pattern(x, data, 0, 700, 7);

	uint8_t toc[TOC_MAX];
	t_read_toc(x, toc, sizeof(toc));
	assert_int_equal(toc[2], 1);
	assert_int_equal(toc[3], 3);
	assert_int_equal(toc[4 + 1] & 0x0F, 0);  /* track 1 audio */
	assert_int_equal(toc[12 + 1] & 0x0F, 0); /* track 2 audio */
	assert_int_equal(toc[20 + 1] & 0x04, 0x04); /* track 3 data */
	assert_int_equal((int32_t)mmc_get_be32(&toc[20 + 4]), data);
	struct db_session_info si;
	t_ok(db_mmc_read_session_info(x->d, &si), "session info");
	assert_int_equal(si.last_session, 2);
	assert_int_equal(si.first_track_last_session, 3);
	assert_int_equal(si.last_session_start, data);
	h_close(x);
}

/* ---- simulation ---------------------------------------------------------------- */

static void test_simulate_leaves_disc_blank(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2tao *f = t_tao(x);
	t_ok(db_format2tao_put_simulate(f, true), "simulate");
	t_ok(db_format2tao_prepare_media(f), "prepare");
	t_ok(t_add(f, 400 * T_SECTOR, 1), "track 1");
	t_ok(t_add(f, 400 * T_SECTOR, 2), "track 2");
	expect_last(f, 2, 0, 400);
	t_ok(db_format2tao_release_media(f), "release");
	assert_int_equal(h_disc_info(x).disc_status, 0);
	assert_true(h_track(x, 1).blank);
	db_format2tao_destroy(f);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_tracks_layout),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_refusals_while_writing),
		cmocka_unit_test(test_cancel_keeps_shorter_track),
		cmocka_unit_test(test_cancel_early_pads_to_4s),
		cmocka_unit_test(test_track_limit),
		cmocka_unit_test(test_enhanced_cd),
		cmocka_unit_test(test_simulate_leaves_disc_blank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
