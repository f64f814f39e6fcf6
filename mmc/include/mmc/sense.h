/* SCSI sense vocabulary: every key/ASC/ASCQ triple the emulator reports and
 * the engine interprets, bound into one named constant (as QEMU's
 * SENSE_CODE(NO_MEDIUM)) so key and ASC are never passed separately.
 * Columns: symbol, sense key, ASC, ASCQ, description. The description is
 * the ASC/ASCQ's name in SPC-4 annex D (the T10 list www.t10.org/lists/
 * asc-num.txt), and the symbol says the same thing: a symbol names what
 * the code means in the standard, never what one drive happens to use it
 * for (tests/unit/mmc/test_sense.c checks every row against the T10 names).
 * ASC/ASCQ 00/00 carries no information, so the rows with it (BLANK_CHECK,
 * ABORTED_COMMAND) describe their sense key (SPC-4 4.5.6) instead. */
#ifndef MMC_SENSE_H
#define MMC_SENSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mmc_sense_key {
	MMC_SK_NO_SENSE = 0x0,
	MMC_SK_RECOVERED_ERROR = 0x1,
	MMC_SK_NOT_READY = 0x2,
	MMC_SK_MEDIUM_ERROR = 0x3,
	MMC_SK_HARDWARE_ERROR = 0x4,
	MMC_SK_ILLEGAL_REQUEST = 0x5,
	MMC_SK_UNIT_ATTENTION = 0x6,
	MMC_SK_DATA_PROTECT = 0x7,
	MMC_SK_BLANK_CHECK = 0x8,
	MMC_SK_ABORTED_COMMAND = 0xB,
};

#define MMC_SENSE_LIST(X)                                                              \
	X(NO_SENSE, 0x0, 0x00, 0x00, "no additional sense information")               \
	X(RECOVERED_POWER_CALIBRATION_AREA_ALMOST_FULL, 0x1, 0x73, 0x01, "power calibration area almost full") \
	X(NOT_READY_CAUSE_NOT_REPORTABLE, 0x2, 0x04, 0x00, "logical unit not ready, cause not reportable") \
	X(NOT_READY_BECOMING_READY, 0x2, 0x04, 0x01, "logical unit is in process of becoming ready") \
	X(NOT_READY_INITIALIZING_COMMAND_REQUIRED, 0x2, 0x04, 0x02, "logical unit not ready, initializing command required") \
	X(NOT_READY_MANUAL_INTERVENTION_REQUIRED, 0x2, 0x04, 0x03, "logical unit not ready, manual intervention required") \
	X(NOT_READY_FORMAT_IN_PROGRESS, 0x2, 0x04, 0x04, "logical unit not ready, format in progress") \
	X(NOT_READY_OPERATION_IN_PROGRESS, 0x2, 0x04, 0x07, "logical unit not ready, operation in progress") \
	X(NOT_READY_LONG_WRITE, 0x2, 0x04, 0x08, "logical unit not ready, long write in progress") \
	X(NOT_READY_INCOMPATIBLE_MEDIUM, 0x2, 0x30, 0x00, "incompatible medium installed") \
	X(NOT_READY_UNKNOWN_FORMAT, 0x2, 0x30, 0x01, "cannot read medium, unknown format") \
	X(NOT_READY_NO_MEDIUM, 0x2, 0x3A, 0x00, "medium not present")                  \
	X(NOT_READY_NO_MEDIUM_TRAY_CLOSED, 0x2, 0x3A, 0x01, "medium not present, tray closed") \
	X(NOT_READY_NO_MEDIUM_TRAY_OPEN, 0x2, 0x3A, 0x02, "medium not present, tray open") \
	X(MEDIUM_WRITE_ERROR, 0x3, 0x0C, 0x00, "write error")                          \
	X(MEDIUM_LOSS_OF_STREAMING, 0x3, 0x0C, 0x09, "write error, loss of streaming") \
	X(MEDIUM_PADDING_BLOCKS_ADDED, 0x3, 0x0C, 0x0A, "write error, padding blocks added") \
	X(MEDIUM_UNRECOVERED_READ_ERROR, 0x3, 0x11, 0x00, "unrecovered read error")    \
	X(MEDIUM_L_EC_UNCORRECTABLE, 0x3, 0x11, 0x05, "L-EC uncorrectable error")      \
	X(MEDIUM_INCOMPATIBLE_FORMAT, 0x3, 0x30, 0x02, "cannot read medium, incompatible format") \
	X(MEDIUM_FORMAT_CORRUPTED, 0x3, 0x31, 0x00, "medium format corrupted")         \
	X(MEDIUM_FORMAT_FAILED, 0x3, 0x31, 0x01, "format command failed")              \
	X(MEDIUM_POWER_CALIBRATION_AREA_ERROR, 0x3, 0x73, 0x03, "power calibration area error") \
	X(MEDIUM_CANNOT_FORMAT_INCOMPATIBLE_MEDIUM, 0x3, 0x30, 0x06, "cannot format medium, incompatible medium") \
	X(MEDIUM_UNSUPPORTED_MEDIUM_VERSION, 0x3, 0x30, 0x0B, "cannot write medium, unsupported medium version") \
	X(MEDIUM_SESSION_FIXATION_ERROR, 0x3, 0x72, 0x00, "session fixation error")    \
	X(HARDWARE_INTERNAL_TARGET_FAILURE, 0x4, 0x44, 0x00, "internal target failure") \
	X(HARDWARE_TIMEOUT_ON_LOGICAL_UNIT, 0x4, 0x3E, 0x02, "timeout on logical unit") \
	X(ILLEGAL_PARAMETER_LIST_LENGTH, 0x5, 0x1A, 0x00, "parameter list length error") \
	X(ILLEGAL_INVALID_OPCODE, 0x5, 0x20, 0x00, "invalid command operation code")  \
	X(ILLEGAL_LBA_OUT_OF_RANGE, 0x5, 0x21, 0x00, "logical block address out of range") \
	X(ILLEGAL_INVALID_ADDRESS_FOR_WRITE, 0x5, 0x21, 0x02, "invalid address for write") \
	X(ILLEGAL_INVALID_FIELD_IN_CDB, 0x5, 0x24, 0x00, "invalid field in CDB")      \
	X(ILLEGAL_LUN_NOT_SUPPORTED, 0x5, 0x25, 0x00, "logical unit not supported")  \
	X(ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST, 0x5, 0x26, 0x00, "invalid field in parameter list") \
	X(ILLEGAL_SAVING_PARAMETERS_NOT_SUPPORTED, 0x5, 0x39, 0x00, "saving parameters not supported") \
	X(ILLEGAL_INCOMPATIBLE_MEDIUM, 0x5, 0x30, 0x00, "incompatible medium installed") \
	X(ILLEGAL_CANNOT_WRITE_INCOMPATIBLE_FORMAT, 0x5, 0x30, 0x05, "cannot write medium, incompatible format") \
	X(ILLEGAL_CANNOT_READ_INCOMPATIBLE_FORMAT, 0x5, 0x30, 0x02, "cannot read medium, incompatible format") \
	X(ILLEGAL_MEDIUM_REMOVAL_PREVENTED, 0x5, 0x53, 0x02, "medium removal prevented") \
	X(ILLEGAL_READ_OF_SCRAMBLED_SECTOR, 0x5, 0x6F, 0x03, "read of scrambled sector without authentication") \
	X(ILLEGAL_MODE_FOR_THIS_TRACK, 0x5, 0x64, 0x00, "illegal mode for this track") \
	X(ILLEGAL_INVALID_PACKET_SIZE, 0x5, 0x64, 0x01, "invalid packet size")        \
	X(ILLEGAL_EMPTY_OR_PARTIALLY_WRITTEN_RESERVED_TRACK, 0x5, 0x72, 0x04, "empty or partially written reserved track") \
	X(ILLEGAL_NO_MORE_TRACK_RESERVATIONS, 0x5, 0x72, 0x05, "no more track reservations allowed") \
	X(ILLEGAL_SESSION_FIXATION_ERROR, 0x5, 0x72, 0x00, "session fixation error")  \
	X(ILLEGAL_END_OF_USER_AREA, 0x5, 0x63, 0x00, "end of user area encountered on this track") \
	X(ILLEGAL_COMMAND_SEQUENCE_ERROR, 0x5, 0x2C, 0x00, "command sequence error")  \
	X(UNIT_ATTENTION_MEDIUM_CHANGED, 0x6, 0x28, 0x00, "not ready to ready change, medium may have changed") \
	X(UNIT_ATTENTION_POWER_ON_RESET, 0x6, 0x29, 0x00, "power on, reset, or bus device reset occurred") \
	X(UNIT_ATTENTION_MODE_PARAMETERS_CHANGED, 0x6, 0x2A, 0x01, "mode parameters changed") \
	X(UNIT_ATTENTION_OPERATOR_REMOVAL_REQUEST, 0x6, 0x5A, 0x01, "operator medium removal request") \
	X(DATA_PROTECT_WRITE_PROTECTED, 0x7, 0x27, 0x00, "write protected")            \
	X(BLANK_CHECK, 0x8, 0x00, 0x00, "blank check")                                 \
	X(ABORTED_COMMAND, 0xB, 0x00, 0x00, "aborted command")

