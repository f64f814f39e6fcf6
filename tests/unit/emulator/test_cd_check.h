/* A decoder's view of a raw CD sector, written apart from the encoder in
 * emulator/src/cd_sector.c so the tests check ECMA-130's equations, not
 * the encoder against itself: the RSPC syndromes of Annex A (log/antilog
 * tables, each parity check summed term by term), the EDC and the Q CRC
 * as bit-serial divisions by their polynomials. Header-only. */
#ifndef TEST_CD_CHECK_H
#define TEST_CD_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* GF(2^8), field polynomial x^8 + x^4 + x^3 + x^2 + 1 (11Dh), alpha = 2. */
struct gf_tables {
	uint8_t exp[512];
	int log[256];
};

static inline void gf_tables_init(struct gf_tables *g)
{
	unsigned x = 1;
	for (int i = 0; i < 255; i++) {
		g->exp[i] = (uint8_t)x;
		g->exp[i + 255] = (uint8_t)x;
		g->log[x] = i;
		x <<= 1;
		if (x & 0x100)
			x ^= 0x11D;
	}
	g->log[0] = -1;
}

static inline uint8_t gf_mul_t(const struct gf_tables *g, uint8_t a, uint8_t b)
{
	if (!a || !b)
		return 0;
	return g->exp[g->log[a] + g->log[b]];
}

/* alpha^k. */
static inline uint8_t gf_pow_t(const struct gf_tables *g, unsigned k)
{
	return g->exp[k % 255];
}

/* Byte of plane p (0, 1) of 16-bit word w counted from the header. */
static inline uint8_t cd_word_byte(const uint8_t *s, unsigned w, unsigned p)
{
	return s[12 + 2 * w + p];
}

/* Number of P and Q codewords (of 2 * 43 and 2 * 26) whose two syndromes
 * are not both zero: 0 for a sector the parity protects. */
static inline unsigned rspc_bad_codewords(const uint8_t *s)
{
	struct gf_tables g;
	gf_tables_init(&g);
	unsigned bad = 0;
	for (unsigned p = 0; p < 2; p++) {
		/* P codeword n: words 43 m + n, m = 0..25; weights alpha^(25-m). */
		for (unsigned n = 0; n < 43; n++) {
			uint8_t s0 = 0, s1 = 0;
			for (unsigned m = 0; m < 26; m++) {
				uint8_t v = cd_word_byte(s, 43 * m + n, p);
				s0 ^= v;
				s1 ^= gf_mul_t(&g, gf_pow_t(&g, 25 - m), v);
			}
			bad += (s0 || s1);
		}
		/* Q codeword n: words (44 m + 43 n) mod 1118 for m = 0..42, then
		 * 1118 + n and 1144 + n; weights alpha^(44-m). */
		for (unsigned n = 0; n < 26; n++) {
			uint8_t s0 = 0, s1 = 0;
			for (unsigned m = 0; m < 45; m++) {
				unsigned w = m < 43 ? (44 * m + 43 * n) % 1118 : m == 43 ? 1118 + n : 1144 + n;
				uint8_t v = cd_word_byte(s, w, p);
				s0 ^= v;
				s1 ^= gf_mul_t(&g, gf_pow_t(&g, 44 - m), v);
			}
			bad += (s0 || s1);
		}
	}
	return bad;
}

/* The EDC as the remainder of a bit-serial division: bytes enter least
 * significant bit first, the register holds x^0 in its top bit. The
 * polynomial x^32 + x^31 + x^16 + x^15 + x^4 + x^3 + x + 1 spelled as its
 * exponents. */
static inline uint32_t edc_bitwise(const uint8_t *p, size_t n)
{
	static const int exps[] = {31, 16, 15, 4, 3, 1, 0};
	uint32_t poly_rev = 0; /* x^k at bit 31-k */
	for (size_t i = 0; i < sizeof(exps) / sizeof(exps[0]); i++)
		poly_rev |= 1u << (31 - exps[i]);
	uint32_t r = 0;
	for (size_t i = 0; i < n; i++) {
		for (int b = 0; b < 8; b++) {
			uint32_t in = (p[i] >> b) & 1;
			uint32_t top = (r ^ in) & 1;
			r >>= 1;
			if (top)
				r ^= poly_rev;
		}
	}
	return r;
}

static inline uint32_t get_le32_t(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The Q CRC check: divide the 96 bits (the CRC re-inverted) by
 * x^16 + x^12 + x^5 + 1, most significant bit first; a good Q leaves 0. */
static inline bool subq_crc_ok(const uint8_t q[12])
{
	uint8_t b[12];
	for (int i = 0; i < 12; i++)
		b[i] = i < 10 ? q[i] : (uint8_t)~q[i];
	uint32_t r = 0;
	for (int i = 0; i < 96; i++) {
		r = (r << 1) | ((b[i / 8] >> (7 - i % 8)) & 1);
		if (r & 0x10000)
			r ^= 0x11021;
	}
	return r == 0;
}

static inline uint8_t bcd_t(unsigned v)
{
	return (uint8_t)((v / 10) * 16 + v % 10);
}

#endif
