/* DiscFormat2TrackAtOnce's tracks: AddAudioTrack (checks, WriteEngine2
 * with 2352-byte sectors at the invisible track's NWA, CLOSE TRACK, quick
 * verification) and CancelAddTrack (the part written kept as a shorter
 * complete track). */
#include <stdlib.h>
#include <string.h>

#include "format2tao_internal.h"
#include "mmc/features.h"

/* ---- the track's stream: the samples, then silence ---------------------------
 * IMAPI2 AddAudioTrack: "the minimum track size is 4 seconds and if
 * needed, the track data will be enlarged"; the last partial sector is
 * filled the same way. Digital silence is samples of 0. */
struct pad {
	struct db_stream *inner;
	int64_t inner_left; /* bytes still to come from inner */
	int64_t left; /* bytes still to give */
};

static db_status pad_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct pad *p = s->ctx;
	size_t want = p->left < (int64_t)len ? (size_t)p->left : len;
	size_t have = 0;
	db_status st = DB_S_OK;
	while (have < want && p->inner_left > 0) {
		size_t n = (int64_t)(want - have) < p->inner_left ? want - have
								   : (size_t)p->inner_left;
		size_t k = 0;
		bool end = false;
		st = db_stream_read(p->inner, (uint8_t *)buf + have, n, &k, &end);
		if (db_failed(st))
			break;
		have += k;
		p->inner_left -= (int64_t)k;
		/* A stream shorter than its size: the track cannot be what
		 * was checked against the free space. */
		if (end && p->inner_left > 0) {
			st = DB_ERROR_HANDLE_EOF;
			break;
		}
	}
	if (db_succeeded(st) && p->inner_left == 0 && have < want) {
		memset((uint8_t *)buf + have, 0, want - have);
		have = want;
	}
	p->left -= (int64_t)have;
	*got = have;
	*eof = p->left == 0;
	return st;
}

static void pad_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops pad_ops = {.read = pad_read, .close = pad_close};

static db_status pad_open(struct db_stream *inner, int64_t inner_bytes, int32_t sectors,
			  struct db_stream **out)
{
	struct pad *p = calloc(1, sizeof(*p));
	if (!p)
		return DB_E_OUTOFMEMORY;
	p->inner = inner;
	p->inner_left = inner_bytes;
	p->left = (int64_t)sectors * DB_CDDA_SECTOR_BYTES;
	db_status st = db_stream_create(&pad_ops, p, p->left, out);
	if (db_failed(st))
		free(p);
	return st;
}

/* ---- AddAudioTrack ------------------------------------------------------------ */

static db_status stream_sectors(const struct db_stream *s, int64_t *bytes, int32_t *sectors)
{
	int64_t size = db_stream_size(s);
	/* whole stereo 16-bit samples, of a size known in advance (the free
	 * space is checked before the first WRITE) */
	if (size <= 0 || size % 4 || size / DB_CDDA_SECTOR_BYTES >= INT32_MAX)
		return DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED;
	int64_t n = (size + DB_CDDA_SECTOR_BYTES - 1) / DB_CDDA_SECTOR_BYTES;
	*bytes = size;
	*sectors = n < DB_CDDA_MIN_TRACK_SECTORS ? DB_CDDA_MIN_TRACK_SECTORS : (int32_t)n;
	return DB_S_OK;
}

static void on_write(const struct db_write_progress *w, void *ctx)
{
	struct db_format2tao *f = ctx;
	f->written = (int64_t)w->last_written_lba - w->start_lba + 1;
	tao__event(f, DB_DF2TAO_WRITING, f->written, f->action_total, w);
}

static bool cancel_check(void *ctx)
{
	struct db_format2tao *f = ctx;
	return atomic_load(&f->cancel);
}

static db_status setup_engine(struct db_format2tao *f)
{
	bool sw = false;
	/* WRITE(12) with the streaming bit only where the drive takes it
	 * (feature 0107h current with SW=1), as DiscFormat2Data. */
	(void)db_recorder_streaming_write_supported(f->recorder, &sw);
	db_status st = db_write_engine_put_bytes_per_sector(f->engine, DB_CDDA_SECTOR_BYTES);
	if (db_succeeded(st))
		st = db_write_engine_put_use_streaming_write12(f->engine, sw);
	if (db_succeeded(st))
		st = db_write_engine_put_system_buffer(f->engine, f->system_buffer);
	db_write_engine_set_progress(f->engine, on_write, f);
	return st;
}

/* The rest of a cancelled track up to 4 s, in silence: a track shorter
 * than that is no Red Book track. */
static db_status pad_cancelled(struct db_format2tao *f, int32_t start, int32_t written)
{
	if (written >= DB_CDDA_MIN_TRACK_SECTORS)
		return DB_S_OK;
	struct db_stream *z = NULL;
	int32_t n = DB_CDDA_MIN_TRACK_SECTORS - written;
	db_status st = db_stream_zero_create(&z); /* MsftStreamZero */
	if (db_succeeded(st))
		st = db_stream_set_size(z, (int64_t)n * DB_CDDA_SECTOR_BYTES);
	if (db_failed(st)) {
		db_stream_close(z);
		return st;
	}
	st = db_write_engine_write_section(f->engine, z, start + written, n);
	db_stream_close(z);
	return st;
}

