/* Disc persistence (disc_store.c): create, save, reopen to the same state,
 * refuse damaged or foreign discs with a clear message, sector I/O on the
 * sparse image. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disc_store.h"
#include "mmc/features.h"

static char dir[64];
static char disc[128];
static char img[140];
static struct media_state M, R;

static int setup(void **s)
{
	(void)s;
	strcpy(dir, "/tmp/disc-store-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(disc, sizeof(disc), "%s/disc", dir);
	snprintf(img, sizeof(img), "%s/disc.img", dir);
	return 0;
}

static int teardown(void **s)
{
	(void)s;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void profile(const char *name, struct mmcemu_profile *p)
{
	char err[256];
	if (profile_load(DISCBURN_PROFILES_DIR, name, p, err, sizeof(err)))
		fail_msg("%s", err);
}

static void create(const char *name)
{
	struct mmcemu_profile p;
	char err[256] = "";
	profile(name, &p);
	if (disc_store_create(disc, &p, err, sizeof(err)))
		fail_msg("create: %s", err);
}

static void open_ok(struct disc_store *s, const char *expect, struct media_state *m)
{
	char err[256] = "";
	if (disc_store_open(s, disc, DISCBURN_PROFILES_DIR, expect, m, err, sizeof(err)))
		fail_msg("open: %s", err);
}

static int open_err(char *err, size_t cap, const char *expect)
{
	struct disc_store s;
	int rc = disc_store_open(&s, disc, DISCBURN_PROFILES_DIR, expect, &R, err, cap);
	if (rc == 0)
		disc_store_close(&s);
	return rc;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void assert_same(const struct media_state *a, const struct media_state *b)
{
	assert_string_equal(a->profile.name, b->profile.name);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->n_sessions, b->n_sessions);
	assert_int_equal(a->n_tracks, b->n_tracks);
	assert_int_equal(a->formatted, b->formatted);
	assert_int_equal(a->formatted_size, b->formatted_size);
	assert_int_equal(a->high_water, b->high_water);
	assert_int_equal(a->bg_format, b->bg_format);
	assert_int_equal(a->cue.armed, b->cue.armed);
	assert_int_equal(a->cue.next, b->cue.next);
	assert_int_equal(a->blank_count, b->blank_count);
	for (unsigned i = 0; i < a->n_sessions; i++)
		assert_memory_equal(&a->sessions[i], &b->sessions[i], sizeof(a->sessions[i]));
	for (unsigned i = 0; i < a->n_tracks; i++) {
		const struct media_track *x = &a->tracks[i], *y = &b->tracks[i];
		assert_int_equal(x->number, y->number);
		assert_int_equal(x->session, y->session);
		assert_int_equal(x->start, y->start);
		assert_int_equal(x->size, y->size);
		assert_int_equal(x->written, y->written);
		assert_int_equal(x->state, y->state);
		assert_int_equal(x->damaged, y->damaged);
		assert_int_equal(x->track_mode, y->track_mode);
	}
}

static void test_create_and_open(void **s)
{
	(void)s;
	create("cd-r");
	assert_int_equal(access(img, F_OK), 0);
	struct disc_store st;
	open_ok(&st, "cd-r", &M);
	assert_int_equal(M.status, DISC_BLANK);
	assert_int_equal(M.profile.number, 0x0009);
	struct mmcemu_profile p;
	profile("cd-r", &p);
	media_init_blank(&R, &p);
	assert_same(&M, &R);
	disc_store_close(&st);
	/* Opening without naming a profile accepts the recorded one. */
	open_ok(&st, NULL, &M);
	disc_store_close(&st);
	/* Never overwrite a disc. */
	char err[256] = "";
	assert_int_equal(disc_store_create(disc, &p, err, sizeof(err)), -EEXIST);
	assert_non_null(strstr(err, "already exists"));
}

static void test_wrong_profile(void **s)
{
	(void)s;
	create("cd-r");
	char err[256] = "";
	assert_int_equal(open_err(err, sizeof(err), "dvd+rw"), -EMEDIUMTYPE);
	char want[256];
	snprintf(want, sizeof(want), "disc %s is a cd-r, not a dvd+rw", disc);
	assert_string_equal(err, want);
}

