/* cd_sector.c against ECMA-130 as a decoder sees it (test_cd_check.h):
 * every P and Q parity equation holds, the EDC is the polynomial's
 * remainder, the header carries LBA + 150 in BCD, Q's CRC checks; and
 * each check fails on a damaged sector, so it can tell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mmc/cd_sector.h"
#include "test_cd_check.h"

static void pattern(uint8_t *p, size_t n, unsigned seed)
{
	uint32_t x = 2463534242u + seed;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

static void edc_vectors(void **state)
{
	(void)state;
	/* By hand: the byte 01h sent LSB first is the message x^7, so the
	 * EDC is x^39 mod P(x) = 80808909h (x^31 in bit 31), stored with its
	 * bits reversed (x^0 in bit 0 of the first byte): 90910101h. */
	const uint8_t one = 0x01;
	assert_int_equal(cd_edc(&one, 1), 0x90910101u);
	assert_int_equal(edc_bitwise(&one, 1), 0x90910101u);
	assert_int_equal(cd_edc(NULL, 0), 0);
	uint8_t buf[2336];
	pattern(buf, sizeof(buf), 1);
	assert_int_equal(cd_edc(buf, sizeof(buf)), edc_bitwise(buf, sizeof(buf)));
}

static void header_msf(void **state)
{
	(void)state;
	static const struct {
		int64_t lba;
		uint8_t m, s, f;
	} t[] = {
		{0, 0x00, 0x02, 0x00}, {16, 0x00, 0x02, 0x16}, {74, 0x00, 0x02, 0x74},
		{4350, 0x01, 0x00, 0x00}, {-150, 0x00, 0x00, 0x00}, {-1, 0x00, 0x01, 0x74},
		{359849, 0x79, 0x59, 0x74},
	};
	uint8_t data[2048] = {0}, s[CD_RAW_SECTOR];
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cd_sector_build(s, CD_FMT_MODE1, t[i].lba, data);
		assert_int_equal(s[12], t[i].m);
		assert_int_equal(s[13], t[i].s);
		assert_int_equal(s[14], t[i].f);
		assert_int_equal(s[15], 1);
	}
	static const uint8_t sync[12] = {0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0};
	assert_memory_equal(s, sync, 12);
}

static void mode1_parity(void **state)
{
	(void)state;
	uint8_t data[2048], s[CD_RAW_SECTOR];
	for (unsigned seed = 0; seed < 4; seed++) {
		pattern(data, sizeof(data), seed);
		cd_sector_build(s, CD_FMT_MODE1, 1234 + seed, data);
		assert_memory_equal(s + 16, data, 2048);
		assert_int_equal(get_le32_t(s + 2064), edc_bitwise(s, 2064));
		static const uint8_t zero8[8] = {0};
		assert_memory_equal(s + 2068, zero8, 8);
		assert_int_equal(rspc_bad_codewords(s), 0);
	}
	/* The checks see damage: one byte of user data, one of Q parity. */
	s[100] ^= 0x01;
	assert_true(rspc_bad_codewords(s) > 0);
	assert_int_not_equal(get_le32_t(s + 2064), edc_bitwise(s, 2064));
	s[100] ^= 0x01;
	s[2351] ^= 0x80;
	assert_true(rspc_bad_codewords(s) > 0);
	/* An all-zero sector at LBA 0 too (the header is the only non-zero
	 * part the parity covers). */
	memset(data, 0, sizeof(data));
	cd_sector_build(s, CD_FMT_MODE1, 0, data);
	assert_int_equal(rspc_bad_codewords(s), 0);
}

