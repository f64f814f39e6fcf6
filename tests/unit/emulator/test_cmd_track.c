/* READ DISC INFORMATION, READ TRACK INFORMATION, RESERVE TRACK, CLOSE
 * TRACK/SESSION, SEND OPC INFORMATION, SEND CUE SHEET. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive.h"
#include "emu_harness.h"
#include "test_media_util.h"

static void no_medium(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	static const struct cdb_case t[] = {
		{"51 00 00 00 00 00 00 00 22 00", SENSE(2, 0x3A, 0x01)},
		{"52 01 00 00 00 FF 00 00 30 00", SENSE(2, 0x3A, 0x01)},
		{"53 00 00 00 00 00 00 00 10 00", SENSE(2, 0x3A, 0x01)},
		{"5B 00 02 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
		{"54 01 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
		{"5D 00 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
	};
	RUN(&e, t);
	emu_close(&e);
}

static void disc_info_blank_cd(void **state)
{
	(void)state;
	struct emu e;
	uint8_t di[34];
	emu_open(&e, "cd-r");
	disc_info(&e, di);
	assert_int_equal(mmc_get_be16(di), 32);
	assert_int_equal(di[2], 0x00); /* blank, empty session, not erasable */
	assert_int_equal(di[3], 1);
	assert_int_equal(di[4], 1);
	assert_int_equal(di[5], 1);
	assert_int_equal(di[6], 1);
	assert_true(di[7] & 0x20); /* URU */
	/* ATIP lead-in start and last possible lead-out start 79:59:74. */
	assert_int_equal(di[17], 97);
	assert_int_equal(di[18], 24);
	assert_int_equal(di[19], 1);
	assert_int_equal(di[21], 79);
	assert_int_equal(di[22], 59);
	assert_int_equal(di[23], 74);
	static const struct cdb_case t[] = {
		{"51 01 00 00 00 00 00 00 22 00", BAD_FIELD(1, 2)}, /* track resources */
		{"51 02 00 00 00 00 00 00 22 00", BAD_FIELD(1, 2)}, /* POW resources */
	};
	RUN(&e, t);
	emu_close(&e);
	emu_open(&e, "cd-rw");
	disc_info(&e, di);
	assert_int_equal(di[2], 0x10); /* erasable */
	emu_close(&e);
}

