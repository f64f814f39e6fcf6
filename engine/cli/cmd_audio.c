/* discburn audio: IDiscFormat2TrackAtOnce from the command line. One
 * track per FILE, in order, between PrepareMedia and ReleaseMedia; a
 * progress line per track ("track 3/12 'name': ... 41%, 24.0x, ...,
 * drive buffer 87%"), then the table of the tracks written (number,
 * start, length in mm:ss:ff). Ctrl-C cancels the track being written
 * (CancelAddTrack keeps its part as a shorter track), writes no further
 * one and closes the session. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discburn/audio_file.h"
#include "discburn/format2tao.h"

#define MAX_FILES DB_CD_MAX_TRACKS

struct audio_opts {
	const char *drive;
	const char *client;
	double speed_x; /* < 0: fastest */
	long long speed_sps; /* > 0: --speed N in sectors/s */
	bool no_finalize;
	bool no_burnfree;
	bool simulate;
	bool raw_be;
	bool raw_le;
	enum db_verification_level verify;
	char **files;
	int n_files;
};

static int parse_speed(const char *arg, struct audio_opts *o)
{
	if (strcmp(arg, "max") == 0)
		return 0;
	char *end;
	double v = strtod(arg, &end);
	bool x = *end == 'x' || *end == 'X';
	if (x)
		end++;
	if (*end || v <= 0)
		return -1;
	if (x)
		o->speed_x = v;
	else
		o->speed_sps = (long long)v;
	return 0;
}

static int parse_audio(int argc, char **argv, struct audio_opts *o)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"speed", required_argument, 0, 's'},
		{"no-finalize", no_argument, 0, 'F'},
		{"no-burnfree", no_argument, 0, 'B'},
		{"verify", required_argument, 0, 'v'},
		{"simulate", no_argument, 0, 'n'},
		{"raw-le", no_argument, 0, 'L'},
		{"raw-be", no_argument, 0, 'M'},
		{"client", required_argument, 0, 'C'},
		{0, 0, 0, 0},
	};
	*o = (struct audio_opts){.speed_x = -1, .client = "discburn"};
	int c;
	while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->drive = optarg; break;
		case 's':
			if (parse_speed(optarg, o))
				return cli_usage("bad --speed '%s' (N, Nx or max)", optarg);
			break;
		case 'F': o->no_finalize = true; break;
		case 'B': o->no_burnfree = true; break;
		case 'n': o->simulate = true; break;
		case 'L': o->raw_le = true; break;
		case 'M': o->raw_be = true; break;
		case 'C': o->client = optarg; break;
		case 'v':
			if (strcmp(optarg, "none") == 0)
				o->verify = DB_VERIFY_NONE;
			else if (strcmp(optarg, "quick") == 0)
				o->verify = DB_VERIFY_QUICK;
			else if (strcmp(optarg, "full") == 0)
				return cli_usage("--verify full: audio sectors cannot be read back "
						 "with READ(10); Track At Once offers quick only, as "
						 "IMAPI2");
			else
				return cli_usage("bad --verify '%s' (none or quick)", optarg);
			break;
		default: return cli_usage("bad option");
		}
	}
	if (!o->drive)
		return cli_usage("--drive is required");
	if (optind >= argc)
		return cli_usage("at least one FILE expected");
	if (argc - optind > MAX_FILES)
		return cli_usage("%d files: a CD holds at most %d tracks", argc - optind, MAX_FILES);
	if (o->raw_le && o->raw_be)
		return cli_usage("--raw-le and --raw-be: one byte order");
	if (o->simulate && o->verify != DB_VERIFY_NONE)
		return cli_usage("--verify with --simulate: a simulated burn records nothing to "
				 "read back");
	o->files = argv + optind;
	o->n_files = argc - optind;
	return CLI_OK;
}

/* ---- the tracks' files ---------------------------------------------------- */

struct track_file {
	const char *path;
	char title[64];
	struct db_stream *s;
};

static void base_title(struct track_file *t)
{
	const char *b = strrchr(t->path, '/');
	b = b ? b + 1 : t->path;
	snprintf(t->title, sizeof(t->title), "%s", b);
	char *dot = strrchr(t->title, '.');
	if (dot && dot != t->title)
		*dot = '\0';
}

/* Sound files through libsndfile (audio_file.h: WAV, AIFF, FLAC, ...,
 * anything not 44.1 kHz / 16-bit / stereo refused with its format named),
 * or headerless PCM in the byte order given. Every file is checked here,
 * before the drive is touched. */
