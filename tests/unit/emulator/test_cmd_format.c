/* FORMAT UNIT (DVD+RW 26h, BD-RE 00h/30h/31h), READ FORMAT CAPACITIES and
 * BLANK (CD-RW full and minimal): good paths and every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive.h"
#include "emu_harness.h"
#include "test_media_util.h"

static uint8_t buf[512];

/* FORMAT UNIT, FmtData=1, format code 001b, with one descriptor. */
static struct emu_result format(struct emu *e, uint8_t type, uint32_t blocks, bool immed)
{
	uint8_t list[12] = {0, (uint8_t)(immed ? 0x02 : 0), 0, 8};
	mmc_put_be32(&list[4], blocks);
	list[8] = (uint8_t)(type << 2);
	return emu_cmd_data(e, "04 11 00 00 00 00", list, sizeof(list), NULL, 0);
}

static uint32_t current_capacity(struct emu *e, uint8_t *type)
{
	assert_good(emu_cmd(e, "23 00 00 00 00 00 00 00 FC 00", buf, sizeof(buf)));
	*type = buf[8] & 3;
	return mmc_get_be32(&buf[4]);
}

static void no_medium(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	static const struct cdb_case t[] = {
		{"23 00 00 00 00 00 00 00 FC 00", SENSE(2, 0x3A, 0x01)},
		{"04 11 00 00 00 00", SENSE(2, 0x3A, 0x01)},
		{"A1 00 00 00 00 00 00 00 00 00 00 00", SENSE(2, 0x3A, 0x01)},
	};
	RUN(&e, t);
	emu_close(&e);
}

