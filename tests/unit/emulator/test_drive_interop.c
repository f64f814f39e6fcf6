/* Command sequences real burners send, replayed against the drive with the
 * checks those programs make on the answers (read in their sources:
 * growisofs_mmc.cpp, transport.hxx, dvd+rw-mediainfo.cpp, libburn spc.c,
 * the kernel's sr.c). */
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

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* growisofs handle_events(): GESN for every class (FFh), then for the
 * classes the drive says it supports, until an answer says "no change".
 * It must end, and see the new-media event once. */
static void growisofs_event_loop(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	uint8_t ev[8];
	uint8_t events = 0xFF;
	int rounds = 0, media_events = 0;
	while (events && rounds < 10) {
		char cdb[64];
		snprintf(cdb, sizeof(cdb), "4A 01 00 00 %02X 00 00 00 08 00", events);
		assert_good(emu_cmd(&e, cdb, ev, sizeof(ev)));
		rounds++;
		events = ev[3];
		if ((ev[2] & 7) == 0 || be16(ev) == 2 || (ev[4] & 0x0F) == 0)
			break;
		if ((ev[2] & 7) == 4)
			media_events++;
	}
	assert_true(rounds < 10);
	assert_int_equal(media_events, 1);
	emu_close(&e);
}

/* growisofs set_speed_B6h(): GET PERFORMANCE 03h for one descriptor, then
 * for all; SET STREAMING with the chosen descriptor's flags and end LBA
 * (growisofs takes capacity - 1, the same figure), its read and write
 * speeds over 1000 ms; GET PERFORMANCE
 * type 00h write (CDB byte 1 = 04h, no tolerance bits) must then report
 * that speed as the higher of its start and end figures. */
static void growisofs_speed_selection(void **state)
{
	(void)state;
	static const char *const media[] = {"dvd+r", "dvd-r", "bd-r", "cd-r"};
	for (size_t m = 0; m < sizeof(media) / sizeof(media[0]); m++) {
		struct emu e;
		emu_open(&e, media[m]);
		uint8_t d[8 + 16], perf[8 + 16 * 16];
		assert_good(emu_cmd(&e, "AC 00 00 00 00 00 00 00 00 01 03 00", d, sizeof(d)));
		uint32_t len = be32(d) - 4;
		assert_int_equal(len % 16, 0);
		unsigned n = len / 16;
		char cdb[64];
		snprintf(cdb, sizeof(cdb), "AC 00 00 00 00 00 00 00 00 %02X 03 00", n);
		assert_good(emu_cmd(&e, cdb, perf, sizeof(perf)));
		const uint8_t *w = &perf[8 + 16 * (n / 2)]; /* a middle speed */
		uint8_t pd[28] = {0};
		pd[0] = w[0];
		memcpy(&pd[8], w + 4, 4); /* end LBA from the descriptor */
		memcpy(&pd[12], w + 8, 4);
		memcpy(&pd[20], w + 12, 4);
		pd[18] = pd[26] = 1000 >> 8;
		pd[19] = pd[27] = 1000 & 0xFF;
		assert_good(emu_cmd_data(&e, "B6 00 00 00 00 00 00 00 00 00 1C 00", pd, 28, NULL, 0));
		assert_good(emu_cmd(&e, "AC 04 00 00 00 00 00 00 00 01 00 00", d, sizeof(d)));
		assert_int_equal(be32(d) - 4, 16);
		uint32_t v = be32(&d[8 + 4]) > be32(&d[8 + 12]) ? be32(&d[8 + 4]) : be32(&d[8 + 12]);
		if (v != be32(w + 12))
			fail_msg("%s: velocity %u, asked %u", media[m], v, be32(w + 12));
		assert_true(d[4] & 0x02); /* Write bit echoed */
		emu_close(&e);
	}
}

/* growisofs pull_page2A() + plusminus_pages_setup(): header first, then the
 * announced length; buffer size >= 256 KiB, current write speed and every
 * descriptor >= 1352 kB/s on DVD (else it calls the unit bogus). */
static void growisofs_page_2a_on_dvd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	uint8_t h[12], p2a[256];
	assert_good(emu_cmd(&e, "5A 08 2A 00 00 00 00 00 0C 00", h, sizeof(h)));
	unsigned len = be16(h) + 2u;
	assert_int_equal(be16(&h[6]), 0);
	assert_true(len >= 8 + 2 + (unsigned)h[9]);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "5A 08 2A 00 00 00 00 %02X %02X 00", len >> 8, len & 0xFF);
	struct emu_result r = emu_cmd(&e, cdb, p2a, sizeof(p2a));
	assert_good(r);
	assert_int_equal(r.len, len);
	const uint8_t *p = p2a + 8;
	assert_true(be16(&p[12]) >= 256);
	assert_true(be16(&p[28]) >= 1352);
	for (unsigned i = 0; i < be16(&p[30]); i++)
		assert_true(be16(&p[32 + 4 * i + 2]) >= 1352);
	emu_close(&e);
}

/* growisofs on DVD-R: GET CONFIGURATION RT=10b for feature 21h with 16
 * bytes; if it is not current it falls back to DAO. */
