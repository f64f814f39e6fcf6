/* Drive buffer model: pacing of a fast host, underrun after a stall longer
 * than the buffer holds, no underrun for a shorter one, flush, unlimited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "clock.h"
#include "drive_buffer.h"

#define MS 1000000ull
#define S 1000000000ull
#define DVD4X (4ull * 1385000) /* bytes/s */
#define BUF (4ull << 20)
#define CHUNK (32ull << 10)

/* A host as fast as the bus: each WRITE is sent when the last completes. */
static uint64_t write_fast(struct drive_buffer *b, uint64_t t, uint64_t bytes)
{
	for (uint64_t sent = 0; sent < bytes; sent += CHUNK)
		t = buffer_accept(b, t, CHUNK);
	return t;
}

static void fast_host_is_paced_to_the_medium(void **state)
{
	(void)state;
	struct drive_buffer b;
	buffer_init(&b, BUF, DVD4X);
	uint64_t bytes = 200ull << 20;
	uint64_t t = write_fast(&b, 0, bytes);
	t = buffer_flush(&b, t);
	/* The whole transfer takes what the medium needs, to within one
	 * nanosecond per command of rounding. */
	uint64_t ideal = bytes * S / DVD4X;
	assert_true(t >= ideal);
	assert_true(t - ideal < (bytes / CHUNK) + 2);
	assert_false(b.recording);
}

static void stall_longer_than_buffer_underruns(void **state)
{
	(void)state;
	struct drive_buffer b;
	buffer_init(&b, BUF, DVD4X);
	uint64_t t = write_fast(&b, 0, 16ull << 20); /* buffer now full */
	assert_int_equal(buffer_free(&b, t), 0);
	/* 4 MiB at 5.54 MB/s lasts 757 ms. */
	assert_false(buffer_underrun(&b, t + 700 * MS));
	assert_true(buffer_underrun(&b, t + 800 * MS));
	buffer_resume(&b);
	assert_false(buffer_underrun(&b, t + 900 * MS));
	buffer_accept(&b, t + 900 * MS, CHUNK);
	assert_false(buffer_underrun(&b, t + 901 * MS));
}

static void stall_shorter_than_buffer_is_absorbed(void **state)
{
	(void)state;
	struct drive_buffer b;
	buffer_init(&b, BUF, DVD4X);
	uint64_t t = write_fast(&b, 0, 16ull << 20);
	t += 500 * MS;
	assert_false(buffer_underrun(&b, t));
	t = write_fast(&b, t, 8ull << 20);
	assert_false(buffer_underrun(&b, t));
}

static void flush_is_not_an_underrun(void **state)
{
	(void)state;
	struct drive_buffer b;
	buffer_init(&b, BUF, DVD4X);
	uint64_t t = write_fast(&b, 0, 1ull << 20);
	t = buffer_flush(&b, t);
	/* Next track, seconds later: the stream was closed properly. */
	assert_false(buffer_underrun(&b, t + 10 * S));
}

static void speed_change_takes_effect(void **state)
{
	(void)state;
	struct drive_buffer b;
	buffer_init(&b, BUF, DVD4X);
	buffer_accept(&b, 0, BUF);
	buffer_set_rate(&b, 0, 2 * DVD4X);
	assert_int_equal(buffer_flush(&b, 0), (BUF * S + 2 * DVD4X - 1) / (2 * DVD4X));
}

static void unlimited_never_waits_or_underruns(void **state)
{
	(void)state;
	struct drive_buffer b;
	buffer_init(&b, BUF, 0);
	assert_int_equal(write_fast(&b, 5, 64ull << 20), 5);
	assert_false(buffer_underrun(&b, 100 * S));
	assert_int_equal(buffer_free(&b, 100 * S), BUF);
}

static void virtual_clock_is_deterministic(void **state)
{
	(void)state;
	struct emu_clock c;
	clock_init(&c, MMCEMU_CLOCK_VIRTUAL);
	assert_int_equal(clock_now_ns(&c), 0);
	clock_wait_until(&c, 5 * MS);
	clock_wait_until(&c, 2 * MS); /* never backwards */
	clock_advance(&c, 800 * MS);
	assert_int_equal(clock_now_ns(&c), 805 * MS);
}

static void real_clock_sleeps(void **state)
{
	(void)state;
	struct emu_clock c;
	clock_init(&c, MMCEMU_CLOCK_REAL);
	uint64_t t0 = clock_now_ns(&c);
	clock_wait_until(&c, t0 + 20 * MS);
	assert_true(clock_now_ns(&c) >= t0 + 20 * MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fast_host_is_paced_to_the_medium),
		cmocka_unit_test(stall_longer_than_buffer_underruns),
		cmocka_unit_test(stall_shorter_than_buffer_is_absorbed),
		cmocka_unit_test(flush_is_not_an_underrun),
		cmocka_unit_test(speed_change_takes_effect),
		cmocka_unit_test(unlimited_never_waits_or_underruns),
		cmocka_unit_test(virtual_clock_is_deterministic),
		cmocka_unit_test(real_clock_sleeps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
