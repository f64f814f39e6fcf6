/* MsftStreamPrng001 (IStreamPseudoRandomBased, imapi2.h): SplitMix64
 * bytes, seekable. The generator is documented in stream.h: IMAPI does
 * not document its own, so ours is chosen to be found at any offset. */
#include <stdlib.h>
#include <string.h>

#include "stream_internal.h"

#define GOLDEN_GAMMA 0x9E3779B97F4A7C15ull

struct prng {
	uint32_t *seed;
	uint32_t n_seed;
	uint64_t key;
	int64_t pos;
};

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Word j of the stream (bytes 8j..8j+7, little-endian). */
static uint64_t word(const struct prng *p, uint64_t j)
{
	return mix(p->key + (j + 1) * GOLDEN_GAMMA);
}

static db_status prng_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct prng *p = s->ctx;
	*got = 0;
	*eof = p->pos >= s->size;
	if (*eof)
		return DB_S_OK;
	if ((int64_t)len > s->size - p->pos)
		len = (size_t)(s->size - p->pos);
	uint8_t *out = buf;
	uint64_t at = (uint64_t)p->pos;
	for (size_t i = 0; i < len;) {
		uint64_t w = word(p, at / 8);
		for (unsigned b = (unsigned)(at % 8); b < 8 && i < len; b++, i++, at++)
			out[i] = (uint8_t)(w >> (8 * b));
	}
	p->pos += (int64_t)len;
	*got = len;
	return DB_S_OK;
}

static db_status prng_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			   int64_t *pos)
{
	struct prng *p = s->ctx;
	db_status st = db__stream_seek_position(p->pos, s->size, offset, origin, pos);
	if (db_succeeded(st))
		p->pos = *pos;
	return st;
}

static db_status prng_set_size(struct db_stream *s, int64_t size)
{
	s->size = size;
	return DB_S_OK;
}

static void prng_close(struct db_stream *s)
{
	struct prng *p = s->ctx;
	free(p->seed);
	free(p);
	db_stream_free(s);
}

static const struct db_stream_ops prng_ops = {
	.read = prng_read, .close = prng_close, .seek = prng_seek, .set_size = prng_set_size};

static struct prng *prng_of(const struct db_stream *s)
{
	return s && s->ops == &prng_ops ? s->ctx : NULL;
}

db_status db_stream_pseudo_random_put_extended_seed(struct db_stream *s, const uint32_t *values,
						    uint32_t count)
{
	if (!s || !values)
		return DB_E_POINTER;
	struct prng *p = prng_of(s);
	if (!p || count == 0)
		return DB_E_INVALIDARG;
	uint32_t *copy = malloc(count * sizeof(*copy));
	if (!copy)
		return DB_E_OUTOFMEMORY;
	memcpy(copy, values, count * sizeof(*copy));
	free(p->seed);
	p->seed = copy;
	p->n_seed = count;
	p->key = 0;
	for (uint32_t i = 0; i < count; i++)
		p->key = mix(p->key ^ values[i]);
	/* IMAPI: setting the seed "seeks to the start of stream". */
	p->pos = 0;
	return DB_S_OK;
}

db_status db_stream_pseudo_random_put_seed(struct db_stream *s, uint32_t seed)
{
	return db_stream_pseudo_random_put_extended_seed(s, &seed, 1);
}

db_status db_stream_pseudo_random_get_seed(const struct db_stream *s, uint32_t *seed)
{
	if (!s || !seed)
		return DB_E_POINTER;
	const struct prng *p = prng_of(s);
	if (!p)
		return DB_E_INVALIDARG;
	*seed = p->seed[0];
	return DB_S_OK;
}

db_status db_stream_pseudo_random_get_extended_seed(const struct db_stream *s, uint32_t **values,
						    uint32_t *count)
{
	if (!s || !values || !count)
		return DB_E_POINTER;
	*values = NULL;
	*count = 0;
	const struct prng *p = prng_of(s);
	if (!p)
		return DB_E_INVALIDARG;
	uint32_t *copy = malloc(p->n_seed * sizeof(*copy));
	if (!copy)
		return DB_E_OUTOFMEMORY;
	memcpy(copy, p->seed, p->n_seed * sizeof(*copy));
	*values = copy;
	*count = p->n_seed;
	return DB_S_OK;
}

db_status db_stream_pseudo_random_create(struct db_stream **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = NULL;
	struct prng *p = calloc(1, sizeof(*p));
	if (!p)
		return DB_E_OUTOFMEMORY;
	db_status st = db_stream_create(&prng_ops, p, 0, out);
	if (db_succeeded(st))
		st = db_stream_pseudo_random_put_seed(*out, 0);
	if (db_failed(st)) {
		if (*out)
			db_stream_free(*out);
		*out = NULL;
		free(p->seed);
		free(p);
	}
	return st;
}
