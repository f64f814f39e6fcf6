/* Audio CD tracks written Track At Once (issue 15): mode page 05h block
 * type 0 with an audio Track Mode, 2352-byte WRITEs, the TAO layout
 * (pregap, run-out, link, run-in: docs/emulator-media.md "The TAO
 * layout"), READ TOC / READ TRACK INFORMATION of audio tracks, READ(10)
 * of audio 05/64/00, the sectors read back through
 * disc_store_read_sector(), and discs of metadata version 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "drive.h"
#include "emu_harness.h"
#include "test_media_util.h"

#define RAW 2352

/* MODE SELECT(10) of page 05h: TAO (or another write type), the Track
 * Mode nibble and the Data Block Type. */
static struct emu_result select_format(struct emu *e, uint8_t write_type, uint8_t track_mode,
				       uint8_t block_type)
{
	uint8_t list[8 + 0x34] = {0};
	uint8_t *p = list + 8;
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = (uint8_t)(0x40 | write_type);
	p[3] = (uint8_t)(3 << 6 | track_mode);
	p[4] = block_type;
	mmc_put_be16(&p[14], 150);
	return emu_cmd_data(e, "55 10 00 00 00 00 00 00 3C 00", list, sizeof(list), NULL, 0);
}

/* Sample bytes of audio sector lba: no two sectors alike. */
static void fill_audio(uint8_t *buf, int32_t lba, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		for (int j = 0; j < RAW; j++)
			buf[(size_t)i * RAW + j] = (uint8_t)(j * 7 + (lba + (int32_t)i) * 13 + (j >> 8));
}

static struct emu_result write_raw(struct emu *e, int32_t lba, uint16_t n, size_t block,
				   size_t len)
{
	static uint8_t buf[64 * RAW];
	assert_true((size_t)n * block <= sizeof(buf) && len <= sizeof(buf));
	if (block == RAW)
		fill_audio(buf, lba, n);
	else
		fill_sectors(buf, lba, n, 5);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 %02X %02X 00",
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, n >> 8, n & 0xFF);
	return emu_cmd_data(e, cdb, buf, len, NULL, 0);
}

/* Writes n audio sectors from lba in WRITEs of up to 27 blocks (wodim's
 * 63 KiB). */
static void write_audio(struct emu *e, int32_t lba, uint32_t n)
{
	while (n) {
		uint16_t k = n < 27 ? (uint16_t)n : 27;
		assert_good(write_raw(e, lba, k, RAW, (size_t)k * RAW));
		lba += k;
		n -= k;
	}
}

