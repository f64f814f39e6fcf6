/* Issue 12 item 4: a drive's firmware answers status commands while it
 * blanks, formats or waits for the medium to take a WRITE. On the REAL
 * clock one thread sends a non-Immed BLANK, a non-Immed FORMAT UNIT, a
 * WRITE that must wait for buffer room, a SYNCHRONIZE CACHE or a WRITE a
 * fault plan delays (each lasting about 1-2 s), while
 * this thread sends TEST UNIT READY, REQUEST SENSE, GET EVENT STATUS
 * NOTIFICATION and INQUIRY: each must be answered within ANSWER_MS, far
 * less than the long command lasts (a functional check with a generous
 * bound, not a benchmark: the kernel's sr gives a poll 30 s). Media
 * commands get the busy sense during a BLANK / FORMAT and wait for the
 * WRITE to finish. The last test (virtual clock) checks that a refusal
 * seen while busy is not reported again by REQUEST SENSE once the drive
 * is ready. */
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "drive.h" /* white box: the write speed of a short real blank */
#include "emu_harness.h"

#define NS_PER_MS 1000000ull
/* Each status command must come back this fast while the drive works
 * (they take well under 1 ms; the rest is room for a loaded machine). */
#define ANSWER_MS 400
/* Give up waiting for the long command to start after this long. */
#define START_MS 5000

#define TUR "00 00 00 00 00 00"
#define REQUEST_SENSE "03 00 00 00 12 00"
#define GESN_MEDIA "4A 01 00 00 10 00 00 00 08 00"
#define INQUIRY "12 00 00 00 24 00"
#define READ_CAPACITY "25 00 00 00 00 00 00 00 00 00"
#define READ_BUFFER_CAPACITY "5C 00 00 00 00 00 00 00 0C 00"

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A drive on the real clock with a fresh disc, power-on attention read;
 * faults: a fault plan file or NULL. */
static void open_real_with(struct emu *e, const char *profile, const char *faults)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->dir, "/tmp/emu-test-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->disc, sizeof(e->disc), "%s/disc", e->dir);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .profile = profile, .disc_path = e->disc,
					  .fault_plan = faults, .clock = MMCEMU_CLOCK_REAL};
	char err[256] = "";
	if (mmcemu_drive_open(&cfg, &e->drive, err, sizeof(err)))
		fail_msg("mmcemu_drive_open(%s): %s", profile, err);
	assert_sense(emu_cmd(e, TUR, NULL, 0), 6, 0x29, 0x00);
}

static void open_real(struct emu *e, const char *profile)
{
	open_real_with(e, profile, NULL);
}

/* The long command, on its own thread. */
struct job {
	struct emu *e;
	const char *cdb;
	const void *out;
	size_t out_len;
	struct emu_result r;
	uint64_t start_ns, end_ns;
	atomic_bool done;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	j->start_ns = mono_ns();
	j->r = emu_cmd_data(j->e, j->cdb, j->out, j->out_len, NULL, 0);
	j->end_ns = mono_ns();
	atomic_store(&j->done, true);
	return NULL;
}

static void start_job(pthread_t *t, struct job *j)
{
	assert_int_equal(pthread_create(t, NULL, run_job, j), 0);
}

/* Runs one command and fails when it took longer than ANSWER_MS. */
static struct emu_result timed(struct emu *e, const char *what, const char *cdb, void *in,
			       size_t cap)
{
	uint64_t t0 = mono_ns();
	struct emu_result r = emu_cmd(e, cdb, in, cap);
	uint64_t ms = (mono_ns() - t0) / NS_PER_MS;
	if (ms > ANSWER_MS)
		fail_msg("%s took %llu ms while the drive was busy (at most %d)", what,
			 (unsigned long long)ms, ANSWER_MS);
	return r;
}

/* Polls TEST UNIT READY until it reports the busy sense 02/04/ascq: the
 * long command is running. Not timed: the command saves the disc (fsync)
 * with the lock held before it starts its wait. A drive that holds its
 * lock across the wait never says busy: its TUR waits, then says GOOD. */
