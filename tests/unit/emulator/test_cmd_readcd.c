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

/* ---- audio and mixed discs (emu-store's TAO write path) ------------------ */

#define RAW 2352

static struct emu_result select_format(struct emu *e, uint8_t track_mode, uint8_t block_type)
{
	uint8_t list[8 + 0x34] = {0};
	uint8_t *p = list + 8;
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = 0x40 | 0x01; /* BUFE, TAO */
	p[3] = (uint8_t)(3 << 6 | track_mode);
	p[4] = block_type;
	mmc_put_be16(&p[14], 150);
	return emu_cmd_data(e, "55 10 00 00 00 00 00 00 3C 00", list, sizeof(list), NULL, 0);
}

static uint8_t sample(int32_t lba, int j)
{
	return (uint8_t)(j * 5 + lba * 11 + (j >> 7));
}

static void write_audio_sectors(struct emu *e, int32_t lba, uint16_t n)
{
	static uint8_t a[16 * RAW];
	assert_true(n <= 16);
	for (uint16_t i = 0; i < n; i++)
		for (int j = 0; j < RAW; j++)
			a[(size_t)i * RAW + j] = sample(lba + i, j);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 00 %02X 00",
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, n);
	assert_good(emu_cmd_data(e, cdb, a, (size_t)n * RAW, NULL, 0));
}

static int32_t next_writable(struct emu *e)
{
	uint8_t ti[36];
	assert_good(emu_cmd(e, "52 01 00 00 00 FF 00 00 24 00", ti, sizeof(ti)));
	return (int32_t)mmc_get_be32(&ti[12]);
}

/* Track 1: 10 audio sectors (padded to 300, 2 run-out), closed; track 2:
 * mode 1 data from *data_start (its pregap 150 blocks before). */
static void open_mixed(struct emu *e, int32_t *data_start)
{
	emu_open(e, "cd-r");
	assert_good(select_format(e, 0x00, 0));
	write_audio_sectors(e, 0, 10);
	assert_good(emu_cmd(e, "5B 00 01 00 00 FF 00 00 00 00", NULL, 0));
	assert_good(select_format(e, 0x04, 8));
	*data_start = next_writable(e);
	assert_int_equal(*data_start, 300 + 2 + 150);
	assert_good(write10(e, *data_start, 4, 3));
}

