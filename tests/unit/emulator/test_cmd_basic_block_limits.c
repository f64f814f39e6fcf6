/* Block Limits VPD (SBC-3 6.5.3): page length 3Ch at bytes 2-3, ECC
 * granularity at 6-7, maximum and optimal transfer at 8-11 and 12-15;
 * the maximum follows what the serving path allows once it is told. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "emu_harness.h"
#include "mmc/be.h"

static void layout_and_path_limit(void **state)
{
	(void)state;
	struct emu e;
	uint8_t b[64];
	emu_open(&e, "dvd+r");
	struct emu_result r = emu_cmd(&e, "12 01 B0 00 40 00", b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.len, 64);
	assert_int_equal(b[1], 0xB0);
	assert_int_equal(mmc_get_be16(&b[2]), 0x3C);
	assert_int_equal(mmc_get_be16(&b[6]), 16); /* DVD ECC block */
	assert_int_equal(mmc_get_be32(&b[8]), 65535);
	mmcemu_drive_set_max_transfer(e.drive, 128); /* a TCMU default */
	assert_good(emu_cmd(&e, "12 01 B0 00 40 00", b, sizeof(b)));
	assert_int_equal(mmc_get_be32(&b[8]), 128);
	assert_int_equal(mmc_get_be32(&b[12]), 128);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(layout_and_path_limit)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
