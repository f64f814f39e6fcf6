/* READ DISC STRUCTURE: the CDB bytes (MMC-6 6.22.2) and the DVD physical
 * format decoder (format 00h, ECMA-267 3.3.2) against byte layouts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "discburn/mmc.h"

static void cdb_layout(void **state)
{
	(void)state;
	uint8_t buf[2052];
	struct db_cmd c;
	db_cdb_read_disc_structure(&c, buf, 2052, 0, 0x11);
	const uint8_t want[12] = {0xAD, 0x00, 0, 0, 0, 0, 0, 0x11, 0x08, 0x04, 0, 0};
	assert_int_equal(c.cdb_len, 12);
	assert_memory_equal(c.cdb, want, 12);
	assert_int_equal(c.dir, DB_DIR_IN);
	assert_int_equal(c.len, 2052);
	db_cdb_read_disc_structure(&c, buf, 64, 1, 0x00);
	assert_int_equal(c.cdb[1], 0x01); /* media type BD */
}

static void decodes_dvd_plus_r_single_layer(void **state)
{
	(void)state;
	uint8_t b[4 + 17] = {
		0x08, 0x02, 0, 0, /* length 0802h: 2048 + 2 */
		0xA1, /* book type DVD+R, part version 1 */
		0x0F, /* 120 mm, max rate not specified */
		0x01, /* one layer, PTP, recordable */
		0x00, 0x00, 0x03, 0x00, 0x00, /* data area starts at PSN 030000h */
	};
	struct db_dvd_physical p;
	assert_int_equal(db_decode_dvd_physical(b, sizeof(b), &p), DB_S_OK);
	assert_int_equal(p.book_type, 0xA);
	assert_int_equal(p.part_version, 1);
	assert_int_equal(p.layers, 1);
	assert_int_equal(p.data_start, 0x030000);
	b[6] = 0x21; /* two layers */
	assert_int_equal(db_decode_dvd_physical(b, sizeof(b), &p), DB_S_OK);
	assert_int_equal(p.layers, 2);
}

static void refuses_short_answers(void **state)
{
	(void)state;
	uint8_t b[4 + 17] = {0x08, 0x02};
	struct db_dvd_physical p;
	assert_int_equal(db_decode_dvd_physical(b, 20, &p),
			 DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE);
	b[0] = 0;
	b[1] = 4; /* the drive says only 6 bytes follow the length */
	assert_int_equal(db_decode_dvd_physical(b, sizeof(b), &p),
			 DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cdb_layout),
		cmocka_unit_test(decodes_dvd_plus_r_single_layer),
		cmocka_unit_test(refuses_short_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
