/* ECMA-130 raw sector synthesis and the Q sub-channel (cd_sector.h). */
#include "mmc/cd_sector.h"

#include <pthread.h>
#include <string.h>

void cd_sector_layout(enum cd_sector_format f, struct cd_layout *out)
{
	memset(out, 0, sizeof(*out));
	if (f == CD_FMT_AUDIO) {
		out->user = (struct cd_span){0, CD_RAW_SECTOR};
		return;
	}
	out->sync = (struct cd_span){0, CD_SYNC_LEN};
	out->header = (struct cd_span){12, CD_HEADER_LEN};
	switch (f) {
	case CD_FMT_MODE1:
		out->subheader = (struct cd_span){16, 0};
		out->user = (struct cd_span){16, 2048};
		out->edc_ecc = (struct cd_span){2064, 288};
		break;
	case CD_FMT_MODE2_FORMLESS:
		out->subheader = (struct cd_span){16, 0};
		out->user = (struct cd_span){16, 2336};
		out->edc_ecc = (struct cd_span){2352, 0};
		break;
	case CD_FMT_MODE2_FORM1:
		out->subheader = (struct cd_span){16, CD_SUBHEADER_LEN};
		out->user = (struct cd_span){24, 2048};
		out->edc_ecc = (struct cd_span){2072, 280};
		break;
	case CD_FMT_MODE2_FORM2:
		out->subheader = (struct cd_span){16, CD_SUBHEADER_LEN};
		out->user = (struct cd_span){24, 2328};
		out->edc_ecc = (struct cd_span){2352, 0};
		break;
	case CD_FMT_AUDIO:
		break;
	}
}

enum cd_sector_format cd_xa_form(const uint8_t subheader[CD_SUBHEADER_LEN])
{
	return (subheader[2] & 0x20) ? CD_FMT_MODE2_FORM2 : CD_FMT_MODE2_FORM1;
}

/* ---- EDC ------------------------------------------------------------------ */

/* The EDC polynomial with its bits reversed (the register shifts right,
 * taking each byte's least significant bit first):
 * x^32 + x^31 + x^16 + x^15 + x^4 + x^3 + x + 1. */
#define EDC_POLY_REFLECTED 0xD8018001u

static uint32_t edc_table[256];
static pthread_once_t edc_once = PTHREAD_ONCE_INIT;

static void edc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t r = i;
		for (int b = 0; b < 8; b++)
			r = (r >> 1) ^ ((r & 1) ? EDC_POLY_REFLECTED : 0);
		edc_table[i] = r;
	}
}

uint32_t cd_edc(const uint8_t *p, size_t n)
{
	/* Drives run on several threads (the tcmu handler): build once. */
	pthread_once(&edc_once, edc_init);
	uint32_t r = 0;
	for (size_t i = 0; i < n; i++)
		r = (r >> 8) ^ edc_table[(r ^ p[i]) & 0xFF];
	return r;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* ---- RSPC: P and Q parity (ECMA-130 Annex A) ------------------------------ */

/* GF(2^8) with the field polynomial x^8 + x^4 + x^3 + x^2 + 1; alpha = 2. */
static uint8_t gf_times_alpha(uint8_t a)
{
	return (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1D : 0));
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
	uint8_t r = 0;
	while (b) {
		if (b & 1)
			r ^= a;
		a = gf_times_alpha(a);
		b >>= 1;
	}
	return r;
}

/* 1 / (1 + alpha): (1 + alpha) * F4h = 1 in this field. */
#define GF_INV_1_PLUS_ALPHA 0xF4

/* A codeword of n symbols v0..v(n-1) (n-2 data, then the two parity
 * symbols) satisfies both parity checks of Annex A:
 *   sum v_i = 0  and  sum alpha^(n-1-i) v_i = 0.
 * With A = sum of the data and B = sum alpha^(n-1-i) d_i over the data:
 *   p0 + p1 = A, alpha p0 + p1 = B  =>  p0 = (A + B) / (1 + alpha), p1 = A + p0.
 * B is alpha^2 times the Horner sum of the data. */
static void rspc_parity(const uint8_t *data, size_t n_data, uint8_t *p0, uint8_t *p1)
{
	uint8_t a = 0, h = 0;
	for (size_t i = 0; i < n_data; i++) {
		a ^= data[i];
		h = gf_times_alpha(h) ^ data[i];
	}
	uint8_t b = gf_times_alpha(gf_times_alpha(h));
	*p0 = gf_mul(a ^ b, GF_INV_1_PLUS_ALPHA);
	*p1 = a ^ *p0;
}

/* The 2340 bytes from the header on are 1170 16-bit words S(n) = bytes
 * 12 + 2n and 13 + 2n; each byte of a word belongs to its own plane, and
 * the code works on each plane alone. */
static uint8_t *word_byte(uint8_t *s, unsigned word, unsigned plane)
{
	return &s[12 + 2 * word + plane];
}

