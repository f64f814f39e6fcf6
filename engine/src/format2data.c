/* DiscFormat2Data: the object, its properties, the events, and Write as
 * the sequence of its steps (format2data_validate.c, _prepare.c,
 * _finalize.c, verify.c). */
#include <stdlib.h>
#include <string.h>

#include "format2data_internal.h"
#include "inhibit.h"

#define DEFAULT_SYSTEM_BUFFER (8u << 20)
#define SKIP_CHUNK (64u * 1024u)

static const char *const action_names[] = {
	[DB_DF2D_VALIDATING_MEDIA] = "VALIDATING_MEDIA",
	[DB_DF2D_FORMATTING_MEDIA] = "FORMATTING_MEDIA",
	[DB_DF2D_INITIALIZING_HARDWARE] = "INITIALIZING_HARDWARE",
	[DB_DF2D_CALIBRATING_POWER] = "CALIBRATING_POWER",
	[DB_DF2D_WRITING_DATA] = "WRITING_DATA",
	[DB_DF2D_FINALIZATION] = "FINALIZATION",
	[DB_DF2D_COMPLETED] = "COMPLETED",
	[DB_DF2D_VERIFYING] = "VERIFYING",
};

const char *db_format2data_action_name(enum db_format2data_action a)
{
	return (unsigned)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a]
									     : "UNKNOWN";
}

db_status db_format2data_create(struct db_format2data **out)
{
	struct db_format2data *f = calloc(1, sizeof(*f));
	if (!f)
		return DB_E_OUTOFMEMORY;
	f->requested_sps = -1;
	f->current_sps = -1;
	f->verify_failed_lba = -1;
	f->system_buffer = DEFAULT_SYSTEM_BUFFER;
	db_status st = db_write_engine_create(&f->engine);
	if (db_failed(st)) {
		free(f);
		return st;
	}
	*out = f;
	return DB_S_OK;
}

void db_format2data_destroy(struct db_format2data *f)
{
	if (!f)
		return;
	db_write_engine_destroy(f->engine);
	free(f);
}

/* Properties cannot change under a running Write (IMAPI2 answers
 * E_IMAPI_DF2DATA_WRITE_IN_PROGRESS). */
#define REFUSE_WHILE_WRITING(f)                                \
	do {                                                   \
		if (atomic_load(&(f)->in_progress))            \
			return DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS; \
	} while (0)

db_status db_format2data_put_recorder(struct db_format2data *f, struct db_recorder *r)
{
	REFUSE_WHILE_WRITING(f);
	f->recorder = r;
	return db_write_engine_put_recorder(f->engine, r);
}

static bool client_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == ' ' || c == '_' || c == '-' || c == '.';
}

bool df2d__client_name_ok(const char *name, size_t cap)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!client_char_ok(name[i]))
			return false;
	return true;
}

db_status db_format2data_put_client_name(struct db_format2data *f, const char *name)
{
	REFUSE_WHILE_WRITING(f);
	if (!df2d__client_name_ok(name, sizeof(f->client)))
		return DB_E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID;
	memcpy(f->client, name, strlen(name) + 1);
	return DB_S_OK;
}

db_status db_format2data_put_force_overwrite(struct db_format2data *f, bool on)
{
	REFUSE_WHILE_WRITING(f);
	f->force_overwrite = on;
	return DB_S_OK;
}

db_status db_format2data_put_force_media_to_be_closed(struct db_format2data *f, bool on)
{
	REFUSE_WHILE_WRITING(f);
	f->force_close = on;
	return DB_S_OK;
}

db_status db_format2data_put_buffer_underrun_free_disabled(struct db_format2data *f, bool on)
{
	REFUSE_WHILE_WRITING(f);
	f->bufe_disabled = on;
	return DB_S_OK;
}

db_status db_format2data_put_simulate(struct db_format2data *f, bool on)
{
	REFUSE_WHILE_WRITING(f);
	f->simulate = on;
	return DB_S_OK;
}

bool db_format2data_get_simulate(const struct db_format2data *f)
{
	return f->simulate;
}

/* Test Write is a field of page 05h (MMC-6 7.5.4), so only the media
 * written through page 05h have it: CD-R/RW, DVD-R/-RW sequential (the
 * profile list's P05 media). DVD+R/+RW and BD have no test write; drives
 * reject or ignore the bit there (libburn and growisofs refuse a dummy
 * burn on them). */
bool db_format2data_profile_can_simulate(uint16_t profile)
{
	return mmc_profile_is(profile, MMC_PA_P05);
}

db_status db_format2data_put_postgap_already_in_image(struct db_format2data *f, bool on)
{
	REFUSE_WHILE_WRITING(f);
	f->postgap_in_image = on;
	return DB_S_OK;
}

