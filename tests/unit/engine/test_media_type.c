/* IMAPI_MEDIA_PHYSICAL_TYPE from the profile number: every profile of
 * MMC-6 5.3.1 against a table written from imapi2.h's enum (values and
 * meanings), so the derivation from the profile list's bits cannot go
 * wrong unnoticed; names; the distinct-types helper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/media_type.h"
#include "mmc/profiles.h"

static const struct {
	uint16_t profile;
	enum db_media_physical_type type;
} table[] = {
	{0x0000, DB_MEDIA_TYPE_UNKNOWN}, /* no medium */
	{0x0001, DB_MEDIA_TYPE_DISK},    {0x0002, DB_MEDIA_TYPE_DISK},
	{0x0003, DB_MEDIA_TYPE_DISK},    {0x0004, DB_MEDIA_TYPE_UNKNOWN}, /* write-once MO */
	{0x0005, DB_MEDIA_TYPE_DISK},    {0x0008, DB_MEDIA_TYPE_CDROM},
	{0x0009, DB_MEDIA_TYPE_CDR},     {0x000A, DB_MEDIA_TYPE_CDRW},
	{0x0010, DB_MEDIA_TYPE_DVDROM},  {0x0011, DB_MEDIA_TYPE_DVDDASHR},
	{0x0012, DB_MEDIA_TYPE_DVDRAM},  {0x0013, DB_MEDIA_TYPE_DVDDASHRW},
	{0x0014, DB_MEDIA_TYPE_DVDDASHRW},
	{0x0015, DB_MEDIA_TYPE_DVDDASHR_DUALLAYER},
	{0x0016, DB_MEDIA_TYPE_DVDDASHR_DUALLAYER},
	{0x0017, DB_MEDIA_TYPE_DVDDASHRW}, /* IMAPI has no DL DVD-RW type */
	{0x0018, DB_MEDIA_TYPE_DVDDASHR},  /* DVD-Download: a DVD-R */
	{0x001A, DB_MEDIA_TYPE_DVDPLUSRW}, {0x001B, DB_MEDIA_TYPE_DVDPLUSR},
	{0x0020, DB_MEDIA_TYPE_UNKNOWN},   {0x0021, DB_MEDIA_TYPE_UNKNOWN},
	{0x0022, DB_MEDIA_TYPE_UNKNOWN}, /* DDCD: none in IMAPI */
	{0x002A, DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER},
	{0x002B, DB_MEDIA_TYPE_DVDPLUSR_DUALLAYER},
	{0x0040, DB_MEDIA_TYPE_BDROM},   {0x0041, DB_MEDIA_TYPE_BDR},
	{0x0042, DB_MEDIA_TYPE_BDR},     {0x0043, DB_MEDIA_TYPE_BDRE},
	{0x0050, DB_MEDIA_TYPE_HDDVDROM}, {0x0051, DB_MEDIA_TYPE_HDDVDR},
	{0x0052, DB_MEDIA_TYPE_HDDVDRAM}, {0x0053, DB_MEDIA_TYPE_UNKNOWN},
	{0x0058, DB_MEDIA_TYPE_HDDVDR},  {0x005A, DB_MEDIA_TYPE_UNKNOWN},
	{0xFFFF, DB_MEDIA_TYPE_UNKNOWN},
};

static void test_every_profile(void **s)
{
	(void)s;
	unsigned listed = 0;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		enum db_media_physical_type t = db_media_physical_type_from_profile(table[i].profile);
		if (t != table[i].type)
			fail_msg("profile %04Xh (%s): %s, expected %s", table[i].profile,
				 mmc_profile_name(table[i].profile), db_media_physical_type_name(t),
				 db_media_physical_type_name(table[i].type));
		listed += mmc_profile_name(table[i].profile) != NULL;
	}
	/* the table covers the whole list */
	unsigned in_list = 0;
	for (unsigned p = 0; p <= 0xFFFF; p++)
		in_list += mmc_profile_name((uint16_t)p) != NULL;
	assert_int_equal(listed, in_list);
	/* numbers not in the list */
	assert_int_equal(db_media_physical_type_from_profile(0x0007), DB_MEDIA_TYPE_UNKNOWN);
	assert_int_equal(db_media_physical_type_from_profile(0x1234), DB_MEDIA_TYPE_UNKNOWN);
}

static void test_values_are_imapi2s(void **s)
{
	(void)s;
	/* imapi2.h: IMAPI_MEDIA_TYPE_DISK = 12, ..._BDRE = 19 = MAX */
	assert_int_equal(DB_MEDIA_TYPE_CDRW, 3);
	assert_int_equal(DB_MEDIA_TYPE_DVDPLUSR, 6);
	assert_int_equal(DB_MEDIA_TYPE_DVDDASHR_DUALLAYER, 11);
	assert_int_equal(DB_MEDIA_TYPE_DISK, 12);
	assert_int_equal(DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER, 13);
	assert_int_equal(DB_MEDIA_TYPE_BDRE, 19);
	assert_int_equal(DB_MEDIA_TYPE_MAX, 19);
	assert_string_equal(db_media_physical_type_name(DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER),
			    "MEDIA_TYPE_DVDPLUSRW_DUALLAYER");
	assert_string_equal(db_media_physical_type_name(DB_MEDIA_TYPE_UNKNOWN),
			    "MEDIA_TYPE_UNKNOWN");
	assert_null(db_media_physical_type_name((enum db_media_physical_type)20));
	assert_null(db_media_physical_type_name((enum db_media_physical_type)-1));
}

static void test_types_of_profiles(void **s)
{
	(void)s;
	const uint16_t p[] = {0x0043, 0x0009, 0x000A, 0x0041, 0x0042, 0x0000, 0x0022};
	enum db_media_physical_type t[DB_MEDIA_TYPE_COUNT];
	unsigned n = db_media_physical_types_of_profiles(p, 7, t);
	assert_int_equal(n, 4); /* BD-R once, no UNKNOWN */
	assert_int_equal(t[0], DB_MEDIA_TYPE_CDR);
	assert_int_equal(t[1], DB_MEDIA_TYPE_CDRW);
	assert_int_equal(t[2], DB_MEDIA_TYPE_BDR);
	assert_int_equal(t[3], DB_MEDIA_TYPE_BDRE);
	assert_int_equal(db_media_physical_types_of_profiles(p, 0, t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_profile),
		cmocka_unit_test(test_values_are_imapi2s),
		cmocka_unit_test(test_types_of_profiles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
