/* Crash consistency (issue 8): an emulator process is killed with SIGKILL
 * at many points of burns, track/session closes and formats. After each
 * kill the disc must reopen, its metadata must agree with its image (every
 * sector the disc reports written reads back as written: a sector holds the
 * pattern of its own LBA), everything a SYNCHRONIZE CACHE acknowledged must
 * still be there, and a following burn must behave as on a real disc with
 * an interrupted session.
 *
 * Write-once media also keep what the drive had drained (issue 12 item 7):
 * the burns run longer than the drive buffer and the host stalls now and
 * then (virtual time passes), so sectors leave the buffer for the medium;
 * after each WRITE the child asks READ BUFFER CAPACITY what is still
 * buffered and reports the drained extent. After the kill the disc holds
 * at least that extent, less one buffer's worth (the saved disc follows the
 * medium every buffer's worth of drain, docs/emulator-media.md
 * "Persistence"). A track whose recording the kill interrupted is damaged
 * (no NWA); the follow-up burn closes it first, as libburn does.
 *
 * Half of the kills land at an exact command index (the child kills itself
 * right after it), half at a random time from the parent, which hits the
 * middle of metadata saves. The seed is fixed so a failure reproduces. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "mmc/be.h"
#include "mmcemu/mmcemu.h"

#define SECTOR 2048
#define KILLS_PER_FAMILY 50
#define CHUNK_MAX 64

/* A report from the child: a run the drive acknowledged with SYNCHRONIZE
 * CACHE, or the part of the open run the drive had drained (left its
 * buffer for the medium) after a WRITE. */
struct synced {
	int32_t start; /* first LBA of the run */
	int32_t end; /* one past its last LBA */
	int32_t drained; /* sequential media: one past the last drained LBA */
	int32_t slack; /* sectors the saved disc may lag the medium */
};

struct session {
	struct mmcemu_drive *d;
	long command; /* commands issued so far */
	long kill_at; /* child: kill itself after this command; -1 never */
	int report_fd; /* child -> parent: struct synced after each SYNC */
	uint32_t generation;
};

static uint8_t buf[CHUNK_MAX * SECTOR];

/* What the checks covered, so the test cannot pass by checking nothing. */
static struct {
	unsigned long sectors_verified;
	unsigned long synced_runs_checked;
	unsigned long drained_runs_checked; /* kills with drained sectors past the sync */
	unsigned long damaged_tracks_closed;
} seen;

/* Sector content: LBA and generation in the head, a body derived from both,
 * so any sector can be checked alone. */
static void fill_sector(uint8_t *s, int32_t lba, uint32_t gen)
{
	mmc_put_be32(s, (uint32_t)lba);
	mmc_put_be32(s + 4, gen);
	for (int i = 8; i < SECTOR; i++)
		s[i] = (uint8_t)(lba * 31 + gen * 7 + i);
}

static bool sector_ok(const uint8_t *s, int32_t lba)
{
	if ((int32_t)mmc_get_be32(s) != lba)
		return false;
	uint32_t gen = mmc_get_be32(s + 4);
	for (int i = 8; i < SECTOR; i++)
		if (s[i] != (uint8_t)(lba * 31 + gen * 7 + i))
			return false;
	return true;
}

static int exec(struct session *s, const uint8_t *cdb, size_t len, const void *out,
		size_t out_len, void *in, size_t in_cap)
{
	struct mmcemu_io io = {.cdb = cdb, .cdb_len = len, .data_out = out,
			       .data_out_len = out_len, .data_in = in, .data_in_cap = in_cap};
	int st = mmcemu_execute(s->d, &io);
	if (++s->command == s->kill_at)
		raise(SIGKILL);
	return st;
}

/* Next writable address of the invisible/open track (READ TRACK
 * INFORMATION, address type 1, track FFh). */
static bool next_writable(struct session *s, int32_t *nwa, uint32_t *free_blocks)
{
	uint8_t cdb[10] = {0x52, 0x01, 0, 0, 0, 0xFF, 0, 0, 48, 0};
	uint8_t ti[48] = {0};
	if (exec(s, cdb, 10, NULL, 0, ti, sizeof(ti)) != 0 || !(ti[7] & 1))
		return false;
	*nwa = (int32_t)mmc_get_be32(&ti[12]);
	*free_blocks = mmc_get_be32(&ti[16]);
	return true;
}