static void write_data(struct emu *e, int32_t lba, uint32_t n)
{
	while (n) {
		uint16_t k = n < 32 ? (uint16_t)n : 32;
		assert_good(write_raw(e, lba, k, 2048, (size_t)k * 2048));
		lba += k;
		n -= k;
	}
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

/* READ TOC needs a closed session on CD (docs/emulator-media.md). */
static void close_session(struct emu *e)
{
	assert_good(emu_cmd(e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
}

static void check_audio_back(struct emu *e, int32_t lba, uint32_t n)
{
	uint8_t got[RAW], want[RAW];
	for (uint32_t i = 0; i < n; i++) {
		size_t len = 0;
		assert_int_equal(media_sector_kind(&e->drive->media, lba + (int32_t)i), SECTOR_AUDIO);
		assert_int_equal(disc_store_read_sector(&e->drive->store, &e->drive->media,
							lba + (int32_t)i, got, &len), 0);
		assert_int_equal(len, RAW);
		fill_audio(want, lba + (int32_t)i, 1);
		assert_memory_equal(got, want, RAW);
	}
}

/* Three audio tracks, TAO: each starts 300 + 2 + 150 blocks after the
 * one before; sectors read back exactly; TOC control 0; track info
 * track mode 0 / data mode Fh. */
static void audio_tao_three_tracks(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_format(&e, 1, 0, 0));
	const uint32_t len[3] = {400, 120, 300}; /* 120: padded to 300 */
	int32_t start[3];
	for (int i = 0; i < 3; i++) {
		start[i] = nwa(&e);
		write_audio(&e, start[i], len[i]);
		close_track(&e);
	}
	assert_int_equal(start[0], 0);
	assert_int_equal(start[1], 400 + 2 + 150);
	assert_int_equal(start[2], start[1] + 300 + 2 + 150);
	for (int i = 0; i < 3; i++)
		check_audio_back(&e, start[i], len[i]);

	/* READ(10) of audio: 05/64/00 (MMC-6 6.15; FreeBSD cd(4) logs). */
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "28 00 00 00 %02X %02X 00 00 01 00", start[1] >> 8,
		 start[1] & 0xFF);
	uint8_t buf[2048];
	assert_sense(emu_cmd(&e, cdb, buf, sizeof(buf)), 5, 0x64, 0x00);
	assert_sense(emu_cmd(&e, "28 00 00 00 00 00 00 00 01 00", buf, sizeof(buf)), 5, 0x64, 0x00);

	/* Padding, run-out, link and run-in of audio read as silence. */
	const struct media_state *m = &e.drive->media;
	uint8_t got[RAW];
	size_t n;
	int32_t pad = start[1] + 120, runout = start[1] + 300;
	assert_int_equal(media_sector_kind(m, pad), SECTOR_AUDIO);
	assert_int_equal(media_sector_kind(m, runout), SECTOR_AUDIO);
	assert_int_equal(media_sector_kind(m, runout + 1), SECTOR_AUDIO);
	assert_int_equal(media_sector_kind(m, runout + 2), SECTOR_PREGAP); /* link */
	assert_int_equal(media_sector_kind(m, start[2] - 1), SECTOR_PREGAP);
	assert_int_equal(media_sector_kind(m, -150), SECTOR_PREGAP);
	assert_int_equal(media_sector_kind(m, -151), SECTOR_BLANK);
	/* The Q sub-channel's track and index of each place. */
	unsigned idx;
	assert_ptr_equal(media_sector_track(m, -150, &idx), &m->tracks[0]);
	assert_int_equal(idx, 0);
	assert_ptr_equal(media_sector_track(m, runout + 1, &idx), &m->tracks[1]);
	assert_int_equal(idx, 1);
	assert_ptr_equal(media_sector_track(m, runout + 2, &idx), &m->tracks[2]);
	assert_int_equal(idx, 0);
	assert_ptr_equal(media_sector_track(m, start[2], &idx), &m->tracks[2]);
	assert_int_equal(idx, 1);
	assert_null(media_sector_track(m, -151, &idx));
	/* Track 4 is not started: the drive has recorded no pregap for it. */
	assert_int_equal(media_sector_kind(m, start[2] + 302), SECTOR_BLANK);
	for (int32_t lba = pad; lba < start[2]; lba += 37) {
		assert_int_equal(disc_store_read_sector(&e.drive->store, m, lba, got, &n), 0);
		assert_int_equal(n, RAW);
		static const uint8_t zero[RAW];
		assert_memory_equal(got, zero, RAW);
	}

	/* READ TOC format 0: control 0 (audio), ADR 1, for every track. */
	close_session(&e);
	uint8_t toc[4 + 8 * 5];
	assert_good(emu_cmd(&e, "43 00 00 00 00 00 00 00 FF 00", toc, sizeof(toc)));
	for (int i = 0; i < 3; i++) {
		const uint8_t *d = toc + 4 + 8 * i;
		assert_int_equal(d[1], 0x10);
		assert_int_equal(d[2], i + 1);
		assert_int_equal((int32_t)mmc_get_be32(&d[4]), start[i]);
	}
	/* READ TRACK INFORMATION: Track Mode 0, Data Mode Fh. */
	uint8_t ti[36];
	assert_good(emu_cmd(&e, "52 01 00 00 00 02 00 00 24 00", ti, sizeof(ti)));
	assert_int_equal(ti[5] & 0x0F, 0);
	assert_int_equal(ti[6] & 0x0F, 0x0F);
	assert_int_equal(mmc_get_be32(&ti[24]), 302); /* track size: 300 + run-out */
	emu_close(&e);
}

/* The control nibble is recorded as sent: pre-emphasis (1), copy
 * permitted (2), four channels (8). */
static void audio_control_nibble(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_format(&e, 1, 0x03, 0));
	write_audio(&e, 0, 300);
	close_track(&e);
	assert_good(select_format(&e, 1, 0x08, 0));
	write_audio(&e, nwa(&e), 300);
	close_track(&e);
	close_session(&e);
	uint8_t toc[4 + 8 * 3];
	assert_good(emu_cmd(&e, "43 00 00 00 00 00 00 00 1C 00", toc, sizeof(toc)));
	assert_int_equal(toc[4 + 1], 0x13);
	assert_int_equal(toc[12 + 1], 0x18);
	emu_close(&e);
}

