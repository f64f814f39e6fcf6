/* FORMAT UNIT and BLANK take drive time (issue 5): with Immed the command
 * returns at once and the drive stays busy on its clock, reporting
 * 02/04/04 or 02/04/07 with a rising progress to TEST UNIT READY and
 * REQUEST SENSE and refusing media commands with the same sense, while
 * INQUIRY, GET CONFIGURATION, GESN and MODE SENSE are answered; without
 * Immed the command lasts as long. The medium changed at once: a reload
 * from the file finds it blank or formatted and the drive ready. All on
 * the virtual clock: deterministic, nothing sleeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive.h" /* white box: the current write speed */
#include "emu_harness.h"
#include "test_media_util.h"

#define NS_PER_S 1000000000ull
#define TUR "00 00 00 00 00 00"
#define BLANK_FULL_IMMED "A1 10 00 00 00 00 00 00 00 00 00 00"
#define BLANK_FULL "A1 00 00 00 00 00 00 00 00 00 00 00"
#define BLANK_MINIMAL "A1 01 00 00 00 00 00 00 00 00 00 00"

/* cd-rw.ini: ATIP lead-in 97:34:24 is frame 97*4500 + 34*75 + 24 =
 * 439,074, LBA 439,074 - 450,150 = -11,076: that many sectors of lead-in
 * and pregap before LBA 0. The program area is the capacity. */
#define CD_RW_LEAD_IN 11076u
#define CD_RW_CAPACITY 359849u

static uint8_t buf[65536];

/* What the drive should take: sectors of 2048 user bytes at the current
 * write speed, CD kB/s of 2352-byte sectors (drive_write_rate). */
static uint64_t blank_ns(struct emu *e, uint64_t sectors)
{
	uint64_t rate = (uint64_t)e->drive->write_speed_kbps * 1000 * 2048 / 2352;
	return (uint64_t)((unsigned __int128)sectors * 2048 * NS_PER_S / rate);
}

static uint16_t progress_of(const uint8_t *sense)
{
	assert_int_equal(sense[15], 0x80); /* SKSV, progress indication */
	return (uint16_t)(sense[16] << 8 | sense[17]);
}

/* TEST UNIT READY says busy with ascq; returns the progress. */
static uint16_t busy(struct emu *e, uint8_t ascq)
{
	struct emu_result r = emu_cmd(e, TUR, NULL, 0);
	assert_sense(r, 2, 0x04, ascq);
	return progress_of(r.raw_sense);
}

static uint16_t expected_progress(uint64_t elapsed, uint64_t duration)
{
	uint64_t p = elapsed * 65536 / duration;
	return (uint16_t)(p > 0xFFFF ? 0xFFFF : p);
}

/* The commands a drive answers during a long operation. */
static void answers_meanwhile(struct emu *e)
{
	assert_good(emu_cmd(e, "12 00 00 00 24 00", buf, 36)); /* INQUIRY */
	assert_good(emu_cmd(e, "46 00 00 00 00 00 00 00 08 00", buf, 8)); /* GET CONFIGURATION */
	assert_good(emu_cmd(e, "4A 01 00 00 10 00 00 00 08 00", buf, 8)); /* GESN media */
	assert_good(emu_cmd(e, "5A 00 2A 00 00 00 00 00 FF 00", buf, 255)); /* MODE SENSE 2Ah */
}

/* The media commands it refuses, each with the busy sense. */
static void refuses_media_commands(struct emu *e, uint8_t ascq)
{
	assert_sense(read10_check(e, 0, 1, 1), 2, 0x04, ascq);
	assert_sense(write10(e, 0, 16, 1), 2, 0x04, ascq);
	assert_sense(emu_cmd(e, "25 00 00 00 00 00 00 00 00 00", buf, 8), 2, 0x04, ascq);
	assert_sense(track_info(e, 1, buf), 2, 0x04, ascq);
	assert_sense(emu_cmd(e, "51 00 00 00 00 00 00 00 22 00", buf, 34), 2, 0x04, ascq);
	assert_sense(emu_cmd(e, BLANK_FULL_IMMED, NULL, 0), 2, 0x04, ascq);
	static const uint8_t fmt[12] = {0, 0x02, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0x26 << 2};
	assert_sense(emu_cmd_data(e, "04 11 00 00 00 00", fmt, sizeof(fmt), NULL, 0), 2, 0x04,
		     ascq);
}