static void test_roundtrip_sequential(void **s)
{
	(void)s;
	create("dvd+r");
	struct disc_store st;
	open_ok(&st, "dvd+r", &M);
	uint8_t buf[16 * 2048];
	memset(buf, 0xAB, sizeof(buf));
	assert_int_equal(media_check_write(&M, 0, 16), MMC_SENSE_NO_SENSE);
	assert_int_equal(disc_store_write(&st, 0, 16, buf), 0);
	media_commit_write(&M, 0, 16);
	assert_int_equal(media_close(&M, MMC_CLOSE_SESSION, 0), MMC_SENSE_NO_SENSE);
	assert_int_equal(media_reserve_track(&M, 100), MMC_SENSE_NO_SENSE);
	M.link_count = 7;
	assert_int_equal(disc_store_save(&st, &M), 0);
	disc_store_close(&st);
	char tmp[160];
	snprintf(tmp, sizeof(tmp), "%s.tmp", disc);
	assert_int_equal(access(tmp, F_OK), -1); /* no temp file left */
	open_ok(&st, "dvd+r", &R);
	assert_same(&M, &R);
	assert_int_equal(R.link_count, 7);
	uint8_t back[16 * 2048];
	assert_int_equal(disc_store_read(&st, 0, 16, back), 0);
	assert_memory_equal(buf, back, sizeof(buf));
	disc_store_close(&st);
}

static void test_roundtrip_random_and_cue(void **s)
{
	(void)s;
	create("dvd+rw");
	struct disc_store st;
	open_ok(&st, NULL, &M);
	assert_int_equal(media_format_with(&M, 2295104, true), MMC_SENSE_NO_SENSE);
	media_commit_write(&M, 100, 10);
	uint8_t z[10 * 2048] = {0};
	assert_int_equal(disc_store_write(&st, 100, 10, z), 0);
	assert_int_equal(disc_store_save(&st, &M), 0);
	disc_store_close(&st);
	open_ok(&st, NULL, &R);
	assert_same(&M, &R);
	assert_int_equal(R.bg_format, BG_FORMAT_IN_PROGRESS);
	disc_store_close(&st);
	teardown(NULL);
	setup(NULL);
	create("cd-r");
	open_ok(&st, NULL, &M);
	assert_int_equal(media_arm_cue(&M, -150, 1000, true), MMC_SENSE_NO_SENSE);
	media_commit_write(&M, -150, 150);
	assert_int_equal(disc_store_save(&st, &M), 0);
	disc_store_close(&st);
	open_ok(&st, NULL, &R);
	assert_same(&M, &R);
	assert_int_equal(R.cue.end, 1000);
	assert_true(R.cue.multisession);
	disc_store_close(&st);
}