static void growisofs_feature_21h(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd-r");
	uint8_t h[16];
	assert_good(emu_cmd(&e, "46 02 00 21 00 00 00 00 10 00", h, sizeof(h)));
	assert_true(be32(h) >= 12);
	assert_int_equal(be16(&h[8]), 0x0021);
	assert_int_equal(h[8 + 2] & 1, 1);
	emu_close(&e);
}

/* libburn spc_sense_caps(): MODE SENSE 2Ah with 30 bytes to learn the
 * length, then page length + 10; it wants page length >= 28 and
 * 32 + 4 * n <= page length + 2. */
static void libburn_sense_caps(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "bd-re");
	uint8_t b[256];
	assert_good(emu_cmd(&e, "5A 00 2A 00 00 00 00 00 1E 00", b, 30));
	unsigned page_length = b[8 + 1];
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "5A 00 2A 00 00 00 00 00 %02X 00", page_length + 10);
	assert_good(emu_cmd(&e, cdb, b, sizeof(b)));
	const uint8_t *page = b + 8 + be16(&b[6]);
	assert_true(page_length >= 28);
	assert_true(32 + 4u * be16(&page[30]) <= page_length + 2);
	emu_close(&e);
}

/* The kernel's sr get_capabilities(): MODE SENSE(10) 2Ah into 128 bytes;
 * a drive answering anything else, or a mode data length beyond what was
 * transferred, is a "scsi-1" drive with no capabilities. */
static void sr_get_capabilities(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	uint8_t b[128];
	struct emu_result r = emu_cmd(&e, "5A 00 2A 00 00 00 00 00 80 00", b, sizeof(b));
	assert_good(r);
	unsigned length = be16(b) + 2u, hlen = 8, bdl = be16(&b[6]);
	assert_true(length <= sizeof(b));
	assert_true(hlen + bdl <= length);
	const uint8_t *p = b + hlen + bdl;
	assert_int_equal(p[0] & 0x3F, 0x2A);
	assert_int_equal(p[3] & 0x01, 0x01); /* CD-R writer: CDC_CD_R kept */
	assert_int_equal(p[6] & 0x08, 0x08); /* can eject: CDC_OPEN_TRAY kept */
	assert_int_equal(p[6] >> 5, 1); /* tray */
	emu_close(&e);
}

/* growisofs media_reload(): ALLOW, eject (Immed), eject again without
 * Immed, then load: the disc comes back. */
static void growisofs_reload(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	uint8_t b[8];
	assert_good(emu_cmd(&e, "1E 00 00 00 00 00", NULL, 0));
	assert_good(emu_cmd(&e, "1B 01 00 00 02 00", NULL, 0));
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", NULL, 0));
	assert_good(emu_cmd(&e, "1B 01 00 00 03 00", NULL, 0));
	assert_sense(emu_cmd(&e, "00 00 00 00 00 00", NULL, 0), 6, 0x28, 0x00);
	assert_good(emu_cmd(&e, "46 00 00 00 00 00 00 00 08 00", b, sizeof(b)));
	assert_int_equal(be16(&b[6]), 0x001B);
	emu_close(&e);
}

/* wodim (cdrkit modes.c) has_mode_page(): MODE SENSE(6) with allocation
 * length 1 first, then mode data length + 1; set_mode_params(): MODE
 * SELECT with SP=1 first and, when that fails, SP=0 — the page must then
 * be taken. */
static void wodim_mode_pages(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-rw");
	uint8_t m[256];
	struct emu_result r = emu_cmd(&e, "1A 00 05 00 01 00", m, sizeof(m));
	assert_good(r);
	assert_int_equal(r.len, 1);
	unsigned len = m[0] + 1u;
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "1A 00 05 00 %02X 00", len);
	r = emu_cmd(&e, cdb, m, sizeof(m));
	assert_good(r);
	assert_int_equal(r.len, len);
	assert_int_equal(m[3], 0); /* no block descriptors */
	assert_int_equal(m[4] & 0x3F, 0x05);
	assert_int_equal(len, 4u + 2u + m[5]);
	/* Switch to SAO with test write, as cdrecord -dummy -sao would. */
	m[0] = 0; /* mode data length: reserved in MODE SELECT */
	m[4 + 2] = (uint8_t)((m[4 + 2] & 0xE0) | 0x10 | 0x02);
	snprintf(cdb, sizeof(cdb), "15 11 00 00 %02X 00", len);
	assert_sense(emu_cmd_data(&e, cdb, m, len, NULL, 0), 5, 0x24, 0x00);
	snprintf(cdb, sizeof(cdb), "15 10 00 00 %02X 00", len);
	assert_good(emu_cmd_data(&e, cdb, m, len, NULL, 0));
	uint8_t chk[256];
	assert_good(emu_cmd(&e, "1A 00 05 00 FF 00", chk, sizeof(chk)));
	assert_int_equal(chk[4 + 2] & 0x1F, 0x12);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(growisofs_event_loop),
		cmocka_unit_test(growisofs_speed_selection),
		cmocka_unit_test(growisofs_page_2a_on_dvd),
		cmocka_unit_test(growisofs_feature_21h),
		cmocka_unit_test(libburn_sense_caps),
		cmocka_unit_test(sr_get_capabilities),
		cmocka_unit_test(growisofs_reload),
		cmocka_unit_test(wodim_mode_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