static void wait_busy(struct emu *e, uint8_t ascq)
{
	uint64_t t0 = mono_ns();
	for (;;) {
		struct emu_result r = emu_cmd(e, TUR, NULL, 0);
		if (r.status == 2 && r.sense.key == 2 && r.sense.asc == 0x04 &&
		    r.sense.ascq == ascq)
			return;
		if (mono_ns() - t0 > START_MS * NS_PER_MS)
			fail_msg("the drive never reported 02/04/%02X to TEST UNIT READY", ascq);
		struct timespec ts = {0, 5 * 1000000};
		nanosleep(&ts, NULL);
	}
}

/* The status commands, each answered at once, while the drive is busy
 * with a long operation (02/04/ascq, rising progress). */
static void status_answered_busy(struct emu *e, uint8_t ascq)
{
	uint8_t buf[64];
	struct emu_result r = timed(e, "TEST UNIT READY", TUR, NULL, 0);
	assert_sense(r, 2, 0x04, ascq);
	assert_int_equal(r.raw_sense[15], 0x80); /* SKSV: progress indication */
	assert_good(timed(e, "REQUEST SENSE", REQUEST_SENSE, buf, 18));
	assert_int_equal(buf[2] & 0x0F, 2);
	assert_int_equal(buf[12], 0x04);
	assert_int_equal(buf[13], ascq);
	assert_good(timed(e, "GET EVENT STATUS NOTIFICATION", GESN_MEDIA, buf, 8));
	assert_good(timed(e, "INQUIRY", INQUIRY, buf, 36));
	/* A media command is refused with the same sense, not held. */
	assert_sense(timed(e, "READ CAPACITY", READ_CAPACITY, buf, 8), 2, 0x04, ascq);
}

/* After the long command: ready, and REQUEST SENSE says nothing is wrong. */
static void ready_after(struct emu *e)
{
	uint8_t buf[18];
	assert_good(emu_cmd(e, TUR, NULL, 0));
	assert_good(emu_cmd(e, REQUEST_SENSE, buf, 18));
	assert_int_equal(buf[2] & 0x0F, 0);
	assert_int_equal(buf[12], 0);
}

/* BLANK minimal without Immed: the write speed is raised (white box) so
 * the blank lasts about 1.5 s of real time: lead-in + pregap of cd-rw.ini,
 * 11,076 sectors of 2048 bytes at 15.1 MB/s. */
#define CD_RW_LEAD_IN 11076u
#define BLANK_MS 1500u

static void blank_without_immed_answers_meanwhile(void **state)
{
	(void)state;
	struct emu e;
	open_real(&e, "cd-rw");
	uint64_t rate = (uint64_t)CD_RW_LEAD_IN * 2048 * 1000 / BLANK_MS;
	e.drive->write_speed_kbps = (uint32_t)(rate * 2352 / 2048 / 1000);
	struct job j = {.e = &e, .cdb = "A1 01 00 00 00 00 00 00 00 00 00 00"};
	pthread_t t;
	start_job(&t, &j);
	wait_busy(&e, 0x07);
	status_answered_busy(&e, 0x07);
	uint64_t answered = mono_ns();
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_good(j.r);
	/* The answers came while the BLANK was still running. */
	assert_true(answered < j.end_ns);
	assert_true(j.end_ns - j.start_ns >= (BLANK_MS - 10) * NS_PER_MS);
	ready_after(&e);
	emu_close(&e);
}

/* FORMAT UNIT without Immed on DVD+RW: busy for the profile's 2 s. */
static void format_without_immed_answers_meanwhile(void **state)
{
	(void)state;
	struct emu e;
	open_real(&e, "dvd+rw");
	static const uint8_t list[12] = {0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0x26 << 2};
	struct job j = {.e = &e, .cdb = "04 11 00 00 00 00", .out = list, .out_len = sizeof(list)};
	pthread_t t;
	start_job(&t, &j);
	wait_busy(&e, 0x04);
	status_answered_busy(&e, 0x04);
	uint64_t answered = mono_ns();
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_good(j.r);
	assert_true(answered < j.end_ns);
	assert_true(j.end_ns - j.start_ns >= 1990 * NS_PER_MS);
	ready_after(&e);
	emu_close(&e);
}

