/* DiscFormat2Data on every medium of media-profiles/, in-process: the
 * image reads back byte for byte and the disc reports what a real drive
 * reports after such a burn (READ DISC INFORMATION status and sessions,
 * READ TRACK INFORMATION tracks and NWA); --close (ForceMediaToBeClosed)
 * completes the disc and the next Write is refused; the refusals that
 * come before the disc is touched; CurrentAction events; the speed read
 * back; block ranges on DVD+RW; CD-RW overwrite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "format2data_harness.h"
#include "mmc/profiles.h"

#define N 1000 /* sectors: not a multiple of 16 or 32, so padding shows */

/* What the drive reports after one session of N sectors, without
 * closing the disc. Track sizes: CD holds the image, IMAPI2's 150-sector
 * postgap and 2 run-out blocks (at least 300 + 2), DVD pads to 16, BD to
 * 32; the next session starts after the medium's gap
 * (docs/emulator-media.md "Tracks", "Sessions"). nwa -1: random access. */
struct expect {
	const char *profile;
	uint8_t disc_status;
	uint32_t track_size;
	int32_t nwa;
};

static void burn_and_check(const struct expect *e)
{
	struct h_disc *x = h_open(e->profile);
	int32_t start = h_burn_pattern(x, N, 1, &(struct h_burn){.verify = DB_VERIFY_FULL});
	assert_int_equal(start, 0);
	h_reopen(x); /* the state is on the disc, not in the drive's memory */
	h_expect_pattern(x, 0, 0, N, 1);
	struct db_disc_info di = h_disc_info(x);
	assert_int_equal(di.disc_status, e->disc_status);
	struct db_track_info t1 = h_track(x, 1);
	assert_int_equal(t1.start, 0);
	assert_true(t1.lra_valid);
	assert_int_equal(t1.last_recorded, N - 1 + h_postgap(e->profile));
	if (e->nwa < 0) { /* DVD+RW, BD-RE: one session, one track, no NWA to append at */
		assert_int_equal(di.n_sessions, 1);
		assert_int_equal(di.last_track_last_session, 1);
		assert_int_equal(di.last_session_state, 3);
		h_close(x);
		return;
	}
	/* Sequential: session 1 closed, session 2 empty and open. */
	assert_int_equal(di.last_session_state, 0);
	assert_int_equal(di.n_sessions, 2);
	assert_int_equal(di.first_track_last_session, 2);
	assert_int_equal(t1.size, e->track_size);
	assert_int_equal(t1.session, 1);
	struct db_track_info t2 = h_track(x, 2);
	assert_true(t2.nwa_valid);
	assert_int_equal(t2.nwa, e->nwa);
	assert_int_equal(t2.session, 2);
	struct db_session_info si;
	assert_int_equal(db_mmc_read_session_info(x->d, &si), DB_S_OK);
	assert_int_equal(si.last_session, 1);
	assert_int_equal(si.last_session_start, 0);
	h_close(x);
}

static void test_burn_cd_r(void **s)
{
	(void)s;
	burn_and_check(&(struct expect){"cd-r", 1, 1152, 1152 + 11400});
}

static void test_burn_cd_rw(void **s)
{
	(void)s;
	burn_and_check(&(struct expect){"cd-rw", 1, 1152, 1152 + 11400});
}

static void test_burn_dvd_plus_r(void **s)
{
	(void)s;
	burn_and_check(&(struct expect){"dvd+r", 1, 1008, 1008 + 14336});
}

static void test_burn_dvd_minus_r(void **s)
{
	(void)s;
	burn_and_check(&(struct expect){"dvd-r", 1, 1008, 1008 + 28672});
}

static void test_burn_bd_r(void **s)
{
	(void)s;
	burn_and_check(&(struct expect){"bd-r", 1, 1024, 1024});
}

static void test_burn_dvd_plus_rw(void **s)
{
	(void)s;
	burn_and_check(&(struct expect){"dvd+rw", 2, 0, -1});
}

