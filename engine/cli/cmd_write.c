/* discburn write: IDiscFormat2Data::Write from the command line. The
 * image becomes a new session (CD-R, DVD±R, BD-R, appendable CD-RW) or is
 * recorded from sector 0 (DVD+RW, BD-RE, an overwritten CD-RW). Progress
 * names IMAPI's CurrentAction; Ctrl-C cancels through CancelWrite from a
 * signal-watching thread.
 *
 * discburn burn is the same Write with an image built from files and
 * directories (FileSystemImage, cli_fsimage.c) instead of an image file:
 * the image is streamed from libisofs into the burn, no temporary file,
 * its size known before the first WRITE (growisofs -Z DEV -R -J DIR,
 * xorriso -outdev DEV -map DIR /). */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discburn/format2data.h"
#include "discburn/fsimage.h"
#include "discburn/mmc.h"
#include "discburn/write_engine.h"
#include "mmc/profiles.h"

struct write_opts {
	const char *drive;
	const char *image;
	const char *client;
	long long size; /* of stdin ("-"), which cannot tell */
	double speed_x; /* multiples of the medium's 1x, < 0: fastest */
	bool close;
	bool force_overwrite;
	bool no_burnfree;
	bool no_reload;
	bool simulate; /* --simulate: Test Write, nothing recorded */
	enum db_verification_level verify;
	bool json;
	const char *graph; /* --graph FILE.svg */
	/* burn: the tree and its PATHs instead of IMAGE */
	bool burn;
	struct cli_tree_opts tree;
	char **paths;
	int n_paths;
};

static int parse_speed(const char *arg, double *x)
{
	if (strcmp(arg, "max") == 0) {
		*x = -1;
		return 0;
	}
	char *end;
	*x = strtod(arg, &end);
	if (*end == 'x' || *end == 'X')
		end++;
	return *end || *x <= 0 ? -1 : 0;
}

static int parse_verify(const char *arg, enum db_verification_level *v)
{
	static const char *const names[] = {"none", "quick", "full"};
	for (int i = 0; i < 3; i++)
		if (strcmp(arg, names[i]) == 0) {
			*v = (enum db_verification_level)i;
			return 0;
		}
	return -1;
}

