/* discburn read of a multisession disc (issue 12 item 6) and of a drive
 * that answers only READ TOC (item 16), through the CLI as a user runs it.
 *
 * Three sessions are grown the way a user grows them: `discburn write` of
 * an ISO image, `discburn msinfo` for -C, `discburn read` of the disc for
 * -M, `xorriso -as mkisofs -C start,nwa -M old.img` for the next image.
 * The final `discburn read` must give an image where every session sits at
 * its own LBA (the sectors between sessions zero-filled and counted), so an
 * ISO 9660 reader loading the newest session lists and extracts the files
 * of all three. xorriso and isoinfo are required: without them this test
 * fails, it does not pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"

#define DISCBURN DISCBURN_BUILD_DIR "/bin/discburn"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/read-ms-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return cli_run("rm -rf '%s'", dir);
}

static void sh_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh_ok(const char *fmt, ...)
{
	char cmd[1536];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int rc = cli_run("cd %s && %s", dir, cmd);
	if (rc != 0)
		fail_msg("exit %d: %s\n%s", rc, cmd, cli_out);
}

/* A top-level "key":number of a JSON line in cli_out. */
static long long json_num(const char *key)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *p = strstr(cli_out, pat);
	if (!p)
		fail_msg("no %s in %s", key, cli_out);
	return strtoll(p + strlen(pat), NULL, 10);
}

static long long file_sectors(const char *name)
{
	sh_ok("stat -c %%s %s", name);
	return strtoll(cli_out, NULL, 10) / 2048;
}

/* Three sessions on DISC of profile p, each adding p-fN.txt. Returns the
 * newest session's start (msinfo before the last write). */
static long long grow_three_sessions(const char *p)
{
	long long start = 0;
	for (int i = 1; i <= 3; i++) {
		sh_ok("mkdir -p %s-s%d && echo '%s session %d' > %s-s%d/%s-f%d.txt", p, i, p, i, p, i,
		      p, i);
		if (i == 1) {
			sh_ok("xorriso -as mkisofs -quiet -r -J -o %s-1.iso %s-s1", p, p);
		} else {
			sh_ok("%s msinfo --drive emu:%s:%s/%s", DISCBURN, p, dir, p);
			char ms[64] = "";
			strncat(ms, cli_out, strcspn(cli_out, "\n") < 63 ? strcspn(cli_out, "\n") : 63);
			start = strtoll(strchr(ms, ',') + 1, NULL, 10);
			/* The old sessions as `discburn read` gives them: this
			 * is where the multisession read failed before. */
			sh_ok("%s read --drive emu:%s:%s/%s %s-old.img", DISCBURN, p, dir, p, p);
			sh_ok("xorriso -as mkisofs -quiet -r -J -C %s -M %s-old.img -o %s-%d.iso %s-s%d", ms,
			      p, p, i, p, i);
		}
		sh_ok("%s write --drive emu:%s:%s/%s %s-%d.iso", DISCBURN, p, dir, p, p, i);
	}
	return start;
}

