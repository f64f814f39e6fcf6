/* WriteEngine2: reader thread -> ring buffer -> WRITE commands. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "discburn/mmc.h"
#include "discburn/write_engine.h"
#include "mmc/profiles.h"
#include "ring.h"
#include "inhibit.h"

#define DEFAULT_SYSTEM_BUFFER (8u << 20)
#define DEFAULT_MAX_TRANSFER (256u << 10)
/* When the device reports no limit: what every SCSI host adapter takes. */
#define FALLBACK_TRANSFER (64u << 10)

struct db_write_engine {
	struct db_recorder *recorder;
	int32_t bytes_per_sector;
	bool streaming12;
	int32_t start_sps;
	int32_t end_sps;
	size_t system_buffer;
	size_t max_transfer;
	db_write_progress_fn progress;
	void *progress_ctx;
	/* Cancel state, owned by the engine so that it outlives every
	 * section: CancelWrite may come from any thread at any moment,
	 * including while a section is tearing its ring down. `lock` orders
	 * cancel() against a section's start (in_progress set, cancel
	 * cleared), the publication of its ring, and the ring's withdrawal
	 * before it is destroyed; cancel() touches the ring only under it.
	 * Lock order: lock, then the ring's lock (the section's threads
	 * never take `lock` while holding the ring's). */
	pthread_mutex_t lock;
	atomic_bool in_progress; /* written under lock; read anywhere */
	atomic_bool cancel; /* written under lock; polled by the section */
	struct db__ring *ring; /* under lock: the running section's ring */
};

db_status db_write_engine_create(struct db_write_engine **out)
{
	struct db_write_engine *e = calloc(1, sizeof(*e));
	*out = e;
	if (!e)
		return DB_E_OUTOFMEMORY;
	e->bytes_per_sector = 2048;
	e->start_sps = -1;
	e->end_sps = -1;
	e->system_buffer = DEFAULT_SYSTEM_BUFFER;
	e->max_transfer = DEFAULT_MAX_TRANSFER;
	pthread_mutex_init(&e->lock, NULL);
	return DB_S_OK;
}

void db_write_engine_destroy(struct db_write_engine *e)
{
	if (!e)
		return;
	pthread_mutex_destroy(&e->lock);
	free(e);
}

/* Properties may not change under a running write (IMAPI answers
 * E_IMAPI_DF2DATA_WRITE_IN_PROGRESS likewise). The check and the store
 * are one step under the engine's lock, so a write that starts on
 * another thread sees either the old value or the new one, never a
 * store made after it began. */
#define PUT_UNLESS_WRITING(e, store)                                 \
	do {                                                         \
		pthread_mutex_lock(&(e)->lock);                      \
		bool busy_ = atomic_load(&(e)->in_progress);         \
		if (!busy_) {                                        \
			store;                                       \
		}                                                    \
		pthread_mutex_unlock(&(e)->lock);                    \
		return busy_ ? DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS  \
			     : DB_S_OK;                              \
	} while (0)

db_status db_write_engine_put_recorder(struct db_write_engine *e, struct db_recorder *r)
{
	PUT_UNLESS_WRITING(e, e->recorder = r);
}

struct db_recorder *db_write_engine_get_recorder(const struct db_write_engine *e)
{
	return e->recorder;
}

db_status db_write_engine_put_bytes_per_sector(struct db_write_engine *e, int32_t bytes)
{
	if (bytes <= 0 || bytes > 2352 || bytes % 4)
		return DB_E_INVALIDARG;
	PUT_UNLESS_WRITING(e, e->bytes_per_sector = bytes);
}

int32_t db_write_engine_get_bytes_per_sector(const struct db_write_engine *e)
{
	return e->bytes_per_sector;
}

db_status db_write_engine_put_use_streaming_write12(struct db_write_engine *e, bool on)
{
	PUT_UNLESS_WRITING(e, e->streaming12 = on);
}

