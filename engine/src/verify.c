/* DiscFormat2Data, VERIFYING (IMAPI2 IMAPI_BURN_VERIFICATION_LEVEL).
 *
 * The image is not read twice: a tap between the stream and WriteEngine2
 * hashes each sector as the engine takes it, so a pipe or a generated
 * stream can be verified too. Afterwards:
 *   quick  reads up to 64 sampled sectors (first, last, evenly spaced) and
 *          compares each with the hash of what was sent;
 *   full   reads every written sector and compares one hash over all of
 *          them, in order, with the hash of what was sent.
 * Both first check what IMAPI2's quick level checks: READ DISC INFORMATION
 * and READ TRACK INFORMATION of every track work, and the image's track
 * ends where the image did.
 * Hashes carry the sector's index, so a sector written at the wrong
 * address is a mismatch even when its bytes are right. A checksum against
 * accidents, not an adversary.
 * E_IMAPI_BURN_VERIFICATION_FAILED names where (db_format2data_get_
 * verification_failed_lba): full keeps 32 bits of each sector's hash too
 * (4 bytes per 2048-byte sector, 0.2 % of the image, in memory), so the
 * read-back stops at the first sector that differs; quick names the first
 * differing sample; a track that ends elsewhere names where it should end. */
#include <stdlib.h>
#include <string.h>

#include "format2data_internal.h"

#define SECTOR 2048
#define N_SAMPLES 64
#define READ_CHUNK 32 /* sectors per READ: 64 KiB, every adapter takes it */
#define MIX 0x9E3779B97F4A7C15ull /* 2^64 / golden ratio: odd, spreads bits */

struct df2d_tap {
	struct db_stream *inner;
	enum db_verification_level level;
	bool enabled;
	int64_t next_index; /* sector index of the next complete sector */
	uint8_t partial[SECTOR];
	size_t partial_len;
	uint64_t total; /* over enabled sectors, in order */
	int64_t hashed;
	uint32_t *sector32; /* full: each sector's hash (low 32 bits), or NULL */
	int64_t n_blocks;
	unsigned n_samples, next_sample;
	int32_t sample_index[N_SAMPLES];
	uint64_t sample_hash[N_SAMPLES];
	bool sample_seen[N_SAMPLES];
};

static uint64_t sector_hash(const uint8_t *p, int64_t index)
{
	uint64_t h = (uint64_t)index * MIX + SECTOR;
	for (size_t i = 0; i < SECTOR; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * MIX;
		h ^= h >> 29;
	}
	return h ^ (h >> 32);
}

static void combine(uint64_t *total, uint64_t h)
{
	*total = (*total ^ h) * MIX + 1;
}

static void take_sector(struct df2d_tap *t, const uint8_t *p)
{
	int64_t idx = t->next_index++;
	if (!t->enabled)
		return;
	t->hashed++;
	if (t->level == DB_VERIFY_FULL) {
		uint64_t h = sector_hash(p, idx);
		combine(&t->total, h);
		if (t->sector32 && idx < t->n_blocks)
			t->sector32[idx] = (uint32_t)h;
		return;
	}
	while (t->next_sample < t->n_samples && t->sample_index[t->next_sample] < idx)
		t->next_sample++;
	if (t->next_sample < t->n_samples && t->sample_index[t->next_sample] == idx) {
		t->sample_hash[t->next_sample] = sector_hash(p, idx);
		t->sample_seen[t->next_sample] = true;
	}
}

/* Bytes arrive in any split: whole sectors are hashed in place, a
 * sector cut by a read boundary is gathered first. */
static void feed(struct df2d_tap *t, const uint8_t *p, size_t n)
{
	if (t->partial_len) {
		size_t k = SECTOR - t->partial_len < n ? SECTOR - t->partial_len : n;
		memcpy(t->partial + t->partial_len, p, k);
		t->partial_len += k;
		p += k;
		n -= k;
		if (t->partial_len < SECTOR)
			return;
		take_sector(t, t->partial);
		t->partial_len = 0;
	}
	for (; n >= SECTOR; p += SECTOR, n -= SECTOR)
		take_sector(t, p);
	memcpy(t->partial, p, n);
	t->partial_len = n;
}

