/* Media catalogue number and ISRC (issue 15): mode page 05h MCVAL/MCN and
 * TCVAL/ISRC (MMC-6 7.5.4) recorded by a TAO audio burn, the MCN on the
 * disc and the ISRC on the audio track written with it; READ SUB-CHANNEL
 * formats 02h/03h (MMC-6 6.29) answer them, also after the disc file is
 * reopened; bad characters are refused by MODE SELECT; discs of older
 * metadata versions open with none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drive.h"
#include "emu_harness.h"
#include "mmc/be.h"

#define RAW 2352

/* MODE SELECT(10) of a full page 05h: TAO, Track Mode, Data Block Type,
 * and the MCN / ISRC (NULL: MCVAL / TCVAL clear). */
static struct emu_result select_codes(struct emu *e, uint8_t track_mode, uint8_t block_type,
				      const char *mcn, const char *isrc)
{
	uint8_t list[8 + 0x38] = {0};
	uint8_t *p = list + 8;
	p[0] = 0x05;
	p[1] = 0x36;
	p[2] = 0x40 | 1; /* BUFE, TAO */
	p[3] = (uint8_t)(3 << 6 | track_mode);
	p[4] = block_type;
	mmc_put_be16(&p[14], 150);
	if (mcn) {
		p[16] = 0x80;
		memcpy(&p[17], mcn, 13);
	}
	if (isrc) {
		p[32] = 0x80;
		memcpy(&p[33], isrc, 12);
	}
	return emu_cmd_data(e, "55 10 00 00 00 00 00 00 40 00", list, sizeof(list), NULL, 0);
}

static void write_blocks(struct emu *e, int32_t lba, uint16_t n, size_t block)
{
	static uint8_t buf[16 * RAW];
	assert_true(n * block <= sizeof(buf));
	memset(buf, 0x5A, sizeof(buf));
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 %02X %02X 00",
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, n >> 8, n & 0xFF);
	assert_good(emu_cmd_data(e, cdb, buf, n * block, NULL, 0));
}

static int32_t nwa(struct emu *e)
{
	uint8_t ti[36];
	assert_good(emu_cmd(e, "52 01 00 00 00 FF 00 00 24 00", ti, sizeof(ti)));
	assert_true(ti[7] & 1); /* NWA_V */
	return (int32_t)mmc_get_be32(&ti[12]);
}

static void close_track(struct emu *e)
{
	assert_good(emu_cmd(e, "5B 00 01 00 00 FF 00 00 00 00", NULL, 0));
}

/* READ SUB-CHANNEL 02h: the MCN, or "" when MCVal is clear. */
static void read_mcn(struct emu *e, char out[14])
{
	uint8_t b[24];
	memset(b, 0xEE, sizeof(b));
	struct emu_result r = emu_cmd(e, "42 00 40 02 00 00 00 00 18 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 24);
	assert_int_equal(b[4], 0x02);
	memset(out, 0, 14);
	if (b[8] & 0x80)
		memcpy(out, b + 9, 13);
	else
		for (int i = 9; i < 22; i++)
			assert_int_equal(b[i], 0);
}

/* READ SUB-CHANNEL 03h of track n: its ISRC, or "" when TCVal is clear. */
static void read_isrc(struct emu *e, unsigned n, char out[13])
{
	uint8_t b[24];
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "42 00 40 03 00 00 %02X 00 18 00", n);
	memset(b, 0xEE, sizeof(b));
	struct emu_result r = emu_cmd(e, cdb, b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 24);
	assert_int_equal(b[4], 0x03);
	assert_int_equal(b[6], n);
	memset(out, 0, 13);
	if (b[8] & 0x80)
		memcpy(out, b + 9, 12);
	else
		for (int i = 9; i < 21; i++)
			assert_int_equal(b[i], 0);
}

static void reopen(struct emu *e)
{
	mmcemu_drive_close(e->drive);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .profile = "cd-r",
					  .disc_path = e->disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256] = "";
	if (mmcemu_drive_open(&cfg, &e->drive, err, sizeof(err)))
		fail_msg("%s", err);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
	mmcemu_execute(e->drive, &io);
}

/* Track 1 audio with an ISRC and the MCN, track 2 audio without TCVAL,
 * track 3 data with TCVAL (a data track carries none): READ SUB-CHANNEL
 * answers the same before and after the disc file is reopened. */
static void tao_burn_round_trip(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	char s[14];
	read_mcn(&e, s);
	assert_string_equal(s, "");
	assert_good(select_codes(&e, 0, 0, "0123456789012", "USRC17607839"));
	write_blocks(&e, nwa(&e), 4, RAW);
	/* The page says the next track's ISRC; track 1 keeps its own. */
	assert_good(select_codes(&e, 0, 0, "0123456789012", NULL));
	write_blocks(&e, nwa(&e), 4, RAW);
	close_track(&e);
	write_blocks(&e, nwa(&e), 4, RAW);
	close_track(&e);
	assert_good(select_codes(&e, 4, 8, NULL, "GBAYE0000001"));
	write_blocks(&e, nwa(&e), 4, 2048);
	close_track(&e);
	for (int pass = 0; pass < 2; pass++) {
		read_mcn(&e, s);
		assert_string_equal(s, "0123456789012");
		read_isrc(&e, 1, s);
		assert_string_equal(s, "USRC17607839");
		read_isrc(&e, 2, s);
		assert_string_equal(s, "");
		read_isrc(&e, 3, s);
		assert_string_equal(s, "");
		if (pass == 0) {
			assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
			char cmd[1024];
			snprintf(cmd, sizeof(cmd),
				 "grep -q '^version = 3$' %s && grep -q '^mcn = 0123456789012$' %s && "
				 "test $(grep -c '^isrc = ' %s) = 1 && grep -q '^isrc = USRC17607839$' %s",
				 e.disc, e.disc, e.disc, e.disc);
			assert_int_equal(system(cmd), 0);
			/* mmcemu show prints them (the drive lets go of the disc). */
			mmcemu_drive_close(e.drive);
			e.drive = NULL;
			snprintf(cmd, sizeof(cmd),
				 "out=$(%s/bin/mmcemu --profiles-dir %s show %s) && "
				 "echo \"$out\" | grep -q '^mcn: *0123456789012$' && "
				 "echo \"$out\" | grep -q '^    isrc USRC17607839$'",
				 DISCBURN_BUILD_DIR, DISCBURN_PROFILES_DIR, e.disc);
			assert_int_equal(system(cmd), 0);
			reopen(&e);
		}
	}
	emu_close(&e);
}

