/* For engine/vm/recorder-members.sh: the IDiscRecorder2 members of a drive
 * the kernel exposes, as key=value lines, and MCN held off for a while.
 *   recorder_probe DRIVE [HOLD_SECONDS [close]]
 * prints the members; with HOLD_SECONDS, DisableMcn, "mcn-disabled",
 * sleeps, then EnableMcn and "mcn-enabled" — or, with "close", closes the
 * recorder with MCN still disabled (the close must restore it).
 *   recorder_probe --items
 * prints DiscMaster2's Count, IsSupportedEnvironment and Item(i). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discburn/discmaster.h"
#include "discburn/recorder.h"
#include "discburn/recorder_ex.h"

static int fail(const char *what, db_status st)
{
	fprintf(stderr, "%s: %s (0x%08X)\n", what, db_status_name(st), db_status_hex(st));
	return 1;
}

static int items(void)
{
	int32_t n;
	db_status st = db_discmaster_get_count(NULL, &n);
	if (db_failed(st))
		return fail("count", st);
	printf("count=%d\n", n);
	bool ok;
	st = db_discmaster_get_is_supported_environment(NULL, &ok);
	if (db_failed(st))
		return fail("is_supported_environment", st);
	printf("supported=%d\n", ok);
	for (int32_t i = 0; i < n; i++) {
		char id[128];
		st = db_discmaster_get_item(NULL, i, id, sizeof(id));
		if (db_failed(st))
			return fail("item", st);
		printf("item%d=%s\n", i, id);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--items") == 0)
		return items();
	if (argc < 2)
		return 2;
	struct db_recorder *r;
	db_status st = db_recorder_open(argv[1], 0, &r);
	if (db_failed(st))
		return fail("open", st);
	char s[256];
	int32_t num;
	bool can;
	uint32_t mask;
	if (db_succeeded(db_recorder_get_vendor_id(r, s, sizeof(s))))
		printf("vendor=%s\n", s);
	if (db_succeeded(db_recorder_get_active_disc_recorder(r, s, sizeof(s))))
		printf("active=%s\n", s);
	if (db_succeeded(db_recorder_get_volume_name(r, s, sizeof(s))))
		printf("volume=%s\n", s);
	if (db_succeeded(db_recorder_get_legacy_device_number(r, &num)))
		printf("legacy=%d\n", num);
	if (db_succeeded(db_recorder_get_device_can_load_media(r, &can)))
		printf("can_load=%d\n", can);
	if (db_succeeded(db_recorder_ex_get_byte_alignment_mask(r, &mask)))
		printf("alignment=%u\n", mask);
	struct db_adapter_descriptor ad;
	if (db_succeeded(db_recorder_ex_get_adapter_descriptor(r, &ad)))
		printf("adapter=%s/%s host%d max=%u\n", ad.driver, ad.bus_type, ad.host_number,
		       ad.max_transfer_length);
	struct db_device_descriptor dd;
	if (db_succeeded(db_recorder_ex_get_device_descriptor(r, &dd)))
		printf("device=%s serial=%s hctl=%s\n", dd.product_id, dd.serial_number, dd.hctl);
	char **paths;
	unsigned n;
	if (db_succeeded(db_recorder_get_volume_path_names(r, &paths, &n))) {
		for (unsigned i = 0; i < n; i++)
			printf("mount=%s\n", paths[i]);
		db_strings_free(paths, n);
	}
	fflush(stdout);
	if (argc >= 3) {
		st = db_recorder_disable_mcn(r);
		if (db_failed(st))
			return fail("disable_mcn", st);
		printf("mcn-disabled\n");
		fflush(stdout);
		sleep((unsigned)atoi(argv[2]));
		if (argc >= 4 && strcmp(argv[3], "close") == 0) {
			db_recorder_close(r);
			printf("closed\n");
			return 0;
		}
		st = db_recorder_enable_mcn(r);
		if (db_failed(st))
			return fail("enable_mcn", st);
		printf("mcn-enabled\n");
	}
	db_recorder_close(r);
	return 0;
}
