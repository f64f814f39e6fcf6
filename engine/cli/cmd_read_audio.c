/* discburn read --track N --audio OUT.wav: an audio track ripped through
 * READ CD (MMC-6 6.19: expected sector type CD-DA, user data only, 2352
 * bytes a sector, 588 stereo frames) into a 44.1 kHz / 16-bit / stereo
 * WAV written by libsndfile. READ(10) cannot read audio: a CD-DA sector
 * has no 2048-byte user data (05/64/00).
 *
 * The track's extent comes from READ TRACK INFORMATION (or the TOC on a
 * drive without it, db_disc_tracks_read): from its start to its Last
 * Recorded Address when the drive reports one (what was written, without
 * the 4 s padding or the TAO run-out blocks the drive added), else its
 * whole size. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>

#include "cli.h"
#include "discburn/mmc.h"
#include "discburn/multisession.h"
#include "mmc/opcodes.h"
#include "mmc/read_cd.h"
#include "mmc/sense.h"

/* CD-DA (IEC 60908): 75 sectors a second, 588 frames of 2 samples each. */
#define FRAMES_PER_SECTOR (MMC_CD_RAW_SECTOR / 4)
#define SECTORS_PER_SECOND 75
/* READ CDs of at most ~256 KiB, as the data reads, within the device's
 * limit; 27 sectors (64 KiB) when it says none. */
#define AUDIO_MAX_SECTORS 111u
#define AUDIO_FALLBACK_SECTORS 27u

/* Track Mode / CONTROL (MMC-6 4.2.3.4, READ TRACK INFORMATION and the
 * TOC): bit 2 data, bit 3 four-channel audio. */
#define CONTROL_DATA 0x04
#define CONTROL_FOUR_CHANNEL 0x08

static uint64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static uint32_t chunk_sectors(struct db_device *d)
{
	size_t max = db_device_max_transfer(d) / MMC_CD_RAW_SECTOR;
	if (max == 0)
		return AUDIO_FALLBACK_SECTORS;
	return max < AUDIO_MAX_SECTORS ? (uint32_t)max : AUDIO_MAX_SECTORS;
}

/* The sectors to rip: up to the LRA when there is one. */
static int64_t audio_sectors(const struct db_track_info *t)
{
	if (t->lra_valid && t->last_recorded >= t->start) {
		int64_t n = (int64_t)t->last_recorded - t->start + 1;
		return t->size && n > t->size ? t->size : n;
	}
	return t->size;
}

/* Which track, and whether it is one a WAV can hold; else a message and
 * E_INVALIDARG (a usage error: the disc is fine, the request is not). */
static db_status find_track(struct db_device *d, unsigned n, int32_t *start, int64_t *sectors)
{
	struct db_disc_tracks *tr = malloc(sizeof(*tr));
	if (!tr)
		return DB_E_OUTOFMEMORY;
	db_status st = db_disc_tracks_read(d, tr);
	if (db_failed(st)) {
		free(tr);
		return st;
	}
	const struct db_track_info *t = NULL;
	for (unsigned i = 0; i < tr->n; i++)
		if (tr->t[i].track == n)
			t = &tr->t[i];
	st = DB_E_INVALIDARG;
	if (!t)
		fprintf(stderr, "discburn: read: the disc has no track %u (%u track%s)\n", n, tr->n,
			tr->n == 1 ? "" : "s");
	else if (t->blank || audio_sectors(t) <= 0)
		fprintf(stderr, "discburn: read: track %u is blank\n", n);
	else if (t->track_mode & CONTROL_DATA)
		fprintf(stderr, "discburn: read: track %u is a data track: read it without --audio\n",
			n);
	else if (t->track_mode & CONTROL_FOUR_CHANNEL)
		fprintf(stderr, "discburn: read: track %u is four-channel audio: --audio writes "
				"2-channel WAV files\n",
			n);
	else {
		*start = t->start;
		*sectors = audio_sectors(t);
		st = DB_S_OK;
	}
	free(tr);
	return st;
}

struct rip {
	struct db_device *d;
	SNDFILE *wav;
	int32_t start;
	int64_t n;
	int64_t fail_lba; /* -1: no READ CD failed */
	uint8_t *sectors;
	int16_t *samples;
};

/* A chunk the drive refused, sector by sector: the first one that fails
 * is the LBA to name (the chunk's first is not necessarily it). */
static db_status read_chunk(struct rip *r, int64_t pos, uint32_t k)
{
	db_status st = db_mmc_read_cd_audio(r->d, (int32_t)pos, k, r->sectors);
	if (db_succeeded(st))
		return st;
	for (uint32_t i = 0; i < k; i++) {
		st = db_mmc_read_cd_audio(r->d, (int32_t)(pos + i), 1,
					  r->sectors + (size_t)i * MMC_CD_RAW_SECTOR);
		if (db_failed(st)) {
			r->fail_lba = pos + i;
			return st;
		}
	}
	return DB_S_OK;
}

