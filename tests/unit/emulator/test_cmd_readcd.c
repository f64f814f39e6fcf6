/* READ CD (BEh), READ CD MSF (B9h), READ SUB-CHANNEL (42h) through the
 * dispatcher: every byte 9 selection against MMC-6's byte counts, the
 * expected sector type, C2 and sub-channel selections, bad CDBs with
 * their field pointers, the raw bytes checked by a decoder written apart
 * (test_cd_check.h), and the CDBs cdparanoia sends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive.h"
#include "emu_harness.h"
#include "test_cd_check.h"
#include "test_media_util.h"

#define ILL -1

static uint8_t buf[64 * 2448];

static struct emu_result read_cd(struct emu *e, uint8_t b1, int32_t lba, uint32_t n, uint8_t b9,
				 uint8_t b10, size_t cap)
{
	char cdb[80];
	snprintf(cdb, sizeof(cdb), "BE %02X %02X %02X %02X %02X %02X %02X %02X %02X %02X 00", b1,
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, (uint8_t)(n >> 16), (uint8_t)(n >> 8),
		 (uint8_t)n, b9, b10);
	return emu_cmd(e, cdb, buf, cap);
}

/* A CD-R with 8 patterned mode 1 sectors written by WRITE(10). */
static void open_mode1(struct emu *e)
{
	emu_open(e, "cd-r");
	assert_good(write10(e, 0, 8, 5));
}

/* MMC-6 6.19's table of bytes returned for a mode 1 sector, per byte 9
 * bits 7-3 (sync, header codes, user data, EDC/ECC); ILL: 05/24/00. */
static const int mode1_bytes[32] = {
	/* 00h */ 0, 288, 2048, 2336, 4, ILL, 2052, 2340,
	/* 40h */ 0, ILL, 2048, 2336, 4, ILL, 2052, 2340,
	/* 80h */ 12, ILL, ILL, ILL, 16, ILL, 2064, 2352,
	/* C0h */ ILL, ILL, ILL, ILL, 16, ILL, 2064, 2352,
};

static void mode1_every_selection(void **state)
{
	(void)state;
	struct emu e;
	open_mode1(&e);
	for (unsigned i = 0; i < 32; i++) {
		uint8_t b9 = (uint8_t)(i << 3);
		struct emu_result r = read_cd(&e, 0x00, 3, 2, b9, 0, sizeof(buf));
		if (mode1_bytes[i] == ILL) {
			assert_sense(r, 5, 0x24, 0x00);
			check_field_pointer("READ CD byte 9", &r, 1, 9, -1);
		} else {
			assert_good(r);
			if (r.len != 2 * (size_t)mode1_bytes[i])
				fail_msg("byte 9 %02Xh: %zu bytes, want 2 x %d", b9, r.len,
					 mode1_bytes[i]);
		}
	}
	/* The same with the expected type "mode 1". */
	assert_good(read_cd(&e, 0x08, 0, 1, 0xF8, 0, sizeof(buf)));
	assert_sense(read_cd(&e, 0x08, 0, 1, 0x28, 0, sizeof(buf)), 5, 0x24, 0x00);
	emu_close(&e);
}

static void mode1_raw_bytes(void **state)
{
	(void)state;
	struct emu e;
	open_mode1(&e);
	struct emu_result r = read_cd(&e, 0x00, 2, 3, 0xF8, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 3 * 2352);
	static const uint8_t sync[12] = {0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0};
	uint8_t want[3 * 2048];
	fill_sectors(want, 2, 3, 5);
	for (unsigned i = 0; i < 3; i++) {
		const uint8_t *s = buf + i * 2352;
		assert_memory_equal(s, sync, 12);
		assert_int_equal(s[12], 0x00);
		assert_int_equal(s[13], 0x02);
		assert_int_equal(s[14], bcd_t(2 + i));
		assert_int_equal(s[15], 0x01);
		assert_memory_equal(s + 16, want + i * 2048, 2048);
		assert_int_equal(get_le32_t(s + 2064), edc_bitwise(s, 2064));
		assert_int_equal(rspc_bad_codewords(s), 0);
	}
	/* Header + user data (30h): 4 + 2048, the header of LBA 7 first. */
	r = read_cd(&e, 0x00, 7, 1, 0x30, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2052);
	assert_int_equal(buf[2], 0x07);
	assert_int_equal(mmc_get_be32(buf + 4), 7);
	/* EDC/ECC alone (08h): the 288 bytes from 2064. */
	r = read_cd(&e, 0x00, 7, 1, 0x08, 0, sizeof(buf));
	assert_good(r);
	uint8_t full[2352];
	memcpy(full, buf, 288);
	assert_good(read_cd(&e, 0x00, 7, 1, 0xF8, 0, sizeof(buf)));
	assert_memory_equal(full, buf + 2064, 288);
	emu_close(&e);
}

