/* MsftStreamInterleave (IStreamInterleave, imapi2.h): turns of each part
 * in order, over and over. The semantics and the errors are in stream.h. */
#include <stdlib.h>

#include "stream_internal.h"

struct interleave {
	struct db__stream_part *parts;
	int64_t *chunk; /* the part's interleave size */
	int64_t *turns; /* turns the part has: ceil(size / chunk) */
	int64_t *full;	/* of them full ones: floor(size / chunk) */
	uint32_t n;
	int64_t pos;
};

/* Where byte pos of the whole is: part *i, offset *at in it, and *run
 * bytes of the same turn from there; false past the end. Rounds (one
 * turn of each part still active) are walked in phases: while every
 * active part gives a full turn the rounds have one length and are
 * skipped in one step, so a lookup costs O(parts^2), not O(rounds). */
static bool locate(const struct interleave *il, int64_t pos, uint32_t *i, int64_t *at,
		   int64_t *run)
{
	int64_t r = 0, base = 0; /* round r begins at base */
	for (;;) {
		int64_t m = INT64_MAX, len = 0;
		bool any = false;
		for (uint32_t k = 0; k < il->n; k++) {
			if (r >= il->turns[k])
				continue;
			any = true;
			len += il->chunk[k];
			m = il->full[k] - r < m ? il->full[k] - r : m;
		}
		if (!any)
			return false;
		if (m > 0) {
			/* m rounds of len bytes each; m * len <= the sum of
			 * the active parts' sizes, no overflow. */
			if ((pos - base) / len < m) {
				int64_t q = (pos - base) / len, off = (pos - base) % len;
				for (uint32_t k = 0; k < il->n; k++) {
					if (r >= il->turns[k])
						continue;
					if (off < il->chunk[k]) {
						*i = k;
						*at = (r + q) * il->chunk[k] + off;
						*run = il->chunk[k] - off;
						return true;
					}
					off -= il->chunk[k];
				}
			}
			base += m * len;
			r += m;
			continue;
		}
		/* A round in which some part gives its short last turn. */
		for (uint32_t k = 0; k < il->n; k++) {
			if (r >= il->turns[k])
				continue;
			int64_t t = r < il->full[k] ? il->chunk[k] : il->parts[k].size - r * il->chunk[k];
			if (pos - base < t) {
				*i = k;
				*at = r * il->chunk[k] + (pos - base);
				*run = t - (pos - base);
				return true;
			}
			base += t;
		}
		r++;
	}
}

static db_status il_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct interleave *il = s->ctx;
	*got = 0;
	uint32_t i;
	int64_t at, run;
	*eof = il->n == 0 || !locate(il, il->pos, &i, &at, &run);
	if (*eof || len == 0)
		return DB_S_OK;
	if ((int64_t)len > run)
		len = (size_t)run;
	db_status st = db__stream_part_read(&il->parts[i], at, buf, len, got);
	il->pos += (int64_t)*got;
	return st;
}

static db_status il_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			 int64_t *pos)
{
	struct interleave *il = s->ctx;
	db_status st = db__stream_seek_position(il->pos, s->size, offset, origin, pos);
	if (db_succeeded(st))
		il->pos = *pos;
	return st;
}

static void il_close(struct db_stream *s)
{
	struct interleave *il = s->ctx;
	for (uint32_t i = 0; i < il->n; i++)
		db_stream_close(il->parts[i].s);
	free(il->parts);
	free(il->chunk);
	free(il->turns);
	free(il->full);
	free(il);
	db_stream_free(s);
}

static const struct db_stream_ops il_ops = {.read = il_read, .close = il_close, .seek = il_seek};

db_status db_stream_interleave_create(struct db_stream **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = NULL;
	struct interleave *il = calloc(1, sizeof(*il));
	if (!il)
		return DB_E_OUTOFMEMORY;
	db_status st = db_stream_create(&il_ops, il, 0, out);
	if (db_failed(st))
		free(il);
	return st;
}

db_status db_stream_interleave_initialize(struct db_stream *s, struct db_stream *const *streams,
					  const uint32_t *interleave_sizes, uint32_t count)
{
	if (!s || !interleave_sizes)
		return DB_E_POINTER;
	struct interleave *il = s->ops == &il_ops ? s->ctx : NULL;
	if (!il || il->n)
		return DB_E_INVALIDARG;
	int64_t total = 0;
	db_status st = db__stream_parts_check(s, NULL, 0, streams, count, &total);
	if (db_failed(st))
		return st;
	for (uint32_t i = 0; i < count; i++)
		if (interleave_sizes[i] == 0)
			return DB_E_INVALIDARG;
	il->parts = calloc(count, sizeof(*il->parts));
	il->chunk = calloc(count, sizeof(*il->chunk));
	il->turns = calloc(count, sizeof(*il->turns));
	il->full = calloc(count, sizeof(*il->full));
	if (!il->parts || !il->chunk || !il->turns || !il->full) {
		free(il->parts);
		free(il->chunk);
		free(il->turns);
		free(il->full);
		il->parts = NULL;
		il->chunk = il->turns = il->full = NULL;
		return DB_E_OUTOFMEMORY;
	}
	for (uint32_t i = 0; i < count; i++) {
		int64_t size = db_stream_size(streams[i]), c = interleave_sizes[i];
		il->parts[i] = (struct db__stream_part){.s = streams[i], .size = size, .pos = 0};
		il->chunk[i] = c;
		il->full[i] = size / c;
		il->turns[i] = size / c + (size % c != 0);
	}
	il->n = count;
	s->size = total;
	return DB_S_OK;
}
