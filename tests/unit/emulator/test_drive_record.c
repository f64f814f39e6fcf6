/* A write-once disc keeps what reached its medium (issue 12 item 7,
 * drive_record.c): the saved disc follows the sectors that left the drive
 * buffer, by the drive clock, while a burn runs and when the drive goes
 * away without SYNCHRONIZE CACHE; the track is then damaged with no NWA
 * (MMC-5 6.27.3.7 Damage bit: READ TRACK INFORMATION byte 5 bit 5, byte 7 bit 0) in
 * a damaged last session (READ DISC INFORMATION byte 2), readable up to
 * its Last Recorded Address, and CLOSE TRACK repairs it. Virtual clock: a
 * DVD+R's 2 MiB buffer holds 1024 sectors, and a WRITE that does not fit
 * waits until the medium has taken the excess, so after more than 1024
 * sectors exactly 1024 are still in the buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive.h"
#include "emu_harness.h"
#include "test_media_util.h"

#define BUFFERED 1024 /* sectors: the DVD+R and CD-R profiles' 2 MiB */

static void write_run(struct emu *e, int32_t lba, uint32_t n)
{
	for (uint32_t done = 0; done < n; done += 256)
		assert_good(write10(e, lba + (int32_t)done, (uint16_t)(n - done < 256 ? n - done : 256), 7));
}

/* What the saved disc says now (as after a kill): a second drive on it. */
static void peek_open(const struct emu *e, struct emu *view, enum mmcemu_clock_kind clock)
{
	*view = *e;
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .disc_path = e->disc, .clock = clock};
	char err[256];
	if (mmcemu_drive_open(&cfg, &view->drive, err, sizeof(err)) != 0)
		fail_msg("the disc does not reopen: %s", err);
	emu_cmd(view, "00 00 00 00 00 00", NULL, 0); /* power-on unit attention */
}

/* The drive goes (power off) and comes back on the same disc. */
static void power_cycle(struct emu *e, enum mmcemu_clock_kind clock)
{
	mmcemu_drive_close(e->drive);
	struct emu again;
	peek_open(e, &again, clock);
	e->drive = again.drive;
}

/* Track 1 is damaged, not writable, recorded up to `recorded`. */
static void expect_damaged(struct emu *e, uint32_t recorded)
{
	uint8_t ti[48], di[34];
	assert_good(track_info(e, 1, ti));
	assert_true(ti[5] & 0x20); /* Damage */
	assert_false(ti[6] & 0x40); /* not blank */
	assert_int_equal(ti[7] & 3, 2); /* LRA_V, no NWA_V */
	assert_int_equal(mmc_get_be32(&ti[28]), recorded - 1);
	assert_int_equal(mmc_get_be32(&ti[16]), 0); /* no free blocks */
	disc_info(e, di);
	assert_int_equal(di[2] & 0x0F, 2 << 2 | 1); /* damaged session, appendable */
	uint8_t cap[8];
	assert_good(emu_cmd(e, "25 00 00 00 00 00 00 00 00 00", cap, sizeof(cap)));
	assert_int_equal(mmc_get_be32(cap), recorded - 1);
}

static void read_back(struct emu *e, int32_t lba, uint32_t n)
{
	for (uint32_t done = 0; done < n; done += 256)
		assert_good(read10_check(e, lba + (int32_t)done,
					 (uint16_t)(n - done < 256 ? n - done : 256), 7));
}

/* Power off after 2048 sectors: the 1024 the buffer held are lost, the
 * 1024 the medium took are on the disc; CLOSE TRACK closes the track and
 * the next one starts after it. */
static void power_off_keeps_the_medium(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	write_run(&e, 0, 2048);
	power_cycle(&e, MMCEMU_CLOCK_VIRTUAL);
	expect_damaged(&e, 2048 - BUFFERED);
	read_back(&e, 0, 2048 - BUFFERED);
	assert_sense(read10_check(&e, 2048 - BUFFERED, 1, 7), 5, 0x21, 0x00);
	assert_sense(write10(&e, 2048 - BUFFERED, 16, 7), 5, 0x21, 0x02);
	assert_good(emu_cmd(&e, "5B 00 01 00 00 01 00 00 00 00", NULL, 0));
	uint8_t ti[48];
	assert_good(track_info(&e, 1, ti));
	assert_false(ti[5] & 0x20);
	assert_int_equal(mmc_get_be32(&ti[24]), 2048 - BUFFERED); /* whole ECC blocks */
	assert_int_equal(nwa_of(&e), 2048 - BUFFERED);
	assert_good(write10(&e, 2048 - BUFFERED, 16, 7));
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	emu_close(&e);
}

/* While the host streams, the saved disc follows the medium one buffer's
 * worth at a time: what a kill would find. */
