/* MsftStreamConcatenate (IStreamConcatenate, imapi2.h): parts read one
 * after another. The semantics and the errors are in stream.h. */
#include <stdlib.h>

#include "stream_internal.h"

struct concat {
	struct db__stream_part *parts;
	int64_t *start; /* start[i]: where part i begins in the whole */
	uint32_t n, cap;
	bool initialized;
	int64_t pos;
	uint32_t cur; /* the part pos was last in: the sequential case is O(1) */
};

/* The part holding byte pos (< size): a part of size 0 holds none. */
static uint32_t part_at(struct concat *c, int64_t pos)
{
	uint32_t i = c->cur < c->n && c->start[c->cur] <= pos ? c->cur : 0;
	while (pos >= c->start[i] + c->parts[i].size)
		i++;
	c->cur = i;
	return i;
}

static db_status concat_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct concat *c = s->ctx;
	*got = 0;
	*eof = c->pos >= s->size;
	if (*eof || len == 0)
		return DB_S_OK;
	uint32_t i = part_at(c, c->pos);
	db_status st = db__stream_part_read(&c->parts[i], c->pos - c->start[i], buf, len, got);
	c->pos += (int64_t)*got;
	return st;
}

static db_status concat_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			     int64_t *pos)
{
	struct concat *c = s->ctx;
	db_status st = db__stream_seek_position(c->pos, s->size, offset, origin, pos);
	if (db_succeeded(st))
		c->pos = *pos;
	return st;
}

static void concat_close(struct db_stream *s)
{
	struct concat *c = s->ctx;
	for (uint32_t i = 0; i < c->n; i++)
		db_stream_close(c->parts[i].s);
	free(c->parts);
	free(c->start);
	free(c);
	db_stream_free(s);
}

static const struct db_stream_ops concat_ops = {
	.read = concat_read, .close = concat_close, .seek = concat_seek};

db_status db_stream_concatenate_create(struct db_stream **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = NULL;
	struct concat *c = calloc(1, sizeof(*c));
	if (!c)
		return DB_E_OUTOFMEMORY;
	db_status st = db_stream_create(&concat_ops, c, 0, out);
	if (db_failed(st))
		free(c);
	return st;
}

static struct concat *concat_of(struct db_stream *s)
{
	return s && s->ops == &concat_ops ? s->ctx : NULL;
}

/* Adds the parts, all or none: checked and room made before the first
 * is taken, so on failure the caller still owns every stream. */
static db_status add_parts(struct db_stream *s, struct db_stream *const *streams, uint32_t count)
{
	struct concat *c = s->ctx;
	int64_t total = s->size;
	db_status st = db__stream_parts_check(s, c->parts, c->n, streams, count, &total);
	if (db_failed(st))
		return st;
	if (count > UINT32_MAX - c->n)
		return DB_E_INVALIDARG;
	if (c->n + count > c->cap) {
		uint32_t cap = c->n + count;
		struct db__stream_part *p = realloc(c->parts, cap * sizeof(*p));
		if (!p)
			return DB_E_OUTOFMEMORY;
		c->parts = p;
		int64_t *start = realloc(c->start, cap * sizeof(*start));
		if (!start)
			return DB_E_OUTOFMEMORY;
		c->start = start;
		c->cap = cap;
	}
	for (uint32_t i = 0; i < count; i++) {
		int64_t size = db_stream_size(streams[i]);
		c->parts[c->n] = (struct db__stream_part){.s = streams[i], .size = size, .pos = 0};
		c->start[c->n] = s->size;
		s->size += size;
		c->n++;
	}
	return DB_S_OK;
}

db_status db_stream_concatenate_initialize2(struct db_stream *cat, struct db_stream *const *streams,
					    uint32_t count)
{
	if (!cat)
		return DB_E_POINTER;
	struct concat *c = concat_of(cat);
	/* IMAPI: E_INVALIDARG, "This stream has already been initialized." */
	if (!c || c->initialized)
		return DB_E_INVALIDARG;
	db_status st = add_parts(cat, streams, count);
	if (db_succeeded(st))
		c->initialized = true;
	return st;
}

db_status db_stream_concatenate_initialize(struct db_stream *cat, struct db_stream *stream1,
					   struct db_stream *stream2)
{
	struct db_stream *const two[] = {stream1, stream2};
	return db_stream_concatenate_initialize2(cat, two, 2);
}

db_status db_stream_concatenate_append2(struct db_stream *cat, struct db_stream *const *streams,
					uint32_t count)
{
	if (!cat)
		return DB_E_POINTER;
	struct concat *c = concat_of(cat);
	/* IMAPI: Initialize or Initialize2 must come first. */
	if (!c || !c->initialized)
		return DB_E_INVALIDARG;
	return add_parts(cat, streams, count);
}

db_status db_stream_concatenate_append(struct db_stream *cat, struct db_stream *stream)
{
	return db_stream_concatenate_append2(cat, &stream, 1);
}
