/* The bounded ring between the reader thread and the writer. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ring.h"

static void test_fifo_order_and_accounting(void **state)
{
	(void)state;
	struct db__ring r;
	assert_int_equal(db__ring_init(&r, 16, 3), DB_S_OK);
	assert_int_equal(db__ring_total(&r), 48);
	for (int i = 0; i < 3; i++) {
		unsigned char *p = db__ring_begin_put(&r);
		memset(p, 'a' + i, 16);
		db__ring_end_put(&r, (size_t)(10 + i));
	}
	assert_int_equal(db__ring_used(&r), 33);
	for (int i = 0; i < 3; i++) {
		size_t len;
		db_status st;
		const unsigned char *p = db__ring_begin_get(&r, &len, &st);
		assert_non_null(p);
		assert_int_equal(st, DB_S_OK);
		assert_int_equal(len, 10 + i);
		assert_int_equal(p[0], 'a' + i);
		db__ring_end_get(&r);
	}
	assert_int_equal(db__ring_used(&r), 0);
	db__ring_finish(&r, DB_S_OK);
	size_t len;
	db_status st = DB_E_FAIL;
	assert_null(db__ring_begin_get(&r, &len, &st));
	assert_int_equal(st, DB_S_OK);
	db__ring_destroy(&r);
}

static void test_bad_sizes(void **state)
{
	(void)state;
	struct db__ring r;
	assert_int_equal(db__ring_init(&r, 0, 3), DB_E_INVALIDARG);
	assert_int_equal(db__ring_init(&r, 16, 0), DB_E_INVALIDARG);
}

struct producer {
	struct db__ring *r;
	unsigned n;
	unsigned max_seen_count;
	db_status end;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	for (unsigned i = 0; i < p->n; i++) {
		unsigned char *slot = db__ring_begin_put(p->r);
		if (!slot)
			return NULL;
		memcpy(slot, &i, sizeof(i));
		db__ring_end_put(p->r, sizeof(i));
		pthread_mutex_lock(&p->r->lock);
		if (p->r->count > p->max_seen_count)
			p->max_seen_count = p->r->count;
		pthread_mutex_unlock(&p->r->lock);
	}
	db__ring_finish(p->r, p->end);
	return NULL;
}

static void test_threads_bounded_and_ordered(void **state)
{
	(void)state;
	struct db__ring r;
	assert_int_equal(db__ring_init(&r, sizeof(unsigned), 4), DB_S_OK);
	struct producer p = {.r = &r, .n = 10000, .end = DB_ERROR_HANDLE_EOF};
	pthread_t t;
	pthread_create(&t, NULL, produce, &p);
	unsigned expect = 0;
	for (;;) {
		size_t len;
		db_status st;
		const unsigned char *slot = db__ring_begin_get(&r, &len, &st);
		if (!slot) {
			/* The producer's reason reaches the consumer. */
			assert_int_equal(st, DB_ERROR_HANDLE_EOF);
			break;
		}
		unsigned v;
		memcpy(&v, slot, sizeof(v));
		assert_int_equal(v, expect++);
		db__ring_end_get(&r);
	}
	pthread_join(t, NULL);
	assert_int_equal(expect, 10000);
	assert_true(p.max_seen_count <= 4); /* never more than n_slots */
	db__ring_destroy(&r);
}

static void *cancel_soon(void *arg)
{
	struct timespec ts = {0, 20 * 1000000L};
	nanosleep(&ts, NULL);
	db__ring_cancel(arg);
	return NULL;
}

static void test_cancel_wakes_both_sides(void **state)
{
	(void)state;
	struct db__ring r;
	assert_int_equal(db__ring_init(&r, 8, 1), DB_S_OK);
	/* Consumer waiting on an empty ring. */
	pthread_t t;
	pthread_create(&t, NULL, cancel_soon, &r);
	size_t len;
	db_status st;
	assert_null(db__ring_begin_get(&r, &len, &st));
	assert_int_equal(st, DB_E_IMAPI_REQUEST_CANCELLED);
	pthread_join(t, NULL);
	db__ring_destroy(&r);

	/* Producer waiting on a full ring. */
	assert_int_equal(db__ring_init(&r, 8, 1), DB_S_OK);
	db__ring_begin_put(&r);
	db__ring_end_put(&r, 8);
	pthread_create(&t, NULL, cancel_soon, &r);
	assert_null(db__ring_begin_put(&r));
	pthread_join(t, NULL);
	db__ring_destroy(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_order_and_accounting),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_threads_bounded_and_ordered),
		cmocka_unit_test(test_cancel_wakes_both_sides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
