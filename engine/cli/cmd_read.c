/* discburn read: the disc's data back into a file. How much, unless
 * --sectors says: what was recorded — READ CAPACITY (the last readable
 * sector), narrowed to the highest Last Recorded Address of the tracks
 * when the drive reports one, because on DVD+RW and BD-RE READ CAPACITY
 * is the whole formatted area (4.7 GB of mostly nothing). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "discburn/mmc.h"

/* READs as large as WRITEs: the device's limit, at most 256 KiB (on the
 * TCMU path per-command latency dominates); 64 KiB when it says none. */
#define READ_MAX_SECTORS 128u
#define READ_FALLBACK_SECTORS 32u

struct read_opts {
	const char *drive;
	const char *out;
	long long lba;
	long long sectors; /* -1: from READ CAPACITY */
	bool json;
};

static int parse_read(int argc, char **argv, struct read_opts *o)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"lba", required_argument, 0, 'l'},
		{"sectors", required_argument, 0, 'n'},
		{"json-events", no_argument, 0, 'j'},
		{0, 0, 0, 0},
	};
	*o = (struct read_opts){.sectors = -1};
	int c;
	while ((c = getopt_long(argc, argv, "d:l:n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->drive = optarg; break;
		case 'l': if (!cli_number("lba", optarg, &o->lba)) return CLI_USAGE; break;
		case 'n': if (!cli_number("sectors", optarg, &o->sectors)) return CLI_USAGE; break;
		case 'j': o->json = true; break;
		default: return cli_usage("bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("one OUT file expected");
	o->out = argv[optind];
	if (!o->drive)
		return cli_usage("--drive is required");
	return CLI_OK;
}

/* One past the highest valid Last Recorded Address (0 on a blank disc,
 * where READ CAPACITY still answers with LBA 0), or -1 when unknown. */
static int64_t recorded_end(struct db_device *d)
{
	struct db_disc_info di;
	int64_t end = -1;
	if (db_failed(db_mmc_read_disc_information(d, &di)))
		return -1;
	if (di.disc_status == 0)
		return 0;
	for (unsigned t = di.first_track; t && t <= di.last_track_last_session; t++) {
		struct db_track_info ti;
		if (db_failed(db_mmc_read_track_information(d, 1, t, &ti)))
			break;
		if (ti.lra_valid && (int64_t)ti.last_recorded + 1 > end)
			end = (int64_t)ti.last_recorded + 1;
	}
	return end;
}

static db_status extent(struct db_device *d, const struct read_opts *o, int64_t *n)
{
	if (o->sectors >= 0) {
		*n = o->sectors;
		return DB_S_OK;
	}
	struct db_capacity cap;
	db_status st = db_mmc_read_capacity(d, &cap);
	if (db_failed(st))
		return st;
	int64_t end = (int64_t)cap.last_lba + 1;
	int64_t recorded = recorded_end(d);
	if (recorded >= 0 && recorded < end)
		end = recorded;
	*n = end - o->lba;
	if (*n < 0)
		*n = 0;
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

static db_status copy_out(struct db_device *d, int fd, int64_t lba, int64_t n,
			  struct cli_progress *p)
{
	static unsigned char buf[READ_MAX_SECTORS * 2048];
	uint32_t chunk = read_chunk(d);
	uint64_t t0 = now_ms();
	for (int64_t done = 0; done < n;) {
		uint32_t k = n - done < chunk ? (uint32_t)(n - done) : chunk;
		db_status st = db_mmc_read(d, (int32_t)(lba + done), k, buf);
		if (db_failed(st))
			return st;
		if (write_all(fd, buf, (size_t)k * 2048) != 0)
			return db_status_from_errno(errno);
		done += k;
		cli_progress_show(p, done, n, now_ms() - t0, -1, done == n);
	}
	return DB_S_OK;
}

int cli_cmd_read(int argc, char **argv)
{
	struct read_opts o;
	int rc = parse_read(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	struct db_recorder *r;
	db_status st = cli_open_recorder(o.drive, &r);
	if (db_failed(st))
		return cli_fail_drive(st, o.drive);
	bool to_stdout = strcmp(o.out, "-") == 0;
	int fd = to_stdout ? STDOUT_FILENO : open(o.out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		st = db_status_from_errno(errno);
		db_recorder_close(r);
		return cli_fail(st, NULL, o.out);
	}
	int64_t n = 0;
	struct cli_progress p;
	/* JSON events go to stdout: not when the data does. */
	cli_progress_init(&p, "read", o.json && !to_stdout);
	st = extent(db_recorder_device(r), &o, &n);
	if (db_succeeded(st))
		st = copy_out(db_recorder_device(r), fd, o.lba, n, &p);
	cli_progress_end(&p, st);
	rc = db_failed(st) ? cli_fail(st, r, NULL) : CLI_OK;
	if (!to_stdout && close(fd) != 0 && rc == CLI_OK)
		rc = cli_fail(db_status_from_errno(errno), NULL, o.out);
	db_recorder_close(r);
	return rc;
}