bool db_write_engine_get_use_streaming_write12(const struct db_write_engine *e)
{
	return e->streaming12;
}

static db_status put_sps(struct db_write_engine *e, int32_t *field, int32_t v)
{
	if (v == 0 || v < -1)
		return DB_E_INVALIDARG;
	PUT_UNLESS_WRITING(e, *field = v);
}

db_status db_write_engine_put_starting_sectors_per_second(struct db_write_engine *e, int32_t v)
{
	return put_sps(e, &e->start_sps, v);
}

int32_t db_write_engine_get_starting_sectors_per_second(const struct db_write_engine *e)
{
	return e->start_sps;
}

db_status db_write_engine_put_ending_sectors_per_second(struct db_write_engine *e, int32_t v)
{
	return put_sps(e, &e->end_sps, v);
}

int32_t db_write_engine_get_ending_sectors_per_second(const struct db_write_engine *e)
{
	return e->end_sps;
}

bool db_write_engine_get_write_in_progress(const struct db_write_engine *e)
{
	return atomic_load(&((struct db_write_engine *)e)->in_progress);
}

db_status db_write_engine_put_system_buffer(struct db_write_engine *e, size_t bytes)
{
	if (bytes < 2 * 2352)
		return DB_E_INVALIDARG;
	PUT_UNLESS_WRITING(e, e->system_buffer = bytes);
}

db_status db_write_engine_put_max_transfer(struct db_write_engine *e, size_t bytes)
{
	if (bytes < 2352)
		return DB_E_INVALIDARG;
	PUT_UNLESS_WRITING(e, e->max_transfer = bytes);
}

void db_write_engine_set_progress(struct db_write_engine *e, db_write_progress_fn fn, void *ctx)
{
	e->progress = fn;
	e->progress_ctx = ctx;
}

/* Under the engine's lock from the check to the ring's wake-up: the
 * section cannot start, end or free its ring in between (see the lock's
 * comment in struct db_write_engine). A cancel that finds the engine
 * idle changes nothing, so it cannot leak into the next section. */
db_status db_write_engine_cancel(struct db_write_engine *e)
{
	pthread_mutex_lock(&e->lock);
	bool running = atomic_load(&e->in_progress);
	if (running) {
		atomic_store(&e->cancel, true);
		if (e->ring)
			db__ring_cancel(e->ring);
	}
	pthread_mutex_unlock(&e->lock);
	return running ? DB_S_OK : DB_S_IMAPI_WRITE_NOT_IN_PROGRESS;
}

/* ---- one write_section ------------------------------------------------- */

struct section {
	struct db_write_engine *e;
	struct db_device *dev;
	struct db_stream *stream;
	struct db__ring ring;
	int32_t start_lba;
	int32_t n_blocks;
	uint32_t sectors_per_write;
	atomic_int_fast32_t sectors_read;
	int32_t sectors_written;
	/* The section's start on the device's clock (db_device_now_ns):
	 * pacing deadlines and progress elapsed_ms are both on it, so a
	 * burn paced at 1x reports 1x on the emulator's virtual clock too. */
	uint64_t t0_ns;
	/* The device's cancel check before this section (a caller such as
	 * DiscFormat2Data may have its own); chained, then restored. */
	db_cancel_check outer_check;
	void *outer_ctx;
};

static uint64_t ms_since(const struct section *s)
{
	return (db_device_now_ns(s->dev) - s->t0_ns) / 1000000u;
}

/* Fills one slot with whole sectors; returns the bytes filled. Stops
 * early at the end of the stream, on an error, or when cancelled. */
static size_t fill_slot(struct section *s, unsigned char *slot, size_t want, db_status *st,
			bool *eof)
{
	size_t have = 0;
	*eof = false;
	while (have < want && !*eof && !atomic_load(&s->e->cancel)) {
		size_t got;
		*st = db_stream_read(s->stream, slot + have, want - have, &got, eof);
		if (db_failed(*st))
			break;
		have += got;
	}
	return have;
}

