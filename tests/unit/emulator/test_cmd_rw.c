/* READ CAPACITY, READ(10/12), WRITE(10/12), WRITE AND VERIFY(10),
 * VERIFY(10), SYNCHRONIZE CACHE: good paths and every error path, as raw
 * CDB tables (QEMU cdrom-test style). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "clock.h"
#include "drive.h"
#include "emu_harness.h"
#include "test_media_util.h"

static void no_medium(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	static const struct cdb_case t[] = {
		{"25 00 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
		{"28 00 00 00 00 00 00 00 01 00", SENSE(2, 0x3A, 0x01)},
		{"A8 00 00 00 00 00 00 00 00 01 00 00", SENSE(2, 0x3A, 0x01)},
		{"BE 00 00 00 00 00 00 00 01 10 00 00", SENSE(2, 0x3A, 0x01)},
		{"2A 00 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
		{"AA 00 00 00 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
		{"2E 00 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
		{"2F 00 00 00 00 00 00 00 01 00", SENSE(2, 0x3A, 0x01)},
		{"35 00 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
	};
	RUN(&e, t);
	emu_close(&e);
}

static void read_capacity(void **state)
{
	(void)state;
	struct emu e;
	uint8_t b[8];
	emu_open(&e, "cd-r");
	assert_good(emu_cmd(&e, "25 00 00 00 00 00 00 00 00 00", b, sizeof(b)));
	assert_int_equal(mmc_get_be32(b), 0); /* blank */
	assert_int_equal(mmc_get_be32(b + 4), 2048);
	assert_good(write10(&e, 0, 100, 1));
	assert_good(emu_cmd(&e, "25 00 00 00 00 00 00 00 00 00", b, sizeof(b)));
	assert_int_equal(mmc_get_be32(b), 99);
	emu_close(&e);
}

static void write_read_cd_r(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	static const struct cdb_case blank[] = {
		{"28 00 00 00 00 00 00 00 01 00", SENSE(5, 0x21, 0x00)},
		{"2A 00 00 00 00 10 00 00 01 00", SENSE(5, 0x21, 0x02)}, /* off the NWA */
		{"2A 00 FF FF FF 6A 00 00 01 00", SENSE(5, 0x21, 0x02)}, /* -150 without cue */
		{"2A 00 00 06 00 00 00 00 01 00", SENSE(5, 0x21, 0x00)}, /* past the lead-out */
		{"2A 00 00 00 00 00 00 00 00 00", GOOD},                 /* 0 blocks */
	};
	RUN(&e, blank);
	assert_good(write10(&e, 0, 32, 7));
	assert_good(write10(&e, 32, 32, 7));
	assert_good(read10_check(&e, 0, 64, 7));
	assert_good(read10_check(&e, 10, 20, 7));
	assert_sense(read10_check(&e, 60, 5, 7), 5, 0x21, 0x00);
	assert_sense(write10(&e, 10, 1, 7), 5, 0x21, 0x02);
	assert_sense(write10(&e, 65, 1, 7), 5, 0x21, 0x02);
	/* READ(12) reads the same sectors. */
	uint8_t buf[2 * 2048];
	assert_good(emu_cmd(&e, "A8 00 00 00 00 02 00 00 00 02 00 00", buf, sizeof(buf)));
	assert_int_equal(mmc_get_be32(buf), 2);
	struct mmcemu_stats st;
	mmcemu_get_stats(e.drive, &st);
	assert_int_equal(st.blocks_written, 64);
	assert_int_equal(st.blocks_read, 64 + 20 + 2);
	emu_close(&e);
}

static void write12_streaming_and_verify(void **state)
{
	(void)state;
	struct emu e;
	static uint8_t data[16 * 2048];
	emu_open(&e, "dvd+r");
	fill_sectors(data, 0, 16, 3);
	assert_good(emu_cmd_data(&e, "AA 00 00 00 00 00 00 00 00 10 80 00", data, sizeof(data), NULL, 0));
	fill_sectors(data, 16, 16, 3);
	assert_good(emu_cmd_data(&e, "AA 00 00 00 00 10 00 00 00 10 00 00", data, sizeof(data), NULL, 0));
	fill_sectors(data, 32, 16, 3);
	assert_good(emu_cmd_data(&e, "2E 00 00 00 00 20 00 00 10 00", data, sizeof(data), NULL, 0));
	struct mmcemu_stats st;
	mmcemu_get_stats(e.drive, &st);
	assert_int_equal(st.write12_streaming, 1);
	assert_int_equal(st.blocks_written, 48);
	assert_good(read10_check(&e, 0, 48, 3));
	static const struct cdb_case verify[] = {
		{"2F 00 00 00 00 00 00 00 30 00", GOOD},
		{"2F 00 00 00 00 00 00 00 00 00", GOOD},
		{"2F 00 00 00 00 20 00 00 11 00", SENSE(5, 0x21, 0x00)},
		{"2F 02 00 00 00 00 00 00 01 00", BAD_FIELD(1, 1)}, /* BYTCHK */
	};
	RUN(&e, verify);
	emu_close(&e);
}