/* An audio track, then a data track: the data track's link and run-in
 * (the first 5 pregap blocks) and its run-out are unreadable (05/64/00
 * for READ(10)); its other 145 pregap blocks are pregap. */
static void audio_then_data(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_format(&e, 1, 0, 0));
	write_audio(&e, 0, 300);
	close_track(&e);
	assert_good(select_format(&e, 1, 4, 8));
	int32_t s2 = nwa(&e);
	assert_int_equal(s2, 452);
	write_data(&e, s2, 300);
	close_track(&e);
	const struct media_state *m = &e.drive->media;
	for (int32_t l = s2 - 150; l < s2 - 145; l++)
		assert_int_equal(media_sector_kind(m, l), SECTOR_UNREADABLE);
	assert_int_equal(media_sector_kind(m, s2 - 145), SECTOR_PREGAP);
	assert_int_equal(media_sector_kind(m, s2), SECTOR_MODE1);
	assert_int_equal(media_sector_kind(m, s2 + 299), SECTOR_MODE1);
	assert_int_equal(media_sector_kind(m, s2 + 300), SECTOR_UNREADABLE);
	assert_int_equal(media_sector_kind(m, s2 + 301), SECTOR_UNREADABLE);
	assert_good(read10_check(&e, s2, 300, 5));
	/* READ(10) of the run-out, and of a range running into it, and of
	 * the link / run-in: 05/64/00 (Linux sr's "TAO read-ahead" sense);
	 * the pregap proper is no track's: 05/21/00. */
	assert_sense(read10_check(&e, s2 + 298, 3, 5), 5, 0x64, 0x00);
	assert_sense(read10_check(&e, s2 + 301, 1, 5), 5, 0x64, 0x00);
	assert_sense(read10_check(&e, s2 - 150, 1, 5), 5, 0x64, 0x00);
	assert_sense(read10_check(&e, s2 - 146, 1, 5), 5, 0x64, 0x00);
	assert_sense(read10_check(&e, s2 - 145, 1, 5), 5, 0x21, 0x00);
	uint8_t got[RAW];
	size_t n;
	assert_int_equal(disc_store_read_sector(&e.drive->store, m, s2 + 7, got, &n), 0);
	assert_int_equal(n, 2048);
	uint8_t want[2048];
	fill_sectors(want, s2 + 7, 1, 5);
	assert_memory_equal(got, want, 2048);
	/* TOC: track 1 control 0, track 2 control 4. */
	close_session(&e);
	uint8_t toc[4 + 8 * 3];
	assert_good(emu_cmd(&e, "43 00 00 00 00 00 00 00 1C 00", toc, sizeof(toc)));
	assert_int_equal(toc[4 + 1], 0x10);
	assert_int_equal(toc[12 + 1], 0x14);
	emu_close(&e);
}

/* Bad writes: a transfer not of the block type's size; a block type the
 * Track Mode does not allow; audio into a data track and the other way. */
