/* SG_IO backend on a host without an sg device: the open-time error paths
 * (missing node, not an SG_IO node, a directory), the result mapping of
 * the host/driver bytes the kernel produces, and the scheme dispatch. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/sysmacros.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/recorder.h"
#include "discburn/transport.h"
#include "mmc/sense.h"
#include "sg_map.h"

static void test_open_missing_node(void **state)
{
	(void)state;
	struct db_transport *t;
	assert_int_equal(db_transport_open("/dev/sg-does-not-exist", 0, &t), DB_ERROR_FILE_NOT_FOUND);
	assert_null(t);
}

static void test_open_not_a_scsi_node(void **state)
{
	(void)state;
	struct db_transport *t;
	/* /dev/null opens fine but answers SG_GET_VERSION_NUM with ENOTTY. */
	assert_int_equal(db_transport_open_sg("/dev/null", 0, &t), DB_ERROR_NOT_SUPPORTED);
	char path[] = "/tmp/discburn-sg-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(db_transport_open(path, DB_OPEN_EXCLUSIVE, &t), DB_ERROR_NOT_SUPPORTED);
	unlink(path);
	assert_int_equal(db_transport_open("/tmp", 0, &t), DB_ERROR_NOT_SUPPORTED);
	/* Through the recorder too: the status reaches the top unchanged. */
	struct db_recorder *r;
	assert_int_equal(db_recorder_open("/dev/null", 0, &r), DB_ERROR_NOT_SUPPORTED);
}

static void test_scheme_dispatch(void **state)
{
	(void)state;
	struct db_transport *t;
	/* No "emu" opener registered in this binary. */
	assert_int_equal(db_transport_open("emu:dvd+rw:/tmp/x", 0, &t), DB_ERROR_NOT_SUPPORTED);
	assert_int_equal(db_transport_open("", 0, &t), DB_E_IMAPI_RECORDER_REQUIRED);
	/* A colon inside a path is not a scheme. */
	assert_int_equal(db_transport_open("./no:such", 0, &t), DB_ERROR_FILE_NOT_FOUND);
}

static db_status fake_open(const char *rest, unsigned flags, struct db_transport **out)
{
	(void)flags;
	*out = NULL;
	return strcmp(rest, "locked") == 0 ? DB_E_IMAPI_RECORDER_LOCKED : DB_E_FAIL;
}

static void test_registered_scheme(void **state)
{
	(void)state;
	struct db_transport *t;
	assert_int_equal(db_transport_register("fake", fake_open), DB_S_OK);
	assert_int_equal(db_transport_open("fake:locked", 0, &t), DB_E_IMAPI_RECORDER_LOCKED);
	assert_int_equal(db_transport_register("x:y", NULL), DB_E_INVALIDARG);
}

static void test_fill_hdr(void **state)
{
	(void)state;
	struct db_cmd c = {.cdb = {0x2A}, .cdb_len = 10, .dir = DB_DIR_OUT, .len = 4096};
	unsigned char buf[4096], sense[DB_SENSE_MAX];
	c.buf = buf;
	struct sg_io_hdr h;
	db__sg_fill_hdr(&h, &c, sense);
	assert_int_equal(h.interface_id, 'S');
	assert_int_equal(h.dxfer_direction, SG_DXFER_TO_DEV);
	assert_int_equal(h.dxfer_len, 4096);
	assert_int_equal(h.cmd_len, 10);
	assert_int_equal(h.mx_sb_len, DB_SENSE_MAX);
	assert_int_equal(h.timeout, DB_TIMEOUT_DEFAULT_MS);
	c.dir = DB_DIR_IN;
	c.timeout_ms = 5;
	db__sg_fill_hdr(&h, &c, sense);
	assert_int_equal(h.dxfer_direction, SG_DXFER_FROM_DEV);
	assert_int_equal(h.timeout, 5);
	c.dir = DB_DIR_NONE;
	db__sg_fill_hdr(&h, &c, sense);
	assert_int_equal(h.dxfer_direction, SG_DXFER_NONE);
}

