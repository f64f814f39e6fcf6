/* The pieces the stream helpers share (stream_internal.h). */
#include "stream_internal.h"

db_status db__stream_seek_position(int64_t cur, int64_t size, int64_t offset,
				   enum db_stream_seek_origin origin, int64_t *pos)
{
	int64_t base = origin == DB_STREAM_SEEK_SET ? 0 : origin == DB_STREAM_SEEK_CUR ? cur : size;
	if (offset > 0 && base > INT64_MAX - offset)
		return DB_E_INVALIDARG;
	/* IStream::Seek: a position before the start is an error (COM's
	 * STG_E_INVALIDFUNCTION), one past the end is allowed. */
	if (base + offset < 0)
		return DB_E_INVALIDARG;
	*pos = base + offset;
	return DB_S_OK;
}

db_status db__stream_part_read(struct db__stream_part *p, int64_t at, void *buf, size_t len,
			       size_t *got)
{
	*got = 0;
	if (p->pos != at) {
		int64_t now;
		db_status st = db_stream_seek(p->s, at, DB_STREAM_SEEK_SET, &now);
		if (db_failed(st))
			return st;
		p->pos = now;
	}
	if ((int64_t)len > p->size - at)
		len = (size_t)(p->size - at);
	bool eof = false;
	db_status st = db_stream_read(p->s, buf, len, got, &eof);
	if (db_failed(st))
		return st;
	p->pos += (int64_t)*got;
	/* The part said it had size bytes and has fewer: what follows it in
	 * the whole would move, so the whole fails instead. */
	if (*got == 0 && eof)
		return DB_ERROR_HANDLE_EOF;
	return DB_S_OK;
}

db_status db__stream_parts_check(const struct db_stream *self, const struct db__stream_part *have,
				 uint32_t n_have, struct db_stream *const *streams, uint32_t count,
				 int64_t *total)
{
	if (!streams)
		return DB_E_POINTER;
	if (count == 0)
		return DB_E_INVALIDARG;
	int64_t sum = *total;
	for (uint32_t i = 0; i < count; i++) {
		const struct db_stream *s = streams[i];
		if (!s)
			return DB_E_POINTER;
		/* IMAPI leaves a stream given twice undefined: here its
		 * position would be shared by two parts, and it would be
		 * closed twice. */
		if (s == self)
			return DB_E_INVALIDARG;
		for (uint32_t j = 0; j < n_have; j++)
			if (have[j].s == s)
				return DB_E_INVALIDARG;
		for (uint32_t j = 0; j < i; j++)
			if (streams[j] == s)
				return DB_E_INVALIDARG;
		int64_t size = db_stream_size(s);
		if (size < 0 || size > INT64_MAX - sum)
			return DB_E_INVALIDARG;
		sum += size;
	}
	*total = sum;
	return DB_S_OK;
}
