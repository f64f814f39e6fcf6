/* discburn info: what the drive is and what disc it holds. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discburn/format2data.h"
#include "discburn/mmc.h"
#include "discburn/multisession.h"
#include "mmc/profiles.h"

/* What DiscFormat2Data's properties say of the medium: the CLI reports
 * these calls, not its own reading of the drive, so the two cannot
 * disagree. A property that fails (no medium, a state it has no value
 * in) is shown as null with its status. */
struct f2d_prop {
	db_status st;
	int32_t v;
};
struct f2d_view {
	bool have;
	db_status state_st, wp_st, phys_st, heur_st, type_st, speeds_st;
	uint32_t state, wp;
	bool phys_blank, heur_blank;
	enum db_media_physical_type type;
	struct db_write_speed ws[DB_MAX_SPEEDS];
	unsigned n_ws;
	struct f2d_prop total, free, nwa, prev_start, prev_last;
};

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
	struct f2d_view f2d;
};

static const char *profile_name(uint16_t p)
{
	const char *n = mmc_profile_name(p);
	return n ? n : "unknown";
}

static const char *const disc_status_names[4] = {"blank", "appendable", "complete", "other"};
static const char *const session_state_names[4] = {"empty", "incomplete", "damaged", "complete"};

static void f2d_get(struct db_format2data *f, struct f2d_prop *p,
		    db_status (*get)(struct db_format2data *, int32_t *))
{
	p->st = get(f, &p->v);
}

static void gather_f2d(struct db_recorder *r, struct f2d_view *v)
{
	struct db_format2data *f;
	if (db_failed(db_format2data_create(&f)))
		return;
	if (db_failed(db_format2data_put_recorder(f, r))) {
		db_format2data_destroy(f);
		return;
	}
	v->have = true;
	v->state_st = db_format2data_get_current_media_status(f, &v->state);
	v->wp_st = db_format2data_get_write_protect_status(f, &v->wp);
	v->phys_st = db_format2data_get_media_physically_blank(f, &v->phys_blank);
	v->heur_st = db_format2data_get_media_heuristically_blank(f, &v->heur_blank);
	v->type_st = db_format2data_get_current_physical_media_type(f, &v->type);
	v->speeds_st = db_format2data_get_supported_write_speed_descriptors(f, v->ws, DB_MAX_SPEEDS,
									    &v->n_ws);
	if (v->n_ws > DB_MAX_SPEEDS)
		v->n_ws = DB_MAX_SPEEDS;
	f2d_get(f, &v->total, db_format2data_get_total_sectors_on_media);
	f2d_get(f, &v->free, db_format2data_get_free_sectors_on_media);
	f2d_get(f, &v->nwa, db_format2data_get_next_writable_address);
	f2d_get(f, &v->prev_start, db_format2data_get_start_address_of_previous_session);
	f2d_get(f, &v->prev_last, db_format2data_get_last_written_address_of_previous_session);
	db_format2data_destroy(f);
}

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
	/* DiscFormat2Data's view comes last: the commands before it stay in
	 * the order (and meet the fault plans) they always had. */
	if (!in->present) {
		gather_f2d(r, &in->f2d);
		return DB_S_OK;
	}
	in->have_disc = db_succeeded(db_mmc_read_disc_information(d, &in->disc));
	/* Tracks even without disc information: a CD-ROM drive has a TOC. */
	if (db_failed(db_disc_tracks_read(d, &in->tr)))
		in->tr.n = 0;
	db_disc_tracks_extent(&in->tr, &in->extent);
	in->have_capacity = db_succeeded(db_mmc_read_capacity(d, &in->capacity));
	in->have_buffer = db_succeeded(db_mmc_read_buffer_capacity(d, &in->buffer));
	if (db_failed(db_recorder_write_speeds(r, in->speeds, DB_MAX_SPEEDS, &in->n_speeds)))
		in->n_speeds = 0;
	gather_f2d(r, &in->f2d);
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

static void print_bits(uint32_t bits, const char *(*name)(uint32_t))
{
	if (!bits)
		printf(" none");
	for (unsigned b = 0; b < 32; b++)
		if (bits & (1u << b)) {
			const char *n = name(1u << b);
			printf(" %s", n ? n : "?");
		}
	printf("\n");
}

static void print_text_prop(const char *label, const struct f2d_prop *p)
{
	if (db_succeeded(p->st))
		printf("%s%d\n", label, p->v);
	else
		printf("%s- (%s)\n", label, db_status_name(p->st));
}