static db_status tap_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct df2d_tap *t = s->ctx;
	db_status st = db_stream_read(t->inner, buf, len, got, eof);
	if (db_succeeded(st))
		feed(t, buf, *got);
	return st;
}

/* The wrapper only: the inner stream belongs to the caller. */
static void tap_close(struct db_stream *s)
{
	db_stream_free(s);
}

static const struct db_stream_ops tap_ops = {.read = tap_read, .close = tap_close};

static void pick_samples(struct df2d_tap *t, int32_t n_blocks)
{
	t->n_samples = n_blocks < N_SAMPLES ? (unsigned)n_blocks : N_SAMPLES;
	for (unsigned i = 0; i < t->n_samples; i++)
		t->sample_index[i] = t->n_samples < 2 ? 0
				     : (int32_t)((int64_t)i * (n_blocks - 1) / (t->n_samples - 1));
}

db_status df2d__tap_create(struct db_stream *inner, enum db_verification_level level,
			   int32_t n_blocks, struct df2d_tap **tap, struct db_stream **out)
{
	struct df2d_tap *t = calloc(1, sizeof(*t));
	if (!t)
		return DB_E_OUTOFMEMORY;
	t->inner = inner;
	t->level = level;
	t->enabled = true;
	t->n_blocks = n_blocks;
	pick_samples(t, n_blocks);
	/* Without the memory the full level still verifies (the total hash),
	 * it names the session's start instead of the sector. */
	if (level == DB_VERIFY_FULL && n_blocks > 0)
		t->sector32 = calloc((size_t)n_blocks, sizeof(*t->sector32));
	db_status st = db_stream_create(&tap_ops, t, db_stream_size(inner), out);
	if (db_failed(st)) {
		free(t->sector32);
		free(t);
		return st;
	}
	*tap = t;
	return DB_S_OK;
}

void df2d__tap_enable(struct df2d_tap *t, bool on)
{
	t->enabled = on;
}

void df2d__tap_destroy(struct df2d_tap *t, struct db_stream *wrapper)
{
	if (wrapper)
		db_stream_close(wrapper);
	if (t)
		free(t->sector32);
	free(t);
}

static db_status verify_quick(struct db_format2data *f, const struct df2d_tap *t,
			      int32_t start_lba)
{
	struct db_device *d = db_recorder_device(f->recorder);
	uint8_t buf[SECTOR];
	for (unsigned i = 0; i < t->n_samples; i++) {
		if (df2d__cancelled(f))
			return DB_E_IMAPI_REQUEST_CANCELLED;
		if (!t->sample_seen[i])
			continue; /* in a gap between block ranges: not written */
		db_status st = db_mmc_read(d, start_lba + t->sample_index[i], 1, buf);
		if (db_failed(st))
			return st;
		if (sector_hash(buf, t->sample_index[i]) != t->sample_hash[i]) {
			f->verify_failed_lba = start_lba + t->sample_index[i];
			return DB_E_IMAPI_BURN_VERIFICATION_FAILED;
		}
		df2d__event(f, DB_DF2D_VERIFYING, i + 1, t->n_samples, NULL);
	}
	return DB_S_OK;
}

struct full_state {
	const struct df2d_tap *t;
	uint64_t total;
	int64_t done, all;
	uint8_t *buf;
};

/* Sectors [first, first+n) of the image, which sit at start_lba + index. */
static db_status verify_extent(struct db_format2data *f, struct full_state *v,
			       int32_t start_lba, int64_t first, int64_t n)
{
	struct db_device *d = db_recorder_device(f->recorder);
	for (int64_t i = 0; i < n;) {
		uint32_t k = n - i < READ_CHUNK ? (uint32_t)(n - i) : READ_CHUNK;
		if (df2d__cancelled(f))
			return DB_E_IMAPI_REQUEST_CANCELLED;
		db_status st = db_mmc_read(d, (int32_t)(start_lba + first + i), k, v->buf);
		if (db_failed(st))
			return st;
		for (uint32_t j = 0; j < k; j++) {
			int64_t idx = first + i + j;
			uint64_t h = sector_hash(v->buf + (size_t)j * SECTOR, idx);
			combine(&v->total, h);
			if (v->t->sector32 && idx < v->t->n_blocks &&
			    v->t->sector32[idx] != (uint32_t)h) {
				f->verify_failed_lba = (int32_t)(start_lba + idx);
				return DB_E_IMAPI_BURN_VERIFICATION_FAILED;
			}
		}
		i += k;
		v->done += k;
		df2d__event(f, DB_DF2D_VERIFYING, v->done, v->all, NULL);
	}
	return DB_S_OK;
}