static void audio_write_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_format(&e, 1, 0, 0));
	/* 2048-byte blocks while the page says 2352: short of the transfer
	 * length (05/24/00 on CDB byte 7). */
	struct emu_result r = write_raw(&e, 0, 4, 2048, 4 * 2048);
	assert_sense(r, 5, 0x24, 0x00);
	check_field_pointer("short", &r, 1, 7, -1);
	r = write_raw(&e, 0, 4, RAW, 4 * RAW - 1);
	assert_sense(r, 5, 0x24, 0x00);
	/* Block type 0 with a data Track Mode, block type 8 with audio. */
	assert_good(select_format(&e, 1, 4, 0));
	assert_sense(write_raw(&e, 0, 1, RAW, RAW), 5, 0x64, 0x00);
	assert_good(select_format(&e, 1, 0, 8));
	assert_sense(write_raw(&e, 0, 1, 2048, 2048), 5, 0x64, 0x00);
	/* Nothing was recorded by the refused writes. */
	assert_int_equal(nwa(&e), 0);
	/* Audio track started: data blocks into it are the wrong mode. */
	assert_good(select_format(&e, 1, 0, 0));
	write_audio(&e, 0, 10);
	assert_good(select_format(&e, 1, 4, 8));
	assert_sense(write_raw(&e, 10, 1, 2048, 2048), 5, 0x64, 0x00);
	assert_good(select_format(&e, 1, 0, 0));
	write_audio(&e, 10, 290);
	close_track(&e);
	/* Data track started: audio into it is the wrong mode. */
	assert_good(select_format(&e, 1, 4, 8));
	int32_t s2 = nwa(&e);
	write_data(&e, s2, 4);
	assert_good(select_format(&e, 1, 0, 0));
	assert_sense(write_raw(&e, s2 + 4, 1, RAW, RAW), 5, 0x64, 0x00);
	/* Block type 0 is TAO only (packet writing is of data). */
	uint8_t list[8 + 0x34] = {0};
	list[8] = 0x05;
	list[9] = 0x32;
	list[10] = 0x43; /* raw */
	assert_sense(emu_cmd_data(&e, "55 10 00 00 00 00 00 00 3C 00", list, sizeof(list), NULL, 0),
		     5, 0x26, 0x00);
	emu_close(&e);
}

/* Saved and reopened: the image keeps 2352 bytes a sector, the metadata
 * says version 2 with the track's mode and TAO. */
static void audio_survives_reload(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_format(&e, 1, 0x02, 0));
	write_audio(&e, 0, 350);
	close_track(&e);
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	mmcemu_drive_close(e.drive);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
		 "grep -q '^version = 3$' %s && grep -q '^image_sector_size = 2352$' %s && "
		 "grep -q '^tao = yes$' %s && grep -q '^track_mode = 2$' %s && "
		 "grep -q '^data_mode = 15$' %s", e.disc, e.disc, e.disc, e.disc, e.disc);
	assert_int_equal(system(cmd), 0);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .profile = "cd-r",
					  .disc_path = e.disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256] = "";
	assert_int_equal(mmcemu_drive_open(&cfg, &e.drive, err, sizeof(err)), 0);
	check_audio_back(&e, 0, 350);
	emu_close(&e);
}

/* The 11-byte full TOC descriptor of (session, point), or NULL. */
static const uint8_t *raw_point(const uint8_t *toc, size_t len, uint8_t session, uint8_t point)
{
	for (size_t i = 4; i + 11 <= len; i += 11)
		if (toc[i] == session && toc[i + 3] == point)
			return toc + i;
	return NULL;
}

static int32_t msf_lba(const uint8_t *msf)
{
	return (msf[0] * 60 + msf[1]) * 75 + msf[2] - 150;
}

/* An Enhanced CD (CD Extra): an audio session of two tracks, then a CD-ROM
 * XA data session. READ TOC format 0 gives each track's control (audio
 * 10h, data 14h), format 1 the data session's first track, format 2 per
 * session A0h (first track, disc type 00h / 20h), A1h, A2h with the
 * controls of the tracks they name. */
