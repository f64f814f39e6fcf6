/* MODE SENSE (6/10) and MODE SELECT (6/10): pages 01h, 05h, 2Ah, 3Fh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_harness.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void assert_field_pointer(const struct emu_result *r, int in_cdb, int byte, int bit)
{
	if (!(r->raw_sense[15] & 0x80))
		fail_msg("no field pointer");
	assert_int_equal(!!(r->raw_sense[15] & 0x40), in_cdb);
	assert_int_equal(r->raw_sense[16] << 8 | r->raw_sense[17], byte);
	if (bit >= 0) {
		assert_true(r->raw_sense[15] & 0x08);
		assert_int_equal(r->raw_sense[15] & 7, bit);
	}
}

/* MODE SENSE(10) of one page; returns the page (after the header). */
static uint8_t *sense_page(struct emu *e, uint8_t pcpage, uint8_t *buf, size_t cap)
{
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "5A 08 %02X 00 00 00 00 %02X %02X 00", pcpage,
		 (unsigned)(cap >> 8), (unsigned)(cap & 0xFF));
	struct emu_result r = emu_cmd(e, cdb, buf, cap);
	assert_good(r);
	assert_int_equal(be16(&buf[6]), 0); /* no block descriptors */
	assert_int_equal(r.len, be16(&buf[0]) + 2u);
	return buf + 8;
}

/* A MODE SELECT(10) parameter list: 8-byte header + page 05h (0x36). */
static size_t page05_list(uint8_t *l, uint8_t b2, uint8_t b3, uint8_t b4, uint8_t fmt)
{
	memset(l, 0, 8 + 0x38);
	l[8] = 0x05;
	l[9] = 0x36;
	l[10] = b2;
	l[11] = b3;
	l[12] = b4;
	l[16] = fmt;
	l[23] = 150;
	return 8 + 0x38;
}

static struct emu_result select10(struct emu *e, const uint8_t *l, size_t n)
{
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "55 10 00 00 00 00 00 %02X %02X 00",
		 (unsigned)(n >> 8), (unsigned)(n & 0xFF));
	return emu_cmd_data(e, cdb, l, n, NULL, 0);
}

static void page_2a_cd_r(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[256];
	uint8_t *p = sense_page(&e, 0x2A, buf, sizeof(buf));
	assert_int_equal(p[0], 0x2A);
	unsigned n = be16(&p[30]);
	assert_int_equal(n, 7); /* cd-r.ini: 4x..48x */
	assert_int_equal(p[1], 30 + 4 * n);
	assert_int_equal(p[2] & 0x03, 0x03); /* reads CD-R, CD-RW */
	assert_int_equal(p[3] & 0x01, 0x01); /* writes CD-R */
	assert_int_equal(p[3] & 0x04, 0x04); /* test write */
	assert_int_equal(p[4] & 0x80, 0x80); /* BUF */
	assert_int_equal(p[6] & 0xE0, 0x20); /* tray */
	assert_int_equal(p[6] & 0x08, 0x08); /* eject */
	assert_int_equal(be16(&p[12]), 2048); /* buffer KiB */
	uint16_t fastest = be16(&p[32 + 2]);
	assert_int_equal(be16(&p[28]), fastest); /* current = fastest */
	assert_int_equal(be16(&p[20]), fastest);
	assert_true(be16(&p[32 + 4 * (n - 1) + 2]) < fastest); /* descending */
	emu_close(&e);
}

