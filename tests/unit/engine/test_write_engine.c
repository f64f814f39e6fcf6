/* WriteEngine2 against a scripted drive: data lands at the right LBAs,
 * WRITE(10) vs WRITE(12)+streaming, transfer sizing, properties, errors,
 * retries, cancel from another thread, concurrent writes refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/write_engine.h"
#include "fake_drive.h"

/* A generated stream: sector s, byte i = (s * 131 + i) mod 251. */
struct pattern {
	int64_t pos;
	int64_t size;
	unsigned read_delay_ms;
};

static uint8_t pattern_byte(int64_t pos)
{
	return (uint8_t)(((pos / 2048) * 131 + pos % 2048) % 251);
}

static db_status pattern_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct pattern *p = s->ctx;
	if (p->read_delay_ms)
		fake_sleep_ms(p->read_delay_ms);
	size_t n = p->size - p->pos < (int64_t)len ? (size_t)(p->size - p->pos) : len;
	for (size_t i = 0; i < n; i++)
		((uint8_t *)buf)[i] = pattern_byte(p->pos + (int64_t)i);
	p->pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void pattern_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops pattern_ops = {.read = pattern_read, .close = pattern_close};

/* size: the stream's real length; announced: what it claims (-1 unknown). */
static struct db_stream *pattern_stream(int64_t size, int64_t announced)
{
	struct pattern *p = calloc(1, sizeof(*p));
	struct db_stream *s;
	p->size = size;
	assert_int_equal(db_stream_create(&pattern_ops, p, announced, &s), DB_S_OK);
	return s;
}

struct fixture {
	struct fake_drive *f;
	struct db_recorder *r;
	struct db_write_engine *e;
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	x->f = fake_new(0x001A); /* DVD+RW */
	x->r = fake_recorder(x->f);
	assert_int_equal(db_write_engine_create(&x->e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(x->e, x->r), DB_S_OK);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	db_write_engine_destroy(x->e);
	db_recorder_close(x->r);
	fake_free(x->f);
	free(x);
	return 0;
}

static void assert_pattern_at(struct fake_drive *f, int32_t lba, int32_t n)
{
	for (int64_t pos = 0; pos < (int64_t)n * 2048; pos++)
		if (f->disc[(int64_t)lba * 2048 + pos] != pattern_byte(pos))
			fail_msg("byte %lld of the section differs", (long long)pos);
}

static unsigned count_op(struct fake_drive *f, uint8_t op)
{
	unsigned n = 0;
	for (unsigned i = 0; i < f->n_log; i++)
		n += f->log_op[i] == op;
	return n;
}

static void test_writes_section_with_write10(void **state)
{
	struct fixture *x = *state;
	struct db_stream *s = pattern_stream(100 * 2048, 100 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 16, 100), DB_S_OK);
	assert_pattern_at(x->f, 16, 100);
	/* 64 KiB device limit, ECC-aligned on DVD: 32 sectors per WRITE. */
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 4);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_12), 0);
	assert_int_equal(x->f->log_blocks[x->f->n_log - 1], 4);
	db_stream_close(s);
}

static void test_streaming_write12_sets_bit(void **state)
{
	struct fixture *x = *state;
	assert_int_equal(db_write_engine_put_use_streaming_write12(x->e, true), DB_S_OK);
	assert_true(db_write_engine_get_use_streaming_write12(x->e));
	struct db_stream *s = pattern_stream(64 * 2048, 64 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 64), DB_S_OK);
	assert_pattern_at(x->f, 0, 64);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_12), 2);
	for (unsigned i = 0; i < x->f->n_log; i++)
		if (x->f->log_op[i] == MMC_OP_WRITE_12)
			assert_true(x->f->log_streaming[i]);
	db_stream_close(s);
}

static void test_recorder_required(void **state)
{
	(void)state;
	struct db_write_engine *e;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	struct db_stream *s = pattern_stream(2048, 2048);
	assert_int_equal(db_write_engine_write_section(e, s, 0, 1), DB_E_IMAPI_RECORDER_REQUIRED);
	db_stream_close(s);
	db_write_engine_destroy(e);
}

