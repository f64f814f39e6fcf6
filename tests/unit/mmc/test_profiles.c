/* The profile list answers every question for every profile number MMC-6
 * defines, as the spec says. The table below is written from MMC-6 5.3.1
 * (the Profile List feature's table of profiles; MMC-5 table 89 plus
 * 0017h, 0018h and HD DVD), not from mmc/include/mmc/profiles.h: a row
 * the header gets wrong, or a number it lacks, fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mmc/profiles.h"

enum { S = MMC_PA_SEQ, R = MMC_PA_RAND, W = MMC_PA_RW, F = MMC_PA_FMT, P = MMC_PA_P05,
       B = MMC_PA_BGF, PL = MMC_PA_PLUS, D = MMC_PA_DASH, L = MMC_PA_DL };

static const struct spec_row {
	uint16_t number;
	const char *name;
	enum mmc_media_family family;
	unsigned attrs;
	int format_type;
} spec[] = {
	{0x0001, "non-removable disk", MMC_FAMILY_NONE, R | W, -1},
	{0x0002, "removable disk", MMC_FAMILY_NONE, R | W, -1},
	{0x0003, "MO erasable", MMC_FAMILY_NONE, R | W, -1},
	{0x0004, "optical write once", MMC_FAMILY_NONE, R, -1},
	{0x0005, "AS-MO", MMC_FAMILY_NONE, R | W, -1},
	{0x0008, "CD-ROM", MMC_FAMILY_CD, 0, -1},
	/* CD-R/RW: TAO/SAO at the NWA, write type in page 05h (7.5). */
	{0x0009, "CD-R", MMC_FAMILY_CD, S | P, -1},
	{0x000A, "CD-RW", MMC_FAMILY_CD, S | W | P, -1},
	{0x0010, "DVD-ROM", MMC_FAMILY_DVD, 0, -1},
	{0x0011, "DVD-R sequential recording", MMC_FAMILY_DVD, S | P | D, -1},
	/* DVD-RAM: random writable, a blank one gets the full format 00h. */
	{0x0012, "DVD-RAM", MMC_FAMILY_DVD, R | W | F, 0x00},
	/* Restricted overwrite: written in place (4.5.3.7), formatted already. */
	{0x0013, "DVD-RW restricted overwrite", MMC_FAMILY_DVD, R | W | D, -1},
	{0x0014, "DVD-RW sequential recording", MMC_FAMILY_DVD, S | W | P | D, -1},
	{0x0015, "DVD-R DL sequential recording", MMC_FAMILY_DVD, S | P | D | L, -1},
	{0x0016, "DVD-R DL layer jump recording", MMC_FAMILY_DVD, S | P | D | L, -1},
	{0x0017, "DVD-RW DL", MMC_FAMILY_DVD, S | W | P | D | L, -1},
	{0x0018, "DVD-Download disc recording", MMC_FAMILY_DVD, S | P | D, -1},
	/* DVD+RW: format type 26h, background format (6.5.4.2.14). */
	{0x001A, "DVD+RW", MMC_FAMILY_DVD, R | W | F | B | PL, 0x26},
	/* DVD+R ignores page 05h; finalized with close function 101b. */
	{0x001B, "DVD+R", MMC_FAMILY_DVD, S | PL, -1},
	{0x0020, "DDCD-ROM", MMC_FAMILY_DDCD, 0, -1},
	{0x0021, "DDCD-R", MMC_FAMILY_DDCD, S, -1},
	{0x0022, "DDCD-RW", MMC_FAMILY_DDCD, S | W, -1},
	{0x002A, "DVD+RW DL", MMC_FAMILY_DVD, R | W | F | B | PL | L, 0x26},
	{0x002B, "DVD+R DL", MMC_FAMILY_DVD, S | PL | L, -1},
	{0x0040, "BD-ROM", MMC_FAMILY_BD, 0, -1},
	{0x0041, "BD-R sequential recording", MMC_FAMILY_BD, S, -1},
	{0x0042, "BD-R random recording", MMC_FAMILY_BD, R, -1},
	/* BD-RE: full format 00h with the default spares (6.5.4.2.1). */
	{0x0043, "BD-RE", MMC_FAMILY_BD, R | W | F, 0x00},
	{0x0050, "HD DVD-ROM", MMC_FAMILY_HD_DVD, 0, -1},
	{0x0051, "HD DVD-R", MMC_FAMILY_HD_DVD, S, -1},
	{0x0052, "HD DVD-RAM", MMC_FAMILY_HD_DVD, R | W | F, 0x00},
	{0x0053, "HD DVD-RW", MMC_FAMILY_HD_DVD, W, -1},
	{0x0058, "HD DVD-R DL", MMC_FAMILY_HD_DVD, S | L, -1},
	{0x005A, "HD DVD-RW DL", MMC_FAMILY_HD_DVD, W | L, -1},
	{0xFFFF, "nonstandard", MMC_FAMILY_NONE, 0, -1},
};

static const struct spec_row *spec_find(uint16_t n)
{
	for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++)
		if (spec[i].number == n)
			return &spec[i];
	return NULL;
}

/* Every number MMC-6 defines gets the spec's name, family, attributes
 * and format type. */