db_status db_format2data_put_disable_consumer_dvd_compatibility_mode(struct db_format2data *f,
								     bool on)
{
	REFUSE_WHILE_WRITING(f);
	f->no_dvd_compat = on;
	return DB_S_OK;
}

db_status db_format2data_put_verification_level(struct db_format2data *f,
						enum db_verification_level v)
{
	REFUSE_WHILE_WRITING(f);
	if (v != DB_VERIFY_NONE && v != DB_VERIFY_QUICK && v != DB_VERIFY_FULL)
		return DB_E_INVALIDARG;
	f->verify = v;
	return DB_S_OK;
}

db_status db_format2data_set_write_speed(struct db_format2data *f, int32_t sps, bool pure_cav)
{
	REFUSE_WHILE_WRITING(f);
	if (sps < -1 || sps == 0)
		return DB_E_INVALIDARG;
	f->requested_sps = sps;
	f->pure_cav = pure_cav;
	return DB_S_OK;
}

int32_t db_format2data_get_current_write_speed(const struct db_format2data *f)
{
	return f->current_sps;
}

bool db_format2data_get_current_rotation_is_pure_cav(const struct db_format2data *f)
{
	return f->current_cav;
}

db_status db_format2data_put_system_buffer(struct db_format2data *f, size_t bytes)
{
	REFUSE_WHILE_WRITING(f);
	f->system_buffer = bytes;
	return DB_S_OK;
}

void db_format2data_set_progress(struct db_format2data *f, db_format2data_progress_fn fn,
				 void *ctx)
{
	f->progress = fn;
	f->progress_ctx = ctx;
}

void db_format2data_last_extent(const struct db_format2data *f, int32_t *start, int32_t *n)
{
	*start = f->last_start;
	*n = f->last_sectors;
}

bool db_format2data_closed_session(const struct db_format2data *f)
{
	return f->closed_session;
}

db_status db_format2data_cancel(struct db_format2data *f)
{
	if (!atomic_load(&f->in_progress))
		return DB_S_IMAPI_WRITE_NOT_IN_PROGRESS;
	atomic_store(&f->cancel, true);
	(void)db_write_engine_cancel(f->engine);
	return DB_S_OK;
}

bool df2d__cancelled(struct db_format2data *f)
{
	return atomic_load(&f->cancel);
}

/* ---- events ------------------------------------------------------------ */

static uint64_t ms_since_write(struct db_format2data *f)
{
	return db_device_now_ms(db_recorder_device(f->recorder)) - f->t0_ms;
}

/* Remaining time is known only where the action has a measurable rate:
 * the rest of the action at the rate it has had so far. */
static int32_t remaining_s(int64_t done, int64_t total, uint64_t action_ms)
{
	if (done <= 0 || total <= done || action_ms == 0)
		return 0;
	return (int32_t)((double)(total - done) * (double)action_ms / (double)done / 1000.0 + 0.5);
}

void df2d__event(struct db_format2data *f, enum db_format2data_action a, int64_t done,
		 int64_t total, const struct db_write_progress *w)
{
	uint64_t now = ms_since_write(f);
	if (a != f->action || now < f->action_t0_ms)
		f->action_t0_ms = now;
	f->action = a;
	if (!f->progress)
		return;
	struct db_format2data_progress p = {.current_action = a, .action_done = done,
					    .action_total = total};
	if (w)
		p.write = *w;
	p.elapsed_ms = now;
	p.elapsed_time = (int32_t)(p.elapsed_ms / 1000);
	p.remaining_time = remaining_s(done, total, w ? w->elapsed_ms : now - f->action_t0_ms);
	p.total_time = p.elapsed_time + p.remaining_time;
	f->progress(&p, f->progress_ctx);
}

static void on_poll(int progress, void *ctx)
{
	struct db_format2data *f = ctx;
	df2d__event(f, f->action, progress < 0 ? 0 : progress, 65536, NULL);
}

db_status df2d__wait(struct db_format2data *f)
{
	return db_mmc_wait_while_busy(db_recorder_device(f->recorder), DF2D_BUSY_MAX_MS,
				      DF2D_POLL_MS, on_poll, f);
}

static void on_write(const struct db_write_progress *w, void *ctx)
{
	int64_t done = (int64_t)w->last_written_lba - w->start_lba + 1;
	df2d__event(ctx, DB_DF2D_WRITING_DATA, done, w->sector_count, w);
}

/* ---- writing ----------------------------------------------------------- */

/* MsftStreamZero (stream.h) of that many sectors: the postgap and the
 * erase's zero fill. */
