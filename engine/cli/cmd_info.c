/* discburn info: what the drive is and what disc it holds. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discburn/mmc.h"
#include "discburn/multisession.h"
#include "mmc/profiles.h"

struct info {
	struct db_inquiry id;
	struct db_configuration cfg;
	bool present;
	bool have_disc;
	struct db_disc_info disc;
	struct db_disc_tracks tr; /* READ TRACK INFORMATION, else READ TOC */
	struct db_disc_extent extent;
	struct db_write_speed speeds[DB_MAX_SPEEDS];
	unsigned n_speeds;
	size_t max_transfer;
	bool have_capacity;
	struct db_capacity capacity;
	bool have_buffer;
	struct db_buffer_capacity buffer;
};

static const char *profile_name(uint16_t p)
{
	const char *n = mmc_profile_name(p);
	return n ? n : "unknown";
}

static const char *const disc_status_names[4] = {"blank", "appendable", "complete", "other"};
static const char *const session_state_names[4] = {"empty", "incomplete", "damaged", "complete"};

/* Identity and profiles must work; the rest is shown when the drive
 * answers (no medium, a drive without GET PERFORMANCE...). */
static db_status gather(struct db_recorder *r, struct info *in)
{
	struct db_device *d = db_recorder_device(r);
	db_status st = db_recorder_identity(r, &in->id);
	if (db_succeeded(st))
		st = db_recorder_profiles(r, &in->cfg);
	if (db_succeeded(st))
		st = db_recorder_media_present(r, &in->present);
	if (db_failed(st))
		return st;
	in->max_transfer = db_device_max_transfer(d);
	if (!in->present)
		return DB_S_OK;
	in->have_disc = db_succeeded(db_mmc_read_disc_information(d, &in->disc));
	/* Tracks even without disc information: a CD-ROM drive has a TOC. */
	if (db_failed(db_disc_tracks_read(d, &in->tr)))
		in->tr.n = 0;
	db_disc_tracks_extent(&in->tr, &in->extent);
	in->have_capacity = db_succeeded(db_mmc_read_capacity(d, &in->capacity));
	in->have_buffer = db_succeeded(db_mmc_read_buffer_capacity(d, &in->buffer));
	if (db_failed(db_recorder_write_speeds(r, in->speeds, DB_MAX_SPEEDS, &in->n_speeds)))
		in->n_speeds = 0;
	return DB_S_OK;
}

/* The track a next write goes to: the last one with a valid NWA. */
static const struct db_track_info *writable_track(const struct info *in)
{
	for (unsigned i = in->tr.n; i-- > 0;)
		if (in->tr.t[i].nwa_valid)
			return &in->tr.t[i];
	return NULL;
}

static void print_text_tracks(const struct info *in)
{
	if (in->tr.from_toc)
		printf("Tracks:          from READ TOC (the drive does not answer READ TRACK "
		       "INFORMATION)\n");
	for (unsigned i = 0; i < in->tr.n; i++) {
		const struct db_track_info *t = &in->tr.t[i];
		if (in->tr.from_toc && t->session)
			printf("  track %u session %u: start %d size %u %s\n", t->track, t->session,
			       t->start, t->size, db_track_data_sectors(t) ? "data" : "audio");
		else if (in->tr.from_toc)
			printf("  track %u: start %d size %u %s\n", t->track, t->start, t->size,
			       db_track_data_sectors(t) ? "data" : "audio");
		else
			printf("  track %u session %u: start %d size %u last recorded %d%s%s\n",
			       t->track, t->session, t->start, t->size,
			       t->lra_valid ? t->last_recorded : -1, t->blank ? " blank" : "",
			       t->damage ? " DAMAGED" : "");
	}
}