static int write_chunk(struct session *s, int32_t lba, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		fill_sector(buf + (size_t)i * SECTOR, lba + i, s->generation);
	uint8_t cdb[10] = {0x2A};
	mmc_put_be32(&cdb[2], (uint32_t)lba);
	mmc_put_be16(&cdb[7], n);
	return exec(s, cdb, 10, buf, (size_t)n * SECTOR, NULL, 0);
}

/* Sectors still in the drive buffer, and the buffer's size in sectors
 * (READ BUFFER CAPACITY, MMC-6 6.25: buffer length, blank length). */
static bool buffer_state(struct session *s, int32_t *held, int32_t *size)
{
	uint8_t cdb[10] = {0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0};
	uint8_t rb[12] = {0};
	if (exec(s, cdb, 10, NULL, 0, rb, sizeof(rb)) != 0)
		return false;
	uint32_t len = mmc_get_be32(&rb[4]), blank = mmc_get_be32(&rb[8]);
	*held = (int32_t)((len - blank + SECTOR - 1) / SECTOR);
	*size = (int32_t)(len / SECTOR);
	return true;
}

static int sync_cache(struct session *s)
{
	uint8_t cdb[10] = {0x35};
	return exec(s, cdb, 10, NULL, 0, NULL, 0);
}

static void close_track_session(struct session *s)
{
	uint8_t track[10] = {0x5B, 0, 1, 0, 0, 0xFF};
	uint8_t sess[10] = {0x5B, 0, 2};
	/* The open track's number comes from READ DISC INFORMATION. */
	uint8_t di[34] = {0};
	uint8_t rdi[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0};
	if (exec(s, rdi, 10, NULL, 0, di, sizeof(di)) == 0)
		mmc_put_be16(&track[4], di[6]);
	exec(s, track, 10, NULL, 0, NULL, 0);
	exec(s, sess, 10, NULL, 0, NULL, 0);
}

/* Mode page 05h Multi-session = 11b, as a burner that leaves the disc
 * appendable sets it (MMC-6 7.5.4.4): without it, closing a CD or DVD-R
 * session closes the disc. Mode pages reset at power on, so every process
 * sets it again. */
static void allow_next_session(struct session *s)
{
	uint8_t sense10[10] = {0x5A, 0x08, 0x05, 0, 0, 0, 0, 0, 255, 0};
	uint8_t page[255];
	if (exec(s, sense10, 10, NULL, 0, page, sizeof(page)) != 0)
		return;
	mmc_put_be16(page, 0);
	page[8] &= 0x3F;
	page[8 + 3] = (uint8_t)(page[8 + 3] | 0xC0);
	uint8_t select10[10] = {0x55, 0x10};
	uint16_t len = (uint16_t)(8 + 2 + page[9]);
	mmc_put_be16(&select10[7], len);
	exec(s, select10, 10, page, len, NULL, 0);
}

/* FORMAT UNIT for rewritables that need it: DVD+RW type 26h, BD-RE 00h. */
static void format_if_needed(struct session *s, bool bd)
{
	uint8_t cdb[6] = {0x04, 0x11};
	uint8_t list[12] = {0x00, 0x00, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF,
			    (uint8_t)(bd ? 0x00 : 0x26 << 2), 0, 0, 0};
	if (bd) /* BD-RE: a number of blocks the disc offers: its capacity */
		memset(&list[4], 0, 4);
	exec(s, cdb, 6, list, sizeof(list), NULL, 0);
}

/* The child's work: sessions of random chunks with syncs in between, then
 * closes (sequential) — or formatted rewrites (random access). Reports
 * every acknowledged SYNC to the parent. */