static void test_missing_and_short_image(void **s)
{
	(void)s;
	create("cd-r");
	struct disc_store st;
	open_ok(&st, NULL, &M);
	uint8_t buf[2048] = {1};
	media_commit_write(&M, 0, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(disc_store_write(&st, i, 1, buf), 0);
	assert_int_equal(disc_store_save(&st, &M), 0);
	disc_store_close(&st);
	/* Image shorter than the recorded data. */
	assert_int_equal(truncate(img, 2048), 0);
	char err[256] = "";
	assert_int_equal(open_err(err, sizeof(err), NULL), -EINVAL);
	assert_non_null(strstr(err, "image holds 1 sectors, the metadata says 4"));
	unlink(img);
	assert_int_equal(open_err(err, sizeof(err), NULL), -ENOENT);
	assert_non_null(strstr(err, "disc.img"));
	unlink(disc);
	assert_int_equal(open_err(err, sizeof(err), NULL), -ENOENT);
}

static void test_minimal_metadata(void **s)
{
	(void)s;
	write_file(disc, "[disc]\nversion = 1\nprofile = bd-r\n");
	write_file(img, "");
	struct disc_store st;
	open_ok(&st, NULL, &M);
	assert_int_equal(M.status, DISC_BLANK);
	assert_int_equal(M.profile.number, 0x0041);
	disc_store_close(&st);
}

struct bad_meta {
	const char *text;
	const char *expect;
};

#define HDR "[disc]\nversion = 1\nprofile = cd-r\n"
static const struct bad_meta bad_metas[] = {
	{"", "not a disc"},
	{"[disc]\nversion = 1\n", "not a disc"},
	{"[disc]\nversion = 4\nprofile = cd-r\n", "metadata version 4 is newer than this emulator's (3)"},
	{"[disc]\nversion = one\nprofile = cd-r\n", ":2: version: not a version number"},
	{"[disc]\nversion = 1\nprofile = hd-dvd\n", "unknown profile 'hd-dvd'"},
	{"[disc]\nversion = 1\nprofile = ../../etc/x\n", "is not a profile name"},
	{HDR "colour = red\n", ":4: unknown key 'colour'"},
	{"[disc]\nversion = 2\nprofile = cd-r\nimage_sector_size = 2336\n",
	 ":4: image_sector_size: expected 2048 or 2352: '2336'"},
	{HDR "image_sector_size = 2352\n", "image_sector_size is a version 2 key (this is version 1)"},
	{"[disc]\nversion = 2\nprofile = dvd+r\nimage_sector_size = 2352\n",
	 "image_sector_size 2352 is for CD media, not a dvd+r"},
	{HDR "status = burnt\n", ":4: status: unknown value: 'burnt'"},
	{HDR "write_protected = maybe\n", ":4: write_protected: expected yes or no"},
	{HDR "tracks = 999\n", ":4: tracks: out of range"},
	{HDR "[floppy]\nx = 1\n", ":5: unknown section [floppy]"},
	{HDR "[track 0]\nstart = 1\n", "unknown section [track 0]"},
	{HDR "[track 1]\nstart = -5\n", ":5: start: out of range"},
	{HDR "no equals sign here\n", ":4: syntax error"},
	{HDR "status = complete\n", "inconsistent disc: "},
	{HDR "tracks = 2\n", "inconsistent disc: a session section is missing"},
	{HDR "[session 1]\nclosed = no\n[track 1]\nstart = 0\n[track 3]\nstart = 9\n", "a track section beyond the track count"},
	{HDR "[track 2]\nstart = 500\n", "inconsistent disc: a session section is missing"},
	{HDR "[session 1]\nclosed = no\n[track 1]\nwritten = 400000\n", "inconsistent disc: track outside the disc"},
	{HDR "sessions = 1\ntracks = 2\n[session 1]\nfirst_track = 1\nlast_track = 2\n"
	     "[track 1]\nstart = 0\nsize = 1000\nwritten = 1000\nstate = complete\n"
	     "[track 2]\nsession = 1\nstart = 500\n",
	 "inconsistent disc: tracks overlap"},
	{"[disc]\nversion = 1\nprofile = dvd+rw\nhigh_water = 50\n",
	 "inconsistent disc: data recorded beyond the formatted area"},
};

static void test_bad_metadata(void **s)
{
	(void)s;
	for (size_t i = 0; i < sizeof(bad_metas) / sizeof(bad_metas[0]); i++) {
		write_file(disc, bad_metas[i].text);
		write_file(img, "");
		char err[256] = "";
		int rc = open_err(err, sizeof(err), NULL);
		if (rc == 0 || !strstr(err, bad_metas[i].expect))
			fail_msg("case %zu: rc %d, '%s' lacks '%s'", i, rc, err, bad_metas[i].expect);
	}
}

static void test_sector_io(void **s)
{
	(void)s;
	create("bd-re");
	struct disc_store st;
	open_ok(&st, NULL, &M);
	uint8_t a[3 * 2048], b[3 * 2048];
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i * 7);
	assert_int_equal(disc_store_write(&st, 10, 3, a), 0);
	assert_int_equal(disc_store_read(&st, 10, 3, b), 0);
	assert_memory_equal(a, b, sizeof(a));
	/* Never written: zeros, also past the end of the image. */
	assert_int_equal(disc_store_read(&st, 1000, 3, b), 0);
	for (size_t i = 0; i < sizeof(b); i++)
		assert_int_equal(b[i], 0);
	assert_int_equal(disc_store_read(&st, -1, 1, b), -EINVAL);
	assert_int_equal(disc_store_write(&st, -1, 1, a), -EINVAL);
	assert_int_equal(disc_store_sync(&st), 0);
	/* Hole in the middle, then everything. */
	assert_int_equal(disc_store_discard(&st, 11, 1), 0);
	assert_int_equal(disc_store_read(&st, 10, 3, b), 0);
	assert_memory_equal(a, b, 2048);
	for (size_t i = 2048; i < 4096; i++)
		assert_int_equal(b[i], 0);
	assert_memory_equal(a + 4096, b + 4096, 2048);
	assert_int_equal(disc_store_discard(&st, 0, 12219392), 0);
	struct stat sb;
	assert_int_equal(stat(img, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	assert_int_equal(disc_store_discard(&st, 5, 5), 0); /* beyond the end */
	disc_store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip_sequential, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip_random_and_cue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_short_image, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_metadata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_metadata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sector_io, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