static void enhanced_cd_toc(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_format(&e, 1, 0, 0));
	write_audio(&e, 0, 300);
	close_track(&e);
	int32_t t2 = nwa(&e);
	write_audio(&e, t2, 310);
	close_session(&e);
	int32_t leadout1 = t2 + 312;
	/* The data session: CD-ROM XA mode 2 form 1 (type 10), as the Blue
	 * Book has it. */
	assert_good(select_format(&e, 1, 4, 10));
	int32_t t3 = nwa(&e);
	assert_int_equal(t3, leadout1 + 11400);
	write_data(&e, t3, 300);
	close_session(&e);
	int32_t leadout2 = t3 + 302;

	uint8_t toc[1024];
	assert_good(emu_cmd(&e, "43 00 00 00 00 00 00 00 24 00", toc, 36));
	assert_int_equal(toc[2], 1);
	assert_int_equal(toc[3], 3);
	assert_int_equal(toc[4 + 1], 0x10);
	assert_int_equal(toc[12 + 1], 0x10);
	assert_int_equal(toc[20 + 1], 0x14);
	assert_int_equal((int32_t)mmc_get_be32(&toc[20 + 4]), t3);
	assert_int_equal(toc[28 + 1], 0x14); /* lead-out AAh: the last track's */
	assert_int_equal(toc[28 + 2], 0xAA);
	assert_int_equal((int32_t)mmc_get_be32(&toc[28 + 4]), leadout2);

	assert_good(emu_cmd(&e, "43 00 01 00 00 00 00 00 0C 00", toc, 12));
	assert_int_equal(toc[3], 2); /* last complete session */
	assert_int_equal(toc[4 + 1], 0x14);
	assert_int_equal(toc[4 + 2], 3);
	assert_int_equal((int32_t)mmc_get_be32(&toc[4 + 4]), t3);

	struct emu_result r = emu_cmd(&e, "43 00 02 00 00 00 00 04 00 00", toc, sizeof(toc));
	assert_good(r);
	size_t len = (size_t)mmc_get_be16(toc) + 2;
	assert_int_equal(toc[3], 2);
	const uint8_t *a0 = raw_point(toc, len, 1, 0xA0), *a1 = raw_point(toc, len, 1, 0xA1);
	const uint8_t *a2 = raw_point(toc, len, 1, 0xA2);
	assert_non_null(a0);
	assert_non_null(a1);
	assert_non_null(a2);
	assert_int_equal(a0[1], 0x10);
	assert_int_equal(a0[8], 1);
	assert_int_equal(a0[9], 0x00); /* CD-DA */
	assert_int_equal(a1[1], 0x10);
	assert_int_equal(a1[8], 2);
	assert_int_equal(a2[1], 0x10);
	assert_int_equal(msf_lba(a2 + 8), leadout1);
	assert_int_equal(raw_point(toc, len, 1, 2)[1], 0x10);
	assert_int_equal(msf_lba(raw_point(toc, len, 1, 2) + 8), t2);
	a0 = raw_point(toc, len, 2, 0xA0), a1 = raw_point(toc, len, 2, 0xA1);
	a2 = raw_point(toc, len, 2, 0xA2);
	assert_non_null(a0);
	assert_int_equal(a0[1], 0x14);
	assert_int_equal(a0[8], 3);
	assert_int_equal(a0[9], 0x20); /* CD-ROM XA */
	assert_int_equal(a1[1], 0x14);
	assert_int_equal(a1[8], 3);
	assert_int_equal(a2[1], 0x14);
	assert_int_equal(msf_lba(a2 + 8), leadout2);
	assert_int_equal(raw_point(toc, len, 2, 3)[1], 0x14);
	assert_int_equal(msf_lba(raw_point(toc, len, 2, 3) + 8), t3);
	/* The disc stays appendable: session 2 has a B0h (ADR 5). */
	const uint8_t *b0 = raw_point(toc, len, 2, 0xB0);
	assert_non_null(b0);
	assert_int_equal(b0[1], 0x50);
	/* The XA form 1 data reads back through READ(10). */
	assert_good(read10_check(&e, t3, 32, 5));
	emu_close(&e);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A drive on a fresh cd-r with the fault plan text. */
static void open_with_plan(struct emu *e, const char *plan)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->dir, "/tmp/emu-plan-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->disc, sizeof(e->disc), "%s/disc", e->dir);
	char path[160];
	snprintf(path, sizeof(path), "%s/stall.plan", e->dir);
	write_file(path, plan);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .profile = "cd-r",
					  .disc_path = e->disc, .fault_plan = path,
					  .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256] = "";
	if (mmcemu_drive_open(&cfg, &e->drive, err, sizeof(err)))
		fail_msg("%s", err);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
	mmcemu_execute(e->drive, &io);
}