static void cd_tao_multisession(void **state)
{
	(void)state;
	struct emu e;
	uint8_t di[34], ti[48];
	emu_open(&e, "cd-r");
	assert_good(select_page05(&e, 1, 3, false)); /* TAO, next session allowed */
	assert_good(write10(&e, 0, 100, 1));
	disc_info(&e, di);
	assert_int_equal(di[2], 0x05); /* appendable, incomplete session */
	/* Track 1 while written: NWA 100, LRA 99, not blank. */
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[7] & 3, 3);
	assert_int_equal(mmc_get_be32(&ti[12]), 100);
	assert_int_equal(mmc_get_be32(&ti[28]), 99);
	assert_false(ti[6] & 0x40);
	assert_good(emu_cmd(&e, "5B 00 01 00 00 01 00 00 00 00", NULL, 0)); /* close track 1 */
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[7] & 1, 0); /* no NWA on a closed track */
	assert_int_equal(mmc_get_be32(&ti[24]), 302); /* 300 minimum + 2 run-out */
	assert_int_equal(mmc_get_be32(&ti[28]), 99);
	assert_int_equal(nwa_of(&e), 452);
	assert_good(track_info(&e, 0xFF, ti));
	assert_int_equal(ti[2], 2);
	assert_true(ti[6] & 0x40); /* blank */
	assert_int_equal(mmc_get_be32(&ti[16]), 359849 - 452);
	assert_good(write10(&e, 452, 10, 1));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0)); /* close session */
	disc_info(&e, di);
	assert_int_equal(di[2], 0x01); /* appendable, empty session */
	assert_int_equal(di[4], 2);
	assert_int_equal(di[5], 3);
	assert_int_equal(di[6], 3);
	assert_int_equal(nwa_of(&e), 452 + 302 + 11400);
	/* Session 2's first track is the invisible track 3. */
	assert_good(emu_cmd(&e, "52 02 00 00 00 02 00 00 30 00", ti, 48));
	assert_int_equal(ti[2], 3);
	assert_int_equal(ti[3], 2);
	/* By LBA: inside track 2, and in the invisible track. */
	assert_good(emu_cmd(&e, "52 00 00 00 01 C4 00 00 30 00", ti, 48));
	assert_int_equal(ti[2], 2);
	assert_good(emu_cmd(&e, "52 00 00 00 FF 00 00 00 30 00", ti, 48));
	assert_int_equal(ti[2], 3);
	static const struct cdb_case t[] = {
		{"52 01 00 00 00 00 00 00 30 00", BAD_FIELD(2, -1)}, /* track 0 */
		{"52 01 00 00 00 04 00 00 30 00", BAD_FIELD(2, -1)},
		{"52 02 00 00 00 03 00 00 30 00", BAD_FIELD(2, -1)}, /* session 3 */
		{"52 02 00 00 00 00 00 00 30 00", BAD_FIELD(2, -1)},
		{"52 03 00 00 00 01 00 00 30 00", BAD_FIELD(1, 1)}, /* reserved type */
		{"52 00 00 06 00 00 00 00 30 00", SENSE(5, 0x21, 0x00)}, /* past the disc */
		{"52 00 00 00 01 90 00 00 30 00", SENSE(5, 0x21, 0x00)}, /* in the pregap */
	};
	RUN(&e, t);
	/* Multi-session 00b: the next close finalizes the disc. */
	assert_good(write10(&e, 12154, 300, 1));
	assert_good(select_page05(&e, 1, 0, false));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[2], 0x0E); /* complete disc, complete session */
	assert_int_equal(di[4], 2);
	assert_int_equal(mmc_get_be32(&di[16]), 0xFFFFFFFF);
	assert_int_equal(mmc_get_be32(&di[20]), 0xFFFFFFFF);
	assert_sense(emu_cmd(&e, "52 01 00 00 00 FF 00 00 30 00", ti, 48), 5, 0x24, 0x00);
	assert_sense(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0), 5, 0x2C, 0x00);
	emu_close(&e);
}

static void close_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	static const struct cdb_case cd[] = {
		{"5B 00 02 00 00 00 00 00 00 00", SENSE(5, 0x2C, 0x00)}, /* nothing to close */
		{"5B 00 07 00 00 00 00 00 00 00", BAD_FIELD(2, 2)},
		{"5B 00 03 00 00 00 00 00 00 00", BAD_FIELD(2, 2)},
		{"5B 00 05 00 00 00 00 00 00 00", BAD_FIELD(2, 2)},
		{"5B 00 06 00 00 00 00 00 00 00", BAD_FIELD(2, 2)},
		{"5B 00 01 00 00 05 00 00 00 00", BAD_FIELD(4, -1)},
		{"5B 00 01 00 00 00 00 00 00 00", BAD_FIELD(4, -1)},
		{"5B 00 01 00 00 FF 00 00 00 00", GOOD}, /* the open track: none yet */
		{"5B 01 01 00 00 01 00 00 00 00", GOOD}, /* Immed, blank track */
	};
	RUN(&e, cd);
	e.drive->media.write_protected = true;
	assert_sense(emu_cmd(&e, "5B 00 01 00 00 01 00 00 00 00", NULL, 0), 7, 0x27, 0x00);
	emu_close(&e);
	emu_open(&e, "bd-r");
	static const struct cdb_case bd[] = {
		{"5B 00 05 00 00 00 00 00 00 00", BAD_FIELD(2, 2)}, /* DVD+R only */
		{"5B 00 06 00 00 00 00 00 00 00", SENSE(5, 0x2C, 0x00)}, /* blank disc */
	};
	RUN(&e, bd);
	assert_good(write10(&e, 0, 32, 1));
	assert_good(emu_cmd(&e, "5B 00 06 00 00 00 00 00 00 00", NULL, 0));
	uint8_t di[34];
	disc_info(&e, di);
	assert_int_equal(di[2] & 3, 2);
	emu_close(&e);
}