/* Quick verification of one track (IMAPI2's quick level reads the
 * structure, not the samples): READ TRACK INFORMATION (MMC-5 6.27) says
 * it starts where it was written, is recorded, audio (track mode bit 2
 * clear: the Q control nibble's data bit), and holds the sectors sent,
 * with the run-out blocks a drive may count in. */
static db_status verify_track(struct db_format2tao *f, uint16_t number, int32_t start,
			      int32_t sectors)
{
	struct db_track_info ti;
	db_status st = db_mmc_read_track_information(db_recorder_device(f->recorder), 1, number,
						     &ti);
	if (db_failed(st))
		return st;
	if (ti.start != start || ti.blank || ti.damage || (ti.track_mode & 0x04) ||
	    ti.size < (uint32_t)sectors || ti.size > (uint32_t)sectors + DF2TAO_RUN_OUT_BLOCKS)
		return DB_E_IMAPI_BURN_VERIFICATION_FAILED;
	return DB_S_OK;
}

/* Everything before the first WRITE: a refusal leaves the disc as it was. */
static db_status plan(struct db_format2tao *f, int32_t sectors)
{
	db_status st = tao__look(f->recorder, &f->before);
	if (db_failed(st))
		return st;
	if (f->before.tracks >= DB_CD_MAX_TRACKS)
		return DB_E_IMAPI_DF2TAO_TRACK_LIMIT_REACHED;
	if (!f->before.nwa_valid)
		return DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK;
	if ((int64_t)sectors + DF2TAO_RUN_OUT_BLOCKS > f->before.free_blocks)
		return DB_E_IMAPI_DF2TAO_NOT_ENOUGH_SPACE;
	return DB_S_OK;
}

static db_status write_track(struct db_format2tao *f, struct db_stream *s, int64_t bytes,
			     int32_t sectors)
{
	struct db_device *d = db_recorder_device(f->recorder);
	/* A simulation records nothing: the disc's count does not move, the
	 * session's own does. */
	int32_t number = f->before.tracks + 1 + (f->simulate ? f->tracks_added : 0);
	int32_t start = f->before.nwa;
	tao__begin(f, number);
	f->action_total = sectors;
	f->written = 0;
	tao__event(f, DB_DF2TAO_WRITING, 0, sectors, NULL);
	struct db_stream *pad;
	db_status st = setup_engine(f);
	if (db_succeeded(st))
		st = pad_open(s, bytes, sectors, &pad);
	if (db_failed(st))
		return st;
	db_device_set_cancel_check(d, cancel_check, f);
	st = db_write_engine_write_section(f->engine, pad, start, sectors);
	db_device_set_cancel_check(d, NULL, NULL);
	db_stream_close(pad);
	bool cancelled = atomic_load(&f->cancel) || st == DB_E_IMAPI_REQUEST_CANCELLED;
	int32_t written = (int32_t)f->written;
	if (cancelled && written == 0)
		return DB_E_IMAPI_REQUEST_CANCELLED; /* nothing on the disc */
	if (db_failed(st) && !cancelled)
		return st;
	/* IMAPI2 CancelAddTrack: "will simply treat the canceled track as
	 * being shorter"; it is completed and closed like any other. */
	int32_t recorded = sectors;
	if (cancelled) {
		st = pad_cancelled(f, start, written);
		recorded = written < DB_CDDA_MIN_TRACK_SECTORS ? DB_CDDA_MIN_TRACK_SECTORS : written;
	}
	f->tracks_added++;
	f->last_number = number;
	f->last_start = start;
	f->last_sectors = recorded;
	if (db_failed(st))
		return st;
	/* Under Test Write the track is closed as well (cdrecord -dummy closes
	 * its TAO tracks and only skips the fixation): the drive records
	 * nothing, ends the track's simulation and reports the NWA it had,
	 * where the next simulated track goes. */
	tao__event(f, DB_DF2TAO_FINISHING, recorded, recorded, NULL);
	st = tao__sync(f);
	if (db_succeeded(st))
		st = tao__close(f, MMC_CLOSE_TRACK, f->before.invisible);
	if (db_succeeded(st) && f->verify == DB_VERIFY_QUICK && !f->simulate) {
		tao__event(f, DB_DF2TAO_VERIFYING, recorded, recorded, NULL);
		st = verify_track(f, f->before.invisible, start, recorded);
	}
	if (db_succeeded(st) && cancelled)
		st = DB_E_IMAPI_REQUEST_CANCELLED;
	return st;
}

db_status db_format2tao_add_audio_track(struct db_format2tao *f, struct db_stream *s)
{
	if (!f || !s)
		return DB_E_POINTER;
	if (!atomic_load(&f->prepared))
		return DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED;
	bool idle = false;
	if (!atomic_compare_exchange_strong(&f->writing, &idle, true))
		return DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS;
	atomic_store(&f->cancel, false);
	int64_t bytes = 0;
	int32_t sectors = 0;
	db_status st = stream_sectors(s, &bytes, &sectors);
	if (db_succeeded(st))
		st = plan(f, sectors);
	if (db_succeeded(st))
		st = write_track(f, s, bytes, sectors);
	atomic_store(&f->writing, false);
	atomic_store(&f->cancel, false);
	return st;
}

db_status db_format2tao_cancel_add_track(struct db_format2tao *f)
{
	if (!f)
		return DB_E_POINTER;
	if (!atomic_load(&f->writing))
		return DB_E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS;
	atomic_store(&f->cancel, true);
	(void)db_write_engine_cancel(f->engine);
	return DB_S_OK;
}
