/* discburn read --track N --audio (issue 15), through the CLI as a user
 * runs it, on emulated CD-Rs: three sine-tone tracks written as a TAO
 * burner writes them (mode page 05h, 2352-byte WRITEs at each NWA, CLOSE
 * TRACK, CLOSE SESSION, sent to the emulator in-process) and track 2
 * ripped back sample-equal; a READ CD the drive refuses, named by LBA
 * and sense; what it refuses (a data track, a track the disc does not
 * have, --audio without --track or to standard output), leaving no file
 * behind. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sndfile.h>

#include "cli_run.h"
#include "emu_harness.h"
#include "mmc/be.h"

#define DISCBURN DISCBURN_BUILD_DIR "/bin/discburn"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/read-audio-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return cli_run("rm -rf '%s'", dir);
}

static void expect(int want_rc, const char *says, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void expect(int want_rc, const char *says, const char *fmt, ...)
{
	char cmd[1536];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int rc = cli_run("cd %s && %s", dir, cmd);
	if (rc != want_rc || (says && !strstr(cli_out, says)))
		fail_msg("exit %d (want %d): %s\n%s\n(want \"%s\")", rc, want_rc, cmd, cli_out,
			 says ? says : "");
}

static bool exists(const char *name)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

/* A data disc: its track is refused by name, and no WAV is left. */
static void test_refusals(void **state)
{
	(void)state;
	expect(0, NULL, "head -c %d /dev/urandom >img && " DISCBURN
	       " write --drive emu:cd-r:data img", 300 * 2048);
	expect(2, "discburn: read: track 1 is a data track: read it without --audio",
	       DISCBURN " read --drive emu::data --track 1 --audio t1.wav");
	assert_false(exists("t1.wav"));
	/* Track 2 is the disc's open (invisible, empty) track. */
	expect(2, "track 2 is blank", DISCBURN " read --drive emu::data --track 2 --audio t2.wav");
	expect(2, "the disc has no track 7 (2 tracks)",
	       DISCBURN " read --drive emu::data --track 7 --audio t7.wav");
	assert_false(exists("t2.wav") || exists("t7.wav"));
	expect(2, "--audio rips one audio track: give --track N",
	       DISCBURN " read --drive emu::data --audio t.wav");
	expect(2, "--audio writes a WAV file: OUT cannot be -",
	       DISCBURN " read --drive emu::data --track 1 --audio -");
	expect(2, "--session and --track exclude each other",
	       DISCBURN " read --drive emu::data --session 1 --track 1 --audio t.wav");
	assert_false(exists("t.wav"));
	/* The data read of the same track still works. */
	expect(0, NULL, DISCBURN " read --drive emu::data --track 1 back.img && cmp -n %d back.img img",
	       300 * 2048);
}

/* CD-DA: 588 stereo frames (2352 bytes) a sector. */
#define FRAMES_PER_SECTOR 588

/* Track t's tone, little-endian as a WAV's data and a TAO WRITE carry
 * it: a different pitch per track and per channel. */
static void tone(unsigned track, size_t frames, int16_t *s)
{
	for (size_t i = 0; i < frames; i++)
		for (int c = 0; c < 2; c++)
			s[2 * i + c] = (int16_t)lrint(30000.0 * sin(2 * M_PI * (220.0 * track + 110 * c) *
								      (double)i / 44100.0));
}

static void le_bytes(const int16_t *s, size_t samples, uint8_t *out)
{
	for (size_t i = 0; i < samples; i++) {
		out[2 * i] = (uint8_t)((uint16_t)s[i] & 0xFF);
		out[2 * i + 1] = (uint8_t)((uint16_t)s[i] >> 8);
	}
}

static void hexf(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void hexf(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, cap, fmt, ap);
	va_end(ap);
}

/* Frames written per track: track 2 ends inside a sector (the writer
 * pads it with silence, as db_format2tao does) and is longer than the
 * 4 s minimum, track 1 and 3 are whole sectors. */
static const size_t track_frames[3] = {320 * FRAMES_PER_SECTOR, 345 * FRAMES_PER_SECTOR + 217,
				       301 * FRAMES_PER_SECTOR};

static size_t sectors_of(size_t frames)
{
	return (frames + FRAMES_PER_SECTOR - 1) / FRAMES_PER_SECTOR;
}

/* Three audio tracks in one closed session, as a TAO burner writes them
 * (MMC-6 4.2.3.4; docs/emulator-media.md "The TAO layout"): page 05h write
 * type TAO, track mode 0 (2-channel audio), data block type 0 (2352 bytes
 * of raw audio), audio pause 150; each track's sectors at the NWA of the
 * invisible track, then CLOSE TRACK; CLOSE SESSION at the end. */