static void burn_script(struct session *s, bool rewritable, bool bd)
{
	uint8_t tur[6] = {0};
	exec(s, tur, 6, NULL, 0, NULL, 0); /* power-on unit attention */
	if (rewritable)
		format_if_needed(s, bd);
	else
		allow_next_session(s);
	for (int round = 0; round < 3; round++) {
		int32_t nwa = 0, run_start;
		uint32_t free_blocks = 0;
		if (!rewritable && !next_writable(s, &nwa, &free_blocks))
			return; /* disc complete or full: nothing to burn */
		if (rewritable)
			nwa = (int32_t)(random() % 2000);
		run_start = nwa;
		/* Up to 80 chunks: more than the 2 MiB buffer of CD and DVD
		 * media holds, so the drive drains while the host writes. */
		int chunks = 2 + (int)(random() % 80);
		int32_t synced_end = run_start;
		for (int c = 0; c < chunks; c++) {
			uint16_t n = (uint16_t)(1 + random() % CHUNK_MAX);
			if (write_chunk(s, nwa, n) != 0)
				return;
			nwa += n;
			if (random() % 8 == 0) /* the host stalls: the buffer drains */
				mmcemu_advance_clock(s->d, (uint64_t)(random() % 200) * 1000000u);
			int32_t held, size;
			if (!rewritable && buffer_state(s, &held, &size)) {
				struct synced m = {run_start, synced_end, nwa - held, size};
				if (write(s->report_fd, &m, sizeof(m)) != sizeof(m))
					return;
			}
			if (random() % 32 == 0 && sync_cache(s) == 0) {
				synced_end = nwa;
				struct synced m = {run_start, nwa, nwa, 0};
				if (write(s->report_fd, &m, sizeof(m)) != sizeof(m))
					return;
			}
		}
		if (sync_cache(s) == 0) {
			struct synced m = {run_start, nwa, nwa, 0};
			if (write(s->report_fd, &m, sizeof(m)) != sizeof(m))
				return;
		}
		if (!rewritable)
			close_track_session(s);
	}
}

static void child(const char *disc, const char *profile, long kill_at, int fd,
		  uint32_t gen, unsigned seed)
{
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .profile = profile, .disc_path = disc,
					  .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256];
	struct session s = {.kill_at = kill_at, .report_fd = fd, .generation = gen};
	if (mmcemu_drive_open(&cfg, &s.d, err, sizeof(err)) != 0) {
		fprintf(stderr, "child: %s\n", err);
		_exit(3);
	}
	srandom(seed);
	bool rw = strcmp(profile, "dvd+rw") == 0 || strcmp(profile, "bd-re") == 0;
	burn_script(&s, rw, profile[0] == 'b');
	mmcemu_drive_close(s.d);
	_exit(0);
}

/* Every sector in [first, last] reads back with its own pattern. */
static void check_range(struct session *s, int32_t first, int32_t last, const char *what)
{
	for (int32_t lba = first; lba <= last; lba += CHUNK_MAX) {
		uint16_t n = (uint16_t)(last - lba + 1 < CHUNK_MAX ? last - lba + 1 : CHUNK_MAX);
		uint8_t cdb[10] = {0x28};
		mmc_put_be32(&cdb[2], (uint32_t)lba);
		mmc_put_be16(&cdb[7], n);
		if (exec(s, cdb, 10, NULL, 0, buf, sizeof(buf)) != 0)
			fail_msg("%s: READ(10) of %d+%u failed after a kill", what, lba, n);
		for (uint16_t i = 0; i < n; i++)
			if (!sector_ok(buf + (size_t)i * SECTOR, lba + i))
				fail_msg("%s: sector %d does not hold what was written", what, lba + i);
		seen.sectors_verified += n;
	}
}

/* Sequential media: every track's recorded part reads back. Returns the
 * recorded extent of the track holding lba, for the durability check. */
