/* Decoders for the CDB fields the dispatcher and handlers share: where the
 * allocation length lives, and LBA + transfer length of READ/WRITE/VERIFY.
 * Decoding happens once, in the parser (Linux sbc_parse_cdb style). */
#ifndef MMC_CDB_H
#define MMC_CDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mmc_rw_cdb {
	int64_t lba; /* signed: MMC addresses before 0 (CD lead-in, pregap) */
	uint32_t blocks;
	bool fua;
	bool streaming; /* WRITE(12) byte 10 bit 7 (MMC-5 6.45) */
};

/* READ/WRITE/VERIFY (10) and (12), WRITE AND VERIFY (10). Returns false for
 * other opcodes or a short CDB. */
bool mmc_decode_rw(const uint8_t *cdb, size_t len, struct mmc_rw_cdb *out);

/* Allocation length of a data-in command (the most bytes the initiator
 * accepts), or -1 when the opcode has none or is not a data-in command with a
 * fixed allocation field. READ commands are not included: their length is a
 * block count. */
long mmc_allocation_length(const uint8_t *cdb, size_t len);

/* Parameter list length of a data-out command that carries parameters
 * (MODE SELECT, SEND CUE SHEET, SEND OPC, FORMAT UNIT has its own rule, ...),
 * or -1. */
long mmc_parameter_list_length(const uint8_t *cdb, size_t len);

/* Logical block address, signed, from a 32-bit CDB field. */
static inline int64_t mmc_lba_from_u32(uint32_t v)
{
	return (int32_t)v;
}

#ifdef __cplusplus
}
#endif

#endif