static void test_burn_bd_re(void **s)
{
	(void)s;
	burn_and_check(&(struct expect){"bd-re", 2, 0, -1});
}

/* Issue 12 item 8: Write says whether it closed a session (what makes
 * `discburn write` reload the tray on a kernel drive): every sequential
 * medium, never the random-access ones, and a new Write starts false. */
static void test_closed_session_reported(void **s)
{
	(void)s;
	static const struct {
		const char *profile;
		bool closed;
	} t[] = {{"cd-r", true}, {"cd-rw", true}, {"dvd+r", true}, {"dvd-r", true},
		 {"bd-r", true}, {"dvd+rw", false}, {"bd-re", false}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct h_disc *x = h_open(t[i].profile);
		struct db_format2data *f;
		assert_int_equal(db_format2data_create(&f), DB_S_OK);
		assert_false(db_format2data_closed_session(f));
		assert_int_equal(db_format2data_put_recorder(f, x->r), DB_S_OK);
		assert_int_equal(db_format2data_put_client_name(f, "discburn-test"), DB_S_OK);
		struct db_stream *st = h_pattern(64 * 2048, 3);
		assert_int_equal(db_format2data_write(f, st), DB_S_OK);
		db_stream_close(st);
		if (db_format2data_closed_session(f) != t[i].closed)
			fail_msg("%s: closed_session %d", t[i].profile, !t[i].closed);
		/* A Write that validation refuses closes nothing. */
		st = h_pattern((int64_t)64 << 30, 3);
		assert_int_equal(db_format2data_write(f, st),
				 DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA);
		db_stream_close(st);
		assert_false(db_format2data_closed_session(f));
		db_format2data_destroy(f);
		h_close(x);
	}
}

/* ForceMediaToBeClosed: the disc is complete with its last session
 * complete, and a further Write is refused before anything is written. */
static void close_then_refuse(const char *profile)
{
	struct h_disc *x = h_open(profile);
	h_burn_pattern(x, N, 1, &(struct h_burn){.close = true, .verify = DB_VERIFY_QUICK});
	h_reopen(x);
	struct db_disc_info di = h_disc_info(x);
	assert_int_equal(di.disc_status, 2);
	assert_int_equal(di.last_session_state, 3);
	assert_int_equal(di.n_sessions, 1);
	struct db_stream *s = h_pattern(100 * 2048, 2);
	assert_int_equal(h_write(x, s, &(struct h_burn){0}, NULL),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	db_stream_close(s);
	h_expect_pattern(x, 0, 0, N, 1);
	h_close(x);
}

static void test_close_cd_r(void **s)
{
	(void)s;
	close_then_refuse("cd-r");
}

static void test_close_dvd_plus_r(void **s)
{
	(void)s;
	close_then_refuse("dvd+r");
}

static void test_close_dvd_minus_r(void **s)
{
	(void)s;
	close_then_refuse("dvd-r");
}

static void test_close_bd_r(void **s)
{
	(void)s;
	close_then_refuse("bd-r");
}

/* IMAPI2: "the size ... must be a multiple of the sector size, 2048",
 * refused before anything reaches the drive. */
static void test_stream_not_whole_sectors(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	struct db_device_stats before, after;
	db_device_get_stats(x->d, &before);
	struct db_stream *st = h_pattern(10 * 2048 + 1, 1);
	assert_int_equal(h_write(x, st, &(struct h_burn){0}, NULL),
			 DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED);
	db_stream_close(st);
	db_device_get_stats(x->d, &after);
	assert_int_equal(after.commands, before.commands);
	h_close(x);
}

/* Larger than the free space: refused after validation, before any
 * WRITE, format or mode page; the disc stays blank. */
static void test_stream_too_large(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_stream *st = h_pattern((int64_t)400000 * 2048, 1);
	assert_int_equal(h_write(x, st, &(struct h_burn){0}, NULL),
			 DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA);
	db_stream_close(st);
	assert_int_equal(h_disc_info(x).disc_status, 0);
	h_close(x);
	x = h_open("dvd+rw"); /* unformatted: the format's size counts */
	st = h_pattern((int64_t)2400000 * 2048, 1);
	assert_int_equal(h_write(x, st, &(struct h_burn){0}, NULL),
			 DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA);
	db_stream_close(st);
	struct db_format_capacities fc;
	assert_int_equal(db_mmc_read_format_capacities(x->d, &fc), DB_S_OK);
	assert_int_equal(fc.current.type, 1); /* still unformatted */
	h_close(x);
}

static void test_client_name_required(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, x->r), DB_S_OK);
	struct db_stream *st = h_pattern(16 * 2048, 1);
	assert_int_equal(db_format2data_write(f, st), DB_E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID);
	assert_int_equal(db_format2data_put_client_name(f, "bad/name"),
			 DB_E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID);
	assert_int_equal(db_format2data_cancel(f), DB_S_IMAPI_WRITE_NOT_IN_PROGRESS);
	db_stream_close(st);
	db_format2data_destroy(f);
	h_close(x);
}