/* The same underruns from a fault plan (docs/fault-plans.md: a WRITE that
 * is 10 s late, longer than the buffer lasts at the default speed). */
static void audio_underrun_from_fault_plan(void **state)
{
	(void)state;
	for (int bufe = 0; bufe <= 1; bufe++) {
		struct emu e;
		open_with_plan(&e, "on WRITE nth 3 do delay 10s\n");
		assert_good(select_format(&e, 1, 0, 0));
		e.drive->wp.bufe = bufe;
		write_audio(&e, 0, 54); /* two WRITEs of 27 */
		struct emu_result r = write_raw(&e, 54, 27, RAW, 27 * RAW);
		if (bufe) {
			assert_good(r);
			write_audio(&e, 81, 300 - 81);
			assert_int_equal(e.drive->media.link_count, 1);
			close_track(&e);
			check_audio_back(&e, 0, 300);
		} else {
			assert_sense(r, 3, 0x0C, 0x09);
			assert_true(e.drive->media.tracks[0].damaged);
			assert_int_equal(e.drive->media.tracks[0].written, 54);
			check_audio_back(&e, 0, 54);
		}
		emu_close(&e);
	}
}

/* A buffer underrun in an audio burn (the host stalls 10 s, longer than
 * the buffer lasts). BURN-Free on: the drive links and the track goes on,
 * every sample where it belongs. BURN-Free off: 03/0C/09, the audio track
 * is damaged with what reached the disc, still audio, and CLOSE TRACK
 * closes it as a shorter audio track (docs/emulator-media.md
 * "Interrupted recording"). */
static void audio_underrun(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_format(&e, 1, 0, 0)); /* BUFE on */
	write_audio(&e, 0, 54);
	mmcemu_advance_clock(e.drive, 10ull * 1000 * 1000 * 1000);
	write_audio(&e, 54, 300 - 54);
	assert_int_equal(e.drive->media.link_count, 1);
	close_track(&e);
	check_audio_back(&e, 0, 300);

	/* BURN-Free off: track 2 is ruined at the stall. */
	assert_good(select_format(&e, 1, 0, 0));
	e.drive->wp.bufe = false;
	int32_t s2 = nwa(&e);
	write_audio(&e, s2, 54);
	mmcemu_advance_clock(e.drive, 10ull * 1000 * 1000 * 1000);
	assert_sense(write_raw(&e, s2 + 54, 27, RAW, 27 * RAW), 3, 0x0C, 0x09);
	const struct media_track *t = &e.drive->media.tracks[1];
	assert_true(t->damaged);
	assert_int_equal(t->written, 54);
	assert_int_equal(media_track_kind(t), SECTOR_AUDIO);
	uint8_t ti[36];
	assert_good(emu_cmd(&e, "52 01 00 00 00 02 00 00 24 00", ti, sizeof(ti)));
	assert_true(ti[5] & 0x20); /* Damage */
	assert_int_equal(ti[5] & 0x0F, 0);
	assert_int_equal(ti[6] & 0x0F, 0x0F);
	assert_false(ti[7] & 1); /* no NWA */
	check_audio_back(&e, s2, 54);
	/* Closing repairs it: an audio track of 300 (54 + silence) + run-out. */
	close_track(&e);
	assert_false(t->damaged);
	assert_int_equal(t->size, 302);
	check_audio_back(&e, s2, 54);
	assert_int_equal(nwa(&e), s2 + 302 + 150);
	emu_close(&e);
}


/* A disc saved by metadata version 1 (the format before issue 15: no
 * image_sector_size, 2048 bytes a sector): its data reads back, it is
 * saved as version 2 with its 2048-byte image, and it takes no audio. */