static void mode2_forms(void **state)
{
	(void)state;
	uint8_t data[2336], s[CD_RAW_SECTOR];
	/* Form 1: subheader (submode 08h: data), 2048 bytes. */
	pattern(data, sizeof(data), 7);
	static const uint8_t sh1[8] = {0, 0, 0x08, 0, 0, 0, 0x08, 0};
	memcpy(data, sh1, 8);
	assert_int_equal(cd_xa_form(data), CD_FMT_MODE2_FORM1);
	cd_sector_build(s, CD_FMT_MODE2_FORM1, 5000, data);
	assert_int_equal(s[15], 2);
	assert_memory_equal(s + 16, data, 8 + 2048);
	assert_int_equal(get_le32_t(s + 2072), edc_bitwise(s + 16, 8 + 2048));
	/* The parity is over a zero header (CD-ROM XA), so with the real
	 * header in place it does not check, and with zeros there it does. */
	assert_true(rspc_bad_codewords(s) > 0);
	uint8_t hdr[4];
	memcpy(hdr, s + 12, 4);
	memset(s + 12, 0, 4);
	assert_int_equal(rspc_bad_codewords(s), 0);
	memcpy(s + 12, hdr, 4);
	/* Form 2: submode bit 5; EDC over subheader + 2324 bytes. */
	static const uint8_t sh2[8] = {1, 2, 0x20, 0, 1, 2, 0x20, 0};
	memcpy(data, sh2, 8);
	assert_int_equal(cd_xa_form(data), CD_FMT_MODE2_FORM2);
	cd_sector_build(s, CD_FMT_MODE2_FORM2, 5001, data);
	assert_memory_equal(s + 16, data, 8 + 2324);
	assert_int_equal(get_le32_t(s + 2348), edc_bitwise(s + 16, 8 + 2324));
	/* Formless: 2336 bytes as written, nothing computed. */
	cd_sector_build(s, CD_FMT_MODE2_FORMLESS, 5002, data);
	assert_memory_equal(s + 16, data, 2336);
	assert_int_equal(s[15], 2);
	/* Audio: the samples, untouched. */
	uint8_t audio[CD_RAW_SECTOR];
	pattern(audio, sizeof(audio), 9);
	cd_sector_build(s, CD_FMT_AUDIO, 0, audio);
	assert_memory_equal(s, audio, CD_RAW_SECTOR);
}

static void layout_sizes(void **state)
{
	(void)state;
	struct cd_layout l;
	cd_sector_layout(CD_FMT_MODE1, &l);
	assert_int_equal(l.user.len + l.edc_ecc.len + 16, 2352);
	cd_sector_layout(CD_FMT_MODE2_FORM1, &l);
	assert_int_equal(l.subheader.len + l.user.len + l.edc_ecc.len + 16, 2352);
	cd_sector_layout(CD_FMT_MODE2_FORM2, &l);
	assert_int_equal(l.user.len, 2328);
	assert_int_equal(l.edc_ecc.len, 0);
	cd_sector_layout(CD_FMT_AUDIO, &l);
	assert_int_equal(l.user.len, 2352);
	assert_int_equal(l.sync.len + l.header.len, 0);
}

static void subq(void **state)
{
	(void)state;
	uint8_t q[CD_SUBQ_LEN];
	/* Track 2, index 1, 1 s 5 frames into it, at LBA 20000 (04:28:50). */
	struct cd_q_position p = {.control = 0, .track = 2, .index = 1, .lba = 20000, .rel = 80};
	cd_subq_position(q, &p);
	static const uint8_t want[10] = {0x01, 0x02, 0x01, 0x00, 0x01, 0x05,
					 0x00, 0x04, 0x28, 0x50};
	assert_memory_equal(q, want, 10);
	assert_true(subq_crc_ok(q));
	q[4] ^= 0x10;
	assert_false(subq_crc_ok(q));
	/* In the pause before track 12 (data): index 0, counting down, 2 s left. */
	p = (struct cd_q_position){.control = 4, .track = 12, .index = 0, .lba = 300, .rel = -150};
	cd_subq_position(q, &p);
	assert_int_equal(q[0], 0x41);
	assert_int_equal(q[1], 0x12);
	assert_int_equal(q[2], 0x00);
	assert_int_equal(q[3], 0x00);
	assert_int_equal(q[4], 0x02);
	assert_int_equal(q[5], 0x00);
	assert_true(subq_crc_ok(q));
	/* Lead-out: TNO AAh stays as it is (not BCD). */
	p = (struct cd_q_position){.control = 0, .track = 0xAA, .index = 1, .lba = 1000, .rel = 0};
	cd_subq_position(q, &p);
	assert_int_equal(q[1], 0xAA);
	assert_true(subq_crc_ok(q));

	/* Raw P-W: Q comes back bit by bit from bit 6; P all ones in a pause. */
	uint8_t raw[CD_SUBCHANNEL_RAW], back[CD_SUBQ_LEN] = {0};
	cd_subchannel_raw(raw, q, true);
	for (unsigned i = 0; i < CD_SUBCHANNEL_RAW; i++) {
		assert_int_equal(raw[i] & 0x80, 0x80);
		assert_int_equal(raw[i] & 0x3F, 0);
		back[i / 8] |= (uint8_t)(((raw[i] >> 6) & 1) << (7 - i % 8));
	}
	assert_memory_equal(back, q, CD_SUBQ_LEN);
	cd_subchannel_raw(raw, q, false);
	for (unsigned i = 0; i < CD_SUBCHANNEL_RAW; i++)
		assert_int_equal(raw[i] & 0x80, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edc_vectors), cmocka_unit_test(header_msf),
		cmocka_unit_test(mode1_parity), cmocka_unit_test(mode2_forms),
		cmocka_unit_test(layout_sizes), cmocka_unit_test(subq),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
