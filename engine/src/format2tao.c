/* DiscFormat2TrackAtOnce: the object, its put properties, SetWriteSpeed
 * and the events. The session is in format2tao_session.c, the tracks in
 * format2tao_track.c, the read-only properties in format2tao_query.c. */
#include <stdlib.h>
#include <string.h>

#include "format2tao_internal.h"

#define DEFAULT_SYSTEM_BUFFER (8u << 20)
/* Longest one Immed close or flush may take, and how often we ask. */
#define TAO_BUSY_MAX_MS (3600u * 1000u)
#define TAO_POLL_MS 50u

static const char *const action_names[] = {
	[DB_DF2TAO_UNKNOWN] = "UNKNOWN",     [DB_DF2TAO_PREPARING] = "PREPARING",
	[DB_DF2TAO_WRITING] = "WRITING",     [DB_DF2TAO_FINISHING] = "FINISHING",
	[DB_DF2TAO_VERIFYING] = "VERIFYING",
};

const char *db_format2tao_action_name(enum db_format2tao_action a)
{
	return (unsigned)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a]
									     : "UNKNOWN";
}

db_status db_format2tao_create(struct db_format2tao **out)
{
	if (!out)
		return DB_E_POINTER;
	struct db_format2tao *f = calloc(1, sizeof(*f));
	if (!f)
		return DB_E_OUTOFMEMORY;
	f->requested_sps = -1;
	f->current_sps = -1;
	f->system_buffer = DEFAULT_SYSTEM_BUFFER;
	db_status st = db_write_engine_create(&f->engine);
	if (db_failed(st)) {
		free(f);
		return st;
	}
	*out = f;
	return DB_S_OK;
}

void db_format2tao_destroy(struct db_format2tao *f)
{
	if (!f)
		return;
	if (atomic_load(&f->prepared))
		(void)db_format2tao_release_media(f);
	db_write_engine_destroy(f->engine);
	free(f);
}

/* IMAPI2: no property changes under a running AddAudioTrack. */
#define REFUSE_WHILE_WRITING(f)                                      \
	do {                                                         \
		if (atomic_load(&(f)->writing))                      \
			return DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS;  \
	} while (0)
/* ... and the session's own ones not while the media is prepared. */
#define REFUSE_WHILE_PREPARED(f)                                     \
	do {                                                         \
		REFUSE_WHILE_WRITING(f);                             \
		if (atomic_load(&(f)->prepared))                     \
			return DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED;  \
	} while (0)

db_status db_format2tao_put_recorder(struct db_format2tao *f, struct db_recorder *r)
{
	REFUSE_WHILE_PREPARED(f);
	f->recorder = r;
	return db_write_engine_put_recorder(f->engine, r);
}

struct db_recorder *db_format2tao_get_recorder(const struct db_format2tao *f)
{
	return f->recorder;
}

db_status db_format2tao_put_client_name(struct db_format2tao *f, const char *name)
{
	REFUSE_WHILE_PREPARED(f);
	if (!df2d__client_name_ok(name, sizeof(f->client)))
		return DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID;
	memcpy(f->client, name, strlen(name) + 1);
	return DB_S_OK;
}

const char *db_format2tao_get_client_name(const struct db_format2tao *f)
{
	return f->client;
}

/* Page 05h BUFE is set by PrepareMedia: changing it afterwards would not
 * reach the drive, so it is a session property too. */
db_status db_format2tao_put_buffer_underrun_free_disabled(struct db_format2tao *f, bool on)
{
	REFUSE_WHILE_PREPARED(f);
	f->bufe_disabled = on;
	return DB_S_OK;
}

bool db_format2tao_get_buffer_underrun_free_disabled(const struct db_format2tao *f)
{
	return f->bufe_disabled;
}

/* IMAPI2 put_DoNotFinalizeMedia: settable before PrepareMedia or after
 * ReleaseMedia, "you cannot set it during a track-writing session"; once
 * a track is on the disc the answer is PROPERTY_FOR_BLANK_MEDIA_ONLY. */
db_status db_format2tao_put_do_not_finalize_media(struct db_format2tao *f, bool on)
{
	REFUSE_WHILE_WRITING(f);
	if (atomic_load(&f->prepared))
		return f->tracks_added ? DB_E_IMAPI_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY
				       : DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED;
	f->dnf = on;
	return DB_S_OK;
}

bool db_format2tao_get_do_not_finalize_media(const struct db_format2tao *f)
{
	return f->dnf;
}

db_status db_format2tao_put_verification_level(struct db_format2tao *f,
					       enum db_verification_level v)
{
	REFUSE_WHILE_WRITING(f);
	/* Full needs every sector read back: IMAPI2 offers it for data only
	 * (READ(10) of an audio sector is 05/64/00, ILLEGAL MODE FOR THIS
	 * TRACK: nothing to compare with). */
	if (v != DB_VERIFY_NONE && v != DB_VERIFY_QUICK)
		return DB_E_INVALIDARG;
	f->verify = v;
	return DB_S_OK;
}

enum db_verification_level db_format2tao_get_verification_level(const struct db_format2tao *f)
{
	return f->verify;
}