static void version1_disc_with_data(void **state)
{
	(void)state;
	char dir[] = "/tmp/emu-v1-XXXXXX", disc[64], img[80], err[256] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(disc, sizeof(disc), "%s/disc", dir);
	snprintf(img, sizeof(img), "%s/disc.img", dir);
	write_file(disc, "[disc]\nversion = 1\nprofile = cd-r\nstatus = appendable\n"
			 "sessions = 1\ntracks = 1\n\n[session 1]\nfirst_track = 1\n"
			 "last_track = 1\nstart = 0\nclosed = no\n\n[track 1]\nsession = 1\n"
			 "start = 0\nsize = 0\nwritten = 3\nstate = invisible\ndamaged = no\n"
			 "track_mode = 4\ndata_mode = 1\n");
	static uint8_t sectors[3 * 2048];
	fill_sectors(sectors, 0, 3, 9);
	int fd = open(img, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, sectors, sizeof(sectors)), (ssize_t)sizeof(sectors));
	close(fd);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .profile = "cd-r",
					  .disc_path = disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	struct emu e = {0};
	snprintf(e.dir, sizeof(e.dir), "%s", dir);
	snprintf(e.disc, sizeof(e.disc), "%s", disc);
	assert_int_equal(mmcemu_drive_open(&cfg, &e.drive, err, sizeof(err)), 0);
	assert_int_equal(e.drive->store.stride, 2048);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
	mmcemu_execute(e.drive, &io);
	assert_good(read10_check(&e, 0, 3, 9));
	uint8_t got[RAW];
	size_t n;
	assert_int_equal(disc_store_read_sector(&e.drive->store, &e.drive->media, 1, got, &n), 0);
	assert_int_equal(n, 2048);
	assert_memory_equal(got, sectors + 2048, 2048);
	/* More data goes on; audio cannot (no room in a 2048-byte slot). */
	assert_good(select_format(&e, 1, 4, 8));
	write_data(&e, 3, 2);
	assert_good(emu_cmd(&e, "5B 00 01 00 00 FF 00 00 00 00", NULL, 0));
	assert_good(select_format(&e, 1, 0, 0));
	assert_sense(write_raw(&e, nwa(&e), 1, RAW, RAW), 5, 0x64, 0x00);
	mmcemu_drive_close(e.drive);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "grep -q '^version = 3$' %s && grep -q '^image_sector_size = 2048$' %s",
		 disc, disc);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mmcemu_drive_open(&cfg, &e.drive, err, sizeof(err)), 0);
	assert_int_equal(e.drive->store.stride, 2048);
	mmcemu_execute(e.drive, &io);
	assert_good(read10_check(&e, 0, 3, 9));
	emu_close(&e);
}

/* A blank version 1 CD (created by the old emulator, empty image) takes
 * the version 2 layout at once and records audio. */
static void version1_blank_disc(void **state)
{
	(void)state;
	char dir[] = "/tmp/emu-v1b-XXXXXX", disc[64], img[80], err[256] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(disc, sizeof(disc), "%s/disc", dir);
	snprintf(img, sizeof(img), "%s/disc.img", dir);
	write_file(disc, "[disc]\nversion = 1\nprofile = cd-r\n");
	write_file(img, "");
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .profile = "cd-r",
					  .disc_path = disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	struct emu e = {0};
	snprintf(e.dir, sizeof(e.dir), "%s", dir);
	snprintf(e.disc, sizeof(e.disc), "%s", disc);
	assert_int_equal(mmcemu_drive_open(&cfg, &e.drive, err, sizeof(err)), 0);
	assert_int_equal(e.drive->store.stride, RAW);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
	mmcemu_execute(e.drive, &io);
	assert_good(select_format(&e, 1, 0, 0));
	write_audio(&e, 0, 300);
	check_audio_back(&e, 0, 300);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(audio_tao_three_tracks),
		cmocka_unit_test(audio_control_nibble),
		cmocka_unit_test(audio_then_data),
		cmocka_unit_test(audio_write_errors),
		cmocka_unit_test(enhanced_cd_toc),
		cmocka_unit_test(audio_underrun),
		cmocka_unit_test(audio_underrun_from_fault_plan),
		cmocka_unit_test(audio_survives_reload),
		cmocka_unit_test(version1_disc_with_data),
		cmocka_unit_test(version1_blank_disc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
