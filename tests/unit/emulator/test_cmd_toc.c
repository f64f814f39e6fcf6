/* READ TOC/PMA/ATIP formats 0 (LBA and MSF), 1, 2 and 4, fabricated TOCs
 * on DVD/BD, and the errors: no TOC yet, bad format, CD-only formats on
 * other media, bad start track, no medium. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive.h"
#include "emu_harness.h"
#include "test_media_util.h"

static uint8_t toc[4096];

static void no_medium(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	static const struct cdb_case t[] = {
		{"43 00 00 00 00 00 00 00 0C 00", SENSE(2, 0x3A, 0x01)},
		{"43 00 04 00 00 00 00 00 20 00", SENSE(2, 0x3A, 0x01)},
	};
	RUN(&e, t);
	emu_close(&e);
}

static void blank_cd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	static const struct cdb_case t[] = {
		{"43 00 00 00 00 00 00 00 0C 00", SENSE(5, 0x24, 0x00)}, /* no TOC yet */
		{"43 00 01 00 00 00 00 00 0C 00", SENSE(5, 0x24, 0x00)},
		{"43 00 02 00 00 00 00 00 0C 00", SENSE(5, 0x24, 0x00)},
		{"43 00 03 00 00 00 00 00 0C 00", BAD_FIELD(2, 3)}, /* PMA */
		{"43 00 05 00 00 00 00 00 0C 00", BAD_FIELD(2, 3)}, /* CD-TEXT */
		{"43 00 0F 00 00 00 00 00 0C 00", BAD_FIELD(2, 3)},
	};
	RUN(&e, t);
	/* ATIP exists on a blank disc: it is pressed into the groove. */
	struct emu_result r = emu_cmd(&e, "43 00 04 00 00 00 00 00 20 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(r.len, 32);
	assert_int_equal(mmc_get_be16(toc), 30);
	assert_int_equal(toc[6] & 0x40, 0); /* CD-R */
	assert_int_equal(toc[8], 97);
	assert_int_equal(toc[9], 24);
	assert_int_equal(toc[10], 1);
	assert_int_equal(toc[12], 79);
	assert_int_equal(toc[13], 59);
	assert_int_equal(toc[14], 74);
	emu_close(&e);
	emu_open(&e, "cd-rw");
	assert_good(emu_cmd(&e, "43 00 04 00 00 00 00 00 20 00", toc, sizeof(toc)));
	assert_int_equal(toc[6] & 0x40, 0x40); /* CD-RW */
	assert_int_equal((toc[6] >> 3) & 7, 2); /* ultra speed */
	emu_close(&e);
}