static void complete_and_protected(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(write10(&e, 0, 300, 1));
	/* Mode page 05h multi-session 00b (power-on default): finalizes. */
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	assert_sense(write10(&e, 302, 1, 1), 5, 0x21, 0x02);
	assert_good(read10_check(&e, 0, 300, 1));
	emu_close(&e);

	emu_open(&e, "dvd+r");
	e.drive->media.write_protected = true;
	assert_sense(write10(&e, 0, 16, 1), 7, 0x27, 0x00);
	emu_close(&e);
}

static void test_write_records_nothing(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_page05(&e, 1, 0, true));
	assert_good(write10(&e, 0, 50, 1));
	assert_int_equal(nwa_of(&e), 0);
	assert_sense(read10_check(&e, 0, 1, 1), 5, 0x21, 0x00);
	struct mmcemu_stats st;
	mmcemu_get_stats(e.drive, &st);
	assert_int_equal(st.blocks_written, 50);
	/* SAO without a cue sheet is out of sequence. */
	assert_good(select_page05(&e, 2, 0, false));
	assert_sense(write10(&e, 0, 1, 1), 5, 0x2C, 0x00);
	emu_close(&e);
}

/* Saves the disc files (DISC, DISC.img) beside them for same_files. */
static void save_files(struct emu *e)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "cp --sparse=always '%s' '%s.before' && "
		 "cp --sparse=always '%s.img' '%s.img.before'", e->disc, e->disc, e->disc, e->disc);
	assert_int_equal(system(cmd), 0);
}

static void assert_same_files(struct emu *e)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s.before' && cmp -s '%s.img' '%s.img.before'",
		 e->disc, e->disc, e->disc, e->disc);
	assert_int_equal(system(cmd), 0);
}

/* A whole simulated burn (page 05h Test Write, MMC-6 7.5.4): the drive
 * takes sector after sector at the NWA a real burn would reach, on its
 * clock, through SYNCHRONIZE CACHE and CLOSE TRACK/SESSION; afterwards
 * the disc (NWA, track and disc information, DISC and DISC.img) is as
 * before. Turning Test Write off then burns from the disc's own NWA. */
static void simulated_burn(const char *profile, uint8_t write_type)
{
	struct emu e;
	uint8_t ti0[48], ti1[48], di0[34], di1[34];
	emu_open(&e, profile);
	/* The first real command saves the disc as loaded. */
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	assert_good(track_info(&e, 0xFF, ti0));
	disc_info(&e, di0);
	save_files(&e);
	assert_good(select_page05(&e, write_type, 3, true));
	uint64_t t0 = clock_now_ns(&e.drive->clk);
	for (int i = 0; i < 8; i++)
		assert_good(write10(&e, i * 32, 32, 2));
	assert_sense(write10(&e, 0, 32, 2), 5, 0x21, 0x02); /* the copy moved on */
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	/* 256 sectors went through the drive's buffer at the medium's speed. */
	assert_true(clock_now_ns(&e.drive->clk) > t0);
	assert_good(emu_cmd(&e, "5B 00 01 00 00 01 00 00 00 00", NULL, 0));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	assert_good(track_info(&e, 0xFF, ti1));
	disc_info(&e, di1);
	assert_memory_equal(ti0, ti1, sizeof(ti0));
	assert_memory_equal(di0, di1, sizeof(di0));
	assert_int_equal(nwa_of(&e), 0);
	assert_sense(read10_check(&e, 0, 1, 2), 5, 0x21, 0x00);
	struct mmcemu_stats st;
	mmcemu_get_stats(e.drive, &st);
	assert_int_equal(st.blocks_written, 256);
	assert_same_files(&e);
	/* A real burn after the simulation starts at the disc's NWA. */
	assert_good(select_page05(&e, write_type, 3, false));
	assert_good(write10(&e, 0, 32, 3));
	assert_good(read10_check(&e, 0, 32, 3));
	emu_close(&e);
}

static void test_write_simulates_cd_r(void **state)
{
	(void)state;
	simulated_burn("cd-r", 1); /* TAO */
}

static void test_write_simulates_dvd_r(void **state)
{
	(void)state;
	simulated_burn("dvd-r", 0); /* incremental */
}

/* An underrun during a simulation is what a real burn would get (BURN-Free
 * off: 03/0C/09) and still leaves the disc, its files and its link count
 * as they were. */