static void test_properties(void **state)
{
	struct fixture *x = *state;
	assert_int_equal(db_write_engine_get_bytes_per_sector(x->e), 2048);
	assert_int_equal(db_write_engine_put_bytes_per_sector(x->e, 2352), DB_S_OK);
	assert_int_equal(db_write_engine_put_bytes_per_sector(x->e, 2047), DB_E_INVALIDARG);
	assert_int_equal(db_write_engine_put_bytes_per_sector(x->e, 0), DB_E_INVALIDARG);
	assert_int_equal(db_write_engine_get_starting_sectors_per_second(x->e), -1);
	assert_int_equal(db_write_engine_put_starting_sectors_per_second(x->e, 0), DB_E_INVALIDARG);
	assert_int_equal(db_write_engine_put_ending_sectors_per_second(x->e, 700), DB_S_OK);
	assert_int_equal(db_write_engine_get_ending_sectors_per_second(x->e), 700);
	assert_ptr_equal(db_write_engine_get_recorder(x->e), x->r);
	assert_false(db_write_engine_get_write_in_progress(x->e));
	assert_int_equal(db_write_engine_cancel(x->e), DB_S_IMAPI_WRITE_NOT_IN_PROGRESS);
	struct db_stream *s = pattern_stream(4 * 2048, -1);
	assert_int_equal(db_write_engine_write_section(x->e, s, INT32_MAX - 1, 4), DB_E_INVALIDARG);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 0), DB_E_INVALIDARG);
	assert_int_equal(db_write_engine_write_section(x->e, NULL, 0, 1), DB_E_POINTER);
	db_stream_close(s);
}

static void test_short_stream_refused_or_eof(void **state)
{
	struct fixture *x = *state;
	/* Known size too small: refused before any command. */
	struct db_stream *s = pattern_stream(10 * 2048, 10 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 11),
			 DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 0);
	db_stream_close(s);
	/* Unknown size that runs out: the whole sectors go out, then EOF. */
	s = pattern_stream(10 * 2048 + 100, -1);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 40), DB_ERROR_HANDLE_EOF);
	assert_pattern_at(x->f, 0, 10);
	db_stream_close(s);
}

static void test_failure_maps_sense(void **state)
{
	struct fixture *x = *state;
	fake_fail_next(x->f, MMC_OP_WRITE_10, MMC_SENSE_MEDIUM_LOSS_OF_STREAMING);
	struct db_stream *s = pattern_stream(64 * 2048, 64 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 64), DB_E_IMAPI_LOSS_OF_STREAMING);
	assert_false(db_write_engine_get_write_in_progress(x->e));
	db_stream_close(s);
}

static void test_long_write_in_progress_polls_buffer(void **state)
{
	struct fixture *x = *state;
	fake_fail_next(x->f, MMC_OP_WRITE_10, MMC_SENSE_NOT_READY_LONG_WRITE);
	fake_fail_next(x->f, MMC_OP_WRITE_10, MMC_SENSE_NOT_READY_LONG_WRITE);
	struct db_stream *s = pattern_stream(64 * 2048, 64 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 64), DB_S_OK);
	assert_pattern_at(x->f, 0, 64);
	assert_int_equal(x->f->rbc_polls, 2);
	db_stream_close(s);
}

static void test_unit_attention_before_and_during(void **state)
{
	struct fixture *x = *state;
	/* Pending before the section: TEST UNIT READY consumes it. */
	fake_fail_next(x->f, 0xFF, MMC_SENSE_UNIT_ATTENTION_POWER_ON_RESET);
	struct db_stream *s = pattern_stream(32 * 2048, 32 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 32), DB_S_OK);
	assert_int_equal(x->f->log_op[0], MMC_OP_TEST_UNIT_READY);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 1);
	db_stream_close(s);
	/* In the middle of the data: the disc may have changed, never
	 * repeat the WRITE onto it. */
	fake_fail_next(x->f, MMC_OP_WRITE_10, MMC_SENSE_UNIT_ATTENTION_MEDIUM_CHANGED);
	s = pattern_stream(32 * 2048, 32 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 32), DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 2);
	db_stream_close(s);
}

struct progress_log {
	unsigned calls;
	struct db_write_progress last;
	bool read_ahead_ok;
	bool buffer_consistent;
};

