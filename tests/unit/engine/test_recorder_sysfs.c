/* The kernel side of IDiscRecorder2 / IDiscRecorder2Ex (issue 14) against
 * a fake sysfs tree and mount table: MCN through the block device's
 * events_poll_msecs (counted, restored, restored at close), VolumeName,
 * VolumePathNames, LegacyDeviceNumber, the adapter descriptor and
 * alignment from the queue attributes; and the unique-id decoder the
 * DiscMaster and ActiveDiscRecorder share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/recorder_ex.h"
#include "fake_drive.h"

static char root[64];

static void path_of(char *out, size_t cap, const char *rel)
{
	snprintf(out, cap, "%s/%s", root, rel);
}

static void put(const char *rel, const char *text)
{
	char path[512], cmd[600];
	path_of(path, sizeof(path), rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void get(const char *rel, char *out, size_t cap)
{
	char path[512];
	path_of(path, sizeof(path), rel);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	if (!fgets(out, (int)cap, f))
		out[0] = '\0';
	fclose(f);
}

static void sh(const char *fmt, const char *a)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), fmt, root, a);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/discburn-rsysfs-XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

/* A recorder over the fake drive, named like a kernel node. */
static struct db_recorder *kernel_recorder(struct fake_drive **fp, const char *node)
{
	struct fake_drive *f = fake_new(0x001B);
	snprintf(f->base.path, sizeof(f->base.path), "%s", node);
	struct db_recorder *r = fake_recorder(f);
	assert_int_equal(db_recorder_set_sysfs_root(r, root), DB_S_OK);
	*fp = f;
	return r;
}

#define KNOB "block/sr97/events_poll_msecs"

static void test_mcn_counted_and_restored(void **state)
{
	(void)state;
	struct fake_drive *f;
	char v[32];
	put(KNOB, "-1\n");
	struct db_recorder *r = kernel_recorder(&f, "/dev/sr97");
	assert_int_equal(db_recorder_disable_mcn(r), DB_S_OK);
	get(KNOB, v, sizeof(v));
	assert_string_equal(v, "0\n");
	/* The second disable and the first enable leave the knob alone. */
	put(KNOB, "555\n");
	assert_int_equal(db_recorder_disable_mcn(r), DB_S_OK);
	assert_int_equal(db_recorder_enable_mcn(r), DB_S_OK);
	get(KNOB, v, sizeof(v));
	assert_string_equal(v, "555\n");
	assert_true(db_recorder_mcn_disabled(r));
	/* The last enable puts back what the kernel had. */
	assert_int_equal(db_recorder_enable_mcn(r), DB_S_OK);
	get(KNOB, v, sizeof(v));
	assert_string_equal(v, "-1\n");
	assert_false(db_recorder_mcn_disabled(r));
	/* Enabling with nothing disabled writes nothing. */
	put(KNOB, "777\n");
	assert_int_equal(db_recorder_enable_mcn(r), DB_S_OK);
	get(KNOB, v, sizeof(v));
	assert_string_equal(v, "777\n");
	db_recorder_close(r);
	fake_free(f);
}

static void test_mcn_restored_at_close(void **state)
{
	(void)state;
	struct fake_drive *f;
	char v[32];
	put(KNOB, "2000\n");
	struct db_recorder *r = kernel_recorder(&f, "/dev/sr97");
	assert_int_equal(db_recorder_disable_mcn(r), DB_S_OK);
	assert_int_equal(db_recorder_disable_mcn(r), DB_S_OK);
	get(KNOB, v, sizeof(v));
	assert_string_equal(v, "0\n");
	db_recorder_close(r);
	get(KNOB, v, sizeof(v));
	assert_string_equal(v, "2000\n");
	fake_free(f);
}