static void read_back_three_sessions(const char *p)
{
	long long newest = grow_three_sessions(p);
	assert_true(newest > 0);
	sh_ok("%s info --drive emu:%s:%s/%s --json", DISCBURN, p, dir, p);
	long long readable = json_num("readable_sectors");
	long long end = json_num("data_end");
	long long gap_sectors = json_num("gap_sectors");
	assert_int_equal(json_num("gaps"), 2); /* between sessions 1-2 and 2-3 */
	assert_int_equal(readable + gap_sectors, end);

	sh_ok("%s read --drive emu:%s:%s/%s --json-events %s-all.img", DISCBURN, p, dir, p, p);
	assert_int_equal(json_num("start_lba"), 0);
	assert_int_equal(json_num("sectors"), end);
	assert_int_equal(json_num("gaps"), 2);
	assert_int_equal(json_num("zero_filled"), gap_sectors);
	assert_int_equal(json_num("last_session_start"), newest);
	char img[64];
	snprintf(img, sizeof(img), "%s-all.img", p);
	assert_int_equal(file_sectors(img), end);
	/* The human line names the gaps. */
	sh_ok("%s read --drive emu:%s:%s/%s %s-all2.img && cmp %s-all.img %s-all2.img", DISCBURN,
	      p, dir, p, p, p, p);
	sh_ok("%s read --drive emu:%s:%s/%s %s-all2.img", DISCBURN, p, dir, p, p);
	assert_non_null(strstr(cli_out, "2 gaps"));
	assert_non_null(strstr(cli_out, "sectors zero-filled"));

	/* An ISO 9660 reader at the newest session lists and extracts the
	 * files of all three sessions. */
	for (int i = 1; i <= 3; i++) {
		sh_ok("xorriso -indev stdio:%s-all.img -load sbsector %lld -osirrox on "
		      "-extract /%s-f%d.txt %s-out%d.txt >/dev/null 2>&1 && cmp %s-out%d.txt %s-s%d/%s-f%d.txt",
		      p, newest, p, i, p, i, p, i, p, i, p, i);
	}
	sh_ok("isoinfo -R -l -i %s-all.img -T %lld", p, newest);
	for (int i = 1; i <= 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "%s-f%d.txt", p, i);
		if (!strstr(cli_out, name))
			fail_msg("isoinfo does not list %s:\n%s", name, cli_out);
	}

	/* --session 2 and --track 3: one each, starting at its first sector,
	 * the same bytes as in the whole image. */
	sh_ok("%s read --drive emu:%s:%s/%s --json-events --session 2 %s-s2.img", DISCBURN, p, dir,
	      p, p);
	long long s2 = json_num("start_lba"), n2 = json_num("sectors");
	assert_int_equal(json_num("gaps"), 0);
	sh_ok("dd if=%s-all.img of=%s-s2.ref bs=2048 skip=%lld count=%lld status=none && "
	      "cmp %s-s2.img %s-s2.ref", p, p, s2, n2, p, p);
	sh_ok("%s read --drive emu:%s:%s/%s --json-events --track 3 %s-t3.img", DISCBURN, p, dir, p,
	      p);
	assert_int_equal(json_num("start_lba"), newest);
	assert_int_equal(json_num("sectors"), end - newest);
	sh_ok("dd if=%s-all.img of=%s-t3.ref bs=2048 skip=%lld status=none && cmp %s-t3.img %s-t3.ref",
	      p, p, newest, p, p);
}

static void test_cd_r(void **s)
{
	(void)s;
	read_back_three_sessions("cd-r");
}

static void test_dvd_plus_r(void **s)
{
	(void)s;
	read_back_three_sessions("dvd+r");
}

static void test_dvd_minus_r(void **s)
{
	(void)s;
	read_back_three_sessions("dvd-r");
}

static void test_bd_r(void **s)
{
	(void)s;
	read_back_three_sessions("bd-r");
}

/* A session or track the disc does not have is bad input, named, and no
 * file is left; a READ the drive refuses is said as a READ failure (not
 * IMAPI's "The write failed"), and no partial image is left. */
static void test_bad_requests_and_honest_errors(void **s)
{
	(void)s;
	sh_ok("head -c 2048000 /dev/urandom > one.img && %s write --drive emu:cd-r:%s/e one.img",
	      DISCBURN, dir);
	assert_int_equal(cli_run("cd %s && %s read --drive emu:cd-r:%s/e --session 4 s4.img", dir,
				 DISCBURN, dir), 2);
	assert_non_null(strstr(cli_out, "the disc has no session 4 holding data"));
	assert_int_equal(cli_run("cd %s && %s read --drive emu:cd-r:%s/e --track 9 t9.img", dir,
				 DISCBURN, dir), 2);
	assert_non_null(strstr(cli_out, "the disc has no track 9 holding data"));
	assert_int_equal(cli_run("cd %s && %s read --drive emu:cd-r:%s/e --track 1 --lba 3 x.img",
				 dir, DISCBURN, dir), 2);
	assert_int_equal(cli_run("test -e %s/s4.img || test -e %s/t9.img", dir, dir), 1);
	/* Past the data a range is read as asked, and the drive refuses it:
	 * first the two run-out blocks that end the TAO track (05/64/00,
	 * docs/emulator-media.md "The TAO layout"). */
	assert_int_equal(cli_run("cd %s && %s read --drive emu:cd-r:%s/e --lba 0 --sectors 5000 "
				 "part.img", dir, DISCBURN, dir), 1);
	assert_non_null(strstr(cli_out, "discburn: read: reading LBA "));
	assert_non_null(strstr(cli_out, "failed: sense 5/64/00"));
	assert_null(strstr(cli_out, "write failed"));
	assert_int_equal(cli_run("test -e %s/part.img", dir), 1);
	/* The same with --json-events: the done event says READ too. */
	assert_int_equal(cli_run("cd %s && %s read --drive emu:cd-r:%s/e --lba 0 --sectors 5000 "
				 "--json-events part.img", dir, DISCBURN, dir), 1);
	assert_non_null(strstr(cli_out, "\"message\":\"A READ of the disc failed.\""));
	assert_null(strstr(cli_out, "write failed"));
}