/* A WRITE larger than the drive buffer waits until the medium has taken
 * the excess: CD-R at 4x (614,748 user bytes/s, CLV), 2 MiB buffer, 1,400
 * sectors: (2,867,200 - 2,097,152) / 614,748 = 1.25 s. */
#define WRITE_BLOCKS 1400

static void paced_write_answers_status_meanwhile(void **state)
{
	(void)state;
	struct emu e;
	uint8_t buf[64];
	open_real(&e, "cd-r");
	assert_good(emu_cmd(&e, "BB 00 FF FF 02 C2 00 00 00 00 00 00", NULL, 0)); /* 4x */
	static uint8_t data[WRITE_BLOCKS * 2048];
	memset(data, 0x5A, sizeof(data));
	char cdb[64];
	snprintf(cdb, sizeof(cdb), "2A 00 00 00 00 00 00 %02X %02X 00", WRITE_BLOCKS >> 8,
		 WRITE_BLOCKS & 0xFF);
	struct job j = {.e = &e, .cdb = cdb, .out = data, .out_len = sizeof(data)};
	pthread_t t;
	start_job(&t, &j);
	/* The WRITE waits with the buffer full: READ BUFFER CAPACITY says
	 * no room (bytes 8-11 free). */
	uint64_t t0 = mono_ns();
	for (;;) {
		assert_good(timed(&e, "READ BUFFER CAPACITY", READ_BUFFER_CAPACITY, buf, 12));
		if ((buf[8] | buf[9] | buf[10] | buf[11]) == 0)
			break;
		if (mono_ns() - t0 > START_MS * NS_PER_MS)
			fail_msg("the WRITE never filled the buffer");
		struct timespec ts = {0, 5 * 1000000};
		nanosleep(&ts, NULL);
	}
	/* A writing drive is ready: TUR GOOD, nothing to report. */
	assert_good(timed(&e, "TEST UNIT READY", TUR, NULL, 0));
	assert_good(timed(&e, "REQUEST SENSE", REQUEST_SENSE, buf, 18));
	assert_int_equal(buf[2] & 0x0F, 0);
	assert_good(timed(&e, "GET EVENT STATUS NOTIFICATION", GESN_MEDIA, buf, 8));
	assert_good(timed(&e, "INQUIRY", INQUIRY, buf, 36));
	uint64_t answered = mono_ns();
	/* A media command waits for the WRITE and sees it done: the next
	 * writable address of track 1 is right after it (sent during the
	 * WRITE, it would say 0 had it not waited). */
	assert_good(emu_cmd(&e, "52 01 00 00 00 01 00 00 20 00", buf, 32));
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_good(j.r);
	assert_true(answered < j.end_ns);
	uint32_t nwa = (uint32_t)buf[12] << 24 | buf[13] << 16 | buf[14] << 8 | buf[15];
	assert_int_equal(nwa, WRITE_BLOCKS);
	assert_true(j.end_ns - j.start_ns >= 1200 * NS_PER_MS);
	emu_close(&e);
}

/* SYNCHRONIZE CACHE returns when the buffer is recorded: 2 MiB (a WRITE
 * that just fits the empty buffer) at 16x CD (2,457,251 user bytes/s),
 * 0.85 s, status commands answered all the while. */