static void test_write_underrun_changes_nothing(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	save_files(&e);
	assert_good(select_page05(&e, 1, 3, true));
	e.drive->wp.bufe = false;
	assert_good(write10(&e, 0, 32, 2));
	mmcemu_advance_clock(e.drive, 10ull * 1000 * 1000 * 1000); /* the host stalls 10 s */
	assert_sense(write10(&e, 32, 32, 2), 3, 0x0C, 0x09);
	assert_int_equal(e.drive->media.link_count, 0);
	assert_false(e.drive->media.n_tracks && e.drive->media.tracks[0].damaged);
	/* BURN-Free on: the link is the simulation's, not the disc's. */
	assert_good(select_page05(&e, 1, 3, true));
	assert_good(write10(&e, 0, 32, 2));
	mmcemu_advance_clock(e.drive, 10ull * 1000 * 1000 * 1000);
	assert_good(write10(&e, 32, 32, 2));
	assert_int_equal(e.drive->sim.link_count, 1);
	assert_int_equal(e.drive->media.link_count, 0);
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	assert_int_equal(nwa_of(&e), 0);
	assert_same_files(&e);
	emu_close(&e);
}

static void random_access_media(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	/* Not formatted: nothing to write on, nothing to read. */
	assert_sense(write10(&e, 0, 16, 1), 5, 0x30, 0x05);
	assert_sense(read10_check(&e, 0, 1, 1), 5, 0x21, 0x00);
	static const uint8_t list[12] = {0, 0x02, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0x26 << 2, 0, 0, 0};
	assert_good(emu_cmd_data(&e, "04 11 00 00 00 00", list, sizeof(list), NULL, 0));
	wait_ready(&e);
	assert_good(write10(&e, 5000, 16, 4));
	assert_good(write10(&e, 100, 16, 4));
	assert_good(write10(&e, 5000, 16, 4));
	assert_good(read10_check(&e, 5000, 16, 4));
	assert_good(read10_check(&e, 100, 16, 4));
	uint8_t b[8];
	assert_good(emu_cmd(&e, "25 00 00 00 00 00 00 00 00 00", b, sizeof(b)));
	assert_int_equal(mmc_get_be32(b), 2295104 - 1);
	assert_sense(write10(&e, 2295104 - 8, 16, 4), 5, 0x21, 0x00);
	emu_close(&e);
}

/* SYNCHRONIZE CACHE saves the disc: a drive opened afterwards sees the
 * written sectors; without it the metadata keeps the last saved state. */
static void sync_persists(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	assert_good(write10(&e, 0, 32, 5));
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	assert_good(write10(&e, 32, 16, 5)); /* not synced */
	struct emu e2 = e;
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .disc_path = e.disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256];
	assert_int_equal(mmcemu_drive_open(&cfg, &e2.drive, err, sizeof(err)), 0);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
	mmcemu_execute(e2.drive, &io);
	assert_int_equal(nwa_of(&e2), 32);
	assert_good(read10_check(&e2, 0, 32, 5));
	assert_sense(read10_check(&e2, 32, 1, 5), 5, 0x21, 0x00);
	mmcemu_drive_close(e2.drive);
	emu_close(&e);
}

/* DVD-R disc-at-once: mode page 05h write type 2, RESERVE TRACK of the
 * image size, writes, SYNCHRONIZE CACHE: the drive closes the disc. */
static void dvd_r_dao(void **state)
{
	(void)state;
	struct emu e;
	uint8_t di[34];
	emu_open(&e, "dvd-r");
	assert_good(select_page05(&e, 2, 0, false));
	assert_sense(write10(&e, 0, 16, 1), 5, 0x2C, 0x00); /* no reservation yet */
	assert_good(emu_cmd(&e, "53 00 00 00 00 00 00 00 40 00", NULL, 0));
	assert_good(write10(&e, 0, 32, 1));
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[2] & 3, 1); /* not full yet: still open */
	assert_good(write10(&e, 32, 32, 1));
	assert_sense(write10(&e, 64, 16, 1), 5, 0x2C, 0x00); /* outside the reservation */
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[2], 0x0E); /* complete */
	assert_good(read10_check(&e, 0, 64, 1));
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_medium),
		cmocka_unit_test(read_capacity),
		cmocka_unit_test(write_read_cd_r),
		cmocka_unit_test(write12_streaming_and_verify),
		cmocka_unit_test(complete_and_protected),
		cmocka_unit_test(test_write_records_nothing),
		cmocka_unit_test(test_write_simulates_cd_r),
		cmocka_unit_test(test_write_simulates_dvd_r),
		cmocka_unit_test(test_write_underrun_changes_nothing),
		cmocka_unit_test(random_access_media),
		cmocka_unit_test(sync_persists),
		cmocka_unit_test(dvd_r_dao),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
