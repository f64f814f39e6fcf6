/* DiscMaster over a fake sysfs tree: only peripheral type 5 counts, the
 * sr node is found when sr is bound, the list is sorted by sg number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "discburn/discmaster.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[512], cmd[600];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void put_bin(const char *rel, const uint8_t *data, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void mkdir_rel(const char *rel)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", root, rel);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/discburn-sysfs-XXXXXX");
	assert_non_null(mkdtemp(root));
	/* sg0: a disk (type 0): not listed. */
	put("class/scsi_generic/sg0/device/type", "0\n");
	put("class/scsi_generic/sg0/device/vendor", "ATA     \n");
	/* sg10: a burner without sr bound. */
	put("class/scsi_generic/sg10/device/type", "5\n");
	put("class/scsi_generic/sg10/device/vendor", "HL-DT-ST\n");
	put("class/scsi_generic/sg10/device/model", "BD-RE  WH16NS60 \n");
	put("class/scsi_generic/sg10/device/rev", "1.02\n");
	/* sg2: the TCMU emulator with sr1 bound. */
	put("class/scsi_generic/sg2/device/type", "5\n");
	put("class/scsi_generic/sg2/device/vendor", "DISCBURN\n");
	put("class/scsi_generic/sg2/device/model", "EMU BURNER      \n");
	put("class/scsi_generic/sg2/device/rev", "0.1 \n");
	mkdir_rel("class/scsi_generic/sg2/device/block/sr1");
	/* sysfs's copies of the VPD pages (drivers/scsi/scsi_sysfs.c):
	 * sg2 has an NAA designator, sg10 only a unit serial. */
	static const uint8_t p83[] = {0x00, 0x83, 0x00, 12, 0x01, 0x03, 0x00, 8,
				      0x60, 0x01, 0x40, 0x5a, 0xbc, 0xde, 0xf0, 0x12};
	static const uint8_t p80[] = {0x00, 0x80, 0x00, 6, 'K', '1', '2', '3', ' ', ' '};
	put_bin("class/scsi_generic/sg2/device/vpd_pg83", p83, sizeof(p83));
	put_bin("class/scsi_generic/sg10/device/vpd_pg80", p80, sizeof(p80));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void test_enumerate(void **state)
{
	(void)state;
	struct db_drive_entry e[4];
	unsigned n;
	assert_int_equal(db_discmaster_enumerate(root, e, 4, &n), DB_S_OK);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].sg, "/dev/sg2");
	assert_string_equal(e[0].sr, "/dev/sr1");
	assert_string_equal(e[0].path, "/dev/sr1");
	assert_string_equal(e[0].vendor, "DISCBURN");
	assert_string_equal(e[0].product, "EMU BURNER");
	assert_string_equal(e[0].revision, "0.1");
	assert_string_equal(e[1].sg, "/dev/sg10");
	assert_string_equal(e[1].sr, "");
	assert_string_equal(e[1].path, "/dev/sg10");
	assert_string_equal(e[1].product, "BD-RE  WH16NS60");
	assert_false(e[1].emulated);
}

static void test_counts_beyond_cap(void **state)
{
	(void)state;
	struct db_drive_entry e[1];
	unsigned n;
	assert_int_equal(db_discmaster_enumerate(root, e, 1, &n), DB_S_OK);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].sg, "/dev/sg2");
}

static void test_no_sg_driver(void **state)
{
	(void)state;
	struct db_drive_entry e[1];
	unsigned n = 7;
	assert_int_equal(db_discmaster_enumerate("/nonexistent-sysfs", e, 1, &n), DB_S_OK);
	assert_int_equal(n, 0);
}

/* IDiscMaster2 Count / Item / IsSupportedEnvironment (issue 14). */
static void test_count_and_items(void **state)
{
	(void)state;
	int32_t count = -1;
	char id[128];
	assert_int_equal(db_discmaster_get_count(root, &count), DB_S_OK);
	assert_int_equal(count, 2);
	assert_int_equal(db_discmaster_get_item(root, 0, id, sizeof(id)), DB_S_OK);
	assert_string_equal(id, "naa.6001405abcdef012");
	assert_int_equal(db_discmaster_get_item(root, 1, id, sizeof(id)), DB_S_OK);
	assert_string_equal(id, "serial.HL-DT-ST_BD-RE__WH16NS60_K123");
	assert_int_equal(db_discmaster_get_item(root, 2, id, sizeof(id)), DB_E_INVALIDARG);
	assert_int_equal(db_discmaster_get_item(root, -1, id, sizeof(id)), DB_E_INVALIDARG);
	assert_int_equal(db_discmaster_get_item(root, 0, id, 8), DB_E_INVALIDARG);
	/* The id finds its drive again, whatever its node is called now. */
	struct db_drive_entry e;
	assert_int_equal(db_discmaster_find_unique_id(root, "naa.6001405abcdef012", &e), DB_S_OK);
	assert_string_equal(e.path, "/dev/sr1");
	assert_int_equal(db_discmaster_find_unique_id(root, "naa.0", &e), DB_ERROR_DEV_NOT_EXIST);
	assert_int_equal(db_discmaster_get_count("/nonexistent-sysfs", &count), DB_S_OK);
	assert_int_equal(count, 0);
}

static void test_supported_environment(void **state)
{
	(void)state;
	bool ok = true;
	/* Drives listed, but their nodes cannot be opened here (there are
	 * none in this /dev): not a supported environment. */
	assert_int_equal(db_discmaster_get_is_supported_environment(root, &ok), DB_S_OK);
	assert_false(ok);
	ok = true;
	assert_int_equal(db_discmaster_get_is_supported_environment("/nonexistent-sysfs", &ok), DB_S_OK);
	assert_false(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enumerate),
		cmocka_unit_test(test_counts_beyond_cap),
		cmocka_unit_test(test_no_sg_driver),
		cmocka_unit_test(test_count_and_items),
		cmocka_unit_test(test_supported_environment),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
