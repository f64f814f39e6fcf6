/* Exclusive access on the in-process emulated drive (issue 12, item 3):
 * two recorders on one disc share one drive; exclusivity follows an sg
 * node opened O_EXCL, every refusal is E_IMAPI_RECORDER_LOCKED and names
 * the holder's client, in this process and in another; and
 * DiscFormat2Data::Write and DiscFormat2Erase::EraseMedia give back the
 * exclusive access the caller held before (none, or its own name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "discburn/erase.h"
#include "discburn/write_engine.h"
#include "cli_run.h"
#include "format2data_harness.h"

struct fixture {
	char dir[64];
	char drive[192];
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/excl-test-XXXXXX");
	if (!mkdtemp(x->dir))
		return -1;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	if (db_emu_register() != DB_S_OK)
		return -1;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	int rc = system(cmd);
	free(x);
	return rc == 0 ? 0 : -1;
}

static const char *drive(struct fixture *x, const char *profile, const char *name)
{
	snprintf(x->drive, sizeof(x->drive), "emu:%s:%s/%s", profile, x->dir, name);
	return x->drive;
}

static struct db_recorder *open_ok(const char *name, unsigned flags)
{
	struct db_recorder *r = NULL;
	db_status st = db_recorder_open(name, flags, &r);
	if (st != DB_S_OK)
		fail_msg("open %s: %s (held by \"%s\")", name, db_status_name(st),
			 db_recorder_lock_owner());
	return r;
}

/* The open is refused and names owner. */
static void expect_locked(const char *name, unsigned flags, const char *owner)
{
	struct db_recorder *r = NULL;
	assert_int_equal(db_recorder_open(name, flags, &r), DB_E_IMAPI_RECORDER_LOCKED);
	assert_null(r);
	assert_string_equal(db_recorder_lock_owner(), owner);
}

static db_status write_image(struct db_recorder *r, int32_t sectors, unsigned seed,
			     db_format2data_progress_fn fn, void *ctx)
{
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(f, "burner"), DB_S_OK);
	db_format2data_set_progress(f, fn, ctx);
	struct db_stream *s = h_pattern((int64_t)sectors * 2048, seed);
	db_status st = db_format2data_write(f, s);
	db_stream_close(s);
	db_format2data_destroy(f);
	return st;
}

/* Two recorders on one disc are two initiators on one drive: what one
 * writes, the other reads at once. (Write itself needs exclusive access,
 * which another opener prevents; WriteEngine2 does not ask for it.) */
static void test_two_recorders_share_the_drive(void **state)
{
	struct fixture *x = *state;
	const char *name = drive(x, "dvd+rw", "shared");
	struct db_recorder *a = open_ok(name, 0);
	assert_int_equal(write_image(a, 64, 7, NULL, NULL), DB_S_OK); /* formats it */
	struct db_recorder *b = open_ok(name, 0);
	struct db_write_engine *we;
	assert_int_equal(db_write_engine_create(&we), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(we, a), DB_S_OK);
	struct db_stream *s = h_pattern(64 * 2048, 8);
	assert_int_equal(db_write_engine_write_section(we, s, 0, 64), DB_S_OK);
	db_stream_close(s);
	db_write_engine_destroy(we);
	struct h_disc view = {.r = b, .d = db_recorder_device(b)};
	snprintf(view.drive, sizeof(view.drive), "%s", name);
	h_expect_pattern(&view, 0, 0, 64, 8);
	db_recorder_close(a);
	db_recorder_close(b);
}

/* O_EXCL semantics, each refusal naming the holder. */
static void test_refusals_name_the_holder(void **state)
{
	struct fixture *x = *state;
	const char *name = drive(x, "cd-r", "held");
	struct db_recorder *a = open_ok(name, 0);
	assert_int_equal(db_recorder_acquire_exclusive(a, "app-A"), DB_S_OK);
	assert_string_equal(db_recorder_exclusive_owner(a), "app-A");
	expect_locked(name, 0, "app-A");
	expect_locked(name, DB_OPEN_EXCLUSIVE, "app-A");
	assert_int_equal(db_recorder_release_exclusive(a), DB_S_OK);
	assert_null(db_recorder_exclusive_owner(a));
	/* Open by another, held by none: an exclusive open or acquire is
	 * refused (O_EXCL counts every opener), with no one to name. */
	struct db_recorder *b = open_ok(name, 0);
	expect_locked(name, DB_OPEN_EXCLUSIVE, "");
	assert_int_equal(db_recorder_acquire_exclusive(a, "app-A"), DB_E_IMAPI_RECORDER_LOCKED);
	assert_string_equal(db_recorder_lock_owner(), "");
	db_recorder_close(b);
	assert_int_equal(db_recorder_acquire_exclusive(a, "app-A"), DB_S_OK);
	/* The holder closing gives the drive back. */
	db_recorder_close(a);
	b = open_ok(name, DB_OPEN_EXCLUSIVE);
	db_recorder_close(b);
}