static void test_map_result(void **state)
{
	(void)state;
	struct db_cmd c = {.len = 100};
	struct sg_io_hdr h = {.status = 0x02, .sb_len_wr = 18, .resid = 40};
	assert_int_equal(db__sg_map_result(&h, &c), DB_S_OK);
	assert_int_equal(c.scsi_status, DB_SCSI_CHECK_CONDITION);
	assert_int_equal(c.sense_len, 18);
	assert_int_equal(c.resid, 40);

	h = (struct sg_io_hdr){.host_status = DB__DID_TIME_OUT};
	assert_int_equal(db__sg_map_result(&h, &c), DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT);
	h = (struct sg_io_hdr){.driver_status = DB__DRIVER_TIMEOUT};
	assert_int_equal(db__sg_map_result(&h, &c), DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT);
	h = (struct sg_io_hdr){.host_status = DB__DID_ABORT};
	assert_int_equal(db__sg_map_result(&h, &c), DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT);
	h = (struct sg_io_hdr){.host_status = DB__DID_NO_CONNECT};
	assert_int_equal(db__sg_map_result(&h, &c), DB_ERROR_DEV_NOT_EXIST);
	h = (struct sg_io_hdr){.host_status = DB__DID_BAD_TARGET};
	assert_int_equal(db__sg_map_result(&h, &c), DB_ERROR_DEV_NOT_EXIST);
	h = (struct sg_io_hdr){.host_status = DB__DID_BUS_BUSY};
	assert_int_equal(db__sg_map_result(&h, &c), DB_E_IMAPI_RECORDER_MEDIA_BUSY);
	h = (struct sg_io_hdr){.host_status = DB__DID_ERROR};
	assert_int_equal(db__sg_map_result(&h, &c), DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE);
	/* Sense reported through DRIVER_SENSE with a GOOD status byte. */
	h = (struct sg_io_hdr){.driver_status = DB__DRIVER_SENSE, .sb_len_wr = 18};
	assert_int_equal(db__sg_map_result(&h, &c), DB_S_OK);
	assert_int_equal(c.scsi_status, DB_SCSI_CHECK_CONDITION);
	/* More sense than we have room for is clipped. */
	h = (struct sg_io_hdr){.status = 2, .sb_len_wr = 200};
	assert_int_equal(db__sg_map_result(&h, &c), DB_S_OK);
	assert_int_equal(c.sense_len, DB_SENSE_MAX);
}

/* Issue 12 item 14: the sr disc bound to an sg node, found through sysfs
 * (dev/char/MAJ:MIN/device/block/NAME/dev), and which commands go there. */
static void mkdirs(const char *root, const char *rel)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", root, rel);
	assert_int_equal(system(cmd), 0);
}

static void put_file(const char *root, const char *rel, const char *text)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_bound_sr(void **state)
{
	(void)state;
	char root[] = "/tmp/discburn-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	char name[32];
	dev_t blk = 0;
	/* No such sg device: nothing bound. */
	assert_int_equal(db__sg_bound_sr(root, makedev(21, 3), name, sizeof(name), &blk), -ENOENT);
	/* An sg device with its sr disc. */
	mkdirs(root, "dev/char/21:3/device/block/sr7");
	put_file(root, "dev/char/21:3/device/block/sr7/dev", "11:7\n");
	assert_int_equal(db__sg_bound_sr(root, makedev(21, 3), name, sizeof(name), &blk), 0);
	assert_string_equal(name, "sr7");
	assert_int_equal(major(blk), 11);
	assert_int_equal(minor(blk), 7);
	/* A device (a tape, a disk without sr) with an empty block dir, or
	 * an entry without a dev attribute: nothing usable. */
	mkdirs(root, "dev/char/21:4/device/block/sr8");
	assert_int_equal(db__sg_bound_sr(root, makedev(21, 4), name, sizeof(name), &blk), -ENOENT);
	mkdirs(root, "dev/char/21:5/device");
	assert_int_equal(db__sg_bound_sr(root, makedev(21, 5), name, sizeof(name), &blk), -ENOENT);
	/* A name that does not fit is skipped, not cut short. */
	assert_int_equal(db__sg_bound_sr(root, makedev(21, 3), name, 3, &blk), -ENOENT);
	char cmd[1100];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void test_data_opcodes(void **state)
{
	(void)state;
	static const uint8_t data[] = {0x28, 0x2A, 0xA8, 0xAA, 0xBE};
	for (size_t i = 0; i < sizeof(data); i++)
		assert_true(db__sg_is_data_opcode(data[i]));
	/* Everything else stays on the sg node. */
	static const uint8_t other[] = {0x00, 0x03, 0x12, 0x1B, 0x35, 0x46, 0x4A, 0x51,
					0x52, 0x5B, 0x5C, 0xB6, 0x2E, 0x2F};
	for (size_t i = 0; i < sizeof(other); i++)
		assert_false(db__sg_is_data_opcode(other[i]));
	/* Only an SG_IO transport has a data node. */
	assert_null(db_transport_sg_data_node(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_node),
		cmocka_unit_test(test_open_not_a_scsi_node),
		cmocka_unit_test(test_scheme_dispatch),
		cmocka_unit_test(test_registered_scheme),
		cmocka_unit_test(test_fill_hdr),
		cmocka_unit_test(test_map_result),
		cmocka_unit_test(test_bound_sr),
		cmocka_unit_test(test_data_opcodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
