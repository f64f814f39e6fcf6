/* Two successive DiscFormat2Data burns on CD-R, DVD+R and BD-R give two
 * sessions: READ TOC session information and READ TRACK INFORMATION prove
 * it, and the multisession import (IMultisessionSequential) gives the
 * values an ISO 9660 append needs. With xorriso installed, the real
 * workflow: image 1 burned, `xorriso -as mkisofs -C start,nwa -M old`
 * builds image 2 from the import values, image 2 burned at the NWA, and
 * the second session's directory holds both sessions' files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>

#include <cmocka.h>

#include "discburn/multisession.h"
#include "format2data_harness.h"

#define N1 700
#define N2 333

static void two_sessions(const char *profile)
{
	struct h_disc *x = h_open(profile);
	int32_t pg = h_postgap(profile);
	struct db_multisession_info m;
	assert_int_equal(db_multisession_import(x->r, &m), DB_S_OK);
	assert_true(m.supported_on_current_media_state);
	assert_true(m.first_data_session);
	assert_int_equal(m.next_writable_address, 0);
	assert_int_equal(m.start_address_of_previous_session, -1);

	h_burn_pattern(x, N1, 1, &(struct h_burn){.verify = DB_VERIFY_QUICK});
	assert_int_equal(db_multisession_import(x->r, &m), DB_S_OK);
	assert_false(m.first_data_session);
	assert_int_equal(m.start_address_of_previous_session, 0);
	assert_int_equal(m.last_written_address_of_previous_session, N1 + pg - 1);
	assert_int_equal(m.sessions, 1);
	int32_t nwa = m.next_writable_address;
	assert_true(nwa >= N1);
	assert_true(m.free_sectors_on_media > 0);

	int32_t start = h_burn_pattern(x, N2, 2, &(struct h_burn){.verify = DB_VERIFY_FULL});
	assert_int_equal(start, nwa);
	h_reopen(x);
	struct db_session_info si;
	assert_int_equal(db_mmc_read_session_info(x->d, &si), DB_S_OK);
	assert_int_equal(si.first_session, 1);
	assert_int_equal(si.last_session, 2);
	assert_int_equal(si.first_track_last_session, 2);
	assert_int_equal(si.last_session_start, nwa);
	struct db_disc_info di = h_disc_info(x);
	assert_int_equal(di.disc_status, 1);
	assert_int_equal(di.n_sessions, 3); /* two closed, the next one empty */
	struct db_track_info t2 = h_track(x, 2);
	assert_int_equal(t2.session, 2);
	assert_int_equal(t2.start, nwa);
	assert_int_equal(t2.last_recorded, nwa + N2 + pg - 1);
	h_expect_pattern(x, 0, 0, N1, 1);
	h_expect_pattern(x, nwa, 0, N2, 2);
	assert_int_equal(db_multisession_import(x->r, &m), DB_S_OK);
	assert_int_equal(m.start_address_of_previous_session, nwa);
	assert_int_equal(m.last_written_address_of_previous_session, nwa + N2 + pg - 1);
	assert_int_equal(m.sessions, 2);
	h_close(x);
}

static void test_two_sessions_cd_r(void **s)
{
	(void)s;
	two_sessions("cd-r");
}

static void test_two_sessions_dvd_plus_r(void **s)
{
	(void)s;
	two_sessions("dvd+r");
}

static void test_two_sessions_bd_r(void **s)
{
	(void)s;
	two_sessions("bd-r");
}

static void test_two_sessions_dvd_minus_r(void **s)
{
	(void)s;
	two_sessions("dvd-r");
}

static void test_two_sessions_cd_rw(void **s)
{
	(void)s;
	two_sessions("cd-rw");
}

/* Random-access media have no sessions to import. */
static void test_import_not_on_random_access(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	struct db_multisession_info m;
	assert_int_equal(db_multisession_import(x->r, &m), DB_S_OK);
	assert_false(m.supported_on_current_media_state);
	h_close(x);
}

/* ---- with xorriso --------------------------------------------------------- */

static bool have_xorriso(void)
{
	return system("command -v xorriso >/dev/null 2>&1") == 0;
}

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
}

static void burn_file(struct h_disc *x, const char *path)
{
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	assert_int_equal(h_write(x, s, &(struct h_burn){.verify = DB_VERIFY_FULL}, NULL), DB_S_OK);
	db_stream_close(s);
}

/* Copies sectors [lba, lba+n) of the disc to the same offset of file. */
static void dump(struct h_disc *x, const char *file, int32_t lba, int32_t n)
{
	int fd = open(file, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	uint8_t buf[2048];
	for (int32_t i = 0; i < n; i++) {
		assert_int_equal(db_mmc_read(x->d, lba + i, 1, buf), DB_S_OK);
		assert_int_equal(pwrite(fd, buf, 2048, (off_t)(lba + i) * 2048), 2048);
	}
	close(fd);
}

static int32_t sectors_of(const char *file)
{
	FILE *f = fopen(file, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	assert_int_equal(n % 2048, 0);
	return (int32_t)(n / 2048);
}

static void xorriso_append(const char *profile)
{
	struct h_disc *x = h_open(profile);
	const char *d = x->dir;
	sh("mkdir -p %s/t1 %s/t2 && echo first > %s/t1/a.txt && echo second > %s/t2/b.txt", d, d,
	   d, d);
	sh("xorriso -as mkisofs -quiet -r -J -o %s/1.iso %s/t1 2>/dev/null", d, d);
	burn_file(x, strcat(strcpy((char[128]){0}, d), "/1.iso"));
	struct db_multisession_info m;
	assert_int_equal(db_multisession_import(x->r, &m), DB_S_OK);
	char old[128];
	snprintf(old, sizeof(old), "%s/old.img", d);
	dump(x, old, 0, m.last_written_address_of_previous_session + 1);
	/* The values `discburn msinfo` prints, as cdrecord -msinfo. */
	sh("xorriso -as mkisofs -quiet -r -J -C %d,%d -M %s -o %s/2.iso %s/t2 2>/dev/null",
	   m.start_address_of_previous_session, m.next_writable_address, old, d, d);
	char img2[128];
	snprintf(img2, sizeof(img2), "%s/2.iso", d);
	burn_file(x, img2);
	/* The disc as a file: both sessions at their addresses. */
	dump(x, old, m.next_writable_address, sectors_of(img2));
	sh("cd %s && xorriso -indev stdio:old.img -load sbsector %d -osirrox on "
	   "-extract /a.txt a.out -extract /b.txt b.out >/dev/null 2>&1",
	   d, m.next_writable_address);
	sh("cmp -s %s/a.out %s/t1/a.txt && cmp -s %s/b.out %s/t2/b.txt", d, d, d, d);
	h_close(x);
}

static void test_xorriso_append(void **s)
{
	(void)s;
	/* xorriso is a dependency of the tests (scripts/install-deps.sh): a
	 * machine without it fails here rather than skipping to a pass. */
	if (!have_xorriso())
		fail_msg("xorriso is not installed (scripts/install-deps.sh installs it)");
	xorriso_append("cd-r");
	xorriso_append("dvd+r");
	xorriso_append("bd-r");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_sessions_cd_r),
		cmocka_unit_test(test_two_sessions_dvd_plus_r),
		cmocka_unit_test(test_two_sessions_bd_r),
		cmocka_unit_test(test_two_sessions_dvd_minus_r),
		cmocka_unit_test(test_two_sessions_cd_rw),
		cmocka_unit_test(test_import_not_on_random_access),
		cmocka_unit_test(test_xorriso_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
