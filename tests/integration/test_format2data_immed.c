/* "Nothing exceeds a 30 s command timeout": every command DiscFormat2Data
 * and DiscFormat2Erase send, on every path that formats, blanks, closes or
 * flushes, is seen by a recording transport between the device and the
 * emulator. The long ones carry Immed (FORMAT UNIT in its parameter list
 * header, BLANK, CLOSE TRACK/SESSION, SYNCHRONIZE CACHE in the CDB) and
 * are followed by REQUEST SENSE polls; no command asks for more than
 * 30 s. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/erase.h"
#include "format2data_harness.h"
#include "tap_rig.h"
#include "mmc/opcodes.h"

#define MAX_LOG 4096

/* Every command's opcode, byte 1, first parameter byte and timeout. */
struct cmd_log {
	unsigned n;
	struct {
		uint8_t op, byte1, param1;
		unsigned timeout_ms;
	} log[MAX_LOG];
};

static void log_cmd(void *ctx, const struct db_cmd *c)
{
	struct cmd_log *r = ctx;
	if (r->n < MAX_LOG) {
		r->log[r->n].op = c->cdb[0];
		r->log[r->n].byte1 = c->cdb[1];
		r->log[r->n].param1 = c->dir == DB_DIR_OUT && c->len > 1 ? ((uint8_t *)c->buf)[1] : 0;
		r->log[r->n].timeout_ms = c->timeout_ms ? c->timeout_ms : DB_TIMEOUT_DEFAULT_MS;
		r->n++;
	}
}

struct rig {
	struct tap_rig tap;
	struct db_recorder *r;
	struct cmd_log *t;
};

static void rig_open(struct rig *g, const char *profile)
{
	g->t = calloc(1, sizeof(*g->t));
	assert_non_null(g->t);
	tap_rig_open(&g->tap, profile, log_cmd, g->t);
	g->r = g->tap.r;
}

static void rig_close(struct rig *g)
{
	tap_rig_close(&g->tap);
	free(g->t);
}

static db_status burn(struct rig *g, int32_t sectors, bool close, bool force)
{
	struct db_format2data *f;
	struct db_stream *s = h_pattern((int64_t)sectors * 2048, 1);
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, g->r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(f, "immed-test"), DB_S_OK);
	assert_int_equal(db_format2data_put_force_media_to_be_closed(f, close), DB_S_OK);
	assert_int_equal(db_format2data_put_force_overwrite(f, force), DB_S_OK);
	assert_int_equal(db_format2data_put_verification_level(f, DB_VERIFY_FULL), DB_S_OK);
	db_status st = db_format2data_write(f, s);
	db_format2data_destroy(f);
	db_stream_close(s);
	return st;
}

static db_status erase(struct rig *g, bool full)
{
	struct db_format2erase *e;
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	assert_int_equal(db_format2erase_put_recorder(e, g->r), DB_S_OK);
	assert_int_equal(db_format2erase_put_full_erase(e, full), DB_S_OK);
	db_status st = db_format2erase_erase_media(e);
	db_format2erase_destroy(e);
	return st;
}

/* Immed where MMC puts it for the long commands; any other command is
 * fine without. */
static bool immed_ok(uint8_t op, uint8_t byte1, uint8_t param1)
{
	switch (op) {
	case MMC_OP_FORMAT_UNIT: return param1 & 0x02; /* list header byte 1 */
	case MMC_OP_BLANK: return byte1 & 0x10;
	case MMC_OP_CLOSE_TRACK_SESSION: return byte1 & 0x01;
	case MMC_OP_SYNCHRONIZE_CACHE: return byte1 & 0x02;
	default: return true;
	}
}

/* Every command within 30 s, the long ones with Immed and each followed
 * by a REQUEST SENSE poll; returns how many long ones were seen. */
static unsigned check_log(const struct rig *g)
{
	unsigned long_ones = 0;
	for (unsigned i = 0; i < g->t->n; i++) {
		uint8_t op = g->t->log[i].op;
		if (g->t->log[i].timeout_ms > 30000)
			fail_msg("command %u (%02Xh) asks for %u ms", i, op, g->t->log[i].timeout_ms);
		if (!immed_ok(op, g->t->log[i].byte1, g->t->log[i].param1))
			fail_msg("command %u (%02Xh) without Immed", i, op);
		if (op == MMC_OP_FORMAT_UNIT || op == MMC_OP_BLANK ||
		    op == MMC_OP_CLOSE_TRACK_SESSION) {
			long_ones++;
			assert_true(i + 1 < g->t->n);
			assert_int_equal(g->t->log[i + 1].op, MMC_OP_REQUEST_SENSE);
		}
	}
	return long_ones;
}

static void test_burns(void **s)
{
	(void)s;
	static const struct {
		const char *profile;
		bool close;
		unsigned long_ones; /* FORMAT / BLANK / CLOSE commands expected */
	} cases[] = {
		{"cd-r", false, 2}, /* close track, close session */
		{"dvd+r", true, 3}, /* + finalize 101b */
		{"bd-r", true, 3},
		{"dvd-r", false, 2},
		{"dvd+rw", false, 2}, /* format 26h, stop background format */
		{"bd-re", false, 1}, /* format 00h */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rig g;
		rig_open(&g, cases[i].profile);
		assert_int_equal(burn(&g, 700, cases[i].close, false), DB_S_OK);
		assert_int_equal(check_log(&g), cases[i].long_ones);
		rig_close(&g);
	}
}

static void test_overwrite_and_erase(void **s)
{
	(void)s;
	struct rig g;
	rig_open(&g, "cd-rw");
	assert_int_equal(burn(&g, 700, true, false), DB_S_OK);
	assert_int_equal(burn(&g, 300, false, true), DB_S_OK); /* BLANK, then the burn */
	assert_int_equal(erase(&g, true), DB_S_OK);
	assert_int_equal(check_log(&g), 2 + 1 + 2 + 1);
	rig_close(&g);
	rig_open(&g, "dvd+rw");
	assert_int_equal(erase(&g, false), DB_S_OK);
	assert_int_equal(check_log(&g), 2); /* format 26h, stop background format */
	rig_close(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burns),
		cmocka_unit_test(test_overwrite_and_erase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