static void test_mcn_already_off_and_absent(void **state)
{
	(void)state;
	struct fake_drive *f;
	char v[32];
	/* Polling already off: nothing to restore but 0. */
	put(KNOB, "0\n");
	struct db_recorder *r = kernel_recorder(&f, "/dev/sr97");
	assert_int_equal(db_recorder_disable_mcn(r), DB_S_OK);
	put(KNOB, "9\n"); /* would be overwritten if anything were saved */
	assert_int_equal(db_recorder_enable_mcn(r), DB_S_OK);
	get(KNOB, v, sizeof(v));
	assert_string_equal(v, "9\n");
	db_recorder_close(r);
	fake_free(f);
	/* No such disk in sysfs (a kernel without disk events): counted only. */
	r = kernel_recorder(&f, "/dev/sr42");
	assert_int_equal(db_recorder_disable_mcn(r), DB_S_OK);
	assert_true(db_recorder_mcn_disabled(r));
	db_recorder_close(r);
	fake_free(f);
	/* An sg node with no sr bound has no polling. */
	r = kernel_recorder(&f, "/dev/sg95");
	assert_int_equal(db_recorder_disable_mcn(r), DB_S_OK);
	db_recorder_close(r);
	fake_free(f);
}

static void test_mcn_bad_knob(void **state)
{
	(void)state;
	struct fake_drive *f;
	put(KNOB, "often\n");
	struct db_recorder *r = kernel_recorder(&f, "/dev/sr97");
	assert_int_equal(db_recorder_disable_mcn(r), DB_E_FAIL);
	assert_false(db_recorder_mcn_disabled(r));
	db_recorder_close(r);
	fake_free(f);
}

static void test_volume_and_number(void **state)
{
	(void)state;
	struct fake_drive *f;
	char name[64];
	int32_t num;
	struct db_recorder *r = kernel_recorder(&f, "/dev/sr97");
	assert_int_equal(db_recorder_get_volume_name(r, name, sizeof(name)), DB_S_OK);
	assert_string_equal(name, "/dev/sr97");
	assert_int_equal(db_recorder_get_legacy_device_number(r, &num), DB_S_OK);
	assert_int_equal(num, 97);
	assert_int_equal(db_recorder_get_volume_name(r, name, 4), DB_E_INVALIDARG);

	put("mountinfo", "36 35 98:0 / /mnt/cd\\040rom ro,relatime shared:1 - iso9660 /dev/sr97 ro\n"
			 "37 35 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
			 "38 35 98:0 / /media/other ro - udf /dev/sr97 ro\n");
	char mi[512];
	path_of(mi, sizeof(mi), "mountinfo");
	assert_int_equal(db_recorder_set_mountinfo_path(r, mi), DB_S_OK);
	char **paths;
	unsigned n;
	assert_int_equal(db_recorder_get_volume_path_names(r, &paths, &n), DB_S_OK);
	assert_int_equal(n, 2);
	assert_string_equal(paths[0], "/mnt/cd rom");
	assert_string_equal(paths[1], "/media/other");
	db_strings_free(paths, n);
	path_of(mi, sizeof(mi), "no-such-mountinfo");
	assert_int_equal(db_recorder_set_mountinfo_path(r, mi), DB_S_OK);
	assert_int_equal(db_recorder_get_volume_path_names(r, &paths, &n), DB_ERROR_FILE_NOT_FOUND);
	db_recorder_close(r);
	fake_free(f);

	/* An sg node: its bound sr disk, else none. */
	sh("mkdir -p '%s/class/scsi_generic/sg95/device/block/sr97'%s", "");
	r = kernel_recorder(&f, "/dev/sg95");
	assert_int_equal(db_recorder_get_volume_name(r, name, sizeof(name)), DB_S_OK);
	assert_string_equal(name, "/dev/sr97");
	db_recorder_close(r);
	fake_free(f);
	r = kernel_recorder(&f, "/dev/sg94");
	assert_int_equal(db_recorder_get_volume_name(r, name, sizeof(name)), DB_S_OK);
	assert_string_equal(name, "");
	assert_int_equal(db_recorder_get_legacy_device_number(r, &num), DB_S_OK);
	assert_int_equal(num, 94);
	db_recorder_close(r);
	fake_free(f);
}