/* DiscFormat2Data's view (IMAPI property names). */
static void print_text_f2d(const struct f2d_view *v)
{
	if (!v->have || db_failed(v->state_st))
		return;
	printf("Media state:     0x%04X", v->state);
	print_bits(v->state, db_format2data_media_state_bit_name);
	if (db_succeeded(v->type_st))
		printf("Media type:      %s\n", db_media_physical_type_name(v->type));
	if (db_succeeded(v->phys_st) && db_succeeded(v->heur_st))
		printf("Blank:           physically %s, heuristically %s\n",
		       v->phys_blank ? "yes" : "no", v->heur_blank ? "yes" : "no");
	if (db_succeeded(v->wp_st)) {
		printf("Write protect:   0x%04X", v->wp);
		print_bits(v->wp, db_media_write_protect_bit_name);
	}
	print_text_prop("Total sectors:   ", &v->total);
	print_text_prop("Free sectors:    ", &v->free);
	print_text_prop("NWA (IMAPI):     ", &v->nwa);
	print_text_prop("Previous start:  ", &v->prev_start);
	print_text_prop("Previous last:   ", &v->prev_last);
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
	print_text_f2d(&in->f2d);
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

static void json_bits(const char *key, db_status st, uint32_t bits,
		      const char *(*name)(uint32_t))
{
	if (db_failed(st)) {
		printf(",\"%s\":null", key);
		return;
	}
	printf(",\"%s\":{\"value\":%u,\"names\":[", key, bits);
	bool first = true;
	for (unsigned b = 0; b < 32; b++)
		if (bits & (1u << b)) {
			const char *n = name(1u << b);
			printf("%s\"%s\"", first ? "" : ",", n ? n : "?");
			first = false;
		}
	printf("]}");
}

static void json_bool(const char *key, db_status st, bool v)
{
	printf(",\"%s\":%s", key, db_failed(st) ? "null" : v ? "true" : "false");
}

static void json_prop(const char *key, const struct f2d_prop *p)
{
	if (db_succeeded(p->st))
		printf(",\"%s\":%d", key, p->v);
	else
		printf(",\"%s\":null", key);
}

/* "format2data": DiscFormat2Data's properties under their IMAPI names in
 * snake case; a property that failed is null and its status is listed in
 * "errors". */
static void json_f2d(const struct f2d_view *v)
{
	if (!v->have)
		return;
	printf(",\"format2data\":{\"current_physical_media_type\":");
	if (db_succeeded(v->type_st))
		json_string(stdout, db_media_physical_type_name(v->type));
	else
		printf("null");
	json_bits("current_media_status", v->state_st, v->state,
		  db_format2data_media_state_bit_name);
	json_bits("write_protect_status", v->wp_st, v->wp, db_media_write_protect_bit_name);
	json_bool("media_physically_blank", v->phys_st, v->phys_blank);
	json_bool("media_heuristically_blank", v->heur_st, v->heur_blank);
	json_prop("total_sectors_on_media", &v->total);
	json_prop("free_sectors_on_media", &v->free);
	json_prop("next_writable_address", &v->nwa);
	json_prop("start_address_of_previous_session", &v->prev_start);
	json_prop("last_written_address_of_previous_session", &v->prev_last);
	printf(",\"supported_write_speed_descriptors\":[");
	for (unsigned i = 0; db_succeeded(v->speeds_st) && i < v->n_ws; i++) {
		printf("%s{\"write_speed\":%d,\"kbps\":%u,\"rotation_type_is_pure_cav\":%s,"
		       "\"media_type\":\"%s\"}",
		       i ? "," : "", db_write_speed_get_write_speed(&v->ws[i]), v->ws[i].write_kbps,
		       db_write_speed_get_rotation_type_is_pure_cav(&v->ws[i]) ? "true" : "false",
		       db_media_physical_type_name(db_write_speed_get_media_type(&v->ws[i])));
	}
	printf("],\"errors\":{");
	struct {
		const char *key;
		db_status st;
	} errs[] = {
		{"current_media_status", v->state_st},
		{"write_protect_status", v->wp_st},
		{"media_physically_blank", v->phys_st},
		{"media_heuristically_blank", v->heur_st},
		{"current_physical_media_type", v->type_st},
		{"supported_write_speed_descriptors", v->speeds_st},
		{"total_sectors_on_media", v->total.st},
		{"free_sectors_on_media", v->free.st},
		{"next_writable_address", v->nwa.st},
		{"start_address_of_previous_session", v->prev_start.st},
		{"last_written_address_of_previous_session", v->prev_last.st},
	};
	bool first = true;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (db_failed(errs[i].st)) {
			printf("%s\"%s\":\"%s\"", first ? "" : ",", errs[i].key,
			       db_status_name(errs[i].st));
			first = false;
		}
	printf("}}");
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
	printf("]");
	json_f2d(&in->f2d);
	printf("}\n");
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
	cli_json = json;
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
