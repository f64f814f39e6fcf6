/* Drive timing in virtual time: a host faster than the disc is held to the
 * medium's speed, so writing N sectors and syncing takes the drive exactly
 * as long as the speed units say (DESIGN.md: CD 1x = 75 sectors/s, DVD 1x
 * = 1,385,000 B/s, BD 1x = 4,495,625 B/s). At CLV speeds that is N over
 * the rate; at the CAV speeds of a profile (model = cav, cav_from) the
 * nominal speed is the outer edge's and the inner edge runs at
 * cav_inner_percent of it, rising with the radius. Deterministic: no
 * sleeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "emu_harness.h"
#include "profile.h"
#include "mmc/be.h"

#define CHUNK 32

static uint8_t data[CHUNK * 2048];

/* Writes n sectors at the NWA from 0 and syncs; returns drive ns taken. */
static uint64_t burn(struct emu *e, uint32_t n)
{
	uint64_t t0 = mmcemu_now_ns(e->drive);
	for (uint32_t lba = 0; lba < n; lba += CHUNK) {
		char cdb[64];
		snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 00 %02X 00",
			 lba >> 24, (lba >> 16) & 0xFF, (lba >> 8) & 0xFF, lba & 0xFF, CHUNK);
		assert_good(emu_cmd_data(e, cdb, data, sizeof(data), NULL, 0));
	}
	assert_good(emu_cmd(e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	return mmcemu_now_ns(e->drive) - t0;
}

static void expect_within(uint64_t got_ns, double want_s, double tolerance)
{
	double got_s = (double)got_ns / 1e9;
	double err = (got_s - want_s) / want_s;
	print_message("drive time %.4f s, theory %.4f s, error %+.3f%%\n", got_s, want_s, err * 100);
	if (err > tolerance || err < -tolerance)
		fail_msg("timing error %.3f%% over %.3f%%", err * 100, tolerance * 100);
}

/* CD-R at 16x (SET CD SPEED 2822 kB/s = 16 x 176.4): 1200 sectors/s. */
static void cd_16x_writes_1200_sectors_a_second(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(emu_cmd(&e, "BB 00 FF FF 0B 06 00 00 00 00 00 00", NULL, 0));
	uint32_t n = 24000; /* 20 s */
	expect_within(burn(&e, n), n / (16.0 * 75), 0.001);
	emu_close(&e);
}

/* Mode page 05h: TAO, audio Track Mode, data block type 0 (2352 bytes). */
static void select_audio(struct emu *e)
{
	uint8_t l[8 + 0x34] = {0};
	l[8] = 0x05;
	l[9] = 0x32;
	l[10] = 0x41;
	l[11] = 0xC0; /* multi-session 11b, Track Mode 0: audio */
	l[12] = 0;
	l[23] = 150;
	assert_good(emu_cmd_data(e, "55 10 00 00 00 00 00 00 3C 00", l, sizeof(l), NULL, 0));
}

static uint8_t audio[CHUNK * 2352];

static uint64_t burn_audio(struct emu *e, uint32_t n)
{
	uint64_t t0 = mmcemu_now_ns(e->drive);
	for (uint32_t lba = 0; lba < n; lba += CHUNK) {
		char cdb[64];
		snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 00 %02X 00",
			 lba >> 24, (lba >> 16) & 0xFF, (lba >> 8) & 0xFF, lba & 0xFF, CHUNK);
		assert_good(emu_cmd_data(e, cdb, audio, sizeof(audio), NULL, 0));
	}
	assert_good(emu_cmd(e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	return mmcemu_now_ns(e->drive) - t0;
}

/* Audio at CD 16x is 1200 sectors of 2352 bytes a second too (issue 15:
 * the medium takes sectors, 176,400 bytes of CD-DA a second at 1x). */
static void cd_16x_audio_1200_sectors_a_second(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(emu_cmd(&e, "BB 00 FF FF 0B 06 00 00 00 00 00 00", NULL, 0));
	select_audio(&e);
	uint32_t n = 24000;
	expect_within(burn_audio(&e, n), n / (16.0 * 75), 0.001);
	emu_close(&e);
}

/* The drive buffer holds the 2352 bytes of each audio sector: READ
 * BUFFER CAPACITY's free bytes drop by 2352 a sector, and its free blocks
 * (Block = 1) count 2352-byte blocks. */
static void audio_fills_the_buffer_by_2352(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	select_audio(&e);
	uint8_t b[12];
	assert_good(emu_cmd(&e, "5C 00 00 00 00 00 00 00 0C 00", b, sizeof(b)));
	uint32_t len = mmc_get_be32(&b[4]), free0 = mmc_get_be32(&b[8]);
	assert_int_equal(free0, len);
	assert_good(emu_cmd_data(&e, "2A 00 00 00 00 00 00 00 20 00", audio, sizeof(audio), NULL, 0));
	assert_good(emu_cmd(&e, "5C 00 00 00 00 00 00 00 0C 00", b, sizeof(b)));
	assert_int_equal(mmc_get_be32(&b[8]), len - CHUNK * 2352);
	assert_good(emu_cmd(&e, "5C 01 00 00 00 00 00 00 0C 00", b, sizeof(b)));
	assert_int_equal(mmc_get_be32(&b[8]), (len - CHUNK * 2352) / 2352);
	emu_close(&e);
}

/* Seconds to record sectors [0, n) at nominal rate (sectors/s) when the
 * drive writes at kbps (0: the profile's default, its fastest): n / rate
 * at CLV; at CAV the speed at LBA l is rate * sqrt(q^2 + k l) with
 * q = inner/outer and k = (1 - q^2) / capacity, and the time is the
 * integral of 1/speed: 2 (sqrt(q^2 + k n) - q) / (rate k). */
static double theory_s(const char *profile, uint32_t kbps, double rate, uint32_t n)
{
	struct mmcemu_profile p;
	char err[256];
	assert_int_equal(profile_load(DISCBURN_PROFILES_DIR, profile, &p, err, sizeof(err)), 0);
	if (!kbps)
		kbps = p.write_speeds_kbps[p.n_write_speeds - 1];
	if (!profile_speed_is_cav(&p, kbps))
		return n / rate;
	double q = p.cav_inner_percent / 100.0, k = (1 - q * q) / p.capacity;
	return 2 * (sqrt(q * q + k * n) - q) / (rate * k);
}

/* Formats the rewritables (without Immed: FORMAT UNIT returns when the
 * drive is ready, so the burn's time starts after it), sets the write speed (SET CD SPEED, kB/s;
 * 0: the profile's default, its fastest), burns n sectors from LBA 0. */
static void timed_burn(const char *profile, double x, double one_x_bytes, uint32_t kbps,
		       uint32_t n)
{
	struct emu e;
	emu_open(&e, profile);
	if (strcmp(profile, "bd-re") == 0 || strcmp(profile, "dvd+rw") == 0)
		assert_good(emu_cmd_data(&e, "04 11 00 00 00 00",
					 (const uint8_t[]){0, 0x80, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF,
							   profile[0] == 'd' ? 0x26 << 2 : 0, 0, 0, 0},
					 12, NULL, 0));
	if (kbps) {
		char cdb[64];
		snprintf(cdb, sizeof(cdb), "BB 00 FF FF %02X %02X 00 00 00 00 00 00",
			 kbps >> 8, kbps & 0xFF);
		assert_good(emu_cmd(&e, cdb, NULL, 0));
	}
	double rate = x * one_x_bytes / 2048;
	expect_within(burn(&e, n), theory_s(profile, kbps, rate, n), 0.001);
	emu_close(&e);
}

/* DVD+R 16x is CAV (media-profiles/dvd+r.ini): the first 128 MiB, on
 * the inner edge, take about 2.4 times as long as at 16x throughout. */
static void dvd_plus_r_16x_cav(void **state)
{
	(void)state;
	timed_burn("dvd+r", 16, 1385000, 0, 65536);
}

/* ... and 4x is below cav_from: CLV at 4x from the first sector. */
static void dvd_plus_r_4x_clv(void **state)
{
	(void)state;
	timed_burn("dvd+r", 4, 1385000, 5540, 16384);
}

static void bd_r_12x_cav(void **state)
{
	(void)state;
	timed_burn("bd-r", 12, 4495625, 0, 65536); /* media-profiles/bd-r.ini: 12x */
}

static void bd_r_4x_clv(void **state)
{
	(void)state;
	timed_burn("bd-r", 4, 4495625, 17983, 65536);
}

/* CD-R 48x: CAV from 42 % (about 20x) on the inner edge. */
static void cd_r_48x_cav(void **state)
{
	(void)state;
	timed_burn("cd-r", 48, 153600, 0, 24000);
}

/* A CLV profile (DVD+RW) records its fastest speed at CLV. */
static void dvd_plus_rw_8x_clv(void **state)
{
	(void)state;
	timed_burn("dvd+rw", 8, 1385000, 0, 65536);
}

/* GET PERFORMANCE type 00h (write, nominal) on a blank DVD+R at 16x:
 * the descriptor from LBA 0 starts at 40 % of 16x, ends at 16x. */
static void cav_nominal_performance(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	uint8_t buf[64];
	struct emu_result r = emu_cmd(&e, "AC 04 00 00 00 00 00 00 00 01 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(mmc_get_be32(&buf[8 + 4]), 8864); /* 0.4 x 22160 */
	assert_int_equal(mmc_get_be32(&buf[8 + 12]), 22160);
	/* Type 03h: 16x and 12x are CAV (WRC 01b), 8x and below CLV. */
	r = emu_cmd(&e, "AC 00 00 00 00 00 00 00 00 06 03 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[8] & 0x18, 0x08);
	assert_int_equal(buf[8 + 16] & 0x18, 0x08);
	assert_int_equal(buf[8 + 32] & 0x18, 0x00);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cd_16x_writes_1200_sectors_a_second),
		cmocka_unit_test(cd_16x_audio_1200_sectors_a_second),
		cmocka_unit_test(audio_fills_the_buffer_by_2352),
		cmocka_unit_test(dvd_plus_r_16x_cav),
		cmocka_unit_test(dvd_plus_r_4x_clv),
		cmocka_unit_test(bd_r_12x_cav),
		cmocka_unit_test(bd_r_4x_clv),
		cmocka_unit_test(cd_r_48x_cav),
		cmocka_unit_test(dvd_plus_rw_8x_clv),
		cmocka_unit_test(cav_nominal_performance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