static int parse_write(int argc, char **argv, struct write_opts *o, bool burn)
{
	static const struct option write_longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"speed", required_argument, 0, 's'},
		{"close", no_argument, 0, 'c'},
		{"force-overwrite", no_argument, 0, 'f'},
		{"no-burnfree", no_argument, 0, 'B'},
		{"no-reload", no_argument, 0, 'R'},
		{"verify", required_argument, 0, 'v'},
		{"client", required_argument, 0, 'C'},
		{"json-events", no_argument, 0, 'j'},
		{"size", required_argument, 0, 'S'},
		{"simulate", no_argument, 0, 'n'},
		{"graph", required_argument, 0, 'G'},
		{0, 0, 0, 0},
	};
	/* burn: write's options but --size (the image's size is known), and
	 * the tree's. */
	static const struct option burn_longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"speed", required_argument, 0, 's'},
		{"close", no_argument, 0, 'c'},
		{"force-overwrite", no_argument, 0, 'f'},
		{"no-burnfree", no_argument, 0, 'B'},
		{"no-reload", no_argument, 0, 'R'},
		{"verify", required_argument, 0, 'v'},
		{"client", required_argument, 0, 'C'},
		{"json-events", no_argument, 0, 'j'},
		{"simulate", no_argument, 0, 'n'},
		{"graph", required_argument, 0, 'G'},
		{"volume", required_argument, 0, 'V'},
		{"joliet", no_argument, 0, CLI_OPT_JOLIET},
		{"no-joliet", no_argument, 0, CLI_OPT_NO_JOLIET},
		{"rockridge", no_argument, 0, CLI_OPT_ROCKRIDGE},
		{"no-rockridge", no_argument, 0, CLI_OPT_NO_ROCKRIDGE},
		{"iso-level", required_argument, 0, CLI_OPT_ISO_LEVEL},
		{"graft", required_argument, 0, CLI_OPT_GRAFT},
		{"boot", required_argument, 0, CLI_OPT_BOOT},
		{"efi", no_argument, 0, CLI_OPT_EFI},
		{"append", no_argument, 0, CLI_OPT_APPEND},
		{0, 0, 0, 0},
	};
	*o = (struct write_opts){.speed_x = -1, .client = "discburn", .size = -1, .burn = burn};
	int c, rc;
	while ((c = getopt_long(argc, argv, burn ? "d:V:" : "d:", burn ? burn_longopts : write_longopts,
				NULL)) != -1) {
		if (burn && (rc = cli_tree_option(c, optarg, &o->tree)) != -1) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		switch (c) {
		case 'd': o->drive = optarg; break;
		case 's':
			if (parse_speed(optarg, &o->speed_x))
				return cli_usage("bad --speed '%s' (N, Nx or max)", optarg);
			break;
		case 'c': o->close = true; break;
		case 'f': o->force_overwrite = true; break;
		case 'B': o->no_burnfree = true; break;
		case 'R': o->no_reload = true; break;
		case 'n': o->simulate = true; break;
		case 'v':
			if (parse_verify(optarg, &o->verify))
				return cli_usage("bad --verify '%s' (none, quick or full)", optarg);
			break;
		case 'C': o->client = optarg; break;
		case 'j': o->json = true; break;
		case 'S': if (!cli_number("size", optarg, &o->size)) return CLI_USAGE; break;
		case 'G': o->graph = optarg; break;
		default: return cli_usage("bad option");
		}
	}
	if (burn) {
		if (optind == argc && o->tree.n_grafts == 0)
			return cli_usage("no PATH to burn");
		if (o->tree.efi && !o->tree.boot)
			return cli_usage("--efi without --boot IMG");
		o->paths = argv + optind;
		o->n_paths = argc - optind;
		o->image = "the image";
	} else {
		if (optind + 1 != argc)
			return cli_usage("one IMAGE expected");
		o->image = argv[optind];
	}
	if (!o->drive)
		return cli_usage("--drive is required");
	if (o->simulate && o->verify != DB_VERIFY_NONE)
		return cli_usage("--verify with --simulate: a simulated burn records nothing to "
				 "read back");
	if (o->graph && !cli_graph_check_path(o->graph))
		return CLI_USAGE;
	return CLI_OK;
}

/* ---- progress ---------------------------------------------------------- */

struct write_view {
	struct cli_progress bar;
	enum db_format2data_action action;
	bool started;
	uint64_t action_t0; /* ms of Write when the action began */
	char verb[32];
	/* The data's own WriteSection; a later section of WRITING_DATA is
	 * the CD postgap (150 sectors of zeros after the image, format2data.c
	 * write_postgap), shown on no bar of its own and left out of the rate. */
	bool have_data;
	int32_t data_start;
	/* The burn's time for the closing line: from the data's first WRITE
	 * to FINALIZATION, which begins once SYNCHRONIZE CACHE has emptied
	 * the drive's buffer (format2data_finalize.c): a small image sits in
	 * the buffer when its last WRITE returns, and is not yet burned. */
	uint64_t data_t0; /* Write's elapsed_ms when the data section began */
	int64_t postgap; /* sectors after the data, counted in the average */
};

static bool is_data_section(struct write_view *v, const struct db_format2data_progress *p)
{
	if (p->current_action != DB_DF2D_WRITING_DATA || !p->write.sector_count)
		return false;
	if (!v->have_data) {
		v->have_data = true;
		v->data_start = p->write.start_lba;
		v->data_t0 = p->elapsed_ms - p->write.elapsed_ms;
	}
	if (p->write.start_lba == v->data_start)
		return true;
	v->postgap = (int64_t)p->write.last_written_lba - p->write.start_lba + 1;
	return false;
}

