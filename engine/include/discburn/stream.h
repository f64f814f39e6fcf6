/* Streams: where WriteSection's data comes from (IMAPI2 takes an IStream).
 * A file, stdin, or any source given as ops (a generated pattern, a
 * zero stream). Reads may come back short; a read that has nothing yet
 * (a pipe that is slow) returns with *got = 0 and *eof = false after a
 * short poll, so the reader thread notices a cancel without waiting for
 * the producer of the pipe.
 *
 * The IStream members IMAPI's helpers rely on are here too: Seek
 * (db_stream_seek) and SetSize (db_stream_set_size), both optional for a
 * stream (a pipe cannot seek, a file opened for reading cannot change its
 * size); Stat's size is db_stream_size. The helper objects of imapi2.h
 * follow: MsftStreamConcatenate, MsftStreamInterleave, MsftStreamPrng001
 * (IStreamPseudoRandomBased) and MsftStreamZero (docs/engine.md,
 * "Stream helpers"). */
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

/* IStream::Seek's origins (STREAM_SEEK_SET, _CUR, _END). */
enum db_stream_seek_origin {
	DB_STREAM_SEEK_SET = 0,
	DB_STREAM_SEEK_CUR = 1,
	DB_STREAM_SEEK_END = 2,
};

struct db_stream_ops {
	db_status (*read)(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof);
	void (*close)(struct db_stream *s);
	/* Optional (NULL: the stream cannot): moves the read position to
	 * offset from origin and gives the new position. A position past
	 * the end is allowed (reads there give eof), a negative one is not. */
	db_status (*seek)(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			  int64_t *pos);
	/* Optional: IStream::SetSize, for streams whose length is theirs to
	 * choose (zero, pseudo-random); updates s->size. */
	db_status (*set_size)(struct db_stream *s, int64_t size);
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
/* IStream::Seek. ERROR_NOT_SUPPORTED when the stream cannot seek (a pipe,
 * ops without seek), E_INVALIDARG for a bad origin or a position before
 * the start. pos may be NULL. Files and block devices seek. */
db_status db_stream_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			 int64_t *pos);
/* IStream::SetSize: ERROR_NOT_SUPPORTED for a stream whose size is not
 * its own (a file opened for reading, a pipe), E_INVALIDARG for a
 * negative size. The read position stays where it is. */
db_status db_stream_set_size(struct db_stream *s, int64_t size);
void db_stream_close(struct db_stream *s);
void db_stream_free(struct db_stream *s);

/* ---- MsftStreamConcatenate (IStreamConcatenate) --------------------------
 * One stream that reads its parts one after the other. Created empty;
 * Initialize (two parts) or Initialize2 (an array) gives it its first
 * parts, once; Append / Append2 add more after that, as IMAPI requires
 * (IMAPI documents E_NOTIMPL for them; here they work). Each part must
 * know its size (IMAPI's streams all answer Stat); the concatenation's
 * size is their sum. A part that ends before its size fails the read with
 * ERROR_HANDLE_EOF, bytes past it are not read: the parts' offsets in the
 * whole never shift. Reading front to back never seeks a part (so pipes of
 * a known size are fine); a seek of the whole seeks the part it lands in
 * when that part is read next. The concatenation owns its parts from a
 * successful call on: it closes them when it is closed. The same stream
 * given twice is refused (E_INVALIDARG; IMAPI leaves it undefined).
 * Errors: E_POINTER for a NULL stream or array, E_INVALIDARG for a stream
 * that is no concatenation, an Initialize on one already initialized, an
 * Append before Initialize, a count of 0, a part of unknown size. */
db_status db_stream_concatenate_create(struct db_stream **out);
db_status db_stream_concatenate_initialize(struct db_stream *cat, struct db_stream *stream1,
					   struct db_stream *stream2);
db_status db_stream_concatenate_initialize2(struct db_stream *cat, struct db_stream *const *streams,
					    uint32_t count);
db_status db_stream_concatenate_append(struct db_stream *cat, struct db_stream *stream);
db_status db_stream_concatenate_append2(struct db_stream *cat, struct db_stream *const *streams,
					uint32_t count);

/* ---- MsftStreamInterleave (IStreamInterleave) ----------------------------
 * One stream made of turns: interleave_sizes[0] bytes of streams[0], then
 * interleave_sizes[1] bytes of streams[1], ..., then streams[0] again
 * (IMAPI's example: user data interleaved with subcode). IMAPI does not
 * say what happens when the parts run out at different times; here a part
 * that has ended is skipped and its last turn is as long as what it had
 * left, so every byte of every part is read once and the size is the sum
 * of the parts' sizes. Initialize once; ownership, sizes, seeking and the
 * errors as for the concatenation, plus E_INVALIDARG for an interleave
 * size of 0. */
db_status db_stream_interleave_create(struct db_stream **out);
db_status db_stream_interleave_initialize(struct db_stream *il, struct db_stream *const *streams,
					  const uint32_t *interleave_sizes, uint32_t count);

/* ---- MsftStreamPrng001 (IStreamPseudoRandomBased) ------------------------
 * Read-only pseudo-random bytes (not cryptographic), size 0 until
 * db_stream_set_size, seekable. IMAPI does not document its generator, so
 * the bytes differ from Windows' for the same seed. Ours: the seed words
 * are folded into a 64-bit key k (k = 0; for each word w, k =
 * splitmix64_mix(k ^ w) with w as a 64-bit value), and byte i of the
 * stream is byte i % 8 (little-endian) of splitmix64_mix(k + (i / 8 + 1) *
 * 0x9E3779B97F4A7C15): SplitMix64 (Steele, Lea, Flood, OOPSLA 2014)
 * seeded with k, so byte i is found without reading those before it.
 * splitmix64_mix(z) is z = (z ^ z >> 30) * 0xBF58476D1CE4E5B9; z = (z ^ z
 * >> 27) * 0x94D049BB133111EB; z ^ z >> 31. The default seed is 0.
 * put_seed(v) is put_extended_seed({v}, 1); both seek to the start, as
 * IMAPI says. get_seed gives the first word of an extended seed;
 * get_extended_seed a malloc'd copy (free() it), {seed} after put_seed.
 * E_INVALIDARG for a stream that is not one of these or a count of 0,
 * E_POINTER for NULL. */
db_status db_stream_pseudo_random_create(struct db_stream **out);
db_status db_stream_pseudo_random_put_seed(struct db_stream *s, uint32_t seed);
db_status db_stream_pseudo_random_get_seed(const struct db_stream *s, uint32_t *seed);
db_status db_stream_pseudo_random_put_extended_seed(struct db_stream *s, const uint32_t *values,
						    uint32_t count);
db_status db_stream_pseudo_random_get_extended_seed(const struct db_stream *s, uint32_t **values,
						    uint32_t *count);

/* ---- MsftStreamZero ------------------------------------------------------
 * Zeros, size 0 until db_stream_set_size, seekable. */
db_status db_stream_zero_create(struct db_stream **out);

#ifdef __cplusplus
}
#endif

#endif