static void expected_type_and_fields(void **state)
{
	(void)state;
	struct emu e;
	open_mode1(&e);
	static const struct cdb_case t[] = {
		{"BE 00 00 00 00 00 00 00 04 10 00 00", GOOD},
		{"BE 08 00 00 00 01 00 00 02 10 00 00", GOOD},          /* mode 1 */
		{"BE 00 00 00 00 00 00 00 00 00 00 00", GOOD},          /* nothing asked */
		{"BE 00 00 00 00 00 00 00 00 F8 00 00", GOOD},          /* 0 blocks */
		{"BE 02 00 00 00 00 00 00 01 10 00 00", GOOD},          /* DAP */
		{"BE 04 00 00 00 00 00 00 01 10 00 00", SENSE(5, 0x64, 0x00)}, /* CD-DA */
		{"BE 0C 00 00 00 00 00 00 01 10 00 00", SENSE(5, 0x64, 0x00)}, /* mode 2 */
		{"BE 10 00 00 00 00 00 00 01 10 00 00", SENSE(5, 0x64, 0x00)}, /* form 1 */
		{"BE 14 00 00 00 00 00 00 01 10 00 00", SENSE(5, 0x64, 0x00)}, /* form 2 */
		{"BE 06 00 00 00 00 00 00 01 F8 00 00", SENSE(5, 0x64, 0x00)}, /* cdparanoia's mmc3 */
		{"BE 18 00 00 00 00 00 00 01 10 00 00", BAD_FIELD(1, 4)}, /* reserved type */
		{"BE 1C 00 00 00 00 00 00 01 10 00 00", BAD_FIELD(1, 4)},
		{"BE 00 00 00 00 00 00 00 01 16 00 00", BAD_FIELD(9, 2)}, /* C2 11b */
		{"BE 00 00 00 00 00 00 00 01 11 00 00", BAD_FIELD(9, 0)}, /* reserved bit */
		{"BE 00 00 00 00 00 00 00 01 10 03 00", BAD_FIELD(10, 2)}, /* sub-channel 011b */
		{"BE 00 00 00 00 00 00 00 01 10 05 00", BAD_FIELD(10, 2)},
		{"BE 00 00 00 00 00 00 00 01 10 07 00", BAD_FIELD(10, 2)},
		{"BE 00 00 00 00 08 00 00 01 10 00 00", SENSE(5, 0x21, 0x00)}, /* not written */
		{"BE 00 00 00 00 07 00 00 02 10 00 00", SENSE(5, 0x21, 0x00)},
		/* TAO: LBA -150..-146 are the link and run-in blocks of track 1's
		 * pregap (docs/emulator-media.md "The TAO layout"), then 145
		 * pregap blocks that read as mode 1 zeros; before it nothing. */
		{"BE 00 FF FF FF 6A 00 00 01 10 00 00", SENSE(5, 0x64, 0x00)},
		{"BE 00 FF FF FF 6E 00 00 01 10 00 00", SENSE(5, 0x64, 0x00)},
		{"BE 00 FF FF FF 6F 00 00 01 10 00 00", GOOD},
		{"BE 00 FF FF FF 69 00 00 01 10 00 00", SENSE(5, 0x21, 0x00)},
	};
	RUN(&e, t);
	/* C2 pointers: 294 zero bytes after each sector, 296 with the block
	 * error byte and its pad. */
	memset(buf, 0xEE, sizeof(buf));
	struct emu_result r = read_cd(&e, 0x00, 0, 2, 0x12, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2 * (2048 + 294));
	for (unsigned i = 0; i < 294; i++)
		assert_int_equal(buf[2048 + i], 0);
	assert_int_equal(mmc_get_be32(buf + 2048 + 294), 1);
	r = read_cd(&e, 0x00, 0, 2, 0xFC, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2 * (2352 + 296));
	/* More than the initiator's buffer holds. */
	r = read_cd(&e, 0x00, 0, 4, 0x10, 0, 3 * 2048);
	assert_sense(r, 5, 0x24, 0x00);
	check_field_pointer("READ CD short buffer", &r, 1, 6, -1);
	r = read_cd(&e, 0x00, 0, 1, 0xF8, 0x01, 2352 + 95);
	assert_sense(r, 5, 0x24, 0x00);
	emu_close(&e);
}