static int open_track(const struct audio_opts *o, struct track_file *t)
{
	char err[256] = "";
	db_status st = o->raw_le || o->raw_be
			       ? db_audio_stream_open_raw(t->path, o->raw_be, &t->s, err, sizeof(err))
			       : db_audio_stream_open(t->path, &t->s, err, sizeof(err));
	if (db_failed(st)) {
		if (err[0])
			cli_fact("%s", err);
		if (st == DB_E_INVALIDARG) {
			/* not CD audio: a bad input of the same kind as a data
			 * image that is not whole sectors */
			cli_fail(DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED, NULL, t->path);
			return CLI_IMAGE_NOT_SECTORS;
		}
		return cli_fail_image(st, t->path);
	}
	/* The file's title tag; without one the library gives the file's
	 * base name, shown here without its extension. */
	const char *title = db_audio_stream_title(t->s);
	const char *b = strrchr(t->path, '/');
	base_title(t);
	if (title && *title && strcmp(title, b ? b + 1 : t->path) != 0)
		snprintf(t->title, sizeof(t->title), "%s", title);
	if (db_stream_size(t->s) < 0) {
		cli_fact("%s: the length of its audio is unknown (a pipe?): the free space is "
			 "checked before a track is written",
			 t->path);
		return cli_fail(DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED, NULL, t->path);
	}
	return CLI_OK;
}

/* ---- progress -------------------------------------------------------------- */

struct audio_view {
	struct cli_progress bar;
	int n_tracks;
	int index; /* 1-based, the file being written */
	const char *title;
	char verb[128];
	enum db_format2tao_action action;
	int32_t track;
};

static void on_progress(const struct db_format2tao_progress *p, void *ctx)
{
	struct audio_view *v = ctx;
	bool changed = p->current_action != v->action || p->current_track_number != v->track;
	v->action = p->current_action;
	v->track = p->current_track_number;
	if (p->current_action == DB_DF2TAO_WRITING && p->write.sector_count) {
		cli_progress_write(&p->write, &v->bar);
		return;
	}
	if (!changed || p->current_action == DB_DF2TAO_WRITING)
		return;
	if (v->bar.tty && v->bar.last_percent >= 0)
		fputc('\n', stderr);
	v->bar.last_percent = -1;
	if (p->current_action == DB_DF2TAO_PREPARING)
		fprintf(stderr, "discburn: audio: preparing the disc\n");
	else if (p->current_track_number == 0)
		fprintf(stderr, "discburn: audio: %s the session\n",
			p->current_action == DB_DF2TAO_FINISHING ? "closing" : "verifying");
	else
		fprintf(stderr, "discburn: audio: track %d: %s\n", p->current_track_number,
			p->current_action == DB_DF2TAO_FINISHING ? "closing" : "verifying");
}

/* ---- the burn -------------------------------------------------------------- */

struct done_track {
	int32_t number, start, sectors;
	const char *title;
};

static void cancel_burn(void *f)
{
	(void)db_format2tao_cancel_add_track(f);
}

static void msf(int32_t sectors, char out[16])
{
	if (sectors < 0)
		sectors = 0;
	snprintf(out, 16, "%02d:%02d:%02d", sectors / 4500, sectors / 75 % 60, sectors % 75);
}

/* The table of what was written: the start as the disc's absolute time
 * (LBA + the 2 s before LBA 0, as a player shows it) and as the LBA. */
static void table(const struct done_track *t, int n, const struct audio_opts *o)
{
	if (!n)
		return;
	fprintf(stderr, "discburn: audio: %d track%s%s%s\n", n, n == 1 ? "" : "s",
		o->simulate ? " simulated (test write: nothing was recorded)"
		: o->no_finalize ? ", session closed, disc left open for another session"
				 : ", disc closed",
		o->verify == DB_VERIFY_QUICK && !o->simulate ? ", verified (quick)" : "");
	fprintf(stderr, "  track  start     (LBA)    length    title\n");
	for (int i = 0; i < n; i++) {
		char a[16], b[16];
		msf(t[i].start + DB_CDDA_PREGAP_SECTORS, a);
		msf(t[i].sectors, b);
		fprintf(stderr, "  %5d  %s  %7d  %s  %s\n", t[i].number, a, t[i].start, b,
			t[i].title);
	}
}

static db_status configure(struct db_format2tao *f, struct db_recorder *r,
			   const struct audio_opts *o)
{
	db_status st = db_format2tao_put_recorder(f, r);
	if (db_succeeded(st))
		st = db_format2tao_put_client_name(f, o->client);
	if (db_succeeded(st))
		st = db_format2tao_put_do_not_finalize_media(f, o->no_finalize);
	if (db_succeeded(st))
		st = db_format2tao_put_buffer_underrun_free_disabled(f, o->no_burnfree);
	if (db_succeeded(st))
		st = db_format2tao_put_verification_level(f, o->verify);
	if (db_succeeded(st))
		st = db_format2tao_put_simulate(f, o->simulate);
	/* "16x" is 16 times CD 1x, 75 sectors/s (DESIGN.md "Speed units"). */
	int32_t sps = o->speed_sps > 0 ? (int32_t)o->speed_sps
		      : o->speed_x > 0 ? (int32_t)(o->speed_x * 75 + 0.5) : -1;
	if (db_succeeded(st) && sps > 0)
		st = db_format2tao_set_write_speed(f, sps, false);
	return st;
}