static void *reader_main(void *arg)
{
	struct section *s = arg;
	size_t bps = (size_t)s->e->bytes_per_sector;
	int32_t left = s->n_blocks;
	db_status st = DB_S_OK;
	while (left > 0) {
		unsigned char *slot = db__ring_begin_put(&s->ring);
		if (!slot)
			return NULL; /* cancelled */
		uint32_t n = (uint32_t)left < s->sectors_per_write ? (uint32_t)left
								 : s->sectors_per_write;
		bool eof;
		size_t have = fill_slot(s, slot, n * bps, &st, &eof);
		uint32_t whole = (uint32_t)(have / bps);
		/* Counted before publishing: once the writer can see a
		 * sector, LastReadLba already covers it. */
		atomic_fetch_add(&s->sectors_read, (int_fast32_t)whole);
		if (whole)
			db__ring_end_put(&s->ring, whole * bps);
		left -= (int32_t)whole;
		if (db_failed(st) || atomic_load(&s->e->cancel))
			break;
		if (whole < n) {
			st = DB_ERROR_HANDLE_EOF; /* the stream ended before n_blocks */
			break;
		}
	}
	db__ring_finish(&s->ring, st);
	return NULL;
}

static void report(struct section *s)
{
	if (!s->e->progress)
		return;
	size_t total = db__ring_total(&s->ring);
	size_t used = db__ring_used(&s->ring);
	struct db_write_progress p = {
		.start_lba = s->start_lba,
		.sector_count = s->n_blocks,
		.last_read_lba = s->start_lba + (int32_t)atomic_load(&s->sectors_read) - 1,
		.last_written_lba = s->start_lba + s->sectors_written - 1,
		.total_system_buffer = (uint32_t)total,
		.used_system_buffer = (uint32_t)used,
		.free_system_buffer = (uint32_t)(total - used),
		.elapsed_ms = ms_since(s),
		.transfer_bytes = s->sectors_per_write * (uint32_t)s->e->bytes_per_sector,
	};
	s->e->progress(&p, s->e->progress_ctx);
}

/* Seconds from the start at which sector k may be sent when the rate
 * moves linearly from a to b sectors/s over n sectors:
 * t(k) = integral of dk / rate(k) (a logarithm when a != b). */
static double paced_time(double a, double b, double n, double k)
{
	if (fabs(b - a) < 1e-9)
		return k / a;
	double slope = (b - a) / n;
	return log((a + slope * k) / a) / slope;
}

/* The section's cancel check, on the writer thread: CancelWrite, or the
 * cancel check a caller had on the device (DiscFormat2Data's). Consulted
 * before every WRITE too, not only in the device's waits, so a caller's
 * cancel that came just before the section began (when CancelWrite still
 * found the engine idle) stops it within one command all the same. */
static bool section_cancel_check(void *ctx)
{
	struct section *s = ctx;
	if (atomic_load(&s->e->cancel))
		return true;
	return s->outer_check && s->outer_check(s->outer_ctx);
}

/* Slices of a pacing wait: a cancel is seen within one. */
#define PACE_SLICE_MS 50u

/* Waits until the next WRITE is due. The wait is a host wait on the
 * device (db_device_host_wait) and the deadline is measured on the same
 * clock (db_device_now_ns): on a real drive both are the host's clock;
 * on the emulator's virtual clock the drive sees the time pass (its
 * buffer drains meanwhile) and the test takes no wall time. */