static void dvd_plus_r_sessions_persist(void **state)
{
	(void)state;
	struct emu e;
	uint8_t di[34], ti[48];
	emu_open(&e, "dvd+r");
	assert_good(write10(&e, 0, 40, 1));
	/* The engine's sequence: close track (number from disc info), then
	 * session: DVD+R stays appendable whatever mode page 05h says. */
	disc_info(&e, di);
	assert_int_equal(di[6], 1);
	assert_good(emu_cmd(&e, "5B 00 01 00 00 01 00 00 00 00", NULL, 0));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(mmc_get_be32(&ti[24]), 48); /* 3 ECC blocks */
	assert_int_equal(ti[6] & 0x30, 0x30); /* packet, fixed */
	assert_int_equal(mmc_get_be32(&ti[20]), 16);
	int32_t nwa = nwa_of(&e);
	/* A drive opened on the disc now sees the same. */
	struct emu e2 = e;
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .disc_path = e.disc, .profile = "dvd+r"};
	char err[256];
	assert_int_equal(mmcemu_drive_open(&cfg, &e2.drive, err, sizeof(err)), 0);
	emu_cmd(&e2, "00 00 00 00 00 00", NULL, 0);
	disc_info(&e2, di);
	assert_int_equal(di[2], 0x01);
	assert_int_equal(di[4], 2);
	assert_int_equal(nwa_of(&e2), nwa);
	mmcemu_drive_close(e2.drive);
	/* Finalize: 101b closes the empty session away. */
	assert_good(emu_cmd(&e, "5B 00 05 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[2], 0x0E);
	assert_int_equal(di[4], 1);
	emu_close(&e);
}

/* Issue 12 item 15: DVD-R sequential recording has no fixed packets. A
 * track reports FP = 0 and the 16-sector blocking factor (MMC-5 6.27.3);
 * Packet/Inc follows the write type: incremental sets it, DAO clears it
 * (MMC-6 7.5.4.3). growisofs refuses a DVD-R track whose FP is set. */
static void dvd_minus_r_track_flags(void **state)
{
	(void)state;
	struct emu e;
	uint8_t ti[48];
	emu_open(&e, "dvd-r");
	/* Blank, incremental: invisible incremental, blocking factor 16. */
	assert_good(select_page05(&e, 0, 3, false));
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[6] & 0x70, 0x60); /* blank, Packet/Inc, no FP */
	assert_int_equal(mmc_get_be32(&ti[20]), 16);
	/* Blank, DAO: neither Packet/Inc nor FP. */
	assert_good(select_page05(&e, 2, 0, false));
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[6] & 0x70, 0x40);
	assert_int_equal(mmc_get_be32(&ti[20]), 16);
	/* Appendable after an incremental session: the complete track and
	 * the new invisible one both incremental, neither fixed. */
	assert_good(select_page05(&e, 0, 3, false));
	assert_good(write10(&e, 0, 32, 1));
	assert_good(emu_cmd(&e, "5B 00 01 00 00 01 00 00 00 00", NULL, 0));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	uint8_t di[34];
	disc_info(&e, di);
	assert_int_equal(di[2] & 3, 1); /* appendable */
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[6] & 0x70, 0x20);
	assert_good(track_info(&e, 2, ti));
	assert_int_equal(ti[6] & 0x70, 0x60);
	assert_int_equal(mmc_get_be32(&ti[20]), 16);
	emu_close(&e);
	/* DAO: the reserved track is not incremental, and the disc DAO
	 * leaves complete reports its one track so. */
	emu_open(&e, "dvd-r");
	assert_good(select_page05(&e, 2, 0, false));
	assert_good(emu_cmd(&e, "53 00 00 00 00 00 00 00 20 00", NULL, 0));
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[6] & 0xF0, 0xC0); /* reserved, blank */
	assert_good(write10(&e, 0, 32, 1));
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[2] & 3, 2); /* complete */
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[6] & 0x30, 0);
	emu_close(&e);
	/* DVD+R keeps its fixed 16-sector packets. */
	emu_open(&e, "dvd+r");
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(ti[6] & 0x30, 0x30);
	assert_int_equal(mmc_get_be32(&ti[20]), 16);
	emu_close(&e);
}

/* Issue 12 item 8: closing a session changes no medium, so GET EVENT
 * STATUS NOTIFICATION posts nothing: no media event (MMC-6 6.6; the
 * kernel's sr would revalidate on new media, it does not on a real drive
 * either) and no operational change; the Morphing feature therefore does
 * not claim OCEvent (MMC-6 5.3.3). */