static void on_progress(const struct db_write_progress *p, void *ctx)
{
	struct progress_log *l = ctx;
	l->calls++;
	l->last = *p;
	if (p->last_read_lba < p->last_written_lba)
		l->read_ahead_ok = false;
	if (p->used_system_buffer + p->free_system_buffer != p->total_system_buffer)
		l->buffer_consistent = false;
}

static void test_progress_events(void **state)
{
	struct fixture *x = *state;
	struct progress_log log = {.read_ahead_ok = true, .buffer_consistent = true};
	db_write_engine_set_progress(x->e, on_progress, &log);
	struct db_stream *s = pattern_stream(320 * 2048, 320 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 100, 320), DB_S_OK);
	assert_int_equal(log.calls, 10);
	assert_int_equal(log.last.start_lba, 100);
	assert_int_equal(log.last.sector_count, 320);
	assert_int_equal(log.last.last_written_lba, 419);
	assert_int_equal(log.last.last_read_lba, 419);
	assert_true(log.read_ahead_ok);
	assert_true(log.buffer_consistent);
	assert_true(log.last.total_system_buffer >= 2 * 64 * 1024);
	db_stream_close(s);
}

static void test_pacing(void **state)
{
	struct fixture *x = *state;
	/* 96 sectors at 640 sectors/s in WRITEs of 32: the second is due at
	 * 32/640 = 50 ms, the third (sectors 64..95) at 64/640 = 100 ms. */
	assert_int_equal(db_write_engine_put_starting_sectors_per_second(x->e, 640), DB_S_OK);
	assert_int_equal(db_write_engine_put_ending_sectors_per_second(x->e, 640), DB_S_OK);
	struct db_stream *s = pattern_stream(96 * 2048, 96 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 96), DB_S_OK);
	/* The waits went through the transport's host_wait, on its clock
	 * (the fake's own account), not by sleeping behind its back:
	 * exactly the 100 ms the schedule needs, rounded up to whole ms. */
	assert_in_range(x->f->host_waited_ms, 100, 101);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 3);
	db_stream_close(s);
}

struct cancel_ctx {
	struct db_write_engine *e;
	struct fake_drive *f;
	unsigned after_ms;
	db_status rc;
	unsigned writes_sent_at_cancel; /* WRITEs the drive had begun */
};

static unsigned writes_begun(struct fake_drive *f)
{
	pthread_mutex_lock(&f->lock);
	unsigned n = 0;
	for (unsigned i = 0; i < f->n_log; i++)
		n += f->log_op[i] == MMC_OP_WRITE_10;
	pthread_mutex_unlock(&f->lock);
	return n;
}

static void *cancel_later(void *arg)
{
	struct cancel_ctx *c = arg;
	fake_sleep_ms(c->after_ms);
	if (c->f)
		c->writes_sent_at_cancel = writes_begun(c->f);
	c->rc = db_write_engine_cancel(c->e);
	return NULL;
}

static void test_cancel_from_another_thread(void **state)
{
	struct fixture *x = *state;
	x->f->write_delay_ms = 50; /* every WRITE blocks 50 ms */
	struct db_stream *s = pattern_stream(1024 * 2048, 1024 * 2048);
	struct cancel_ctx c = {.e = x->e, .f = x->f, .after_ms = 120};
	pthread_t t;
	pthread_create(&t, NULL, cancel_later, &c);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 1024), DB_E_IMAPI_REQUEST_CANCELLED);
	clock_gettime(CLOCK_MONOTONIC, &b);
	pthread_join(t, NULL);
	assert_int_equal(c.rc, DB_S_OK);
	/* Stopped within one command: the WRITE in flight when cancel came
	 * may finish, no other one starts. */
	assert_true(c.writes_sent_at_cancel >= 1);
	assert_true(writes_begun(x->f) <= c.writes_sent_at_cancel + 1);
	double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	assert_true(ms < 2000); /* and not the 1024 sectors x 50 ms/32 of the whole section */
	assert_false(db_write_engine_get_write_in_progress(x->e));
	db_stream_close(s);
}

static void test_cancel_while_stream_starves(void **state)
{
	struct fixture *x = *state;
	/* The reader is slow (a pipe with nothing in it): the writer waits on
	 * the ring, and cancel must still get it out. */
	struct db_stream *s = pattern_stream(1024 * 2048, 1024 * 2048);
	((struct pattern *)s->ctx)->read_delay_ms = 30;
	struct cancel_ctx c = {.e = x->e, .after_ms = 60};
	pthread_t t;
	pthread_create(&t, NULL, cancel_later, &c);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 1024), DB_E_IMAPI_REQUEST_CANCELLED);
	pthread_join(t, NULL);
	db_stream_close(s);
}

