/* SYNCHRONIZE CACHE ends a CD Track At Once track: wodim (cdrkit's
 * close_track_mmc) and cdrskin (libburn) send no CLOSE TRACK between TAO
 * tracks, only SYNCHRONIZE CACHE, then ask READ TRACK INFORMATION for the
 * next NWA (vm/scenarios/08-audio.sh found every track of `wodim -tao -audio
 * a b c` in one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "emu_harness.h"
#include "test_media_util.h"

#define SYNC "35 00 00 00 00 00 00 00 00 00"

/* Page 05h for audio TAO: track mode 0, data block type 0 (2352 bytes). */
static void select_audio_tao(struct emu *e)
{
	uint8_t p[8 + 52] = {0};
	p[8] = 0x05;
	p[9] = 0x32;
	p[10] = 0x01;
	mmc_put_be16(&p[8 + 14], 150);
	assert_good(emu_cmd_data(e, "55 10 00 00 00 00 00 00 3C 00", p, sizeof(p), NULL, 0));
}

static struct emu_result write_audio(struct emu *e, int32_t lba, uint16_t n)
{
	static uint8_t buf[400 * 2352];
	assert_true(n <= 400);
	for (size_t i = 0; i < (size_t)n * 2352; i++)
		buf[i] = (uint8_t)(i * 5 + (size_t)lba);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 %02X %02X 00",
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, n >> 8, n & 0xFF);
	return emu_cmd_data(e, cdb, buf, (size_t)n * 2352, NULL, 0);
}

static void track_start_size(struct emu *e, unsigned track, int32_t *start, uint32_t *size)
{
	uint8_t ti[48];
	assert_good(track_info(e, track, ti));
	*start = (int32_t)mmc_get_be32(&ti[8]);
	*size = mmc_get_be32(&ti[24]);
}

/* Three audio tracks the wodim way: WRITEs, SYNCHRONIZE CACHE, the next
 * NWA. Each track ends at the SYNCHRONIZE CACHE, the next one starts 152
 * blocks after it (2 run-out + the 150-block pregap, docs/emulator-media.md
 * "The TAO layout"), and a second SYNCHRONIZE CACHE makes no empty track. */
static void audio_tracks_end_at_sync(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	select_audio_tao(&e);
	const uint16_t len[3] = {300, 377, 350};
	int32_t want = 0;
	for (int i = 0; i < 3; i++) {
		int32_t nwa = nwa_of(&e);
		assert_int_equal(nwa, want);
		assert_good(write_audio(&e, nwa, len[i]));
		assert_good(emu_cmd(&e, SYNC, NULL, 0));
		assert_good(emu_cmd(&e, SYNC, NULL, 0)); /* nothing new: no track */
		int32_t start;
		uint32_t size;
		track_start_size(&e, (unsigned)i + 1, &start, &size);
		assert_int_equal(start, want);
		assert_int_equal(size, len[i] + 2); /* the run-out is the track's */
		want = nwa + len[i] + 152;
	}
	uint8_t ti[48];
	assert_good(track_info(&e, 0xFF, ti));
	assert_int_equal(ti[2], 4); /* the invisible track is track 4 */
	/* libburn's CLOSE TRACK FFh after it finds nothing to close. */
	assert_good(emu_cmd(&e, "5B 00 01 00 00 FF 00 00 00 00", NULL, 0));
	assert_int_equal(nwa_of(&e), want);
	emu_close(&e);
}

/* Mode 1 data TAO the same way (wodim -tao a.iso b.iso). */
static void data_tracks_end_at_sync(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_page05(&e, 1, 0, false));
	assert_good(write10(&e, 0, 300, 1));
	assert_good(emu_cmd(&e, SYNC, NULL, 0));
	assert_int_equal(nwa_of(&e), 452);
	assert_good(write10(&e, 452, 300, 2));
	assert_good(emu_cmd(&e, SYNC, NULL, 0));
	assert_int_equal(nwa_of(&e), 904);
	assert_good(read10_check(&e, 452, 300, 2));
	emu_close(&e);
}

/* Only Track At Once: a session at once burn (cue sheet) and a DVD are
 * not cut by SYNCHRONIZE CACHE. */
static void not_for_other_write_types(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	assert_good(write10(&e, 0, 32, 1));
	assert_good(emu_cmd(&e, SYNC, NULL, 0));
	assert_good(write10(&e, 32, 32, 2)); /* same track goes on */
	uint8_t ti[48];
	assert_good(track_info(&e, 1, ti));
	assert_int_equal(mmc_get_be32(&ti[12]), 64);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(audio_tracks_end_at_sync),
		cmocka_unit_test(data_tracks_end_at_sync),
		cmocka_unit_test(not_for_other_write_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
