/* discburn check-image: IsoImageManager::Validate on an image file (or
 * standard input) before it is burned: whole 2048-byte sectors and a
 * volume recognition sequence (ISO 9660 or UDF). Says what it found, or
 * the IMAPI status with the fact that failed. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "discburn/iso_image_manager.h"

static void print_text(const char *path, const struct db_iso_image_report *r)
{
	char n[32];
	printf("%s: valid: %s sectors", path, cli_grouped(r->sectors, n));
	if (r->iso9660)
		printf("; ISO 9660, volume \"%s\", PVD at sector %d", r->volume_id, r->pvd_sector);
	if (r->joliet)
		printf(", Joliet");
	if (r->el_torito)
		printf(", El Torito boot record");
	if (r->udf)
		printf("; UDF (NSR0%d)", r->nsr);
	if (r->session_start)
		printf("; the image of a later session: its addresses start at sector %s",
		       cli_grouped(r->session_start, n));
	printf("\n");
}

static void print_json(const char *path, const struct db_iso_image_report *r)
{
	printf("{\"path\":");
	json_string(stdout, path);
	printf(",\"valid\":true,\"bytes\":%lld,\"sectors\":%lld,\"iso9660\":%s",
	       (long long)r->bytes, (long long)r->sectors, r->iso9660 ? "true" : "false");
	if (r->iso9660) {
		printf(",\"volume_id\":");
		json_string(stdout, r->volume_id);
		printf(",\"pvd_sector\":%d,\"volume_space_size\":%u", r->pvd_sector,
		       r->volume_space_size);
	}
	printf(",\"joliet\":%s,\"el_torito\":%s,\"udf\":%s,\"nsr\":%d,\"session_start\":%lld}\n",
	       r->joliet ? "true" : "false", r->el_torito ? "true" : "false",
	       r->udf ? "true" : "false", r->nsr, (long long)r->session_start);
}

/* Each refusal its exit status (docs/errors.md). */
static int exit_of(db_status st)
{
	if (st == DB_IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED)
		return CLI_IMAGE_NOT_SECTORS;
	if (st == DB_IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG)
		return CLI_IMAGE_TOO_LARGE;
	if (st == DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND)
		return CLI_IMAGE_NO_FILE_SYSTEM;
	return CLI_IMAGE_UNREADABLE;
}

int cli_cmd_check_image(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, 0, 'J'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'J': cli_json = true; break;
		default: return cli_usage("bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("one IMAGE file (or - for standard input)");
	const char *path = argv[optind];
	struct db_iso_image_manager *m;
	db_status st = db_iso_image_manager_create(&m);
	if (db_failed(st))
		return cli_fail(st, NULL, path);
	st = db_iso_image_manager_set_path(m, path);
	if (db_failed(st)) {
		db_iso_image_manager_destroy(m);
		return cli_fail_image(st, path);
	}
	st = db_iso_image_manager_validate(m);
	const struct db_iso_image_report *r = db_iso_image_manager_get_report(m);
	int rc = CLI_OK;
	if (db_failed(st)) {
		if (r->problem[0])
			cli_fact("%s", r->problem);
		cli_fail(st, NULL, path);
		rc = exit_of(st);
	} else if (cli_json) {
		print_json(path, r);
	} else {
		print_text(path, r);
	}
	db_iso_image_manager_destroy(m);
	return rc;
}
