/* TEST UNIT READY, REQUEST SENSE, INQUIRY, START STOP UNIT, PREVENT ALLOW
 * MEDIUM REMOVAL, MECHANISM STATUS, GET EVENT STATUS NOTIFICATION. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_harness.h"

#include "drive.h" /* white box: the medium's busy state */

/* One row: CDB, then GOOD (key 0) or the expected sense triple. */
struct cdb_case {
	const char *cdb;
	uint8_t key, asc, ascq;
};

static void run_cases(struct emu *e, const struct cdb_case *t, size_t n)
{
	uint8_t buf[4096];
	for (size_t i = 0; i < n; i++) {
		struct emu_result r = emu_cmd(e, t[i].cdb, buf, sizeof(buf));
		if (t[i].key == 0 && r.status != 0)
			fail_msg("%s: expected GOOD, got %X/%02X/%02X", t[i].cdb,
				 r.sense.key, r.sense.asc, r.sense.ascq);
		if (t[i].key != 0 &&
		    (r.status != 2 || r.sense.key != t[i].key ||
		     r.sense.asc != t[i].asc || r.sense.ascq != t[i].ascq))
			fail_msg("%s: expected %X/%02X/%02X, got status %u %X/%02X/%02X",
				 t[i].cdb, t[i].key, t[i].asc, t[i].ascq, r.status,
				 r.sense.key, r.sense.asc, r.sense.ascq);
	}
}

/* Field pointer (SPC-4 4.5.2.4.2): SKSV, C/D, BPV + bit, byte. */
static void assert_field_pointer(const struct emu_result *r, int in_cdb, int byte, int bit)
{
	assert_true(r->raw_sense[15] & 0x80);
	assert_int_equal(!!(r->raw_sense[15] & 0x40), in_cdb);
	assert_int_equal(r->raw_sense[16] << 8 | r->raw_sense[17], byte);
	if (bit >= 0) {
		assert_true(r->raw_sense[15] & 0x08);
		assert_int_equal(r->raw_sense[15] & 7, bit);
	}
}

static void tur_states(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	static const struct cdb_case t[] = {
		{"00 00 00 00 00 00", 0, 0, 0},
		{"1B 00 00 00 02 00", 0, 0, 0}, /* eject */
		{"00 00 00 00 00 00", 2, 0x3A, 0x02}, /* tray open */
		{"1B 00 00 00 03 00", 0, 0, 0}, /* load */
		{"00 00 00 00 00 00", 6, 0x28, 0x00}, /* medium changed */
		{"00 00 00 00 00 00", 0, 0, 0},
	};
	run_cases(&e, t, sizeof(t) / sizeof(t[0]));
	emu_close(&e);
}

static void power_on_unit_attention(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r"); /* consumed the 06/29/00 with a TUR */
	/* A fresh drive reports it to the first command, INQUIRY excepted. */
	mmcemu_drive_close(e.drive);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .disc_path = e.disc};
	char err[256];
	assert_int_equal(mmcemu_drive_open(&cfg, &e.drive, err, sizeof(err)), 0);
	uint8_t buf[64];
	assert_good(emu_cmd(&e, "12 00 00 00 24 00", buf, sizeof(buf)));
	assert_good(emu_cmd(&e, "46 00 00 00 00 00 00 00 08 00", buf, sizeof(buf)));
	assert_sense(emu_cmd(&e, "00 00 00 00 00 00", buf, sizeof(buf)), 6, 0x29, 0x00);
	assert_good(emu_cmd(&e, "00 00 00 00 00 00", buf, sizeof(buf)));
	emu_close(&e);
}

