/* Applying a fault plan to the command stream (docs/fault-plans.md). The
 * dispatcher calls faults_before() ahead of its own checks and
 * faults_after() on the data a successful command returns. */
#include <string.h>

#include "drive.h"
#include "drive_faults.h"
#include "mmc/cdb.h"
#include "mmc/opcodes.h"

uint64_t drive_now_ms(const struct mmcemu_drive *d)
{
	return clock_now_ns(&d->clk) / 1000000u;
}

static struct fault_ctx context_of(const struct mmcemu_drive *d, const uint8_t *cdb,
				   size_t len)
{
	struct fault_ctx ctx = {.opcode = cdb[0], .now_ms = drive_now_ms(d)};
	struct mmc_rw_cdb rw;
	if (mmc_decode_rw(cdb, len, &rw)) {
		ctx.has_lba = true;
		ctx.lba = rw.lba;
		ctx.blocks = rw.blocks;
	}
	return ctx;
}

/* The medium leaves (eject) or is swapped for itself (change-medium): both
 * are what a person at the tray does, regardless of PREVENT. */
static void fault_eject(struct mmcemu_drive *d)
{
	if (d->has_medium) {
		drive_record_power_off(d);
		disc_store_close(&d->store);
	}
	d->has_medium = false;
	d->tray_open = true;
	d->media_event = GESN_MEDIA_REMOVAL;
}

static void apply_action(struct mmcemu_drive *d, const struct fault_action *a,
			 const struct drive_command *dc, struct fault_outcome *o)
{
	uint64_t now = clock_now_ns(&d->clk);
	switch (a->kind) {
	case FAULT_SENSE:
		o->fail = true;
		o->sense = a->sense;
		break;
	case FAULT_DELAY:
		/* A slow command, not a hung drive: on a real clock the others
		 * are answered meanwhile, and a media command keeps the medium
		 * for its delay (drive.h, CMD_STATUS). The dispatcher checks the
		 * medium again after this. */
		if (dc->flags & CMD_STATUS)
			drive_sleep_until(d, now + (uint64_t)a->ms * 1000000u);
		else
			(void)drive_hold_medium_until(d, now + (uint64_t)a->ms * 1000000u);
		break;
	case FAULT_NOT_READY:
		d->not_ready_until_ns = now + (uint64_t)a->ms * 1000000u;
		break;
	case FAULT_LONG_WRITE:
		d->long_write_until_ns = now + (uint64_t)a->ms * 1000000u;
		break;
	case FAULT_EJECT:
		fault_eject(d);
		break;
	case FAULT_CHANGE_MEDIUM:
		if (d->has_medium) {
			d->media_event = GESN_NEW_MEDIA;
			d->unit_attention = MMC_SENSE_UNIT_ATTENTION_MEDIUM_CHANGED;
		}
		break;
	case FAULT_WRITE_PROTECT:
		if (d->has_medium)
			d->media.write_protected = true;
		break;
	case FAULT_VANISH:
		d->gone = true;
		/* fall through */
	case FAULT_DROP:
		o->drop = true;
		break;
	case FAULT_CORRUPT:
		o->corrupt = true;
		break;
	case FAULT_GARBAGE:
		o->garbage = true;
		break;
	}
}

/* Conditions a fault left behind for a while. */
static void timed_conditions(struct mmcemu_drive *d, const struct drive_command *dc,
			     uint8_t opcode, struct fault_outcome *o)
{
	uint64_t now = clock_now_ns(&d->clk);
	if (now < d->long_write_until_ns && !(dc->flags & CMD_NO_UNIT_ATTENTION) &&
	    opcode != MMC_OP_READ_BUFFER_CAPACITY) {
		o->fail = true;
		o->sense = mmc_sense_of(MMC_SENSE_NOT_READY_LONG_WRITE);
	} else if (now < d->not_ready_until_ns && (dc->flags & CMD_NEEDS_MEDIUM)) {
		o->fail = true;
		o->sense = mmc_sense_of(MMC_SENSE_NOT_READY_BECOMING_READY);
	}
}

void faults_before(struct mmcemu_drive *d, const uint8_t *cdb, size_t len,
		   const struct drive_command *dc, struct fault_outcome *o)
{
	memset(o, 0, sizeof(*o));
	if (d->gone) {
		o->drop = true;
		return;
	}
	const struct fault_action *a = NULL;
	if (d->faults) {
		struct fault_ctx ctx = context_of(d, cdb, len);
		a = fault_plan_match(d->faults, &ctx);
	}
	if (a)
		apply_action(d, a, dc, o);
	if (!o->fail && !o->drop)
		timed_conditions(d, dc, cdb[0], o);
}

void faults_after(struct mmcemu_io *io, const struct fault_outcome *o)
{
	if (o->corrupt) {
		/* One flipped bit per 512 bytes: enough for any checksum. */
		for (size_t i = 0; i < io->data_in_len; i += 512)
			io->data_in[i] ^= 0x01;
	}
	if (o->garbage && io->data_in_len > 2)
		io->data_in_len = 2; /* shorter than any MMC response header */
}
