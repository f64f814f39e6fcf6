#include "mmc/cdb.h"

#include "mmc/be.h"
#include "mmc/opcodes.h"

bool mmc_decode_rw(const uint8_t *cdb, size_t len, struct mmc_rw_cdb *out)
{
	if (!cdb || len < 10)
		return false;
	out->fua = false;
	out->streaming = false;
	switch (cdb[0]) {
	case MMC_OP_READ_10:
	case MMC_OP_WRITE_10:
	case MMC_OP_WRITE_AND_VERIFY_10:
	case MMC_OP_VERIFY_10:
		out->lba = mmc_lba_from_u32(mmc_get_be32(&cdb[2]));
		out->blocks = mmc_get_be16(&cdb[7]);
		out->fua = (cdb[1] & 0x08) != 0;
		return true;
	case MMC_OP_READ_12:
	case MMC_OP_WRITE_12:
		if (len < 12)
			return false;
		out->lba = mmc_lba_from_u32(mmc_get_be32(&cdb[2]));
		out->blocks = mmc_get_be32(&cdb[6]);
		out->fua = (cdb[1] & 0x08) != 0;
		out->streaming = (cdb[10] & 0x80) != 0;
		return true;
	default:
		return false;
	}
}

long mmc_allocation_length(const uint8_t *cdb, size_t len)
{
	if (!cdb || len < 6)
		return -1;
	switch (cdb[0]) {
	case MMC_OP_REQUEST_SENSE:
	case MMC_OP_INQUIRY:
	case MMC_OP_MODE_SENSE_6:
		return cdb[0] == MMC_OP_INQUIRY ? mmc_get_be16(&cdb[3]) : cdb[4];
	default:
		break;
	}
	if (len < 10)
		return -1;
	switch (cdb[0]) {
	case MMC_OP_READ_FORMAT_CAPACITIES:
	case MMC_OP_READ_SUBCHANNEL:
	case MMC_OP_READ_TOC_PMA_ATIP:
	case MMC_OP_GET_CONFIGURATION:
	case MMC_OP_GET_EVENT_STATUS_NOTIFICATION:
	case MMC_OP_READ_DISC_INFORMATION:
	case MMC_OP_READ_TRACK_INFORMATION:
	case MMC_OP_MODE_SENSE_10:
	case MMC_OP_READ_BUFFER_CAPACITY:
		return mmc_get_be16(&cdb[7]);
	case MMC_OP_READ_CAPACITY:
		return 8;
	case MMC_OP_READ_BUFFER:
		return mmc_get_be24(&cdb[6]);
	default:
		break;
	}
	if (len < 12)
		return -1;
	switch (cdb[0]) {
	case MMC_OP_REPORT_LUNS:
		return mmc_get_be32(&cdb[6]);
	case MMC_OP_REPORT_KEY:
	case MMC_OP_READ_DISC_STRUCTURE:
	case MMC_OP_MECHANISM_STATUS:
		return mmc_get_be16(&cdb[8]);
	case MMC_OP_GET_PERFORMANCE:
		return -1; /* a descriptor count, not bytes: the handler sizes it */
	default:
		return -1;
	}
}

long mmc_parameter_list_length(const uint8_t *cdb, size_t len)
{
	if (!cdb || len < 6)
		return -1;
	switch (cdb[0]) {
	case MMC_OP_MODE_SELECT_6:
		return cdb[4];
	default:
		break;
	}
	if (len < 10)
		return -1;
	switch (cdb[0]) {
	case MMC_OP_SEND_OPC_INFORMATION:
	case MMC_OP_MODE_SELECT_10:
		return mmc_get_be16(&cdb[7]);
	case MMC_OP_SEND_CUE_SHEET:
		return mmc_get_be24(&cdb[6]);
	case MMC_OP_WRITE_BUFFER:
		return mmc_get_be24(&cdb[6]);
	default:
		break;
	}
	if (len < 12)
		return -1;
	switch (cdb[0]) {
	case MMC_OP_SET_STREAMING:
		return mmc_get_be16(&cdb[9]);
	case MMC_OP_SEND_KEY:
	case MMC_OP_SEND_DISC_STRUCTURE:
		return mmc_get_be16(&cdb[8]);
	default:
		return -1;
	}
}
