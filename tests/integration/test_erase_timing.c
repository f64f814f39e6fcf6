/* DiscFormat2Erase against a drive whose BLANK and FORMAT UNIT take drive
 * time (issue 5), in-process on the virtual clock: the engine sends them
 * with Immed and polls REQUEST SENSE, its waits move the drive's clock
 * (the transport's host_wait), the progress it reports rises to the end,
 * and its polling bound outlasts a full CD-RW blank at 4x, the slowest
 * speed (about 20 minutes of drive time). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/erase.h"
#include "format2data_harness.h"
#include "mmcemu/mmcemu.h"

#define NS_PER_S 1000000000ull

struct progress_log {
	unsigned n;
	int first, last;
	bool fell;
	int32_t elapsed_s, total_s; /* of the last event */
	int32_t half_total_s; /* total estimated when half was done, -1 before */
	bool elapsed_fell;
};

static void on_progress(int32_t elapsed_s, int32_t total_s, int progress, void *ctx)
{
	struct progress_log *p = ctx;
	if (p->n && elapsed_s < p->elapsed_s)
		p->elapsed_fell = true;
	p->elapsed_s = elapsed_s;
	p->total_s = total_s;
	if (p->n == 0)
		p->half_total_s = -1;
	if (progress >= 32768 && p->half_total_s < 0)
		p->half_total_s = total_s;
	if (p->n == 0)
		p->first = progress;
	else if (progress < p->last)
		p->fell = true;
	p->last = progress;
	p->n++;
}

static struct mmcemu_drive *drive_of(struct h_disc *x)
{
	struct mmcemu_drive *d = db_emu_drive(db_device_transport(x->d));
	assert_non_null(d);
	return d;
}

/* Erases and returns the drive time it took, logging the progress. */
static uint64_t erase_timed(struct h_disc *x, bool full, struct progress_log *log)
{
	struct db_format2erase *e;
	uint64_t t0 = mmcemu_now_ns(drive_of(x));
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_put_full_erase(e, full), DB_S_OK);
	db_format2erase_set_progress(e, on_progress, log);
	assert_int_equal(db_format2erase_erase_media(e), DB_S_OK);
	db_format2erase_destroy(e);
	return mmcemu_now_ns(drive_of(x)) - t0;
}

static void expect_rising(const struct progress_log *log, unsigned min_events)
{
	if (log->n < min_events)
		fail_msg("%u progress events, want at least %u", log->n, min_events);
	assert_false(log->fell);
	assert_true(log->first < 0x1000);
	assert_int_equal(log->last, 65536);
}

/* 4x (SET CD SPEED 706 kB/s, 300 sectors/s of 2352 bytes): lead-in and
 * pregap 11,076 sectors plus the program area 359,849, 370,925 x 2048
 * bytes at 706,000 x 2048 / 2352 B/s = 1235.7 s. The erase waits it out through
 * REQUEST SENSE polls, 50 ms apart, each reporting the progress. */
static void test_full_blank_cd_rw_at_4x(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-rw");
	h_burn_pattern(x, 1000, 1, &(struct h_burn){0});
	assert_int_equal(db_mmc_set_cd_speed(x->d, 0xFFFF, 706), DB_S_OK);
	struct progress_log log = {0};
	uint64_t took = erase_timed(x, true, &log);
	print_message("full blank at 4x: %.1f s of drive time, %u progress events\n",
		      (double)took / NS_PER_S, log.n);
	assert_true(took >= 1235 * NS_PER_S && took < 1237 * NS_PER_S);
	expect_rising(&log, 20000);
	/* The times reported are the drive's (its clock moves with the
	 * engine's waits), not the few wall-clock milliseconds this took:
	 * elapsed ends at the drive time, and the total estimated half way
	 * is that within 1 %. */
	print_message("reported: elapsed %d s, total %d s (half way: %d s)\n", log.elapsed_s,
		      log.total_s, log.half_total_s);
	assert_false(log.elapsed_fell);
	assert_int_equal(log.elapsed_s, (int32_t)(took / NS_PER_S));
	assert_int_equal(log.total_s, log.elapsed_s);
	assert_true(log.half_total_s * 100 >= 1236 * 99 && log.half_total_s * 100 <= 1236 * 101);
	assert_int_equal(h_disc_info(x).disc_status, 0);
	h_close(x);
}

/* Minimal at the default 24x: 11,076 sectors at 1800 a second, 6.2 s. */
static void test_minimal_blank_cd_rw(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-rw");
	h_burn_pattern(x, 1000, 1, &(struct h_burn){0});
	struct progress_log log = {0};
	uint64_t took = erase_timed(x, false, &log);
	assert_true(took >= 6 * NS_PER_S && took < 7 * NS_PER_S);
	expect_rising(&log, 100);
	assert_int_equal(log.elapsed_s, 6); /* drive time, not wall time */
	assert_int_equal(h_disc_info(x).disc_status, 0);
	h_close(x);
}

/* DVD+RW and BD-RE: FORMAT UNIT keeps the drive busy for format_ms
 * (2 s, 5 s) before the quick erase writes its zeros. */
static void test_format_busy_then_quick_erase(void **s)
{
	(void)s;
	static const struct {
		const char *profile;
		uint64_t busy_s;
	} cases[] = {{"dvd+rw", 2}, {"bd-re", 5}};
	for (size_t i = 0; i < 2; i++) {
		struct h_disc *x = h_open(cases[i].profile);
		h_burn_pattern(x, 1000, 1, &(struct h_burn){0});
		struct progress_log log = {0};
		uint64_t took = erase_timed(x, false, &log);
		assert_true(took >= cases[i].busy_s * NS_PER_S);
		expect_rising(&log, 10);
		h_close(x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_blank_cd_rw_at_4x),
		cmocka_unit_test(test_minimal_blank_cd_rw),
		cmocka_unit_test(test_format_busy_then_quick_erase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