static void check_sequential(struct session *s, const struct synced *last_sync)
{
	uint8_t di[34] = {0};
	uint8_t rdi[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0};
	assert_int_equal(exec(s, rdi, 10, NULL, 0, di, sizeof(di)), 0);
	unsigned last_track = di[6];
	bool covered = last_sync->end == 0;
	/* The drained extent, less the lag the saved disc may have. */
	int32_t must_hold = last_sync->drained - last_sync->slack;
	bool drained_ok = must_hold <= last_sync->end;
	for (unsigned t = 1; t <= last_track; t++) {
		uint8_t cdb[10] = {0x52, 0x01, 0, 0, 0, (uint8_t)t, 0, 0, 48, 0};
		uint8_t ti[48] = {0};
		assert_int_equal(exec(s, cdb, 10, NULL, 0, ti, sizeof(ti)), 0);
		int32_t start = (int32_t)mmc_get_be32(&ti[8]);
		int32_t end; /* one past the last recorded sector */
		if (ti[7] & 2) /* LRA valid */
			end = (int32_t)mmc_get_be32(&ti[28]) + 1;
		else if (ti[7] & 1) /* NWA valid */
			end = (int32_t)mmc_get_be32(&ti[12]);
		else
			end = start + (int32_t)mmc_get_be32(&ti[24]);
		if (ti[6] & 0x40) /* blank track */
			end = start;
		if (end > start)
			check_range(s, start, end - 1, "sequential");
		if (last_sync->end > 0 && last_sync->start >= start && last_sync->end <= end) {
			covered = true;
			seen.synced_runs_checked++;
		}
		bool ours = last_sync->drained > 0 && last_sync->start >= start &&
			    last_sync->start < (end > start ? end : start + 1);
		if (ours && must_hold <= end)
			drained_ok = true;
		/* Sectors past the last sync, kept because they were drained. */
		if (ours && end > last_sync->end)
			seen.drained_runs_checked++;
	}
	if (!covered)
		fail_msg("synced run %d..%d is not on the disc after the kill",
			 last_sync->start, last_sync->end - 1);
	if (!drained_ok)
		fail_msg("the drive had drained %d..%d (less %d buffered), not on the disc after the kill",
			 last_sync->start, last_sync->drained - 1, last_sync->slack);
}

/* The last track was being recorded when the kill came: damaged, no NWA
 * (MMC-5 6.27.3.7, Damage bit). CLOSE TRACK closes it, as libburn's
 * burn_disc_close_damaged() does; false when it is not damaged. */
static bool close_damaged(struct session *s)
{
	uint8_t di[34] = {0};
	uint8_t rdi[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0};
	if (exec(s, rdi, 10, NULL, 0, di, sizeof(di)) != 0 || ((di[2] >> 2) & 3) != 2)
		return false;
	uint8_t cdb[10] = {0x52, 0x01, 0, 0, 0, di[6], 0, 0, 48, 0};
	uint8_t ti[48] = {0};
	assert_int_equal(exec(s, cdb, 10, NULL, 0, ti, sizeof(ti)), 0);
	assert_true(ti[5] & 0x20);
	assert_false(ti[7] & 1);
	uint8_t close[10] = {0x5B, 0, 1, 0, 0, di[6]};
	assert_int_equal(exec(s, close, 10, NULL, 0, NULL, 0), 0);
	seen.damaged_tracks_closed++;
	return true;
}

static struct mmcemu_drive *reopen(const char *disc, long kill_point)
{
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .disc_path = disc, .clock = MMCEMU_CLOCK_VIRTUAL};
	struct mmcemu_drive *d;
	char err[256];
	if (mmcemu_drive_open(&cfg, &d, err, sizeof(err)) != 0)
		fail_msg("kill point %ld: disc does not reopen: %s", kill_point, err);
	return d;
}

/* After the check, a burn goes on where the killed one left off, as a drive
 * does with an interrupted session: write at the NWA, sync, close. */
static void follow_up_burn(struct session *s, bool rewritable)
{
	int32_t nwa = 0;
	uint32_t free_blocks = 0;
	if (!rewritable)
		allow_next_session(s);
	if (!rewritable && !next_writable(s, &nwa, &free_blocks) &&
	    (!close_damaged(s) || !next_writable(s, &nwa, &free_blocks)))
		return; /* complete disc: nothing may be written, and nothing is */
	if (!rewritable && free_blocks < 16)
		return;
	assert_int_equal(write_chunk(s, nwa, 16), 0);
	assert_int_equal(sync_cache(s), 0);
	check_range(s, nwa, nwa + 15, "follow-up burn");
	if (!rewritable)
		close_track_session(s);
}