struct action_log {
	enum db_format2data_action seq[64];
	unsigned n;
	unsigned write_events;
	int32_t last_written;
	bool times_ok;
};

static void log_action(const struct db_format2data_progress *p, void *ctx)
{
	struct action_log *l = ctx;
	if (l->n == 0 || l->seq[l->n - 1] != p->current_action)
		l->seq[l->n++ < 63 ? l->n - 1 : 63] = p->current_action;
	if (p->elapsed_time < 0 || p->remaining_time < 0 ||
	    p->total_time != p->elapsed_time + p->remaining_time)
		l->times_ok = false;
	if (p->current_action == DB_DF2D_WRITING_DATA && p->write.sector_count) {
		assert_int_equal(p->write.sector_count, N);
		assert_true(p->write.last_written_lba > l->last_written);
		assert_true(p->write.last_read_lba >= p->write.last_written_lba);
		assert_int_equal(p->write.total_system_buffer,
				 p->write.used_system_buffer + p->write.free_system_buffer);
		l->last_written = p->write.last_written_lba;
		l->write_events++;
	}
}

/* IMAPI_FORMAT2_DATA_WRITE_ACTION in the order a blank DVD+RW goes
 * through them; the write events carry the WriteEngine2 figures. */
static void test_actions_in_order(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	struct action_log l = {.last_written = -1, .times_ok = true};
	h_burn_pattern(x, N, 1, &(struct h_burn){.verify = DB_VERIFY_FULL,
						 .progress = log_action, .ctx = &l});
	static const enum db_format2data_action want[] = {
		DB_DF2D_VALIDATING_MEDIA, DB_DF2D_FORMATTING_MEDIA, DB_DF2D_INITIALIZING_HARDWARE,
		DB_DF2D_CALIBRATING_POWER, DB_DF2D_WRITING_DATA, DB_DF2D_FINALIZATION,
		DB_DF2D_VERIFYING, DB_DF2D_COMPLETED,
	};
	assert_int_equal(l.n, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < l.n; i++)
		assert_string_equal(db_format2data_action_name(l.seq[i]),
				    db_format2data_action_name(want[i]));
	assert_true(l.write_events >= 2);
	assert_int_equal(l.last_written, N - 1);
	assert_true(l.times_ok);
	assert_int_equal(DB_DF2D_VERIFYING, 7);
	h_close(x);
}

/* The CD-R profile writes at 4, 8, 16, ... x: 16x is taken as asked,
 * 5x is snapped by the drive (S_IMAPI_SPEEDADJUSTED, still a success). */
static void test_speed_set_and_adjusted(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	struct db_stream *st = h_pattern(300 * 2048, 1);
	assert_int_equal(h_write(x, st, &(struct h_burn){.speed_sps = 16 * 75}, NULL), DB_S_OK);
	db_stream_close(st);
	st = h_pattern(300 * 2048, 2);
	assert_int_equal(h_write(x, st, &(struct h_burn){.speed_sps = 5 * 75}, NULL),
			 DB_S_IMAPI_SPEEDADJUSTED);
	db_stream_close(st);
	h_close(x);
}