static void burn_audio_disc(struct emu *e)
{
	uint8_t page[8 + 56] = {0};
	page[8] = 0x05;
	page[9] = 0x36;
	page[10] = 0x41; /* BUFE, write type 01h TAO */
	page[11] = 0x00; /* no multisession, track mode 0: audio */
	page[12] = 0x00; /* data block type 0: 2352 bytes raw */
	mmc_put_be16(&page[8 + 14], 150);
	assert_good(emu_cmd_data(e, "55 10 00 00 00 00 00 00 40 00", page, sizeof(page), NULL, 0));
	for (unsigned t = 1; t <= 3; t++) {
		uint8_t ti[48];
		assert_good(emu_cmd(e, "52 01 00 00 00 FF 00 00 30 00", ti, sizeof(ti)));
		assert_true(ti[7] & 1); /* NWA valid */
		uint32_t nwa = mmc_get_be32(&ti[12]);
		size_t frames = track_frames[t - 1], n = sectors_of(frames);
		int16_t *s = calloc(n * FRAMES_PER_SECTOR * 2, sizeof(int16_t));
		uint8_t *b = malloc(n * 2352);
		assert_non_null(s);
		assert_non_null(b);
		tone(t, frames, s);
		le_bytes(s, n * FRAMES_PER_SECTOR * 2, b);
		for (size_t done = 0; done < n;) {
			size_t k = n - done < 27 ? n - done : 27;
			uint32_t lba = nwa + (uint32_t)done;
			char cdb[64];
			hexf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 %02X %02X 00",
			     lba >> 24, lba >> 16 & 0xFF, lba >> 8 & 0xFF, lba & 0xFF,
			     (unsigned)k >> 8, (unsigned)k & 0xFF);
			assert_good(emu_cmd_data(e, cdb, b + done * 2352, k * 2352, NULL, 0));
			done += k;
		}
		free(s);
		free(b);
		assert_good(emu_cmd(e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
		char close_track[64];
		hexf(close_track, sizeof(close_track), "5B 00 01 00 00 %02X 00 00 00 00", t);
		assert_good(emu_cmd(e, close_track, NULL, 0));
	}
	assert_good(emu_cmd(e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
}

/* The samples of a WAV file, through libsndfile. */
static int16_t *wav_samples(const char *path, sf_count_t *frames)
{
	SF_INFO info = {0};
	SNDFILE *sf = sf_open(path, SFM_READ, &info);
	if (!sf)
		fail_msg("%s: %s", path, sf_strerror(NULL));
	assert_int_equal(info.samplerate, 44100);
	assert_int_equal(info.channels, 2);
	assert_int_equal(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
	int16_t *s = malloc((size_t)info.frames * 4 + 4);
	assert_non_null(s);
	assert_int_equal(sf_readf_short(sf, s, info.frames), info.frames);
	sf_close(sf);
	*frames = info.frames;
	return s;
}

/* Must show (issue 15): track 2 comes back sample for sample, and only
 * track 2: not its pregap, not the run-out after it. */
static void test_rip_track_2(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	burn_audio_disc(&e);
	mmcemu_drive_close(e.drive);
	expect(0, "discburn: read: track 2, 346 sectors (0:04:46) from LBA ",
	       DISCBURN " read --drive emu::%s --track 2 --audio t2.wav", e.disc);
	char path[128];
	snprintf(path, sizeof(path), "%s/t2.wav", dir);
	sf_count_t frames;
	int16_t *got = wav_samples(path, &frames);
	size_t want_frames = track_frames[1];
	assert_int_equal(frames, sectors_of(want_frames) * FRAMES_PER_SECTOR);
	int16_t *want = calloc((size_t)frames * 2, sizeof(int16_t));
	assert_non_null(want);
	tone(2, want_frames, want); /* the rest: the writer's silence */
	for (sf_count_t i = 0; i < frames * 2; i++)
		if (got[i] != want[i])
			fail_msg("sample %lld (frame %lld %s): %d, written %d", (long long)i,
				 (long long)i / 2, i % 2 ? "right" : "left", got[i], want[i]);
	free(got);
	free(want);

	/* --json-events: the read event says what was ripped. */
	expect(0, "\"event\":\"read\",\"track\":3,\"audio\":true",
	       DISCBURN " read --drive emu::%s --track 3 --audio --json-events t3.wav", e.disc);
	assert_non_null(strstr(cli_out, "\"sectors\":301,\"frames\":176988"));
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e.dir);
	assert_int_equal(system(cmd), 0);
}

/* A READ CD the drive refuses: the message names the sector that fails
 * (not the first of the chunk that failed) and the drive's sense; no
 * partial WAV stays. The fault plan counts READ CDs (its lba ranges
 * match READ(10)/(12) only): the 2nd, a chunk of 111 sectors from LBA
 * 472 + 111, fails; the rip then reads that chunk sector by sector and
 * the 10th of those, LBA 583 + 9, fails too. */
static void test_read_error_names_lba_and_sense(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	burn_audio_disc(&e);
	uint8_t ti[48];
	assert_good(emu_cmd(&e, "52 01 00 00 00 02 00 00 30 00", ti, sizeof(ti)));
	assert_int_equal(mmc_get_be32(&ti[8]), 472); /* 320 + 2 run-out + 150 pregap */
	mmcemu_drive_close(e.drive);
	char plan[128];
	snprintf(plan, sizeof(plan), "%s/plan", dir);
	FILE *f = fopen(plan, "w");
	assert_non_null(f);
	fprintf(f, "on READ_CD nth 2 once do sense 3/11/05\n"
		   "on READ_CD nth 12 once do sense 3/11/05\n");
	fclose(f);
	expect(1, "discburn: read: track 2: reading LBA 592 failed: sense 3/11/05",
	       DISCBURN " --fault-plan plan read --drive emu::%s --track 2 --audio t2.wav", e.disc);
	assert_non_null(strstr(cli_out, ", after READ_CD ("));
	assert_false(exists("t2.wav"));
	/* One failed chunk whose sectors all read on their own: the rip
	 * goes on and the track comes back whole. */
	f = fopen(plan, "w");
	assert_non_null(f);
	fprintf(f, "on READ_CD nth 2 once do sense 3/11/05\n");
	fclose(f);
	expect(0, "track 2, 346 sectors",
	       DISCBURN " --fault-plan plan read --drive emu::%s --track 2 --audio t2.wav", e.disc);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e.dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_rip_track_2),
		cmocka_unit_test(test_read_error_names_lba_and_sense),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
