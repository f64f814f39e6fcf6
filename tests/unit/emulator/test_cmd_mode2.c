/* Mode 2 CD tracks written Track At Once (issue 15): data block types 9
 * (formless, 2336), 10 (XA form 1, 2048), 11 (form 1 + subheader, 2056),
 * 12 (form 2, 2324) and 13 (form 1/2 + subheader, 2332) of mode page 05h
 * (MMC-6 Table 662), kept as 2336-byte sectors (subheader + user data),
 * read back through disc_store_read_sector(); READ(10) returns XA form 1
 * user data and refuses form 2 and formless sectors (05/64/00). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive.h"
#include "emu_harness.h"
#include "test_media_util.h"

#define M2 2336

static struct emu_result select_type(struct emu *e, uint8_t track_mode, uint8_t block_type,
				     const uint8_t subheader[4])
{
	uint8_t list[8 + 0x34] = {0};
	uint8_t *p = list + 8;
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = 0x41; /* BUFE, TAO */
	p[3] = (uint8_t)(3 << 6 | track_mode);
	p[4] = block_type;
	p[8] = 0x20; /* CD-ROM XA session */
	mmc_put_be16(&p[14], 150);
	if (subheader)
		memcpy(&p[48], subheader, 4);
	return emu_cmd_data(e, "55 10 00 00 00 00 00 00 3C 00", list, sizeof(list), NULL, 0);
}

static size_t type_size(uint8_t type)
{
	switch (type) {
	case 9: return 2336;
	case 10: return 2048;
	case 11: return 2056;
	case 12: return 2324;
	default: return 2332;
	}
}

/* Host block `lba` of that type: a subheader (types 11, 13) whose submode
 * says form 2 on odd LBAs for type 13, then patterned user bytes. */
static void fill_block(uint8_t *b, uint8_t type, int32_t lba)
{
	size_t n = type_size(type), off = 0;
	if (type == 11 || type == 13) {
		uint8_t sub[4] = {1, 2, (uint8_t)(0x08 | (type == 13 && (lba & 1) ? 0x20 : 0)), 0};
		memcpy(b, sub, 4);
		memcpy(b + 4, sub, 4);
		off = 8;
	}
	for (size_t j = off; j < n; j++)
		b[j] = (uint8_t)(j * 5 + lba * 11 + type);
}

static struct emu_result write_blocks(struct emu *e, uint8_t type, int32_t lba, uint16_t n,
				      size_t len)
{
	static uint8_t buf[32 * M2];
	size_t sz = type_size(type);
	assert_true((size_t)n * sz <= sizeof(buf));
	for (uint16_t i = 0; i < n; i++)
		fill_block(buf + (size_t)i * sz, type, lba + i);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 %02X %02X 00",
		 (uint8_t)((uint32_t)lba >> 24), (uint8_t)((uint32_t)lba >> 16),
		 (uint8_t)((uint32_t)lba >> 8), (uint8_t)lba, n >> 8, n & 0xFF);
	return emu_cmd_data(e, cdb, buf, len, NULL, 0);
}

static void write_track(struct emu *e, uint8_t type, int32_t lba, uint32_t n)
{
	while (n) {
		uint16_t k = n < 32 ? (uint16_t)n : 32;
		assert_good(write_blocks(e, type, lba, k, (size_t)k * type_size(type)));
		lba += k;
		n -= k;
	}
}

static int32_t nwa(struct emu *e)
{
	uint8_t ti[36];
	assert_good(emu_cmd(e, "52 01 00 00 00 FF 00 00 24 00", ti, sizeof(ti)));
	return (int32_t)mmc_get_be32(&ti[12]);
}

/* The 2336 bytes the disc should keep for host block lba of that type. */
static void expect_sector(uint8_t *want, uint8_t type, int32_t lba, const uint8_t sub[4])
{
	uint8_t b[M2] = {0};
	fill_block(b, type, lba);
	memset(want, 0, M2);
	switch (type) {
	case 9:
		memcpy(want, b, M2);
		return;
	case 10:
	case 12:
		memcpy(want, sub, 4);
		want[2] = (uint8_t)(type == 12 ? want[2] | 0x20 : want[2] & ~0x20);
		memcpy(want + 4, want, 4);
		memcpy(want + 8, b, type_size(type));
		return;
	default:
		memcpy(want, b, type_size(type));
	}
}

static char read10_cdb[64];
static const char *read10(int32_t lba, unsigned n)
{
	snprintf(read10_cdb, sizeof(read10_cdb), "28 00 00 00 %02X %02X 00 00 %02X 00",
		 (unsigned)(lba >> 8) & 0xFF, (unsigned)lba & 0xFF, n);
	return read10_cdb;
}

/* Every mode 2 block type: a track of it, kept and read back exactly;
 * READ TRACK INFORMATION data mode 2; READ(10) as the form allows. */
