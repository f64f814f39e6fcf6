/* Shared by the test_format2tao_*.c integration tests: a
 * DiscFormat2TrackAtOnce on an emulated drive (format2data_harness.h's
 * disc), sample streams, the drive's own answers (track information, the
 * raw READ TOC, page 05h). Header-only; include after <cmocka.h>. */
#ifndef DISCBURN_FORMAT2TAO_HARNESS_H
#define DISCBURN_FORMAT2TAO_HARNESS_H

#include "discburn/format2tao.h"
#include "format2data_harness.h"
#include "mmc/be.h"

#define T_CLIENT "discburn-test"
#define T_SECTOR DB_CDDA_SECTOR_BYTES

static inline struct db_format2tao *t_tao(struct h_disc *x)
{
	struct db_format2tao *f;
	assert_int_equal(db_format2tao_create(&f), DB_S_OK);
	if (x) {
		assert_int_equal(db_format2tao_put_recorder(f, x->r), DB_S_OK);
		assert_int_equal(db_format2tao_put_client_name(f, T_CLIENT), DB_S_OK);
	}
	return f;
}

static inline void t_ok(db_status st, const char *what)
{
	if (st != DB_S_OK)
		fail_msg("%s: %s (0x%08X)", what, db_status_name(st), db_status_hex(st));
}

/* bytes of samples, pattern seed (format2data_harness.h's pattern: any
 * byte count). */
static inline struct db_stream *t_samples(int64_t bytes, unsigned seed)
{
	return h_pattern(bytes, seed);
}

/* One track of bytes added; its status. */
static inline db_status t_add(struct db_format2tao *f, int64_t bytes, unsigned seed)
{
	struct db_stream *s = t_samples(bytes, seed);
	db_status st = db_format2tao_add_audio_track(f, s);
	db_stream_close(s);
	return st;
}

static inline int32_t t_i32(db_status (*get)(struct db_format2tao *, int32_t *),
			    struct db_format2tao *f)
{
	int32_t v = -12345;
	t_ok(get(f, &v), "getter");
	return v;
}

/* READ TOC format 0, TIME 0, from track 1: the raw answer. */
static inline size_t t_read_toc(struct h_disc *x, uint8_t *buf, size_t cap)
{
	struct db_cmd c;
	memset(buf, 0, cap);
	db_cdb_read_toc(&c, buf, (uint16_t)cap, 0, false, 1);
	t_ok(db_device_exec(x->d, &c), "READ TOC");
	size_t n = 2 + mmc_get_be16(buf);
	return n < cap ? n : cap;
}

static inline struct db_write_params t_page05(struct h_disc *x)
{
	struct db_write_params w;
	t_ok(db_mmc_get_write_params(x->d, &w), "MODE SENSE 05h");
	return w;
}

#endif