static void assert_param_pointer(const struct emu_result *r, int byte)
{
	assert_sense(*r, 5, 0x26, 0x00);
	assert_true(r->raw_sense[15] & 0x80); /* SKSV */
	assert_int_equal(r->raw_sense[15] & 0x40, 0); /* C/D: parameter list */
	assert_int_equal(r->raw_sense[16] << 8 | r->raw_sense[17], byte);
}

/* A bad MCN or ISRC character: 05/26/00, the field pointer at it (the
 * page starts at byte 8 of the MODE SELECT(10) list); the page is not
 * taken, so nothing is recorded. */
static void bad_characters_refused(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	struct emu_result r = select_codes(&e, 0, 0, "01234567890A2", NULL);
	assert_param_pointer(&r, 8 + 17 + 11);
	r = select_codes(&e, 0, 0, "012345678901\0", NULL);
	assert_param_pointer(&r, 8 + 17 + 12);
	r = select_codes(&e, 0, 0, NULL, "usRC17607839"); /* lower case */
	assert_param_pointer(&r, 8 + 33 + 0);
	r = select_codes(&e, 0, 0, NULL, "USRC1760783X"); /* serial: digits */
	assert_param_pointer(&r, 8 + 33 + 11);
	r = select_codes(&e, 0, 0, NULL, "USRC1A607839"); /* year: digits */
	assert_param_pointer(&r, 8 + 33 + 5);
	/* Good ones pass; MODE SENSE gives them back. */
	assert_good(select_codes(&e, 0, 0, "0000000000000", "ZZ9990000000"));
	uint8_t b[8 + 0x38];
	assert_good(emu_cmd(&e, "5A 00 05 00 00 00 00 00 40 00", b, sizeof(b)));
	assert_int_equal(b[8 + 16], 0x80);
	assert_memory_equal(b + 8 + 17, "0000000000000", 13);
	assert_int_equal(b[8 + 32], 0x80);
	assert_memory_equal(b + 8 + 33, "ZZ9990000000", 12);
	emu_close(&e);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int open_text(struct emu *e, const char *text, char *err, size_t errlen)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->dir, "/tmp/emu-mcn-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->disc, sizeof(e->disc), "%s/disc", e->dir);
	write_file(e->disc, text);
	char img[160];
	snprintf(img, sizeof(img), "%s/disc.img", e->dir);
	write_file(img, "");
	assert_int_equal(truncate(img, 4 * RAW), 0); /* the 4 sectors a track says it holds */
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .profile = "cd-r",
					  .disc_path = e->disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	int rc = mmcemu_drive_open(&cfg, &e->drive, err, errlen);
	if (rc)
		e->drive = NULL;
	if (!rc) {
		uint8_t tur[6] = {0};
		struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
		mmcemu_execute(e->drive, &io);
	}
	return rc;
}

#define V2_AUDIO_TRACK                                                                      \
	"sessions = 1\ntracks = 1\n\n[session 1]\nfirst_track = 1\nlast_track = 1\nstart = 0\n" \
	"closed = no\n\n[track 1]\nsession = 1\nstart = 0\nsize = 0\nwritten = 4\n"             \
	"state = invisible\ndamaged = no\ntrack_mode = 0\ndata_mode = 15\nxa = no\ntao = yes\n"

/* A version 2 disc (before MCN and ISRC) opens with none; it may not name
 * them; a version 3 file with a bad one is refused, naming the key. */
static void old_disc_has_none(void **state)
{
	(void)state;
	struct emu e;
	char err[256] = "", s[14];
	if (open_text(&e, "[disc]\nversion = 2\nprofile = cd-r\nimage_sector_size = 2352\n"
			  "status = appendable\n" V2_AUDIO_TRACK, err, sizeof(err)))
		fail_msg("%s", err);
	read_mcn(&e, s);
	assert_string_equal(s, "");
	read_isrc(&e, 1, s);
	assert_string_equal(s, "");
	emu_close(&e);
	assert_int_not_equal(open_text(&e, "[disc]\nversion = 2\nprofile = cd-r\n"
					   "mcn = 0123456789012\n", err, sizeof(err)), 0);
	assert_non_null(strstr(err, "mcn is a version 3 key"));
	emu_close(&e);
	assert_int_not_equal(open_text(&e, "[disc]\nversion = 3\nprofile = cd-r\nimage_sector_size = 2352\n"
					   "status = appendable\n" V2_AUDIO_TRACK "isrc = US-RC1760783\n",
				       err, sizeof(err)), 0);
	assert_non_null(strstr(err, "isrc: not an ISRC"));
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tao_burn_round_trip),
		cmocka_unit_test(bad_characters_refused),
		cmocka_unit_test(old_disc_has_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
