/* discburn drives: the optical drives sysfs knows, plus emulated drives
 * named with --emu. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "discburn/discmaster.h"

#define MAX_DRIVES 64

static void print_entry(const struct db_drive_entry *e, bool json, bool first)
{
	if (!json) {
		printf("%-28s %-8s %-16s %-4s%s%s%s%s\n", e->path, e->vendor, e->product, e->revision,
		       e->sg[0] ? " sg=" : "", e->sg, e->sr[0] ? " sr=" : "", e->sr);
		return;
	}
	printf("%s{\"path\":", first ? "" : ",");
	json_string(stdout, e->path);
	printf(",\"sg\":");
	json_string(stdout, e->sg);
	printf(",\"sr\":");
	json_string(stdout, e->sr);
	printf(",\"vendor\":");
	json_string(stdout, e->vendor);
	printf(",\"product\":");
	json_string(stdout, e->product);
	printf(",\"revision\":");
	json_string(stdout, e->revision);
	printf(",\"emulated\":%s}", e->emulated ? "true" : "false");
}

int cli_cmd_drives(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"emu", required_argument, 0, 'e'},
		{"json", no_argument, 0, 'j'},
		{0, 0, 0, 0},
	};
	const char *emus[MAX_DRIVES];
	unsigned n_emus = 0;
	bool json = false;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'e' && n_emus < MAX_DRIVES)
			emus[n_emus++] = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_usage("bad option");
	}
	cli_json = json;
	static struct db_drive_entry list[MAX_DRIVES];
	unsigned n = 0;
	db_status st = db_discmaster_enumerate(NULL, list, MAX_DRIVES, &n);
	if (db_failed(st))
		return cli_fail(st, NULL, "sysfs");
	if (n > MAX_DRIVES)
		n = MAX_DRIVES;
	int rc = CLI_OK;
	for (unsigned i = 0; i < n_emus && n < MAX_DRIVES; i++) {
		st = db_discmaster_describe(emus[i], &list[n]);
		if (db_failed(st))
			rc = cli_fail_drive(st, emus[i]);
		else
			n++;
	}
	if (json)
		printf("[");
	for (unsigned i = 0; i < n; i++)
		print_entry(&list[i], json, i == 0);
	if (json)
		printf("]\n");
	else if (n == 0)
		fprintf(stderr, "discburn: no optical drives found\n");
	return rc;
}
