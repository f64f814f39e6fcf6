/* SetWriteSpeed's rotation (issue 12, item 12): pure CAV reaches the
 * drive on DVD and BD (SET STREAMING, Write Rotation Control 01b) as on
 * CD (SET CD SPEED, Rotation Control 01b), and Write ends with
 * S_IMAPI_ROTATIONADJUSTED / S_IMAPI_BOTHADJUSTED when the drive records
 * otherwise. The emulated media record CAV at their fast speeds only
 * (media-profiles: cav_from), as real burners do, and say so in mode page
 * 2Ah byte 27. A recording transport between device and emulator sees
 * what was sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>

#include <cmocka.h>

#include "format2data_harness.h"
#include "tap_rig.h"
#include "mmc/opcodes.h"
#include "mmc/profiles.h"

/* What the tap saw of the speed commands. */
struct speed_seen {
	int streaming_byte0; /* last SET STREAMING descriptor byte 0, -1 none */
	int cd_speed_byte1; /* last SET CD SPEED CDB byte 1, -1 none */
};

static void see_speed(void *ctx, const struct db_cmd *c)
{
	struct speed_seen *r = ctx;
	if (c->cdb[0] == MMC_OP_SET_STREAMING && c->dir == DB_DIR_OUT && c->len >= 28)
		r->streaming_byte0 = ((const uint8_t *)c->buf)[0];
	if (c->cdb[0] == MMC_OP_SET_CD_SPEED)
		r->cd_speed_byte1 = c->cdb[1];
}

struct rig {
	struct tap_rig tap;
	struct db_recorder *r;
	struct speed_seen *t;
};

static void rig_open(struct rig *g, const char *profile)
{
	g->t = calloc(1, sizeof(*g->t));
	assert_non_null(g->t);
	g->t->streaming_byte0 = g->t->cd_speed_byte1 = -1;
	tap_rig_open(&g->tap, profile, see_speed, g->t);
	g->r = g->tap.r;
}

static void rig_close(struct rig *g)
{
	tap_rig_close(&g->tap);
	free(g->t);
}

/* One Write of 64 sectors at sps with or without pure CAV; *cav gets
 * CurrentRotationTypeIsPureCAV afterwards. */
static db_status burn_at(struct rig *g, int32_t sps, bool pure_cav, bool *cav)
{
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, g->r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(f, "speed-test"), DB_S_OK);
	assert_int_equal(db_format2data_set_write_speed(f, sps, pure_cav), DB_S_OK);
	struct db_stream *s = h_pattern(64 * 2048, 1);
	db_status st = db_format2data_write(f, s);
	db_stream_close(s);
	if (cav)
		*cav = db_format2data_get_current_rotation_is_pure_cav(f);
	db_format2data_destroy(f);
	return st;
}

#define WRC(byte0) (((byte0) >> 3) & 3)

/* The drive's own sectors/s of its listed speed nearest n x (1x: CD
 * 176.4, DVD 1385, BD 4495.5 kB/s), as an application takes it from
 * the write speed descriptors. */
static int32_t listed_sps(struct rig *g, unsigned n)
{
	struct db_configuration cfg;
	assert_int_equal(db_recorder_profiles(g->r, &cfg), DB_S_OK);
	enum mmc_media_family fam = mmc_profile_family(cfg.current_profile);
	double one_x = fam == MMC_FAMILY_CD ? 176.4 : fam == MMC_FAMILY_DVD ? 1385.0 : 4495.5;
	struct db_write_speed ws[DB_MAX_SPEEDS];
	unsigned k = 0;
	assert_int_equal(db_recorder_write_speeds(g->r, ws, DB_MAX_SPEEDS, &k), DB_S_OK);
	assert_true(k > 0);
	unsigned best = 0;
	for (unsigned i = 1; i < k; i++)
		if (fabs(ws[i].write_kbps - n * one_x) < fabs(ws[best].write_kbps - n * one_x))
			best = i;
	assert_true(fabs(ws[best].write_kbps - n * one_x) < one_x / 2);
	return (int32_t)db_write_speed_sectors_per_second(&ws[best], cfg.current_profile);
}

struct case_ {
	const char *profile;
	unsigned x; /* a listed speed; 5: between the listed 4x and 6x */
	bool pure_cav;
	db_status want;
	bool recorded_cav;
};

/* dvd+r, dvd-r: CAV from 12x; bd-r: from 8x; cd-r: from 32x. */
static const struct case_ cases[] = {
	/* pure CAV at a CAV speed: taken, and sent as asked */
	{"dvd+r", 16, true, DB_S_OK, true},
	{"dvd-r", 12, true, DB_S_OK, true},
	{"bd-r", 12, true, DB_S_OK, true},
	{"cd-r", 48, true, DB_S_OK, true},
	/* pure CAV where the drive records CLV: rotation adjusted */
	{"dvd+r", 4, true, DB_S_IMAPI_ROTATIONADJUSTED, false},
	{"bd-r", 4, true, DB_S_IMAPI_ROTATIONADJUSTED, false},
	{"cd-r", 16, true, DB_S_IMAPI_ROTATIONADJUSTED, false},
	/* ... and at a speed it does not have: both */
	{"dvd+r", 5, true, DB_S_IMAPI_BOTHADJUSTED, false},
	{"bd-r", 5, true, DB_S_IMAPI_BOTHADJUSTED, false},
	/* no rotation asked: whatever the drive does is what was asked */
	{"dvd+r", 16, false, DB_S_OK, true},
	{"dvd+r", 4, false, DB_S_OK, false},
	{"dvd+r", 5, false, DB_S_IMAPI_SPEEDADJUSTED, false},
};

static void test_rotation_requested_and_adjusted(void **s)
{
	(void)s;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_ *c = &cases[i];
		struct rig g;
		rig_open(&g, c->profile);
		int32_t sps = c->x == 5 ? (listed_sps(&g, 4) + listed_sps(&g, 6)) / 2
					: listed_sps(&g, c->x);
		bool cav = !c->recorded_cav;
		db_status got = burn_at(&g, sps, c->pure_cav, &cav);
		if (got != c->want)
			fail_msg("%s at %ux (%d sectors/s), pure CAV %d: %s, expected %s",
				 c->profile, c->x, sps, c->pure_cav, db_status_name(got),
				 db_status_name(c->want));
		assert_int_equal(cav, c->recorded_cav);
		/* The rotation asked for reached the drive in the command of
		 * the medium's family. */
		if (strncmp(c->profile, "cd", 2) == 0) {
			assert_int_equal(g.t->streaming_byte0, -1);
			assert_int_equal(g.t->cd_speed_byte1 & 3, c->pure_cav ? 1 : 0);
		} else {
			assert_int_not_equal(g.t->streaming_byte0, -1);
			assert_int_equal(WRC(g.t->streaming_byte0), c->pure_cav ? 1 : 0);
		}
		rig_close(&g);
	}
}

/* Pure CAV without a speed (the fastest) is still sent. */
static void test_pure_cav_at_fastest(void **s)
{
	(void)s;
	struct rig g;
	rig_open(&g, "bd-r");
	bool cav = false;
	assert_int_equal(burn_at(&g, -1, true, &cav), DB_S_OK);
	assert_true(cav);
	assert_int_equal(WRC(g.t->streaming_byte0), 1);
	rig_close(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rotation_requested_and_adjusted),
		cmocka_unit_test(test_pure_cav_at_fastest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