static void dvd_plus_rw(void **state)
{
	(void)state;
	struct emu e;
	uint8_t type, di[34];
	emu_open(&e, "dvd+rw");
	struct emu_result r = emu_cmd(&e, "23 00 00 00 00 00 00 00 FC 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 4 + 8 + 8);
	assert_int_equal(buf[3], 16);
	assert_int_equal(mmc_get_be32(&buf[4]), 2295104);
	assert_int_equal(buf[8] & 3, 1); /* unformatted */
	assert_int_equal(mmc_get_be24(&buf[9]), 2048);
	assert_int_equal(mmc_get_be32(&buf[12]), 2295104);
	assert_int_equal(buf[16], 0x26 << 2);
	disc_info(&e, di);
	assert_int_equal(di[2] & 3, 0); /* blank */
	assert_int_equal(di[7] & 3, 0); /* no background format */
	/* FFFFFFFFh: "as much as the disc holds" (MMC-6 6.4.4.2.14). */
	assert_good(format(&e, 0x26, 0xFFFFFFFF, true));
	wait_ready(&e);
	assert_int_equal(current_capacity(&e, &type), 2295104);
	assert_int_equal(type, 2);
	disc_info(&e, di);
	assert_int_equal(di[2] & 3, 2);
	assert_int_equal(di[7] & 3, 2); /* in progress */
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[7] & 3, 1); /* stopped */
	assert_good(emu_cmd(&e, "5B 00 03 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[7] & 3, 3); /* complete */
	/* Re-format keeps what was written. */
	assert_good(write10(&e, 100, 16, 3));
	assert_good(format(&e, 0x26, 0xFFFFFFFF, false));
	assert_good(read10_check(&e, 100, 16, 3));
	struct mmcemu_stats st;
	mmcemu_get_stats(e.drive, &st);
	assert_int_equal(e.drive->media.format_count, 2);
	emu_close(&e);
}

static void format_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	struct emu_result r;
	static const uint8_t list[12] = {0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0x26 << 2};
	r = emu_cmd_data(&e, "04 01 00 00 00 00", list, sizeof(list), NULL, 0);
	check_case(&(struct cdb_case){"FmtData=0", BAD_FIELD(1, 4)}, &r);
	r = emu_cmd_data(&e, "04 12 00 00 00 00", list, sizeof(list), NULL, 0);
	check_case(&(struct cdb_case){"format code 2", BAD_FIELD(1, 2)}, &r);
	r = emu_cmd_data(&e, "04 11 00 00 00 00", list, 8, NULL, 0);
	check_case(&(struct cdb_case){"short list", SENSE(5, 0x1A, 0x00)}, &r);
	r = emu_cmd(&e, "04 11 00 00 00 00", NULL, 0);
	check_case(&(struct cdb_case){"no list", SENSE(5, 0x1A, 0x00)}, &r);
	uint8_t bad[12];
	memcpy(bad, list, sizeof(bad));
	bad[3] = 16;
	r = emu_cmd_data(&e, "04 11 00 00 00 00", bad, sizeof(bad), NULL, 0);
	check_case(&(struct cdb_case){"descriptor length", 5, 0x26, 0x00, 2, -1}, &r);
	r = format(&e, 0x00, 0, false); /* BD-RE type on DVD+RW */
	check_case(&(struct cdb_case){"wrong type", 5, 0x26, 0x00, 8, 7}, &r);
	r = format(&e, 0x31, 0, false);
	check_case(&(struct cdb_case){"wrong type", 5, 0x26, 0x00, 8, 7}, &r);
	e.drive->media.write_protected = true;
	assert_sense(format(&e, 0x26, 0xFFFFFFFF, false), 7, 0x27, 0x00);
	emu_close(&e);
	static const char *const sequential[] = {"cd-r", "cd-rw", "dvd+r", "dvd-r", "bd-r"};
	for (size_t i = 0; i < 5; i++) {
		emu_open(&e, sequential[i]);
		assert_sense(format(&e, 0x00, 0, false), 5, 0x30, 0x00);
		emu_close(&e);
	}
}

static void bd_re(void **state)
{
	(void)state;
	struct emu e;
	uint8_t type;
	emu_open(&e, "bd-re");
	struct emu_result r = emu_cmd(&e, "23 00 00 00 00 00 00 00 FC 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[3], 6 * 8);
	static const struct { uint8_t type; uint32_t blocks; } offers[] = {
		{0x00, 11826176}, {0x30, 11826176}, {0x30, 9991168}, {0x30, 12080128}, {0x31, 12219392},
	};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(mmc_get_be32(&buf[12 + 8 * i]), offers[i].blocks);
		assert_int_equal(buf[16 + 8 * i] >> 2, offers[i].type);
	}
	assert_sense(write10(&e, 0, 32, 1), 5, 0x30, 0x05); /* not formatted */
	assert_good(format(&e, 0x00, 0, true));
	wait_ready(&e);
	assert_int_equal(current_capacity(&e, &type), 11826176);
	assert_int_equal(type, 2);
	assert_good(write10(&e, 11826176 - 32, 32, 1));
	assert_sense(write10(&e, 11826176, 32, 1), 5, 0x21, 0x00);
	assert_good(format(&e, 0x30, 12080128, false));
	assert_int_equal(current_capacity(&e, &type), 12080128);
	assert_good(format(&e, 0x30, 10000000 / 32 * 32, false)); /* in the range */
	r = format(&e, 0x30, 12080129, false);
	check_case(&(struct cdb_case){"spare size", 5, 0x26, 0x00, 4, -1}, &r);
	r = format(&e, 0x30, 5000000, false);
	check_case(&(struct cdb_case){"spare size", 5, 0x26, 0x00, 4, -1}, &r);
	r = format(&e, 0x31, 1000, false);
	check_case(&(struct cdb_case){"no-spare size", 5, 0x26, 0x00, 4, -1}, &r);
	assert_good(format(&e, 0x31, 0xFFFFFFFF, false));
	assert_int_equal(current_capacity(&e, &type), 12219392);
	r = format(&e, 0x26, 0, false);
	check_case(&(struct cdb_case){"DVD+RW type on BD-RE", 5, 0x26, 0x00, 8, 7}, &r);
	emu_close(&e);
}

static void sequential_capacities(void **state)
{
	(void)state;
	struct emu e;
	uint8_t type;
	emu_open(&e, "cd-r");
	struct emu_result r = emu_cmd(&e, "23 00 00 00 00 00 00 00 FC 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 12); /* nothing to format */
	assert_int_equal(mmc_get_be32(&buf[4]), 359849);
	assert_int_equal(buf[8] & 3, 1);
	assert_good(write10(&e, 0, 10, 1));
	current_capacity(&e, &type);
	assert_int_equal(type, 2);
	emu_close(&e);
}

static void blank_cd_rw(void **state)
{
	(void)state;
	struct emu e;
	uint8_t di[34];
	emu_open(&e, "cd-rw");
	assert_good(write10(&e, 0, 400, 6));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	disc_info(&e, di);
	assert_int_equal(di[2], 0x1E); /* erasable, complete */
	static const struct cdb_case t[] = {
		{"A1 02 00 00 00 01 00 00 00 00 00 00", BAD_FIELD(1, 2)}, /* track */
		{"A1 05 00 00 00 00 00 00 00 00 00 00", BAD_FIELD(1, 2)}, /* unclose */
		{"A1 07 00 00 00 00 00 00 00 00 00 00", BAD_FIELD(1, 2)},
		{"A1 11 00 00 00 00 00 00 00 00 00 00", GOOD}, /* minimal, Immed */
	};
	RUN(&e, t);
	wait_ready(&e);
	disc_info(&e, di);
	assert_int_equal(di[2], 0x10); /* erasable, blank */
	assert_sense(read10_check(&e, 0, 1, 6), 5, 0x21, 0x00);
	/* Written again after the blank: only the new data shows. */
	assert_good(write10(&e, 0, 10, 8));
	assert_good(emu_cmd(&e, "5B 00 02 00 00 00 00 00 00 00", NULL, 0));
	assert_good(read10_check(&e, 0, 10, 8));
	static uint8_t pad[290 * 2048];
	assert_good(emu_cmd(&e, "28 00 00 00 00 0A 00 00 FF 00", pad, 255 * 2048));
	for (size_t i = 0; i < 255 * 2048; i++)
		if (pad[i])
			fail_msg("padding byte %zu is %u, not 0", i, pad[i]);
	assert_good(emu_cmd(&e, "A1 00 00 00 00 00 00 00 00 00 00 00", NULL, 0)); /* full */
	assert_int_equal(e.drive->media.blank_count, 2);
	e.drive->media.write_protected = true;
	assert_sense(emu_cmd(&e, "A1 00 00 00 00 00 00 00 00 00 00 00", NULL, 0), 7, 0x27, 0x00);
	emu_close(&e);
	static const char *const others[] = {"cd-r", "dvd+r", "dvd-r", "dvd+rw", "bd-r", "bd-re"};
	for (size_t i = 0; i < 6; i++) {
		emu_open(&e, others[i]);
		assert_sense(emu_cmd(&e, "A1 00 00 00 00 00 00 00 00 00 00 00", NULL, 0), 5, 0x30, 0x00);
		emu_close(&e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_medium),
		cmocka_unit_test(dvd_plus_rw),
		cmocka_unit_test(format_errors),
		cmocka_unit_test(bd_re),
		cmocka_unit_test(sequential_capacities),
		cmocka_unit_test(blank_cd_rw),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