static void test_adapter_descriptor(void **state)
{
	(void)state;
	struct fake_drive *f;
	sh("mkdir -p '%s/devices/pci0000:00/ata3/host3/target3:0:0/3:0:0:0'%s", "");
	char dev[512];
	path_of(dev, sizeof(dev), "block/sr97/device");
	sh("mkdir -p '%s/block/sr97' && ln -sfn ../../devices/pci0000:00/ata3/host3/target3:0:0/3:0:0:0 '%s'",
	   dev);
	put("class/scsi_host/host3/proc_name", "ahci\n");
	put("block/sr97/queue/max_sectors_kb", "120\n");
	put("block/sr97/queue/max_segments", "168\n");
	struct db_recorder *r = kernel_recorder(&f, "/dev/sr97");
	uint32_t mask;
	/* No dma_alignment attribute: the block layer's default. */
	assert_int_equal(db_recorder_ex_get_byte_alignment_mask(r, &mask), DB_S_OK);
	assert_int_equal(mask, 511);
	put("block/sr97/queue/dma_alignment", "3\n");
	assert_int_equal(db_recorder_ex_get_byte_alignment_mask(r, &mask), DB_S_OK);
	assert_int_equal(mask, 3);
	struct db_adapter_descriptor ad;
	assert_int_equal(db_recorder_ex_get_adapter_descriptor(r, &ad), DB_S_OK);
	assert_int_equal(ad.max_transfer_length, 120 * 1024);
	assert_int_equal(ad.max_physical_pages, 168);
	assert_int_equal(ad.alignment_mask, 3);
	assert_int_equal(ad.host_number, 3);
	assert_string_equal(ad.driver, "ahci");
	assert_string_equal(ad.bus_type, "ata");
	db_recorder_close(r);
	fake_free(f);
}

/* SendCommand*: the drive sees the command once; a unit attention the
 * device layer would consume and retry comes back as sense. */
static void test_raw_command_not_retried(void **state)
{
	(void)state;
	struct fake_drive *f = fake_new(0x001B);
	struct db_recorder *r = fake_recorder(f);
	fake_fail_next(f, MMC_OP_TEST_UNIT_READY, MMC_SENSE_UNIT_ATTENTION_POWER_ON_RESET);
	uint8_t tur[6] = {MMC_OP_TEST_UNIT_READY}, sense[DB_IMAPI_SENSE_SIZE];
	unsigned before = f->n_log;
	assert_int_equal(db_recorder_ex_send_command_no_data(r, tur, 6, sense, 5),
			 DB_S_IMAPI_COMMAND_HAS_SENSE_DATA);
	assert_int_equal(f->n_log - before, 1);
	assert_int_equal(sense[2] & 0x0F, 0x6);
	assert_int_equal(sense[12], 0x29);
	assert_int_equal(db_recorder_ex_send_command_no_data(r, tur, 6, sense, 5), DB_S_OK);
	db_recorder_close(r);
	fake_free(f);
}

/* A drive with a pop-up mechanism (mode page 2Ah byte 6 bits 7-5 010b):
 * it cannot load, so CloseTray is refused before any command. */
struct popup_drive {
	struct db_transport base;
	uint8_t mechanism;
	unsigned start_stops;
};

static db_status popup_execute(struct db_transport *t, struct db_cmd *c)
{
	struct popup_drive *p = (struct popup_drive *)t;
	uint8_t *b = c->buf;
	c->scsi_status = DB_SCSI_GOOD;
	if (c->cdb[0] == MMC_OP_MODE_SENSE_10 && (c->cdb[2] & 0x3F) == 0x2A) {
		uint8_t page[8 + 32] = {0};
		mmc_put_be16(page, sizeof(page) - 2);
		page[8] = 0x2A;
		page[9] = 30;
		page[8 + 6] = (uint8_t)(p->mechanism << 5 | 0x08);
		size_t n = c->len < sizeof(page) ? c->len : sizeof(page);
		memcpy(b, page, n);
		c->resid = c->len - n;
	} else if (c->cdb[0] == MMC_OP_START_STOP_UNIT) {
		p->start_stops++;
	}
	return DB_S_OK;
}