static void print_text_disc(const struct info *in)
{
	printf("Disc status:     %s, last session %s%s\n", disc_status_names[in->disc.disc_status & 3],
	       session_state_names[in->disc.last_session_state & 3],
	       in->disc.erasable ? ", erasable" : "");
	printf("Sessions:        %u\n", in->disc.n_sessions);
	print_text_tracks(in);
	const struct db_track_info *w = writable_track(in);
	if (w)
		printf("Next writable:   %d (%u sectors free, %.1f MiB)\n", w->nwa, w->free_blocks,
		       w->free_blocks * 2048.0 / (1 << 20));
	else
		printf("Next writable:   none\n");
}

/* What a READ returns: the tracks' data, not READ CAPACITY's count (on a
 * multisession disc that spans the lead-outs and lead-ins between the
 * sessions, on DVD+RW the whole formatted area). */
static void print_text_readable(const struct info *in)
{
	const struct db_disc_extent *x = &in->extent;
	if (in->tr.n) {
		printf("Readable:        %lld sectors of data", (long long)x->data_sectors);
		if (x->end)
			printf(", LBA 0-%lld", (long long)x->end - 1);
		if (x->gaps)
			printf(" (%u gap%s, %lld sectors no track holds)", x->gaps,
			       x->gaps == 1 ? "" : "s", (long long)x->gap_sectors);
		printf("\n");
	}
	if (in->have_capacity)
		printf("READ CAPACITY:   %lld sectors\n", (long long)in->capacity.last_lba + 1);
}

static void print_text(const char *drive, const struct info *in)
{
	printf("Drive:           %s\n", drive);
	printf("Identity:        %s %s %s\n", in->id.vendor, in->id.product, in->id.revision);
	printf("Profiles:       ");
	for (unsigned i = 0; i < in->cfg.n_profiles; i++)
		printf(" %s%s", profile_name(in->cfg.profiles[i].number),
		       in->cfg.profiles[i].current ? "*" : "");
	printf("\nCurrent profile: 0x%04X %s\n", in->cfg.current_profile,
	       in->cfg.current_profile ? profile_name(in->cfg.current_profile) : "(no medium)");
	printf("Max transfer:    %zu bytes\n", in->max_transfer);
	printf("Streaming write: %s\n", in->cfg.rt_streaming_current && in->cfg.rt_streaming_sw
					     ? "WRITE(12) streaming (Real Time Streaming, SW=1, current)"
					     : "no");
	printf("Medium:          %s\n", in->present ? "present" : "none");
	if (in->have_disc)
		print_text_disc(in);
	else
		print_text_tracks(in);
	print_text_readable(in);
	if (in->have_buffer)
		printf("Drive buffer:    %u KiB (%u KiB free)\n", in->buffer.size / 1024,
		       in->buffer.available / 1024);
	for (unsigned i = 0; i < in->n_speeds; i++)
		printf("Write speed:     %u kB/s, %u sectors/s%s\n", in->speeds[i].write_kbps,
		       db_write_speed_sectors_per_second(&in->speeds[i], in->cfg.current_profile),
		       in->speeds[i].wrc == 1 ? " (CAV)" : "");
}

static void json_tracks(const struct info *in)
{
	printf(",\"tracks\":[");
	for (unsigned i = 0; i < in->tr.n; i++) {
		const struct db_track_info *t = &in->tr.t[i];
		printf("%s{\"track\":%u,\"session\":%u,\"start\":%d,\"size\":%u,\"nwa\":%d,"
		       "\"nwa_valid\":%s,\"free_blocks\":%u,\"last_recorded\":%d,\"blank\":%s,"
		       "\"damaged\":%s}",
		       i ? "," : "", t->track, t->session, t->start, t->size, t->nwa,
		       t->nwa_valid ? "true" : "false", t->free_blocks,
		       t->lra_valid ? t->last_recorded : -1, t->blank ? "true" : "false",
		       t->damage ? "true" : "false");
	}
	printf("]");
}