/* Every speed a DVD/BD profile lists is taken as asked in whole
 * sectors/s (IMAPI's unit): DVD 16x is 10820.3 sectors/s, so the request
 * arrives as 10820 and must not fall below the drive's 16x (it fell to
 * 12x while kB/s were rounded to nearest; found by bench/run). */
static void test_fractional_speeds_not_snapped_down(void **s)
{
	(void)s;
	static const struct {
		const char *profile;
		double x, one_x_bytes;
	} rows[] = {{"dvd+r", 16, 1385000}, {"dvd+r", 2.4, 1385000}, {"dvd-r", 16, 1385000},
		    {"bd-r", 12, 4495625}, {"bd-r", 2, 4495625}};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct h_disc *x = h_open(rows[i].profile);
		int32_t sps = (int32_t)(rows[i].x * rows[i].one_x_bytes / 2048);
		struct db_stream *st = h_pattern(64 * 2048, 1);
		db_status got = h_write(x, st, &(struct h_burn){.speed_sps = sps}, NULL);
		if (got != DB_S_OK)
			fail_msg("%s at %.1fx (%d sectors/s): %s", rows[i].profile, rows[i].x, sps,
				 db_status_name(got));
		db_stream_close(st);
		h_close(x);
	}
}

/* IBlockRangeList on DVD+RW: only the listed sectors of the new image are
 * recorded, the rest keeps the old one. */
static void test_block_ranges_dvd_plus_rw(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	h_burn_pattern(x, N, 1, &(struct h_burn){0});
	static const struct db_block_range r[] = {{64, 127}, {500, 531}, {990, 999}};
	struct db_block_range_list l = {r, 3};
	h_burn_pattern(x, N, 2, &(struct h_burn){.ranges = &l, .verify = DB_VERIFY_FULL});
	h_expect_pattern(x, 0, 0, 64, 1);
	h_expect_pattern(x, 64, 64, 64, 2);
	h_expect_pattern(x, 128, 128, 372, 1);
	h_expect_pattern(x, 500, 500, 32, 2);
	h_expect_pattern(x, 532, 532, 458, 1);
	h_expect_pattern(x, 990, 990, 10, 2);
	/* Ranges alone onto a freshly formatted disc verify too: the track
	 * ends at the last range, not at the end of the image. */
	struct h_disc *y = h_open("bd-re");
	struct db_block_range_list first_two = {r, 2};
	h_burn_pattern(y, N, 4, &(struct h_burn){.ranges = &first_two, .verify = DB_VERIFY_FULL});
	h_expect_pattern(y, 500, 500, 32, 4);
	h_close(y);
	static const struct db_block_range bad[] = {{500, 531}, {64, 127}};
	struct db_block_range_list lb = {bad, 2};
	struct db_stream *st = h_pattern(N * 2048, 3);
	assert_int_equal(h_write(x, st, &(struct h_burn){.ranges = &lb}, NULL), DB_E_INVALIDARG);
	db_stream_close(st);
	h_close(x);
}

/* A complete CD-RW is not blank: refused without ForceOverwrite, blanked
 * and written from sector 0 with it. */
static void test_cd_rw_force_overwrite(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-rw");
	h_burn_pattern(x, N, 1, &(struct h_burn){.close = true});
	struct db_stream *st = h_pattern(500 * 2048, 2);
	assert_int_equal(h_write(x, st, &(struct h_burn){0}, NULL),
			 DB_E_IMAPI_DF2DATA_MEDIA_NOT_BLANK);
	db_stream_close(st);
	int32_t start = h_burn_pattern(x, 500, 2, &(struct h_burn){.force_overwrite = true,
								  .verify = DB_VERIFY_FULL});
	assert_int_equal(start, 0);
	h_expect_pattern(x, 0, 0, 500, 2);
	struct db_disc_info di = h_disc_info(x);
	assert_int_equal(di.disc_status, 1);
	assert_int_equal(di.n_sessions, 2); /* the new one, closed, and an empty one */
	h_close(x);
}

