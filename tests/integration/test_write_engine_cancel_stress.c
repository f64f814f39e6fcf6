/* CancelWrite from another thread at random moments (issue 12, item 2):
 * 1,000 short sections on an emulated DVD+RW in virtual time, each one
 * cancelled after a random delay that falls before it starts, while it
 * runs (reader ahead, writer mid-WRITE, pacing wait) or after it ended.
 * Every section must end S_OK or E_IMAPI_REQUEST_CANCELLED, and the
 * engine must be idle afterwards; run under ThreadSanitizer (label tsan)
 * it must also be race-free. The window this guards is the end of a
 * section, where the engine tears its ring down while a cancel may be
 * reaching for it.
 *
 * The seed is printed; DISCBURN_STRESS_SEED=N replays the same delays,
 * sizes and pacing (thread scheduling still varies from run to run).
 * A watchdog fails the test, naming the section and the seed, when a
 * section does not end within WATCHDOG_S, instead of leaving ctest to
 * time out on a hang. */
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"
#include "discburn/write_engine.h"

#define SECTIONS 1000
#define MAX_SECTORS 96
#define WATCHDOG_S 60

/* xorshift64*: small, seedable, the same sequence everywhere. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static db_status fill_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	(void)s;
	memset(buf, 0x5A, len);
	*got = len;
	*eof = false;
	return DB_S_OK;
}

static void fill_close(struct db_stream *s)
{
	db_stream_free(s);
}

static const struct db_stream_ops fill_ops = {.read = fill_read, .close = fill_close};

/* One section's orders for the canceller, and what it saw. */
struct canceller {
	struct db_write_engine *e;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned go; /* section number to cancel; SECTIONS + 1: quit */
	unsigned done; /* last section handled */
	uint64_t delay_ns;
	db_status rc;
};

static void *canceller_main(void *arg)
{
	struct canceller *c = arg;
	for (unsigned seen = 0;;) {
		pthread_mutex_lock(&c->lock);
		while (c->go == seen)
			pthread_cond_wait(&c->cond, &c->lock);
		seen = c->go;
		uint64_t delay = c->delay_ns;
		pthread_mutex_unlock(&c->lock);
		if (seen > SECTIONS)
			return NULL;
		/* Spin rather than sleep: a sleep's granularity (50 us and
		 * more) is longer than the windows worth hitting. */
		for (uint64_t t0 = now_ns(); now_ns() - t0 < delay;)
			;
		db_status rc = db_write_engine_cancel(c->e);
		pthread_mutex_lock(&c->lock);
		c->rc = rc;
		c->done = seen;
		pthread_cond_broadcast(&c->cond);
		pthread_mutex_unlock(&c->lock);
	}
}

static _Atomic unsigned watchdog_section;
static _Atomic bool watchdog_stop;
static uint64_t watchdog_seed;

