/* An interrupted burn on write-once media (issue 12 item 7), end to end
 * through the CLIs, each command its own process as a user runs them: the
 * disc keeps every sector that left the drive buffer for the medium, and
 * only those still buffered are lost; `mmcemu show` and READ TRACK / DISC
 * INFORMATION report the track as a real drive reports a track whose
 * recording stopped without SYNCHRONIZE CACHE or CLOSE (damaged, no NWA,
 * Last Recorded Address valid, last session damaged: MMC-5 6.27.3.7 Damage
 * bit, MMC-6 6.21 State of Last Session); `discburn read` returns the
 * image's bytes; `discburn write` refuses the disc (E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, as IMAPI2 refuses
 * a damaged disc) and leaves it untouched; after CLOSE TRACK (what
 * `cdrecord -fix` and libburn's burn_disc_close_damaged() send) the next
 * `discburn write` appends a track after the damaged one.
 *
 * Every sequential family on the virtual clock, stopped by a short pipe
 * (deterministic: the buffer is full when the stream ends, so exactly one
 * buffer's worth is lost), and the "must show" of the issue on the real
 * clock: a CD-R burn cancelled with SIGINT at 40 %. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"

#define DISCBURN DISCBURN_BUILD_DIR "/bin/discburn"
#define MMCEMU DISCBURN_BUILD_DIR "/bin/mmcemu"
#define SECTOR 2048

static char dir[64];

/* The number after `key` in the output, -1 when absent. */
static long number_after(const char *out, const char *key)
{
	const char *p = strstr(out, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/interrupted-XXXXXX");
	assert_non_null(mkdtemp(dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(cli_sh("head -c %d /dev/urandom > %s/img && head -c %d /dev/urandom > %s/small",
			    8192 * SECTOR, dir, 400 * SECTOR, dir)->rc, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return cli_sh("rm -rf '%s'", dir)->rc;
}

/* Byte `off` of a response saved by `mmcemu raw --save`. */
static unsigned byte_at(const char *file, unsigned off)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	unsigned char b[64] = {0};
	size_t n = fread(b, 1, sizeof(b), f);
	fclose(f);
	assert_true(off < n);
	return b[off];
}

static long be32_at(const char *file, unsigned off)
{
	return (long)((uint32_t)byte_at(file, off) << 24 | byte_at(file, off + 1) << 16 |
		      byte_at(file, off + 2) << 8 | byte_at(file, off + 3));
}

struct family {
	const char *profile;
	long buffered; /* sectors the drive buffer holds (profile buffer_kib) */
	const char *close_track; /* CLOSE TRACK/SESSION, function 001b */
	long unit; /* a closed track is padded to it (DVD ECC block, BD cluster) */
	long next_gap; /* CD: run-out + pregap of the next track */
};

/* The disc after the interruption: `recorded` sectors on it, readable and
 * equal to the image, the track damaged; a write is refused, CLOSE TRACK
 * repairs it, the next write appends after it. */
static void check_interrupted(const struct family *f, const char *disc, long recorded)
{
	struct cli_capture *r = cli_sh(MMCEMU " show %s --json", disc);
	assert_int_equal(r->rc, 0);
	char want[160];
	snprintf(want, sizeof(want), "\"size\": %ld, \"recorded\": %ld, \"state\": \"invisible\", "
		 "\"damaged\": true", recorded, recorded);
	cli_expect_in(r, want);
	cli_expect_in(r, "\"status\": \"appendable\"");
	cli_expect_in(r, "\"last_session_state\": \"damaged\"");
	cli_expect_in(r, "\"nwa\": null");
	r = cli_sh(MMCEMU " show %s", disc);
	cli_expect_in(r, "damaged: CLOSE TRACK/SESSION");

	/* READ TRACK INFORMATION of track 1, READ DISC INFORMATION. */
	r = cli_sh(MMCEMU " raw %s '52 01 00 00 00 01 00 00 30 00' --save %s/ti.bin "
		      "'51 00 00 00 00 00 00 00 22 00' --save %s/di.bin", disc, dir, dir);
	if (r->rc)
		fail_msg("%s", r->out);
	assert_int_equal(byte_at("ti.bin", 5) & 0x20, 0x20); /* Damage */
	assert_int_equal(byte_at("ti.bin", 6) & 0x40, 0); /* not blank */
	assert_int_equal(byte_at("ti.bin", 7) & 3, 2); /* LRA_V, NWA_V = 0 */
	assert_int_equal(be32_at("ti.bin", 28), recorded - 1);
	assert_int_equal(byte_at("di.bin", 2) & 0x0F, 2 << 2 | 1); /* damaged, appendable */

	/* The drained sectors hold the image's bytes. */
	r = cli_sh(DISCBURN " read --drive emu:%s:%s --lba 0 --sectors %ld %s/back && cmp -n %ld %s/back %s/img",
	       f->profile, disc, recorded, dir, recorded * SECTOR, dir, dir);
	if (r->rc)
		fail_msg("read back: %s", r->out);

	/* No NWA: the next burn is refused, and the disc stays as it is. */
	r = cli_sh("cp %s %s/before && " DISCBURN " write --drive emu:%s:%s %s/small; cmp %s %s/before",
	       disc, dir, f->profile, disc, dir, disc, dir);
	cli_expect_in(r, "E_IMAPI_DF2DATA_INVALID_MEDIA_STATE");
	if (strstr(r->out, "differ"))
		fail_msg("the refused write changed the disc: %s", r->out);

	/* CLOSE TRACK closes the damaged track; the next burn follows it. */
	r = cli_sh(MMCEMU " raw %s '%s'", disc, f->close_track);
	if (r->rc)
		fail_msg("close: %s", r->out);
	long next = (recorded + f->unit - 1) / f->unit * f->unit + f->next_gap;
	r = cli_sh(DISCBURN " write --drive emu:%s:%s %s/small", f->profile, disc, dir);
	if (r->rc)
		fail_msg("append: %s", r->out);
	snprintf(want, sizeof(want), "400 sectors at LBA %ld", next);
	cli_expect_in(r, want);
	r = cli_sh(DISCBURN " read --drive emu:%s:%s --lba %ld --sectors 400 %s/back2 && cmp %s/back2 %s/small",
	       f->profile, disc, next, dir, dir, dir);
	if (r->rc)
		fail_msg("read back the appended track: %s", r->out);
	r = cli_sh(DISCBURN " read --drive emu:%s:%s --lba 0 --sectors %ld %s/back && cmp -n %ld %s/back %s/img",
	       f->profile, disc, recorded, dir, recorded * SECTOR, dir, dir);
	if (r->rc)
		fail_msg("the first track after the append: %s", r->out);
}

static const struct family families[] = {
	{"cd-r", 1024, "5B 00 01 00 00 FF 00 00 00 00", 1, 2 + 150},
	{"cd-rw", 1024, "5B 00 01 00 00 FF 00 00 00 00", 1, 2 + 150},
	{"dvd+r", 1024, "5B 00 01 00 00 01 00 00 00 00", 16, 0},
	{"dvd-r", 1024, "5B 00 01 00 00 01 00 00 00 00", 16, 0},
	{"bd-r", 2048, "5B 00 01 00 00 01 00 00 00 00", 32, 0},
};

/* The stream ends at 3,000 of 4,096 sectors: the engine stops, the drive
 * goes with its buffer full. */
static void short_pipe_every_family(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		const struct family *f = &families[i];
		char disc[96];
		snprintf(disc, sizeof(disc), "%s/%s", dir, f->profile);
		struct cli_capture *r = cli_sh("head -c %d %s/img | " DISCBURN " --emu-clock virtual write "
				   "--drive emu:%s:%s --size %d -",
				   3000 * SECTOR, dir, f->profile, disc, 4096 * SECTOR);
		assert_int_not_equal(r->rc, 0);
		cli_expect_in(r, "ERROR_HANDLE_EOF");
		print_message("%s: 3000 sectors sent, %ld still buffered\n", f->profile, f->buffered);
		check_interrupted(f, disc, 3000 - f->buffered);
	}
}

/* The must-show: `discburn --emu-clock real write` of a CD-R at
 * 24x (3.6 MB/s of data), SIGINT once 40 % is reported written. */
static void real_clock_cd_r_cancelled_at_40_percent(void **state)
{
	(void)state;
	char disc[96], img[96];
	snprintf(disc, sizeof(disc), "%s/real", dir);
	snprintf(img, sizeof(img), "%s/img", dir);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char drive[128];
		snprintf(drive, sizeof(drive), "emu:cd-r:%s", disc);
		dup2(fds[1], 1);
		close(fds[0]);
		execl(DISCBURN, "discburn", "--emu-clock", "real", "write", "--drive", drive,
		      "--speed", "24x", "--json-events", img, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *ev = fdopen(fds[0], "r");
	assert_non_null(ev);
	static char line[4096], done[4096];
	long last = -1;
	bool sent = false;
	while (fgets(line, sizeof(line), ev)) {
		long lba = number_after(line, "\"last_written_lba\":");
		if (lba >= 0 && strstr(line, "\"sector_count\":8192"))
			last = lba;
		if (!sent && last + 1 >= 8192 * 4 / 10) {
			assert_int_equal(kill(pid, SIGINT), 0);
			sent = true;
		}
		if (strstr(line, "\"event\":\"done\""))
			strcpy(done, line);
	}
	fclose(ev);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(sent);
	if (!strstr(done, "E_IMAPI_REQUEST_CANCELLED"))
		fail_msg("the burn did not end cancelled: %s", done);
	long accepted = last + 1;
	struct cli_capture *r = cli_sh(MMCEMU " show %s --json", disc);
	long recorded = number_after(r->out, "\"recorded\": ");
	print_message("cancelled with %ld sectors sent: %ld recorded\n", accepted, recorded);
	/* At 24x the host outruns the disc: the buffer is full when the
	 * cancel comes, and at most what it held is lost (less what it
	 * drained until the process closed the drive). */
	if (recorded < accepted - 1024 || recorded > accepted)
		fail_msg("%ld sectors sent, %ld recorded: want %ld..%ld", accepted, recorded,
			 accepted - 1024, accepted);
	check_interrupted(&families[0], disc, recorded);
}

/* "3,000" after key -> 3000 (-1 when absent): the CLI groups digits. */
static long grouped_after(const char *out, const char *key)
{
	const char *p = strstr(out, key);
	if (!p)
		return -1;
	long v = 0;
	for (p += strlen(key); (*p >= '0' && *p <= '9') || *p == ','; p++)
		if (*p != ',')
			v = v * 10 + (*p - '0');
	return v;
}

/* Issue 13: a cancel by SIGINT or SIGTERM exits 128 + the signal (130,
 * 143, as a shell reports a process the signal ended) and says what the
 * disc now holds, from the drive: the count it gives is the count
 * `mmcemu show` finds recorded, or more, up to what it said was still in
 * the drive's buffer (the drive drains it on the real clock between the
 * CLI's question and its close). The JSON error object carries the same
 * fact. */
static void cancel_by_signal(int sig, const char *name)
{
	char disc[96], img[96], err[96];
	snprintf(disc, sizeof(disc), "%s/sig%d", dir, sig);
	snprintf(img, sizeof(img), "%s/img", dir);
	snprintf(err, sizeof(err), "%s/sig%d.err", dir, sig);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char drive[128];
		snprintf(drive, sizeof(drive), "emu:cd-r:%s", disc);
		dup2(fds[1], 1);
		close(fds[0]);
		if (!freopen(err, "w", stderr))
			_exit(126);
		execl(DISCBURN, "discburn", "--emu-clock", "real", "write", "--drive", drive,
		      "--speed", "4x", "--json-events", img, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *ev = fdopen(fds[0], "r");
	assert_non_null(ev);
	static char line[4096], error[4096];
	bool sent = false;
	error[0] = '\0';
	while (fgets(line, sizeof(line), ev)) {
		long lba = number_after(line, "\"last_written_lba\":");
		if (!sent && lba >= 1500 && strstr(line, "\"sector_count\":8192")) {
			assert_int_equal(kill(pid, sig), 0);
			sent = true;
		}
		if (strstr(line, "\"event\":\"error\""))
			strcpy(error, line);
	}
	fclose(ev);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(sent);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 128 + sig)
		fail_msg("%s: exit %d, want %d", name, WEXITSTATUS(status), 128 + sig);
	struct cli_capture *r = cli_sh("cat %s", err);
	cli_expect_in(r, "E_IMAPI_REQUEST_CANCELLED (0xC0AA0002)");
	cli_expect_in(r, "of 8,192 sectors reached the disc from LBA 0");
	cli_expect_in(r, "the track is left damaged: close it with CLOSE TRACK");
	long said = grouped_after(r->out, "-- cancelled: ");
	if (!strstr(error, "\"status\":\"E_IMAPI_REQUEST_CANCELLED\"") ||
	    !strstr(error, "\"fact\":\"cancelled: "))
		fail_msg("%s: no JSON error object for the cancel: '%s'", name, error);
	long buffered = grouped_after(r->out, "sectors reached the disc from LBA 0 (");
	r = cli_sh(MMCEMU " show %s --json", disc);
	long recorded = number_after(r->out, "\"recorded\": ");
	print_message("%s: the CLI said %ld sectors reached the disc, %ld were buffered; %ld "
		      "recorded\n", name, said, buffered, recorded);
	if (said <= 0 || buffered < 0 || recorded < said || recorded > said + buffered)
		fail_msg("%s: said %ld (+%ld buffered), recorded %ld", name, said, buffered,
			 recorded);
	check_interrupted(&families[0], disc, recorded);
}

static void sigint_exits_130_and_says_what_the_disc_holds(void **state)
{
	(void)state;
	cancel_by_signal(SIGINT, "SIGINT");
}

static void sigterm_exits_143_and_says_what_the_disc_holds(void **state)
{
	(void)state;
	cancel_by_signal(SIGTERM, "SIGTERM");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(short_pipe_every_family),
		cmocka_unit_test(real_clock_cd_r_cancelled_at_40_percent),
		cmocka_unit_test(sigint_exits_130_and_says_what_the_disc_holds),
		cmocka_unit_test(sigterm_exits_143_and_says_what_the_disc_holds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