static void json_event(const struct db_format2data_progress *p, const struct cli_progress *bar)
{
	const struct db_write_progress *w = &p->write;
	printf("{\"event\":\"progress\",\"current_action\":");
	json_string(stdout, db_format2data_action_name(p->current_action));
	printf(",\"current_action_code\":%d,\"elapsed_time\":%d,\"remaining_time\":%d,"
	       "\"total_time\":%d,\"elapsed_ms\":%llu,\"action_done\":%lld,\"action_total\":%lld,"
	       "\"start_lba\":%d,\"sector_count\":%d,\"last_read_lba\":%d,\"last_written_lba\":%d,"
	       "\"total_system_buffer\":%u,\"used_system_buffer\":%u,\"free_system_buffer\":%u",
	       (int)p->current_action, p->elapsed_time, p->remaining_time, p->total_time,
	       (unsigned long long)p->elapsed_ms, (long long)p->action_done,
	       (long long)p->action_total, w->start_lba, w->sector_count, w->last_read_lba,
	       w->last_written_lba, w->total_system_buffer, w->used_system_buffer,
	       w->free_system_buffer);
	/* Rate and both buffers: only a write event has them. */
	if (p->current_action == DB_DF2D_WRITING_DATA && w->sector_count)
		cli_progress_json_extra(bar, stdout);
	printf("}\n");
	fflush(stdout);
}

/* "WRITING_DATA" -> "writing data" for the progress line. */
static void action_verb(enum db_format2data_action a, char *out, size_t cap)
{
	const char *n = db_format2data_action_name(a);
	size_t i = 0;
	for (; n[i] && i + 1 < cap; i++)
		out[i] = n[i] == '_' ? ' ' : (char)tolower((unsigned char)n[i]);
	out[i] = '\0';
}

static void new_action(struct write_view *v, const struct db_format2data_progress *p)
{
	if (v->started && v->bar.tty)
		fputc('\n', stderr);
	v->started = true;
	v->action = p->current_action;
	v->action_t0 = p->elapsed_ms;
	if (p->current_action == DB_DF2D_FINALIZATION && v->have_data && v->bar.written > 0) {
		v->bar.write_ms = p->elapsed_ms - v->data_t0;
		v->bar.written += v->postgap;
	}
	action_verb(p->current_action, v->verb, sizeof(v->verb));
	cli_progress_restart(&v->bar, v->verb);
	/* Actions without a measure get one line each. */
	if (p->current_action != DB_DF2D_WRITING_DATA && p->current_action != DB_DF2D_VERIFYING)
		fprintf(stderr, "discburn: %s: %s%s", cli_command, v->verb, v->bar.tty ? "" : "\n");
}

static void on_progress(const struct db_format2data_progress *p, void *ctx)
{
	struct write_view *v = ctx;
	if (v->bar.json) {
		if (is_data_section(v, p))
			cli_progress_sample(&v->bar, &p->write);
		json_event(p, &v->bar);
		return;
	}
	if (!v->started || p->current_action != v->action)
		new_action(v, p);
	if (p->current_action == DB_DF2D_WRITING_DATA && p->write.sector_count) {
		if (is_data_section(v, p))
			cli_progress_write(&p->write, &v->bar);
	} else if (p->current_action == DB_DF2D_VERIFYING && p->action_done) {
		cli_progress_show(&v->bar, p->action_done, p->action_total,
				  p->elapsed_ms - v->action_t0, -1,
				  p->action_done >= p->action_total);
	}
}

/* ---- the burn ---------------------------------------------------------- */

static void cancel_burn(void *f)
{
	db_format2data_cancel(f);
}

/* "16x" means 16 times the 1x of the medium in the drive (DESIGN.md
 * "Speed units"), in sectors per second as SetWriteSpeed takes it. */
static int32_t speed_sps(struct db_recorder *r, double x)
{
	uint16_t profile = 0;
	if (x < 0 || db_failed(db_recorder_current_profile(r, &profile)))
		return -1;
	uint32_t one_x = mmc_family_1x_bytes_per_second(mmc_profile_family(profile));
	return one_x ? (int32_t)(x * one_x / 2048.0 + 0.5) : -1;
}

static db_status configure(struct db_format2data *f, struct db_recorder *r,
			   const struct write_opts *o)
{
	db_status st = db_format2data_put_recorder(f, r);
	if (db_succeeded(st))
		st = db_format2data_put_client_name(f, o->client);
	if (db_succeeded(st))
		st = db_format2data_put_force_media_to_be_closed(f, o->close);
	if (db_succeeded(st))
		st = db_format2data_put_force_overwrite(f, o->force_overwrite);
	if (db_succeeded(st))
		st = db_format2data_put_buffer_underrun_free_disabled(f, o->no_burnfree);
	if (db_succeeded(st))
		st = db_format2data_put_verification_level(f, o->verify);
	if (db_succeeded(st))
		st = db_format2data_put_simulate(f, o->simulate);
	if (db_succeeded(st) && o->speed_x > 0)
		st = db_format2data_set_write_speed(f, speed_sps(r, o->speed_x), false);
	return st;
}