static void close_session_posts_no_event(void **state)
{
	(void)state;
	struct emu e;
	uint8_t ev[8];
	static uint8_t conf[256];
	emu_open(&e, "cd-r");
	/* Power-on new-media event, consumed. */
	assert_good(emu_cmd(&e, "4A 01 00 00 10 00 00 00 08 00", ev, 8));
	assert_int_equal(ev[4] & 0x0F, 2);
	assert_good(select_page05(&e, 1, 3, false));
	assert_good(write10(&e, 0, 300, 1));
	assert_good(emu_cmd(&e, "5B 00 01 00 00 01 00 00 00 00", NULL, 0));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	assert_good(emu_cmd(&e, "4A 01 00 00 10 00 00 00 08 00", ev, 8));
	assert_int_equal(ev[2], 4);
	assert_int_equal(ev[4] & 0x0F, 0); /* media: no change */
	assert_good(emu_cmd(&e, "4A 01 00 00 02 00 00 00 08 00", ev, 8));
	assert_int_equal(ev[2], 1);
	assert_int_equal(ev[4] & 0x0F, 0); /* operational: no change */
	/* GET CONFIGURATION RT=10b, feature 0002h: OCEvent and ASYNC clear. */
	struct emu_result r = emu_cmd(&e, "46 02 00 02 00 00 00 00 FF 00", conf, sizeof(conf));
	assert_good(r);
	assert_int_equal(mmc_get_be16(&conf[8]), 0x0002);
	assert_int_equal(conf[8 + 4] & 0x03, 0);
	emu_close(&e);
}

static void reserve_track(void **state)
{
	(void)state;
	struct emu e;
	uint8_t ti[48];
	emu_open(&e, "dvd+r");
	static const struct cdb_case t[] = {
		{"53 01 00 00 00 00 00 00 10 00", BAD_FIELD(1, 0)}, /* ARSV */
		{"53 02 00 00 00 00 00 00 10 00", BAD_FIELD(1, 1)}, /* RMZ */
		{"53 00 00 00 00 00 00 00 00 00", BAD_FIELD(5, -1)}, /* no size */
		{"53 00 00 00 00 00 23 06 00 00", SENSE(5, 0x21, 0x00)}, /* bigger than the disc */
		{"53 00 00 00 00 FF FF FF FF 00", SENSE(5, 0x21, 0x00)}, /* would wrap */
		{"53 00 00 00 00 00 00 03 E8 00", GOOD},
	};
	RUN(&e, t);
	assert_good(track_info(&e, 1, ti));
	assert_true(ti[6] & 0x80); /* reserved */
	assert_true(ti[6] & 0x40); /* blank */
	assert_int_equal(mmc_get_be32(&ti[24]), 1008);
	assert_int_equal(mmc_get_be32(&ti[16]), 1008);
	assert_int_equal(nwa_of(&e), 1008);
	assert_good(write10(&e, 0, 16, 1));
	assert_good(write10(&e, 1008, 16, 1));
	assert_sense(emu_cmd(&e, "53 00 00 00 00 00 00 00 10 00", NULL, 0), 5, 0x2C, 0x00);
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(mmc_get_be32(&ti[12]), 16);
	assert_int_equal(mmc_get_be32(&ti[16]), 992);
	emu_close(&e);
	emu_open(&e, "bd-re");
	assert_sense(emu_cmd(&e, "53 00 00 00 00 00 00 00 20 00", NULL, 0), 5, 0x30, 0x00);
	emu_close(&e);
}

static void send_opc(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd-r");
	static const struct cdb_case t[] = {
		{"54 01 00 00 00 00 00 00 00 00", GOOD},
		{"54 00 00 00 00 00 00 00 08 00", GOOD}, /* one OPC table entry */
		{"54 00 00 00 00 00 00 00 05 00", SENSE(5, 0x1A, 0x00)},
	};
	RUN(&e, t);
	emu_close(&e);
}

/* One data track of 1000 sectors: lead-in, pregap at 00:00:00, index 1 at
 * 00:02:00 (LBA 0), lead-out at LBA 1000 = 00:15:25. */
