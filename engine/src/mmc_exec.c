/* Executors: build, send through the device policy, decode. Answers whose
 * length the drive decides are read twice — a header first, then exactly
 * the length it reports — so no guess of a "big enough" buffer truncates a
 * long feature list or wastes a transfer. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "discburn/mmc.h"
#include "discburn/sense_map.h"
#include "mmc/be.h"
#include "mmc/opcodes.h"
#include "mmc/read_cd.h"

#define BAD_RESPONSE DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE

static size_t received(const struct db_cmd *c)
{
	return c->resid <= c->len ? c->len - c->resid : 0;
}

db_status db_mmc_test_unit_ready(struct db_device *d)
{
	struct db_cmd c;
	db_cdb_test_unit_ready(&c);
	return db_device_exec(d, &c);
}

db_status db_mmc_inquiry(struct db_device *d, struct db_inquiry *out)
{
	uint8_t buf[96] = {0};
	struct db_cmd c;
	db_cdb_inquiry(&c, buf, sizeof(buf), false, 0);
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	return db_decode_inquiry(buf, received(&c), out);
}

db_status db_mmc_block_limits(struct db_device *d, struct db_block_limits *out)
{
	uint8_t buf[64] = {0};
	struct db_cmd c;
	memset(out, 0, sizeof(*out));
	db_cdb_inquiry(&c, buf, sizeof(buf), true, 0xB0);
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	return db_decode_block_limits(buf, received(&c), out);
}

/* Reads a variable-length answer: `build` makes the CDB for an allocation
 * length, `total` says how long the whole answer is from its header. */
typedef void (*build_fn)(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg);
typedef size_t (*total_fn)(const uint8_t *hdr);

static db_status read_twice(struct db_device *d, build_fn build, const void *arg,
			    size_t hdr_len, total_fn total, uint8_t **buf_out, size_t *len_out)
{
	uint8_t hdr[8] = {0};
	struct db_cmd c;
	*buf_out = NULL;
	*len_out = 0;
	build(&c, hdr, (uint16_t)hdr_len, arg);
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	if (received(&c) < hdr_len)
		return BAD_RESPONSE;
	size_t n = total(hdr);
	if (n < hdr_len)
		return BAD_RESPONSE;
	if (n > 65535)
		n = 65532; /* what one allocation length can ask, 4-aligned */
	uint8_t *buf = calloc(1, n);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	build(&c, buf, (uint16_t)n, arg);
	st = db_device_exec(d, &c);
	if (db_failed(st)) {
		free(buf);
		return st;
	}
	*buf_out = buf;
	*len_out = received(&c);
	return st;
}

static void build_config(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	(void)arg;
	db_cdb_get_configuration(c, buf, alloc, 0, 0);
}

static size_t total_be32(const uint8_t *hdr)
{
	return 4 + (size_t)mmc_get_be32(hdr);
}

static size_t total_be16(const uint8_t *hdr)
{
	return 2 + (size_t)mmc_get_be16(hdr);
}

db_status db_mmc_get_configuration(struct db_device *d, uint8_t **buf, size_t *len)
{
	return read_twice(d, build_config, NULL, 8, total_be32, buf, len);
}

static void build_mode_sense(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	db_cdb_mode_sense10(c, buf, alloc, 0, *(const uint8_t *)arg);
}

db_status db_mmc_mode_sense10(struct db_device *d, uint8_t page, uint8_t **buf, size_t *len)
{
	return read_twice(d, build_mode_sense, &page, 8, total_be16, buf, len);
}

db_status db_mmc_mode_select10(struct db_device *d, const uint8_t *page, size_t page_len)
{
	if (page_len + 8 > 65535)
		return DB_E_INVALIDARG;
	uint8_t *buf = calloc(1, page_len + 8);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	/* Header all zero: mode data length is reserved in MODE SELECT and
	 * there are no block descriptors. PS is reserved too (SPC-4 7.5.7). */
	memcpy(buf + 8, page, page_len);
	buf[8] &= 0x7F;
	struct db_cmd c;
	db_cdb_mode_select10(&c, buf, (uint16_t)(page_len + 8));
	db_status st = db_device_exec(d, &c);
	free(buf);
	return st;
}