/* Another process sees the holder's name in the drive's lock file. */
static void test_other_process_sees_the_holder(void **state)
{
	struct fixture *x = *state;
	const char *name = drive(x, "bd-re", "cross");
	struct db_recorder *a = open_ok(name, 0);
	assert_int_equal(db_recorder_acquire_exclusive(a, "app-A"), DB_S_OK);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db_recorder *r = NULL;
		db_status st = db_recorder_open(name, 0, &r);
		_exit(st == DB_E_IMAPI_RECORDER_LOCKED &&
			      strcmp(db_recorder_lock_owner(), "app-A") == 0
		      ? 0
		      : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	db_recorder_close(a);
}

/* The CLI names the holder in its refusal. */
static void test_cli_names_the_holder(void **state)
{
	struct fixture *x = *state;
	const char *name = drive(x, "dvd+rw", "cli");
	char saved[192];
	snprintf(saved, sizeof(saved), "%s", name);
	struct db_recorder *a = open_ok(saved, 0);
	assert_int_equal(db_recorder_acquire_exclusive(a, "app-A"), DB_S_OK);
	int rc = cli_run("MMCEMU_PROFILES_DIR=%s %s/bin/discburn info --drive %s",
			 DISCBURN_PROFILES_DIR, DISCBURN_BUILD_DIR, saved);
	assert_int_not_equal(rc, 0);
	if (!strstr(cli_out, "E_IMAPI_RECORDER_LOCKED") || !strstr(cli_out, "held by \"app-A\""))
		fail_msg("discburn info said: %s", cli_out);
	db_recorder_close(a);
}

/* During Write the recorder is held under Write's client name. */
struct probe {
	const char *drive;
	bool tried;
	db_status st;
	char owner[64];
};

static void probe_open(const struct db_format2data_progress *p, void *ctx)
{
	struct probe *pr = ctx;
	if (pr->tried || p->current_action != DB_DF2D_WRITING_DATA)
		return;
	pr->tried = true;
	struct db_recorder *r = NULL;
	pr->st = db_recorder_open(pr->drive, 0, &r);
	snprintf(pr->owner, sizeof(pr->owner), "%s", db_recorder_lock_owner());
	db_recorder_close(r);
}

static void test_write_gives_back_what_was_held(void **state)
{
	struct fixture *x = *state;
	const char *name = drive(x, "dvd+r", "write");
	char saved[192];
	snprintf(saved, sizeof(saved), "%s", name);
	struct db_recorder *a = open_ok(saved, 0);
	/* Not held before: released after. */
	struct probe pr = {.drive = saved};
	assert_int_equal(write_image(a, 32, 1, probe_open, &pr), DB_S_OK);
	assert_true(pr.tried);
	assert_int_equal(pr.st, DB_E_IMAPI_RECORDER_LOCKED);
	assert_string_equal(pr.owner, "burner");
	assert_null(db_recorder_exclusive_owner(a));
	struct db_recorder *b = open_ok(saved, 0);
	db_recorder_close(b);
	/* Held under another name before: held under it after. */
	assert_int_equal(db_recorder_acquire_exclusive(a, "app-A"), DB_S_OK);
	assert_int_equal(write_image(a, 32, 2, NULL, NULL), DB_S_OK);
	assert_string_equal(db_recorder_exclusive_owner(a), "app-A");
	expect_locked(saved, 0, "app-A");
	/* A Write that fails gives it back too. */
	assert_int_equal(db_recorder_release_exclusive(a), DB_S_OK);
	struct db_stream *s = h_pattern(2048 * 3 + 1, 1); /* not whole sectors */
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, a), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(f, "burner"), DB_S_OK);
	assert_int_equal(db_format2data_write(f, s), DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED);
	db_stream_close(s);
	s = h_pattern((int64_t)3000000 * 2048, 1); /* more than a DVD+R holds */
	assert_int_equal(db_format2data_write(f, s),
			 DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA);
	db_stream_close(s);
	db_format2data_destroy(f);
	assert_null(db_recorder_exclusive_owner(a));
	b = open_ok(saved, 0);
	db_recorder_close(b);
	db_recorder_close(a);
}

static void test_erase_gives_back_what_was_held(void **state)
{
	struct fixture *x = *state;
	static const char *const media[] = {"cd-rw", "dvd+rw", "bd-re"};
	for (size_t i = 0; i < sizeof(media) / sizeof(media[0]); i++) {
		char name[192];
		snprintf(name, sizeof(name), "%s", drive(x, media[i], media[i]));
		struct db_recorder *a = open_ok(name, 0);
		struct db_format2erase *e;
		assert_int_equal(db_format2erase_create(&e), DB_S_OK);
		assert_int_equal(db_format2erase_put_recorder(e, a), DB_S_OK);
		assert_int_equal(db_format2erase_put_client_name(e, "eraser"), DB_S_OK);
		assert_int_equal(db_format2erase_erase_media(e), DB_S_OK);
		assert_null(db_recorder_exclusive_owner(a));
		struct db_recorder *b = open_ok(name, 0);
		db_recorder_close(b);
		assert_int_equal(db_recorder_acquire_exclusive(a, "app-A"), DB_S_OK);
		assert_int_equal(db_format2erase_erase_media(e), DB_S_OK);
		assert_string_equal(db_recorder_exclusive_owner(a), "app-A");
		expect_locked(name, 0, "app-A");
		db_format2erase_destroy(e);
		db_recorder_close(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_recorders_share_the_drive),
		cmocka_unit_test(test_refusals_name_the_holder),
		cmocka_unit_test(test_other_process_sees_the_holder),
		cmocka_unit_test(test_cli_names_the_holder),
		cmocka_unit_test(test_write_gives_back_what_was_held),
		cmocka_unit_test(test_erase_gives_back_what_was_held),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