static void request_sense_reports_last_error(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[64];
	assert_sense(emu_cmd(&e, "FF 00 00 00 00 00", buf, sizeof(buf)), 5, 0x20, 0x00);
	struct emu_result r = emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 18);
	assert_int_equal(buf[0], 0x70);
	assert_int_equal(buf[2], 5);
	assert_int_equal(buf[12], 0x20);
	/* Reading the sense clears it. */
	r = emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf));
	assert_int_equal(buf[2], 0);
	assert_int_equal(buf[12], 0);
	/* Allocation length cuts the answer. */
	r = emu_cmd(&e, "03 00 00 00 08 00", buf, sizeof(buf));
	assert_int_equal(r.len, 8);
	emu_close(&e);
}

static void request_sense_consumes_unit_attention(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[64];
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", buf, sizeof(buf)));
	assert_good(emu_cmd(&e, "1B 00 00 00 03 00", buf, sizeof(buf)));
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf)));
	assert_int_equal(buf[2], 6);
	assert_int_equal(buf[12], 0x28);
	assert_good(emu_cmd(&e, "00 00 00 00 00 00", buf, sizeof(buf)));
	emu_close(&e);
}

static void request_sense_desc_refused(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[64];
	struct emu_result r = emu_cmd(&e, "03 01 00 00 12 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00);
	assert_field_pointer(&r, 1, 1, 0);
	emu_close(&e);
}

/* SPC-4 5.12.2 pollable sense: with nothing to report, REQUEST SENSE
 * says why the drive is not ready. */
static void request_sense_pollable(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	uint8_t buf[36];
	/* The power-on unit attention emu_open's TUR got is still the last
	 * sense (ATAPI style); a GOOD command clears it. */
	assert_good(emu_cmd(&e, "12 00 00 00 24 00", buf, sizeof(buf)));
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf)));
	assert_int_equal(buf[2], 2);
	assert_int_equal(buf[12], 0x3A);
	assert_int_equal(buf[13], 0x01);
	emu_close(&e);

	/* Becoming ready / long write (fault plan timers) poll the same way. */
	emu_open(&e, "cd-r");
	assert_good(emu_cmd(&e, "12 00 00 00 24 00", buf, sizeof(buf)));
	e.drive->not_ready_until_ns = UINT64_MAX;
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf)));
	assert_int_equal(buf[2] << 16 | buf[12] << 8 | buf[13], 0x020401);
	e.drive->not_ready_until_ns = 0;
	e.drive->long_write_until_ns = UINT64_MAX;
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf)));
	assert_int_equal(buf[2] << 16 | buf[12] << 8 | buf[13], 0x020408);
	e.drive->long_write_until_ns = 0;
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf)));
	assert_int_equal(buf[2], 0);
	emu_close(&e);
}

/* A long operation: TUR and REQUEST SENSE report it with its progress
 * (SKSV + fraction of 65536), as libburn polls blanking and formatting. */
static void busy_progress(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+rw");
	e.drive->media.busy = MEDIA_FORMATTING;
	e.drive->media.busy_progress = 0x4000;
	uint8_t buf[18];
	struct emu_result r = emu_cmd(&e, "00 00 00 00 00 00", buf, sizeof(buf));
	assert_sense(r, 2, 0x04, 0x04);
	assert_int_equal(r.raw_sense[15], 0x80);
	assert_int_equal(r.raw_sense[16] << 8 | r.raw_sense[17], 0x4000);
	e.drive->media.busy_progress = 0x8000;
	assert_good(emu_cmd(&e, "03 00 00 00 12 00", buf, sizeof(buf)));
	assert_int_equal(buf[2], 2);
	assert_int_equal(buf[12], 0x04);
	assert_int_equal(buf[13], 0x04);
	assert_int_equal(buf[15], 0x80);
	assert_int_equal(buf[16] << 8 | buf[17], 0x8000);
	e.drive->media.busy = MEDIA_BLANKING;
	e.drive->media.busy_progress = 65536; /* done: capped */
	r = emu_cmd(&e, "00 00 00 00 00 00", buf, sizeof(buf));
	assert_sense(r, 2, 0x04, 0x07);
	assert_int_equal(r.raw_sense[16] << 8 | r.raw_sense[17], 0xFFFF);
	e.drive->media.busy = MEDIA_IDLE;
	assert_good(emu_cmd(&e, "00 00 00 00 00 00", buf, sizeof(buf)));
	emu_close(&e);
}

