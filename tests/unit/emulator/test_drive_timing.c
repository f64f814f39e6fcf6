/* Drive timing in virtual time: a host faster than the disc is held to the
 * medium's speed, so writing N sectors and syncing takes the drive exactly
 * as long as the speed units say (DESIGN.md: CD 1x = 75 sectors/s, DVD 1x
 * = 1,385,000 B/s, BD 1x = 4,495,625 B/s). Deterministic: no sleeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "emu_harness.h"
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

/* The fastest speed a profile lists is the drive's default. */
static void default_speed(const char *profile, double x, double one_x_bytes, uint32_t n)
{
	struct emu e;
	emu_open(&e, profile);
	if (strcmp(profile, "bd-re") == 0 || strcmp(profile, "dvd+rw") == 0)
		assert_good(emu_cmd_data(&e, "04 11 00 00 00 00",
					 (const uint8_t[]){0, 0x82, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF,
							   profile[0] == 'd' ? 0x26 << 2 : 0, 0, 0, 0},
					 12, NULL, 0));
	expect_within(burn(&e, n), n * 2048.0 / (x * one_x_bytes), 0.001);
	emu_close(&e);
}

static void dvd_plus_r_16x(void **state)
{
	(void)state;
	default_speed("dvd+r", 16, 1385000, 65536);
}

static void bd_r_default(void **state)
{
	(void)state;
	default_speed("bd-r", 12, 4495625, 65536); /* media-profiles/bd-r.ini: 12x */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cd_16x_writes_1200_sectors_a_second),
		cmocka_unit_test(dvd_plus_r_16x),
		cmocka_unit_test(bd_r_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