static db_status pace(struct section *s)
{
	int32_t a = s->e->start_sps;
	int32_t b = s->e->end_sps;
	if (a <= 0)
		return DB_S_OK;
	if (b <= 0)
		b = a;
	double due_s = paced_time(a, b, s->n_blocks, s->sectors_written);
	uint64_t due_ns = s->t0_ns + (uint64_t)(due_s * 1e9);
	for (;;) {
		if (section_cancel_check(s))
			return DB_E_IMAPI_REQUEST_CANCELLED;
		uint64_t now = db_device_now_ns(s->dev);
		if (now >= due_ns)
			return DB_S_OK;
		/* Rounded up to whole ms: never early. */
		uint64_t wait_ms = (due_ns - now + 999999u) / 1000000u;
		db_device_host_wait(s->dev, wait_ms < PACE_SLICE_MS ? (unsigned)wait_ms
								    : PACE_SLICE_MS);
	}
}

static db_status send_write(struct section *s, const unsigned char *buf, size_t len)
{
	struct db_cmd c;
	uint32_t blocks = (uint32_t)(len / (size_t)s->e->bytes_per_sector);
	int32_t lba = s->start_lba + s->sectors_written;
	if (s->e->streaming12)
		db_cdb_write12(&c, lba, blocks, true, (void *)buf, len);
	else
		db_cdb_write10(&c, lba, (uint16_t)blocks, (void *)buf, len);
	db_status st = db_device_exec(s->dev, &c);
	/* GOOD with a residual: the drive took less than the WRITE carried.
	 * Counting the blocks would lose data without a word; stop instead. */
	if (db_succeeded(st) && c.resid != 0)
		return DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
	if (db_succeeded(st))
		s->sectors_written += (int32_t)blocks;
	return st;
}

static db_status writer_loop(struct section *s)
{
	for (;;) {
		if (section_cancel_check(s))
			return DB_E_IMAPI_REQUEST_CANCELLED;
		db_status st = pace(s);
		if (db_failed(st))
			return st;
		size_t len;
		const unsigned char *buf = db__ring_begin_get(&s->ring, &len, &st);
		if (!buf)
			return atomic_load(&s->e->cancel) ? DB_E_IMAPI_REQUEST_CANCELLED : st;
		st = send_write(s, buf, len);
		db__ring_end_get(&s->ring);
		if (db_failed(st))
			return st;
		report(s);
		if (s->sectors_written >= s->n_blocks)
			return DB_S_OK;
	}
}

/* Sectors per WRITE: the device's limit, our cap, WRITE(10)'s 16-bit
 * block count, and whole recording units: a DVD records in ECC blocks of
 * 16 sectors (32 KiB), a BD in clusters of 32 (64 KiB), and a WRITE that
 * ends inside one makes the drive read-modify-write it (or pad it, on
 * write-once media). The unit is the one list's (mmc_family_blocking, the
 * Blocking field of the Random Readable feature 0010h); a limit that is
 * not a whole number of units, such as 96 KiB on BD, rounds down to one.
 * A limit below one unit is kept: a smaller WRITE beats none. */
static uint32_t transfer_sectors(struct db_write_engine *e, struct db_device *dev,
				 uint16_t profile)
{
	size_t max = db_device_max_transfer(dev);
	if (max == 0)
		max = FALLBACK_TRANSFER;
	if (max > e->max_transfer)
		max = e->max_transfer;
	uint32_t n = (uint32_t)(max / (size_t)e->bytes_per_sector);
	if (n > 0xFFFF)
		n = 0xFFFF;
	uint32_t unit = mmc_family_blocking(mmc_profile_family(profile));
	if (unit > 1 && n >= unit)
		n -= n % unit;
	return n ? n : 1;
}

static unsigned ring_slots(struct db_write_engine *e, size_t slot_bytes)
{
	size_t n = e->system_buffer / slot_bytes;
	return n < 2 ? 2 : (unsigned)n;
}