struct second_ctx {
	struct db_write_engine *e;
	db_status rc;
	bool saw_in_progress;
	bool props_frozen;
};

static void *second_write(void *arg)
{
	struct second_ctx *c = arg;
	for (int i = 0; i < 200 && !db_write_engine_get_write_in_progress(c->e); i++)
		fake_sleep_ms(1);
	c->saw_in_progress = db_write_engine_get_write_in_progress(c->e);
	struct db_stream *s = pattern_stream(2048, 2048);
	c->rc = db_write_engine_write_section(c->e, s, 0, 1);
	c->props_frozen = db_write_engine_put_bytes_per_sector(c->e, 2048) ==
			  DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
	db_stream_close(s);
	db_write_engine_cancel(c->e);
	return NULL;
}

static void test_second_write_refused(void **state)
{
	struct fixture *x = *state;
	x->f->write_delay_ms = 20;
	struct second_ctx c = {.e = x->e};
	pthread_t t;
	pthread_create(&t, NULL, second_write, &c);
	struct db_stream *s = pattern_stream(1024 * 2048, 1024 * 2048);
	db_status st = db_write_engine_write_section(x->e, s, 0, 1024);
	pthread_join(t, NULL);
	assert_true(c.saw_in_progress);
	assert_int_equal(c.rc, DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS);
	assert_int_equal(st, DB_E_IMAPI_REQUEST_CANCELLED);
	/* Properties are frozen during a write too. */
	assert_true(c.props_frozen);
	db_stream_close(s);
}

static bool outer_says(void *ctx)
{
	return *(bool *)ctx;
}

/* A caller's own cancel check on the device (DiscFormat2Data has one)
 * keeps working during the section and is put back afterwards. */
static void test_outer_cancel_check_chained(void **state)
{
	struct fixture *x = *state;
	struct db_device *d = db_recorder_device(x->r);
	bool outer = false;
	db_device_set_cancel_check(d, outer_says, &outer);
	struct db_stream *s = pattern_stream(32 * 2048, 32 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 32), DB_S_OK);
	db_stream_close(s);
	db_cancel_check fn;
	void *ctx;
	db_device_get_cancel_check(d, &fn, &ctx);
	assert_ptr_equal(fn, outer_says);
	assert_ptr_equal(ctx, &outer);
	/* While the drive is busy, the outer check ends the wait. */
	outer = true;
	fake_fail_next(x->f, MMC_OP_WRITE_10, MMC_SENSE_NOT_READY_OPERATION_IN_PROGRESS);
	s = pattern_stream(32 * 2048, 32 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 32), DB_E_IMAPI_REQUEST_CANCELLED);
	db_stream_close(s);
	db_device_set_cancel_check(d, NULL, NULL);
}

/* A caller's cancel that lands just before the section starts, when
 * CancelWrite would still find the engine idle (DiscFormat2Data between
 * two ranges), stops the section before its first WRITE instead of
 * letting it run to the end. */
static void test_outer_cancel_seen_before_first_write(void **state)
{
	struct fixture *x = *state;
	struct db_device *d = db_recorder_device(x->r);
	bool outer = true;
	db_device_set_cancel_check(d, outer_says, &outer);
	struct db_stream *s = pattern_stream(256 * 2048, 256 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 256), DB_E_IMAPI_REQUEST_CANCELLED);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 0);
	db_stream_close(s);
	db_device_set_cancel_check(d, NULL, NULL);
}

/* CD-DA sectors (2352 bytes, DiscFormat2TrackAtOnce): every WRITE
 * carries whole 2352-byte blocks, its block count is in those sectors,
 * and the data lands as sent; the transfer limit counts them too (60 KiB
 * is 26 of them, not 30). */
