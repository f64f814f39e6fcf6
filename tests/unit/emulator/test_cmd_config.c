/* GET CONFIGURATION: current profile, profile list, features and their
 * Current bits per medium, RT 00b/01b/10b. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_harness.h"
#include "test_media_util.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t conf[65536];

/* GET CONFIGURATION RT/SFN into conf; returns the bytes received. */
static size_t get_config(struct emu *e, unsigned rt, uint16_t sfn)
{
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "46 %02X %02X %02X 00 00 00 FF FF 00", rt, sfn >> 8,
		 sfn & 0xFF);
	struct emu_result r = emu_cmd(e, cdb, conf, sizeof(conf));
	assert_good(r);
	assert_int_equal(r.len, be32(conf) + 4);
	return r.len;
}

/* The descriptor of a feature in conf, or NULL. */
static const uint8_t *find_feature(size_t len, uint16_t code)
{
	for (size_t i = 8; i + 4 <= len; i += 4 + conf[i + 3])
		if (be16(&conf[i]) == code)
			return &conf[i];
	return NULL;
}

static int feature_current(struct emu *e, uint16_t code)
{
	size_t len = get_config(e, 0, 0);
	const uint8_t *f = find_feature(len, code);
	return f ? (f[2] & 1) : -1;
}

/* Issue 2: the current profile each medium reports. */
static void current_profile_per_medium(void **state)
{
	(void)state;
	static const struct {
		const char *profile;
		uint16_t number;
	} t[] = {
		{"cd-r", 0x0009}, {"cd-rw", 0x000A}, {"dvd-r", 0x0011},
		{"dvd+rw", 0x001A}, {"dvd+r", 0x001B}, {"bd-r", 0x0041},
		{"bd-re", 0x0043},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct emu e;
		emu_open(&e, t[i].profile);
		uint8_t buf[8];
		struct emu_result r = emu_cmd(&e, "46 00 00 00 00 00 00 00 08 00", buf, 8);
		assert_good(r);
		assert_int_equal(r.len, 8);
		assert_int_equal(be16(&buf[6]), t[i].number);
		emu_close(&e);
	}
}

static void profile_list(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	size_t len = get_config(&e, 2, 0x0000);
	const uint8_t *f = find_feature(len, 0x0000);
	assert_non_null(f);
	assert_int_equal(f[2], 0x03); /* persistent, current */
	unsigned n = f[3] / 4, current = 0;
	assert_true(n >= 7); /* one per profile number in media-profiles/ */
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *p = &f[4 + 4 * i];
		if (i)
			assert_true(be16(p) < be16(p - 4)); /* descending, no dups */
		if (p[2] & 1) {
			current++;
			assert_int_equal(be16(p), 0x001A);
		}
	}
	assert_int_equal(current, 1);
	emu_close(&e);
}

static void no_medium(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	size_t len = get_config(&e, 0, 0);
	assert_int_equal(be16(&conf[6]), 0);
	const uint8_t *f = find_feature(len, 0x0000);
	for (unsigned i = 0; i < f[3] / 4u; i++)
		assert_int_equal(f[4 + 4 * i + 2] & 1, 0);
	assert_int_equal(feature_current(&e, 0x0001), 1); /* core */
	assert_int_equal(feature_current(&e, 0x001E), 0); /* CD read */
	assert_int_equal(feature_current(&e, 0x0107), 0);
	emu_close(&e);
}

