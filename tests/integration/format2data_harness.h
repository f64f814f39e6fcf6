/* Shared by the test_format2data_*.c and test_erase*.c integration tests:
 * an emulated drive on a fresh disc in a temporary directory (in-process,
 * libdiscburn + emu backend + libmmcemu), generated pattern streams, a
 * DiscFormat2Data burn, read-back comparison and the disc's state as the
 * drive reports it. Header-only (static functions): each test file stays
 * one executable. Include after <cmocka.h>. */
#ifndef DISCBURN_FORMAT2DATA_HARNESS_H
#define DISCBURN_FORMAT2DATA_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discburn/emu.h"
#include "discburn/format2data.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"

struct h_disc {
	char dir[64];
	char path[128];
	char drive[192];
	struct db_recorder *r;
	struct db_device *d;
};

static inline void h_open_named(struct h_disc *x, const char *profile)
{
	snprintf(x->path, sizeof(x->path), "%s/disc", x->dir);
	snprintf(x->drive, sizeof(x->drive), "emu:%s:%s", profile, x->path);
	assert_int_equal(db_recorder_open(x->drive, DB_OPEN_EXCLUSIVE, &x->r), DB_S_OK);
	x->d = db_recorder_device(x->r);
}

/* A drive with a blank disc of profile. */
static inline struct h_disc *h_open(const char *profile)
{
	struct h_disc *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/f2d-test-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	h_open_named(x, profile);
	return x;
}

/* Closes and opens the drive again: what the disc says after a restart. */
static inline void h_reopen(struct h_disc *x)
{
	db_recorder_close(x->r);
	h_open_named(x, "");
}

static inline void h_close(struct h_disc *x)
{
	char cmd[128];
	db_recorder_close(x->r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	assert_int_equal(system(cmd), 0);
	free(x);
}

/* ---- pattern streams: byte = f(seed, sector, offset) -------------------- */

struct h_pattern {
	int64_t pos;
	unsigned seed;
};

static inline uint8_t h_byte(unsigned seed, int64_t pos)
{
	return (uint8_t)(((pos / 2048) * 131 + pos % 2048 + seed * 17) % 251);
}

static db_status h_pattern_read(struct db_stream *s, void *buf, size_t len, size_t *got,
				bool *eof)
{
	struct h_pattern *p = s->ctx;
	size_t n = s->size - p->pos < (int64_t)len ? (size_t)(s->size - p->pos) : len;
	for (size_t i = 0; i < n; i++)
		((uint8_t *)buf)[i] = h_byte(p->seed, p->pos + (int64_t)i);
	p->pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void h_pattern_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops h_pattern_ops = {.read = h_pattern_read,
						    .close = h_pattern_close};

static inline struct db_stream *h_pattern(int64_t bytes, unsigned seed)
{
	struct h_pattern *p = calloc(1, sizeof(*p));
	p->seed = seed;
	struct db_stream *s;
	assert_int_equal(db_stream_create(&h_pattern_ops, p, bytes, &s), DB_S_OK);
	return s;
}

/* ---- burning ----------------------------------------------------------- */

struct h_burn {
	bool close;
	bool force_overwrite;
	bool no_burnfree;
	bool postgap_in_image;
	enum db_verification_level verify;
	int32_t speed_sps; /* 0: not set */
	const struct db_block_range_list *ranges;
	db_format2data_progress_fn progress;
	void *ctx;
};

static inline db_status h_write(struct h_disc *x, struct db_stream *s, const struct h_burn *o,
			 int32_t *start)
{
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, x->r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(f, "discburn-test"), DB_S_OK);
	assert_int_equal(db_format2data_put_force_media_to_be_closed(f, o->close), DB_S_OK);
	assert_int_equal(db_format2data_put_force_overwrite(f, o->force_overwrite), DB_S_OK);
	assert_int_equal(db_format2data_put_verification_level(f, o->verify), DB_S_OK);
	assert_int_equal(db_format2data_put_buffer_underrun_free_disabled(f, o->no_burnfree),
			 DB_S_OK);
	assert_int_equal(db_format2data_put_postgap_already_in_image(f, o->postgap_in_image),
			 DB_S_OK);
	if (o->speed_sps)
		assert_int_equal(db_format2data_set_write_speed(f, o->speed_sps, false), DB_S_OK);
	db_format2data_set_progress(f, o->progress, o->ctx);
	db_status st = db_format2data_write_ranges(f, s, o->ranges);
	int32_t n;
	if (start)
		db_format2data_last_extent(f, start, &n);
	db_format2data_destroy(f);
	return st;
}

/* Burns sectors of pattern seed; returns where they went. */
static inline int32_t h_burn_pattern(struct h_disc *x, int32_t sectors, unsigned seed,
			      const struct h_burn *o)
{
	struct db_stream *s = h_pattern((int64_t)sectors * 2048, seed);
	int32_t start = -1;
	db_status st = h_write(x, s, o, &start);
	db_stream_close(s);
	if (st != DB_S_OK)
		fail_msg("burn on %s: %s (0x%08X)", x->drive, db_status_name(st), db_status_hex(st));
	return start;
}

/* The disc holds pattern seed, sectors [first, first+n) of the image, at
 * lba + first onward. */
static inline void h_expect_pattern(struct h_disc *x, int32_t lba, int32_t first, int32_t n,
			     unsigned seed)
{
	uint8_t *buf = malloc(32 * 2048);
	for (int32_t i = 0; i < n; i += 32) {
		uint32_t k = n - i < 32 ? (uint32_t)(n - i) : 32;
		assert_int_equal(db_mmc_read(x->d, lba + i, k, buf), DB_S_OK);
		for (size_t b = 0; b < (size_t)k * 2048; b++) {
			int64_t pos = (int64_t)(first + i) * 2048 + (int64_t)b;
			if (buf[b] != h_byte(seed, pos))
				fail_msg("%s: LBA %d byte %zu: %u, expected %u", x->drive,
					 lba + i + (int32_t)(b / 2048), b % 2048, buf[b],
					 h_byte(seed, pos));
		}
	}
	free(buf);
}

/* IMAPI2's default CD postgap (PostgapAlreadyInImage false): 150 zero
 * sectors after the image in the same track. */
static inline int32_t h_postgap(const char *profile)
{
	return strncmp(profile, "cd", 2) == 0 ? 150 : 0;
}

static inline struct db_disc_info h_disc_info(struct h_disc *x)
{
	struct db_disc_info di;
	assert_int_equal(db_mmc_read_disc_information(x->d, &di), DB_S_OK);
	return di;
}

static inline struct db_track_info h_track(struct h_disc *x, unsigned track)
{
	struct db_track_info ti;
	assert_int_equal(db_mmc_read_track_information(x->d, 1, track, &ti), DB_S_OK);
	return ti;
}

#endif