static void audio_tracks(void **state)
{
	(void)state;
	struct emu e;
	int32_t ds;
	open_mixed(&e, &ds);
	/* What cdparanoia sends: byte 1 00h/02h/04h/06h, byte 9 10h/F8h, and
	 * READ CD MSF; every one gives the 2352 samples. */
	static const uint8_t b1s[] = {0x00, 0x02, 0x04, 0x06};
	static const uint8_t b9s[] = {0x10, 0xF8};
	for (size_t i = 0; i < sizeof(b1s); i++) {
		for (size_t k = 0; k < sizeof(b9s); k++) {
			memset(buf, 0x7F, sizeof(buf));
			struct emu_result r = read_cd(&e, b1s[i], 2, 8, b9s[k], 0, sizeof(buf));
			assert_good(r);
			assert_int_equal(r.len, 8 * RAW);
			for (int32_t s = 0; s < 8; s++)
				for (int j = 0; j < RAW; j++)
					if (buf[(size_t)s * RAW + j] != sample(2 + s, j))
						fail_msg("BE %02X .. %02X: LBA %d byte %d", b1s[i],
							 b9s[k], 2 + s, j);
		}
	}
	struct emu_result r = emu_cmd(&e, "B9 04 00 00 02 00 00 02 0A F8 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 10 * RAW);
	assert_int_equal(buf[9 * RAW + 100], sample(9, 100));
	/* No sync or header in an audio sector: only user data counts. */
	r = read_cd(&e, 0x04, 0, 1, 0xA0, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 0);
	r = read_cd(&e, 0x04, 0, 1, 0x28, 0, sizeof(buf)); /* illegal for data, ignored here */
	assert_good(r);
	/* The padding to 4 s and the two run-out blocks read as silence. */
	r = read_cd(&e, 0x04, 298, 4, 0x10, 0, sizeof(buf));
	assert_good(r);
	for (size_t j = 0; j < 4 * RAW; j++)
		assert_int_equal(buf[j], 0);
	/* Type mismatches either way, and C2 / sub-channel after audio. */
	assert_sense(read_cd(&e, 0x08, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(read_cd(&e, 0x10, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(read_cd(&e, 0x04, ds, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	r = read_cd(&e, 0x04, 3, 1, 0x12, 0x02, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, RAW + 294 + 16);
	const uint8_t *q = buf + RAW + 294;
	assert_int_equal(q[0], 0x01); /* audio, ADR 1 */
	assert_int_equal(q[1], 0x01);
	assert_int_equal(q[2], 0x01);
	assert_int_equal(q[5], 0x03);
	assert_int_equal(q[9], 0x03);
	assert_true(subq_crc_ok(q));
	/* READ(10) of audio is refused; READ CD of the data track works. */
	assert_sense(emu_cmd(&e, "28 00 00 00 00 00 00 00 01 00", buf, sizeof(buf)), 5, 0x64, 0x00);
	r = read_cd(&e, 0x08, ds, 4, 0xF8, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(rspc_bad_codewords(buf + 3 * RAW), 0);
	assert_int_equal(mmc_get_be32(buf + 3 * RAW + 16), (uint32_t)ds + 3);
	emu_close(&e);
}

static void pregap_and_overhead(void **state)
{
	(void)state;
	struct emu e;
	int32_t ds;
	open_mixed(&e, &ds);
	/* Track 2's pregap: link + run-in (first 5 blocks) unreadable, the
	 * rest mode 1 zeros with their header and parity. */
	int32_t pg = ds - 150;
	assert_int_equal(pg, 302);
	assert_sense(read_cd(&e, 0x00, pg, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(read_cd(&e, 0x00, pg + 4, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	/* Any type from audio into them stops there too. */
	assert_sense(read_cd(&e, 0x00, 300, 3, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	struct emu_result r = read_cd(&e, 0x08, ds - 52, 1, 0xF8, 0x01, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, RAW + 96);
	assert_int_equal(buf[15], 0x01);
	uint8_t msf[3] = {0, 0, 0};
	int32_t f = ds - 52 + 150;
	msf[0] = bcd_t((unsigned)(f / 4500));
	msf[1] = bcd_t((unsigned)(f / 75 % 60));
	msf[2] = bcd_t((unsigned)(f % 75));
	assert_memory_equal(buf + 12, msf, 3);
	for (int j = 16; j < 16 + 2048; j++)
		assert_int_equal(buf[j], 0);
	assert_int_equal(rspc_bad_codewords(buf), 0);
	/* Its sub-channel: P set (a pause), Q track 2 index 0, 52 frames
	 * before index 1, data control. */
	uint8_t q[12] = {0};
	for (unsigned i = 0; i < 96; i++) {
		assert_int_equal(buf[RAW + i] & 0x80, 0x80);
		q[i / 8] |= (uint8_t)(((buf[RAW + i] >> 6) & 1) << (7 - i % 8));
	}
	static const uint8_t want[7] = {0x41, 0x02, 0x00, 0x00, 0x00, 0x52, 0x00};
	assert_memory_equal(q, want, 7);
	assert_memory_equal(q + 7, msf, 3);
	assert_true(subq_crc_ok(q));
	/* READ SUB-CHANNEL there: track 2, index 0, relative -52. */
	uint8_t b[16];
	assert_good(emu_cmd(&e, "42 00 40 01 00 00 00 00 10 00", b, sizeof(b)));
	assert_int_equal(b[5], 0x14);
	assert_int_equal(b[6], 2);
	assert_int_equal(b[7], 0);
	assert_int_equal(mmc_get_be32(b + 8), (uint32_t)(ds - 52));
	assert_int_equal((int32_t)mmc_get_be32(b + 12), -52);
	assert_good(emu_cmd(&e, "42 02 40 01 00 00 00 00 10 00", b, sizeof(b)));
	static const uint8_t rel[4] = {0, 0, 0, 52};
	assert_memory_equal(b + 12, rel, 4);
	/* ISRC of the audio track: its control nibble, no ISRC. */
	uint8_t isrc[24];
	assert_good(emu_cmd(&e, "42 00 40 03 00 00 01 00 18 00", isrc, sizeof(isrc)));
	assert_int_equal(isrc[5], 0x30);
	assert_int_equal(isrc[8] & 0x80, 0);
	emu_close(&e);
}

/* A CD-R whose track 1 holds 8 mode 2 sectors written through mode page
 * 05h: XA with data block type 13 (subheader + 2324 bytes a block; even
 * LBAs form 1, odd form 2 by the submode) or formless with type 9 (2336
 * bytes). The disc keeps the 2336 bytes after the header. */
static void open_mode2(struct emu *e, bool xa)
{
	emu_open(e, "cd-r");
	uint8_t list[8 + 0x34] = {0};
	uint8_t *p = list + 8;
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = 0x41; /* BUFE, TAO */
	p[3] = 3 << 6 | 4;
	p[4] = xa ? 13 : 9;
	p[8] = 0x20; /* CD-ROM XA session */
	mmc_put_be16(&p[14], 150);
	assert_good(emu_cmd_data(e, "55 10 00 00 00 00 00 00 3C 00", list, sizeof(list), NULL, 0));
	size_t sz = xa ? 2332 : 2336;
	static uint8_t m2[8 * 2336];
	for (unsigned i = 0; i < 8; i++) {
		uint8_t *q = m2 + i * sz;
		for (size_t j = 0; j < 2336; j++)
			if (j < sz)
				q[j] = (uint8_t)(j * 3 + i * 17);
		uint8_t submode = (i & 1) ? 0x20 : 0x08; /* odd: form 2 */
		uint8_t sh[8] = {1, (uint8_t)i, submode, 0, 1, (uint8_t)i, submode, 0};
		if (xa)
			memcpy(q, sh, 8);
	}
	assert_good(emu_cmd_data(e, "2A 00 00 00 00 00 00 00 08 00", m2, 8 * sz, NULL, 0));
}

static void mode2_xa(void **state)
{
	(void)state;
	struct emu e;
	open_mode2(&e, true);
	/* Form 1 (LBA 0): user 2048 from byte 24, EDC over 16..2071,
	 * parity over a zero header. */
	struct emu_result r = read_cd(&e, 0x10, 0, 1, 0xF8, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, RAW);
	assert_int_equal(buf[15], 2);
	assert_int_equal(buf[18], 0x08);
	assert_int_equal(get_le32_t(buf + 2072), edc_bitwise(buf + 16, 2056));
	memset(buf + 12, 0, 4);
	assert_int_equal(rspc_bad_codewords(buf), 0);
	/* Form 2 (LBA 1): EDC over 16..2347. */
	r = read_cd(&e, 0x14, 1, 1, 0xF8, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(get_le32_t(buf + 2348), edc_bitwise(buf + 16, 2332));
	/* Byte counts (MMC-6 6.19): form 1 / form 2. */
	static const struct {
		uint8_t b9;
		int form1, form2;
	} t[] = {
		{0x10, 2048, 2328}, {0x18, 2328, 2328}, {0x20, 4, 4}, {0x30, ILL, ILL},
		{0x40, 8, 8}, {0x50, 2056, 2336}, {0x58, 2336, 2336}, {0x60, 12, 12},
		{0x70, 2060, 2340}, {0x78, 2340, 2340}, {0x08, 280, 0}, {0xA0, 16, 16},
		{0xB0, ILL, ILL}, {0xE0, 24, 24}, {0xF0, 2072, 2352}, {0xF8, 2352, 2352},
		{0x48, ILL, ILL}, {0x90, ILL, ILL}, {0xC0, ILL, ILL},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		for (int32_t lba = 0; lba < 2; lba++) {
			int want = lba ? t[i].form2 : t[i].form1;
			r = read_cd(&e, 0x00, lba, 1, t[i].b9, 0, sizeof(buf));
			if (want == ILL) {
				assert_sense(r, 5, 0x24, 0x00);
			} else {
				assert_good(r);
				if (r.len != (size_t)want)
					fail_msg("form %d byte 9 %02Xh: %zu, want %d", lba + 1,
						 t[i].b9, r.len, want);
			}
		}
	}
	/* Expected types: form 1 only on even LBAs, form 2 on odd, never
	 * mode 1 or formless. */
	assert_sense(read_cd(&e, 0x10, 0, 2, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(read_cd(&e, 0x14, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(read_cd(&e, 0x08, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(read_cd(&e, 0x0C, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	/* Any type reads them mixed: 2048 + 2328 + ... */
	r = read_cd(&e, 0x00, 0, 4, 0x10, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2 * 2048 + 2 * 2328);
	emu_close(&e);
}

static void mode2_formless(void **state)
{
	(void)state;
	struct emu e;
	open_mode2(&e, false);
	struct emu_result r = read_cd(&e, 0x0C, 0, 2, 0x10, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2 * 2336);
	assert_int_equal(buf[2336 + 5], (uint8_t)(5 * 3 + 17));
	r = read_cd(&e, 0x0C, 0, 1, 0xF8, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, RAW);
	assert_int_equal(buf[15], 2);
	r = read_cd(&e, 0x00, 0, 1, 0x18, 0, sizeof(buf)); /* no EDC/ECC: 2336 */
	assert_good(r);
	assert_int_equal(r.len, 2336);
	r = read_cd(&e, 0x00, 0, 1, 0x30, 0, sizeof(buf)); /* no subheader between */
	assert_good(r);
	assert_int_equal(r.len, 2340);
	assert_sense(read_cd(&e, 0x10, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(read_cd(&e, 0x08, 0, 1, 0x10, 0, sizeof(buf)), 5, 0x64, 0x00);
	emu_close(&e);
}

/* Cooked mode 2 form 1 (data block type 10: 2048 bytes a block, the
 * subheader from page 05h): the raw read is a whole form 1 sector. */
static void mode2_form1_cooked(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t list[8 + 0x34] = {0};
	uint8_t *p = list + 8;
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = 0x41;
	p[3] = 3 << 6 | 4;
	p[4] = 10;
	p[8] = 0x20;
	mmc_put_be16(&p[14], 150);
	p[48] = 1, p[49] = 1, p[50] = 0x08; /* file 1, channel 1, data */
	assert_good(emu_cmd_data(&e, "55 10 00 00 00 00 00 00 3C 00", list, sizeof(list), NULL, 0));
	assert_good(write10(&e, 0, 4, 9));
	struct emu_result r = read_cd(&e, 0x10, 0, 4, 0xF8, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 4 * RAW);
	uint8_t want[4 * 2048];
	fill_sectors(want, 0, 4, 9);
	for (unsigned i = 0; i < 4; i++) {
		uint8_t *s = buf + i * RAW;
		assert_int_equal(s[15], 2);
		assert_int_equal(s[18], 0x08);
		assert_memory_equal(s + 16, s + 20, 4);
		assert_memory_equal(s + 24, want + i * 2048, 2048);
		assert_int_equal(get_le32_t(s + 2072), edc_bitwise(s + 16, 2056));
		memset(s + 12, 0, 4);
		assert_int_equal(rspc_bad_codewords(s), 0);
	}
	/* User data alone is what READ(10) gives. */
	r = read_cd(&e, 0x10, 1, 1, 0x10, 0, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 2048);
	assert_memory_equal(buf, want + 2048, 2048);
	emu_close(&e);
}

/* The drive says what READ CD offers: mode page 2Ah byte 5 (cdparanoia
 * checks bit 0, CD-DA commands) and byte 4 form 2; feature 001Eh DAP and
 * C2 flags. */
static void capabilities(void **state)
{
	(void)state;
	struct emu e;
	open_mode1(&e);
	uint8_t b[256];
	struct emu_result r = emu_cmd(&e, "5A 00 2A 00 00 00 00 00 FF 00", b, sizeof(b));
	assert_good(r);
	const uint8_t *pg = b + 8;
	assert_int_equal(pg[0] & 0x3F, 0x2A);
	assert_int_equal(pg[4] & 0x30, 0x30);
	assert_int_equal(pg[5], 0x7F);
	r = emu_cmd(&e, "46 02 00 1E 00 00 00 00 FF 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(mmc_get_be16(b + 8), 0x001E);
	assert_int_equal(b[12], 0x82);
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
		cmocka_unit_test(audio_tracks),
		cmocka_unit_test(pregap_and_overhead),
		cmocka_unit_test(mode2_xa),
		cmocka_unit_test(mode2_formless),
		cmocka_unit_test(mode2_form1_cooked),
		cmocka_unit_test(capabilities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