/* Lock State, mode page 2Ah byte 6 bit 1 (MMC-3 6.3.11). */
static bool tray_locked(struct h_disc *x)
{
	uint8_t *buf;
	size_t len, plen;
	assert_int_equal(db_mmc_mode_sense10(x->d, 0x2A, &buf, &len), DB_S_OK);
	const uint8_t *pg = db_mode_page_find(buf, len, 0x2A, &plen);
	assert_non_null(pg);
	bool locked = pg[6] & 0x02;
	free(buf);
	return locked;
}

/* Mode page 05h as the burn left it: write type per medium, BUFE unless
 * BufferUnderrunFreeDisabled, multi-session 11b unless the disc is closed. */
static struct db_write_params params_after(const char *profile, const struct h_burn *o)
{
	struct h_disc *x = h_open(profile);
	h_burn_pattern(x, 64, 1, o);
	struct db_write_params w;
	assert_int_equal(db_mmc_get_write_params(x->d, &w), DB_S_OK);
	h_close(x);
	return w;
}

static void test_page05_per_medium(void **s)
{
	(void)s;
	struct db_write_params w = params_after("cd-r", &(struct h_burn){0});
	assert_int_equal(w.write_type, 1); /* TAO */
	assert_int_equal(w.data_block_type, 8);
	assert_int_equal(w.multisession, 3);
	assert_true(w.bufe);
	w = params_after("cd-rw", &(struct h_burn){.close = true, .no_burnfree = true});
	assert_int_equal(w.write_type, 1);
	assert_int_equal(w.multisession, 0);
	assert_false(w.bufe);
	w = params_after("dvd-r", &(struct h_burn){0});
	assert_int_equal(w.write_type, 0); /* incremental */
	assert_int_equal(w.multisession, 3);
	w = params_after("bd-r", &(struct h_burn){.no_burnfree = true});
	assert_false(w.bufe);
}

/* PostgapAlreadyInImage: the image is the whole track (300 + 2 run-out
 * for a short one); the postgap it carries itself reads back as sent. */
static void test_postgap_already_in_image(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-r");
	h_burn_pattern(x, N, 1, &(struct h_burn){.postgap_in_image = true,
						 .verify = DB_VERIFY_FULL});
	struct db_track_info t1 = h_track(x, 1);
	assert_int_equal(t1.last_recorded, N - 1);
	assert_int_equal(t1.size, N + 2);
	h_close(x);
	x = h_open("cd-r"); /* the default: 150 zero sectors follow the image */
	h_burn_pattern(x, N, 1, &(struct h_burn){0});
	uint8_t buf[2048], zero[2048] = {0};
	assert_int_equal(db_mmc_read(x->d, N + 149, 1, buf), DB_S_OK);
	assert_memory_equal(buf, zero, sizeof(buf));
	h_close(x);
}

/* A medium no burn goes to (a DVD-ROM: the DVD+R profile renumbered
 * 0010h in a private profile directory) is refused while validating. */
static void test_medium_not_supported(void **s)
{
	(void)s;
	struct h_disc *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/f2d-rom-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "sed 's/^profile = 0x001B/profile = 0x0010/' %s/dvd+r.ini > %s/dvd-rom.ini",
		 DISCBURN_PROFILES_DIR, x->dir);
	assert_int_equal(system(cmd), 0);
	setenv("MMCEMU_PROFILES_DIR", x->dir, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	h_open_named(x, "dvd-rom");
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	uint16_t profile;
	assert_int_equal(db_recorder_current_profile(x->r, &profile), DB_S_OK);
	assert_int_equal(profile, 0x0010);
	struct db_stream *st = h_pattern(64 * 2048, 1);
	assert_int_equal(h_write(x, st, &(struct h_burn){0}, NULL),
			 DB_E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED);
	db_stream_close(st);
	h_close(x);
}

