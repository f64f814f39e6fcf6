/* The logind inhibitor lock around a burn (docs/engine.md "Keeping the
 * machine awake"), against a fake logind on a private bus
 * (tests/support/logind_rig.h): held, with what/who/why/mode as logind
 * wants them, during DiscFormat2Data::Write (and its verification),
 * WriteEngine2::WriteSection and DiscFormat2Erase::EraseMedia, one lock
 * for nested operations, and gone after a success, an error, a cancel,
 * and SIGINT of the discburn CLI mid-burn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "discburn/erase.h"
#include "discburn/write_engine.h"
#include "format2data_harness.h"
#include "logind_rig.h"

static struct logind_rig rig;

static int rig_up(void **s)
{
	(void)s;
	rig_start(&rig, false);
	return 0;
}

static int rig_down(void **s)
{
	(void)s;
	rig_stop(&rig);
	return 0;
}

/* What the engine asks logind for, who aside. */
static void expect_lock_line(const char *who)
{
	char line[512], want[512];
	rig_last_inhibit(&rig, line, sizeof(line));
	snprintf(want, sizeof(want), "what=sleep:shutdown:idle who=%s why=burning a disc mode=block",
		 who);
	assert_string_equal(line, want);
}

/* After an operation: exactly one more lock than before, and it is gone
 * (the fake saw its descriptor close). */
static void expect_one_lock_released(unsigned before)
{
	assert_int_equal(rig_count(&rig, "inhibit"), before + 1);
	if (!rig_wait(&rig, "release", before + 1))
		fail_msg("the inhibitor lock was not released");
	assert_false(rig_held(&rig));
}

/* ---- a stream that looks at the lock while the engine reads it -------- */

struct probe {
	int64_t pos;
	int64_t fail_at; /* bytes; -1: never */
	unsigned reads, held; /* from the reader thread: no asserts there */
};

static db_status probe_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct probe *p = s->ctx;
	p->reads++;
	p->held += rig_held(&rig);
	if (p->fail_at >= 0 && p->pos >= p->fail_at)
		return DB_E_FAIL;
	size_t n = s->size - p->pos < (int64_t)len ? (size_t)(s->size - p->pos) : len;
	memset(buf, 0x5A, n);
	p->pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void probe_close(struct db_stream *s)
{
	db_stream_free(s);
}

static const struct db_stream_ops probe_ops = {.read = probe_read, .close = probe_close};

static struct db_stream *probe_stream(struct probe *p, int32_t sectors)
{
	struct db_stream *s;
	assert_int_equal(db_stream_create(&probe_ops, p, (int64_t)sectors * 2048, &s), DB_S_OK);
	return s;
}

/* ---- DiscFormat2Data::Write ------------------------------------------- */

struct watch {
	struct db_format2data *f;
	unsigned events, held, verifying;
	bool cancel_when_writing;
};

static void on_progress(const struct db_format2data_progress *p, void *ctx)
{
	struct watch *w = ctx;
	w->events++;
	w->held += rig_held(&rig);
	w->verifying += p->current_action == DB_DF2D_VERIFYING;
	if (w->cancel_when_writing && p->current_action == DB_DF2D_WRITING_DATA)
		(void)db_format2data_cancel(w->f);
}

