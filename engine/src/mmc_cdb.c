/* CDB builders: MMC-6 chapter 6 / SPC-4 chapter 6 byte layouts. Each
 * builder clears the command, so a reused db_cmd carries nothing over. */
#include <string.h>

#include "discburn/mmc.h"
#include "mmc/be.h"
#include "mmc/opcodes.h"
#include "mmc/read_cd.h"

static void cmd_init(struct db_cmd *c, uint8_t op, uint8_t len, enum db_dir dir,
		     void *buf, size_t buf_len)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = op;
	c->cdb_len = len;
	c->dir = buf_len ? dir : DB_DIR_NONE;
	c->buf = buf;
	c->len = buf_len;
}

void db_cdb_test_unit_ready(struct db_cmd *c)
{
	cmd_init(c, MMC_OP_TEST_UNIT_READY, 6, DB_DIR_NONE, NULL, 0);
}

void db_cdb_request_sense(struct db_cmd *c, void *buf, uint8_t alloc)
{
	cmd_init(c, MMC_OP_REQUEST_SENSE, 6, DB_DIR_IN, buf, alloc);
	c->cdb[4] = alloc;
}

void db_cdb_inquiry(struct db_cmd *c, void *buf, uint16_t alloc, bool evpd, uint8_t page)
{
	cmd_init(c, MMC_OP_INQUIRY, 6, DB_DIR_IN, buf, alloc);
	c->cdb[1] = evpd ? 0x01 : 0x00;
	c->cdb[2] = evpd ? page : 0;
	mmc_put_be16(&c->cdb[3], alloc);
}

void db_cdb_get_configuration(struct db_cmd *c, void *buf, uint16_t alloc,
			      uint8_t rt, uint16_t start)
{
	cmd_init(c, MMC_OP_GET_CONFIGURATION, 10, DB_DIR_IN, buf, alloc);
	c->cdb[1] = rt & 0x03;
	mmc_put_be16(&c->cdb[2], start);
	mmc_put_be16(&c->cdb[7], alloc);
}

void db_cdb_mode_sense10(struct db_cmd *c, void *buf, uint16_t alloc, uint8_t pc, uint8_t page)
{
	cmd_init(c, MMC_OP_MODE_SENSE_10, 10, DB_DIR_IN, buf, alloc);
	c->cdb[1] = 0x08; /* DBD */
	c->cdb[2] = (uint8_t)((pc & 0x03) << 6 | (page & 0x3F));
	mmc_put_be16(&c->cdb[7], alloc);
}

void db_cdb_mode_select10(struct db_cmd *c, void *buf, uint16_t len)
{
	cmd_init(c, MMC_OP_MODE_SELECT_10, 10, DB_DIR_OUT, buf, len);
	c->cdb[1] = 0x10; /* PF: the list is in page format */
	mmc_put_be16(&c->cdb[7], len);
}

void db_cdb_read_disc_information(struct db_cmd *c, void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_OP_READ_DISC_INFORMATION, 10, DB_DIR_IN, buf, alloc);
	mmc_put_be16(&c->cdb[7], alloc); /* data type 000b: standard disc info */
}

void db_cdb_read_track_information(struct db_cmd *c, void *buf, uint16_t alloc,
				   uint8_t addr_type, uint32_t addr)
{
	cmd_init(c, MMC_OP_READ_TRACK_INFORMATION, 10, DB_DIR_IN, buf, alloc);
	c->cdb[1] = addr_type & 0x03;
	mmc_put_be32(&c->cdb[2], addr);
	mmc_put_be16(&c->cdb[7], alloc);
}

void db_cdb_read_buffer_capacity(struct db_cmd *c, void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_OP_READ_BUFFER_CAPACITY, 10, DB_DIR_IN, buf, alloc);
	mmc_put_be16(&c->cdb[7], alloc); /* Block=0: sizes in bytes */
}

void db_cdb_get_performance_write_speed(struct db_cmd *c, void *buf, size_t cap,
					uint16_t max_descriptors)
{
	cmd_init(c, MMC_OP_GET_PERFORMANCE, 12, DB_DIR_IN, buf, cap);
	mmc_put_be16(&c->cdb[8], max_descriptors);
	c->cdb[10] = 0x03; /* Type: write speed */
}

void db_cdb_set_streaming(struct db_cmd *c, void *buf, uint16_t len)
{
	cmd_init(c, MMC_OP_SET_STREAMING, 12, DB_DIR_OUT, buf, len);
	c->cdb[8] = 0x00; /* Type: performance descriptor */
	mmc_put_be16(&c->cdb[9], len);
}