static db_status burn(struct db_format2tao *f, struct track_file *files,
		      const struct audio_opts *o, struct audio_view *v, struct done_track *done,
		      int *n_done, int *signal)
{
	struct cli_cancel_watch watch;
	cli_cancel_watch_start(&watch, cancel_burn, f);
	db_status st = db_format2tao_prepare_media(f);
	if (st == DB_S_IMAPI_SPEEDADJUSTED)
		fprintf(stderr, "discburn: audio: note: the drive chose another speed (%d "
				"sectors/s): S_IMAPI_SPEEDADJUSTED\n",
			db_format2tao_get_current_write_speed(f));
	/* A Ctrl-C between two tracks finds no track to cancel: it stops
	 * the loop instead. */
	for (int i = 0; db_succeeded(st) && i < o->n_files && !watch.signal; i++) {
		v->index = i + 1;
		v->title = files[i].title;
		snprintf(v->verb, sizeof(v->verb), "track %d/%d '%s'", i + 1, o->n_files,
			 files[i].title);
		cli_progress_restart(&v->bar, v->verb);
		st = db_format2tao_add_audio_track(f, files[i].s);
		if (v->bar.tty && v->bar.last_percent >= 0)
			fputc('\n', stderr);
		int32_t number, start, sectors;
		db_format2tao_last_track(f, &number, &start, &sectors);
		/* A cancelled track is on the disc when something of it was
		 * written (the last track is then a new one). */
		bool new_track = number > (*n_done ? done[*n_done - 1].number : 0);
		if (db_succeeded(st) || (st == DB_E_IMAPI_REQUEST_CANCELLED && new_track))
			done[(*n_done)++] = (struct done_track){number, start, sectors, files[i].title};
	}
	cli_cancel_watch_stop(&watch);
	*signal = watch.signal;
	if (*signal && db_succeeded(st))
		st = DB_E_IMAPI_REQUEST_CANCELLED;
	/* The session is closed whatever happened to a track: a cancelled or
	 * failed one leaves the disc readable up to the last closed track. */
	db_status rel = db_format2tao_release_media(f);
	if (db_succeeded(st) && db_failed(rel))
		st = rel;
	return st;
}

int cli_cmd_audio(int argc, char **argv)
{
	struct audio_opts o;
	int rc = parse_audio(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	cli_block_cancel_signals();
	struct track_file files[MAX_FILES] = {0};
	/* Every file is opened and checked before the drive is touched. */
	for (int i = 0; i < o.n_files && rc == CLI_OK; i++) {
		files[i].path = o.files[i];
		rc = open_track(&o, &files[i]);
	}
	struct db_recorder *r = NULL;
	db_status st = DB_S_OK;
	if (rc == CLI_OK) {
		st = cli_open_recorder(o.drive, &r);
		if (db_failed(st))
			rc = cli_fail_drive(st, o.drive);
	}
	struct db_format2tao *f = NULL;
	struct done_track done[MAX_FILES];
	int n_done = 0, signal = 0;
	if (rc == CLI_OK) {
		struct audio_view view = {.n_tracks = o.n_files, .action = DB_DF2TAO_UNKNOWN,
					  .track = -1};
		cli_progress_init(&view.bar, "audio", false);
		cli_progress_attach(&view.bar, r);
		st = db_format2tao_create(&f);
		if (db_succeeded(st))
			st = configure(f, r, &o);
		if (db_succeeded(st)) {
			db_format2tao_set_progress(f, on_progress, &view);
			st = burn(f, files, &o, &view, done, &n_done, &signal);
		}
		table(done, n_done, &o);
		if (st == DB_E_IMAPI_REQUEST_CANCELLED && n_done &&
		    done[n_done - 1].sectors < (int32_t)((db_stream_size(files[n_done - 1].s) +
							  DB_CDDA_SECTOR_BYTES - 1) /
							 DB_CDDA_SECTOR_BYTES)) {
			char kept[16];
			msf(done[n_done - 1].sectors, kept);
			cli_fact("cancelled in track %d: its first %s are kept as a shorter track, "
				 "the session is closed",
				 done[n_done - 1].number, kept);
		} else if (st == DB_E_IMAPI_REQUEST_CANCELLED)
			cli_fact("cancelled between tracks: the %d track%s written are kept, the "
				 "session is closed",
				 n_done, n_done == 1 ? "" : "s");
		else if (st == DB_E_IMAPI_DF2TAO_TRACK_LIMIT_REACHED)
			cli_fact("the disc already holds %d tracks", DB_CD_MAX_TRACKS);
		else if (st == DB_E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS)
			cli_fact("the drive refuses mode page 05h for audio Track At Once (write "
				 "type 01h, data block type 0: 2352-byte CD-DA sectors)");
		else if (st == DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK)
			cli_fact("the disc is closed or its last session damaged: no track can be "
				 "added");
		rc = signal && st == DB_E_IMAPI_REQUEST_CANCELLED ? cli_cancel_exit(signal) : CLI_OK;
		if (db_failed(st))
			rc = rc ? (cli_fail(st, r, NULL), rc) : cli_fail(st, r, NULL);
	}
	db_format2tao_destroy(f);
	for (int i = 0; i < o.n_files; i++)
		db_stream_close(files[i].s);
	db_recorder_close(r);
	return rc;
}