static db_status write_probe(struct h_disc *x, struct probe *p, int32_t sectors,
			     struct watch *w, enum db_verification_level verify)
{
	assert_int_equal(db_format2data_create(&w->f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(w->f, x->r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(w->f, "inhibit-test"), DB_S_OK);
	assert_int_equal(db_format2data_put_verification_level(w->f, verify), DB_S_OK);
	db_format2data_set_progress(w->f, on_progress, w);
	struct db_stream *s = probe_stream(p, sectors);
	db_status st = db_format2data_write(w->f, s);
	db_stream_close(s);
	db_format2data_destroy(w->f);
	return st;
}

static void test_write_holds_lock(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	unsigned before = rig_count(&rig, "inhibit");
	struct probe p = {.fail_at = -1};
	struct watch w = {0};
	assert_int_equal(write_probe(x, &p, 4096, &w, DB_VERIFY_FULL), DB_S_OK);
	/* every read of the image and every event, verification included,
	 * saw the lock */
	assert_true(p.reads > 0);
	assert_int_equal(p.held, p.reads);
	assert_true(w.events > 0 && w.verifying > 0);
	assert_int_equal(w.held, w.events);
	expect_lock_line("inhibit-test");
	/* Write -> WriteSection: one lock, not two */
	expect_one_lock_released(before);
	h_close(x);
}

static void test_write_error_releases(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	unsigned before = rig_count(&rig, "inhibit");
	struct probe p = {.fail_at = 1024 * 2048};
	struct watch w = {0};
	assert_int_equal(write_probe(x, &p, 4096, &w, DB_VERIFY_NONE), DB_E_FAIL);
	assert_int_equal(p.held, p.reads);
	expect_one_lock_released(before);
	h_close(x);
}

static void test_cancel_releases(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	unsigned before = rig_count(&rig, "inhibit");
	struct probe p = {.fail_at = -1};
	struct watch w = {.cancel_when_writing = true};
	assert_int_equal(write_probe(x, &p, 8192, &w, DB_VERIFY_NONE),
			 DB_E_IMAPI_REQUEST_CANCELLED);
	assert_int_equal(w.held, w.events);
	expect_one_lock_released(before);
	h_close(x);
}

/* ---- WriteEngine2::WriteSection on its own ----------------------------- */

static void test_write_section_holds_lock(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	unsigned before = rig_count(&rig, "inhibit");
	struct db_write_engine *we;
	assert_int_equal(db_write_engine_create(&we), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(we, x->r), DB_S_OK);
	struct probe p = {.fail_at = -1};
	struct db_stream *st = probe_stream(&p, 512);
	assert_int_equal(db_write_engine_write_section(we, st, 0, 512), DB_S_OK);
	db_stream_close(st);
	db_write_engine_destroy(we);
	assert_true(p.reads > 0);
	assert_int_equal(p.held, p.reads);
	expect_lock_line("discburn"); /* WriteEngine2 has no client name */
	expect_one_lock_released(before);
	h_close(x);
}

/* ---- DiscFormat2Erase::EraseMedia -------------------------------------- */

struct erase_watch {
	unsigned events, held;
};

static void on_erase(int32_t el, int32_t total, int progress, void *ctx)
{
	(void)el, (void)total, (void)progress;
	struct erase_watch *w = ctx;
	w->events++;
	w->held += rig_held(&rig);
}

static void erase_holds_lock(const char *profile)
{
	struct h_disc *x = h_open(profile);
	h_burn_pattern(x, 1000, 1, &(struct h_burn){0});
	unsigned before = rig_count(&rig, "inhibit");
	if (!rig_wait(&rig, "release", before))
		fail_msg("the burn's lock was not released");
	struct db_format2erase *e;
	struct erase_watch w = {0};
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_put_client_name(e, "eraser"), DB_S_OK);
	db_format2erase_set_progress(e, on_erase, &w);
	assert_int_equal(db_format2erase_erase_media(e), DB_S_OK);
	db_format2erase_destroy(e);
	assert_true(w.events > 0);
	assert_int_equal(w.held, w.events);
	expect_lock_line("eraser");
	/* DVD+RW: EraseMedia -> WriteSection of zeros, still one lock */
	expect_one_lock_released(before);
	h_close(x);
}

static void test_erase_holds_lock(void **s)
{
	(void)s;
	erase_holds_lock("cd-rw");
	erase_holds_lock("dvd+rw");
}

/* An erase refused (write-once medium) releases the lock too. */
static void test_erase_error_releases(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	unsigned before = rig_count(&rig, "inhibit");
	struct db_format2erase *e;
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_erase_media(e), DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED);
	db_format2erase_destroy(e);
	expect_one_lock_released(before);
	h_close(x);
}

/* ---- SIGINT of the discburn CLI mid-burn ------------------------------- */

static void test_cli_sigint_releases(void **s)
{
	(void)s;
	char img[192], plan[192], drive[256];
	snprintf(img, sizeof(img), "%s/img", rig.dir);
	snprintf(plan, sizeof(plan), "%s/plan.txt", rig.dir);
	snprintf(drive, sizeof(drive), "emu:dvd+r:%s/disc", rig.dir);
	int fd = open(img, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 8 << 20), 0);
	close(fd);
	/* On the real clock each WRITE takes 250 ms more: 32 of them, 8 s,
	 * long enough to interrupt. */
	FILE *f = fopen(plan, "w");
	assert_non_null(f);
	fprintf(f, "on WRITE always do delay 250ms\n");
	fclose(f);
	unsigned before = rig_count(&rig, "inhibit");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("DISCBURN_EMU_CLOCK", "real", 1);
		setenv("DISCBURN_EMU_FAULTS", plan, 1);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl(DISCBURN_BUILD_DIR "/bin/discburn", "discburn", "write", "--drive", drive,
		      img, (char *)NULL);
		_exit(127);
	}
	bool locked = rig_wait(&rig, "inhibit", before + 1);
	if (locked)
		usleep(500 * 1000); /* into the writes */
	kill(pid, SIGINT);
	int status = 0;
	uint64_t end = rig_now_ms() + RIG_WAIT_MS * 2;
	pid_t done = 0;
	while ((done = waitpid(pid, &status, WNOHANG)) == 0 && rig_now_ms() < end)
		usleep(20000);
	if (done == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("discburn write did not stop on SIGINT");
	}
	assert_true(locked);
	expect_lock_line("discburn");
	/* the CLI cancelled: it did not finish the burn */
	assert_true(WIFEXITED(status));
	assert_int_not_equal(WEXITSTATUS(status), 0);
	expect_one_lock_released(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_holds_lock),
		cmocka_unit_test(test_write_error_releases),
		cmocka_unit_test(test_cancel_releases),
		cmocka_unit_test(test_write_section_holds_lock),
		cmocka_unit_test(test_erase_holds_lock),
		cmocka_unit_test(test_erase_error_releases),
		cmocka_unit_test(test_cli_sigint_releases),
	};
	return cmocka_run_group_tests(tests, rig_up, rig_down);
}