static void page_2a_without_medium(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	uint8_t buf[256];
	uint8_t *p = sense_page(&e, 0x2A, buf, sizeof(buf));
	assert_int_equal(p[3] & 0x01, 0x01); /* still a CD-R writer */
	assert_true(be16(&p[30]) > 0); /* CD speeds */
	/* MODE SENSE(6) too: the kernel's sr reads it at probe time. */
	struct emu_result r = emu_cmd(&e, "1A 08 2A 00 FF 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, buf[0] + 1u);
	assert_int_equal(buf[3], 0);
	assert_int_equal(buf[4], 0x2A);
	emu_close(&e);
}

static void page_2a_dvd_and_lock(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	uint8_t buf[256];
	uint8_t *p = sense_page(&e, 0x2A, buf, sizeof(buf));
	assert_int_equal(p[2] & 0x08, 0x08); /* DVD-ROM read */
	assert_int_equal(p[2] & 0x10, 0x10); /* DVD-R read (dvd-r.ini) */
	assert_int_equal(p[6] & 0x02, 0); /* not locked */
	assert_true(be16(&p[28]) > 1385); /* a DVD speed */
	emu_cmd(&e, "1E 00 00 00 01 00", NULL, 0);
	p = sense_page(&e, 0x2A, buf, sizeof(buf));
	assert_int_equal(p[6] & 0x02, 0x02);
	emu_close(&e);
}

static void page_05_and_01_defaults(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[256];
	uint8_t *p = sense_page(&e, 0x05, buf, sizeof(buf));
	assert_int_equal(p[0], 0x05);
	assert_int_equal(p[1], 0x36);
	assert_int_equal(p[2], 0x41); /* BUFE, TAO */
	assert_int_equal(p[3], 0x04); /* data track */
	assert_int_equal(p[4], 0x08); /* mode 1 */
	assert_int_equal(be16(&p[14]), 150);
	p = sense_page(&e, 0x45, buf, sizeof(buf)); /* changeable */
	assert_int_equal(p[2], 0x7F);
	assert_int_equal(p[4], 0x0F);
	p = sense_page(&e, 0x85, buf, sizeof(buf)); /* default */
	assert_int_equal(p[2], 0x41);
	p = sense_page(&e, 0x01, buf, sizeof(buf));
	assert_int_equal(p[0], 0x01);
	assert_int_equal(p[1], 0x0A);
	p = sense_page(&e, 0x6A, buf, sizeof(buf)); /* 2Ah changeable: nothing */
	for (int i = 2; i < p[1] + 2; i++)
		assert_int_equal(p[i], 0);
	emu_close(&e);
}

static void all_pages(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "bd-r");
	uint8_t buf[512];
	uint8_t *p = sense_page(&e, 0x3F, buf, sizeof(buf));
	size_t total = be16(&buf[0]) + 2u - 8;
	assert_int_equal(p[0], 0x01);
	p += p[1] + 2;
	assert_int_equal(p[0], 0x05);
	p += p[1] + 2;
	assert_int_equal(p[0], 0x2A);
	p += p[1] + 2;
	assert_int_equal((size_t)(p - (buf + 8)), total);
	/* Subpage FFh = all subpages: the same pages. */
	assert_good(emu_cmd(&e, "5A 08 3F FF 00 00 00 02 00 00", buf, sizeof(buf)));
	/* Allocation length cuts; the mode data length still says it all. */
	struct emu_result r = emu_cmd(&e, "5A 08 3F 00 00 00 00 00 10 00", buf, 16);
	assert_int_equal(r.len, 16);
	assert_int_equal(be16(&buf[0]), total + 6);
	emu_close(&e);
}

