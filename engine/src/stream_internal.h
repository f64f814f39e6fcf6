/* What the stream helpers (stream_concatenate.c, stream_interleave.c,
 * stream_pseudo_random.c, stream_zero.c) share: IStream::Seek's position
 * arithmetic, and reading a part of a composite stream at an offset. */
#ifndef DISCBURN_STREAM_INTERNAL_H
#define DISCBURN_STREAM_INTERNAL_H

#include "discburn/stream.h"

/* The position a seek of offset from origin gives, for a stream now at
 * cur with size bytes: E_INVALIDARG before the start or past INT64_MAX. */
db_status db__stream_seek_position(int64_t cur, int64_t size, int64_t offset,
				   enum db_stream_seek_origin origin, int64_t *pos);

/* A part of a composite stream, and where the part's own read position
 * is (what has been read of it, or where it was last sought to). */
struct db__stream_part {
	struct db_stream *s;
	int64_t size;
	int64_t pos;
};

/* Reads up to len bytes of the part from offset at (< size): seeks the
 * part first when it is not there (ERROR_NOT_SUPPORTED if it cannot);
 * never reads past the part's size; a part that ends before its size
 * is ERROR_HANDLE_EOF. *got = 0 without an error: a slow pipe, try
 * again. */
db_status db__stream_part_read(struct db__stream_part *p, int64_t at, void *buf, size_t len,
			       size_t *got);

/* Checks an array of would-be parts for a composite that already has
 * have[0..n_have): E_POINTER for NULL, E_INVALIDARG for an unknown size,
 * the composite itself, or a stream given twice; the sum of the sizes
 * (with *total on entry) must stay within int64_t. */
db_status db__stream_parts_check(const struct db_stream *self, const struct db__stream_part *have,
				 uint32_t n_have, struct db_stream *const *streams, uint32_t count,
				 int64_t *total);

#endif
