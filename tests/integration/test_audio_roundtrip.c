/* The must-show of issue 15: `discburn audio` of three sine-tone WAVs made
 * here onto emu:cd-r, then `discburn read --track 2 --audio` gives back
 * track 2's samples exactly, and the TOC shows three audio tracks with
 * 150-sector pauses between them (each track's start is the previous
 * track's end, its 2 run-out blocks included, plus 150). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"
#include "discburn/emu.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"
#include "mmc/be.h"

#define DISCBURN DISCBURN_BUILD_DIR "/bin/discburn"
#define RATE 44100

static char dir[64];

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A canonical 44-byte-header PCM WAV (RIFF, fmt chunk of 16, data) of a
 * sine at hz, left and right a quarter turn apart, frames long. The
 * samples are also returned, as the CD-DA bytes they become. */
static uint8_t *write_wav_at(const char *path, double hz, uint32_t frames, uint32_t rate)
{
	uint32_t bytes = frames * 4;
	uint8_t *data = malloc(bytes);
	for (uint32_t i = 0; i < frames; i++) {
		double t = 2 * M_PI * hz * i / rate;
		int16_t l = (int16_t)lrint(12000 * sin(t));
		int16_t r = (int16_t)lrint(12000 * cos(t));
		data[4 * i] = (uint8_t)(l & 0xFF);
		data[4 * i + 1] = (uint8_t)((uint16_t)l >> 8);
		data[4 * i + 2] = (uint8_t)(r & 0xFF);
		data[4 * i + 3] = (uint8_t)((uint16_t)r >> 8);
	}
	uint8_t h[44] = "RIFF____WAVEfmt ";
	put_le32(h + 4, 36 + bytes);
	put_le32(h + 16, 16);
	h[20] = 1; /* PCM */
	h[22] = 2; /* channels */
	put_le32(h + 24, rate);
	put_le32(h + 28, rate * 4);
	h[32] = 4; /* block align */
	h[34] = 16; /* bits */
	memcpy(h + 36, "data", 4);
	put_le32(h + 40, bytes);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(h, 1, 44, f), 44);
	assert_int_equal(fwrite(data, 1, bytes, f), bytes);
	assert_int_equal(fclose(f), 0);
	return data;
}

static uint8_t *write_sine_wav(const char *path, double hz, uint32_t frames)
{
	return write_wav_at(path, hz, frames, RATE);
}

/* The bytes of a WAV file's data chunk (walking the RIFF chunks: the
 * header libsndfile writes need not be 44 bytes). */
static uint8_t *wav_data(const char *path, uint32_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *all = malloc((size_t)n);
	assert_int_equal(fread(all, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_memory_equal(all, "RIFF", 4);
	assert_memory_equal(all + 8, "WAVE", 4);
	for (long off = 12; off + 8 <= n;) {
		uint32_t size = all[off + 4] | all[off + 5] << 8 | all[off + 6] << 16 |
				(uint32_t)all[off + 7] << 24;
		if (memcmp(all + off, "data", 4) == 0) {
			*len = size;
			uint8_t *d = malloc(size);
			memcpy(d, all + off + 8, size);
			free(all);
			return d;
		}
		off += 8 + size + (size & 1);
	}
	fail_msg("%s has no data chunk", path);
	return NULL;
}

static void test_three_wavs_and_track_2_back(void **state)
{
	(void)state;
	char a[128], b[128], c[128], out[128];
	snprintf(a, sizeof(a), "%s/a.wav", dir);
	snprintf(b, sizeof(b), "%s/b.wav", dir);
	snprintf(c, sizeof(c), "%s/c.wav", dir);
	snprintf(out, sizeof(out), "%s/track2.wav", dir);
	/* 6 s, 5 s and 4.5 s: whole sectors of 588 frames for track 2 */
	free(write_sine_wav(a, 440, 6 * RATE));
	uint8_t *two = write_sine_wav(b, 660, 375 * 588);
	free(write_sine_wav(c, 880, 9 * RATE / 2));
	struct cli_capture *r =
		cli_sh(DISCBURN " audio --drive emu:cd-r:%s/disc --verify quick %s %s %s", dir, a, b, c);
	if (r->rc != 0)
		fail_msg("audio: exit %d:\n%s", r->rc, r->out);
	r = cli_sh(DISCBURN " read --drive emu:cd-r:%s/disc --track 2 --audio %s", dir, out);
	if (r->rc != 0)
		fail_msg("read --audio: exit %d:\n%s", r->rc, r->out);
	uint32_t len = 0;
	uint8_t *back = wav_data(out, &len);
	assert_int_equal(len, 375 * 2352);
	assert_memory_equal(back, two, len);
	free(back);
	free(two);

	/* the TOC, as the drive gives it */
	struct db_recorder *rec;
	char drive[160];
	snprintf(drive, sizeof(drive), "emu:cd-r:%s/disc", dir);
	assert_int_equal(db_emu_register(), DB_S_OK);
	assert_int_equal(db_recorder_open(drive, DB_OPEN_EXCLUSIVE, &rec), DB_S_OK);
	struct db_toc toc;
	assert_int_equal(db_mmc_read_toc(db_recorder_device(rec), &toc), DB_S_OK);
	assert_int_equal(toc.first_track, 1);
	assert_int_equal(toc.last_track, 3);
	assert_int_equal(toc.n, 4);
	assert_int_equal(toc.e[0].lba, 0);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(toc.e[i].adr_control & 0x0F, 0); /* audio */
		struct db_track_info ti;
		assert_int_equal(db_mmc_read_track_information(db_recorder_device(rec), 1, i + 1, &ti),
				 DB_S_OK);
		assert_int_equal(ti.start, toc.e[i].lba);
		if (i < 2) /* the track (its run-out in its size), then the 150-sector pause */
			assert_int_equal(toc.e[i + 1].lba, ti.start + (int32_t)ti.size + 150);
	}
	assert_int_equal(toc.e[1].lba - toc.e[0].lba, 450 + 2 + 150); /* 6 s */
	assert_int_equal(toc.e[2].lba - toc.e[1].lba, 375 + 2 + 150); /* 5 s */
	assert_int_equal(toc.e[3].track, DB_TOC_LEADOUT);
	db_recorder_close(rec);
}

/* A WAV that is not CD audio (48 kHz) is refused before the drive is
 * touched, naming the file and its format: no resampling. */
static void test_48khz_refused(void **state)
{
	(void)state;
	char w[128];
	snprintf(w, sizeof(w), "%s/dat.wav", dir);
	free(write_wav_at(w, 440, 48000, 48000));
	struct cli_capture *r =
		cli_sh(DISCBURN " audio --drive emu:cd-r:%s/disc48 %s; echo \"exit=$?\"; "
		       "test -e %s/disc48 && echo 'disc touched'", dir, w, dir);
	cli_expect_in(r, "exit=4");
	cli_expect_in(r, "dat.wav: WAV, 48000 Hz, 2 channels, 16-bit PCM: an audio CD takes 44100 Hz");
	if (strstr(r->out, "disc touched"))
		fail_msg("the drive was used for a refused file:\n%s", r->out);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/tao-rt-XXXXXX");
	assert_non_null(mkdtemp(dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return cli_sh("rm -rf '%s'", dir)->rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_wavs_and_track_2_back),
		cmocka_unit_test(test_48khz_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