static void sync_cache_answers_status_meanwhile(void **state)
{
	(void)state;
	struct emu e;
	uint8_t buf[12];
	open_real(&e, "cd-r");
	/* 2832 kB/s snaps down to 16x (2822), CLV on cd-r.ini. */
	assert_good(emu_cmd(&e, "BB 00 FF FF 0B 10 00 00 00 00 00 00", NULL, 0));
	static uint8_t data[1024 * 2048];
	assert_good(emu_cmd_data(&e, "2A 00 00 00 00 00 00 04 00 00", data, sizeof(data), NULL, 0));
	struct job j = {.e = &e, .cdb = "35 00 00 00 00 00 00 00 00 00"};
	pthread_t t;
	start_job(&t, &j);
	int polls = 0;
	while (!atomic_load(&j.done)) {
		assert_good(timed(&e, "TEST UNIT READY", TUR, NULL, 0));
		assert_good(timed(&e, "READ BUFFER CAPACITY", READ_BUFFER_CAPACITY, buf, 12));
		polls++;
		struct timespec ts = {0, 10 * 1000000};
		nanosleep(&ts, NULL);
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_good(j.r);
	assert_true(j.end_ns - j.start_ns >= 800 * NS_PER_MS);
	assert_true(polls >= 5);
	emu_close(&e);
}

/* A fault plan's "delay" makes one command slow, not the drive hung: a
 * WRITE delayed 1.5 s on the real clock, TEST UNIT READY and GESN polled
 * all the while, each answered at once. */
static void delayed_write_answers_status_meanwhile(void **state)
{
	(void)state;
	struct emu e;
	uint8_t buf[8];
	char plan[] = "/tmp/emu-delay-plan-XXXXXX";
	int fd = mkstemp(plan);
	assert_true(fd >= 0);
	static const char rule[] = "on WRITE once do delay 1500ms\n";
	assert_int_equal(write(fd, rule, sizeof(rule) - 1), (ssize_t)(sizeof(rule) - 1));
	close(fd);
	open_real_with(&e, "cd-r", plan);
	unlink(plan);
	static uint8_t data[16 * 2048];
	struct job j = {.e = &e, .cdb = "2A 00 00 00 00 00 00 00 10 00", .out = data,
			.out_len = sizeof(data)};
	pthread_t t;
	start_job(&t, &j);
	int polls = 0;
	while (!atomic_load(&j.done)) {
		assert_good(timed(&e, "TEST UNIT READY", TUR, NULL, 0));
		assert_good(timed(&e, "GET EVENT STATUS NOTIFICATION", GESN_MEDIA, buf, 8));
		polls++;
		struct timespec ts = {0, 10 * 1000000};
		nanosleep(&ts, NULL);
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_good(j.r);
	assert_true(j.end_ns - j.start_ns >= 1490 * NS_PER_MS);
	assert_true(polls >= 10);
	emu_close(&e);
}

/* Virtual clock: TEST UNIT READY refused during an Immed blank; once the
 * blank's time has passed REQUEST SENSE reports the drive as it is, ready
 * (SPC-4 6.39: the busy sense went back with the TUR's status), not the
 * refusal once more. */
static void request_sense_after_busy_reports_ready(void **state)
{
	(void)state;
	struct emu e;
	uint8_t buf[18];
	emu_open(&e, "cd-rw");
	assert_good(emu_cmd(&e, "A1 11 00 00 00 00 00 00 00 00 00 00", NULL, 0)); /* minimal, Immed */
	assert_sense(emu_cmd(&e, TUR, NULL, 0), 2, 0x04, 0x07);
	assert_sense(emu_cmd(&e, READ_CAPACITY, buf, 8), 2, 0x04, 0x07);
	mmcemu_advance_clock(e.drive, 3600ull * 1000 * NS_PER_MS);
	assert_good(emu_cmd(&e, REQUEST_SENSE, buf, 18));
	if ((buf[2] & 0x0F) != 0)
		fail_msg("REQUEST SENSE after the blank: %X/%02X/%02X, expected NO SENSE",
			 buf[2] & 0x0F, buf[12], buf[13]);
	assert_good(emu_cmd(&e, TUR, NULL, 0));
	/* A command's own error is still there for the REQUEST SENSE that
	 * follows it (ATAPI hosts fetch it so). */
	assert_sense(emu_cmd(&e, "FF 00 00 00 00 00", NULL, 0), 5, 0x20, 0x00);
	assert_good(emu_cmd(&e, REQUEST_SENSE, buf, 18));
	assert_int_equal(buf[2] & 0x0F, 5);
	assert_int_equal(buf[12], 0x20);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blank_without_immed_answers_meanwhile),
		cmocka_unit_test(format_without_immed_answers_meanwhile),
		cmocka_unit_test(paced_write_answers_status_meanwhile),
		cmocka_unit_test(sync_cache_answers_status_meanwhile),
		cmocka_unit_test(delayed_write_answers_status_meanwhile),
		cmocka_unit_test(request_sense_after_busy_reports_ready),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