static void mode_sense_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[256];
	struct emu_result r = emu_cmd(&e, "5A 00 C5 00 00 00 00 00 FF 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x39, 0x00); /* saved values */
	r = emu_cmd(&e, "1A 00 C5 00 FF 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x39, 0x00);
	r = emu_cmd(&e, "5A 00 08 00 00 00 00 00 FF 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00); /* caching page: not supported */
	assert_field_pointer(&r, 1, 2, 5);
	r = emu_cmd(&e, "5A 00 2A 01 00 00 00 00 FF 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00);
	assert_field_pointer(&r, 1, 3, 7);
	/* LLBAA and DBD change nothing for a drive without descriptors. */
	assert_good(emu_cmd(&e, "5A 18 2A 00 00 00 00 00 FF 00", buf, sizeof(buf)));
	assert_good(emu_cmd(&e, "5A 00 2A 00 00 00 00 00 FF 00", buf, sizeof(buf)));
	assert_int_equal(be16(&buf[6]), 0);
	emu_close(&e);
}

static void select_page_05_cd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t l[128], buf[256];
	/* SAO, test write, BUFE off, multisession allowed, CD-ROM XA. */
	size_t n = page05_list(l, 0x12, 0xC4, 0x08, 0x20);
	assert_good(select10(&e, l, n));
	uint8_t *p = sense_page(&e, 0x05, buf, sizeof(buf));
	assert_int_equal(p[2], 0x12);
	assert_int_equal(p[3], 0xC4);
	assert_int_equal(p[8], 0x20);
	/* MODE SELECT(6), TAO mode 2 form 1. */
	uint8_t l6[4 + 0x38];
	memset(l6, 0, sizeof(l6));
	memcpy(&l6[4], &l[8], 0x38);
	l6[6] = 0x41;
	l6[8] = 10;
	char cdb[32];
	snprintf(cdb, sizeof(cdb), "15 10 00 00 %02X 00", (unsigned)sizeof(l6));
	assert_good(emu_cmd_data(&e, cdb, l6, sizeof(l6), NULL, 0));
	p = sense_page(&e, 0x05, buf, sizeof(buf));
	assert_int_equal(p[2], 0x41);
	assert_int_equal(p[4], 10);
	emu_close(&e);
}

/* One bad field per row: page 05h bytes b2/b3/b4/session format and the
 * parameter-list byte the field pointer must name. */
static void select_page_05_cd_errors(void **state)
{
	(void)state;
	static const struct {
		uint8_t b2, b3, b4, fmt;
		int byte, bit;
	} t[] = {
		{0x45, 0x04, 0x08, 0x00, 10, 3}, /* write type 5: reserved */
		{0x44, 0x04, 0x08, 0x00, 10, 3}, /* layer jump: not on CD */
		{0x40, 0x04, 0x08, 0x00, 10, 3}, /* packet: cd-r.ini has none */
		{0x43, 0x04, 0x01, 0x00, 12, 3}, /* raw: raw sectors not emulated */
		{0x40, 0x00, 0x00, 0x00, 10, 3}, /* packet audio: cd-r.ini has no packet */
		{0x41, 0x04, 0x01, 0x00, 12, 3}, /* TAO raw with P-Q sub-channel */
		{0x41, 0x04, 0x0E, 0x00, 12, 3}, /* TAO reserved type 14 */
		{0x41, 0x04, 0x08, 0x30, 16, 7}, /* session format */
		{0x41, 0x84, 0x08, 0x00, 11, 7}, /* multisession 10b: reserved */
	};
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t l[128];
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = page05_list(l, t[i].b2, t[i].b3, t[i].b4, t[i].fmt);
		struct emu_result r = select10(&e, l, n);
		assert_sense(r, 5, 0x26, 0x00);
		assert_field_pointer(&r, 0, t[i].byte, t[i].bit);
	}
	/* SAO takes any block type (the cue sheet decides). */
	size_t n = page05_list(l, 0x42, 0x00, 0x00, 0x00);
	assert_good(select10(&e, l, n));
	emu_close(&e);
}

/* libburn's spc_probe_write_modes: 32h-long pages, every write type and
 * block type; what succeeds is what libburn will use. */
static void libburn_probe(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t l[8 + 2 + 0x32];
	unsigned ok_tao = 0, ok_sao = 0, ok_raw = 0;
	for (unsigned wt = 1; wt <= 3; wt++) {
		for (unsigned bt = 0; bt <= 13; bt++) {
			if (bt >= 4 && bt < 8)
				continue;
			memset(l, 0, sizeof(l));
			l[8] = 5;
			l[9] = 0x32;
			l[10] = (uint8_t)wt;
			l[11] = bt > 4 ? 4 : 0;
			l[12] = (uint8_t)bt;
			l[23] = 150;
			struct emu_result r = emu_cmd_data(&e, "55 10 00 00 00 00 00 00 3C 00",
							   l, sizeof(l), NULL, 0);
			unsigned *ok = wt == 1 ? &ok_tao : wt == 2 ? &ok_sao : &ok_raw;
			if (r.status == 0)
				*ok |= 1u << bt;
		}
	}
	/* Audio (0: 2352 raw bytes), mode 1 (8), mode 2 formless (9) and
	 * XA (10-13). */
	assert_int_equal(ok_tao, (1u << 0) | 0x3F00u);
	assert_int_equal(ok_sao, 0x3F0F);
	assert_int_equal(ok_raw, 0);
	emu_close(&e);
}

static void select_page_05_dvd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd-r");
	uint8_t l[128];
	size_t n = page05_list(l, 0x40, 0x00, 0x08, 0);
	assert_good(select10(&e, l, n)); /* incremental */
	n = page05_list(l, 0x52, 0x00, 0x08, 0);
	assert_good(select10(&e, l, n)); /* DAO, test write */
	n = page05_list(l, 0x41, 0x00, 0x08, 0);
	struct emu_result r = select10(&e, l, n); /* TAO is CD only */
	assert_sense(r, 5, 0x26, 0x00);
	assert_field_pointer(&r, 0, 10, 3);
	emu_close(&e);

	/* DVD+R and BD-R take the page and ignore it, as real drives do. */
	emu_open(&e, "dvd+r");
	n = page05_list(l, 0x41, 0x04, 0x00, 0x30);
	assert_good(select10(&e, l, n));
	n = page05_list(l, 0x47, 0x04, 0x08, 0); /* reserved type: still refused */
	assert_sense(select10(&e, l, n), 5, 0x26, 0x00);
	emu_close(&e);
}