struct cancel_ctx {
	struct db_format2data *f;
	struct h_disc *x;
	bool locked_while_writing;
	bool cancelled;
	enum db_format2data_action last;
};

static void cancel_mid_write(const struct db_format2data_progress *p, void *ctx)
{
	struct cancel_ctx *c = ctx;
	c->last = p->current_action;
	if (p->current_action == DB_DF2D_WRITING_DATA)
		c->locked_while_writing = tray_locked(c->x);
	if (p->current_action == DB_DF2D_WRITING_DATA && p->write.last_written_lba >= 255 &&
	    !c->cancelled) {
		c->cancelled = true;
		assert_int_equal(db_format2data_cancel(c->f), DB_S_OK);
	}
}

/* CancelWrite in the middle of the data: Write ends with
 * E_IMAPI_REQUEST_CANCELLED within one command, nothing is finalized,
 * the tray is unlocked (the disc can be ejected). */
static void test_cancel_mid_write(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	struct cancel_ctx c = {.x = x};
	assert_int_equal(db_format2data_create(&c.f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(c.f, x->r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(c.f, "discburn-test"), DB_S_OK);
	db_format2data_set_progress(c.f, cancel_mid_write, &c);
	struct db_stream *st = h_pattern(4096 * 2048, 1);
	assert_int_equal(db_format2data_write(c.f, st), DB_E_IMAPI_REQUEST_CANCELLED);
	db_stream_close(st);
	assert_true(c.cancelled);
	assert_true(c.locked_while_writing);
	assert_int_equal(c.last, DB_DF2D_WRITING_DATA); /* no FINALIZATION after it */
	assert_int_equal(db_format2data_cancel(c.f), DB_S_IMAPI_WRITE_NOT_IN_PROGRESS);
	db_format2data_destroy(c.f);
	assert_false(tray_locked(x));
	h_close(x);
}

/* DVD+RW: the background format FORMAT UNIT 26h started is stopped the
 * compatible way after a burn (BG format status 01b), and completed with
 * ForceMediaToBeClosed (11b), MMC-6 6.21.3.1.13. */
static void test_dvd_plus_rw_background_format(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	h_burn_pattern(x, N, 1, &(struct h_burn){0});
	assert_int_equal(h_disc_info(x).bg_format_status, 1);
	h_close(x);
	x = h_open("dvd+rw");
	h_burn_pattern(x, N, 1, &(struct h_burn){.close = true});
	assert_int_equal(h_disc_info(x).bg_format_status, 3);
	h_expect_pattern(x, 0, 0, N, 1);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burn_cd_r),
		cmocka_unit_test(test_closed_session_reported),
		cmocka_unit_test(test_burn_cd_rw),
		cmocka_unit_test(test_burn_dvd_plus_r),
		cmocka_unit_test(test_burn_dvd_minus_r),
		cmocka_unit_test(test_burn_bd_r),
		cmocka_unit_test(test_burn_dvd_plus_rw),
		cmocka_unit_test(test_burn_bd_re),
		cmocka_unit_test(test_close_cd_r),
		cmocka_unit_test(test_close_dvd_plus_r),
		cmocka_unit_test(test_close_dvd_minus_r),
		cmocka_unit_test(test_close_bd_r),
		cmocka_unit_test(test_stream_not_whole_sectors),
		cmocka_unit_test(test_stream_too_large),
		cmocka_unit_test(test_client_name_required),
		cmocka_unit_test(test_actions_in_order),
		cmocka_unit_test(test_speed_set_and_adjusted),
		cmocka_unit_test(test_fractional_speeds_not_snapped_down),
		cmocka_unit_test(test_block_ranges_dvd_plus_rw),
		cmocka_unit_test(test_cd_rw_force_overwrite),
		cmocka_unit_test(test_cancel_mid_write),
		cmocka_unit_test(test_page05_per_medium),
		cmocka_unit_test(test_postgap_already_in_image),
		cmocka_unit_test(test_medium_not_supported),
		cmocka_unit_test(test_dvd_plus_rw_background_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