/* One value per line of MMC_SENSE_LIST. MMC_SENSE_NO_SENSE (0) means success. */
enum mmc_sense_code {
#define MMC_X_ENUM(sym, k, asc, ascq, text) MMC_SENSE_##sym,
	MMC_SENSE_LIST(MMC_X_ENUM)
#undef MMC_X_ENUM
	MMC_SENSE__COUNT
};

struct mmc_sense {
	uint8_t key;
	uint8_t asc;
	uint8_t ascq;
};

/* Fixed-format sense data is 18 bytes (SPC-4 4.5.3). */
#define MMC_SENSE_FIXED_LEN 18

struct mmc_sense mmc_sense_of(enum mmc_sense_code code);
const char *mmc_sense_code_name(enum mmc_sense_code code);

/* Symbol of the exact triple, else NULL. */
const char *mmc_sense_name(struct mmc_sense s);
/* Best description: the exact triple, else the key's name. */
const char *mmc_sense_text(struct mmc_sense s);
const char *mmc_sense_key_name(uint8_t key);
/* The list entry with this triple, or -1. */
int mmc_sense_lookup(struct mmc_sense s);

/* Sense-key-specific field pointer (SPC-4 4.5.2.4.2) for ILLEGAL REQUEST. */
struct mmc_field_pointer {
	bool valid;
	bool in_cdb; /* C/D bit: 1 = the error is in the CDB, 0 = in the parameter list */
	bool bit_valid;
	uint8_t bit;
	uint16_t byte;
};

/* Encode fixed-format sense into buf (at least MMC_SENSE_FIXED_LEN bytes).
 * Returns the number of bytes written (always MMC_SENSE_FIXED_LEN). */
size_t mmc_sense_encode(uint8_t *buf, struct mmc_sense s,
			const struct mmc_field_pointer *fp);

/* Decode fixed (70h/71h) or descriptor (72h/73h) sense. Returns false when
 * the buffer holds no recognisable sense data. */
bool mmc_sense_decode(const uint8_t *buf, size_t len, struct mmc_sense *out);

#ifdef __cplusplus
}
#endif

#endif
