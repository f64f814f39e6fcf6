/* The dispatcher's shared checks: opcode table, CDB length, unit
 * attention order, medium presence, allocation length and parameter list
 * length, sense bookkeeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_harness.h"

static void unknown_opcodes(void **state)
{
	(void)state;
	static const char *const cdbs[] = {
		"FF 00 00 00 00 00", "02 00 00 00 00 00",
		"A0 00 00 00 00 00 00 00 00 10 00 00", /* REPORT LUNS: the kernel's */
		"C0 00 00 00 00 00 00 00 00 00", /* vendor group */
	};
	struct emu e;
	emu_open(&e, "cd-r");
	for (size_t i = 0; i < sizeof(cdbs) / sizeof(cdbs[0]); i++) {
		struct emu_result r = emu_cmd(&e, cdbs[i], NULL, 0);
		assert_sense(r, 5, 0x20, 0x00);
		assert_true(r.raw_sense[15] & 0x40); /* field pointer: the opcode */
		assert_int_equal(r.raw_sense[16] << 8 | r.raw_sense[17], 0);
	}
	emu_close(&e);
}

static void short_cdb(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	assert_sense(emu_cmd(&e, "46 00 00 00 00 00", NULL, 0), 5, 0x24, 0x00);
	assert_sense(emu_cmd(&e, "AD 00 00 00 00 00 00 00 00 04", NULL, 0), 5, 0x24, 0x00);
	/* A longer CDB than the opcode's is fine (padding). */
	uint8_t buf[8];
	assert_good(emu_cmd(&e, "00 00 00 00 00 00 00 00 00 00 00 00", buf, 8));
	struct mmcemu_io io = {.cdb = NULL, .cdb_len = 0};
	assert_int_equal(mmcemu_execute(e.drive, &io), 2);
	emu_close(&e);
}

/* Unit attention comes before medium checks and field checks, and only
 * INQUIRY, REQUEST SENSE, GET CONFIGURATION and GESN pass it by. */
static void unit_attention_order(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[64];
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", buf, 8));
	assert_good(emu_cmd(&e, "1B 00 00 00 03 00", buf, 8));
	assert_good(emu_cmd(&e, "12 00 00 00 24 00", buf, sizeof(buf)));
	assert_good(emu_cmd(&e, "46 00 00 00 00 00 00 00 08 00", buf, 8));
	assert_good(emu_cmd(&e, "4A 01 00 00 10 00 00 00 08 00", buf, 8));
	/* Even a bad MODE SENSE gets the unit attention first. */
	assert_sense(emu_cmd(&e, "5A 00 08 00 00 00 00 00 FF 00", buf, sizeof(buf)), 6, 0x28, 0x00);
	assert_sense(emu_cmd(&e, "5A 00 08 00 00 00 00 00 FF 00", buf, sizeof(buf)), 5, 0x24, 0x00);
	emu_close(&e);
}

/* Commands that need a medium say which way it is missing. */
static void medium_required(void **state)
{
	(void)state;
	static const char *const cdbs[] = {
		"00 00 00 00 00 00",
		"25 00 00 00 00 00 00 00 00 00",
		"28 00 00 00 00 00 00 00 01 00",
		"51 00 00 00 00 00 00 00 20 00",
		"AD 00 00 00 00 00 00 00 00 04 00 00",
		"AC 00 00 00 00 00 00 00 00 01 03 00",
		"5C 00 00 00 00 00 00 00 0C 00",
	};
	struct emu e;
	emu_open(&e, NULL);
	uint8_t buf[2048];
	for (size_t i = 0; i < sizeof(cdbs) / sizeof(cdbs[0]); i++)
		assert_sense(emu_cmd(&e, cdbs[i], buf, sizeof(buf)), 2, 0x3A, 0x01);
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", NULL, 0));
	for (size_t i = 0; i < sizeof(cdbs) / sizeof(cdbs[0]); i++)
		assert_sense(emu_cmd(&e, cdbs[i], buf, sizeof(buf)), 2, 0x3A, 0x02);
	/* These work without a medium. */
	assert_good(emu_cmd(&e, "12 00 00 00 24 00", buf, 36));
	assert_good(emu_cmd(&e, "5A 00 3F 00 00 00 00 01 00 00", buf, 256));
	assert_good(emu_cmd(&e, "46 00 00 00 00 00 00 00 08 00", buf, 8));
	assert_good(emu_cmd(&e, "BD 00 00 00 00 00 00 00 00 08 00 00", buf, 8));
	assert_good(emu_cmd(&e, "1E 00 00 00 00 00", NULL, 0));
	emu_close(&e);
}

/* The answer is cut to the allocation length and to the caller's buffer,
 * never written past either. */
static void allocation_and_buffer(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[64];
	memset(buf, 0xEE, sizeof(buf));
	struct emu_result r = emu_cmd(&e, "12 00 00 00 10 00", buf, sizeof(buf));
	assert_int_equal(r.len, 16);
	assert_int_equal(buf[16], 0xEE);
	memset(buf, 0xEE, sizeof(buf));
	r = emu_cmd(&e, "12 00 00 00 FF 00", buf, 10);
	assert_int_equal(r.len, 10);
	assert_int_equal(buf[10], 0xEE);
	r = emu_cmd(&e, "12 00 00 00 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 0);
	emu_close(&e);
}

/* A failed command leaves its sense for REQUEST SENSE; a good one
 * clears it. */
static void sense_bookkeeping(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[18];
	assert_sense(emu_cmd(&e, "12 00 80 00 FF 00", buf, sizeof(buf)), 5, 0x24, 0x00);
	assert_good(emu_cmd(&e, "00 00 00 00 00 00", buf, sizeof(buf)));
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf)));
	assert_int_equal(buf[2], 0);
	emu_close(&e);
}

static void statistics(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[8];
	emu_cmd(&e, "00 00 00 00 00 00", buf, 8);
	emu_cmd(&e, "46 00 00 00 00 00 00 00 08 00", buf, 8);
	struct mmcemu_stats st;
	mmcemu_get_stats(e.drive, &st);
	assert_int_equal(st.commands[0x00], 2); /* with emu_open's */
	assert_int_equal(st.commands[0x46], 1);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_opcodes),
		cmocka_unit_test(short_cdb),
		cmocka_unit_test(unit_attention_order),
		cmocka_unit_test(medium_required),
		cmocka_unit_test(allocation_and_buffer),
		cmocka_unit_test(sense_bookkeeping),
		cmocka_unit_test(statistics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