/* Which features each medium makes current (1), leaves not current (0). */
static void current_features(void **state)
{
	(void)state;
	static const struct {
		const char *profile;
		uint16_t code;
		int current;
	} t[] = {
		{"cd-r", 0x001D, 1}, {"cd-r", 0x001E, 1}, {"cd-r", 0x001F, 0},
		{"cd-r", 0x0021, 1}, {"cd-r", 0x002D, 1}, {"cd-r", 0x002E, 1},
		{"cd-r", 0x0010, 0}, /* blank: nothing to read */
		{"cd-r", 0x002B, 0}, {"cd-r", 0x0107, 1},
		{"cd-rw", 0x0021, 1}, {"cd-rw", 0x002D, 1},
		{"dvd-r", 0x001F, 1}, {"dvd-r", 0x002F, 1}, {"dvd-r", 0x0021, 1},
		{"dvd-r", 0x002D, 0},
		{"dvd+r", 0x002B, 1}, {"dvd+r", 0x0021, 0}, {"dvd+r", 0x002A, 0},
		{"dvd+rw", 0x002A, 1}, {"dvd+rw", 0x0020, 1}, {"dvd+rw", 0x0023, 1},
		{"dvd+rw", 0x0024, 0},
		{"bd-r", 0x0040, 1}, {"bd-r", 0x0041, 1}, {"bd-r", 0x0020, 0},
		{"bd-re", 0x0020, 1}, {"bd-re", 0x0023, 1}, {"bd-re", 0x0024, 1},
		{"bd-re", 0x0041, 1}, {"bd-re", 0x0107, 1}, {"bd-re", 0x001F, 0},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct emu e;
		emu_open(&e, t[i].profile);
		int c = feature_current(&e, t[i].code);
		if (c != t[i].current)
			fail_msg("%s feature %04X: current %d, expected %d", t[i].profile,
				 t[i].code, c, t[i].current);
		emu_close(&e);
	}
}

/* Random Writable (0020h) Last Logical Block Address is the last LBA
 * READ CAPACITY reports, whatever the format: a BD-RE formatted with
 * spares offers less than its raw capacity (MMC-6 5.3.9: the last user
 * addressable block). */
static uint32_t read_capacity_last(struct emu *e)
{
	uint8_t rc[8];
	assert_good(emu_cmd(e, "25 00 00 00 00 00 00 00 00 00", rc, sizeof(rc)));
	return be32(rc);
}

static uint32_t feature_last_lba(struct emu *e)
{
	size_t len = get_config(e, 2, 0x0020);
	const uint8_t *f = find_feature(len, 0x0020);
	assert_non_null(f);
	return be32(&f[4]);
}

static void format_and_wait(struct emu *e, uint8_t type, uint32_t blocks)
{
	uint8_t list[12] = {0, 0, 0, 8};
	list[4] = (uint8_t)(blocks >> 24);
	list[5] = (uint8_t)(blocks >> 16);
	list[6] = (uint8_t)(blocks >> 8);
	list[7] = (uint8_t)blocks;
	list[8] = (uint8_t)(type << 2);
	assert_good(emu_cmd_data(e, "04 11 00 00 00 00", list, sizeof(list), NULL, 0));
	wait_ready(e);
}

static void random_writable_last_lba(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "bd-re");
	assert_int_equal(feature_last_lba(&e), read_capacity_last(&e)); /* blank: none */
	format_and_wait(&e, 0x00, 0); /* default spares: 11,826,176 of 12,219,392 */
	assert_int_equal(read_capacity_last(&e), 11826176 - 1);
	assert_int_equal(feature_last_lba(&e), read_capacity_last(&e));
	format_and_wait(&e, 0x30, 12080128); /* smaller spares */
	assert_int_equal(feature_last_lba(&e), read_capacity_last(&e));
	format_and_wait(&e, 0x31, 0xFFFFFFFF); /* no spares: the whole disc */
	assert_int_equal(feature_last_lba(&e), 12219392 - 1);
	assert_int_equal(feature_last_lba(&e), read_capacity_last(&e));
	emu_close(&e);
	emu_open(&e, "dvd+rw");
	format_and_wait(&e, 0x26, 0);
	assert_int_equal(feature_last_lba(&e), read_capacity_last(&e));
	emu_close(&e);
}

/* libburn uses streaming WRITE(12) on BD-RE only when 0107h is current
 * with SW=1. */
