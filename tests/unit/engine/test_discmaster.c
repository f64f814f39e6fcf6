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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enumerate),
		cmocka_unit_test(test_counts_beyond_cap),
		cmocka_unit_test(test_no_sg_driver),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
