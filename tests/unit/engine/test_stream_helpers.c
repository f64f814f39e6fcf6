/* The stream helpers of imapi2.h (stream.h): MsftStreamConcatenate,
 * MsftStreamInterleave, MsftStreamPrng001 and MsftStreamZero, with the
 * IStream Seek and SetSize they answer; file streams' seek. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/stream.h"

/* ---- a memory stream: bytes it owns, seekable or not, maybe short ---- */

struct mem {
	uint8_t *data;
	int64_t len; /* what it really has */
	int64_t pos;
	size_t max_read; /* 0: no limit; else reads come back this short */
	int *closed;	 /* incremented on close */
};

static db_status mem_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct mem *m = s->ctx;
	if (m->max_read && len > m->max_read)
		len = m->max_read;
	size_t n = m->pos >= m->len ? 0 : (size_t)(m->len - m->pos) < len ? (size_t)(m->len - m->pos) : len;
	memcpy(buf, m->data + m->pos, n);
	m->pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static db_status mem_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			  int64_t *pos)
{
	struct mem *m = s->ctx;
	int64_t base = origin == DB_STREAM_SEEK_SET ? 0 : origin == DB_STREAM_SEEK_CUR ? m->pos : m->len;
	if (base + offset < 0)
		return DB_E_INVALIDARG;
	m->pos = *pos = base + offset;
	return DB_S_OK;
}

static void mem_close(struct db_stream *s)
{
	struct mem *m = s->ctx;
	if (m->closed)
		(*m->closed)++;
	free(m->data);
	free(m);
	db_stream_free(s);
}

static const struct db_stream_ops mem_ops = {.read = mem_read, .close = mem_close, .seek = mem_seek};
static const struct db_stream_ops mem_ops_noseek = {.read = mem_read, .close = mem_close};

/* A stream of len bytes tag, tag+1, ... that says it has size bytes. */
static struct db_stream *mem_new(int64_t len, int64_t size, uint8_t tag, bool seekable, int *closed)
{
	struct mem *m = calloc(1, sizeof(*m));
	m->data = malloc(len ? (size_t)len : 1);
	for (int64_t i = 0; i < len; i++)
		m->data[i] = (uint8_t)(tag + i);
	m->len = len;
	m->closed = closed;
	struct db_stream *s;
	assert_int_equal(db_stream_create(seekable ? &mem_ops : &mem_ops_noseek, m, size, &s), DB_S_OK);
	return s;
}

/* Reads to eof in reads of at most chunk bytes; returns the count. */
static size_t read_all(struct db_stream *s, uint8_t *out, size_t cap, size_t chunk)
{
	size_t have = 0, got;
	bool eof = false;
	while (!eof) {
		size_t want = cap - have < chunk ? cap - have : chunk;
		assert_int_equal(db_stream_read(s, out + have, want, &got, &eof), DB_S_OK);
		have += got;
		if (have == cap) {
			/* one more read must say eof */
			uint8_t extra;
			assert_int_equal(db_stream_read(s, &extra, 1, &got, &eof), DB_S_OK);
			assert_int_equal(got, 0);
			assert_true(eof);
		}
	}
	return have;
}

/* Reads exactly n bytes, in reads of at most chunk. */
static void read_n(struct db_stream *s, uint8_t *out, size_t n, size_t chunk)
{
	size_t have = 0, got;
	bool eof = false;
	while (have < n) {
		size_t want = n - have < chunk ? n - have : chunk;
		assert_int_equal(db_stream_read(s, out + have, want, &got, &eof), DB_S_OK);
		assert_false(eof);
		have += got;
	}
}

/* ---- concatenation ---------------------------------------------------- */