static void subchannel_selections(void **state)
{
	(void)state;
	struct emu e;
	open_mode1(&e);
	/* 010b: 16 bytes of formatted Q after the user data. */
	struct emu_result r = read_cd(&e, 0x00, 5, 2, 0x10, 0x02, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2 * (2048 + 16));
	const uint8_t *q = buf + 2048;
	assert_int_equal(q[0], 0x41); /* data track, ADR 1 */
	assert_int_equal(q[1], 0x01); /* track 1 */
	assert_int_equal(q[2], 0x01); /* index 1 */
	assert_int_equal(q[3], 0x00);
	assert_int_equal(q[4], 0x00);
	assert_int_equal(q[5], 0x05); /* 5 frames into the track */
	assert_int_equal(q[7], 0x00);
	assert_int_equal(q[8], 0x02);
	assert_int_equal(q[9], 0x05); /* 00:02:05 */
	assert_true(subq_crc_ok(q));
	assert_int_equal(buf[2048 + 16 + 2048 + 5], 0x06); /* the next sector: LBA 6 */
	/* 001b: 96 bytes raw, Q in bit 6 of each. */
	r = read_cd(&e, 0x00, 5, 1, 0xF8, 0x01, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2352 + 96);
	uint8_t back[12] = {0};
	for (unsigned i = 0; i < 96; i++) {
		assert_int_equal(buf[2352 + i] & 0xBF, 0); /* no pause, no R-W */
		back[i / 8] |= (uint8_t)(((buf[2352 + i] >> 6) & 1) << (7 - i % 8));
	}
	assert_true(subq_crc_ok(back));
	assert_int_equal(back[9], 0x05);
	/* 100b: R-W, none on this disc. */
	memset(buf, 0xEE, sizeof(buf));
	r = read_cd(&e, 0x00, 5, 1, 0x10, 0x04, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2048 + 96);
	for (unsigned i = 0; i < 96; i++)
		assert_int_equal(buf[2048 + i], 0);
	/* Sub-channel alone, C2 and sub-channel: C2 comes first. */
	r = read_cd(&e, 0x00, 5, 1, 0x00, 0x02, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 16);
	assert_int_equal(buf[9], 0x05);
	r = read_cd(&e, 0x00, 5, 1, 0x12, 0x02, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2048 + 294 + 16);
	assert_int_equal(buf[2048 + 294], 0x41);
	emu_close(&e);
}

