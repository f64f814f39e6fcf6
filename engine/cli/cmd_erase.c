/* discburn erase: IDiscFormat2Erase::EraseMedia. BLANK on CD-RW, FORMAT
 * UNIT (+ zeros) on DVD+RW and BD-RE; write-once media are refused before
 * anything is sent that changes the disc. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "discburn/erase.h"
#include "mmc/profiles.h"

struct erase_opts {
	const char *drive;
	const char *client;
	bool full;
	bool json;
};

static int parse_erase(int argc, char **argv, struct erase_opts *o)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"full", no_argument, 0, 'F'},
		{"client", required_argument, 0, 'C'},
		{"json-events", no_argument, 0, 'j'},
		{0, 0, 0, 0},
	};
	*o = (struct erase_opts){.client = "discburn"};
	int c;
	while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->drive = optarg; break;
		case 'F': o->full = true; break;
		case 'C': o->client = optarg; break;
		case 'j': o->json = true; break;
		default: return cli_usage("bad option");
		}
	}
	if (optind != argc)
		return cli_usage("no arguments expected besides options");
	if (!o->drive)
		return cli_usage("--drive is required");
	return CLI_OK;
}

static void on_update(int32_t elapsed, int32_t total, int progress, void *ctx)
{
	struct cli_progress *p = ctx;
	if (p->json) {
		printf("{\"event\":\"progress\",\"elapsed_time\":%d,\"total_time\":%d,"
		       "\"progress\":%d}\n", elapsed, total, progress);
		fflush(stdout);
		return;
	}
	cli_progress_show(p, progress, 65536, (uint64_t)elapsed * 1000, -1, progress >= 65536);
}

/* Say which medium is refused, not only that one is. */
static void explain_refusal(struct db_recorder *r)
{
	uint16_t profile = 0;
	(void)db_recorder_current_profile(r, &profile);
	const char *name = mmc_profile_name(profile);
	cli_fact("the %s in the drive cannot be erased: only CD-RW, DVD-RW, DVD+RW and BD-RE "
		 "are rewritable here", name ? name : "medium");
}

static db_status run(struct db_recorder *r, const struct erase_opts *o, struct cli_progress *p)
{
	struct db_format2erase *e;
	db_status st = db_format2erase_create(&e);
	if (db_failed(st))
		return st;
	st = db_format2erase_put_recorder(e, r);
	if (db_succeeded(st))
		st = db_format2erase_put_full_erase(e, o->full);
	if (db_succeeded(st))
		st = db_format2erase_put_client_name(e, o->client);
	db_format2erase_set_progress(e, on_update, p);
	if (db_succeeded(st))
		st = db_format2erase_erase_media(e);
	if (st == DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED)
		explain_refusal(r);
	db_format2erase_destroy(e);
	return st;
}

int cli_cmd_erase(int argc, char **argv)
{
	struct erase_opts o;
	int rc = parse_erase(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	cli_json = o.json;
	struct db_recorder *r;
	db_status st = cli_open_recorder(o.drive, &r);
	if (db_failed(st))
		return cli_fail_drive(st, o.drive);
	struct cli_progress p;
	cli_progress_init(&p, o.full ? "full erase" : "quick erase", o.json);
	p.time_only = true; /* an erase has a percent and a time, no sectors */
	st = run(r, &o, &p);
	cli_progress_end(&p, st);
	if (db_succeeded(st) && !o.json)
		fprintf(stderr, "discburn: erase: done (%s)\n", o.full ? "full" : "quick");
	rc = db_failed(st) ? cli_fail(st, r, NULL) : CLI_OK;
	db_recorder_close(r);
	return rc;
}