db_status df2d__zero_stream(int32_t sectors, struct db_stream **out)
{
	db_status st = db_stream_zero_create(out);
	if (db_succeeded(st))
		st = db_stream_set_size(*out, (int64_t)sectors * 2048);
	if (db_failed(st)) {
		db_stream_close(*out);
		*out = NULL;
	}
	return st;
}

/* The CD postgap: 150 sectors of zeros right after the image, in the
 * same track, so a reader's read-ahead past the file system's end finds
 * data rather than the TAO run-out (IMAPI2 PostgapAlreadyInImage). */
static db_status write_postgap(struct db_format2data *f, const struct df2d_plan *p)
{
	struct db_stream *z;
	db_status st = df2d__zero_stream(p->postgap, &z);
	if (db_failed(st))
		return st;
	st = db_write_engine_write_section(f->engine, z, p->start_lba + p->n_blocks, p->postgap);
	db_stream_close(z);
	return st;
}

static db_status skip_sectors(struct db_stream *s, int64_t sectors)
{
	static const size_t chunk = SKIP_CHUNK;
	uint8_t *buf = malloc(chunk);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	int64_t left = sectors * 2048;
	db_status st = DB_S_OK;
	while (left > 0 && db_succeeded(st)) {
		size_t got = 0;
		bool eof = false;
		st = db_stream_read(s, buf, left < (int64_t)chunk ? (size_t)left : chunk, &got, &eof);
		left -= (int64_t)got;
		if (db_succeeded(st) && eof && left > 0)
			st = DB_ERROR_HANDLE_EOF;
	}
	free(buf);
	return st;
}

/* IBlockRangeList on random-access media: each range is one WriteSection
 * at its own LBA; the sectors in between are read from the stream and
 * dropped (a stream cannot seek), unhashed. */
static db_status write_ranges(struct db_format2data *f, struct db_stream *s,
			      struct df2d_tap *tap, const struct db_block_range_list *l)
{
	int64_t pos = 0;
	db_status st = DB_S_OK;
	for (size_t i = 0; i < l->count && db_succeeded(st); i++) {
		const struct db_block_range *r = &l->ranges[i];
		/* WriteSection clears the engine's cancel flag when it starts:
		 * a cancel between two ranges is ours to see. */
		if (df2d__cancelled(f))
			return DB_E_IMAPI_REQUEST_CANCELLED;
		if (tap)
			df2d__tap_enable(tap, false);
		st = skip_sectors(s, r->start_lba - pos);
		if (tap)
			df2d__tap_enable(tap, true);
		if (db_succeeded(st))
			st = db_write_engine_write_section(f->engine, s, r->start_lba,
							   r->end_lba - r->start_lba + 1);
		pos = (int64_t)r->end_lba + 1;
	}
	return st;
}

static db_status write_data(struct db_format2data *f, const struct df2d_plan *p,
			    struct db_stream *s, struct df2d_tap *tap,
			    const struct db_block_range_list *ranges)
{
	bool sw = false;
	/* WRITE(12) with the streaming bit only where the drive says it
	 * takes it (feature 0107h current with SW=1), as libburn decides. */
	(void)db_recorder_streaming_write_supported(f->recorder, &sw);
	db_status st = db_write_engine_put_use_streaming_write12(f->engine, sw);
	if (db_succeeded(st))
		st = db_write_engine_put_system_buffer(f->engine, f->system_buffer);
	if (db_failed(st))
		return st;
	db_write_engine_set_progress(f->engine, on_write, f);
	df2d__event(f, DB_DF2D_WRITING_DATA, 0, p->n_blocks, NULL);
	if (ranges && p->random_access)
		return write_ranges(f, s, tap, ranges);
	st = db_write_engine_write_section(f->engine, s, p->start_lba, p->n_blocks);
	if (db_succeeded(st) && p->postgap && !df2d__cancelled(f))
		st = write_postgap(f, p);
	return st;
}

static bool cancel_check(void *ctx)
{
	return df2d__cancelled(ctx);
}

/* Steps after validation; each one stops the burn on failure. */
static db_status burn(struct db_format2data *f, struct df2d_plan *p, struct db_stream *s,
		      struct df2d_tap *tap, const struct db_block_range_list *ranges,
		      struct df2d_adjusted *adjusted)
{
	struct db_device *d = db_recorder_device(f->recorder);
	db_status st = df2d__format(f, p);
	if (db_succeeded(st) && p->blank_first) /* a blank CD-RW now: its NWA is 0 */
		st = df2d__validate(f, p->n_blocks, p);
	if (db_succeeded(st) && !df2d__cancelled(f))
		st = df2d__init_hardware(f, p, adjusted);
	if (db_succeeded(st) && !df2d__cancelled(f))
		st = df2d__calibrate(f, p);
	if (db_succeeded(st) && !df2d__cancelled(f))
		st = write_data(f, p, s, tap, ranges);
	/* WriteSection clears the device's cancel check when it ends. */
	db_device_set_cancel_check(d, cancel_check, f);
	if (db_succeeded(st) && df2d__cancelled(f))
		st = DB_E_IMAPI_REQUEST_CANCELLED;
	/* Nothing was recorded: nothing to close (cdrecord -dummy does not
	 * fixate) and nothing to verify. */
	if (f->simulate)
		return st;
	if (db_succeeded(st))
		st = df2d__finalize(f, p);
	if (db_succeeded(st))
		st = df2d__verify(f, tap, p, p->random_access ? ranges : NULL);
	return st;
}