static void inquiry_standard(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL); /* works with an empty tray */
	uint8_t buf[96];
	struct emu_result r = emu_cmd(&e, "12 00 00 00 60 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 36);
	assert_int_equal(buf[0], 0x05);
	assert_int_equal(buf[1], 0x80);
	assert_int_equal(buf[2], 0x05);
	assert_int_equal(buf[3] & 0x0F, 2);
	assert_int_equal(buf[4], 31);
	assert_memory_equal(&buf[8], "DISCBURN", 8);
	assert_memory_equal(&buf[16], "VIRTUAL BURNER  ", 16);
	r = emu_cmd(&e, "12 00 00 00 05 00", buf, sizeof(buf));
	assert_int_equal(r.len, 5);
	emu_close(&e);
}

static void inquiry_vpd(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "dvd+r");
	uint8_t buf[256];
	struct emu_result r = emu_cmd(&e, "12 01 00 00 FF 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[1], 0x00);
	assert_int_equal(buf[3], 4);
	assert_memory_equal(&buf[4], "\x00\x80\x83\xB0", 4);

	r = emu_cmd(&e, "12 01 80 00 FF 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[1], 0x80);
	assert_int_equal(r.len, 4u + buf[3]);
	assert_true(buf[3] > 0);

	r = emu_cmd(&e, "12 01 83 00 FF 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[4], 0x02); /* ASCII */
	assert_int_equal(buf[5] & 0x0F, 0x01); /* T10 vendor ID */
	assert_memory_equal(&buf[8], "DISCBURN", 8);
	assert_int_equal(r.len, 4u + (buf[2] << 8 | buf[3]));

	r = emu_cmd(&e, "12 01 B0 00 FF 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(buf[3], 0x3C);
	assert_int_equal(buf[6] << 8 | buf[7], 16); /* DVD ECC block */
	assert_int_equal(buf[8] << 24 | buf[9] << 16 | buf[10] << 8 | buf[11], 65535);
	emu_close(&e);
}

/* Two drives in one process (one tcmu-runner serving two devices) do not
 * share a serial, so udev's by-id names and VPD 83h stay unique. */
static void serials_differ(void **state)
{
	(void)state;
	struct emu a, b;
	emu_open(&a, "cd-r");
	emu_open(&b, "dvd+r");
	uint8_t sa[64] = {0}, sb[64] = {0};
	struct emu_result ra = emu_cmd(&a, "12 01 80 00 40 00", sa, sizeof(sa));
	struct emu_result rb = emu_cmd(&b, "12 01 80 00 40 00", sb, sizeof(sb));
	assert_good(ra);
	assert_good(rb);
	assert_true(ra.len > 4);
	assert_false(ra.len == rb.len && memcmp(sa, sb, ra.len) == 0);
	emu_close(&a);
	emu_close(&b);
}

/* The same disc opened again, by a new drive in the same process, answers
 * with the same serial (VPD 80h): the drive's identity survives a close
 * and reopen, as ActiveDiscRecorder needs. */
static void serial_stable_across_reopen(void **state)
{
	(void)state;
	struct emu a, other;
	emu_open(&a, "cd-r");
	emu_open(&other, "cd-r"); /* opens in between take a number */
	uint8_t s1[64] = {0}, s2[64] = {0};
	struct emu_result r1 = emu_cmd(&a, "12 01 80 00 40 00", s1, sizeof(s1));
	assert_good(r1);
	mmcemu_drive_close(a.drive);
	mmcemu_drive_close(other.drive);
	other.drive = NULL;
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR, .disc_path = a.disc,
					  .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256] = "";
	assert_int_equal(mmcemu_drive_open(&cfg, &a.drive, err, sizeof(err)), 0);
	struct emu_result r2 = emu_cmd(&a, "12 01 80 00 40 00", s2, sizeof(s2));
	assert_good(r2);
	assert_int_equal(r1.len, r2.len);
	assert_memory_equal(s1, s2, r1.len);
	emu_close(&a);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", other.dir);
	assert_int_equal(system(cmd), 0);
}

static void inquiry_errors(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[64];
	struct emu_result r = emu_cmd(&e, "12 00 80 00 FF 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00);
	assert_field_pointer(&r, 1, 2, 7);
	r = emu_cmd(&e, "12 01 81 00 FF 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00);
	assert_field_pointer(&r, 1, 2, 7);
	r = emu_cmd(&e, "12 02 00 00 FF 00", buf, sizeof(buf));
	assert_sense(r, 5, 0x24, 0x00);
	assert_field_pointer(&r, 1, 1, 1);
	/* Short CDB. */
	assert_sense(emu_cmd(&e, "12 00 00", buf, sizeof(buf)), 5, 0x24, 0x00);
	emu_close(&e);
}

static void start_stop_prevent(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	static const struct cdb_case t[] = {
		{"1E 00 00 00 01 00", 0, 0, 0}, /* prevent */
		{"1B 00 00 00 02 00", 5, 0x53, 0x02}, /* eject refused */
		{"00 00 00 00 00 00", 0, 0, 0}, /* still loaded */
		{"1B 01 00 00 02 00", 5, 0x53, 0x02}, /* Immed too */
		{"1E 00 00 00 00 00", 0, 0, 0}, /* allow */
		{"1B 01 00 00 02 00", 0, 0, 0}, /* eject, Immed */
		{"1B 00 00 00 02 00", 0, 0, 0}, /* eject again: tray stays open */
		{"1B 00 00 00 01 00", 2, 0x3A, 0x02}, /* spin up, no disc */
		{"1B 00 00 00 00 00", 0, 0, 0}, /* stop: fine */
		{"1B 00 00 00 03 00", 0, 0, 0}, /* load the disc back */
		{"00 00 00 00 00 00", 6, 0x28, 0x00},
		{"1B 00 00 00 01 00", 0, 0, 0}, /* spin up */
		{"1B 00 00 00 10 00", 0, 0, 0}, /* power condition: LoEj ignored */
		{"1B 00 00 00 03 00", 0, 0, 0}, /* load when loaded: no change */
		{"00 00 00 00 00 00", 0, 0, 0},
		{"1E 00 00 00 02 00", 0, 0, 0}, /* persistent prevent */
		{"1B 00 00 00 02 00", 5, 0x53, 0x02},
		{"1E 00 00 00 00 00", 0, 0, 0},
	};
	run_cases(&e, t, sizeof(t) / sizeof(t[0]));
	emu_close(&e);
}

static void load_empty_tray(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, NULL);
	static const struct cdb_case t[] = {
		{"00 00 00 00 00 00", 2, 0x3A, 0x01}, /* tray closed, no disc */
		{"1B 00 00 00 02 00", 0, 0, 0},
		{"00 00 00 00 00 00", 2, 0x3A, 0x02},
		{"1B 00 00 00 03 00", 0, 0, 0}, /* closes an empty tray */
		{"00 00 00 00 00 00", 2, 0x3A, 0x01},
	};
	run_cases(&e, t, sizeof(t) / sizeof(t[0]));
	emu_close(&e);
}

static void mechanism_status(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[64];
	struct emu_result r = emu_cmd(&e, "BD 00 00 00 00 00 00 00 00 08 00 00", buf, sizeof(buf));
	assert_good(r);
	assert_int_equal(r.len, 8);
	assert_int_equal(buf[1] & 0x10, 0);
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", buf, sizeof(buf)));
	r = emu_cmd(&e, "BD 00 00 00 00 00 00 00 00 08 00 00", buf, sizeof(buf));
	assert_int_equal(buf[1] & 0x10, 0x10);
	emu_close(&e);
}

static struct emu_result gesn(struct emu *e, uint8_t classes, uint8_t *buf)
{
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "4A 01 00 00 %02X 00 00 00 08 00", classes);
	return emu_cmd(e, cdb, buf, 8);
}

static void gesn_media_events(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[8];
	/* Loading the disc at power on is a new-media event, reported once. */
	struct emu_result r = gesn(&e, 0x10, buf);
	assert_good(r);
	assert_int_equal(r.len, 8);
	assert_int_equal(buf[0] << 8 | buf[1], 6);
	assert_int_equal(buf[2], 4); /* media class */
	assert_int_equal(buf[3], 0x16); /* operational, power, media */
	assert_int_equal(buf[4] & 0x0F, 2); /* new media */
	assert_int_equal(buf[5], 0x02); /* present, tray closed */
	gesn(&e, 0x10, buf);
	assert_int_equal(buf[4] & 0x0F, 0);
	/* Eject: media removal, tray open, no media. */
	assert_good(emu_cmd(&e, "1B 00 00 00 02 00", buf, 8));
	gesn(&e, 0x10, buf);
	assert_int_equal(buf[4] & 0x0F, 3);
	assert_int_equal(buf[5], 0x01);
	assert_good(emu_cmd(&e, "1B 00 00 00 03 00", buf, 8));
	/* GESN does not consume the unit attention. */
	gesn(&e, 0x10, buf);
	assert_int_equal(buf[4] & 0x0F, 2);
	assert_sense(emu_cmd(&e, "00 00 00 00 00 00", buf, 8), 6, 0x28, 0x00);
	emu_close(&e);
}

static void gesn_classes(void **state)
{
	(void)state;
	struct emu e;
	emu_open(&e, "cd-r");
	uint8_t buf[8];
	/* A pending media event wins over operational/power "no change". */
	gesn(&e, 0x16, buf);
	assert_int_equal(buf[2], 4);
	/* Nothing pending: the lowest requested class answers. */
	gesn(&e, 0x16, buf);
	assert_int_equal(buf[2], 1);
	gesn(&e, 0x04, buf);
	assert_int_equal(buf[2], 2);
	assert_int_equal(buf[5], 0x01); /* power: active */
	/* No supported class requested: NEA, header only. */
	struct emu_result r = gesn(&e, 0x08, buf);
	assert_good(r);
	assert_int_equal(r.len, 4);
	assert_int_equal(buf[2], 0x80);
	assert_int_equal(buf[0] << 8 | buf[1], 2);
	/* Asynchronous mode is not supported. */
	r = emu_cmd(&e, "4A 00 00 00 10 00 00 00 08 00", buf, 8);
	assert_sense(r, 5, 0x24, 0x00);
	assert_field_pointer(&r, 1, 1, 0);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tur_states),
		cmocka_unit_test(power_on_unit_attention),
		cmocka_unit_test(request_sense_reports_last_error),
		cmocka_unit_test(request_sense_consumes_unit_attention),
		cmocka_unit_test(request_sense_desc_refused),
		cmocka_unit_test(request_sense_pollable),
		cmocka_unit_test(busy_progress),
		cmocka_unit_test(inquiry_standard),
		cmocka_unit_test(inquiry_vpd),
		cmocka_unit_test(serials_differ),
		cmocka_unit_test(serial_stable_across_reopen),
		cmocka_unit_test(inquiry_errors),
		cmocka_unit_test(start_stop_prevent),
		cmocka_unit_test(load_empty_tray),
		cmocka_unit_test(mechanism_status),
		cmocka_unit_test(gesn_media_events),
		cmocka_unit_test(gesn_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