static void build_disc_info(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	(void)arg;
	db_cdb_read_disc_information(c, buf, alloc);
}

db_status db_mmc_read_disc_information(struct db_device *d, struct db_disc_info *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = read_twice(d, build_disc_info, NULL, 2, total_be16, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_disc_info(buf, len, out);
	free(buf);
	return st;
}

db_status db_mmc_read_dvd_physical(struct db_device *d, struct db_dvd_physical *out)
{
	/* 2048 + 4 bytes is the whole structure; one read. */
	uint8_t *buf = calloc(1, 2052);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	struct db_cmd c;
	db_cdb_read_disc_structure(&c, buf, 2052, 0, 0x00);
	db_status st = db_device_exec(d, &c);
	if (db_succeeded(st))
		st = db_decode_dvd_physical(buf, received(&c), out);
	free(buf);
	return st;
}

db_status db_mmc_read_track_information(struct db_device *d, uint8_t addr_type, uint32_t addr,
					struct db_track_info *out)
{
	/* 48 bytes is the whole MMC-6 layout: one read is enough. */
	uint8_t buf[48] = {0};
	struct db_cmd c;
	db_cdb_read_track_information(&c, buf, sizeof(buf), addr_type, addr);
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	size_t n = received(&c);
	size_t reported = 2 + (size_t)mmc_get_be16(buf);
	return db_decode_track_info(buf, n < reported ? n : reported, out);
}

db_status db_mmc_read_buffer_capacity(struct db_device *d, struct db_buffer_capacity *out)
{
	uint8_t buf[12] = {0};
	struct db_cmd c;
	db_cdb_read_buffer_capacity(&c, buf, sizeof(buf));
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	return db_decode_buffer_capacity(buf, received(&c), out);
}

db_status db_mmc_write_speeds(struct db_device *d, struct db_write_speed *out, unsigned cap,
			      unsigned *n)
{
	/* GET PERFORMANCE counts descriptors, not bytes: ask for the header
	 * and one, then for as many as the header announces. */
	*n = 0;
	uint8_t hdr[24] = {0};
	struct db_cmd c;
	db_cdb_get_performance_write_speed(&c, hdr, sizeof(hdr), 1);
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	if (received(&c) < 8)
		return BAD_RESPONSE;
	size_t total = 4 + (size_t)mmc_get_be32(hdr);
	size_t count = total > 8 ? (total - 8) / 16 : 0;
	if (count > cap)
		count = cap;
	size_t len = 8 + count * 16;
	uint8_t *buf = calloc(1, len);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	db_cdb_get_performance_write_speed(&c, buf, len, (uint16_t)count);
	st = db_device_exec(d, &c);
	if (db_succeeded(st))
		st = db_decode_write_speeds(buf, received(&c), out, cap, n);
	free(buf);
	return st;
}

db_status db_mmc_set_streaming(struct db_device *d, int32_t start_lba, int32_t end_lba,
			       uint32_t read_kbps, uint32_t write_kbps, bool cav)
{
	uint8_t desc[28];
	struct db_cmd c;
	db_streaming_descriptor(desc, start_lba, end_lba, read_kbps, write_kbps, false, cav);
	db_cdb_set_streaming(&c, desc, sizeof(desc));
	return db_device_exec(d, &c);
}

db_status db_mmc_set_cd_speed(struct db_device *d, uint16_t read_kbps, uint16_t write_kbps)
{
	struct db_cmd c;
	db_cdb_set_cd_speed(&c, read_kbps, write_kbps, 0);
	return db_device_exec(d, &c);
}

db_status db_mmc_read_capacity(struct db_device *d, struct db_capacity *out)
{
	uint8_t buf[8] = {0};
	struct db_cmd c;
	db_cdb_read_capacity(&c, buf);
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	return db_decode_capacity(buf, received(&c), out);
}

db_status db_mmc_synchronize_cache(struct db_device *d)
{
	struct db_cmd c;
	db_cdb_synchronize_cache(&c, false);
	/* Flushing a full buffer at 1x takes a while on a real drive. */
	c.timeout_ms = 120000;
	return db_device_exec(d, &c);
}

db_status db_mmc_close_track_session(struct db_device *d, uint8_t func, uint16_t number)
{
	struct db_cmd c;
	db_cdb_close_track_session(&c, false, func, number);
	c.timeout_ms = 300000;
	return db_device_exec(d, &c);
}

db_status db_mmc_reserve_track(struct db_device *d, uint32_t blocks)
{
	struct db_cmd c;
	db_cdb_reserve_track(&c, blocks);
	return db_device_exec(d, &c);
}

db_status db_mmc_send_opc(struct db_device *d)
{
	struct db_cmd c;
	db_cdb_send_opc(&c, true);
	c.timeout_ms = 120000;
	return db_device_exec(d, &c);
}

db_status db_mmc_start_stop(struct db_device *d, bool start, bool load_eject)
{
	struct db_cmd c;
	db_cdb_start_stop(&c, false, start, load_eject);
	c.timeout_ms = 60000;
	return db_device_exec(d, &c);
}

db_status db_mmc_prevent_allow(struct db_device *d, bool prevent)
{
	struct db_cmd c;
	db_cdb_prevent_allow(&c, prevent);
	return db_device_exec(d, &c);
}

static void build_format_capacities(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	(void)arg;
	db_cdb_read_format_capacities(c, buf, alloc);
}

static size_t total_capacity_list(const uint8_t *hdr)
{
	return 4 + (size_t)hdr[3];
}

db_status db_mmc_read_format_capacities(struct db_device *d, struct db_format_capacities *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = read_twice(d, build_format_capacities, NULL, 4, total_capacity_list, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_format_capacities(buf, len, out);
	free(buf);
	return st;
}

db_status db_mmc_format_unit(struct db_device *d, bool immed, uint32_t blocks, uint8_t type,
			     uint8_t subtype, uint32_t type_param)
{
	uint8_t param[12];
	struct db_cmd c;
	db_cdb_format_unit(&c, param, immed, blocks, type, subtype, type_param);
	/* Without Immed the drive answers when the format is done. */
	c.timeout_ms = immed ? DB_TIMEOUT_DEFAULT_MS : 3600000;
	return db_device_exec(d, &c);
}

db_status db_mmc_blank(struct db_device *d, bool immed, uint8_t type, uint32_t addr)
{
	struct db_cmd c;
	db_cdb_blank(&c, immed, type, addr);
	c.timeout_ms = immed ? DB_TIMEOUT_DEFAULT_MS : 3600000;
	return db_device_exec(d, &c);
}

db_status db_mmc_request_sense(struct db_device *d, struct db_sense_info *out)
{
	uint8_t buf[18] = {0};
	struct db_cmd c;
	db_cdb_request_sense(&c, buf, sizeof(buf));
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	return db_decode_sense_info(buf, received(&c), out);
}

static bool long_operation(struct mmc_sense s)
{
	return s.key == 0x2 && s.asc == 0x04 &&
	       (s.ascq == 0x01 || s.ascq == 0x04 || s.ascq == 0x07 || s.ascq == 0x08);
}

/* REQUEST SENSE, not TEST UNIT READY, is the poll: it answers GOOD with
 * the drive's state and progress in the data, so the device layer's
 * not-ready retries do not swallow the progress (MMC-6 4.1.6.3). */
db_status db_mmc_wait_while_busy(struct db_device *d, unsigned max_ms, unsigned poll_ms,
				 db_progress_fn fn, void *ctx)
{
	for (unsigned waited = 0;; waited += poll_ms) {
		struct db_sense_info si;
		db_status st = db_mmc_request_sense(d, &si);
		if (db_failed(st))
			return st;
		if (!long_operation(si.sense)) {
			if (si.sense.key == 0 || si.sense.key == 0x1 || si.sense.key == 0x6)
				return DB_S_OK;
			return db_status_from_sense(MMC_OP_REQUEST_SENSE, si.sense);
		}
		if (fn)
			fn(si.progress_valid ? si.progress : -1, ctx);
		if (waited >= max_ms)
			return DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT;
		db_device_host_wait(d, poll_ms);
	}
}

/* READ TOC/PMA/ATIP (MMC-5 6.26) in the formats the engine reads: which
 * format, the TIME bit, and the starting track/session field. */
struct toc_request {
	uint8_t format;
	bool msf;
	uint8_t track;
};

static void build_read_toc(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	const struct toc_request *rq = arg;
	db_cdb_read_toc(c, buf, alloc, rq->format, rq->msf, rq->track);
}

/* One format read whole (header first for its length), for its decoder. */
static db_status read_toc_format(struct db_device *d, struct toc_request rq, uint8_t **buf,
				 size_t *len)
{
	return read_twice(d, build_read_toc, &rq, 4, total_be16, buf, len);
}

db_status db_mmc_read_session_info(struct db_device *d, struct db_session_info *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = read_toc_format(d, (struct toc_request){.format = 1}, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_session_info(buf, len, out);
	free(buf);
	return st;
}

db_status db_mmc_read_atip(struct db_device *d, struct db_atip *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = read_toc_format(d, (struct toc_request){.format = 4, .msf = true}, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_atip(buf, len, out);
	free(buf);
	return st;
}

/* From track 1: LBA addresses, every track and the lead-out. */
db_status db_mmc_read_toc(struct db_device *d, struct db_toc *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = read_toc_format(d, (struct toc_request){.format = 0, .track = 1}, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_toc(buf, len, out);
	free(buf);
	return st;
}

/* From session 1, TIME set as libburn sends it: format 2 addresses are
 * MSF in any case. */
db_status db_mmc_read_full_toc(struct db_device *d, struct db_full_toc *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = read_toc_format(d, (struct toc_request){.format = 2, .msf = true, .track = 1},
				       &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_full_toc(buf, len, out);
	free(buf);
	return st;
}

db_status db_mmc_get_write_params(struct db_device *d, struct db_write_params *out)
{
	uint8_t *buf;
	size_t len, plen;
	db_status st = db_mmc_mode_sense10(d, 0x05, &buf, &len);
	if (db_failed(st))
		return st;
	const uint8_t *page = db_mode_page_find(buf, len, 0x05, &plen);
	st = page ? db_decode_write_params(page, plen, out) : DB_E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE;
	free(buf);
	return st;
}

/* Read-modify-write: the page goes back with the drive's own length and
 * the fields burners do not set left as they were. */
db_status db_mmc_set_write_params(struct db_device *d, const struct db_write_params *w)
{
	uint8_t *buf;
	size_t len, plen;
	db_status st = db_mmc_mode_sense10(d, 0x05, &buf, &len);
	if (db_failed(st))
		return st;
	uint8_t *page = (uint8_t *)db_mode_page_find(buf, len, 0x05, &plen);
	if (!page) {
		free(buf);
		return DB_E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE;
	}
	db_encode_write_params(page, plen, w);
	st = db_mmc_mode_select10(d, page, plen);
	free(buf);
	return st;
}

db_status db_mmc_read(struct db_device *d, int32_t lba, uint32_t blocks, void *buf)
{
	struct db_cmd c;
	size_t len = (size_t)blocks * 2048;
	if (blocks <= 0xFFFF)
		db_cdb_read10(&c, lba, (uint16_t)blocks, buf, len);
	else
		db_cdb_read12(&c, lba, blocks, false, buf, len);
	db_status st = db_device_exec(d, &c);
	if (db_succeeded(st) && c.resid)
		return BAD_RESPONSE;
	return st;
}

db_status db_mmc_read_cd_audio(struct db_device *d, int32_t lba, uint32_t blocks, void *buf)
{
	struct db_cmd c;
	db_cdb_read_cd(&c, lba, blocks, MMC_READ_CD_TYPE_CDDA, MMC_READ_CD_USER_DATA,
		       MMC_READ_CD_SUB_NONE, buf, (size_t)blocks * MMC_CD_RAW_SECTOR);
	db_status st = db_device_exec(d, &c);
	if (db_succeeded(st) && c.resid)
		return BAD_RESPONSE;
	return st;
}