static void json_disc(const struct info *in)
{
	const struct db_track_info *w = writable_track(in);
	printf(",\"disc\":{\"status\":\"%s\",\"last_session\":\"%s\",\"erasable\":%s,"
	       "\"sessions\":%u,\"nwa\":%d,\"free_sectors\":%u",
	       disc_status_names[in->disc.disc_status & 3],
	       session_state_names[in->disc.last_session_state & 3],
	       in->disc.erasable ? "true" : "false", in->disc.n_sessions, w ? w->nwa : -1,
	       w ? w->free_blocks : 0);
	json_tracks(in);
	printf("}");
}

static void print_json(const char *drive, const struct info *in)
{
	printf("{\"drive\":");
	json_string(stdout, drive);
	printf(",\"vendor\":");
	json_string(stdout, in->id.vendor);
	printf(",\"product\":");
	json_string(stdout, in->id.product);
	printf(",\"revision\":");
	json_string(stdout, in->id.revision);
	printf(",\"profiles\":[");
	for (unsigned i = 0; i < in->cfg.n_profiles; i++)
		printf("%s{\"number\":%u,\"name\":\"%s\",\"current\":%s}", i ? "," : "",
		       in->cfg.profiles[i].number, profile_name(in->cfg.profiles[i].number),
		       in->cfg.profiles[i].current ? "true" : "false");
	printf("],\"current_profile\":%u,\"current_profile_name\":\"%s\",\"max_transfer\":%zu,"
	       "\"media_present\":%s",
	       in->cfg.current_profile, in->cfg.current_profile ? profile_name(in->cfg.current_profile) : "",
	       in->max_transfer, in->present ? "true" : "false");
	printf(",\"streaming_write12\":%s",
	       in->cfg.rt_streaming_current && in->cfg.rt_streaming_sw ? "true" : "false");
	if (in->have_disc)
		json_disc(in);
	/* Tracks belong to the disc object; a drive that answers only READ
	 * TOC has them without one. */
	if (!in->have_disc)
		json_tracks(in);
	printf(",\"tracks_from\":\"%s\"", !in->tr.n ? "none" : in->tr.from_toc ? "toc" : "track_information");
	/* readable_sectors: what READ returns (the tracks' data), not READ
	 * CAPACITY's span (read_capacity_sectors). */
	printf(",\"readable_sectors\":%lld,\"data_end\":%lld,\"gaps\":%u,\"gap_sectors\":%lld",
	       (long long)in->extent.data_sectors, (long long)in->extent.end, in->extent.gaps,
	       (long long)in->extent.gap_sectors);
	if (in->have_capacity)
		printf(",\"read_capacity_sectors\":%lld", (long long)in->capacity.last_lba + 1);
	if (in->have_buffer)
		printf(",\"drive_buffer\":{\"size\":%u,\"available\":%u}", in->buffer.size,
		       in->buffer.available);
	printf(",\"write_speeds_kbps\":[");
	for (unsigned i = 0; i < in->n_speeds; i++)
		printf("%s%u", i ? "," : "", in->speeds[i].write_kbps);
	printf("],\"write_speeds_sectors_per_second\":[");
	for (unsigned i = 0; i < in->n_speeds; i++)
		printf("%s%u", i ? "," : "",
		       db_write_speed_sectors_per_second(&in->speeds[i], in->cfg.current_profile));
	printf("]}\n");
}

int cli_cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"json", no_argument, 0, 'j'},
		{0, 0, 0, 0},
	};
	const char *drive = NULL;
	bool json = false;
	int c;
	while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		if (c == 'd')
			drive = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_usage("bad option");
	}
	if (!drive || optind != argc)
		return cli_usage("--drive is required");
	struct db_recorder *r;
	db_status st = db_recorder_open(drive, 0, &r);
	if (db_failed(st))
		return cli_fail_drive(st, drive);
	struct info *in = calloc(1, sizeof(*in));
	st = in ? gather(r, in) : DB_E_OUTOFMEMORY;
	int rc = db_failed(st) ? cli_fail(st, r, NULL) : CLI_OK;
	if (rc == CLI_OK)
		json ? print_json(drive, in) : print_text(drive, in);
	free(in);
	db_recorder_close(r);
	return rc;
}