static void test_cdda_sectors(void **state)
{
	struct fixture *x = *state;
	x->f->profile = 0x0009; /* CD-R */
	x->f->sector_bytes = 2352;
	x->f->max_transfer = 60 * 1024;
	assert_int_equal(db_write_engine_put_bytes_per_sector(x->e, 2352), DB_S_OK);
	struct db_stream *s = pattern_stream(100 * 2352, 100 * 2352);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 100), DB_S_OK);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 4); /* 26 + 26 + 26 + 22 */
	assert_int_equal(x->f->log_blocks[x->f->n_log - 1], 22);
	for (int64_t pos = 0; pos < 100 * 2352; pos++)
		if (x->f->disc[pos] != pattern_byte(pos))
			fail_msg("byte %lld of the CD-DA section differs", (long long)pos);
	db_stream_close(s);
}

static void test_cd_transfer_not_ecc_aligned(void **state)
{
	struct fixture *x = *state;
	x->f->profile = 0x0009; /* CD-R */
	x->f->max_transfer = 60 * 1024; /* 30 sectors: fine on CD */
	struct db_stream *s = pattern_stream(60 * 2048, 60 * 2048);
	assert_int_equal(db_write_engine_write_section(x->e, s, 0, 60), DB_S_OK);
	assert_int_equal(count_op(x->f, MMC_OP_WRITE_10), 2);
	assert_int_equal(x->f->log_blocks[x->f->n_log - 1], 30);
	db_stream_close(s);
}

/* WRITE sizes round down to the medium's recording unit: DVD ECC blocks
 * of 16 sectors, BD clusters of 32 (64 KiB, not 32 KiB), nothing on CD.
 * A 96 KiB device limit is three DVD ECC blocks but only one and a half
 * BD clusters: one cluster per WRITE. */
static void test_transfer_whole_recording_units(void **state)
{
	(void)state;
	static const struct {
		uint16_t profile;
		size_t limit;
		uint32_t per_write;
	} cases[] = {
		{0x0009, 96 << 10, 48}, /* CD-R: any whole sector count */
		{0x001A, 96 << 10, 48}, /* DVD+RW: 3 ECC blocks */
		{0x001B, 100 << 10, 48}, /* DVD+R: 50 sectors, 3 whole blocks */
		{0x0041, 96 << 10, 32}, /* BD-R SRM: 1 cluster, not 48 */
		{0x0043, 96 << 10, 32}, /* BD-RE */
		{0x0043, 192 << 10, 96}, /* BD-RE: 3 clusters */
		{0x0043, 1 << 20, 128}, /* BD-RE: capped at 256 KiB = 4 clusters */
		{0x0043, 48 << 10, 24}, /* below one cluster: kept, not 0 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* A drive per case: the device caches its limit. */
		struct fixture *x;
		setup((void **)&x);
		x->f->profile = cases[i].profile;
		x->f->max_transfer = cases[i].limit;
		struct db_stream *s = pattern_stream(256 * 2048, 256 * 2048);
		assert_int_equal(db_write_engine_write_section(x->e, s, 0, 256), DB_S_OK);
		db_stream_close(s);
		/* Every WRITE but the last carries per_write sectors. */
		unsigned writes = 0;
		for (unsigned j = 0; j < x->f->n_log; j++) {
			if (x->f->log_op[j] != MMC_OP_WRITE_10)
				continue;
			writes++;
			if (writes * cases[i].per_write <= 256 &&
			    x->f->log_blocks[j] != cases[i].per_write)
				fail_msg("profile %04X, limit %zu KiB: WRITE %u of %u sectors, "
					 "expected %u", cases[i].profile, cases[i].limit >> 10,
					 writes, x->f->log_blocks[j], cases[i].per_write);
		}
		assert_int_equal(writes, (256 + cases[i].per_write - 1) / cases[i].per_write);
		assert_pattern_at(x->f, 0, 256);
		teardown((void **)&x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes_section_with_write10, setup, teardown),
		cmocka_unit_test_setup_teardown(test_streaming_write12_sets_bit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recorder_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_properties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_stream_refused_or_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_maps_sense, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_write_in_progress_polls_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_attention_before_and_during, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pacing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_from_another_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_while_stream_starves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_write_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cd_transfer_not_ecc_aligned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cdda_sectors, setup, teardown),
		cmocka_unit_test(test_transfer_whole_recording_units),
		cmocka_unit_test_setup_teardown(test_outer_cancel_check_chained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outer_cancel_seen_before_first_write, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
