/* GET PERFORMANCE, SET STREAMING, SET CD SPEED, READ BUFFER CAPACITY. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_harness.h"

#include "drive.h" /* white box: the buffer model */

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void assert_field_pointer(const struct emu_result *r, int in_cdb, int byte)
{
	assert_true(r->raw_sense[15] & 0x80);
	assert_int_equal(!!(r->raw_sense[15] & 0x40), in_cdb);
	assert_int_equal(r->raw_sense[16] << 8 | r->raw_sense[17], byte);
}

/* The write speeds of GET PERFORMANCE type 03h, fastest first. */
static unsigned write_speeds(struct emu *e, uint32_t *out, unsigned max)
{
	uint8_t buf[8 + 16 * 16];
	struct emu_result r = emu_cmd(e, "AC 00 00 00 00 00 00 00 00 10 03 00", buf, sizeof(buf));
	assert_good(r);
	unsigned n = (be32(buf) - 4) / 16;
	assert_int_equal(r.len, 8 + 16 * n);
	for (unsigned i = 0; i < n && i < max; i++)
		out[i] = be32(&buf[8 + 16 * i + 12]);
	return n;
}

/* The current write speed, from the nominal write performance. */
static uint32_t current_write_speed(struct emu *e)
{
	uint8_t buf[24];
	assert_good(emu_cmd(e, "AC 04 00 00 00 00 00 00 00 01 00 00", buf, sizeof(buf)));
	return be32(&buf[8 + 12]);
}

static void write_speed_descriptors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint32_t s[16];
	unsigned n = write_speeds(&e, s, 16);
	assert_int_equal(n, 7);
	for (unsigned i = 1; i < n; i++)
		assert_true(s[i] < s[i - 1]);
	/* Asking for one descriptor: one comes, the length counts them all
	 * (how growisofs and dvd+rw-mediainfo size the second call). */
	uint8_t buf[64];
	struct emu_result r = emu_cmd(&e, "AC 00 00 00 00 00 00 00 00 01 03 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 24);
	assert_int_equal(be32(buf), 4 + 16 * n);
	assert_int_equal(buf[8] & 0x18, 0x08); /* WRC: CAV (cd-r.ini) */
	assert_int_equal(be32(&buf[12]), 359849 - 1); /* end LBA */
	assert_true(be32(&buf[16]) > 0); /* read speed */
	emu_close(&e);
}

