/* The part of the SG_IO backend that needs no device: turning a completed
 * sg_io_hdr into a db_cmd result or a transport status. Separate so unit
 * tests can feed it the host/driver codes the kernel produces. */
#ifndef DISCBURN_SG_MAP_H
#define DISCBURN_SG_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <scsi/sg.h>

#include "discburn/transport.h"

/* Linux host byte (include/scsi/scsi_status.h, not exported to userspace). */
enum {
	DB__DID_OK = 0x00,
	DB__DID_NO_CONNECT = 0x01,
	DB__DID_BUS_BUSY = 0x02,
	DB__DID_TIME_OUT = 0x03,
	DB__DID_BAD_TARGET = 0x04,
	DB__DID_ABORT = 0x05,
	DB__DID_PARITY = 0x06,
	DB__DID_ERROR = 0x07,
	DB__DID_RESET = 0x08,
	DB__DID_BAD_INTR = 0x09,
	DB__DID_IMM_RETRY = 0x0C,
	DB__DID_REQUEUE = 0x0D,
	DB__DID_TRANSPORT_DISRUPTED = 0x0E,
	DB__DID_TRANSPORT_FAILFAST = 0x0F,
};

/* Linux driver byte (low nibble). */
enum {
	DB__DRIVER_OK = 0x00,
	DB__DRIVER_BUSY = 0x01,
	DB__DRIVER_SOFT = 0x02,
	DB__DRIVER_MEDIA = 0x03,
	DB__DRIVER_ERROR = 0x04,
	DB__DRIVER_INVALID = 0x05,
	DB__DRIVER_TIMEOUT = 0x06,
	DB__DRIVER_HARD = 0x07,
	DB__DRIVER_SENSE = 0x08,
};

/* Fills c's outputs from h. S_OK when the drive answered (status and
 * sense are then in c), else the transport failure: timeout ->
 * E_IMAPI_RECORDER_COMMAND_TIMEOUT, gone -> ERROR_DEV_NOT_EXIST, ... */
db_status db__sg_map_result(const struct sg_io_hdr *h, struct db_cmd *c);

/* Fills an sg_io_hdr for c (sense into sense_buf of DB_SENSE_MAX). */
void db__sg_fill_hdr(struct sg_io_hdr *h, struct db_cmd *c, unsigned char *sense_buf);

/* The commands that move user data (READ/WRITE 10 and 12, READ CD): sent
 * through the sr node bound to an sg node when there is one. */
bool db__sg_is_data_opcode(uint8_t opcode);

/* The block disc (sr) bound to the sg character device sg_rdev, from
 * SYSFS/dev/char/MAJ:MIN/device/block/NAME/dev: its name ("sr0") into name
 * and its device number into blk_rdev. 0, or -ENOENT when none is bound. */
int db__sg_bound_sr(const char *sysfs_root, dev_t sg_rdev, char *name, size_t cap,
		    dev_t *blk_rdev);

#endif