static void summary(struct db_format2data *f, db_status st, const struct write_opts *o,
		    const struct cli_progress *bar)
{
	char took[96];
	cli_progress_summary(bar, took, sizeof(took));
	int32_t start, n;
	db_format2data_last_extent(f, &start, &n);
	if (o->simulate) {
		fprintf(stderr, "discburn: %s: simulated %d sectors at LBA %d (test write): "
				"nothing was recorded, the disc is unchanged\n", cli_command, n, start);
		return;
	}
	static const char *const verified[] = {"", ", verified (quick)", ", verified (full)"};
	fprintf(stderr, "discburn: %s: %d sectors at LBA %d%s%s%s\n", cli_command, n, start,
		o->close ? ", disc closed" : "", verified[o->verify], took);
	if (st == DB_S_IMAPI_SPEEDADJUSTED)
		fprintf(stderr, "discburn: %s: note: the drive chose another speed (%d "
				"sectors/s): S_IMAPI_SPEEDADJUSTED\n",
			cli_command, db_format2data_get_current_write_speed(f));
}

/* After a closed session the medium holds more than when it was loaded,
 * yet nothing changed the medium: a real drive posts no media event (GET
 * EVENT STATUS NOTIFICATION, MMC-6 6.6) and no unit attention for it, so
 * the kernel's sr keeps the capacity it read from the blank disc and
 * `mount` fails with EINVAL until the disc is reloaded. growisofs reloads the tray for exactly this
 * reason; so does discburn on a kernel (SG_IO) drive. A failed reload
 * (slot-loading drive, tray held) only costs the user a manual reload,
 * never the burn (docs/tcmu-handler.md "After a burn"). */
static void reload_for_kernel(struct db_format2data *f, struct db_recorder *r,
			      const struct write_opts *o)
{
	if (o->no_reload || !db_format2data_closed_session(f))
		return;
	struct db_transport *t = db_device_transport(db_recorder_device(r));
	if (strcmp(t->ops->name, "sg") != 0)
		return; /* no kernel driver holds a view of the medium */
	if (!o->json)
		fprintf(stderr, "discburn: %s: reloading the tray so the kernel sees the "
				"new session (--no-reload skips this)\n", cli_command);
	db_status st = db_recorder_eject(r);
	if (db_succeeded(st))
		st = db_recorder_load(r);
	if (db_failed(st))
		fprintf(stderr, "discburn: %s: warning: reloading the tray failed (%s): "
				"eject and load the disc before mounting it\n",
			cli_command, db_status_name(st));
}

static db_status run(struct db_format2data *f, struct db_recorder *r, struct db_stream *s,
		     const struct write_opts *o, int *signal)
{
	struct write_view view = {0};
	struct cli_graph graph;
	cli_progress_init(&view.bar, "write", o->json);
	if (o->graph) {
		cli_graph_init(&graph, o->graph);
		view.bar.graph = &graph;
	}
	cli_progress_attach(&view.bar, r);
	db_status st = configure(f, r, o);
	if (db_failed(st))
		return st;
	db_format2data_set_progress(f, on_progress, &view);
	struct cli_cancel_watch watch;
	cli_cancel_watch_start(&watch, cancel_burn, f);
	st = db_format2data_write(f, s);
	cli_cancel_watch_stop(&watch);
	*signal = watch.signal;
	if (view.started && view.bar.tty)
		fputc('\n', stderr);
	cli_progress_end(&view.bar, st);
	if (db_succeeded(st) && !o->json)
		summary(f, st, o, &view.bar);
	if (o->graph)
		cli_graph_free(&graph);
	reload_for_kernel(f, r, o);
	return st;
}

