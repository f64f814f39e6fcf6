#include "mmc/opcodes.h"

#include <stddef.h>

const char *mmc_opcode_name(uint8_t opcode)
{
	switch (opcode) {
#define MMC_X_NAME(sym, op, len) \
	case op:                 \
		return #sym;
		MMC_OPCODE_LIST(MMC_X_NAME)
#undef MMC_X_NAME
	}
	return NULL;
}

unsigned mmc_cdb_length(uint8_t opcode)
{
	switch (opcode >> 5) {
	case 0:
		return 6;
	case 1:
	case 2:
		return 10;
	case 4:
		return 16;
	case 5:
		return 12;
	default:
		return 0;
	}
}
