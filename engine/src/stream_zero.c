/* MsftStreamZero (imapi2.h): zeros of a size set with SetSize,
 * seekable. */
#include <stdlib.h>
#include <string.h>

#include "stream_internal.h"

static db_status zero_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	*got = 0;
	*eof = *pos >= s->size;
	if (*eof)
		return DB_S_OK;
	if ((int64_t)len > s->size - *pos)
		len = (size_t)(s->size - *pos);
	memset(buf, 0, len);
	*pos += (int64_t)len;
	*got = len;
	return DB_S_OK;
}

static db_status zero_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			   int64_t *pos)
{
	int64_t *at = s->ctx;
	db_status st = db__stream_seek_position(*at, s->size, offset, origin, pos);
	if (db_succeeded(st))
		*at = *pos;
	return st;
}

static db_status zero_set_size(struct db_stream *s, int64_t size)
{
	s->size = size;
	return DB_S_OK;
}

static void zero_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops zero_ops = {
	.read = zero_read, .close = zero_close, .seek = zero_seek, .set_size = zero_set_size};

db_status db_stream_zero_create(struct db_stream **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = NULL;
	int64_t *pos = calloc(1, sizeof(*pos));
	if (!pos)
		return DB_E_OUTOFMEMORY;
	db_status st = db_stream_create(&zero_ops, pos, 0, out);
	if (db_failed(st))
		free(pos);
	return st;
}