static void nominal_performance(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint32_t s[16];
	write_speeds(&e, s, 16);
	uint8_t buf[64];
	struct emu_result r = emu_cmd(&e, "AC 14 00 00 00 00 00 00 00 01 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 24);
	assert_int_equal(be32(buf), 20);
	assert_int_equal(buf[4], 0x02); /* Write, nominal */
	assert_int_equal(be32(&buf[8]), 0);
	assert_int_equal(be32(&buf[16]), 359848);
	assert_int_equal(be32(&buf[20]), s[0]); /* fastest at the rim */
	assert_true(be32(&buf[12]) < s[0]); /* CAV: slower inside */
	/* Read performance from a start LBA. */
	r = emu_cmd(&e, "AC 10 00 00 10 00 00 00 00 01 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[4], 0x00);
	assert_int_equal(be32(&buf[8]), 0x1000);
	/* Past the end: no descriptor. */
	r = emu_cmd(&e, "AC 10 7F 00 00 00 00 00 00 01 00 00", buf, sizeof(buf));
	assert_int_equal(r.len, 8);
	assert_int_equal(be32(buf), 4);
	/* Exceptions: none, header only. */
	r = emu_cmd(&e, "AC 11 00 00 00 00 00 00 00 01 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 8);
	assert_int_equal(buf[4], 0x01);
	emu_close(&e);
}

static void get_performance_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	uint8_t buf[64];
	struct emu_result r = emu_cmd(&e, "AC 00 00 00 00 00 00 00 00 01 01 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00); /* unusable area: not supported */
	assert_field_pointer(&r, 1, 10);
	r = emu_cmd(&e, "AC 13 00 00 00 00 00 00 00 01 00 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00); /* Except 11b reserved */
	assert_field_pointer(&r, 1, 1);
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", NULL, 0));
	r = emu_cmd(&e, "AC 00 00 00 00 00 00 00 00 01 03 00", buf, sizeof(buf));
	assert_sense(r, 2, 0x3A, 0x02);
	emu_close(&e);
}

/* A SET STREAMING type 00h performance descriptor. */
static void streaming_desc(uint8_t *p, uint8_t flags, uint32_t rd_kb, uint32_t rd_ms,
			   uint32_t wr_kb, uint32_t wr_ms)
{
	memset(p, 0, 28);
	p[0] = flags;
	put32(&p[8], 0x7FFFFFFF);
	put32(&p[12], rd_kb);
	put32(&p[16], rd_ms);
	put32(&p[20], wr_kb);
	put32(&p[24], wr_ms);
}

#define SET_STREAMING "B6 00 00 00 00 00 00 00 00 00 1C 00"

static void set_streaming_snaps(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint32_t s[16];
	unsigned n = write_speeds(&e, s, 16);
	uint8_t d[28];
	/* Between two speeds: the slower one. */
	uint32_t want = (s[1] + s[2]) / 2;
	streaming_desc(d, 0, 0, 0, want, 1000);
	assert_good(emu_cmd_data(&e, SET_STREAMING, d, 28, NULL, 0));
	assert_int_equal(current_write_speed(&e), s[2]);
	/* Exactly a listed speed. */
	streaming_desc(d, 0, 0, 0, s[1] * 2, 2000);
	assert_good(emu_cmd_data(&e, SET_STREAMING, d, 28, NULL, 0));
	assert_int_equal(current_write_speed(&e), s[1]);
	/* Below them all: the slowest. */
	streaming_desc(d, 0, 0, 0, 1, 1000);
	assert_good(emu_cmd_data(&e, SET_STREAMING, d, 28, NULL, 0));
	assert_int_equal(current_write_speed(&e), s[n - 1]);
	/* Page 2Ah agrees. */
	uint8_t buf[256];
	assert_good(emu_cmd(&e, "5A 08 2A 00 00 00 00 00 FF 00", buf, sizeof(buf)));
	assert_int_equal(be16(&buf[8 + 28]), s[n - 1]);
	/* RDD: back to the defaults. */
	streaming_desc(d, 0x04, 0, 0, 0, 0);
	assert_good(emu_cmd_data(&e, SET_STREAMING, d, 28, NULL, 0));
	assert_int_equal(current_write_speed(&e), s[0]);
	emu_close(&e);
}

static void set_streaming_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "bd-r");
	uint8_t d[28];
	streaming_desc(d, 0, 0, 0, 1000, 0);
	struct emu_result r = emu_cmd_data(&e, SET_STREAMING, d, 28, NULL, 0);
	assert_sense(r, 5, 0x26, 0x00); /* write time 0 */
	assert_field_pointer(&r, 0, 24);
	streaming_desc(d, 0, 1000, 0, 0, 0);
	r = emu_cmd_data(&e, SET_STREAMING, d, 28, NULL, 0);
	assert_field_pointer(&r, 0, 16);
	r = emu_cmd_data(&e, "B6 00 00 00 00 00 00 00 05 00 1C 00", d, 28, NULL, 0);
	assert_sense(r, 5, 0x24, 0x00); /* DBI cache zone */
	assert_field_pointer(&r, 1, 8);
	/* A descriptor cut short, or less data than announced. */
	r = emu_cmd_data(&e, "B6 00 00 00 00 00 00 00 00 00 10 00", d, 16, NULL, 0);
	assert_sense(r, 5, 0x1A, 0x00);
	r = emu_cmd_data(&e, SET_STREAMING, d, 20, NULL, 0);
	assert_sense(r, 5, 0x1A, 0x00);
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", NULL, 0));
	streaming_desc(d, 0, 0, 0, 1000, 1000);
	r = emu_cmd_data(&e, SET_STREAMING, d, 28, NULL, 0);
	assert_sense(r, 2, 0x3A, 0x02);
	emu_close(&e);
}

static void set_cd_speed(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint32_t s[16];
	unsigned n = write_speeds(&e, s, 16);
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "BB 00 FF FF %02X %02X 00 00 00 00 00 00",
		 (s[3] + 1) >> 8, (s[3] + 1) & 0xFF);
	assert_good(emu_cmd(&e, cdb, NULL, 0));
	assert_int_equal(current_write_speed(&e), s[3]);
	assert_good(emu_cmd(&e, "BB 00 FF FF FF FF 00 00 00 00 00 00", NULL, 0));
	assert_int_equal(current_write_speed(&e), s[0]);
	assert_good(emu_cmd(&e, "BB 01 FF FF 00 00 00 00 00 00 00 00", NULL, 0));
	assert_int_equal(current_write_speed(&e), s[n - 1]);
	struct emu_result r = emu_cmd(&e, "BB 02 FF FF FF FF 00 00 00 00 00 00", NULL, 0);
	assert_sense(r, 5, 0x24, 0x00);
	assert_field_pointer(&r, 1, 1);
	/* No medium: accepted, nothing to set. */
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", NULL, 0));
	assert_good(emu_cmd(&e, "BB 00 FF FF FF FF 00 00 00 00 00 00", NULL, 0));
	emu_close(&e);

	/* DVD: accepted like real drives, snapped to the DVD speeds. */
	emu_open(&e, "dvd+rw");
	n = write_speeds(&e, s, 16);
	snprintf(cdb, sizeof(cdb), "BB 00 FF FF %02X %02X 00 00 00 00 00 00",
		 (s[1] + 100) >> 8, (s[1] + 100) & 0xFF);
	assert_good(emu_cmd(&e, cdb, NULL, 0));
	assert_int_equal(current_write_speed(&e), s[1]);
	emu_close(&e);
}

static void read_buffer_capacity(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[16];
	struct emu_result r = emu_cmd(&e, "5C 00 00 00 00 00 00 00 0C 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 12);
	assert_int_equal(be16(buf), 10);
	assert_int_equal(be32(&buf[4]), 2048 * 1024); /* cd-r.ini buffer_kib */
	assert_int_equal(be32(&buf[8]), 2048 * 1024); /* empty */
	r = emu_cmd(&e, "5C 01 00 00 00 00 00 00 0C 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[3] & 1, 1);
	assert_int_equal(be32(&buf[8]), 1024); /* blocks */
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", NULL, 0));
	assert_sense(emu_cmd(&e, "5C 00 00 00 00 00 00 00 0C 00", buf, sizeof(buf)), 2, 0x3A, 0x02);
	emu_close(&e);
}

/* With the buffer model running, READ BUFFER CAPACITY reports what is
 * still to be recorded, and a new speed reaches the model. */
static void buffer_model(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	buffer_init(&e.drive->buffer, 1 << 20, 1411 * 1000);
	static uint8_t data[16 * 2048];
	assert_good(emu_cmd_data(&e, "2A 00 00 00 00 00 00 00 10 00", data, sizeof(data), NULL, 0));
	uint8_t buf[16];
	assert_good(emu_cmd(&e, "5C 00 00 00 00 00 00 00 0C 00", buf, sizeof(buf)));
	assert_int_equal(be32(&buf[4]), 1 << 20);
	assert_int_equal(be32(&buf[8]), (1 << 20) - sizeof(data));
	assert_good(emu_cmd(&e, "BB 00 FF FF FF FF 00 00 00 00 00 00", NULL, 0));
	assert_int_equal(e.drive->buffer.rate, drive_write_rate(e.drive));
	assert_true(e.drive->buffer.rate > 0);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_speed_descriptors),
		cmocka_unit_test(nominal_performance),
		cmocka_unit_test(get_performance_errors),
		cmocka_unit_test(set_streaming_snaps),
		cmocka_unit_test(set_streaming_errors),
		cmocka_unit_test(set_cd_speed),
		cmocka_unit_test(read_buffer_capacity),
		cmocka_unit_test(buffer_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