static void select_cdb_and_list_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t l[128];
	size_t n = page05_list(l, 0x41, 0x04, 0x08, 0);
	struct emu_result r = emu_cmd_data(&e, "55 00 00 00 00 00 00 00 40 00", l, n, NULL, 0);
	assert_sense(r, 5, 0x24, 0x00); /* PF=0 */
	assert_field_pointer(&r, 1, 1, 4);
	r = emu_cmd_data(&e, "55 11 00 00 00 00 00 00 40 00", l, n, NULL, 0);
	assert_sense(r, 5, 0x24, 0x00); /* SP=1 */
	assert_field_pointer(&r, 1, 1, 0);
	/* Fewer bytes sent than the CDB announces. */
	r = emu_cmd_data(&e, "55 10 00 00 00 00 00 00 40 00", l, 10, NULL, 0);
	assert_sense(r, 5, 0x1A, 0x00);
	/* A list that cuts the header, or the page. */
	assert_sense(select10(&e, l, 6), 5, 0x1A, 0x00);
	assert_sense(select10(&e, l, 20), 5, 0x1A, 0x00);
	/* Zero-length list: nothing to do. */
	assert_good(emu_cmd(&e, "55 10 00 00 00 00 00 00 00 00", NULL, 0));
	/* Block descriptors: whole ones are skipped, others refused. */
	uint8_t bd[8 + 8 + 0x38];
	memset(bd, 0, sizeof(bd));
	bd[7] = 8;
	memcpy(&bd[16], &l[8], 0x38);
	assert_good(select10(&e, bd, sizeof(bd)));
	bd[7] = 5;
	r = select10(&e, bd, sizeof(bd));
	assert_sense(r, 5, 0x26, 0x00);
	assert_field_pointer(&r, 0, 6, -1);
	/* Unsupported page, subpage format, wrong length. */
	l[8] = 0x08;
	r = select10(&e, l, n);
	assert_sense(r, 5, 0x26, 0x00);
	assert_field_pointer(&r, 0, 8, 5);
	l[8] = 0x45;
	r = select10(&e, l, n);
	assert_field_pointer(&r, 0, 8, 6);
	l[8] = 0x05;
	l[9] = 0x20;
	r = select10(&e, l, 8 + 0x22);
	assert_sense(r, 5, 0x26, 0x00);
	assert_field_pointer(&r, 0, 9, 7);
	emu_close(&e);
}

static void select_page_2a_and_01(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[256], l[256];
	uint8_t *p = sense_page(&e, 0x2A, buf, sizeof(buf));
	size_t plen = p[1] + 2u;
	memset(l, 0, 8);
	memcpy(&l[8], p, plen);
	assert_good(select10(&e, l, 8 + plen)); /* unchanged: fine */
	l[8 + 12] ^= 0x01; /* buffer size */
	struct emu_result r = select10(&e, l, 8 + plen);
	assert_sense(r, 5, 0x26, 0x00);
	assert_field_pointer(&r, 0, 8 + 12, 0);

	/* Page 01h: what libburn sends (TB, PER, DCR, retries). */
	memset(l, 0, 20);
	l[8] = 0x01;
	l[9] = 0x0A;
	l[10] = 0x25;
	l[11] = 7;
	assert_good(select10(&e, l, 20));
	p = sense_page(&e, 0x01, buf, sizeof(buf));
	assert_int_equal(p[2], 0x25);
	assert_int_equal(p[3], 7);
	l[10] = 0x08; /* reserved bit */
	r = select10(&e, l, 20);
	assert_sense(r, 5, 0x26, 0x00);
	assert_field_pointer(&r, 0, 10, 3);
	emu_close(&e);
}

/* Pages are applied only when the whole list is valid. */
static void select_is_atomic(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t l[128], buf[256];
	size_t n = page05_list(l, 0x52, 0x04, 0x08, 0);
	l[n] = 0x08; /* then an unsupported page */
	l[n + 1] = 0x02;
	assert_sense(select10(&e, l, n + 4), 5, 0x26, 0x00);
	uint8_t *p = sense_page(&e, 0x05, buf, sizeof(buf));
	assert_int_equal(p[2], 0x41);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(page_2a_cd_r),
		cmocka_unit_test(page_2a_without_medium),
		cmocka_unit_test(page_2a_dvd_and_lock),
		cmocka_unit_test(page_05_and_01_defaults),
		cmocka_unit_test(all_pages),
		cmocka_unit_test(mode_sense_errors),
		cmocka_unit_test(select_page_05_cd),
		cmocka_unit_test(select_page_05_cd_errors),
		cmocka_unit_test(libburn_probe),
		cmocka_unit_test(select_page_05_dvd),
		cmocka_unit_test(select_cdb_and_list_errors),
		cmocka_unit_test(select_page_2a_and_01),
		cmocka_unit_test(select_is_atomic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