static void *watchdog_main(void *arg)
{
	(void)arg;
	unsigned last = (unsigned)-1;
	uint64_t since = now_ns();
	while (!atomic_load(&watchdog_stop)) {
		unsigned cur = atomic_load(&watchdog_section);
		if (cur != last) {
			last = cur;
			since = now_ns();
		} else if (now_ns() - since > (uint64_t)WATCHDOG_S * 1000000000u) {
			fprintf(stderr, "watchdog: section %u did not end within %d s "
					"(replay: DISCBURN_STRESS_SEED=%" PRIu64 ")\n",
				cur, WATCHDOG_S, watchdog_seed);
			_exit(3);
		}
		struct timespec ts = {0, 100 * 1000000L};
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static uint64_t stress_seed(void)
{
	const char *v = getenv("DISCBURN_STRESS_SEED");
	if (v && *v) {
		char *end;
		uint64_t s = strtoull(v, &end, 0);
		if (*end || s == 0)
			fail_msg("DISCBURN_STRESS_SEED=%s: not a non-zero number", v);
		return s;
	}
	uint64_t s = now_ns() ^ ((uint64_t)getpid() << 32);
	return s ? s : 1;
}

static void format_dvd_plus_rw(struct db_device *d)
{
	struct db_format_capacities fc;
	assert_int_equal(db_mmc_read_format_capacities(d, &fc), DB_S_OK);
	const struct db_format_descriptor *f = db_format_find(&fc, 0x26);
	assert_non_null(f);
	assert_int_equal(db_mmc_format_unit(d, true, f->blocks, 0x26, 0, f->param), DB_S_OK);
	assert_int_equal(db_mmc_wait_while_busy(d, 60000, 50, NULL, NULL), DB_S_OK);
}

static db_status one_section(struct db_write_engine *e, int32_t sectors)
{
	struct db_stream *s;
	assert_int_equal(db_stream_create(&fill_ops, NULL, -1, &s), DB_S_OK);
	db_status st = db_write_engine_write_section(e, s, 0, sectors);
	db_stream_close(s);
	return st;
}

static void test_cancel_at_random_moments(void **state)
{
	(void)state;
	char dir[] = "/tmp/cancel-stress-XXXXXX", spec[128], cmd[128];
	assert_non_null(mkdtemp(dir));
	snprintf(spec, sizeof(spec), "emu:dvd+rw:%s/disc", dir);
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	setenv("DISCBURN_EMU_CLOCK", "virtual", 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(spec, 0, &r), DB_S_OK);
	format_dvd_plus_rw(db_recorder_device(r));

	uint64_t seed = stress_seed(), rng = seed;
	watchdog_seed = seed;
	/* From here on (section 0: the calibration below) a hang fails. */
	pthread_t wt;
	assert_int_equal(pthread_create(&wt, NULL, watchdog_main, NULL), 0);
	printf("cancel stress: seed %" PRIu64 " (replay: DISCBURN_STRESS_SEED=%" PRIu64 ")\n",
	       seed, seed);
	fflush(stdout);

	struct db_write_engine *e;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, r), DB_S_OK);
	/* A small ring (four WRITEs' worth): the reader fills it and waits, so
	 * a cancel also meets a reader blocked on a full ring. */
	assert_int_equal(db_write_engine_put_system_buffer(e, 4 * 32 * 1024), DB_S_OK);
	/* 16 sectors per WRITE: up to six WRITEs a section, paced between. */
	assert_int_equal(db_write_engine_put_max_transfer(e, 32 * 1024), DB_S_OK);

	/* How long a section takes here (TSan is many times slower, and
	 * the machine may be busy): the delays spread over 1.5 of it, so
	 * they fall before, inside and after the section alike. Kept as a
	 * running mean of the sections that ran to the end, so a load that
	 * changes during the test does not push every delay to one side. */
	uint64_t t0 = now_ns();
	for (int i = 0; i < 8; i++)
		assert_int_equal(one_section(e, MAX_SECTORS), DB_S_OK);
	uint64_t mean = (now_ns() - t0) / 8;

	struct canceller c = {.e = e};
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.cond, NULL);
	pthread_t ct;
	assert_int_equal(pthread_create(&ct, NULL, canceller_main, &c), 0);

	unsigned n_ok = 0, n_cancelled = 0, n_paced = 0;
	for (unsigned i = 1; i <= SECTIONS; i++) {
		atomic_store(&watchdog_section, i);
		int32_t sectors = 1 + (int32_t)(rng_next(&rng) % MAX_SECTORS);
		/* One section in four paced (the wait passes on the drive's
		 * virtual clock): a cancel must also end a pacing wait. */
		bool paced = rng_next(&rng) % 4 == 0;
		int32_t sps = paced ? 100 + (int32_t)(rng_next(&rng) % 5000) : -1;
		assert_int_equal(db_write_engine_put_starting_sectors_per_second(e, sps), DB_S_OK);
		assert_int_equal(db_write_engine_put_ending_sectors_per_second(e, sps), DB_S_OK);
		n_paced += paced;
		uint64_t span = mean * 3 / 2 > 1000 ? mean * 3 / 2 : 1000;
		pthread_mutex_lock(&c.lock);
		c.delay_ns = rng_next(&rng) % span;
		c.go = i;
		pthread_cond_broadcast(&c.cond);
		pthread_mutex_unlock(&c.lock);

		uint64_t ts = now_ns();
		db_status st = one_section(e, sectors);
		if (st == DB_S_OK && !paced)
			mean = (mean * 7 + (now_ns() - ts)) / 8;

		pthread_mutex_lock(&c.lock);
		while (c.done != i)
			pthread_cond_wait(&c.cond, &c.lock);
		db_status crc = c.rc;
		pthread_mutex_unlock(&c.lock);
		if (st != DB_S_OK && st != DB_E_IMAPI_REQUEST_CANCELLED)
			fail_msg("section %u (%d sectors) ended %s (0x%08" PRIX32
				 "); replay: DISCBURN_STRESS_SEED=%" PRIu64,
				 i, sectors, db_status_name(st), (uint32_t)st, seed);
		if (crc != DB_S_OK && crc != DB_S_IMAPI_WRITE_NOT_IN_PROGRESS)
			fail_msg("section %u: cancel returned 0x%08" PRIX32, i, (uint32_t)crc);
		/* Cancelled only by a cancel that found the section running. */
		if (st == DB_E_IMAPI_REQUEST_CANCELLED && crc != DB_S_OK)
			fail_msg("section %u cancelled, but cancel said not in progress", i);
		if (db_write_engine_get_write_in_progress(e))
			fail_msg("section %u: still in progress after it returned", i);
		n_ok += st == DB_S_OK;
		n_cancelled += st == DB_E_IMAPI_REQUEST_CANCELLED;
	}

	pthread_mutex_lock(&c.lock);
	c.go = SECTIONS + 1;
	pthread_cond_broadcast(&c.cond);
	pthread_mutex_unlock(&c.lock);
	pthread_join(ct, NULL);
	atomic_store(&watchdog_stop, true);
	pthread_join(wt, NULL);
	printf("cancel stress: %u sections, %u S_OK, %u cancelled, %u paced\n", SECTIONS, n_ok,
	       n_cancelled, n_paced);
	/* The delays must have landed on both sides, or the test did not
	 * test what it says. */
	assert_true(n_ok >= SECTIONS / 20);
	assert_true(n_cancelled >= SECTIONS / 20);

	/* The drive is fine afterwards: a last section without a cancel. */
	assert_int_equal(one_section(e, MAX_SECTORS), DB_S_OK);
	db_write_engine_destroy(e);
	db_recorder_close(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cancel_at_random_moments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