static void each_block_type(void **state)
{
	(void)state;
	static const uint8_t sub[4] = {3, 4, 0x08, 0};
	for (uint8_t type = 9; type <= 13; type++) {
		struct emu e;
		emu_open(&e, "cd-r");
		assert_good(select_type(&e, 4, type, sub));
		write_track(&e, type, 0, 300);
		assert_good(emu_cmd(&e, "5B 00 01 00 00 FF 00 00 00 00", NULL, 0));
		const struct media_state *m = &e.drive->media;
		for (int32_t lba = 0; lba < 300; lba += 7) {
			uint8_t got[2352], want[M2];
			size_t len = 0;
			assert_int_equal(media_sector_kind(m, lba), SECTOR_MODE2);
			assert_int_equal(disc_store_read_sector(&e.drive->store, m, lba, got, &len), 0);
			assert_int_equal(len, M2);
			expect_sector(want, type, lba, sub);
			assert_memory_equal(got, want, M2);
		}
		uint8_t ti[36];
		assert_good(emu_cmd(&e, "52 01 00 00 00 01 00 00 24 00", ti, sizeof(ti)));
		assert_int_equal(ti[5] & 0x0F, 4);
		assert_int_equal(ti[6] & 0x0F, 2);
		uint8_t buf[2 * 2048];
		if (type == 9 || type == 12) {
			assert_sense(emu_cmd(&e, read10(0, 1), buf, sizeof(buf)), 5, 0x64, 0x00);
		} else {
			/* LBA 10 is form 1 for every type (13: even LBAs). */
			assert_good(emu_cmd(&e, read10(10, 1), buf, sizeof(buf)));
			uint8_t want[M2];
			expect_sector(want, type, 10, sub);
			assert_memory_equal(buf, want + 8, 2048);
			if (type == 13) /* LBA 11 is form 2 */
				assert_sense(emu_cmd(&e, read10(10, 2), buf, sizeof(buf)), 5, 0x64, 0x00);
			else
				assert_good(emu_cmd(&e, read10(10, 2), buf, sizeof(buf)));
		}
		emu_close(&e);
	}
}

/* Forms may mix in an XA track (10 then 12); formless and mode 1 may not
 * join it; the block type must be of a data Track Mode; short data. */
static void mode2_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_type(&e, 0, 13, NULL)); /* audio Track Mode */
	assert_sense(write_blocks(&e, 13, 0, 1, 2332), 5, 0x64, 0x00);
	assert_good(select_type(&e, 4, 13, NULL));
	struct emu_result r = write_blocks(&e, 13, 0, 2, 2332);
	assert_sense(r, 5, 0x24, 0x00);
	check_field_pointer("short", &r, 1, 7, -1);
	assert_good(select_type(&e, 4, 10, NULL));
	write_track(&e, 10, 0, 4);
	assert_good(select_type(&e, 4, 12, NULL));
	write_track(&e, 12, 4, 4); /* mixed forms: fine */
	assert_good(select_type(&e, 4, 9, NULL));
	assert_sense(write_blocks(&e, 9, 8, 1, M2), 5, 0x64, 0x00);
	assert_good(select_type(&e, 4, 8, NULL));
	assert_sense(write_blocks(&e, 8, 8, 1, 2048), 5, 0x64, 0x00);
	assert_int_equal(nwa(&e), 8);
	/* READ(10) across form 1 into form 2: refused at the form 2 block. */
	uint8_t buf[8 * 2048];
	assert_good(emu_cmd(&e, read10(0, 4), buf, sizeof(buf)));
	assert_sense(emu_cmd(&e, read10(2, 4), buf, sizeof(buf)), 5, 0x64, 0x00);
	/* Closed; a mode 1 track next, and XA blocks into it. */
	assert_good(select_type(&e, 4, 10, NULL));
	write_track(&e, 10, 8, 292);
	assert_good(emu_cmd(&e, "5B 00 01 00 00 FF 00 00 00 00", NULL, 0));
	int32_t s2 = nwa(&e);
	assert_int_equal(s2, 452);
	assert_good(select_type(&e, 4, 8, NULL));
	assert_good(write_blocks(&e, 8, s2, 1, 2048));
	assert_good(select_type(&e, 4, 11, NULL));
	assert_sense(write_blocks(&e, 11, s2 + 1, 1, 2056), 5, 0x64, 0x00);
	emu_close(&e);
}

/* A mode 2 track survives a reload: xa and data mode in the metadata,
 * the 2336-byte sectors in the 2352-byte slots. */
static void mode2_survives_reload(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_good(select_type(&e, 4, 13, NULL));
	write_track(&e, 13, 0, 40);
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	mmcemu_drive_close(e.drive);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .profile = "cd-r",
					  .disc_path = e.disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256] = "";
	assert_int_equal(mmcemu_drive_open(&cfg, &e.drive, err, sizeof(err)), 0);
	const struct media_track *t = &e.drive->media.tracks[0];
	assert_true(t->xa);
	assert_int_equal(t->data_mode, 2);
	for (int32_t lba = 0; lba < 40; lba++) {
		uint8_t got[2352], want[M2];
		size_t len;
		assert_int_equal(disc_store_read_sector(&e.drive->store, &e.drive->media, lba, got,
							&len), 0);
		assert_int_equal(len, M2);
		expect_sector(want, 13, lba, NULL);
		assert_memory_equal(got, want, M2);
	}
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_block_type),
		cmocka_unit_test(mode2_errors),
		cmocka_unit_test(mode2_survives_reload),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