static void finalized_cd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(write10(&e, 0, 500, 1));
	assert_good(write10(&e, 500, 500, 1));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	/* Format 0, LBA: track 1 at 0, lead-out at 1002 (2 run-out blocks). */
	struct emu_result r = emu_cmd(&e, "43 00 00 00 00 00 00 00 FF 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(r.len, 20);
	assert_int_equal(mmc_get_be16(toc), 18);
	assert_int_equal(toc[2], 1);
	assert_int_equal(toc[3], 1);
	assert_int_equal(toc[5], 0x14); /* ADR 1, data track */
	assert_int_equal(toc[6], 1);
	assert_int_equal(mmc_get_be32(&toc[8]), 0);
	assert_int_equal(toc[14], 0xAA);
	assert_int_equal(mmc_get_be32(&toc[16]), 1002);
	/* MSF: 00:02:00 and 1152 frames = 00:15:27. */
	assert_good(emu_cmd(&e, "43 02 00 00 00 00 00 00 FF 00", toc, sizeof(toc)));
	assert_int_equal(mmc_get_be32(&toc[8]), 0x00000200);
	assert_int_equal(mmc_get_be32(&toc[16]), 0x00000F1B);
	/* From the lead-out only. */
	r = emu_cmd(&e, "43 00 00 00 00 00 AA 00 FF 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(r.len, 12);
	assert_int_equal(toc[6], 0xAA);
	/* Allocation length cuts the answer, not its length field. */
	r = emu_cmd(&e, "43 00 00 00 00 00 00 00 04 00", toc, sizeof(toc));
	assert_int_equal(r.len, 4);
	assert_int_equal(mmc_get_be16(toc), 18);
	static const struct cdb_case t[] = {
		{"43 00 00 00 00 00 02 00 FF 00", BAD_FIELD(6, -1)},
		{"43 00 00 00 00 00 63 00 FF 00", BAD_FIELD(6, -1)},
	};
	RUN(&e, t);
	/* Format 1: one session, first track 1 at 0. */
	r = emu_cmd(&e, "43 00 01 00 00 00 00 00 0C 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(r.len, 12);
	assert_int_equal(toc[2], 1);
	assert_int_equal(toc[3], 1);
	assert_int_equal(toc[6], 1);
	assert_int_equal(mmc_get_be32(&toc[8]), 0);
	/* Legacy: the format in the control byte (SFF-8020i). */
	assert_good(emu_cmd(&e, "43 00 00 00 00 00 00 00 0C 40", toc, sizeof(toc)));
	assert_int_equal(mmc_get_be16(toc), 10);
	/* Format 2: A0, A1, A2 and track 1; no B0/C0 on a closed disc. */
	r = emu_cmd(&e, "43 00 02 00 00 00 00 00 FF 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(r.len, 4 + 4 * 11);
	assert_int_equal(toc[4 + 3], 0xA0);
	assert_int_equal(toc[4 + 8], 1);
	assert_int_equal(toc[15 + 3], 0xA1);
	assert_int_equal(toc[26 + 3], 0xA2);
	assert_int_equal(toc[26 + 8], 0);
	assert_int_equal(toc[26 + 9], 15);
	assert_int_equal(toc[26 + 10], 27);
	assert_int_equal(toc[37 + 3], 1);
	assert_int_equal(toc[37 + 9], 2);
	emu_close(&e);
}

static void multisession_cd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_page05(&e, 1, 3, false));
	assert_good(write10(&e, 0, 300, 1));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	int32_t s2 = nwa_of(&e);
	assert_int_equal(s2, 302 + 11400);
	/* The open session is not in the TOC yet. */
	assert_good(write10(&e, s2, 300, 1));
	assert_good(emu_cmd(&e, "43 00 01 00 00 00 00 00 0C 00", toc, sizeof(toc)));
	assert_int_equal(toc[3], 1);
	/* Format 2 of an appendable disc: B0 (next program area) and C0. */
	struct emu_result r = emu_cmd(&e, "43 00 02 00 00 00 00 00 FF 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(r.len, 4 + 6 * 11);
	const uint8_t *b0 = toc + 4 + 4 * 11, *c0 = b0 + 11;
	assert_int_equal(b0[1], 0x50);
	assert_int_equal(b0[3], 0xB0);
	/* Next program area at 11702 + 150 = 11852 frames = 02:38:02. */
	assert_int_equal(b0[4], 2);
	assert_int_equal(b0[5], 38);
	assert_int_equal(b0[6], 2);
	assert_int_equal(b0[8], 79);
	assert_int_equal(c0[3], 0xC0);
	assert_int_equal(c0[8], 97);
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	/* Two sessions now: format 1 names session 2 and its first track. */
	assert_good(emu_cmd(&e, "43 00 01 00 00 00 00 00 0C 00", toc, sizeof(toc)));
	assert_int_equal(toc[3], 2);
	assert_int_equal(toc[6], 2);
	assert_int_equal(mmc_get_be32(&toc[8]), (uint32_t)s2);
	r = emu_cmd(&e, "43 00 00 00 00 00 00 00 FF 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(toc[3], 2);
	assert_int_equal(mmc_get_be32(&toc[8 + 16]), (uint32_t)s2 + 302);
	emu_close(&e);
}

static void fabricated_dvd_bd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	static const struct cdb_case blank[] = {
		{"43 00 00 00 00 00 00 00 0C 00", SENSE(5, 0x24, 0x00)},
		{"43 00 02 00 00 00 00 00 0C 00", BAD_FIELD(2, 3)}, /* CD only */
		{"43 00 04 00 00 00 00 00 0C 00", BAD_FIELD(2, 3)}, /* CD only */
	};
	RUN(&e, blank);
	/* DVD has no TOC on disc: fabricated from the recorded track, even
	 * while it is open. */
	assert_good(write10(&e, 0, 64, 1));
	struct emu_result r = emu_cmd(&e, "43 00 00 00 00 00 00 00 FF 00", toc, sizeof(toc));
	assert_good(r);
	assert_int_equal(toc[3], 1);
	assert_int_equal(mmc_get_be32(&toc[16]), 64);
	emu_close(&e);
	emu_open(&e, "bd-re");
	assert_sense(emu_cmd(&e, "43 00 00 00 00 00 00 00 FF 00", toc, sizeof(toc)), 5, 0x24, 0x00);
	static const uint8_t list[12] = {0, 0, 0, 8, 0, 0, 0, 0, 0x00, 0, 0, 0};
	assert_good(emu_cmd_data(&e, "04 11 00 00 00 00", list, sizeof(list), NULL, 0));
	assert_good(emu_cmd(&e, "43 00 00 00 00 00 00 00 FF 00", toc, sizeof(toc)));
	assert_int_equal(mmc_get_be32(&toc[16]), 11826176);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_medium),
		cmocka_unit_test(blank_cd),
		cmocka_unit_test(finalized_cd),
		cmocka_unit_test(multisession_cd),
		cmocka_unit_test(fabricated_dvd_bd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
