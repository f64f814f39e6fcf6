/* READ DISC STRUCTURE: DVD formats 00/01/04/0E/11/FF, BD 00/FF, and the
 * errors for formats, layers and media of another family. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_harness.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t buf[8192];

static struct emu_result rds(struct emu *e, uint8_t media_type, uint8_t layer, uint8_t format)
{
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "AD %02X 00 00 00 00 %02X %02X 20 00 00 00", media_type,
		 layer, format);
	return emu_cmd(e, cdb, buf, sizeof(buf));
}

static void check_length(struct emu_result r)
{
	assert_good(r);
	assert_int_equal(r.len, be16(buf) + 2u);
}

/* Book type per medium, and the data area ending at the capacity. */
static void physical_format(void **state)
{
	(void)state;
	static const struct {
		const char *profile;
		uint8_t book;
		uint8_t layer_type;
	} t[] = {
		{"dvd+r", 0xA0, 0x02},
		{"dvd+rw", 0x90, 0x04},
		{"dvd-r", 0x20, 0x02},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct emu e;
		emu_open(&e, t[i].profile);
		struct emu_result r = rds(&e, 0, 0, 0x00);
		check_length(r);
		assert_int_equal(r.len, 4 + 2048);
		assert_int_equal(buf[4] & 0xF0, t[i].book);
		assert_int_equal(buf[6] & 0x60, 0); /* one layer */
		assert_int_equal(buf[6] & 0x0F, t[i].layer_type);
		assert_int_equal(be32(&buf[8]), 0x30000);
		assert_true(be32(&buf[12]) > 0x30000 + 2000000);
		emu_close(&e);
	}
}

static void dvd_plus_ids(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	struct emu_result r = rds(&e, 0, 0, 0x11);
	check_length(r);
	assert_int_equal(r.len, 4 + 256);
	/* Where dvd+rw-mediainfo prints "Media ID: %.8s/%.3s" from. */
	assert_memory_equal(&buf[23], "MCC", 4);
	assert_memory_equal(&buf[31], "004", 3);
	r = rds(&e, 0, 0, 0x0E); /* DVD-R only */
	assert_sense(r, 5, 0x24, 0x00);
	assert_int_equal(r.raw_sense[16] << 8 | r.raw_sense[17], 7);
	emu_close(&e);
}

static void dvd_dash_prerecorded(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd-r");
	struct emu_result r = rds(&e, 0, 0, 0x0E);
	check_length(r);
	assert_int_equal(buf[4 + 16], 3);
	assert_int_equal(buf[4 + 24], 4);
	assert_memory_equal(&buf[4 + 17], "TYG03", 5);
	assert_sense(rds(&e, 0, 0, 0x11), 5, 0x24, 0x00); /* ADIP: DVD+ only */
	emu_close(&e);
}

/* The list names exactly the formats that answer, with their lengths. */
static void structure_list(void **state)
{
	(void)state;
	static const char *const media[] = {"dvd+r", "dvd+rw", "dvd-r", "bd-r", "bd-re"};
	for (size_t m = 0; m < sizeof(media) / sizeof(media[0]); m++) {
		struct emu e;
		emu_open(&e, media[m]);
		uint8_t mt = media[m][0] == 'b';
		struct emu_result r = rds(&e, mt, 0, 0xFF);
		check_length(r);
		uint8_t list[256];
		size_t n = r.len - 4;
		memcpy(list, buf + 4, n);
		for (size_t i = 0; i < n; i += 4) {
			assert_int_equal(list[i + 1] & 0x40, 0x40); /* RDS */
			r = rds(&e, mt, 0, list[i]);
			check_length(r);
			assert_int_equal(be16(buf), be16(&list[i + 2]));
		}
		emu_close(&e);
	}
}

static void bd_disc_information(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "bd-r");
	struct emu_result r = rds(&e, 1, 0, 0x00);
	check_length(r);
	assert_memory_equal(&buf[4], "DI", 2);
	assert_memory_equal(&buf[4 + 8], "BDO", 3);
	assert_memory_equal(&buf[4 + 100], "VERBAT", 6);
	assert_memory_equal(&buf[4 + 106], "IMe", 3);
	emu_close(&e);
	emu_open(&e, "bd-re");
	check_length(rds(&e, 1, 0, 0x00));
	assert_memory_equal(&buf[4 + 8], "BDW", 3);
	emu_close(&e);
}

/* Errors per medium: rows of (profile, media type, layer, format). */
static void errors(void **state)
{
	(void)state;
	static const struct {
		const char *profile;
		uint8_t mt, layer, format;
		uint8_t key, asc, ascq;
		int byte; /* field pointer, -1: none */
	} t[] = {
		{"cd-r", 0, 0, 0x00, 5, 0x30, 0x02, -1}, /* DVD structure on CD */
		{"cd-r", 1, 0, 0x00, 5, 0x30, 0x02, -1},
		{"cd-r", 0, 0, 0xFF, 5, 0x30, 0x02, -1},
		{"dvd+r", 1, 0, 0x00, 5, 0x30, 0x02, -1}, /* BD structure on DVD */
		{"bd-r", 0, 0, 0x00, 5, 0x30, 0x02, -1},
		{"dvd+r", 2, 0, 0x00, 5, 0x24, 0x00, 1}, /* reserved media type */
		{"dvd+r", 0, 1, 0x00, 5, 0x24, 0x00, 6}, /* no layer 1 */
		{"dvd+r", 0, 0, 0x03, 5, 0x24, 0x00, 7}, /* BCA: absent */
		{"bd-r", 1, 0, 0x11, 5, 0x24, 0x00, 7},
		{NULL, 0, 0, 0x00, 2, 0x3A, 0x01, -1}, /* no medium */
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct emu e;
		emu_open(&e, t[i].profile);
		struct emu_result r = rds(&e, t[i].mt, t[i].layer, t[i].format);
		assert_sense(r, t[i].key, t[i].asc, t[i].ascq);
		if (t[i].byte >= 0)
			assert_int_equal(r.raw_sense[16] << 8 | r.raw_sense[17], t[i].byte);
		emu_close(&e);
	}
}

static void allocation_length(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	/* dvd+rw-mediainfo reads the 4-byte header first. */
	struct emu_result r = emu_cmd(&e, "AD 00 00 00 00 00 00 00 00 04 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 4);
	assert_int_equal(be16(buf), 2050);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(physical_format),
		cmocka_unit_test(dvd_plus_ids),
		cmocka_unit_test(dvd_dash_prerecorded),
		cmocka_unit_test(structure_list),
		cmocka_unit_test(bd_disc_information),
		cmocka_unit_test(errors),
		cmocka_unit_test(allocation_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
