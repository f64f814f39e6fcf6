/* discburn read: the disc's data back into a file, sector n at byte
 * n x 2048. By default LBA 0 to the end of the last track holding data
 * (its Last Recorded Address, not READ CAPACITY: on DVD+RW and BD-RE that
 * is the whole formatted area, 4.7 GB of mostly nothing), so a
 * multisession disc comes back whole and mounts at any of its sessions;
 * --session N or --track N reads one (the file then starts at its first
 * sector), --lba/--sectors a range. Sectors that no track holds (between
 * sessions, a track's link and run-out blocks) are zero-filled and
 * counted, never read: no drive can read them. --track N --audio rips
 * an audio track into a WAV file instead (cmd_read_audio.c). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "discburn/mmc.h"
#include "discburn/multisession.h"
#include "mmc/opcodes.h"
#include "mmc/sense.h"

/* READs as large as WRITEs: the device's limit, at most 256 KiB (on the
 * TCMU path per-command latency dominates); 64 KiB when it says none. */
#define READ_MAX_SECTORS 128u
#define READ_FALLBACK_SECTORS 32u

struct read_opts {
	const char *drive;
	const char *out;
	long long lba; /* -1: not given */
	long long sectors; /* -1: to the end of the data */
	long long session; /* 0: not given */
	long long track;
	bool audio; /* --audio: track as a WAV file, through READ CD */
	bool json;
};

