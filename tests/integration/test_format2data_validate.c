/* VALIDATING_MEDIA refuses before anything touches the disc (issue 12,
 * item 1): on every rewritable medium of media-profiles/, a complete disc
 * with ForceOverwrite and an image one sector larger than the medium
 * offers is E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, and the
 * disc's files (DISC metadata, DISC.img data) are byte-identical
 * afterwards: no BLANK, no FORMAT UNIT, no WRITE ran. */
/* SEEK_DATA, SEEK_HOLE: _GNU_SOURCE comes from the build. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "format2data_harness.h"

/* ---- what the disc files hold ---------------------------------------- */

static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

/* A digest of a (sparse) file: its size, where its data extents lie and
 * their bytes. Holes are skipped, so a 25 GB BD-RE image costs only the
 * sectors it holds; a BLANK (which punches the data out) or any WRITE
 * changes it. */
static uint64_t file_digest(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	uint64_t h = fnv(14695981039346656037u, (const uint8_t *)&st.st_size, sizeof(st.st_size));
	uint8_t *buf = malloc(1 << 20);
	off_t pos = 0;
	for (;;) {
		off_t data = lseek(fd, pos, SEEK_DATA);
		if (data < 0)
			break; /* ENXIO: no data after pos */
		off_t hole = lseek(fd, data, SEEK_HOLE);
		assert_true(hole > data);
		h = fnv(h, (const uint8_t *)&data, sizeof(data));
		for (off_t at = data; at < hole;) {
			size_t want = hole - at < (1 << 20) ? (size_t)(hole - at) : (1 << 20);
			ssize_t got = pread(fd, buf, want, at);
			assert_true(got > 0);
			h = fnv(h, buf, (size_t)got);
			at += got;
		}
		pos = hole;
	}
	free(buf);
	close(fd);
	return h;
}

struct disc_files {
	uint64_t meta, image;
};

static struct disc_files disc_files(const struct h_disc *x)
{
	char img[160];
	snprintf(img, sizeof(img), "%s.img", x->path);
	return (struct disc_files){file_digest(x->path), file_digest(img)};
}

/* ---- the rewritable profiles ------------------------------------------ */

/* Every profile file that says "rewritable = yes": a medium added to
 * media-profiles/ is covered without touching this test. */
static unsigned rewritable_profiles(char names[][32], unsigned cap)
{
	DIR *dir = opendir(DISCBURN_PROFILES_DIR);
	assert_non_null(dir);
	unsigned n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < cap) {
		size_t len = strlen(e->d_name);
		if (len < 5 || len - 4 >= 32 || strcmp(e->d_name + len - 4, ".ini") != 0)
			continue;
		char path[512], line[256];
		snprintf(path, sizeof(path), "%s/%s", DISCBURN_PROFILES_DIR, e->d_name);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		bool rw = false;
		while (fgets(line, sizeof(line), f)) {
			char key[64], val[64];
			if (sscanf(line, " %63[a-z_] = %63s", key, val) == 2 &&
			    strcmp(key, "rewritable") == 0)
				rw = strcmp(val, "yes") == 0;
		}
		fclose(f);
		if (rw) {
			memcpy(names[n], e->d_name, len - 4);
			names[n][len - 4] = '\0';
			n++;
		}
	}
	closedir(dir);
	return n;
}

/* "capacity = N" of the profile: the sectors the medium offers (the
 * emulator's ATIP lead-out on CD, the full format on DVD+RW / BD-RE). */
static int64_t profile_capacity(const char *profile)
{
	char path[512], line[256];
	snprintf(path, sizeof(path), "%s/%s.ini", DISCBURN_PROFILES_DIR, profile);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	long long cap = -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " capacity = %lld", &cap) == 1)
			break;
	fclose(f);
	assert_true(cap > 0);
	return cap;
}

/* What the medium offers a Write with ForceOverwrite, from the drive's
 * own answers: on a formatted DVD+RW / BD-RE the formatted area (READ
 * CAPACITY), on a CD-RW the whole medium (the profile's capacity), less
 * IMAPI2's 150-sector postgap. */
static int64_t room(struct h_disc *x, const char *profile)
{
	if (strncmp(profile, "cd", 2) == 0)
		return profile_capacity(profile) - h_postgap(profile);
	struct db_capacity c;
	assert_int_equal(db_mmc_read_capacity(x->d, &c), DB_S_OK);
	return (int64_t)c.last_lba + 1;
}

/* A complete disc: written and closed (ForceMediaToBeClosed). */
static void make_complete(struct h_disc *x)
{
	h_burn_pattern(x, 1000, 1, &(struct h_burn){.close = true});
	h_reopen(x);
}

static void test_rewritable_complete_too_large(void **s)
{
	(void)s;
	char names[16][32];
	unsigned n = rewritable_profiles(names, 16);
	assert_true(n >= 3); /* cd-rw, dvd+rw, bd-re at least */
	for (unsigned i = 0; i < n; i++) {
		struct h_disc *x = h_open(names[i]);
		make_complete(x);
		int64_t sectors = room(x, names[i]) + 1;
		struct disc_files before = disc_files(x);
		struct db_stream *st = h_pattern(sectors * 2048, 2);
		db_status got = h_write(x, st, &(struct h_burn){.force_overwrite = true}, NULL);
		db_stream_close(st);
		if (got != DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA)
			fail_msg("%s, %lld sectors: %s", names[i], (long long)sectors,
				 db_status_name(got));
		h_reopen(x); /* let the drive save whatever it would */
		struct disc_files after = disc_files(x);
		if (before.meta != after.meta || before.image != after.image)
			fail_msg("%s: the disc changed (metadata %s, image %s)", names[i],
				 before.meta == after.meta ? "same" : "changed",
				 before.image == after.image ? "same" : "changed");
		h_expect_pattern(x, 0, 0, 1000, 1); /* the old data is still there */
		h_close(x);
	}
}

/* The refusal is exact: the largest image that fits passes validation.
 * On CD-RW this is the capacity after the BLANK that validation plans;
 * checked without writing 700 MB by cancelling at the first event after
 * VALIDATING_MEDIA. */
struct cancel_after_validation {
	struct db_format2data *f;
	bool validated;
};

static void cancel_on_next_action(const struct db_format2data_progress *p, void *ctx)
{
	struct cancel_after_validation *c = ctx;
	if (p->current_action != DB_DF2D_VALIDATING_MEDIA && !c->validated) {
		c->validated = true;
		(void)db_format2data_cancel(c->f);
	}
}

static void test_cd_rw_largest_fit_validates(void **s)
{
	(void)s;
	struct h_disc *x = h_open("cd-rw");
	make_complete(x);
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, x->r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(f, "discburn-test"), DB_S_OK);
	assert_int_equal(db_format2data_put_force_overwrite(f, true), DB_S_OK);
	struct cancel_after_validation c = {.f = f};
	db_format2data_set_progress(f, cancel_on_next_action, &c);
	struct db_stream *st = h_pattern(room(x, "cd-rw") * 2048, 3);
	assert_int_equal(db_format2data_write(f, st), DB_E_IMAPI_REQUEST_CANCELLED);
	assert_true(c.validated);
	db_stream_close(st);
	db_format2data_destroy(f);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewritable_complete_too_large),
		cmocka_unit_test(test_cd_rw_largest_fit_validates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
