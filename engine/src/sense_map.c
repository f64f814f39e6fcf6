/* The sense -> status table. Order matters: the first matching row wins,
 * so opcode-specific rows come before the general ones and each key ends
 * with its default. docs/status-codes.md documents every row. */
#include "discburn/sense_map.h"

#include "mmc/opcodes.h"

#define ANY DB_ANY
#define R(k, a, q, op, st, rt) {k, a, q, op, DB_##st, DB_RETRY_##rt}

static const struct db_sense_rule rules[] = {
	/* 1h RECOVERED ERROR: the command completed (SPC-4 4.5.6). */
	R(0x1, ANY, ANY, ANY, S_IMAPI_COMMAND_HAS_SENSE_DATA, NEVER),

	/* 2h NOT READY */
	R(0x2, 0x3A, ANY, ANY, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, NEVER),
	R(0x2, 0x04, 0x00, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, WAIT),
	R(0x2, 0x04, 0x01, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, WAIT),
	/* Initializing command required (SPC-4 annex D): a stopped drive
	 * (after STOP UNIT, or in a power condition it leaves only when told)
	 * waits for START STOP UNIT with Start=1. Waiting would never end, so
	 * the device starts the unit and repeats the command, as Linux sd
	 * spins a disk up (sd_spinup_disk) and libburn and wodim start the
	 * unit before a burn (docs/engine.md, "Retry table"). */
	R(0x2, 0x04, 0x02, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, START_UNIT),
	/* Manual intervention required: someone has to act at the drive
	 * (close the tray by hand, a caddy). No command helps. */
	R(0x2, 0x04, 0x03, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, NEVER),
	/* Format in progress is not waited out here: a format takes minutes
	 * and the caller (DiscFormat2Data/Erase) shows progress while it
	 * polls. */
	R(0x2, 0x04, 0x04, ANY, E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, NEVER),
	/* Long write in progress: a WRITE waits for buffer room (MMC-6
	 * 4.17.5.2; growisofs/libburn poll READ BUFFER CAPACITY). */
	R(0x2, 0x04, 0x08, MMC_OP_WRITE_10, E_IMAPI_RECORDER_MEDIA_BUSY, WAIT_BUFFER),
	R(0x2, 0x04, 0x08, MMC_OP_WRITE_12, E_IMAPI_RECORDER_MEDIA_BUSY, WAIT_BUFFER),
	R(0x2, 0x04, 0x08, MMC_OP_WRITE_AND_VERIFY_10, E_IMAPI_RECORDER_MEDIA_BUSY, WAIT_BUFFER),
	R(0x2, 0x04, 0x07, ANY, E_IMAPI_RECORDER_MEDIA_BUSY, WAIT),
	R(0x2, 0x04, 0x08, ANY, E_IMAPI_RECORDER_MEDIA_BUSY, WAIT),
	/* A disc in upside down shows the drive no format it knows: real
	 * drives say 02/30/01 "cannot read medium - unknown format", and so
	 * does the emulator's UPSIDE_DOWN preset. SPC has no code for
	 * "upside down"; this is the one sense that means it. */
	R(0x2, 0x30, 0x01, ANY, E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN, NEVER),
	R(0x2, 0x30, ANY, ANY, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, NEVER),
	R(0x2, 0x57, 0x00, ANY, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, NEVER),
	R(0x2, ANY, ANY, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, NEVER),

	/* 3h MEDIUM ERROR */
	R(0x3, 0x0C, 0x09, ANY, E_IMAPI_LOSS_OF_STREAMING, NEVER),
	/* 30/0B "cannot write medium - unsupported medium version": a disc
	 * of a speed class the drive does not know (a High/Ultra Speed CD-RW
	 * in an older drive, a newer DVD±R media ID), IMAPI's speed mismatch.
	 * Every other 30/xx, 30/06 "cannot format medium - incompatible
	 * medium" included, says the medium does not suit the operation. */
	R(0x3, 0x30, 0x0B, ANY, E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH, NEVER),
	R(0x3, 0x30, ANY, ANY, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, NEVER),
	R(0x3, 0x31, ANY, ANY, E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED, NEVER),
	/* Power calibration failed: the drive cannot find a write power for
	 * this medium. */
	R(0x3, 0x73, ANY, ANY, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, NEVER),
	R(0x3, ANY, ANY, ANY, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, NEVER),

	/* 4h HARDWARE ERROR */
	R(0x4, 0x3E, 0x02, ANY, E_IMAPI_RECORDER_COMMAND_TIMEOUT, NEVER),
	R(0x4, ANY, ANY, ANY, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, NEVER),

	/* 5h ILLEGAL REQUEST: what it means depends on the command. */
	R(0x5, 0x24, 0x00, MMC_OP_MODE_SENSE_10, E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE, NEVER),
	R(0x5, 0x24, 0x00, MMC_OP_MODE_SENSE_6, E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE, NEVER),
	R(0x5, 0x26, ANY, MMC_OP_MODE_SELECT_10, E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, NEVER),
	R(0x5, 0x26, ANY, MMC_OP_MODE_SELECT_6, E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, NEVER),
	R(0x5, 0x1A, 0x00, MMC_OP_MODE_SELECT_10, E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, NEVER),
	R(0x5, 0x20, 0x00, MMC_OP_GET_CONFIGURATION, E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED, NEVER),
	R(0x5, 0x24, 0x00, MMC_OP_READ_DISC_STRUCTURE, E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT, NEVER),
	R(0x5, 0x30, 0x02, MMC_OP_READ_DISC_STRUCTURE, E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT, NEVER),
	/* Writing off the next writable address, into a closed session, a
	 * complete disc: the medium is not in a state for that write. */
	R(0x5, 0x21, 0x02, ANY, E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, NEVER),
	R(0x5, 0x2C, 0x00, ANY, E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, NEVER),
	R(0x5, 0x72, ANY, ANY, E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, NEVER),
	/* Past the end of the medium or the track. */
	R(0x5, 0x21, 0x00, MMC_OP_WRITE_10, E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, NEVER),
	R(0x5, 0x21, 0x00, MMC_OP_WRITE_12, E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, NEVER),
	R(0x5, 0x63, 0x00, ANY, E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, NEVER),
	R(0x5, 0x30, ANY, ANY, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, NEVER),
	R(0x5, 0x3A, ANY, ANY, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, NEVER),
	R(0x5, 0x53, 0x02, ANY, E_IMAPI_RECORDER_LOCKED, NEVER),
	R(0x5, ANY, ANY, ANY, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, NEVER),

	/* 6h UNIT ATTENTION. In the middle of the data it is fatal: a WRITE
	 * repeated after "medium may have changed" would go to another disc,
	 * and after a reset the drive's buffer is gone. WriteEngine2 clears
	 * pending attentions with TEST UNIT READY before its first WRITE. */
	R(0x6, 0x28, ANY, MMC_OP_WRITE_10, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, NEVER),
	R(0x6, 0x28, ANY, MMC_OP_WRITE_12, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, NEVER),
	R(0x6, 0x29, ANY, MMC_OP_WRITE_10, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, NEVER),
	R(0x6, 0x29, ANY, MMC_OP_WRITE_12, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, NEVER),
	/* Elsewhere: consumed once, the command is repeated. */
	R(0x6, 0x28, ANY, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, UNIT_ATTENTION),
	R(0x6, 0x29, ANY, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, UNIT_ATTENTION),
	R(0x6, 0x2A, ANY, ANY, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, UNIT_ATTENTION),
	R(0x6, 0x5A, 0x01, ANY, E_IMAPI_RECORDER_MEDIA_BUSY, UNIT_ATTENTION),
	R(0x6, ANY, ANY, ANY, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, NEVER),

	/* 7h DATA PROTECT */
	R(0x7, ANY, ANY, ANY, E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, NEVER),

	/* 8h BLANK CHECK: reading where nothing was written. */
	R(0x8, ANY, ANY, ANY, E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, NEVER),

	/* Bh ABORTED COMMAND: transient on the bus; worth one more try. */
	R(0xB, ANY, ANY, ANY, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, UNIT_ATTENTION),

	/* 0h NO SENSE with CHECK CONDITION, and anything else. */
	R(0x0, ANY, ANY, ANY, S_IMAPI_COMMAND_HAS_SENSE_DATA, NEVER),
	{0xFF, ANY, ANY, ANY, DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, DB_RETRY_NEVER},
};

#define RULE_COUNT (sizeof(rules) / sizeof(rules[0]))

static int field_matches(int rule, unsigned value)
{
	return rule == ANY || (unsigned)rule == value;
}

const struct db_sense_rule *db_sense_rule_for(uint8_t opcode, struct mmc_sense s)
{
	for (unsigned i = 0; i + 1 < RULE_COUNT; i++) {
		const struct db_sense_rule *r = &rules[i];
		if (r->key == s.key && field_matches(r->asc, s.asc) &&
		    field_matches(r->ascq, s.ascq) && field_matches(r->opcode, opcode))
			return r;
	}
	return &rules[RULE_COUNT - 1];
}

const struct db_sense_rule *db_sense_rules(unsigned *count)
{
	*count = RULE_COUNT;
	return rules;
}