/* The fact behind a failed Write, from the engine's own getters. */
static void explain(struct db_format2data *f, db_status st, struct db_stream *s,
		    const struct write_opts *o)
{
	char a[32], b[32];
	int32_t free_sectors = 0;
	uint32_t bits = 0;
	if (st == DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED && db_stream_size(s) >= 0)
		cli_fact("%s is %lld bytes, not a whole number of 2048-byte sectors", o->image,
			 (long long)db_stream_size(s));
	else if (st == DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA &&
		 db_succeeded(db_format2data_get_free_sectors_on_media(f, &free_sectors)))
		cli_fact("the image needs %s sectors, %s are free; nothing was written",
			 cli_grouped((db_stream_size(s) + 2047) / 2048, a),
			 cli_grouped(free_sectors, b));
	else if (st == DB_E_IMAPI_BURN_VERIFICATION_FAILED &&
		 db_format2data_get_verification_failed_lba(f) >= 0)
		cli_fact("verification failed: LBA %d does not read back as written",
			 db_format2data_get_verification_failed_lba(f));
	else if (st == DB_E_IMAPI_REQUEST_CANCELLED)
	{
		int32_t start, n;
		db_format2data_last_extent(f, &start, &n);
		cli_explain_cancel(db_format2data_get_recorder(f), start, n);
	}
	else if (st == DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE &&
		 db_succeeded(db_format2data_get_current_media_status(f, &bits))) {
		if (bits & DB_DF2D_MEDIA_STATE_DAMAGED)
			cli_fact("the last track is damaged (an interrupted burn): close it (CLOSE "
				 "TRACK, cdrecord -fix) before adding a session");
		else if (bits & DB_DF2D_MEDIA_STATE_FINALIZED)
			cli_fact("the disc is closed: no further session can be added");
		else if (bits & DB_DF2D_MEDIA_STATE_ERASE_REQUIRED)
			cli_fact("the disc must be erased first (discburn erase)");
	}
}

/* Write of s onto r, after the options: the burn, its summary and the
 * facts of a failure. Returns the exit code. */
static int write_stream(struct db_recorder *r, struct db_stream *s, const struct write_opts *o)
{
	struct db_format2data *f = NULL;
	int signal = 0;
	db_status st = db_format2data_create(&f);
	/* --simulate on a medium without test write: said before the burn. */
	if (db_succeeded(st) && o->simulate)
		st = cli_simulate_refusal(r);
	if (db_succeeded(st))
		st = run(f, r, s, o, &signal);
	if (db_failed(st))
		explain(f, st, s, o);
	int rc = signal && st == DB_E_IMAPI_REQUEST_CANCELLED ? cli_cancel_exit(signal) : CLI_OK;
	if (db_failed(st))
		rc = rc ? (cli_fail(st, r, NULL), rc) : cli_fail(st, r, NULL);
	db_format2data_destroy(f);
	return rc;
}

int cli_cmd_write(int argc, char **argv)
{
	struct write_opts o;
	int rc = parse_write(argc, argv, &o, false);
	if (rc != CLI_OK)
		return rc;
	cli_json = o.json;
	cli_block_cancel_signals();
	struct db_recorder *r;
	struct db_stream *s;
	rc = cli_open_drive_and_image(o.drive, o.image, &r, &s);
	if (rc != CLI_OK)
		return rc;
	/* Write needs the size up front (whole sectors, room on the disc):
	 * a pipe gets it from --size. */
	if (o.size >= 0)
		s->size = o.size;
	else if (db_stream_size(s) < 0)
		fprintf(stderr, "discburn: write: the size of a pipe is unknown: give --size\n");
	rc = write_stream(r, s, &o);
	db_stream_close(s);
	db_recorder_close(r);
	return rc;
}

/* The 32 sectors for LBA 0, as a stream for WriteSection. */
struct mem_src {
	const uint8_t *p;
	size_t left;
};

static db_status mem_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct mem_src *m = s->ctx;
	size_t n = len < m->left ? len : m->left;
	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	*got = n;
	*eof = m->left == 0;
	return DB_S_OK;
}

static void mem_close(struct db_stream *s)
{
	db_stream_free(s);
}

static const struct db_stream_ops mem_ops = {.read = mem_read, .close = mem_close};