static void test_concatenate_reads_parts_in_order(void **state)
{
	(void)state;
	int closed = 0;
	struct db_stream *c;
	assert_int_equal(db_stream_concatenate_create(&c), DB_S_OK);
	assert_int_equal(db_stream_size(c), 0);
	struct db_stream *a = mem_new(5, 5, 0x10, true, &closed);
	struct db_stream *b = mem_new(0, 0, 0x20, true, &closed); /* an empty part */
	struct db_stream *d = mem_new(7, 7, 0x30, true, &closed);
	struct db_stream *e = mem_new(3, 3, 0x40, true, &closed);
	struct db_stream *f = mem_new(4, 4, 0x50, true, &closed);
	/* Append before Initialize: IMAPI says Initialize comes first. */
	assert_int_equal(db_stream_concatenate_append(c, d), DB_E_INVALIDARG);
	assert_int_equal(db_stream_concatenate_initialize(c, a, b), DB_S_OK);
	assert_int_equal(db_stream_size(c), 5);
	/* Initialize once only (IMAPI: "already been initialized"). */
	assert_int_equal(db_stream_concatenate_initialize(c, d, e), DB_E_INVALIDARG);
	struct db_stream *more[] = {e, f};
	assert_int_equal(db_stream_concatenate_append(c, d), DB_S_OK);
	assert_int_equal(db_stream_concatenate_append2(c, more, 2), DB_S_OK);
	assert_int_equal(db_stream_size(c), 19);
	uint8_t want[19], got[19];
	for (int i = 0; i < 5; i++)
		want[i] = (uint8_t)(0x10 + i);
	for (int i = 0; i < 7; i++)
		want[5 + i] = (uint8_t)(0x30 + i);
	for (int i = 0; i < 3; i++)
		want[12 + i] = (uint8_t)(0x40 + i);
	for (int i = 0; i < 4; i++)
		want[15 + i] = (uint8_t)(0x50 + i);
	assert_int_equal(read_all(c, got, sizeof(got), 1000), 19);
	assert_memory_equal(got, want, 19);
	/* Seek: set, current, end, and reads that cross parts. */
	int64_t pos;
	assert_int_equal(db_stream_seek(c, 3, DB_STREAM_SEEK_SET, &pos), DB_S_OK);
	assert_int_equal(pos, 3);
	assert_int_equal(read_all(c, got, 16, 4), 16);
	assert_memory_equal(got, want + 3, 16);
	assert_int_equal(db_stream_seek(c, -6, DB_STREAM_SEEK_END, &pos), DB_S_OK);
	assert_int_equal(pos, 13);
	assert_int_equal(db_stream_seek(c, -2, DB_STREAM_SEEK_CUR, &pos), DB_S_OK);
	assert_int_equal(pos, 11);
	assert_int_equal(read_all(c, got, 8, 1), 8);
	assert_memory_equal(got, want + 11, 8);
	/* Every position, backwards: each read seeks the part it lands in. */
	for (int p = 18; p >= 0; p--) {
		size_t n;
		bool eof;
		assert_int_equal(db_stream_seek(c, p, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
		assert_int_equal(db_stream_read(c, got, 1, &n, &eof), DB_S_OK);
		assert_int_equal(n, 1);
		assert_int_equal(got[0], want[p]);
	}
	/* Before the start: refused; past the end: allowed, reads eof. */
	assert_int_equal(db_stream_seek(c, -1, DB_STREAM_SEEK_SET, &pos), DB_E_INVALIDARG);
	assert_int_equal(db_stream_seek(c, 100, DB_STREAM_SEEK_SET, &pos), DB_S_OK);
	size_t n;
	bool eof;
	assert_int_equal(db_stream_read(c, got, 1, &n, &eof), DB_S_OK);
	assert_int_equal(n, 0);
	assert_true(eof);
	assert_int_equal(db_stream_seek(c, 0, (enum db_stream_seek_origin)7, &pos), DB_E_INVALIDARG);
	/* The concatenation owns its parts. */
	db_stream_close(c);
	assert_int_equal(closed, 5);
}

static void test_concatenate_refusals_leave_the_parts_to_the_caller(void **state)
{
	(void)state;
	int closed = 0;
	struct db_stream *c, *x;
	assert_int_equal(db_stream_concatenate_create(&c), DB_S_OK);
	struct db_stream *a = mem_new(4, 4, 0, true, &closed);
	struct db_stream *unknown = mem_new(4, -1, 0, true, &closed);
	assert_int_equal(db_stream_concatenate_create(NULL), DB_E_POINTER);
	assert_int_equal(db_stream_concatenate_initialize(c, a, NULL), DB_E_POINTER);
	assert_int_equal(db_stream_concatenate_initialize2(c, NULL, 2), DB_E_POINTER);
	assert_int_equal(db_stream_concatenate_initialize2(c, &a, 0), DB_E_INVALIDARG);
	/* The same stream twice, the concatenation in itself, a size
	 * that is not known: refused, nothing taken. */
	assert_int_equal(db_stream_concatenate_initialize(c, a, a), DB_E_INVALIDARG);
	assert_int_equal(db_stream_concatenate_initialize(c, a, c), DB_E_INVALIDARG);
	assert_int_equal(db_stream_concatenate_initialize(c, a, unknown), DB_E_INVALIDARG);
	assert_int_equal(db_stream_size(c), 0);
	/* A stream that is no concatenation. */
	assert_int_equal(db_stream_concatenate_initialize(a, unknown, c), DB_E_INVALIDARG);
	assert_int_equal(db_stream_concatenate_append(a, c), DB_E_INVALIDARG);
	assert_int_equal(db_stream_concatenate_append(NULL, a), DB_E_POINTER);
	assert_int_equal(closed, 0);
	/* Now a good one, then an Append of a part it already has. */
	assert_int_equal(db_stream_concatenate_create(&x), DB_S_OK);
	assert_int_equal(db_stream_concatenate_initialize2(x, &a, 1), DB_S_OK);
	assert_int_equal(db_stream_concatenate_append(x, a), DB_E_INVALIDARG);
	/* set_size is not a concatenation's to change. */
	assert_int_equal(db_stream_set_size(x, 10), DB_ERROR_NOT_SUPPORTED);
	db_stream_close(x);
	assert_int_equal(closed, 1);
	db_stream_close(unknown);
	db_stream_close(c);
	assert_int_equal(closed, 2);
}

static void test_concatenate_short_part_and_unseekable_part(void **state)
{
	(void)state;
	struct db_stream *c;
	uint8_t buf[64];
	size_t n;
	bool eof;
	/* A part that says 8 and has 5: the read after its fifth byte
	 * fails, the next part's bytes never slide into its place. */
	assert_int_equal(db_stream_concatenate_create(&c), DB_S_OK);
	assert_int_equal(db_stream_concatenate_initialize(c, mem_new(5, 8, 0, true, NULL),
							  mem_new(4, 4, 0x80, true, NULL)),
			 DB_S_OK);
	assert_int_equal(db_stream_size(c), 12);
	assert_int_equal(db_stream_read(c, buf, sizeof(buf), &n, &eof), DB_S_OK);
	assert_int_equal(n, 5);
	assert_int_equal(db_stream_read(c, buf, sizeof(buf), &n, &eof), DB_ERROR_HANDLE_EOF);
	db_stream_close(c);
	/* A part that has more than it says: only its size is read. */
	assert_int_equal(db_stream_concatenate_create(&c), DB_S_OK);
	assert_int_equal(db_stream_concatenate_initialize(c, mem_new(9, 3, 0, true, NULL),
							  mem_new(2, 2, 0x80, true, NULL)),
			 DB_S_OK);
	assert_int_equal(read_all(c, buf, 5, 64), 5);
	const uint8_t want[] = {0, 1, 2, 0x80, 0x81};
	assert_memory_equal(buf, want, 5);
	db_stream_close(c);
	/* Parts that cannot seek read front to back; a seek back into one
	 * fails at the read with ERROR_NOT_SUPPORTED. */
	assert_int_equal(db_stream_concatenate_create(&c), DB_S_OK);
	struct db_stream *s1 = mem_new(6, 6, 0, false, NULL);
	struct db_stream *s2 = mem_new(6, 6, 0x60, false, NULL);
	((struct mem *)s1->ctx)->max_read = 4; /* short reads too */
	assert_int_equal(db_stream_concatenate_initialize(c, s1, s2), DB_S_OK);
	assert_int_equal(read_all(c, buf, 12, 64), 12);
	assert_int_equal(buf[5], 5);
	assert_int_equal(buf[6], 0x60);
	assert_int_equal(db_stream_seek(c, 2, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
	assert_int_equal(db_stream_read(c, buf, 1, &n, &eof), DB_ERROR_NOT_SUPPORTED);
	db_stream_close(c);
}

/* ---- interleave ------------------------------------------------------- */

/* The reference: round after round, each part in order gives
 * min(chunk, what it has left); an exhausted part is skipped. */
static size_t interleave_reference(const int64_t *sizes, const uint32_t *chunks, const uint8_t *tags,
				   unsigned n, uint8_t *out)
{
	int64_t left[8], off[8];
	size_t o = 0;
	for (unsigned k = 0; k < n; k++) {
		left[k] = sizes[k];
		off[k] = 0;
	}
	for (bool any = true; any;) {
		any = false;
		for (unsigned k = 0; k < n; k++) {
			int64_t t = left[k] < chunks[k] ? left[k] : chunks[k];
			for (int64_t i = 0; i < t; i++)
				out[o++] = (uint8_t)(tags[k] + off[k] + i);
			off[k] += t;
			left[k] -= t;
			any = any || t > 0;
		}
	}
	return o;
}

static void check_interleave(const int64_t *sizes, const uint32_t *chunks, unsigned n)
{
	static const uint8_t tags[8] = {0x00, 0x40, 0x80, 0xC0, 0x20, 0x60, 0xA0, 0xE0};
	struct db_stream *parts[8], *il;
	int64_t total = 0;
	for (unsigned k = 0; k < n; k++) {
		parts[k] = mem_new(sizes[k], sizes[k], tags[k], true, NULL);
		total += sizes[k];
	}
	assert_int_equal(db_stream_interleave_create(&il), DB_S_OK);
	assert_int_equal(db_stream_interleave_initialize(il, parts, chunks, n), DB_S_OK);
	assert_int_equal(db_stream_size(il), total);
	uint8_t *want = malloc((size_t)total + 1), *got = malloc((size_t)total + 1);
	assert_int_equal(interleave_reference(sizes, chunks, tags, n, want), total);
	size_t reads[] = {1, 3, 7, 4096};
	for (unsigned r = 0; r < 4; r++) {
		assert_int_equal(db_stream_seek(il, 0, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
		assert_int_equal(read_all(il, got, (size_t)total, reads[r]), total);
		assert_memory_equal(got, want, (size_t)total);
	}
	/* Every position on its own: the lookup, not only the walk. */
	for (int64_t p = total - 1; p >= 0; p--) {
		size_t k;
		bool eof;
		assert_int_equal(db_stream_seek(il, p, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
		assert_int_equal(db_stream_read(il, got, 1, &k, &eof), DB_S_OK);
		assert_int_equal(k, 1);
		assert_int_equal(got[0], want[p]);
	}
	free(want);
	free(got);
	db_stream_close(il);
}

static void test_interleave_turns(void **state)
{
	(void)state;
	/* IMAPI's case: equal turns (2352 user bytes, 96 subcode bytes). */
	const int64_t cd[] = {2352 * 5, 96 * 5};
	const uint32_t cd_chunks[] = {2352, 96};
	check_interleave(cd, cd_chunks, 2);
	/* Parts that end at different rounds, with short last turns. */
	const int64_t sizes[] = {10, 4, 7};
	const uint32_t chunks[] = {3, 2, 4};
	check_interleave(sizes, chunks, 3);
	/* Pseudo-random shapes, an empty part among them. */
	srand(16);
	for (int t = 0; t < 40; t++) {
		int64_t sz[5];
		uint32_t ch[5];
		unsigned n = 1 + (unsigned)(rand() % 5);
		for (unsigned k = 0; k < n; k++) {
			sz[k] = rand() % 60;
			ch[k] = 1 + (uint32_t)(rand() % 9);
		}
		check_interleave(sz, ch, n);
	}
}

static void test_interleave_refusals(void **state)
{
	(void)state;
	int closed = 0;
	struct db_stream *il;
	struct db_stream *p[2] = {mem_new(4, 4, 0, true, &closed), mem_new(4, 4, 0, true, &closed)};
	const uint32_t zero[] = {2, 0}, ok[] = {2, 2};
	assert_int_equal(db_stream_interleave_create(&il), DB_S_OK);
	assert_int_equal(db_stream_interleave_initialize(il, p, zero, 2), DB_E_INVALIDARG);
	assert_int_equal(db_stream_interleave_initialize(il, p, NULL, 2), DB_E_POINTER);
	assert_int_equal(db_stream_interleave_initialize(il, NULL, ok, 2), DB_E_POINTER);
	assert_int_equal(db_stream_interleave_initialize(il, p, ok, 0), DB_E_INVALIDARG);
	struct db_stream *twice[2] = {p[0], p[0]};
	assert_int_equal(db_stream_interleave_initialize(il, twice, ok, 2), DB_E_INVALIDARG);
	assert_int_equal(db_stream_interleave_initialize(p[0], p, ok, 2), DB_E_INVALIDARG);
	assert_int_equal(closed, 0);
	assert_int_equal(db_stream_interleave_initialize(il, p, ok, 2), DB_S_OK);
	assert_int_equal(db_stream_interleave_initialize(il, p, ok, 2), DB_E_INVALIDARG);
	db_stream_close(il);
	assert_int_equal(closed, 2);
}

/* ---- pseudo-random ---------------------------------------------------- */

static void test_pseudo_random_documented_sequence(void **state)
{
	(void)state;
	struct db_stream *s;
	assert_int_equal(db_stream_pseudo_random_create(&s), DB_S_OK);
	uint8_t buf[4096], again[4096];
	size_t n;
	bool eof;
	/* Size 0 until SetSize (IMAPI: "You must call the SetSize method"). */
	assert_int_equal(db_stream_size(s), 0);
	assert_int_equal(db_stream_read(s, buf, 16, &n, &eof), DB_S_OK);
	assert_true(eof);
	assert_int_equal(db_stream_set_size(s, sizeof(buf)), DB_S_OK);
	assert_int_equal(db_stream_size(s), sizeof(buf));
	/* Seed 0 (the default): key 0, so the first word is SplitMix64's
	 * well-known first output for state 0, 0xE220A8397B1DCDAF, little
	 * endian: the sequence stream.h documents. */
	uint32_t seed = 99;
	assert_int_equal(db_stream_pseudo_random_get_seed(s, &seed), DB_S_OK);
	assert_int_equal(seed, 0);
	assert_int_equal(read_all(s, buf, sizeof(buf), 1000), sizeof(buf));
	const uint8_t first[8] = {0xAF, 0xCD, 0x1D, 0x7B, 0x39, 0xA8, 0x20, 0xE2};
	assert_memory_equal(buf, first, 8);
	/* Seekable: any offset gives the same bytes as reading up to it. */
	for (int64_t p = 0; p < 64; p++) {
		assert_int_equal(db_stream_seek(s, p * 61 % 4096, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
		assert_int_equal(db_stream_read(s, again, 13, &n, &eof), DB_S_OK);
		size_t want = 4096 - (size_t)(p * 61 % 4096) < 13 ? 4096 - (size_t)(p * 61 % 4096) : 13;
		assert_int_equal(n, want);
		assert_memory_equal(again, buf + p * 61 % 4096, n);
	}
	/* put_seed seeks to the start; another seed, other bytes. */
	assert_int_equal(db_stream_seek(s, 100, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
	assert_int_equal(db_stream_pseudo_random_put_seed(s, 0), DB_S_OK);
	assert_int_equal(db_stream_read(s, again, 8, &n, &eof), DB_S_OK);
	assert_memory_equal(again, first, 8);
	assert_int_equal(db_stream_pseudo_random_put_seed(s, 1), DB_S_OK);
	assert_int_equal(read_all(s, again, sizeof(again), 512), sizeof(again));
	assert_memory_not_equal(again, buf, sizeof(buf));
	/* ExtendedSeed {1} is Seed 1; {1, 2} is another sequence. */
	uint32_t one[] = {1}, two[] = {1, 2};
	assert_int_equal(db_stream_pseudo_random_put_extended_seed(s, one, 1), DB_S_OK);
	assert_int_equal(read_all(s, buf, sizeof(buf), 4096), sizeof(buf));
	assert_memory_equal(buf, again, sizeof(buf));
	assert_int_equal(db_stream_pseudo_random_put_extended_seed(s, two, 2), DB_S_OK);
	assert_int_equal(read_all(s, buf, sizeof(buf), 4096), sizeof(buf));
	assert_memory_not_equal(buf, again, sizeof(buf));
	uint32_t *values, count;
	assert_int_equal(db_stream_pseudo_random_get_extended_seed(s, &values, &count), DB_S_OK);
	assert_int_equal(count, 2);
	assert_int_equal(values[0], 1);
	assert_int_equal(values[1], 2);
	free(values);
	assert_int_equal(db_stream_pseudo_random_get_seed(s, &seed), DB_S_OK);
	assert_int_equal(seed, 1);
	assert_int_equal(db_stream_pseudo_random_put_seed(s, 7), DB_S_OK);
	assert_int_equal(db_stream_pseudo_random_get_extended_seed(s, &values, &count), DB_S_OK);
	assert_int_equal(count, 1);
	assert_int_equal(values[0], 7);
	free(values);
	/* SetSize keeps the position; a shorter size ends the reads there. */
	assert_int_equal(db_stream_seek(s, 10, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
	assert_int_equal(db_stream_set_size(s, 12), DB_S_OK);
	assert_int_equal(db_stream_read(s, buf, 100, &n, &eof), DB_S_OK);
	assert_int_equal(n, 2);
	assert_int_equal(db_stream_set_size(s, -1), DB_E_INVALIDARG);
	/* Refusals. */
	assert_int_equal(db_stream_pseudo_random_put_extended_seed(s, one, 0), DB_E_INVALIDARG);
	assert_int_equal(db_stream_pseudo_random_put_extended_seed(s, NULL, 1), DB_E_POINTER);
	assert_int_equal(db_stream_pseudo_random_get_seed(s, NULL), DB_E_POINTER);
	struct db_stream *z;
	assert_int_equal(db_stream_zero_create(&z), DB_S_OK);
	assert_int_equal(db_stream_pseudo_random_put_seed(z, 1), DB_E_INVALIDARG);
	assert_int_equal(db_stream_pseudo_random_get_seed(z, &seed), DB_E_INVALIDARG);
	db_stream_close(z);
	db_stream_close(s);
}

/* ---- zero and file streams -------------------------------------------- */

static void test_zero_set_size_and_seek(void **state)
{
	(void)state;
	struct db_stream *z;
	uint8_t buf[3000];
	size_t n;
	bool eof;
	assert_int_equal(db_stream_zero_create(&z), DB_S_OK);
	assert_int_equal(db_stream_size(z), 0);
	assert_int_equal(db_stream_read(z, buf, 10, &n, &eof), DB_S_OK);
	assert_true(eof);
	assert_int_equal(db_stream_set_size(z, 5000), DB_S_OK);
	memset(buf, 0xFF, sizeof(buf));
	assert_int_equal(db_stream_read(z, buf, sizeof(buf), &n, &eof), DB_S_OK);
	assert_int_equal(n, 3000);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(buf[i], 0);
	int64_t pos;
	assert_int_equal(db_stream_seek(z, 0, DB_STREAM_SEEK_CUR, &pos), DB_S_OK);
	assert_int_equal(pos, 3000);
	assert_int_equal(db_stream_seek(z, -100, DB_STREAM_SEEK_END, &pos), DB_S_OK);
	assert_int_equal(pos, 4900);
	assert_int_equal(read_all(z, buf, 100, 7), 100);
	assert_int_equal(db_stream_seek(z, -5001, DB_STREAM_SEEK_END, &pos), DB_E_INVALIDARG);
	assert_int_equal(db_stream_seek(z, INT64_MAX, DB_STREAM_SEEK_END, &pos), DB_E_INVALIDARG);
	db_stream_close(z);
}

static void test_file_seek_and_pipe_refusals(void **state)
{
	(void)state;
	char path[] = "/tmp/discburn-helpers-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	uint8_t data[6000], buf[100];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	assert_int_equal(write(fd, data, sizeof(data)), sizeof(data));
	close(fd);
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	int64_t pos;
	assert_int_equal(db_stream_seek(s, 4000, DB_STREAM_SEEK_SET, &pos), DB_S_OK);
	assert_int_equal(pos, 4000);
	size_t n;
	bool eof;
	assert_int_equal(db_stream_read(s, buf, 10, &n, &eof), DB_S_OK);
	assert_memory_equal(buf, data + 4000, n);
	assert_int_equal(db_stream_seek(s, -10, DB_STREAM_SEEK_END, &pos), DB_S_OK);
	assert_int_equal(pos, 5990);
	assert_int_equal(db_stream_seek(s, -1, DB_STREAM_SEEK_SET, &pos), DB_E_INVALIDARG);
	/* A file opened for reading keeps its size. */
	assert_int_equal(db_stream_set_size(s, 10), DB_ERROR_NOT_SUPPORTED);
	/* A concatenation of a file with itself through two opens is fine
	 * (two streams); the same stream twice is not. */
	struct db_stream *s2, *c;
	assert_int_equal(db_stream_open_file(path, &s2), DB_S_OK);
	assert_int_equal(db_stream_concatenate_create(&c), DB_S_OK);
	assert_int_equal(db_stream_concatenate_initialize(c, s, s2), DB_S_OK);
	assert_int_equal(db_stream_seek(c, 5995, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
	read_n(c, buf, 10, 3);
	assert_memory_equal(buf, data + 5995, 5);
	assert_memory_equal(buf + 5, data, 5);
	db_stream_close(c);
	unlink(path);
	/* A pipe cannot seek. */
	int p[2];
	assert_int_equal(pipe(p), 0);
	assert_int_equal(db_stream_from_fd(p[0], -1, true, &s), DB_S_OK);
	assert_int_equal(db_stream_seek(s, 0, DB_STREAM_SEEK_SET, &pos), DB_ERROR_NOT_SUPPORTED);
	db_stream_close(s);
	close(p[1]);
	assert_int_equal(db_stream_seek(NULL, 0, DB_STREAM_SEEK_SET, &pos), DB_E_POINTER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concatenate_reads_parts_in_order),
		cmocka_unit_test(test_concatenate_refusals_leave_the_parts_to_the_caller),
		cmocka_unit_test(test_concatenate_short_part_and_unseekable_part),
		cmocka_unit_test(test_interleave_turns),
		cmocka_unit_test(test_interleave_refusals),
		cmocka_unit_test(test_pseudo_random_documented_sequence),
		cmocka_unit_test(test_zero_set_size_and_seek),
		cmocka_unit_test(test_file_seek_and_pipe_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