static void real_time_streaming_bd_re(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "bd-re");
	size_t len = get_config(&e, 2, 0x0107);
	const uint8_t *f = find_feature(len, 0x0107);
	assert_non_null(f);
	assert_int_equal(f[2] & 1, 1);
	assert_int_equal(f[4] & 0x01, 0x01); /* SW */
	assert_int_equal(f[4] & 0x02, 0x02); /* WSPD */
	/* Random readable on a BD: blocking 32. */
	len = get_config(&e, 2, 0x0010);
	f = find_feature(len, 0x0010);
	assert_non_null(f);
	assert_int_equal(be32(&f[4]), 2048);
	assert_int_equal(be16(&f[8]), 32);
	emu_close(&e);
}

static void rt_modes(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	/* RT 00b from a starting feature: nothing below it. */
	size_t len = get_config(&e, 0, 0x0020);
	for (size_t i = 8; i < len; i += 4 + conf[i + 3])
		assert_true(be16(&conf[i]) >= 0x0020);
	/* RT 01b: current ones only. */
	len = get_config(&e, 1, 0);
	size_t all = 0;
	for (size_t i = 8; i < len; i += 4 + conf[i + 3], all++)
		assert_int_equal(conf[i + 2] & 1, 1);
	assert_null(find_feature(len, 0x001F)); /* DVD read: not current */
	assert_non_null(find_feature(len, 0x002D));
	/* RT 10b: exactly one, or just the header. */
	len = get_config(&e, 2, 0x002D);
	assert_int_equal(be16(&conf[8]), 0x002D);
	assert_int_equal(len, 8 + 4 + conf[11]);
	assert_int_equal(conf[10] >> 2, 2); /* version */
	/* Data types: 0 (audio), 8-13, as page 05h takes for TAO. */
	assert_int_equal(be16(&conf[14]), (1u << 0) | 0x3F00u);
	len = get_config(&e, 2, 0x0004); /* write protect: not offered */
	assert_int_equal(len, 8);
	len = get_config(&e, 2, 0x0108);
	assert_int_equal(conf[11] % 4, 0);
	/* RT 11b is reserved. */
	uint8_t buf[8];
	struct emu_result r = emu_cmd(&e, "46 03 00 00 00 00 00 00 08 00", buf, 8);
	assert_sense(r, 5, 0x24, 0x00);
	assert_int_equal(r.raw_sense[16] << 8 | r.raw_sense[17], 1);
	emu_close(&e);
}

/* The feature list is sorted, each descriptor is a multiple of 4, and
 * the allocation length cuts without changing the data length. */
static void layout(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "bd-re");
	size_t len = get_config(&e, 0, 0);
	uint16_t last = 0;
	for (size_t i = 8; i < len; i += 4 + conf[i + 3]) {
		if (i > 8)
			assert_true(be16(&conf[i]) > last);
		last = be16(&conf[i]);
		assert_int_equal(conf[i + 3] % 4, 0);
	}
	uint8_t buf[16];
	struct emu_result r = emu_cmd(&e, "46 00 00 00 00 00 00 00 10 00", buf, sizeof(buf));
	assert_int_equal(r.len, 16);
	assert_int_equal(be32(buf), len - 4);
	/* Unit attention does not block GET CONFIGURATION. */
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", NULL, 0));
	assert_good(emu_cmd(&e, "1B 00 00 00 03 00", NULL, 0));
	assert_good(emu_cmd(&e, "46 00 00 00 00 00 00 00 08 00", buf, 8));
	assert_int_equal(be16(&buf[6]), 0x0043);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(current_profile_per_medium),
		cmocka_unit_test(profile_list),
		cmocka_unit_test(no_medium),
		cmocka_unit_test(current_features),
		cmocka_unit_test(real_time_streaming_bd_re),
		cmocka_unit_test(random_writable_last_lba),
		cmocka_unit_test(rt_modes),
		cmocka_unit_test(layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