static int parse_read(int argc, char **argv, struct read_opts *o)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"lba", required_argument, 0, 'l'},
		{"sectors", required_argument, 0, 'n'},
		{"session", required_argument, 0, 's'},
		{"track", required_argument, 0, 't'},
		{"audio", no_argument, 0, 'a'},
		{"json-events", no_argument, 0, 'j'},
		{0, 0, 0, 0},
	};
	*o = (struct read_opts){.lba = -1, .sectors = -1};
	int c;
	while ((c = getopt_long(argc, argv, "d:l:n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->drive = optarg; break;
		case 'l': if (!cli_number("lba", optarg, &o->lba)) return CLI_USAGE; break;
		case 'n': if (!cli_number("sectors", optarg, &o->sectors)) return CLI_USAGE; break;
		case 's': if (!cli_number("session", optarg, &o->session)) return CLI_USAGE; break;
		case 't': if (!cli_number("track", optarg, &o->track)) return CLI_USAGE; break;
		case 'a': o->audio = true; break;
		case 'j': o->json = true; break;
		default: return cli_usage("bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("one OUT file expected");
	o->out = argv[optind];
	if (!o->drive)
		return cli_usage("--drive is required");
	if (o->lba < -1 || o->sectors < -1)
		return cli_usage("--lba and --sectors cannot be negative");
	if (o->session < 0 || o->track < 0 || o->session > 65535 || o->track > 65535)
		return cli_usage("--session and --track are numbers from 1");
	if (o->session && o->track)
		return cli_usage("--session and --track exclude each other");
	if ((o->session || o->track) && (o->lba >= 0 || o->sectors >= 0))
		return cli_usage("--%s reads a whole one: no --lba or --sectors with it",
				 o->session ? "session" : "track");
	if (o->audio && !o->track)
		return cli_usage("--audio rips one audio track: give --track N");
	if (o->audio && strcmp(o->out, "-") == 0)
		return cli_usage("--audio writes a WAV file: OUT cannot be - (standard output)");
	return CLI_OK;
}

/* What to copy, and the tracks that say which sectors hold data. */
struct read_job {
	struct db_disc_tracks tracks;
	bool have_tracks; /* a map of the data to zero-fill around */
	int64_t lba, n;
	int64_t data_end; /* the last data sector + 1: past it, sectors are read as asked */
	int32_t last_session_start;
	/* results */
	unsigned gaps;
	int64_t zero_filled;
	int64_t fail_lba;
	uint32_t fail_count;
};

static db_status extent(struct db_device *d, const struct read_opts *o, struct read_job *j)
{
	db_status st = db_disc_tracks_read(d, &j->tracks);
	j->have_tracks = db_succeeded(st) && j->tracks.n > 0;
	if (o->session || o->track) {
		if (!j->have_tracks) {
			fprintf(stderr, "discburn: read: the drive reports no tracks, so no --%s\n",
				o->session ? "session" : "track");
			return DB_E_INVALIDARG;
		}
		/* The formatted TOC names no sessions; a CD's full TOC does. */
		bool sessions_known = false;
		for (unsigned i = 0; i < j->tracks.n; i++)
			sessions_known |= j->tracks.t[i].session != 0;
		if (o->session && !sessions_known) {
			fprintf(stderr, "discburn: read: the drive answers only READ TOC, which names "
					"no sessions here: use --track or --lba\n");
			return DB_E_INVALIDARG;
		}
	}
	struct db_read_plan plan = {.last_session_start = -1};
	const char *bad = NULL;
	if (j->have_tracks) {
		st = db_read_plan_for(&j->tracks, (unsigned)o->track, (unsigned)o->session, &plan, &bad);
		if (db_failed(st)) {
			fprintf(stderr, "discburn: read: the disc has no %s %lld holding data\n", bad,
				o->track ? o->track : o->session);
			return st;
		}
	}
	int64_t end = plan.start + plan.n;
	/* Gaps are zero-filled up to the listed tracks' data only. */
	j->data_end = end;
	if (!o->session && !o->track) {
		/* READ CAPACITY bounds it when the tracks are unknown, or report
		 * more than the drive says it can read. */
		struct db_capacity cap;
		st = db_mmc_read_capacity(d, &cap);
		if (db_failed(st) && !j->have_tracks)
			return st;
		/* More tracks than the list holds: past the listed ones the
		 * sectors are read as READ CAPACITY bounds them. */
		if (db_succeeded(st) && (!j->have_tracks || j->tracks.truncated ||
					 (int64_t)cap.last_lba + 1 < end))
			end = (int64_t)cap.last_lba + 1;
		plan.start = o->lba >= 0 ? (int32_t)o->lba : 0;
	}
	j->lba = plan.start;
	j->n = o->sectors >= 0 ? o->sectors : end - j->lba;
	if (j->n < 0)
		j->n = 0;
	j->last_session_start = plan.last_session_start;
	return DB_S_OK;
}

static int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static uint32_t read_chunk(struct db_device *d)
{
	size_t max = db_device_max_transfer(d) / 2048;
	if (max == 0)
		return READ_FALLBACK_SECTORS;
	return max < READ_MAX_SECTORS ? (uint32_t)max : READ_MAX_SECTORS;
}

/* How many sectors from pos are one kind (data to read, or a gap to
 * zero-fill) and which: sectors past the last data are read as asked,
 * so a range beyond the data fails as the drive says it does. */
static int64_t run_at(const struct read_job *j, int64_t pos, int64_t end, bool *gap)
{
	int64_t to = end;
	*gap = false;
	if (j->have_tracks && pos < j->data_end) {
		int64_t e;
		*gap = !db_disc_tracks_hold(&j->tracks, pos, &e);
		if (e < to)
			to = e;
		if (*gap && j->data_end < to)
			to = j->data_end;
	}
	return to - pos;
}

static db_status copy_out(struct db_device *d, int fd, struct read_job *j, struct cli_progress *p)
{
	static unsigned char buf[READ_MAX_SECTORS * 2048];
	uint32_t chunk = read_chunk(d);
	uint64_t t0 = now_ms();
	int64_t end = j->lba + j->n;
	bool last_gap = false;
	for (int64_t pos = j->lba; pos < end;) {
		bool gap;
		int64_t run = run_at(j, pos, end, &gap);
		uint32_t k = run < chunk ? (uint32_t)run : chunk;
		if (gap) {
			memset(buf, 0, (size_t)k * 2048);
			j->gaps += !last_gap;
			j->zero_filled += k;
		} else {
			db_status st = db_mmc_read(d, (int32_t)pos, k, buf);
			if (db_failed(st)) {
				j->fail_lba = pos;
				j->fail_count = k;
				return st;
			}
		}
		last_gap = gap;
		if (write_all(fd, buf, (size_t)k * 2048) != 0)
			return db_status_from_errno(errno);
		pos += k;
		cli_progress_show(p, pos - j->lba, j->n, now_ms() - t0, -1, pos == end);
	}
	return DB_S_OK;
}

/* A READ the drive refused, said as one: which sectors, the drive's sense
 * and command, then the status (whose IMAPI message speaks of writing,
 * so it is left out). */
static int read_failed(db_status st, struct db_device *d, const struct read_job *j)
{
	const char *name = db_status_name(st);
	fprintf(stderr, "discburn: read: reading LBA %lld-%lld failed",
		(long long)j->fail_lba, (long long)j->fail_lba + j->fail_count - 1);
	struct mmc_sense s = db_device_last_sense(d);
	if (s.key || s.asc || s.ascq) {
		const char *op = mmc_opcode_name(db_device_last_opcode(d));
		fprintf(stderr, ": sense %X/%02X/%02X %s, after %s", s.key, s.asc, s.ascq,
			mmc_sense_text(s), op ? op : "?");
	}
	fprintf(stderr, " (%s 0x%08X)\n", name ? name : "UNKNOWN", db_status_hex(st));
	if (cli_json) {
		cli_fact("reading LBA %lld-%lld failed", (long long)j->fail_lba,
			 (long long)j->fail_lba + j->fail_count - 1);
		cli_json_error(st, "A READ of the disc failed.", NULL, d);
	}
	return CLI_FAILED;
}

/* "1,234,567": the gap sizes are read by people. */
static const char *grouped(int64_t v, char out[32])
{
	char raw[24];
	int n = snprintf(raw, sizeof(raw), "%lld", (long long)v);
	int o = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = raw[i];
	}
	out[o] = '\0';
	return out;
}

static void report(const struct read_job *j, bool json)
{
	if (json) {
		printf("{\"event\":\"read\",\"start_lba\":%lld,\"sectors\":%lld,\"gaps\":%u,"
		       "\"zero_filled\":%lld,\"last_session_start\":%d,\"tracks_from\":\"%s\"}\n",
		       (long long)j->lba, (long long)j->n, j->gaps, (long long)j->zero_filled,
		       j->last_session_start,
		       !j->have_tracks ? "none" : j->tracks.from_toc ? "toc" : "track_information");
		fflush(stdout);
		return;
	}
	char a[32], b[32];
	fprintf(stderr, "discburn: read: %s sectors from LBA %lld", grouped(j->n, a), (long long)j->lba);
	if (j->gaps)
		fprintf(stderr, "; %u gap%s, %s sectors zero-filled (no track holds them)", j->gaps,
			j->gaps == 1 ? "" : "s", grouped(j->zero_filled, b));
	fprintf(stderr, "\n");
	if (j->last_session_start > 0 && j->lba == 0)
		fprintf(stderr, "discburn: read: newest session at LBA %d (mount -o sbsector=%d, "
				"xorriso -load sbsector %d)\n",
			j->last_session_start, j->last_session_start, j->last_session_start);
}

/* `read --drive emu:P:d d.img` would truncate the disc's own image while
 * reading it: OUT must not be one of an emulated disc's files. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static bool out_is_the_disc(const char *drive, const char *out)
{
	const char *colon = strncmp(drive, "emu:", 4) == 0 ? strchr(drive + 4, ':') : NULL;
	if (!colon)
		return false;
	char img[4096];
	snprintf(img, sizeof(img), "%s.img", colon + 1);
	return same_file(out, colon + 1) || same_file(out, img);
}

int cli_cmd_read(int argc, char **argv)
{
	struct read_opts o;
	int rc = parse_read(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (strcmp(o.out, "-") != 0 && out_is_the_disc(o.drive, o.out))
		return cli_usage("%s is a file of the emulated disc being read", o.out);
	if (o.audio)
		return cli_read_audio(o.drive, (unsigned)o.track, o.out, o.json);
	/* JSON goes to stdout: not when the data does. */
	cli_json = o.json && strcmp(o.out, "-") != 0;
	struct db_recorder *r;
	db_status st = cli_open_recorder(o.drive, &r);
	if (db_failed(st))
		return cli_fail_drive(st, o.drive);
	struct db_device *d = db_recorder_device(r);
	struct read_job *j = calloc(1, sizeof(*j));
	if (!j) {
		db_recorder_close(r);
		return cli_fail(DB_E_OUTOFMEMORY, NULL, NULL);
	}
	/* The extent first: a bad --track or --session leaves no file. */
	st = extent(d, &o, j);
	if (db_failed(st)) {
		rc = st == DB_E_INVALIDARG ? CLI_USAGE : cli_fail(st, r, NULL);
		free(j);
		db_recorder_close(r);
		return rc;
	}
	bool to_stdout = strcmp(o.out, "-") == 0;
	int fd = to_stdout ? STDOUT_FILENO : open(o.out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		st = db_status_from_errno(errno);
		free(j);
		db_recorder_close(r);
		return cli_fail(st, NULL, o.out);
	}
	struct cli_progress p;
	/* JSON events go to stdout: not when the data does. */
	bool json = o.json && !to_stdout;
	cli_progress_init(&p, "read", json);
	st = copy_out(d, fd, j, &p);
	if (j->fail_count)
		p.message = "A READ of the disc failed.";
	cli_progress_end(&p, st);
	if (db_failed(st))
		rc = j->fail_count ? read_failed(st, d, j) : cli_fail(st, NULL, o.out);
	else
		report(j, json);
	if (!to_stdout && close(fd) != 0 && rc == CLI_OK)
		rc = cli_fail(db_status_from_errno(errno), NULL, o.out);
	/* A partial image looks like a whole one: do not leave it. */
	if (!to_stdout && rc != CLI_OK)
		unlink(o.out);
	free(j);
	db_recorder_close(r);
	return rc;
}
