/* discburn write-section: the raw IWriteEngine2::WriteSection. Ctrl-C
 * cancels through CancelWrite from a signal-watching thread (the library
 * call is not async-signal-safe, so no handler calls it). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discburn/mmc.h"
#include "mmc/profiles.h"

struct ws_opts {
	const char *drive;
	const char *image;
	long long lba;
	bool have_lba;
	bool streaming12;
	long long bps;
	long sps_start, sps_end;
	long long size;
	long long buffer, transfer;
	bool no_sync;
	bool no_format;
	bool simulate; /* --simulate: page 05h Test Write */
	bool json;
	bool verbose;
	const char *graph; /* --graph FILE.svg */
};

static int parse_sps(const char *arg, struct ws_opts *o)
{
	char *end;
	o->sps_start = strtol(arg, &end, 10);
	o->sps_end = o->sps_start;
	if (*end == ':')
		o->sps_end = strtol(end + 1, &end, 10);
	return *end ? -1 : 0;
}

static int parse_ws(int argc, char **argv, struct ws_opts *o)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"lba", required_argument, 0, 'l'},
		{"streaming-write12", no_argument, 0, 'S'},
		{"bytes-per-sector", required_argument, 0, 'b'},
		{"sectors-per-second", required_argument, 0, 'p'},
		{"size", required_argument, 0, 's'},
		{"buffer", required_argument, 0, 'B'},
		{"transfer", required_argument, 0, 'T'},
		{"no-sync", no_argument, 0, 'n'},
		{"no-format", no_argument, 0, 'F'},
		{"simulate", no_argument, 0, 'N'},
		{"json-events", no_argument, 0, 'j'},
		{"verbose", no_argument, 0, 'v'},
		{"graph", required_argument, 0, 'G'},
		{0, 0, 0, 0},
	};
	*o = (struct ws_opts){.bps = 2048, .sps_start = -1, .sps_end = -1, .size = -1};
	int c;
	while ((c = getopt_long(argc, argv, "d:l:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->drive = optarg; break;
		case 'l': if (!cli_number("lba", optarg, &o->lba)) return CLI_USAGE; o->have_lba = true; break;
		case 'S': o->streaming12 = true; break;
		case 'b': if (!cli_number("bytes-per-sector", optarg, &o->bps)) return CLI_USAGE; break;
		case 'p':
			if (parse_sps(optarg, o))
				return cli_usage("bad --sectors-per-second '%s'", optarg);
			break;
		case 's': if (!cli_number("size", optarg, &o->size)) return CLI_USAGE; break;
		case 'B': if (!cli_number("buffer", optarg, &o->buffer)) return CLI_USAGE; break;
		case 'T': if (!cli_number("transfer", optarg, &o->transfer)) return CLI_USAGE; break;
		case 'n': o->no_sync = true; break;
		case 'F': o->no_format = true; break;
		case 'N': o->simulate = true; break;
		case 'j': o->json = true; break;
		case 'v': o->verbose = true; break;
		case 'G': o->graph = optarg; break;
		default: return cli_usage("bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("one IMAGE expected");
	o->image = argv[optind];
	if (!o->drive || !o->have_lba)
		return cli_usage("--drive and --lba are required");
	if (o->graph && !cli_graph_check_path(o->graph))
		return CLI_USAGE;
	return CLI_OK;
}

static db_status configure(struct db_write_engine *e, struct db_recorder *r,
			   const struct ws_opts *o)
{
	db_status st = db_write_engine_put_recorder(e, r);
	if (db_succeeded(st))
		st = db_write_engine_put_bytes_per_sector(e, (int32_t)o->bps);
	if (db_succeeded(st))
		st = db_write_engine_put_use_streaming_write12(e, o->streaming12);
	if (db_succeeded(st))
		st = db_write_engine_put_starting_sectors_per_second(e, (int32_t)o->sps_start);
	if (db_succeeded(st))
		st = db_write_engine_put_ending_sectors_per_second(e, (int32_t)o->sps_end);
	if (db_succeeded(st) && o->buffer > 0)
		st = db_write_engine_put_system_buffer(e, (size_t)o->buffer);
	if (db_succeeded(st) && o->transfer > 0)
		st = db_write_engine_put_max_transfer(e, (size_t)o->transfer);
	return st;
}

/* Sectors to write: the image must be whole sectors (IMAPI2 refuses a
 * stream that is not, E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED). */
static db_status section_blocks(struct db_stream *s, const struct ws_opts *o, int32_t *n)
{
	int64_t size = o->size >= 0 ? o->size : db_stream_size(s);
	if (size < 0) {
		fprintf(stderr, "discburn: %s: the size of a pipe is unknown: give --size\n",
			cli_command);
		return DB_E_INVALIDARG;
	}
	if (size == 0 || size % o->bps || size / o->bps > INT32_MAX)
		return DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED;
	*n = (int32_t)(size / o->bps);
	return DB_S_OK;
}

#define FORMAT_WAIT_MS (3600u * 1000u)
#define FORMAT_POLL_MS 50u

/* A blank DVD+RW or BD-RE (any medium the profile list marks as needing
 * a format) takes no WRITE until formatted (the drive answers 05/30/05).
 * WriteSection itself never formats (IMAPI2 leaves it to DiscFormat2Data);
 * the raw CLI does the minimum a burner does first: FORMAT UNIT with the
 * drive's own full-size descriptor of the list's format type — 26h
 * (DVD+RW background format) or 00h (BD-RE) — and waits while it reports
 * 02/04/04. */
static db_status format_if_blank(struct db_recorder *r)
{
	struct db_device *d = db_recorder_device(r);
	uint16_t profile = 0;
	db_status st = db_recorder_current_profile(r, &profile);
	int type = mmc_profile_format_type(profile);
	if (db_failed(st) || type < 0)
		return st;
	struct db_format_capacities fc;
	st = db_mmc_read_format_capacities(d, &fc);
	if (db_failed(st) || fc.current.type != 1) /* 1: unformatted */
		return st;
	const struct db_format_descriptor *f = db_format_find(&fc, (uint8_t)type);
	if (!f)
		return DB_E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED;
	fprintf(stderr, "discburn: formatting the blank disc (FORMAT UNIT type %02Xh)\n", type);
	st = db_mmc_format_unit(d, true, f->blocks, (uint8_t)type, 0, f->param);
	/* Polled as DiscFormat2Data polls: the waits go through the
	 * transport, so an emulated drive's clock moves with them. */
	return db_succeeded(st) ? db_mmc_wait_while_busy(d, FORMAT_WAIT_MS, FORMAT_POLL_MS, NULL, NULL)
				: st;
}

/* What the retry policy did: with a fault plan, the retries, READ BUFFER
 * CAPACITY polls and START STOP UNITs show how a busy or stopped drive
 * was waited out or started. */
static void print_device_stats(struct db_recorder *r)
{
	struct db_device_stats ds;
	struct db_device *d = db_recorder_device(r);
	db_device_get_stats(d, &ds);
	fprintf(stderr,
		"discburn: %lu commands, %lu retries, %lu buffer polls, %lu unit starts, "
		"max transfer %zu bytes\n",
		ds.commands, ds.retries, ds.buffer_polls, ds.start_units, db_device_max_transfer(d));
}

static void cancel_section(void *e)
{
	db_write_engine_cancel(e);
}

static db_status run_write(struct db_write_engine *e, struct db_recorder *r,
			   struct db_stream *s, const struct ws_opts *o)
{
	int32_t n;
	db_status st = section_blocks(s, o, &n);
	if (db_failed(st))
		return st;
	bool sw = false;
	if (o->streaming12 && db_succeeded(db_recorder_streaming_write_supported(r, &sw)) && !sw)
		fprintf(stderr, "discburn: warning: the drive does not report Real Time "
				"Streaming with SW=1 as current; sending WRITE(12) anyway\n");
	/* --simulate: refused where the medium has no test write; it
	 * formats nothing (a format is a change) and sets Test Write in
	 * the drive's page 05h for this section only. */
	if (o->simulate) {
		st = cli_simulate_refusal(r);
		if (db_succeeded(st))
			st = cli_simulate_set(r, true);
		if (db_failed(st))
			return st;
	} else if (!o->no_format) {
		st = format_if_blank(r);
		if (db_failed(st))
			return st;
	}
	struct cli_progress prog;
	struct cli_graph graph;
	cli_progress_init(&prog, "write", o->json);
	if (o->graph) {
		cli_graph_init(&graph, o->graph);
		prog.graph = &graph;
	}
	cli_progress_attach(&prog, r);
	prog.bytes_per_sector = (uint32_t)o->bps;
	db_write_engine_set_progress(e, cli_progress_write, &prog);
	st = db_write_engine_write_section(e, s, (int32_t)o->lba, n);
	/* A drive holds written data in its buffer until SYNCHRONIZE
	 * CACHE; flush so a following read sees it. */
	if (db_succeeded(st) && !o->no_sync)
		st = db_mmc_synchronize_cache(db_recorder_device(r));
	/* The next write is real again: Test Write off. */
	if (o->simulate) {
		db_status off = cli_simulate_set(r, false);
		if (db_succeeded(st))
			st = off;
	}
	cli_progress_end(&prog, st);
	if (db_succeeded(st) && !o->json) {
		char sum[96];
		cli_progress_summary(&prog, sum, sizeof(sum));
		if (o->simulate)
			fprintf(stderr, "discburn: write-section: simulated %d sectors at LBA %lld "
					"(test write): nothing was recorded%s\n", n, o->lba, sum);
		else
			fprintf(stderr, "discburn: write-section: %d sectors at LBA %lld%s\n", n,
				o->lba, sum);
	}
	if (o->graph)
		cli_graph_free(&graph);
	if (o->verbose)
		print_device_stats(r);
	return st;
}

/* The fact behind a failed WriteSection: a refused address, or what a
 * cancel left on the disc. */
static void explain(struct db_recorder *r, struct db_stream *s, db_status st,
		    const struct ws_opts *o, int signal)
{
	int32_t n = 0;
	if (st == DB_E_IMAPI_REQUEST_CANCELLED && signal &&
	    db_succeeded(section_blocks(s, o, &n)))
		cli_explain_cancel(r, (int32_t)o->lba, n);
	else if (st != DB_E_IMAPI_REQUEST_CANCELLED)
		cli_explain_address(r, o->lba);
}

int cli_cmd_write_section(int argc, char **argv)
{
	struct ws_opts o;
	int rc = parse_ws(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	cli_json = o.json;
	cli_block_cancel_signals();
	struct db_recorder *r;
	struct db_write_engine *e = NULL;
	struct db_stream *s;
	rc = cli_open_drive_and_image(o.drive, o.image, &r, &s);
	if (rc != CLI_OK)
		return rc;
	db_status st = db_write_engine_create(&e);
	if (db_succeeded(st))
		st = configure(e, r, &o);
	struct cli_cancel_watch watch = {.running = false};
	if (db_succeeded(st)) {
		cli_cancel_watch_start(&watch, cancel_section, e);
		st = run_write(e, r, s, &o);
	}
	cli_cancel_watch_stop(&watch);
	rc = CLI_OK;
	if (db_failed(st)) {
		explain(r, s, st, &o, watch.signal);
		rc = cli_fail(st, r, NULL);
		if (watch.signal && st == DB_E_IMAPI_REQUEST_CANCELLED)
			rc = cli_cancel_exit(watch.signal);
	}
	db_write_engine_destroy(e);
	db_stream_close(s);
	db_recorder_close(r);
	return rc;
}