static const uint8_t cue_1000[] = {
	0x41, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,
	0x41, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
	0x41, 0x01, 0x01, 0x10, 0x00, 0x00, 0x02, 0x00,
	0x41, 0xAA, 0x01, 0x14, 0x00, 0x00, 0x0F, 0x19,
};

static struct emu_result send_cue(struct emu *e, const uint8_t *cue, size_t len)
{
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "5D 00 00 00 00 00 00 00 %02X 00", (unsigned)len);
	return emu_cmd_data(e, cdb, cue, len, NULL, 0);
}

static void cue_sheet_sao(void **state)
{
	(void)state;
	struct emu e;
	uint8_t di[34], ti[48];
	emu_open(&e, "cd-r");
	/* Not in SAO mode: out of sequence. */
	assert_sense(send_cue(&e, cue_1000, sizeof(cue_1000)), 5, 0x2C, 0x00);
	assert_good(select_page05(&e, 2, 0, false));
	assert_good(send_cue(&e, cue_1000, sizeof(cue_1000)));
	assert_int_equal(nwa_of(&e), -150);
	assert_good(write10(&e, -150, 150, 1));
	for (int32_t lba = 0; lba < 1000; lba += 200)
		assert_good(write10(&e, lba, 200, 1));
	/* The last sector closed the session; multi-session 00b: final. */
	disc_info(&e, di);
	assert_int_equal(di[2], 0x0E);
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(mmc_get_be32(&ti[24]), 1000);
	assert_good(read10_check(&e, 0, 200, 1));
	emu_close(&e);
}

static void cue_sheet_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_page05(&e, 2, 0, false));
	uint8_t cue[sizeof(cue_1000)];
	struct emu_result r;

	memcpy(cue, cue_1000, sizeof(cue));
	cue[19] = 0x00; /* audio data form for track 1 */
	r = send_cue(&e, cue, sizeof(cue));
	assert_sense(r, 5, 0x26, 0x00);
	check_field_pointer("audio", &r, 0, 19, -1);

	memcpy(cue, cue_1000, sizeof(cue));
	cue[17] = 0x02; /* a second track */
	r = send_cue(&e, cue, sizeof(cue));
	assert_sense(r, 5, 0x26, 0x00);
	check_field_pointer("track 2", &r, 0, 17, -1);

	memcpy(cue, cue_1000, sizeof(cue));
	cue[30] = 60; /* seconds out of range */
	r = send_cue(&e, cue, sizeof(cue));
	assert_sense(r, 5, 0x26, 0x00);
	check_field_pointer("seconds", &r, 0, 30, -1);

	memcpy(cue, cue_1000, sizeof(cue));
	cue[22] = 0x03; /* index 1 at 00:03:00: not where the program area starts */
	r = send_cue(&e, cue, sizeof(cue));
	assert_sense(r, 5, 0x26, 0x00);
	check_field_pointer("start", &r, 0, 21, -1);

	r = send_cue(&e, cue_1000, 24); /* no lead-out */
	assert_sense(r, 5, 0x26, 0x00);
	r = send_cue(&e, cue_1000, 28); /* not whole entries */
	assert_sense(r, 5, 0x1A, 0x00);
	/* Parameter list longer than what was sent. */
	assert_sense(emu_cmd_data(&e, "5D 00 00 00 00 00 00 00 40 00", cue_1000, 32, NULL, 0),
		     5, 0x1A, 0x00);
	emu_close(&e);
	emu_open(&e, "dvd-r");
	assert_sense(send_cue(&e, cue_1000, sizeof(cue_1000)), 5, 0x30, 0x00);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_medium),
		cmocka_unit_test(disc_info_blank_cd),
		cmocka_unit_test(cd_tao_multisession),
		cmocka_unit_test(close_errors),
		cmocka_unit_test(dvd_plus_r_sessions_persist),
		cmocka_unit_test(dvd_minus_r_track_flags),
		cmocka_unit_test(close_session_posts_no_event),
		cmocka_unit_test(reserve_track),
		cmocka_unit_test(send_opc),
		cmocka_unit_test(cue_sheet_sao),
		cmocka_unit_test(cue_sheet_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