static void run_family(const char *const *profiles, unsigned n_profiles)
{
	char dir[] = "/tmp/crash-XXXXXX";
	assert_non_null(mkdtemp(dir));
	srandom(20261122);
	memset(&seen, 0, sizeof(seen));
	for (unsigned p = 0; p < n_profiles; p++) {
		char disc[64];
		snprintf(disc, sizeof(disc), "%s/%s", dir, profiles[p]);
		bool rw = strcmp(profiles[p], "dvd+rw") == 0 || strcmp(profiles[p], "bd-re") == 0;
		unsigned kills = (KILLS_PER_FAMILY + n_profiles - 1) / n_profiles;
		struct synced last = {0, 0, 0, 0};
		for (unsigned k = 0; k < kills; k++) {
			int fds[2];
			assert_int_equal(pipe(fds), 0);
			bool by_index = k % 2 == 0;
			long kill_at = by_index ? 2 + random() % 150 : -1;
			unsigned seed = (unsigned)random();
			pid_t pid = fork();
			assert_true(pid >= 0);
			if (pid == 0) {
				close(fds[0]);
				child(disc, profiles[p], kill_at, fds[1], k + 1, seed);
			}
			close(fds[1]);
			if (!by_index) {
				struct timespec ts = {0, (random() % 3000) * 1000L};
				nanosleep(&ts, NULL);
				kill(pid, SIGKILL);
			}
			int status;
			assert_int_equal(waitpid(pid, &status, 0), pid);
			if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
				fail_msg("%s: child could not open the disc", profiles[p]);
			struct synced m;
			while (read(fds[0], &m, sizeof(m)) == sizeof(m))
				last = m;
			close(fds[0]);

			if (getenv("CRASH_DEBUG"))
				fprintf(stderr, "%s k=%u by_index=%d kill_at=%ld status=%x synced %d..%d "
					"drained %d (slack %d)\n", profiles[p], k, by_index, kill_at,
					status, last.start, last.end, last.drained, last.slack);
			struct session s = {.d = reopen(disc, k), .kill_at = -1,
					    .generation = 1000 + k};
			uint8_t tur[6] = {0};
			exec(&s, tur, 6, NULL, 0, NULL, 0);
			if (rw) {
				if (last.end > last.start) {
					check_range(&s, last.start, last.end - 1, profiles[p]);
					seen.synced_runs_checked++;
				}
			} else {
				check_sequential(&s, &last);
			}
			follow_up_burn(&s, rw);
			if (!rw)
				last = (struct synced){0, 0, 0, 0}; /* checked; tracks are closed now */
			mmcemu_drive_close(s.d);
		}
	}
	print_message("%lu sectors verified, %lu acknowledged syncs found intact, %lu drained "
		      "runs past the sync found, %lu damaged tracks closed\n",
		      seen.sectors_verified, seen.synced_runs_checked, seen.drained_runs_checked,
		      seen.damaged_tracks_closed);
	/* At least a fifth of the kills must have come after a sync, and the
	 * disc must have had real data to check; kills mid-recording must
	 * have found drained sectors beyond the last sync. */
	assert_true(seen.synced_runs_checked >= KILLS_PER_FAMILY / 5);
	assert_true(seen.sectors_verified >= 1000);
	assert_true(seen.drained_runs_checked >= KILLS_PER_FAMILY / 25);
	assert_true(seen.damaged_tracks_closed >= KILLS_PER_FAMILY / 25);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void cd_family(void **state)
{
	(void)state;
	static const char *const p[] = {"cd-r", "cd-rw"};
	run_family(p, 2);
}

static void dvd_family(void **state)
{
	(void)state;
	static const char *const p[] = {"dvd+r", "dvd-r", "dvd+rw"};
	run_family(p, 3);
}

static void bd_family(void **state)
{
	(void)state;
	static const char *const p[] = {"bd-r", "bd-re"};
	run_family(p, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cd_family),
		cmocka_unit_test(dvd_family),
		cmocka_unit_test(bd_family),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