db_status db_format2tao_put_simulate(struct db_format2tao *f, bool on)
{
	REFUSE_WHILE_PREPARED(f);
	f->simulate = on;
	return DB_S_OK;
}

bool db_format2tao_get_simulate(const struct db_format2tao *f)
{
	return f->simulate;
}

db_status db_format2tao_put_system_buffer(struct db_format2tao *f, size_t bytes)
{
	REFUSE_WHILE_WRITING(f);
	if (bytes < 2 * DB_CDDA_SECTOR_BYTES)
		return DB_E_INVALIDARG;
	f->system_buffer = bytes;
	return DB_S_OK;
}

void db_format2tao_set_progress(struct db_format2tao *f, db_format2tao_progress_fn fn, void *ctx)
{
	f->progress = fn;
	f->progress_ctx = ctx;
}

void db_format2tao_last_track(const struct db_format2tao *f, int32_t *number, int32_t *start,
			      int32_t *sectors)
{
	if (number)
		*number = f->last_number;
	if (start)
		*start = f->last_start;
	if (sectors)
		*sectors = f->last_sectors;
}

/* ---- SetWriteSpeed -------------------------------------------------------- */

db_status tao__apply_speed(struct db_format2tao *f)
{
	struct df2d_speed_request q = {.sps = f->requested_sps, .pure_cav = f->pure_cav,
				       .profile = f->profile};
	struct df2d_speed_result res;
	db_status st = df2d__apply_speed(f->recorder, &q, &res);
	if (db_failed(st))
		return st;
	f->current_sps = res.current_sps;
	f->current_cav = res.current_cav;
	return df2d__adjusted_status(&res.adjusted, st);
}

db_status db_format2tao_set_write_speed(struct db_format2tao *f, int32_t sps, bool pure_cav)
{
	REFUSE_WHILE_WRITING(f);
	if (sps < -1 || sps == 0)
		return DB_E_INVALIDARG;
	f->requested_sps = sps;
	f->pure_cav = pure_cav;
	return atomic_load(&f->prepared) ? tao__apply_speed(f) : DB_S_OK;
}

int32_t db_format2tao_get_requested_write_speed(const struct db_format2tao *f)
{
	return f->requested_sps;
}

bool db_format2tao_get_requested_rotation_type_is_pure_cav(const struct db_format2tao *f)
{
	return f->pure_cav;
}

int32_t db_format2tao_get_current_write_speed(const struct db_format2tao *f)
{
	return f->current_sps;
}

bool db_format2tao_get_current_rotation_type_is_pure_cav(const struct db_format2tao *f)
{
	return f->current_cav;
}

/* ---- events ----------------------------------------------------------------- */

static uint64_t now_ms(struct db_format2tao *f)
{
	return db_device_now_ms(db_recorder_device(f->recorder));
}

void tao__begin(struct db_format2tao *f, int32_t track)
{
	f->t0_ms = now_ms(f);
	f->track_number = track;
	f->action = DB_DF2TAO_UNKNOWN;
}

/* Remaining time is known where the action has a rate: the rest of the
 * track at the rate the drive has taken it so far. */
static int32_t remaining_s(int64_t done, int64_t total, uint64_t ms)
{
	if (done <= 0 || total <= done || ms == 0)
		return 0;
	return (int32_t)((double)(total - done) * (double)ms / (double)done / 1000.0 + 0.5);
}

void tao__event(struct db_format2tao *f, enum db_format2tao_action a, int64_t done,
		int64_t total, const struct db_write_progress *w)
{
	f->action = a;
	if (!f->progress)
		return;
	struct db_format2tao_progress p = {.current_track_number = f->track_number,
					   .current_action = a,
					   .action_done = done,
					   .action_total = total};
	if (w)
		p.write = *w;
	p.elapsed_ms = now_ms(f) - f->t0_ms;
	p.elapsed_time = (int32_t)(p.elapsed_ms / 1000);
	p.remaining_time = w ? remaining_s(done, total, w->elapsed_ms) : 0;
	f->progress(&p, f->progress_ctx);
}

static void on_poll(int progress, void *ctx)
{
	struct db_format2tao *f = ctx;
	tao__event(f, f->action, progress < 0 ? 0 : progress, 65536, NULL);
}

db_status tao__wait(struct db_format2tao *f)
{
	return db_mmc_wait_while_busy(db_recorder_device(f->recorder), TAO_BUSY_MAX_MS,
				      TAO_POLL_MS, on_poll, f);
}

db_status tao__close(struct db_format2tao *f, uint8_t func, uint16_t number)
{
	struct db_cmd c;
	db_cdb_close_track_session(&c, true, func, number);
	c.timeout_ms = DB_TIMEOUT_DEFAULT_MS;
	db_status st = db_device_exec(db_recorder_device(f->recorder), &c);
	return db_succeeded(st) ? tao__wait(f) : st;
}

db_status tao__sync(struct db_format2tao *f)
{
	struct db_cmd c;
	db_cdb_synchronize_cache(&c, true);
	c.timeout_ms = DB_TIMEOUT_DEFAULT_MS;
	db_status st = db_device_exec(db_recorder_device(f->recorder), &c);
	return db_succeeded(st) ? tao__wait(f) : st;
}
