/* Streams: where WriteSection's data comes from (IMAPI2 takes an IStream).
 * A file, stdin, or any source given as ops (a generated pattern, a
 * zero stream). Reads may come back short; a read that has nothing yet
 * (a pipe that is slow) returns with *got = 0 and *eof = false after a
 * short poll, so the reader thread notices a cancel without waiting for
 * the producer of the pipe. */
#ifndef DISCBURN_STREAM_H
#define DISCBURN_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_stream;

struct db_stream_ops {
	db_status (*read)(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof);
	void (*close)(struct db_stream *s);
};

struct db_stream {
	const struct db_stream_ops *ops;
	int64_t size; /* bytes, -1 when unknown (a pipe without --size) */
	void *ctx; /* for ops-based streams */
};

/* path "-" is stdin. Regular files and block devices know their size. */
db_status db_stream_open_file(const char *path, struct db_stream **out);
/* An open fd; size -1 = unknown; own: close the fd with the stream. */
db_status db_stream_from_fd(int fd, int64_t size, bool own, struct db_stream **out);
/* A stream served by ops; ctx is stored in s->ctx. ops->close releases
 * ctx and then calls db_stream_free(s). */
db_status db_stream_create(const struct db_stream_ops *ops, void *ctx, int64_t size,
			   struct db_stream **out);
db_status db_stream_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof);
int64_t db_stream_size(const struct db_stream *s);
void db_stream_close(struct db_stream *s);
void db_stream_free(struct db_stream *s);

#ifdef __cplusplus
}
#endif

#endif
