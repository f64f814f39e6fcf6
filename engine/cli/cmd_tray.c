/* discburn eject / load: the tray (START STOP UNIT with LoEj). */
#include <getopt.h>

#include "cli.h"

static int tray(int argc, char **argv, bool eject)
{
	static const struct option longopts[] = {
		{"drive", required_argument, 0, 'd'},
		{0, 0, 0, 0},
	};
	const char *drive = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage("bad option");
		drive = optarg;
	}
	if (!drive || optind != argc)
		return cli_usage("--drive is required");
	struct db_recorder *r;
	db_status st = db_recorder_open(drive, 0, &r);
	if (db_failed(st))
		return cli_fail_drive(st, drive);
	st = eject ? db_recorder_eject(r) : db_recorder_load(r);
	int rc = db_failed(st) ? cli_fail(st, r, NULL) : CLI_OK;
	db_recorder_close(r);
	return rc;
}

int cli_cmd_eject(int argc, char **argv)
{
	return tray(argc, argv, true);
}

int cli_cmd_load(int argc, char **argv)
{
	return tray(argc, argv, false);
}