/* A CD-RW with a closed session on it. */
static void open_used_cd_rw(struct emu *e)
{
	emu_open(e, "cd-rw");
	assert_good(write10(e, 0, 400, 6));
	assert_good(emu_cmd(e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	assert_good(emu_cmd(e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
}

static void blank_immed_cd_rw(void **state)
{
	(void)state;
	struct emu e;
	open_used_cd_rw(&e);
	assert_int_equal(e.drive->write_speed_kbps, 4234); /* 24x, the default */
	uint64_t dur = blank_ns(&e, CD_RW_LEAD_IN + CD_RW_CAPACITY);
	/* 371,000 sectors at 24x (1800 sectors/s): 206 s. */
	assert_true(dur > 205 * NS_PER_S && dur < 207 * NS_PER_S);
	uint64_t t0 = mmcemu_now_ns(e.drive);
	assert_good(emu_cmd(&e, BLANK_FULL_IMMED, NULL, 0));
	assert_int_equal(mmcemu_now_ns(e.drive), t0); /* GOOD at once */

	uint16_t p0 = busy(&e, 0x07);
	assert_int_equal(p0, 0);
	mmcemu_advance_clock(e.drive, 50 * NS_PER_S);
	uint16_t p1 = busy(&e, 0x07);
	assert_int_equal(p1, expected_progress(50 * NS_PER_S, dur));
	mmcemu_advance_clock(e.drive, 50 * NS_PER_S);
	uint16_t p2 = busy(&e, 0x07);
	assert_true(p2 > p1);
	assert_int_equal(p2, expected_progress(100 * NS_PER_S, dur));

	/* REQUEST SENSE: GOOD, the same condition and progress in the data. */
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, 18));
	assert_int_equal(buf[2] & 0x0F, 2);
	assert_int_equal(buf[12], 0x04);
	assert_int_equal(buf[13], 0x07);
	assert_int_equal(progress_of(buf), p2);

	refuses_media_commands(&e, 0x07);
	answers_meanwhile(&e);

	/* Ready exactly when the duration has passed, not a nanosecond early. */
	mmcemu_advance_clock(e.drive, t0 + dur - 1 - mmcemu_now_ns(e.drive));
	assert_true(busy(&e, 0x07) >= p2);
	mmcemu_advance_clock(e.drive, 1);
	assert_good(emu_cmd(&e, TUR, NULL, 0));
	uint8_t di[34];
	disc_info(&e, di);
	assert_int_equal(di[2], 0x10); /* erasable, blank */
	assert_good(write10(&e, 0, 16, 7));
	emu_close(&e);
}

/* The blank is on disc when the command returns; the busy time belongs
 * to the drive and is not saved: the disc reloaded from its file is
 * blank, and the drive ready. */
static void blank_saved_at_once(void **state)
{
	(void)state;
	struct emu e;
	open_used_cd_rw(&e);
	assert_good(emu_cmd(&e, BLANK_FULL_IMMED, NULL, 0));
	busy(&e, 0x07);
	char err[256] = "";
	if (mmcemu_load_disc(e.drive, e.disc, NULL, err, sizeof(err)) != 0)
		fail_msg("reload: %s", err);
	assert_sense(emu_cmd(&e, TUR, NULL, 0), 6, 0x28, 0x00);
	assert_good(emu_cmd(&e, TUR, NULL, 0));
	uint8_t di[34];
	disc_info(&e, di);
	assert_int_equal(di[2], 0x10);
	emu_close(&e);
}

/* Without Immed the command lasts the whole blank: minimal covers the
 * lead-in and pregap, full the program area too; at 4x, the slowest
 * CD-RW speed, a full blank is 20 minutes of drive time. */
static void blank_without_immed_takes_the_time(void **state)
{
	(void)state;
	struct emu e;
	open_used_cd_rw(&e);
	uint64_t t0 = mmcemu_now_ns(e.drive);
	assert_good(emu_cmd(&e, BLANK_MINIMAL, NULL, 0));
	uint64_t minimal = blank_ns(&e, CD_RW_LEAD_IN);
	assert_int_equal(mmcemu_now_ns(e.drive) - t0, minimal);
	assert_true(minimal > 6 * NS_PER_S && minimal < 7 * NS_PER_S); /* 11,076 / 1800 */
	assert_good(emu_cmd(&e, TUR, NULL, 0));

	assert_good(emu_cmd(&e, "BB 00 FF FF 02 C2 00 00 00 00 00 00", NULL, 0)); /* 4x: 706 kB/s */
	assert_int_equal(e.drive->write_speed_kbps, 706);
	t0 = mmcemu_now_ns(e.drive);
	assert_good(emu_cmd(&e, BLANK_FULL, NULL, 0));
	uint64_t full = blank_ns(&e, CD_RW_LEAD_IN + CD_RW_CAPACITY);
	assert_int_equal(mmcemu_now_ns(e.drive) - t0, full);
	assert_true(full > 1230 * NS_PER_S && full < 1240 * NS_PER_S); /* 370,925 / 300 */
	assert_good(emu_cmd(&e, TUR, NULL, 0));
	emu_close(&e);
}

static struct emu_result format(struct emu *e, uint8_t type, bool immed)
{
	uint8_t list[12] = {0, (uint8_t)(immed ? 0x02 : 0), 0, 8, 0xFF, 0xFF, 0xFF, 0xFF,
			    (uint8_t)(type << 2)};
	return emu_cmd_data(e, "04 11 00 00 00 00", list, sizeof(list), NULL, 0);
}

/* FORMAT UNIT with Immed: busy for the profile's format_ms, 02/04/04. */
static void format_immed(const char *profile, uint8_t type, uint64_t ms)
{
	struct emu e;
	emu_open(&e, profile);
	uint64_t dur = ms * 1000000u, t0 = mmcemu_now_ns(e.drive);
	assert_good(format(&e, type, true));
	assert_int_equal(mmcemu_now_ns(e.drive), t0);
	assert_int_equal(busy(&e, 0x04), 0);
	mmcemu_advance_clock(e.drive, dur / 4);
	uint16_t p1 = busy(&e, 0x04);
	assert_int_equal(p1, 0x4000);
	mmcemu_advance_clock(e.drive, dur / 2);
	assert_int_equal(busy(&e, 0x04), 0xC000);
	refuses_media_commands(&e, 0x04);
	answers_meanwhile(&e);
	mmcemu_advance_clock(e.drive, dur / 4);
	assert_good(emu_cmd(&e, TUR, NULL, 0));
	assert_good(write10(&e, 0, 32, 3));
	assert_good(read10_check(&e, 0, 32, 3));
	emu_close(&e);
}

static void format_immed_dvd_plus_rw(void **state)
{
	(void)state;
	format_immed("dvd+rw", 0x26, 2000);
}

static void format_immed_bd_re(void **state)
{
	(void)state;
	format_immed("bd-re", 0x00, 5000);
}

/* The DVD+RW background format goes on once the drive is ready: writes
 * are taken and READ DISC INFORMATION says "in progress". */
static void dvd_plus_rw_background_after_busy(void **state)
{
	(void)state;
	struct emu e;
	uint8_t di[34];
	emu_open(&e, "dvd+rw");
	uint64_t t0 = mmcemu_now_ns(e.drive);
	assert_good(format(&e, 0x26, false));
	assert_int_equal(mmcemu_now_ns(e.drive) - t0, 2 * NS_PER_S);
	disc_info(&e, di);
	assert_int_equal(di[7] & 3, 2);
	assert_good(write10(&e, 0, 16, 1));
	emu_close(&e);
}

/* What the drive holds is recorded first: a format sent with 1 MiB in
 * the buffer starts when the medium has taken it (at 8x DVD, 11,080 kB/s:
 * 95 ms), with progress 0 until then. */
static void buffer_written_out_first(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	assert_good(format(&e, 0x26, false));
	for (int32_t lba = 0; lba < 512; lba += 256)
		assert_good(write10(&e, lba, 256, 2));
	uint64_t t0 = mmcemu_now_ns(e.drive);
	assert_good(format(&e, 0x26, true));
	mmcemu_advance_clock(e.drive, 90000000u);
	assert_int_equal(busy(&e, 0x04), 0);
	mmcemu_advance_clock(e.drive, t0 + 2 * NS_PER_S - mmcemu_now_ns(e.drive));
	busy(&e, 0x04);
	mmcemu_advance_clock(e.drive, 100000000u);
	assert_good(emu_cmd(&e, TUR, NULL, 0));
	emu_close(&e);
}

/* An unlimited clock models no speed: everything completes at once. */
static void unlimited_clock_is_instant(void **state)
{
	(void)state;
	static const char *const profiles[] = {"cd-rw", "dvd+rw", "bd-re"};
	for (size_t i = 0; i < 3; i++) {
		struct emu e;
		memset(&e, 0, sizeof(e));
		strcpy(e.dir, "/tmp/emu-test-XXXXXX");
		assert_non_null(mkdtemp(e.dir));
		snprintf(e.disc, sizeof(e.disc), "%s/disc", e.dir);
		struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
						  .profile = profiles[i], .disc_path = e.disc,
						  .clock = MMCEMU_CLOCK_UNLIMITED};
		char err[256] = "";
		if (mmcemu_drive_open(&cfg, &e.drive, err, sizeof(err)))
			fail_msg("%s", err);
		assert_sense(emu_cmd(&e, TUR, NULL, 0), 6, 0x29, 0x00);
		if (i == 0) {
			assert_good(emu_cmd(&e, BLANK_FULL_IMMED, NULL, 0));
			assert_good(emu_cmd(&e, BLANK_FULL, NULL, 0));
		} else {
			assert_good(format(&e, i == 1 ? 0x26 : 0x00, true));
			assert_good(format(&e, i == 1 ? 0x26 : 0x00, false));
		}
		assert_int_equal(mmcemu_now_ns(e.drive), 0);
		assert_good(emu_cmd(&e, TUR, NULL, 0));
		assert_good(write10(&e, 0, 32, 1));
		emu_close(&e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blank_immed_cd_rw),
		cmocka_unit_test(blank_saved_at_once),
		cmocka_unit_test(blank_without_immed_takes_the_time),
		cmocka_unit_test(format_immed_dvd_plus_rw),
		cmocka_unit_test(format_immed_bd_re),
		cmocka_unit_test(dvd_plus_rw_background_after_busy),
		cmocka_unit_test(buffer_written_out_first),
		cmocka_unit_test(unlimited_clock_is_instant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