static db_status check_ready(struct db_format2data *f)
{
	if (!f->recorder)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	if (!f->client[0])
		return DB_E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID;
	return DB_S_OK;
}

static db_status run_write(struct db_format2data *f, struct db_stream *s,
			   const struct db_block_range_list *ranges, int32_t n_blocks)
{
	struct df2d_plan plan;
	f->closed_session = false;
	df2d__event(f, DB_DF2D_VALIDATING_MEDIA, 0, 0, NULL);
	db_status st = db_recorder_acquire_exclusive(f->recorder, f->client);
	if (db_succeeded(st))
		st = df2d__validate(f, n_blocks, &plan);
	/* A simulation touches nothing: refused before the first command
	 * that would change the drive or the disc. */
	if (db_succeeded(st) && f->simulate &&
	    (!db_format2data_profile_can_simulate(plan.profile) || plan.needs_format ||
	     plan.blank_first))
		st = DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE;
	if (db_failed(st))
		return st;
	struct df2d_tap *tap = NULL;
	struct db_stream *src = s;
	/* A simulated burn has nothing to read back. */
	if (f->verify != DB_VERIFY_NONE && !f->simulate)
		st = df2d__tap_create(s, f->verify, n_blocks, &tap, &src);
	struct df2d_adjusted adjusted = {0};
	if (db_succeeded(st)) {
		f->last_start = plan.start_lba;
		f->last_sectors = n_blocks;
		st = burn(f, &plan, src, tap, ranges, &adjusted);
	}
	if (tap)
		df2d__tap_destroy(tap, src);
	/* Unlock the tray whatever happened. */
	(void)db_mmc_prevent_allow(db_recorder_device(f->recorder), false);
	if (db_succeeded(st))
		df2d__event(f, DB_DF2D_COMPLETED, 1, 1, NULL);
	if (db_failed(st))
		return st;
	/* IMAPI2 IDiscFormat2Data::Write's success codes for a drive that
	 * changed SetWriteSpeed's request. */
	return df2d__adjusted_status(&adjusted, st);
}

db_status db_format2data_write_ranges(struct db_format2data *f, struct db_stream *s,
				      const struct db_block_range_list *ranges)
{
	int32_t n_blocks;
	db_status st = check_ready(f);
	/* Before anything touches the disc: IMAPI2's first refusal. */
	if (db_succeeded(st))
		st = df2d__stream_blocks(s, &n_blocks);
	if (db_succeeded(st) && ranges)
		st = db_block_range_list_check(ranges, n_blocks);
	if (db_failed(st))
		return st;
	bool idle = false;
	if (!atomic_compare_exchange_strong(&f->in_progress, &idle, true))
		return DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
	atomic_store(&f->cancel, false);
	f->verify_failed_lba = -1;
	struct db_device *d = db_recorder_device(f->recorder);
	f->t0_ms = db_device_now_ms(d);
	f->action = DB_DF2D_VALIDATING_MEDIA;
	f->action_t0_ms = 0;
	db_device_set_cancel_check(d, cancel_check, f);
	/* Write takes exclusive access under its client name; afterwards the
	 * caller holds what it held before (IMAPI2 releases it too). */
	struct db_exclusive_hold hold;
	db_recorder_save_exclusive(f->recorder, &hold);
	db__inhibit_take(f->client); /* no sleep mid-burn (inhibit.h) */
	/* Nothing else reacts to the medium while it changes (DisableMcn:
	 * the kernel's media polling stops). Best effort: without root the
	 * knob cannot be written, and the burn goes on as it would. */
	bool mcn_off = db_succeeded(db_recorder_disable_mcn(f->recorder));
	st = run_write(f, s, ranges, n_blocks);
	if (mcn_off)
		(void)db_recorder_enable_mcn(f->recorder);
	db__inhibit_release();
	(void)db_recorder_restore_exclusive(f->recorder, &hold);
	db_device_set_cancel_check(d, NULL, NULL);
	atomic_store(&f->in_progress, false);
	return st;
}

db_status db_format2data_write(struct db_format2data *f, struct db_stream *s)
{
	return db_format2data_write_ranges(f, s, NULL);
}