static db_status rip(struct rip *r, struct cli_progress *p)
{
	uint32_t chunk = chunk_sectors(r->d);
	r->sectors = malloc((size_t)chunk * MMC_CD_RAW_SECTOR);
	r->samples = malloc((size_t)chunk * MMC_CD_RAW_SECTOR);
	if (!r->sectors || !r->samples)
		return DB_E_OUTOFMEMORY;
	uint64_t t0 = now_ms();
	int64_t end = r->start + r->n;
	for (int64_t pos = r->start; pos < end;) {
		uint32_t k = end - pos < chunk ? (uint32_t)(end - pos) : chunk;
		db_status st = read_chunk(r, pos, k);
		if (db_failed(st))
			return st;
		db_decode_cdda(r->sectors, k, r->samples);
		sf_count_t frames = (sf_count_t)k * FRAMES_PER_SECTOR;
		errno = 0;
		if (sf_writef_short(r->wav, r->samples, frames) != frames) {
			cli_fact("writing the WAV file: %s", sf_strerror(r->wav));
			return db_status_from_errno(errno ? errno : EIO);
		}
		pos += k;
		cli_progress_show(p, pos - r->start, r->n, now_ms() - t0, -1, pos == end);
	}
	return DB_S_OK;
}

/* "reading LBA 1234 failed: sense 5/64/00 illegal mode for this track,
 * after READ CD (E_... 0x...)": the sector, the drive's words, the status. */
static int rip_failed(db_status st, const struct rip *r, unsigned track)
{
	const char *name = db_status_name(st);
	fprintf(stderr, "discburn: read: track %u: reading LBA %lld failed", track,
		(long long)r->fail_lba);
	struct mmc_sense s = db_device_last_sense(r->d);
	if (s.key || s.asc || s.ascq) {
		const char *op = mmc_opcode_name(db_device_last_opcode(r->d));
		fprintf(stderr, ": sense %X/%02X/%02X %s, after %s", s.key, s.asc, s.ascq,
			mmc_sense_text(s), op ? op : "?");
	}
	fprintf(stderr, " (%s 0x%08X)\n", name ? name : "UNKNOWN", db_status_hex(st));
	if (cli_json) {
		cli_fact("track %u: reading LBA %lld failed", track, (long long)r->fail_lba);
		cli_json_error(st, "A READ CD of the disc failed.", NULL, r->d);
	}
	return CLI_FAILED;
}

static void report(const struct rip *r, unsigned track, const char *out, bool json)
{
	if (json) {
		printf("{\"event\":\"read\",\"track\":%u,\"audio\":true,\"start_lba\":%d,"
		       "\"sectors\":%lld,\"frames\":%lld,\"file\":",
		       track, r->start, (long long)r->n, (long long)r->n * FRAMES_PER_SECTOR);
		json_string(stdout, out);
		printf("}\n");
		fflush(stdout);
		return;
	}
	char a[32];
	int64_t f = r->n % SECTORS_PER_SECOND, sec = r->n / SECTORS_PER_SECOND;
	fprintf(stderr,
		"discburn: read: track %u, %s sectors (%lld:%02lld:%02lld) from LBA %d into %s "
		"(WAV, 44100 Hz, 2 channels, 16-bit PCM)\n",
		track, cli_grouped(r->n, a), (long long)(sec / 60), (long long)(sec % 60),
		(long long)f, r->start, out);
}

int cli_read_audio(const char *drive, unsigned track, const char *out, bool json)
{
	cli_json = json;
	struct db_recorder *rec;
	db_status st = cli_open_recorder(drive, &rec);
	if (db_failed(st))
		return cli_fail_drive(st, drive);
	struct rip r = {.d = db_recorder_device(rec), .fail_lba = -1};
	/* The track first: a bad --track leaves no file. */
	st = find_track(r.d, track, &r.start, &r.n);
	if (db_failed(st)) {
		int rc = st == DB_E_INVALIDARG ? CLI_USAGE : cli_fail(st, rec, NULL);
		db_recorder_close(rec);
		return rc;
	}
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		st = db_status_from_errno(errno);
		db_recorder_close(rec);
		return cli_fail(st, NULL, out);
	}
	SF_INFO info = {.samplerate = 44100, .channels = 2,
			.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	errno = 0;
	/* close_desc: libsndfile closes fd, on a failed open too. */
	r.wav = sf_open_fd(fd, SFM_WRITE, &info, 1);
	if (!r.wav) {
		st = db_status_from_errno(errno ? errno : EIO);
		unlink(out);
		cli_fact("libsndfile: %s", sf_strerror(NULL));
		db_recorder_close(rec);
		return cli_fail(st, NULL, out);
	}
	struct cli_progress p;
	cli_progress_init(&p, "read", json);
	st = rip(&r, &p);
	if (r.fail_lba >= 0)
		p.message = "A READ CD of the disc failed.";
	cli_progress_end(&p, st);
	int rc = CLI_OK;
	if (db_failed(st))
		rc = r.fail_lba >= 0 ? rip_failed(st, &r, track) : cli_fail(st, NULL, out);
	/* sf_close writes the header's sizes. */
	errno = 0;
	if (sf_close(r.wav) != 0 && rc == CLI_OK)
		rc = cli_fail(db_status_from_errno(errno ? errno : EIO), NULL, out);
	if (rc == CLI_OK)
		report(&r, track, out, json);
	else
		unlink(out); /* a partial track looks like a whole one */
	free(r.sectors);
	free(r.samples);
	db_recorder_close(rec);
	return rc;
}