/* Item 16: a drive without READ TRACK INFORMATION (05/20/00, as QEMU's
 * ide-cd and scsi-cd and CD-ROM drives answer) still has its tracks
 * listed from READ TOC format 0, at the addresses READ TRACK INFORMATION
 * gives; on CD the full TOC (format 2) adds each track's session and ends
 * it at its session's lead-out, so a two-session CD-R reads back whole
 * (and --session works); a one-session disc reads back the same. */
static void toc_fallback(const char *p, bool cd)
{
	sh_ok("echo 'on READ_TRACK_INFORMATION do sense 5/20/0' > no-rti.plan");
	sh_ok("head -c 4096000 /dev/urandom > %s-a.img && %s write --drive emu:%s:%s/%s-toc %s-a.img"
	      " && head -c 2048000 /dev/urandom > %s-b.img && %s write --drive emu:%s:%s/%s-toc %s-b.img",
	      p, DISCBURN, p, dir, p, p, p, DISCBURN, p, dir, p, p);
	sh_ok("%s info --drive emu:%s:%s/%s-toc --json", DISCBURN, p, dir, p);
	long long t2 = strtoll(strstr(strstr(cli_out, "\"track\":2,"), "\"start\":") + 8, NULL, 10);
	sh_ok("%s --fault-plan no-rti.plan info --drive emu:%s:%s/%s-toc --json", DISCBURN, p, dir, p);
	assert_non_null(strstr(cli_out, "\"tracks_from\":\"toc\""));
	char want[96];
	snprintf(want, sizeof(want), "{\"track\":1,\"session\":%d,\"start\":0,", cd ? 1 : 0);
	assert_non_null(strstr(cli_out, want));
	snprintf(want, sizeof(want), "{\"track\":2,\"session\":%d,\"start\":%lld,", cd ? 2 : 0, t2);
	assert_non_null(strstr(cli_out, want));
	assert_null(strstr(cli_out, "\"track\":3,"));
	sh_ok("%s --fault-plan no-rti.plan info --drive emu:%s:%s/%s-toc", DISCBURN, p, dir, p);
	assert_non_null(strstr(cli_out, "Tracks:          from READ TOC"));
	assert_non_null(strstr(cli_out, cd ? "  track 1 session 1: start 0 size " : "  track 1: start 0 size "));
	if (cd) {
		/* Both sessions at their LBAs, the gap between zero-filled: the
		 * image READ TRACK INFORMATION gives. The TOC gives no Last
		 * Recorded Address and counts each TAO track's two run-out
		 * blocks, which fail READ (05/64/00): the engine's test read of
		 * a track's last two blocks drops them (multisession.c
		 * drop_tao_run_out), or this read would fail. */
		sh_ok("%s read --drive emu:%s:%s/%s-toc %s-rti.img", DISCBURN, p, dir, p, p);
		sh_ok("%s --fault-plan no-rti.plan read --drive emu:%s:%s/%s-toc --json-events %s-toc-back.img",
		      DISCBURN, p, dir, p, p);
		assert_int_equal(json_num("gaps"), 1);
		assert_int_equal(json_num("last_session_start"), t2);
		char rti[64];
		snprintf(rti, sizeof(rti), "%s-rti.img", p);
		sh_ok("cmp -n %lld %s-rti.img %s-toc-back.img", file_sectors(rti) * 2048, p, p);
		sh_ok("%s --fault-plan no-rti.plan read --drive emu:%s:%s/%s-toc --session 2 %s-s2.img",
		      DISCBURN, p, dir, p, p);
		sh_ok("cmp -n 2048000 %s-b.img %s-s2.img", p, p);
	}

	sh_ok("%s write --drive emu:%s:%s/%s-one %s-a.img", DISCBURN, p, dir, p, p);
	sh_ok("%s --fault-plan no-rti.plan read --drive emu:%s:%s/%s-one %s-back.img", DISCBURN, p,
	      dir, p, p);
	sh_ok("cmp -n 4096000 %s-a.img %s-back.img", p, p);
	sh_ok("%s --fault-plan no-rti.plan read --drive emu:%s:%s/%s-one --track 1 %s-t1.img",
	      DISCBURN, p, dir, p, p);
	sh_ok("cmp -n 4096000 %s-a.img %s-t1.img", p, p);
}

static void test_toc_fallback_cd_r(void **s)
{
	(void)s;
	toc_fallback("cd-r", true);
}

static void test_toc_fallback_dvd_plus_r(void **s)
{
	(void)s;
	toc_fallback("dvd+r", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cd_r),
		cmocka_unit_test(test_dvd_plus_r),
		cmocka_unit_test(test_dvd_minus_r),
		cmocka_unit_test(test_bd_r),
		cmocka_unit_test(test_bad_requests_and_honest_errors),
		cmocka_unit_test(test_toc_fallback_cd_r),
		cmocka_unit_test(test_toc_fallback_dvd_plus_r),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