/* burn --append on an overwritable medium (DVD+RW, BD-RE): no session to
 * add, the image at LBA 0 grows, as growisofs -M grows it. The new
 * session goes after the old image (WriteSection at SessionStartBlock),
 * then LBA 0-31 are rewritten with the volume descriptors libisofs made
 * for the grown tree, then SYNCHRONIZE CACHE. DiscFormat2Data writes such
 * media from sector 0 only, so this is WriteEngine2's job. */
static int grow_overwritable(struct db_recorder *r, struct db_fs_image *img,
			     struct db_fs_image_result *res, const struct write_opts *o)
{
	/* Not DiscFormat2Data: none of its extras on this path yet. */
	if (o->simulate || o->verify != DB_VERIFY_NONE || o->close || o->speed_x > 0)
		return cli_usage("--simulate, --verify, --close and --speed are not supported yet "
				 "when --append grows a DVD+RW or BD-RE");
	struct db_write_engine *e;
	db_status st = db_write_engine_create(&e);
	if (db_succeeded(st))
		st = db_write_engine_put_recorder(e, r);
	int32_t lba = db_fs_image_get_session_start_block(img);
	int32_t n = db_fs_image_result_get_total_blocks(res);
	if (db_succeeded(st))
		st = db_write_engine_write_section(e, db_fs_image_result_get_image_stream(res), lba,
						   n);
	const void *buf = NULL;
	int32_t sectors = 0;
	if (db_succeeded(st))
		st = db_fs_image_result_get_overwrite_sectors(res, &buf, &sectors);
	struct db_stream *head = NULL;
	struct mem_src m = {buf, (size_t)sectors * DB_FS_IMAGE_BLOCK_SIZE};
	if (db_succeeded(st))
		st = db_stream_create(&mem_ops, &m, (int64_t)m.left, &head);
	if (db_succeeded(st))
		st = db_write_engine_write_section(e, head, 0, sectors);
	db_stream_close(head);
	if (db_succeeded(st))
		st = db_mmc_synchronize_cache(db_recorder_device(r));
	db_write_engine_destroy(e);
	if (db_failed(st)) {
		if (db_fs_image_last_error(img)[0])
			cli_fact("%s", db_fs_image_last_error(img));
		return cli_fail(st, r, NULL);
	}
	if (!o->json)
		fprintf(stderr, "discburn: burn: %d sectors at LBA %d, the volume descriptors at LBA "
				"0-%d rewritten: the disc's image grown\n",
			n, lba, sectors - 1);
	return CLI_OK;
}

int cli_cmd_burn(int argc, char **argv)
{
	struct write_opts o;
	int rc = parse_write(argc, argv, &o, true);
	if (rc != CLI_OK)
		return rc;
	cli_json = o.json;
	cli_block_cancel_signals();
	struct db_recorder *r;
	db_status st = cli_open_recorder(o.drive, &r);
	if (db_failed(st))
		return cli_fail_drive(st, o.drive);
	/* The tree is read now; the files' data when the burn reaches it. */
	struct db_fs_image *img;
	rc = cli_build_fs_image(&o.tree, o.paths, o.n_paths, r, &img);
	if (rc != CLI_OK) {
		db_recorder_close(r);
		return rc;
	}
	struct db_fs_image_result *res;
	st = db_fs_image_create_result_image(img, &res);
	if (db_failed(st)) {
		rc = cli_fs_image_fail(img, st, NULL);
	} else {
		if (!o.json)
			cli_fs_image_summary("burn", img, db_fs_image_result_get_total_blocks(res));
		const void *buf;
		int32_t sectors;
		/* Before its stream is read, only a grown overwritable medium's
		 * result answers "not yet". */
		bool grow = db_fs_image_result_get_overwrite_sectors(res, &buf, &sectors) ==
			    DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
		rc = grow ? grow_overwritable(r, img, res, &o)
			  : write_stream(r, db_fs_image_result_get_image_stream(res), &o);
		/* The image's own failure (a file that changed or could not be
		 * read) says which file. */
		if (rc != CLI_OK && db_fs_image_last_error(img)[0])
			fprintf(stderr, "discburn: burn: %s\n", db_fs_image_last_error(img));
	}
	cli_fs_image_free(img);
	db_recorder_close(r);
	return rc;
}