static db_status verify_full(struct db_format2data *f, const struct df2d_tap *t,
			     int32_t start_lba, const struct db_block_range_list *ranges,
			     int32_t n_blocks)
{
	struct full_state v = {.t = t, .all = t->hashed, .buf = malloc(READ_CHUNK * SECTOR)};
	if (!v.buf)
		return DB_E_OUTOFMEMORY;
	db_status st = DB_S_OK;
	if (!ranges) {
		st = verify_extent(f, &v, start_lba, 0, n_blocks);
	} else {
		for (size_t i = 0; i < ranges->count && db_succeeded(st); i++) {
			const struct db_block_range *r = &ranges->ranges[i];
			st = verify_extent(f, &v, start_lba, r->start_lba,
					   (int64_t)r->end_lba - r->start_lba + 1);
		}
	}
	free(v.buf);
	if (db_succeeded(st) && (v.done != t->hashed || v.total != t->total)) {
		f->verify_failed_lba = start_lba;
		st = DB_E_IMAPI_BURN_VERIFICATION_FAILED;
	}
	return st;
}

/* The track holding the image (the one starting at start_lba on
 * sequential media, track 1 on random-access media) must report the last
 * sector written as its Last Recorded Address (or beyond it, on a
 * rewritable disc that held more before). */
static db_status check_track(const struct db_track_info *ti, const struct df2d_plan *p,
			     int32_t last)
{
	if (!ti->lra_valid)
		return DB_S_OK; /* the drive does not say: nothing to compare */
	if (p->random_access ? ti->last_recorded < last : ti->last_recorded != last)
		return DB_E_IMAPI_BURN_VERIFICATION_FAILED;
	return DB_S_OK;
}

/* IMAPI2's quick heuristics, part of both levels: READ DISC INFORMATION
 * and READ TRACK INFORMATION of every track answer, and the image's
 * track ends where the image did. */
static db_status verify_structure(struct db_format2data *f, const struct df2d_plan *p,
				  const struct db_block_range_list *ranges)
{
	struct db_device *d = db_recorder_device(f->recorder);
	int32_t last = ranges && ranges->count ? ranges->ranges[ranges->count - 1].end_lba
					       : p->start_lba + p->n_blocks + p->postgap - 1;
	struct db_disc_info di;
	db_status st = db_mmc_read_disc_information(d, &di);
	for (unsigned t = di.first_track; db_succeeded(st) && t <= di.last_track_last_session; t++) {
		struct db_track_info ti;
		st = db_mmc_read_track_information(d, 1, t, &ti);
		if (db_succeeded(st) && ti.start == (p->random_access ? 0 : p->start_lba))
			st = check_track(&ti, p, last);
		if (st == DB_E_IMAPI_BURN_VERIFICATION_FAILED)
			f->verify_failed_lba = last;
	}
	return st;
}

db_status df2d__verify(struct db_format2data *f, struct df2d_tap *t, const struct df2d_plan *p,
		       const struct db_block_range_list *ranges)
{
	if (!t || t->level == DB_VERIFY_NONE)
		return DB_S_OK;
	df2d__event(f, DB_DF2D_VERIFYING, 0, t->level == DB_VERIFY_FULL ? t->hashed : t->n_samples,
		    NULL);
	db_status st = verify_structure(f, p, ranges);
	if (db_failed(st))
		return st;
	if (t->level == DB_VERIFY_QUICK)
		return verify_quick(f, t, p->start_lba);
	return verify_full(f, t, p->start_lba, ranges, p->n_blocks);
}