static db_status check_section(struct db_write_engine *e, struct db_stream *stream,
			       int32_t start_lba, int32_t n_blocks)
{
	if (!e->recorder)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	if (!stream)
		return DB_E_POINTER;
	/* The last LBA must be addressable: MMC LBAs are 32-bit signed. */
	if (n_blocks <= 0 || (int64_t)start_lba + n_blocks - 1 > INT32_MAX)
		return DB_E_INVALIDARG;
	int64_t size = db_stream_size(stream);
	/* A stream known to be too short would end mid-burn: refuse it
	 * before anything touches the disc. */
	if (size >= 0 && size < (int64_t)n_blocks * e->bytes_per_sector)
		return DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED;
	return DB_S_OK;
}

static db_status run_section(struct section *s)
{
	/* TEST UNIT READY first, as burners do: it waits out a drive that is
	 * still becoming ready and consumes a pending unit attention, which
	 * on a WRITE would be fatal (see sense_map.c). */
	db_status st = db_mmc_test_unit_ready(s->dev);
	if (db_failed(st))
		return st;
	uint16_t profile = 0;
	(void)db_recorder_current_profile(s->e->recorder, &profile);
	s->sectors_per_write = transfer_sectors(s->e, s->dev, profile);
	size_t slot = (size_t)s->sectors_per_write * (size_t)s->e->bytes_per_sector;
	st = db__ring_init(&s->ring, slot, ring_slots(s->e, slot));
	if (db_failed(st))
		return st;
	pthread_mutex_lock(&s->e->lock);
	s->e->ring = &s->ring;
	if (atomic_load(&s->e->cancel))
		db__ring_cancel(&s->ring); /* cancelled before the ring existed */
	pthread_mutex_unlock(&s->e->lock);
	s->t0_ns = db_device_now_ns(s->dev);
	pthread_t reader;
	if (pthread_create(&reader, NULL, reader_main, s) != 0) {
		st = DB_E_OUTOFMEMORY;
	} else {
		st = writer_loop(s);
		db__ring_cancel(&s->ring); /* stop the reader if it is ahead */
		pthread_join(reader, NULL);
	}
	/* Withdrawn under the lock: once it is released, no cancel() is
	 * inside the ring or can reach it, and it may go. */
	pthread_mutex_lock(&s->e->lock);
	s->e->ring = NULL;
	pthread_mutex_unlock(&s->e->lock);
	db__ring_destroy(&s->ring);
	return st;
}

static void set_idle(struct db_write_engine *e)
{
	pthread_mutex_lock(&e->lock);
	atomic_store(&e->in_progress, false);
	pthread_mutex_unlock(&e->lock);
}

db_status db_write_engine_write_section(struct db_write_engine *e, struct db_stream *stream,
					int32_t start_lba, int32_t n_blocks)
{
	/* In progress and not cancelled in one step: a cancel is either
	 * before it (and refused as not in progress) or after it. From here
	 * the properties are frozen, so the checks below read them safely. */
	pthread_mutex_lock(&e->lock);
	bool busy = atomic_load(&e->in_progress);
	if (!busy) {
		atomic_store(&e->in_progress, true);
		atomic_store(&e->cancel, false);
	}
	pthread_mutex_unlock(&e->lock);
	if (busy)
		return DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
	db_status st = check_section(e, stream, start_lba, n_blocks);
	struct section *s = db_succeeded(st) ? calloc(1, sizeof(*s)) : NULL;
	if (!s) {
		set_idle(e);
		return db_failed(st) ? st : DB_E_OUTOFMEMORY;
	}
	s->e = e;
	s->dev = db_recorder_device(e->recorder);
	s->stream = stream;
	s->start_lba = start_lba;
	s->n_blocks = n_blocks;
	db_device_get_cancel_check(s->dev, &s->outer_check, &s->outer_ctx);
	db_device_set_cancel_check(s->dev, section_cancel_check, s);
	db__inhibit_take(NULL); /* no sleep mid-burn (inhibit.h) */
	st = run_section(s);
	db__inhibit_release();
	db_device_set_cancel_check(s->dev, s->outer_check, s->outer_ctx);
	free(s);
	set_idle(e);
	return st;
}