void db_cdb_set_cd_speed(struct db_cmd *c, uint16_t read_kbps, uint16_t write_kbps,
			 uint8_t rotation)
{
	cmd_init(c, MMC_OP_SET_CD_SPEED, 12, DB_DIR_NONE, NULL, 0);
	c->cdb[1] = rotation & 0x03;
	mmc_put_be16(&c->cdb[2], read_kbps);
	mmc_put_be16(&c->cdb[4], write_kbps);
}

void db_cdb_write10(struct db_cmd *c, int32_t lba, uint16_t blocks, void *buf, size_t len)
{
	cmd_init(c, MMC_OP_WRITE_10, 10, DB_DIR_OUT, buf, len);
	mmc_put_be32(&c->cdb[2], (uint32_t)lba);
	mmc_put_be16(&c->cdb[7], blocks);
}

void db_cdb_write12(struct db_cmd *c, int32_t lba, uint32_t blocks, bool streaming,
		    void *buf, size_t len)
{
	cmd_init(c, MMC_OP_WRITE_12, 12, DB_DIR_OUT, buf, len);
	mmc_put_be32(&c->cdb[2], (uint32_t)lba);
	mmc_put_be32(&c->cdb[6], blocks);
	c->cdb[10] = streaming ? 0x80 : 0x00; /* MMC-5 6.45: Streaming bit */
}

void db_cdb_read10(struct db_cmd *c, int32_t lba, uint16_t blocks, void *buf, size_t len)
{
	cmd_init(c, MMC_OP_READ_10, 10, DB_DIR_IN, buf, len);
	mmc_put_be32(&c->cdb[2], (uint32_t)lba);
	mmc_put_be16(&c->cdb[7], blocks);
}

void db_cdb_read12(struct db_cmd *c, int32_t lba, uint32_t blocks, bool streaming,
		   void *buf, size_t len)
{
	cmd_init(c, MMC_OP_READ_12, 12, DB_DIR_IN, buf, len);
	mmc_put_be32(&c->cdb[2], (uint32_t)lba);
	mmc_put_be32(&c->cdb[6], blocks);
	c->cdb[10] = streaming ? 0x80 : 0x00;
}

/* MMC-6 6.19: byte 1 bits 4-2 expected sector type, 2-5 LBA, 6-8
 * transfer length, 9 main-channel selection, 10 bits 2-0 sub-channel. */
void db_cdb_read_cd(struct db_cmd *c, int32_t lba, uint32_t blocks, uint8_t sector_type,
		    uint8_t main_channel, uint8_t subchannel, void *buf, size_t len)
{
	cmd_init(c, MMC_OP_READ_CD, 12, DB_DIR_IN, buf, len);
	c->cdb[1] = (uint8_t)(sector_type << MMC_READ_CD_TYPE_SHIFT & MMC_READ_CD_TYPE_MASK);
	mmc_put_be32(&c->cdb[2], (uint32_t)lba);
	mmc_put_be24(&c->cdb[6], blocks);
	c->cdb[9] = main_channel;
	c->cdb[10] = subchannel & MMC_READ_CD_SUB_MASK;
}

void db_cdb_read_capacity(struct db_cmd *c, void *buf)
{
	cmd_init(c, MMC_OP_READ_CAPACITY, 10, DB_DIR_IN, buf, 8);
}

void db_cdb_synchronize_cache(struct db_cmd *c, bool immed)
{
	cmd_init(c, MMC_OP_SYNCHRONIZE_CACHE, 10, DB_DIR_NONE, NULL, 0);
	c->cdb[1] = immed ? 0x02 : 0x00; /* LBA 0, 0 blocks: the whole cache */
}

void db_cdb_close_track_session(struct db_cmd *c, bool immed, uint8_t func, uint16_t number)
{
	cmd_init(c, MMC_OP_CLOSE_TRACK_SESSION, 10, DB_DIR_NONE, NULL, 0);
	c->cdb[1] = immed ? 0x01 : 0x00;
	c->cdb[2] = func & 0x07;
	mmc_put_be16(&c->cdb[4], number);
}

void db_cdb_reserve_track(struct db_cmd *c, uint32_t blocks)
{
	cmd_init(c, MMC_OP_RESERVE_TRACK, 10, DB_DIR_NONE, NULL, 0);
	mmc_put_be32(&c->cdb[5], blocks); /* ARSV=0: bytes 5-8 reservation size */
}