static void read_cd_msf(void **state)
{
	(void)state;
	struct emu e;
	open_mode1(&e);
	/* 00:02:02 to 00:02:05: LBAs 2, 3, 4. */
	struct emu_result r = emu_cmd(&e, "B9 00 00 00 02 02 00 02 05 F8 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 3 * 2352);
	assert_int_equal(buf[14], 0x02);
	assert_int_equal(buf[2 * 2352 + 14], 0x04);
	assert_int_equal(rspc_bad_codewords(buf + 2352), 0);
	static const struct cdb_case t[] = {
		{"B9 00 00 00 02 00 00 02 00 10 00 00", GOOD},          /* start = end */
		{"B9 02 00 00 02 00 00 02 08 10 00 00", GOOD},          /* cdparanoia: DAP */
		{"B9 00 00 00 02 05 00 02 04 10 00 00", BAD_FIELD(6, -1)}, /* end < start */
		{"B9 00 00 00 3C 00 00 3C 01 10 00 00", BAD_FIELD(4, -1)}, /* 60 s */
		{"B9 00 00 00 02 4B 00 02 4C 10 00 00", BAD_FIELD(5, -1)}, /* frame 75 */
		{"B9 00 00 00 02 00 00 02 4B 10 00 00", BAD_FIELD(8, -1)},
		{"B9 04 00 00 02 00 00 02 01 10 00 00", SENSE(5, 0x64, 0x00)},
		{"B9 00 00 00 02 07 00 02 09 10 00 00", SENSE(5, 0x21, 0x00)},
		{"B9 00 00 00 02 00 00 02 01 10 03 00", BAD_FIELD(10, 2)},
	};
	RUN(&e, t);
	emu_close(&e);
}

static void read_subchannel(void **state)
{
	(void)state;
	struct emu e;
	open_mode1(&e);
	uint8_t b[32];
	/* SubQ = 0: the header only. */
	struct emu_result r = emu_cmd(&e, "42 00 00 01 00 00 00 00 20 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 4);
	assert_int_equal(b[1], 0x15);
	assert_int_equal(mmc_get_be16(b + 2), 0);
	/* Current position after a READ CD of LBA 6: track 1 index 1. */
	assert_good(read_cd(&e, 0x00, 6, 1, 0x10, 0, sizeof(buf)));
	r = emu_cmd(&e, "42 00 40 01 00 00 00 00 20 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 16);
	assert_int_equal(mmc_get_be16(b + 2), 12);
	assert_int_equal(b[4], 0x01);
	assert_int_equal(b[5], 0x14); /* ADR 1, control 4 */
	assert_int_equal(b[6], 1);
	assert_int_equal(b[7], 1);
	assert_int_equal(mmc_get_be32(b + 8), 6);
	assert_int_equal(mmc_get_be32(b + 12), 6);
	/* MSF: absolute 00:02:06, relative 00:00:06. */
	r = emu_cmd(&e, "42 02 40 01 00 00 00 00 20 00", b, sizeof(b));
	assert_good(r);
	static const uint8_t abs_msf[4] = {0, 0, 2, 6}, rel_msf[4] = {0, 0, 0, 6};
	assert_memory_equal(b + 8, abs_msf, 4);
	assert_memory_equal(b + 12, rel_msf, 4);
	/* MCN and ISRC: not on this disc (MCVal, TCVal 0). */
	memset(b, 0xEE, sizeof(b));
	r = emu_cmd(&e, "42 00 40 02 00 00 00 00 20 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 24);
	assert_int_equal(mmc_get_be16(b + 2), 20);
	assert_int_equal(b[4], 0x02);
	assert_int_equal(b[8] & 0x80, 0);
	r = emu_cmd(&e, "42 00 40 03 00 00 01 00 20 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 24);
	assert_int_equal(b[4], 0x03);
	assert_int_equal(b[6], 1);
	assert_int_equal(b[8] & 0x80, 0);
	/* The allocation length cuts the answer. */
	r = emu_cmd(&e, "42 00 40 02 00 00 00 00 08 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 8);
	static const struct cdb_case t[] = {
		{"42 00 40 00 00 00 00 00 20 00", BAD_FIELD(3, -1)},
		{"42 00 40 04 00 00 00 00 20 00", BAD_FIELD(3, -1)},
		{"42 00 40 03 00 00 09 00 20 00", BAD_FIELD(6, -1)}, /* no track 9 */
	};
	RUN(&e, t);
	emu_close(&e);
	/* No medium. */
	emu_open(&e, NULL);
	assert_sense(emu_cmd(&e, "42 00 40 01 00 00 00 00 20 00", b, sizeof(b)), 2, 0x3A, 0x01);
	assert_sense(emu_cmd(&e, "B9 00 00 00 02 00 00 02 01 10 00 00", buf, sizeof(buf)), 2, 0x3A,
		     0x01);
	emu_close(&e);
}

static void dvd_user_data_only(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd-r");
	assert_good(write10(&e, 0, 16, 2));
	struct emu_result r = read_cd(&e, 0x00, 0, 16, 0x10, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 16 * 2048);
	assert_int_equal(mmc_get_be32(buf + 15 * 2048), 15);
	/* A DVD has no CD sync, headers or sub-channel. */
	assert_sense(read_cd(&e, 0x00, 0, 1, 0xF8, 0, sizeof(buf)), 5, 0x24, 0x00);
	assert_sense(read_cd(&e, 0x00, 0, 1, 0x10, 0x02, sizeof(buf)), 5, 0x24, 0x00);
	assert_sense(read_cd(&e, 0x04, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mode1_every_selection),
		cmocka_unit_test(mode1_raw_bytes),
		cmocka_unit_test(expected_type_and_fields),
		cmocka_unit_test(subchannel_selections),
		cmocka_unit_test(read_cd_msf),
		cmocka_unit_test(read_subchannel),
		cmocka_unit_test(dvd_user_data_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