void cd_ecc_pq(uint8_t s[CD_RAW_SECTOR])
{
	uint8_t v[43];
	for (unsigned plane = 0; plane < 2; plane++) {
		/* P: 43 columns of 24 words (word 43 m + n), parity in rows 24, 25. */
		for (unsigned n = 0; n < 43; n++) {
			for (unsigned m = 0; m < 24; m++)
				v[m] = *word_byte(s, 43 * m + n, plane);
			rspc_parity(v, 24, word_byte(s, 43 * 24 + n, plane),
				    word_byte(s, 43 * 25 + n, plane));
		}
		/* Q: 26 diagonals of 43 words (word (44 m + 43 n) mod 1118, over
		 * the data and the P parity), parity in words 1118 + n, 1144 + n. */
		for (unsigned n = 0; n < 26; n++) {
			for (unsigned m = 0; m < 43; m++)
				v[m] = *word_byte(s, (44 * m + 43 * n) % 1118, plane);
			rspc_parity(v, 43, word_byte(s, 1118 + n, plane),
				    word_byte(s, 1144 + n, plane));
		}
	}
}

/* ---- sectors -------------------------------------------------------------- */

uint8_t cd_bcd(unsigned v)
{
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}

void cd_lba_to_msf(int64_t lba, uint8_t msf[3])
{
	int64_t f = lba + 150;
	if (f < 0)
		f += 450150; /* lead-in addresses wrap to 90:00:00 and up */
	int64_t m = f / 4500;
	msf[0] = (uint8_t)(m > 99 ? 99 : m);
	msf[1] = (uint8_t)(f / 75 % 60);
	msf[2] = (uint8_t)(f % 75);
}

static void put_header(uint8_t *s, int64_t lba, uint8_t mode)
{
	static const uint8_t sync[CD_SYNC_LEN] = {0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
						  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
	uint8_t msf[3];
	memcpy(s, sync, sizeof(sync));
	cd_lba_to_msf(lba, msf);
	s[12] = cd_bcd(msf[0]);
	s[13] = cd_bcd(msf[1]);
	s[14] = cd_bcd(msf[2]);
	s[15] = mode;
}

void cd_sector_build(uint8_t out[CD_RAW_SECTOR], enum cd_sector_format f, int64_t lba,
		     const uint8_t *data)
{
	uint8_t header[CD_HEADER_LEN];
	switch (f) {
	case CD_FMT_AUDIO:
		memcpy(out, data, CD_RAW_SECTOR);
		return;
	case CD_FMT_MODE1:
		put_header(out, lba, 1);
		memcpy(out + 16, data, 2048);
		put_le32(out + 2064, cd_edc(out, 2064));
		memset(out + 2068, 0, 8);
		cd_ecc_pq(out);
		return;
	case CD_FMT_MODE2_FORMLESS:
		put_header(out, lba, 2);
		memcpy(out + 16, data, 2336);
		return;
	case CD_FMT_MODE2_FORM1:
		put_header(out, lba, 2);
		memcpy(out + 16, data, 8 + 2048);
		put_le32(out + 2072, cd_edc(out + 16, 8 + 2048));
		/* CD-ROM XA: the parity of form 1 is computed with the header
		 * as zeros, so a sector keeps it when copied to another address. */
		memcpy(header, out + 12, sizeof(header));
		memset(out + 12, 0, sizeof(header));
		cd_ecc_pq(out);
		memcpy(out + 12, header, sizeof(header));
		return;
	case CD_FMT_MODE2_FORM2:
		put_header(out, lba, 2);
		memcpy(out + 16, data, 8 + 2324);
		put_le32(out + 2348, cd_edc(out + 16, 8 + 2324));
		return;
	}
}

/* ---- sub-channel ---------------------------------------------------------- */

uint16_t cd_subq_crc(const uint8_t *q, size_t n)
{
	uint16_t r = 0;
	for (size_t i = 0; i < n; i++) {
		r ^= (uint16_t)(q[i] << 8);
		for (int b = 0; b < 8; b++)
			r = (uint16_t)((r & 0x8000) ? (r << 1) ^ 0x1021 : r << 1);
	}
	return r;
}

void cd_subq_position(uint8_t q[CD_SUBQ_LEN], const struct cd_q_position *p)
{
	uint8_t msf[3];
	q[0] = (uint8_t)((p->control << 4) | 0x01); /* ADR 1: current position */
	q[1] = p->track == 0xAA ? 0xAA : cd_bcd(p->track);
	q[2] = cd_bcd(p->index);
	/* Relative time: the distance to the track's index 1, counting down
	 * through the pause and up from zero in the track. */
	int64_t rel = p->rel < 0 ? -p->rel : p->rel;
	cd_lba_to_msf(rel - 150, msf);
	q[3] = cd_bcd(msf[0]);
	q[4] = cd_bcd(msf[1]);
	q[5] = cd_bcd(msf[2]);
	q[6] = 0;
	cd_lba_to_msf(p->lba, msf);
	q[7] = cd_bcd(msf[0]);
	q[8] = cd_bcd(msf[1]);
	q[9] = cd_bcd(msf[2]);
	uint16_t crc = (uint16_t)~cd_subq_crc(q, 10);
	q[10] = (uint8_t)(crc >> 8);
	q[11] = (uint8_t)crc;
}

void cd_subchannel_raw(uint8_t out[CD_SUBCHANNEL_RAW], const uint8_t q[CD_SUBQ_LEN], bool pause)
{
	for (unsigned i = 0; i < CD_SUBCHANNEL_RAW; i++) {
		uint8_t qbit = (q[i / 8] >> (7 - i % 8)) & 1;
		out[i] = (uint8_t)((pause ? 0x80 : 0) | (qbit << 6));
	}
}