void db_cdb_send_opc(struct db_cmd *c, bool do_opc)
{
	cmd_init(c, MMC_OP_SEND_OPC_INFORMATION, 10, DB_DIR_NONE, NULL, 0);
	c->cdb[1] = do_opc ? 0x01 : 0x00;
}

void db_cdb_start_stop(struct db_cmd *c, bool immed, bool start, bool load_eject)
{
	cmd_init(c, MMC_OP_START_STOP_UNIT, 6, DB_DIR_NONE, NULL, 0);
	c->cdb[1] = immed ? 0x01 : 0x00;
	c->cdb[4] = (uint8_t)((load_eject ? 0x02 : 0) | (start ? 0x01 : 0));
}

void db_cdb_prevent_allow(struct db_cmd *c, bool prevent)
{
	cmd_init(c, MMC_OP_PREVENT_ALLOW_MEDIUM_REMOVAL, 6, DB_DIR_NONE, NULL, 0);
	c->cdb[4] = prevent ? 0x01 : 0x00;
}

void db_cdb_read_format_capacities(struct db_cmd *c, void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_OP_READ_FORMAT_CAPACITIES, 10, DB_DIR_IN, buf, alloc);
	mmc_put_be16(&c->cdb[7], alloc);
}

void db_cdb_format_unit(struct db_cmd *c, uint8_t param[12], bool immed, uint32_t blocks,
			uint8_t type, uint8_t subtype, uint32_t type_param)
{
	cmd_init(c, MMC_OP_FORMAT_UNIT, 6, DB_DIR_OUT, param, 12);
	c->cdb[1] = 0x11; /* FmtData: a parameter list follows; format code 001b */
	memset(param, 0, 12);
	param[1] = immed ? 0x02 : 0x00;
	mmc_put_be16(&param[2], 8); /* one 8-byte format descriptor */
	mmc_put_be32(&param[4], blocks);
	param[8] = (uint8_t)((type & 0x3F) << 2 | (subtype & 0x03));
	mmc_put_be24(&param[9], type_param);
}

void db_cdb_blank(struct db_cmd *c, bool immed, uint8_t type, uint32_t addr)
{
	cmd_init(c, MMC_OP_BLANK, 12, DB_DIR_NONE, NULL, 0);
	c->cdb[1] = (uint8_t)((immed ? 0x10 : 0) | (type & 0x07));
	mmc_put_be32(&c->cdb[2], addr);
}

void db_cdb_read_toc(struct db_cmd *c, void *buf, uint16_t alloc, uint8_t format, bool msf,
		     uint8_t track_session)
{
	cmd_init(c, MMC_OP_READ_TOC_PMA_ATIP, 10, DB_DIR_IN, buf, alloc);
	c->cdb[1] = msf ? 0x02 : 0x00;
	c->cdb[2] = format & 0x0F;
	c->cdb[6] = track_session;
	mmc_put_be16(&c->cdb[7], alloc);
}

void db_cdb_read_disc_structure(struct db_cmd *c, void *buf, uint16_t alloc,
				uint8_t media_type, uint8_t format)
{
	cmd_init(c, MMC_OP_READ_DISC_STRUCTURE, 12, DB_DIR_IN, buf, alloc);
	c->cdb[1] = media_type & 0x0F;
	c->cdb[7] = format;
	mmc_put_be16(&c->cdb[8], alloc);
}

/* ---- issue 14: DiscRecorder2Ex ---- */

void db_cdb_read_disc_structure_at(struct db_cmd *c, void *buf, uint16_t alloc,
				   uint8_t media_type, uint32_t address, uint8_t layer,
				   uint8_t format, uint8_t agid)
{
	db_cdb_read_disc_structure(c, buf, alloc, media_type, format);
	mmc_put_be32(&c->cdb[2], address);
	c->cdb[6] = layer;
	c->cdb[10] = (uint8_t)((agid & 0x03) << 6);
}

void db_cdb_send_disc_structure(struct db_cmd *c, void *buf, uint16_t len, uint8_t media_type,
				uint8_t format)
{
	cmd_init(c, MMC_OP_SEND_DISC_STRUCTURE, 12, DB_DIR_OUT, buf, len);
	c->cdb[1] = media_type & 0x0F;
	c->cdb[7] = format;
	mmc_put_be16(&c->cdb[8], len);
}
