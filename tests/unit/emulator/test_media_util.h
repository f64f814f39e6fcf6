/* Shared helpers of the media command tests (test_cmd_rw/toc/track/format):
 * tables of raw CDBs with the expected status, sense and field pointer, and
 * the few command sequences every burn needs. Include after emu_harness.h. */
#ifndef TEST_MEDIA_UTIL_H
#define TEST_MEDIA_UTIL_H

#include "mmc/be.h"

/* One row: CDB, then GOOD (key 0) or the expected sense triple, and the
 * field pointer byte (-1: not checked) and bit (-1: no bit pointer). */
struct cdb_case {
	const char *cdb;
	uint8_t key, asc, ascq;
	int fp_byte, fp_bit;
};

#define GOOD 0, 0, 0, -1, -1
#define SENSE(k, a, q) k, a, q, -1, -1
#define BAD_FIELD(byte, bit) 5, 0x24, 0x00, byte, bit

/* Field pointer (SPC-4 4.5.2.4.2): SKSV, C/D, BPV + bit, byte. */
static inline void check_field_pointer(const char *what, const struct emu_result *r,
				       int in_cdb, int byte, int bit)
{
	const uint8_t *s = r->raw_sense;
	int got_byte = s[16] << 8 | s[17];
	if (!(s[15] & 0x80) || !!(s[15] & 0x40) != in_cdb || got_byte != byte ||
	    (bit >= 0 && (!(s[15] & 0x08) || (s[15] & 7) != bit)) ||
	    (bit < 0 && (s[15] & 0x08)))
		fail_msg("%s: field pointer %02X byte %d, want %s byte %d bit %d", what,
			 s[15], got_byte, in_cdb ? "CDB" : "list", byte, bit);
}

static inline void check_case(const struct cdb_case *t, const struct emu_result *r)
{
	if (t->key == 0 && r->status != 0)
		fail_msg("%s: expected GOOD, got %X/%02X/%02X", t->cdb, r->sense.key,
			 r->sense.asc, r->sense.ascq);
	if (t->key != 0 && (r->status != 2 || r->sense.key != t->key ||
			    r->sense.asc != t->asc || r->sense.ascq != t->ascq))
		fail_msg("%s: expected %X/%02X/%02X, got status %u %X/%02X/%02X", t->cdb,
			 t->key, t->asc, t->ascq, r->status, r->sense.key, r->sense.asc,
			 r->sense.ascq);
	if (t->key != 0 && t->fp_byte >= 0)
		check_field_pointer(t->cdb, r, t->asc == 0x24, t->fp_byte, t->fp_bit);
}

static inline void run_cases(struct emu *e, const struct cdb_case *t, size_t n)
{
	/* Data-out for every row: WRITE takes what its CDB asks for, other
	 * commands what their parameter list length says. */
	static uint8_t buf[65536], zeros[65536];
	for (size_t i = 0; i < n; i++) {
		struct emu_result r = emu_cmd_data(e, t[i].cdb, zeros, sizeof(zeros), buf, sizeof(buf));
		check_case(&t[i], &r);
	}
}

#define RUN(e, table) run_cases((e), (table), sizeof(table) / sizeof((table)[0]))

/* Sector n holds its LBA in its first 4 bytes and a pattern after. */
static inline void fill_sectors(uint8_t *buf, int32_t lba, uint32_t n, uint8_t seed)
{
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *s = buf + (size_t)i * 2048;
		mmc_put_be32(s, (uint32_t)(lba + (int32_t)i));
		for (int j = 4; j < 2048; j++)
			s[j] = (uint8_t)(j * 3 + seed + (lba + (int32_t)i));
	}
}

/* WRITE(10) of n patterned sectors at lba. */
static inline struct emu_result write10(struct emu *e, int32_t lba, uint16_t n, uint8_t seed)
{
	static uint8_t buf[512 * 2048];
	assert_true(n <= 512);
	char cdb[64];
	fill_sectors(buf, lba, n, seed);
	snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 %02X %02X 00",
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, n >> 8, n & 0xFF);
	return emu_cmd_data(e, cdb, buf, (size_t)n * 2048, NULL, 0);
}

/* READ(10) of n sectors at lba; checks the pattern when GOOD. */
static inline struct emu_result read10_check(struct emu *e, int32_t lba, uint16_t n, uint8_t seed)
{
	static uint8_t got[512 * 2048], want[512 * 2048];
	assert_true(n <= 512);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "28 00 %02X %02X %02X %02X 00 %02X %02X 00",
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, n >> 8, n & 0xFF);
	struct emu_result r = emu_cmd(e, cdb, got, sizeof(got));
	if (r.status == 0) {
		fill_sectors(want, lba, n, seed);
		assert_int_equal(r.len, (size_t)n * 2048);
		assert_memory_equal(got, want, (size_t)n * 2048);
	}
	return r;
}

/* MODE SELECT(10) of page 05h: write type, multi-session, test write,
 * BUFE, mode 1 data blocks. */
static inline struct emu_result select_page05(struct emu *e, uint8_t write_type,
					      uint8_t multisession, bool test_write)
{
	uint8_t list[8 + 0x34] = {0};
	uint8_t *p = list + 8;
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = (uint8_t)(0x40 | (test_write ? 0x10 : 0) | write_type);
	p[3] = (uint8_t)(multisession << 6 | 4);
	p[4] = 8; /* mode 1 */
	mmc_put_be16(&p[14], 150);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "55 10 00 00 00 00 00 00 %02X 00", (unsigned)sizeof(list));
	return emu_cmd_data(e, cdb, list, sizeof(list), NULL, 0);
}

/* READ TRACK INFORMATION by track number (FFh: the invisible track). */
static inline struct emu_result track_info(struct emu *e, unsigned track, uint8_t *ti)
{
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "52 01 00 00 %02X %02X 00 00 30 00", track >> 8, track & 0xFF);
	return emu_cmd(e, cdb, ti, 48);
}

static inline int32_t nwa_of(struct emu *e)
{
	uint8_t ti[48];
	assert_good(track_info(e, 0xFF, ti));
	assert_true(ti[7] & 1);
	return (int32_t)mmc_get_be32(&ti[12]);
}

/* After FORMAT UNIT or BLANK with Immed the drive is busy on its clock:
 * polls TEST UNIT READY as a host would, letting 100 ms of drive time pass
 * between polls (the virtual clock only moves when told), until GOOD. */
static inline void wait_ready(struct emu *e)
{
	for (int i = 0; i < 36000; i++) {
		struct emu_result r = emu_cmd(e, "00 00 00 00 00 00", NULL, 0);
		if (r.status == 0)
			return;
		if (r.sense.key != 2 || r.sense.asc != 0x04)
			fail_msg("waiting for the drive: %X/%02X/%02X", r.sense.key,
				 r.sense.asc, r.sense.ascq);
		mmcemu_advance_clock(e->drive, 100000000u);
	}
	fail_msg("the drive stayed busy for an hour of drive time");
}

static inline void disc_info(struct emu *e, uint8_t *di)
{
	assert_good(emu_cmd(e, "51 00 00 00 00 00 00 00 22 00", di, 34));
}

#endif
