/* SPC/MMC operation codes spoken by optical burners.
 * One list (X-macro) generates the enum and the name table so they cannot
 * drift apart. Columns: symbol, opcode, CDB length (bytes). */
#ifndef MMC_OPCODES_H
#define MMC_OPCODES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MMC_OPCODE_LIST(X)                                   \
	X(TEST_UNIT_READY, 0x00, 6)                          \
	X(REQUEST_SENSE, 0x03, 6)                            \
	X(FORMAT_UNIT, 0x04, 6)                              \
	X(INQUIRY, 0x12, 6)                                  \
	X(MODE_SELECT_6, 0x15, 6)                            \
	X(MODE_SENSE_6, 0x1A, 6)                             \
	X(START_STOP_UNIT, 0x1B, 6)                          \
	X(PREVENT_ALLOW_MEDIUM_REMOVAL, 0x1E, 6)             \
	X(READ_FORMAT_CAPACITIES, 0x23, 10)                  \
	X(READ_CAPACITY, 0x25, 10)                           \
	X(READ_10, 0x28, 10)                                 \
	X(WRITE_10, 0x2A, 10)                                \
	X(SEEK_10, 0x2B, 10)                                 \
	X(WRITE_AND_VERIFY_10, 0x2E, 10)                     \
	X(VERIFY_10, 0x2F, 10)                               \
	X(SYNCHRONIZE_CACHE, 0x35, 10)                       \
	X(WRITE_BUFFER, 0x3B, 10)                            \
	X(READ_BUFFER, 0x3C, 10)                             \
	X(READ_SUBCHANNEL, 0x42, 10)                         \
	X(READ_TOC_PMA_ATIP, 0x43, 10)                       \
	X(GET_CONFIGURATION, 0x46, 10)                       \
	X(GET_EVENT_STATUS_NOTIFICATION, 0x4A, 10)           \
	X(READ_DISC_INFORMATION, 0x51, 10)                   \
	X(READ_TRACK_INFORMATION, 0x52, 10)                  \
	X(RESERVE_TRACK, 0x53, 10)                           \
	X(SEND_OPC_INFORMATION, 0x54, 10)                    \
	X(MODE_SELECT_10, 0x55, 10)                          \
	X(REPAIR_TRACK, 0x58, 10)                            \
	X(MODE_SENSE_10, 0x5A, 10)                           \
	X(CLOSE_TRACK_SESSION, 0x5B, 10)                     \
	X(READ_BUFFER_CAPACITY, 0x5C, 10)                    \
	X(SEND_CUE_SHEET, 0x5D, 10)                          \
	X(REPORT_LUNS, 0xA0, 12)                             \
	X(BLANK, 0xA1, 12)                                   \
	X(SEND_KEY, 0xA3, 12)                                \
	X(REPORT_KEY, 0xA4, 12)                              \
	X(LOAD_UNLOAD_MEDIUM, 0xA6, 12)                      \
	X(SET_READ_AHEAD, 0xA7, 12)                          \
	X(READ_12, 0xA8, 12)                                 \
	X(WRITE_12, 0xAA, 12)                                \
	X(READ_MEDIA_SERIAL_NUMBER, 0xAB, 12)                \
	X(GET_PERFORMANCE, 0xAC, 12)                         \
	X(READ_DISC_STRUCTURE, 0xAD, 12)                     \
	X(SET_STREAMING, 0xB6, 12)                           \
	X(READ_CD_MSF, 0xB9, 12)                             \
	X(SCAN, 0xBA, 12)                                    \
	X(SET_CD_SPEED, 0xBB, 12)                            \
	X(MECHANISM_STATUS, 0xBD, 12)                        \
	X(READ_CD, 0xBE, 12)                                 \
	X(SEND_DISC_STRUCTURE, 0xBF, 12)

enum mmc_opcode {
#define MMC_X_ENUM(sym, op, len) MMC_OP_##sym = op,
	MMC_OPCODE_LIST(MMC_X_ENUM)
#undef MMC_X_ENUM
};

/* "READ(10)"-style name of an opcode, or NULL when it is not in the list. */
const char *mmc_opcode_name(uint8_t opcode);

/* CDB length for an opcode from its group code (SPC-4 4.2.5.1):
 * group 0 -> 6, 1/2 -> 10, 4 -> 16, 5 -> 12; 0 for reserved/vendor groups. */
unsigned mmc_cdb_length(uint8_t opcode);

#ifdef __cplusplus
}
#endif

#endif
