/* Command dispatch: the opcode table and the checks every command shares.
 * Handlers get a command whose CDB length, unit attention, medium presence
 * and data-out length have been checked here, once. A command that needs
 * the medium is refused while a FORMAT UNIT / BLANK runs (02/04/04 or
 * 02/04/07 with the progress), with or without Immed; the others (INQUIRY,
 * REQUEST SENSE, GET CONFIGURATION, GESN, MODE SENSE, ...) are answered
 * meanwhile, as a real drive answers them. While a WRITE or SYNCHRONIZE
 * CACHE waits for the medium on a REAL clock, status commands (CMD_STATUS)
 * are answered and the others wait their turn (drive.h). */
#include <string.h>

#include "drive.h"
#include "drive_faults.h"
#include "mmc/cdb.h"
#include "mmc/opcodes.h"

const struct drive_command drive_commands[256] = {
#define DRIVE_X_ROW(op, fn, fl) \
	[MMC_OP_##op] = {.name = #op, .handler = cmd_##fn, .flags = (fl)},
	DRIVE_HANDLER_LIST(DRIVE_X_ROW)
#undef DRIVE_X_ROW
};

enum mmc_sense_code cdb_field_error(struct mmcemu_cmd *c, unsigned byte, int bit)
{
	c->fp = (struct mmc_field_pointer){
		.valid = true, .in_cdb = true, .bit_valid = bit >= 0,
		.bit = (uint8_t)(bit < 0 ? 0 : bit), .byte = (uint16_t)byte};
	return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB;
}

enum mmc_sense_code param_field_error(struct mmcemu_cmd *c, unsigned byte, int bit)
{
	c->fp = (struct mmc_field_pointer){
		.valid = true, .in_cdb = false, .bit_valid = bit >= 0,
		.bit = (uint8_t)(bit < 0 ? 0 : bit), .byte = (uint16_t)byte};
	return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST;
}

enum mmc_sense_code drive_medium_ready(const struct mmcemu_drive *d)
{
	if (d->has_medium)
		return MMC_SENSE_NO_SENSE;
	return d->tray_open ? MMC_SENSE_NOT_READY_NO_MEDIUM_TRAY_OPEN
			    : MMC_SENSE_NOT_READY_NO_MEDIUM_TRAY_CLOSED;
}

/* Sector transfers: the CDB's block count must fit the caller's buffer
 * (reads) or match the data sent (writes). READ CD sizes its own sectors. */
static enum mmc_sense_code check_sector_transfer(const struct mmcemu_drive *d,
						 const struct mmcemu_io *io,
						 struct mmcemu_cmd *c)
{
	struct mmc_rw_cdb rw;
	if (c->cdb[0] == MMC_OP_READ_CD || !mmc_decode_rw(c->cdb, c->cdb_len, &rw))
		return MMC_SENSE_NO_SENSE;
	unsigned len_byte = c->cdb_len == 12 ? 6 : 7;
	bool is_write = c->cdb[0] == MMC_OP_WRITE_10 || c->cdb[0] == MMC_OP_WRITE_12 ||
			c->cdb[0] == MMC_OP_WRITE_AND_VERIFY_10;
	/* A WRITE's blocks are of the size mode page 05h's Data Block Type
	 * names (2352 for audio): data sent for another size is short of
	 * the transfer length, or longer than it. */
	uint64_t bytes = (uint64_t)rw.blocks *
			 (is_write ? drive_write_block_size(d) : DISC_SECTOR_SIZE);
	if (is_write) {
		if (io->data_out_len < bytes)
			return cdb_field_error(c, len_byte, -1);
		c->out_len = (size_t)bytes;
	} else if (io->data_in_cap < bytes) {
		return cdb_field_error(c, len_byte, -1);
	}
	return MMC_SENSE_NO_SENSE;
}

static enum mmc_sense_code prepare(struct mmcemu_drive *d, struct mmcemu_io *io,
				   struct mmcemu_cmd *c, const struct drive_command *dc)
{
	uint8_t op = io->cdb[0];
	if (!dc->handler) {
		c->fp = (struct mmc_field_pointer){.valid = true, .in_cdb = true};
		return MMC_SENSE_ILLEGAL_INVALID_OPCODE;
	}
	if (io->cdb_len < mmc_cdb_length(op))
		return cdb_field_error(c, 0, -1);
	c->cdb_len = mmc_cdb_length(op);

	if (d->unit_attention != MMC_SENSE_NO_SENSE &&
	    !(dc->flags & CMD_NO_UNIT_ATTENTION)) {
		enum mmc_sense_code ua = d->unit_attention;
		d->unit_attention = MMC_SENSE_NO_SENSE;
		return ua;
	}
	if (dc->flags & CMD_NEEDS_MEDIUM) {
		enum mmc_sense_code rc = drive_medium_ready(d);
		if (rc == MMC_SENSE_NO_SENSE)
			rc = drive_long_op_sense(d, &c->fp);
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
	}
	if (dc->flags & CMD_PARAMETER_LIST) {
		long plen = mmc_parameter_list_length(c->cdb, c->cdb_len);
		if (plen < 0 || (size_t)plen > io->data_out_len)
			return MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
		c->out_len = (size_t)plen;
	}
	if (dc->flags & CMD_SECTOR_DATA) {
		c->in = io->data_in;
		c->in_cap = io->data_in_cap;
		return check_sector_transfer(d, io, c);
	}
	c->in = d->scratch;
	c->in_cap = DRIVE_RESPONSE_MAX;
	return MMC_SENSE_NO_SENSE;
}

/* Handlers report the full length of what they built; the initiator gets
 * no more than its allocation length and its buffer (QEMU/Linux style). */
static size_t response_length(const struct mmcemu_io *io, const struct mmcemu_cmd *c)
{
	size_t n = c->in_len < c->in_cap ? c->in_len : c->in_cap;
	long alloc = mmc_allocation_length(c->cdb, c->cdb_len);
	if (alloc >= 0 && n > (size_t)alloc)
		n = (size_t)alloc;
	if (n > io->data_in_cap)
		n = io->data_in_cap;
	return n;
}

/* Runs the command proper: shared checks, then the handler, then the cut
 * of the response. Returns the sense code (NO_SENSE on success). */
static enum mmc_sense_code run(struct mmcemu_drive *d, struct mmcemu_io *io,
			       struct mmcemu_cmd *c, const struct drive_command *dc)
{
	enum mmc_sense_code rc = prepare(d, io, c, dc);
	if (rc == MMC_SENSE_NO_SENSE)
		rc = dc->handler(d, c);
	/* A host that stopped streaming: the saved disc catches up with the
	 * medium (drive_record.c; WRITE does its own). A failed save is
	 * not this command's: the next WRITE or SYNCHRONIZE CACHE reports it. */
	if (rc == MMC_SENSE_NO_SENSE && !(dc->flags & CMD_SECTOR_DATA))
		(void)drive_record_checkpoint(d, RECORD_AT_IDLE);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	if (dc->flags & CMD_SECTOR_DATA) {
		io->data_in_len = c->in_len;
	} else {
		io->data_in_len = response_length(io, c);
		if (io->data_in_len)
			memcpy(io->data_in, c->in, io->data_in_len);
	}
	return MMC_SENSE_NO_SENSE;
}

/* Sense that describes the drive's condition rather than this command:
 * becoming ready, busy formatting / blanking / writing (ASC 04h), no
 * medium (3Ah) — the pollable sense of SPC-4 5.12.2. */
static bool is_condition(struct mmc_sense s)
{
	return s.key == 0x2 && (s.asc == 0x04 || s.asc == 0x3A);
}

/* The sense goes back with the status (autosense, SAM-4); a copy is kept
 * for one REQUEST SENSE (ATAPI style: some hosts still ask). A condition
 * is not kept: REQUEST SENSE reports the condition as it is when asked
 * (SPC-4 6.39, 5.12.2), so a refusal during a busy period does not say
 * "busy" once more after the drive became ready. */
static void finish(struct mmcemu_drive *d, struct mmcemu_io *io, struct mmc_sense s,
		   const struct mmc_field_pointer *fp)
{
	if (s.key == 0 && s.asc == 0 && s.ascq == 0) {
		mmc_sense_encode(d->last_sense, s, NULL);
		return;
	}
	io->status = 0x02; /* CHECK CONDITION */
	io->data_in_len = 0;
	io->sense_len = mmc_sense_encode(io->sense, s, fp);
	if (is_condition(s))
		mmc_sense_encode(d->last_sense, mmc_sense_of(MMC_SENSE_NO_SENSE), NULL);
	else
		memcpy(d->last_sense, io->sense, sizeof(d->last_sense));
}

int mmcemu_execute(struct mmcemu_drive *d, struct mmcemu_io *io)
{
	io->status = 0;
	io->sense_len = 0;
	io->data_in_len = 0;
	io->dropped = false;
	io->device_gone = false;

	struct mmcemu_cmd c = {.cdb = io->cdb, .cdb_len = io->cdb_len,
			       .out = io->data_out, .out_len = 0,
			       .out_avail = io->data_out ? io->data_out_len : 0};
	pthread_mutex_lock(&d->lock);
	if (!io->cdb || io->cdb_len == 0) {
		finish(d, io, mmc_sense_of(MMC_SENSE_ILLEGAL_INVALID_OPCODE), NULL);
		goto out;
	}
	const struct drive_command *dc = &drive_commands[io->cdb[0]];
	/* A WRITE waiting for the medium goes on with the disc afterwards:
	 * only status commands may run before it is done. */
	if (!(dc->flags & CMD_STATUS))
		drive_wait_medium_free(d);
	d->stats.commands[io->cdb[0]]++;

	struct fault_outcome fo;
	faults_before(d, io->cdb, io->cdb_len, dc, &fo);
	if (fo.drop) {
		io->dropped = true;
		io->device_gone = d->gone;
		goto out;
	}
	if (fo.fail) {
		finish(d, io, fo.sense, NULL);
		goto out;
	}
	enum mmc_sense_code rc = run(d, io, &c, dc);
	if (rc == MMC_SENSE_NO_SENSE)
		faults_after(io, &fo);
	finish(d, io, mmc_sense_of(rc), &c.fp);
out:
	pthread_mutex_unlock(&d->lock);
	return io->status;
}