static void stream_saves_what_drained(void **state)
{
	(void)state;
	struct emu e, view;
	emu_open(&e, "dvd+r");
	write_run(&e, 0, 4096); /* 3072 drained: saved at 1024, 2048, 3072 */
	peek_open(&e, &view, MMCEMU_CLOCK_VIRTUAL);
	expect_damaged(&view, 4096 - BUFFERED);
	read_back(&view, 0, 4096 - BUFFERED);
	mmcemu_drive_close(view.drive);
	/* Less than a buffer more: not saved yet, at most one buffer behind. */
	write_run(&e, 4096, 512);
	peek_open(&e, &view, MMCEMU_CLOCK_VIRTUAL);
	expect_damaged(&view, 4096 - BUFFERED);
	mmcemu_drive_close(view.drive);
	/* The drive goes on: its own state never changed. */
	assert_int_equal(nwa_of(&e), 4608);
	emu_close(&e);
}

/* The host stops: once the buffer has run empty, the next command (any)
 * saves everything. */
static void idle_after_the_buffer_ran_empty(void **state)
{
	(void)state;
	struct emu e, view;
	emu_open(&e, "dvd+r");
	write_run(&e, 0, 2048);
	mmcemu_advance_clock(e.drive, 1000000000u); /* 1 s: 46 MB at 16x */
	assert_good(emu_cmd(&e, "00 00 00 00 00 00", NULL, 0));
	peek_open(&e, &view, MMCEMU_CLOCK_VIRTUAL);
	expect_damaged(&view, 2048);
	read_back(&view, 0, 2048);
	mmcemu_drive_close(view.drive);
	emu_close(&e);
}

/* SYNCHRONIZE CACHE saves the drive's state: the track stays open and
 * writable. Sectors written afterwards that never left the buffer leave
 * it so at a power off (nothing of the new recording reached the disc). */
static void sync_is_clean(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	write_run(&e, 0, 2048);
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	write_run(&e, 2048, 512);
	power_cycle(&e, MMCEMU_CLOCK_VIRTUAL);
	uint8_t ti[48];
	assert_good(track_info(&e, 1, ti));
	assert_false(ti[5] & 0x20);
	assert_int_equal(nwa_of(&e), 2048);
	read_back(&e, 0, 2048);
	emu_close(&e);
}

/* An UNLIMITED clock has no buffer time: every sector is on the medium as
 * it arrives. CD-R: CLOSE TRACK FFh (the open track, as cdrecord and
 * libburn name it) adds the run-out, and the next track follows its
 * 150-sector pregap. */
static void unlimited_cd_r(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	mmcemu_drive_close(e.drive);
	struct emu u;
	peek_open(&e, &u, MMCEMU_CLOCK_UNLIMITED);
	e.drive = u.drive;
	write_run(&e, 0, 600);
	power_cycle(&e, MMCEMU_CLOCK_UNLIMITED);
	expect_damaged(&e, 600);
	read_back(&e, 0, 600);
	assert_good(emu_cmd(&e, "5B 00 01 00 00 FF 00 00 00 00", NULL, 0));
	uint8_t ti[48], di[34];
	assert_good(track_info(&e, 1, ti));
	assert_false(ti[5] & 0x20);
	assert_int_equal(mmc_get_be32(&ti[24]), 602);
	assert_int_equal(nwa_of(&e), 752);
	disc_info(&e, di);
	assert_int_equal(di[2] & 0x0F, 1 << 2 | 1); /* incomplete session, appendable */
	emu_close(&e);
}

/* A buffer underrun with BURN-Free off ruins the track (03/0C/09): the
 * disc keeps it so at once. */
static void underrun_is_saved(void **state)
{
	(void)state;
	struct emu e, view;
	emu_open(&e, "cd-r");
	uint8_t list[8 + 0x34] = {0};
	list[8] = 0x05;
	list[9] = 0x32;
	list[10] = 0x01; /* TAO, BUFE off */
	list[11] = 0x04;
	list[12] = 8;
	assert_good(emu_cmd_data(&e, "55 10 00 00 00 00 00 00 3C 00", list, sizeof(list), NULL, 0));
	write_run(&e, 0, 512);
	mmcemu_advance_clock(e.drive, 10000000000u); /* the host stalls 10 s */
	assert_sense(write10(&e, 512, 32, 7), 3, 0x0C, 0x09);
	peek_open(&e, &view, MMCEMU_CLOCK_VIRTUAL);
	expect_damaged(&view, 512);
	mmcemu_drive_close(view.drive);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(power_off_keeps_the_medium),
		cmocka_unit_test(stream_saves_what_drained),
		cmocka_unit_test(idle_after_the_buffer_ran_empty),
		cmocka_unit_test(sync_is_clean),
		cmocka_unit_test(unlimited_cd_r),
		cmocka_unit_test(underrun_is_saved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