static void test_every_defined_profile(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		const struct spec_row *r = &spec[i];
		const char *name = mmc_profile_name(r->number);
		if (!name || strcmp(name, r->name))
			fail_msg("%04Xh: name '%s', spec '%s'", r->number, name ? name : "(none)",
				 r->name);
		if (mmc_profile_family(r->number) != r->family)
			fail_msg("%04Xh %s: family %s, spec %s", r->number, r->name,
				 mmc_family_name(mmc_profile_family(r->number)),
				 mmc_family_name(r->family));
		if (mmc_profile_attrs(r->number) != r->attrs)
			fail_msg("%04Xh %s: attributes %02Xh, spec %02Xh", r->number, r->name,
				 mmc_profile_attrs(r->number), r->attrs);
		if (mmc_profile_format_type(r->number) != r->format_type)
			fail_msg("%04Xh %s: format type %d, spec %d", r->number, r->name,
				 mmc_profile_format_type(r->number), r->format_type);
	}
}

/* Every other number is reserved: no name, no family, no attribute. The
 * list holds nothing the spec does not define (0000h aside, "no current
 * profile"). */
static void test_reserved_numbers_answer_nothing(void **state)
{
	(void)state;
	for (uint32_t n = 1; n <= 0xFFFF; n++) {
		if (spec_find((uint16_t)n))
			continue;
		if (mmc_profile_name((uint16_t)n))
			fail_msg("%04Xh is reserved in MMC-6 but named '%s'", n,
				 mmc_profile_name((uint16_t)n));
		assert_int_equal(mmc_profile_family((uint16_t)n), MMC_FAMILY_NONE);
		assert_int_equal(mmc_profile_attrs((uint16_t)n), 0);
		assert_int_equal(mmc_profile_format_type((uint16_t)n), -1);
	}
	assert_string_equal(mmc_profile_name(0x0000), "no current profile");
	assert_int_equal(mmc_profile_attrs(0x0000), 0);
}

/* The attribute bits contradict nowhere: sequential and random exclude
 * each other, a medium that needs a format is random, background format
 * and the DVD+/- formats belong to DVD, page 05h to sequential media. */
static void test_attributes_consistent(void **state)
{
	(void)state;
	for (uint32_t n = 0; n <= 0xFFFF; n++) {
		unsigned a = mmc_profile_attrs((uint16_t)n);
		enum mmc_media_family f = mmc_profile_family((uint16_t)n);
		if ((a & S) && (a & R))
			fail_msg("%04Xh: both sequential and random", n);
		if ((a & F) && !(a & R))
			fail_msg("%04Xh: needs a format but is not random writable", n);
		if ((a & P) && !(a & S))
			fail_msg("%04Xh: page 05h on a medium not recorded sequentially", n);
		if ((a & (B | PL | D)) && f != MMC_FAMILY_DVD)
			fail_msg("%04Xh: DVD-only attribute outside DVD", n);
		if ((a & PL) && (a & D))
			fail_msg("%04Xh: both DVD+ and DVD-", n);
	}
}

/* The family columns: DESIGN.md "Speed units" and the ECC blocks. */
static void test_family_columns(void **state)
{
	(void)state;
	assert_int_equal(mmc_family_1x_bytes_per_second(MMC_FAMILY_CD), 153600);
	assert_int_equal(mmc_family_1x_bytes_per_second(MMC_FAMILY_DVD), 1385000);
	assert_int_equal(mmc_family_1x_bytes_per_second(MMC_FAMILY_BD), 4495625);
	assert_int_equal(mmc_family_1x_bytes_per_second(MMC_FAMILY_NONE), 0);
	assert_int_equal(mmc_family_blocking(MMC_FAMILY_CD), 1);
	assert_int_equal(mmc_family_blocking(MMC_FAMILY_DVD), 16);
	assert_int_equal(mmc_family_blocking(MMC_FAMILY_BD), 32);
	assert_int_equal(mmc_family_blocking(MMC_FAMILY_HD_DVD), 32);
	assert_int_equal(mmc_family_speed_sector_bytes(MMC_FAMILY_CD), 2352);
	assert_int_equal(mmc_family_speed_sector_bytes(MMC_FAMILY_DVD), 2048);
	assert_int_equal(mmc_family_speed_sector_bytes(MMC_FAMILY_BD), 2048);
	assert_string_equal(mmc_family_name(MMC_FAMILY_BD), "BD");
}

/* One speed unit: the MMC kB/s of CD 1x is 176.4 (raw sectors), the same
 * byte rate as 153,600 B/s of user data; DVD and BD rates are the same
 * in both. Conversions round down, as drive_write_rate always did. */
static void test_speed_field_conversion(void **state)
{
	(void)state;
	assert_int_equal(mmc_speed_field_from_user_rate(MMC_FAMILY_CD, 153600), 176400);
	assert_int_equal(mmc_user_rate_from_speed_field(MMC_FAMILY_CD, 176400), 153600);
	assert_int_equal(mmc_user_rate_from_speed_field(MMC_FAMILY_CD, 706000), 614748);
	assert_int_equal(mmc_speed_field_from_user_rate(MMC_FAMILY_DVD, 1385000), 1385000);
	assert_int_equal(mmc_user_rate_from_speed_field(MMC_FAMILY_BD, 53948000), 53948000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_defined_profile),
		cmocka_unit_test(test_reserved_numbers_answer_nothing),
		cmocka_unit_test(test_attributes_consistent),
		cmocka_unit_test(test_family_columns),
		cmocka_unit_test(test_speed_field_conversion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
