/* DESIGN.md: the kernel polls GET EVENT STATUS NOTIFICATION while a burn
 * runs, and tcmu-runner may call the handler from several threads. One
 * thread burns a DVD+R while another polls GESN, READ BUFFER CAPACITY and
 * MODE SENSE 2Ah: every command must complete GOOD and the burn must land
 * whole. (Run the suite with -DDISCBURN_SANITIZE=ON to check memory.) */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_harness.h"

#define WRITES 64
#define UNIT 16 /* sectors per WRITE: one DVD ECC block */
#define POLLS 400

struct poller {
	struct mmcemu_drive *d;
	int failures;
};

static int run_hex(struct mmcemu_drive *d, const char *hex, uint8_t *in, size_t cap)
{
	uint8_t cdb[16];
	size_t n = emu_hex(hex, cdb, sizeof(cdb));
	struct mmcemu_io io = {.cdb = cdb, .cdb_len = n, .data_in = in, .data_in_cap = cap};
	return mmcemu_execute(d, &io);
}

static void *poll_drive(void *arg)
{
	struct poller *p = arg;
	uint8_t buf[256];
	for (int i = 0; i < POLLS; i++) {
		p->failures += run_hex(p->d, "4A 01 00 00 10 00 00 00 08 00", buf, 8) != 0;
		p->failures += run_hex(p->d, "5C 00 00 00 00 00 00 00 0C 00", buf, 12) != 0;
		p->failures += run_hex(p->d, "5A 08 2A 00 00 00 00 00 FF 00", buf, 255) != 0;
	}
	return NULL;
}

static void burn_while_polled(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	struct poller p = {.d = e.drive};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, poll_drive, &p), 0);
	static uint8_t data[UNIT * 2048];
	for (int i = 0; i < WRITES; i++) {
		char cdb[64];
		memset(data, i, sizeof(data));
		snprintf(cdb, sizeof(cdb), "2A 00 %02X %02X %02X %02X 00 00 %02X 00",
			 (i * UNIT) >> 24 & 255, (i * UNIT) >> 16 & 255, (i * UNIT) >> 8 & 255,
			 (i * UNIT) & 255, UNIT);
		assert_good(emu_cmd_data(&e, cdb, data, sizeof(data), NULL, 0));
	}
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(p.failures, 0);
	/* The next writable address is right after the last WRITE. */
	uint8_t ti[32];
	assert_good(emu_cmd(&e, "52 01 00 00 00 01 00 00 20 00", ti, sizeof(ti)));
	assert_int_equal(ti[7] & 1, 1);
	uint32_t nwa = (uint32_t)ti[12] << 24 | ti[13] << 16 | ti[14] << 8 | ti[15];
	assert_int_equal(nwa, WRITES * UNIT);
	/* And the data is where it was written. */
	static uint8_t back[UNIT * 2048];
	assert_good(emu_cmd(&e, "28 00 00 00 01 F0 00 00 10 00", back, sizeof(back)));
	for (size_t i = 0; i < sizeof(back); i++)
		if (back[i] != (uint8_t)(0x1F0 / UNIT))
			fail_msg("byte %zu of LBA 1F0h: %02X", i, back[i]);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(burn_while_polled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
