/* discburn msinfo: the multisession import values (IMultisessionSequential)
 * as `cdrecord -msinfo` prints them — "start,nwa": the first sector of the
 * last session and the next writable address — which is what
 * `xorriso -as mkisofs -C start,nwa -M OLD` (or genisoimage) needs to
 * build the image of the next session. --json prints every field. */
#include <getopt.h>

#include "cli.h"
#include "discburn/multisession.h"

static int parse_msinfo(int argc, char **argv, const char **drive, bool *json)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{"json", no_argument, 0, 'J'},
		{0, 0, 0, 0},
	};
	int c;
	*drive = NULL;
	*json = false;
	while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': *drive = optarg; break;
		case 'J': *json = true; break;
		default: return cli_usage("bad option");
		}
	}
	if (optind != argc || !*drive)
		return cli_usage("--drive is required, nothing else");
	return CLI_OK;
}

static void print_json(const struct db_multisession_info *m)
{
	printf("{\"supported_on_current_media_state\":%s,\"first_data_session\":%s,"
	       "\"next_writable_address\":%d,\"free_sectors_on_media\":%d,"
	       "\"start_address_of_previous_session\":%d,"
	       "\"last_written_address_of_previous_session\":%d,\"sessions\":%u}\n",
	       m->supported_on_current_media_state ? "true" : "false",
	       m->first_data_session ? "true" : "false", m->next_writable_address,
	       m->free_sectors_on_media, m->start_address_of_previous_session,
	       m->last_written_address_of_previous_session, m->sessions);
}

int cli_cmd_msinfo(int argc, char **argv)
{
	const char *drive;
	bool json;
	int rc = parse_msinfo(argc, argv, &drive, &json);
	if (rc != CLI_OK)
		return rc;
	cli_json = json;
	struct db_recorder *r;
	db_status st = cli_open_recorder(drive, &r);
	if (db_failed(st))
		return cli_fail_drive(st, drive);
	struct db_multisession_info m;
	st = db_multisession_import(r, &m);
	/* --json fails where the text fails: a blank or closed disc has no
	 * "start,nwa" to give (cdrecord -msinfo refuses both), and a JSON
	 * reader must not get an object that looks like the answer. */
	if (db_succeeded(st) && !m.supported_on_current_media_state) {
		cli_fact("the disc is closed: no further session can be added (or the medium "
			 "is not sequential)");
		st = DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	} else if (db_succeeded(st) && m.first_data_session) {
		cli_fact("the disc is blank: no previous session to import");
		st = DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	} else if (db_succeeded(st) && json) {
		print_json(&m);
	} else if (db_succeeded(st)) {
		printf("%d,%d\n", m.start_address_of_previous_session, m.next_writable_address);
	}
	rc = db_failed(st) ? cli_fail(st, r, NULL) : CLI_OK;
	db_recorder_close(r);
	return rc;
}