static void popup_close(struct db_transport *t)
{
	(void)t;
}

static const struct db_transport_ops popup_ops = {
	.name = "popup", .execute = popup_execute, .close = popup_close};

static void test_close_tray_by_mechanism(void **state)
{
	(void)state;
	static const struct {
		uint8_t mechanism;
		bool can;
	} cases[] = {{0, false}, {1, true}, {2, false}, {4, true}, {5, true}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct popup_drive p = {.base = {.ops = &popup_ops, .path = "/dev/sr97"},
					.mechanism = cases[i].mechanism};
		struct db_device *d;
		struct db_recorder *r;
		assert_int_equal(db_device_wrap(&p.base, &d), DB_S_OK);
		assert_int_equal(db_recorder_from_device(d, &r), DB_S_OK);
		bool can = !cases[i].can;
		assert_int_equal(db_recorder_get_device_can_load_media(r, &can), DB_S_OK);
		assert_int_equal(can, cases[i].can);
		assert_int_equal(db_recorder_close_tray(r), cases[i].can ? DB_S_OK : DB_E_NOTIMPL);
		assert_int_equal(p.start_stops, cases[i].can ? 1 : 0);
		db_recorder_close(r);
	}
}

/* SPC-4 7.8.6 / 7.8.15 pages as drives send them. */
static void test_unique_id_decoder(void **state)
{
	(void)state;
	char id[128];
	/* T10 vendor id (ASCII) and NAA (binary) for the LU: NAA wins. */
	const uint8_t p83[] = {0x00, 0x83, 0x00, 28,
			       0x02, 0x01, 0x00, 12, 'A', 'C', 'M', 'E', ' ', ' ', ' ', ' ',
			       'X', ' ', ' ', '1',
			       0x01, 0x03, 0x00, 8, 0x60, 0x01, 0x40, 0x5a, 0xbc, 0xde, 0xf0, 0x12};
	assert_true(db_decode_unique_id(p83, sizeof(p83), NULL, 0, "ACME", "X", id, sizeof(id)));
	assert_string_equal(id, "naa.6001405abcdef012");
	/* Only the T10 one: blank runs fold into one '_'. */
	assert_true(db_decode_unique_id(p83, 20, NULL, 0, "ACME", "X", id, sizeof(id)));
	assert_string_equal(id, "t10.ACME_X_1");
	/* A designator of the target port (association 01b) is not the LU's. */
	const uint8_t port[] = {0x00, 0x83, 0x00, 12, 0x01, 0x13, 0x00, 8, 1, 2, 3, 4, 5, 6, 7, 8};
	const uint8_t p80[] = {0x00, 0x80, 0x00, 8, 'K', '1', '2', '3', '4', ' ', ' ', ' '};
	assert_true(db_decode_unique_id(port, sizeof(port), p80, sizeof(p80), "HL-DT-ST",
					"BD-RE WH16NS60", id, sizeof(id)));
	assert_string_equal(id, "serial.HL-DT-ST_BD-RE_WH16NS60_K1234");
	/* Nothing usable; a length byte running past the page; too small. */
	assert_false(db_decode_unique_id(port, sizeof(port), NULL, 0, "A", "B", id, sizeof(id)));
	const uint8_t overrun[] = {0x00, 0x83, 0x00, 8, 0x01, 0x03, 0x00, 40, 1, 2, 3, 4};
	assert_false(db_decode_unique_id(overrun, sizeof(overrun), NULL, 0, "A", "B", id, sizeof(id)));
	assert_false(db_decode_unique_id(p83, sizeof(p83), NULL, 0, "A", "B", id, 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mcn_counted_and_restored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mcn_restored_at_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mcn_already_off_and_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mcn_bad_knob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_volume_and_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adapter_descriptor, setup, teardown),
		cmocka_unit_test(test_raw_command_not_retried),
		cmocka_unit_test(test_close_tray_by_mechanism),
		cmocka_unit_test(test_unique_id_decoder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
