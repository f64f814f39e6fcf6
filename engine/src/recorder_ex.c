/* IDiscRecorder2Ex over a recorder: raw commands and raw answers. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discburn/recorder_ex.h"
#include "mmc/be.h"
#include "mmc/opcodes.h"
#include "recorder_internal.h"

#define BAD_RESPONSE DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE

static size_t received(const struct db_cmd *c)
{
	return c->resid <= c->len ? c->len - c->resid : 0;
}

/* SPC-4 4.2.5.1: the group code (opcode bits 7-5) fixes the CDB length;
 * 0 for the vendor-specific groups 6 and 7, which take any length. */
static int group_cdb_length(const uint8_t *cdb)
{
	static const int len[8] = {6, 10, 10, -1, 16, 12, 0, 0};
	int n = len[cdb[0] >> 5];
	if (n == -1) /* group 3: 7Fh variable length, the rest reserved */
		n = cdb[0] == 0x7F ? 8 + cdb[7] : -1;
	return n;
}

static db_status check_cdb(const uint8_t *cdb, uint32_t cdb_size, const uint8_t *sense)
{
	if (!cdb || !sense)
		return DB_E_POINTER;
	if (cdb_size < 6 || cdb_size > 16)
		return DB_E_INVALIDARG;
	int n = group_cdb_length(cdb);
	if (n < 0 || (n > 0 && (uint32_t)n != cdb_size))
		return DB_E_INVALIDARG;
	return DB_S_OK;
}

/* Once to the transport, no retry, no sense mapping: the caller reads
 * the sense itself (IMAPI's S_IMAPI_COMMAND_HAS_SENSE_DATA). */
static db_status send_raw(struct db_recorder *r, const uint8_t *cdb, uint32_t cdb_size,
			  uint8_t *sense, uint32_t timeout_s, enum db_dir dir, void *buf,
			  uint32_t size, uint32_t *fetched)
{
	struct db_cmd c;
	memset(&c, 0, sizeof(c));
	memset(sense, 0, DB_IMAPI_SENSE_SIZE);
	memcpy(c.cdb, cdb, cdb_size);
	c.cdb_len = (uint8_t)cdb_size;
	c.dir = dir;
	c.buf = buf;
	c.len = size;
	c.timeout_ms = timeout_s > UINT_MAX / 1000 ? UINT_MAX : timeout_s * 1000;
	struct db_transport *t = db_device_transport(r->dev);
	db_status st = t->ops->execute(t, &c);
	if (fetched)
		*fetched = db_succeeded(st) ? (uint32_t)received(&c) : 0;
	if (db_failed(st))
		return st;
	switch (c.scsi_status) {
	case DB_SCSI_GOOD:
		return DB_S_OK;
	case DB_SCSI_CHECK_CONDITION:
		memcpy(sense, c.sense, c.sense_len < DB_IMAPI_SENSE_SIZE ? c.sense_len : DB_IMAPI_SENSE_SIZE);
		return DB_S_IMAPI_COMMAND_HAS_SENSE_DATA;
	case DB_SCSI_BUSY:
	case DB_SCSI_TASK_SET_FULL:
		return DB_E_IMAPI_RECORDER_MEDIA_BUSY;
	case DB_SCSI_RESERVATION_CONFLICT:
		return DB_E_IMAPI_RECORDER_LOCKED;
	default:
		return DB_E_FAIL;
	}
}

db_status db_recorder_ex_send_command_no_data(struct db_recorder *r, const uint8_t *cdb,
					      uint32_t cdb_size, uint8_t sense[DB_IMAPI_SENSE_SIZE],
					      uint32_t timeout_s)
{
	db_status st = check_cdb(cdb, cdb_size, sense);
	return db_failed(st) ? st
			     : send_raw(r, cdb, cdb_size, sense, timeout_s, DB_DIR_NONE, NULL, 0, NULL);
}

db_status db_recorder_ex_send_command_send_data_to_device(struct db_recorder *r,
							  const uint8_t *cdb, uint32_t cdb_size,
							  uint8_t sense[DB_IMAPI_SENSE_SIZE],
							  uint32_t timeout_s,
							  const uint8_t *buffer, uint32_t size)
{
	db_status st = check_cdb(cdb, cdb_size, sense);
	if (db_failed(st))
		return st;
	if (!buffer)
		return DB_E_POINTER;
	if (size == 0)
		return DB_E_INVALIDARG;
	/* The transport only reads an OUT buffer. */
	return send_raw(r, cdb, cdb_size, sense, timeout_s, DB_DIR_OUT, (void *)(uintptr_t)buffer,
			size, NULL);
}

db_status db_recorder_ex_send_command_get_data_from_device(struct db_recorder *r,
							   const uint8_t *cdb, uint32_t cdb_size,
							   uint8_t sense[DB_IMAPI_SENSE_SIZE],
							   uint32_t timeout_s, uint8_t *buffer,
							   uint32_t size, uint32_t *fetched)
{
	if (fetched)
		*fetched = 0;
	db_status st = check_cdb(cdb, cdb_size, sense);
	if (db_failed(st))
		return st;
	if (!buffer || !fetched)
		return DB_E_POINTER;
	if (size == 0)
		return DB_E_INVALIDARG;
	return send_raw(r, cdb, cdb_size, sense, timeout_s, DB_DIR_IN, buffer, size, fetched);
}

/* A variable-length answer through the device policy: the header
 * first, then the length it reports (as mmc_exec.c's read_twice). */
typedef void (*build_fn)(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg);

static db_status read_twice(struct db_recorder *r, build_fn build, const void *arg,
			    size_t hdr_len, bool be32_len, uint8_t **out, size_t *out_len)
{
	uint8_t hdr[8] = {0};
	struct db_cmd c;
	*out = NULL;
	*out_len = 0;
	build(&c, hdr, (uint16_t)hdr_len, arg);
	db_status st = db_device_exec(r->dev, &c);
	if (db_failed(st))
		return st;
	if (received(&c) < (be32_len ? 4u : 2u))
		return BAD_RESPONSE;
	size_t n = be32_len ? 4 + (size_t)mmc_get_be32(hdr) : 2 + (size_t)mmc_get_be16(hdr);
	if (n < hdr_len)
		n = hdr_len;
	if (n > 65532)
		n = 65532;
	uint8_t *buf = calloc(1, n);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	build(&c, buf, (uint16_t)n, arg);
	st = db_device_exec(r->dev, &c);
	if (db_failed(st)) {
		free(buf);
		return st;
	}
	*out = buf;
	*out_len = received(&c) < n ? received(&c) : n;
	return st;
}

/* Hands back len bytes of buf from off as a new allocation. */
static db_status give(const uint8_t *buf, size_t off, size_t len, uint8_t **data, uint32_t *size)
{
	*data = NULL;
	*size = 0;
	if (len == 0)
		return DB_S_OK;
	uint8_t *p = malloc(len);
	if (!p)
		return DB_E_OUTOFMEMORY;
	memcpy(p, buf + off, len);
	*data = p;
	*size = (uint32_t)len;
	return DB_S_OK;
}

struct structure_arg {
	uint32_t address;
	uint8_t layer, format, agid;
};

static void build_structure(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	const struct structure_arg *a = arg;
	db_cdb_read_disc_structure_at(c, buf, alloc, 0, a->address, a->layer, a->format, a->agid);
}

db_status db_recorder_ex_read_dvd_structure(struct db_recorder *r, uint32_t format,
					    uint32_t address, uint32_t layer, uint32_t agid,
					    uint8_t **data, uint32_t *count)
{
	if (!data || !count)
		return DB_E_POINTER;
	*data = NULL;
	*count = 0;
	if (format > 0xFF || layer > 0xFF || agid > 3)
		return DB_E_INVALIDARG;
	struct structure_arg a = {address, (uint8_t)layer, (uint8_t)format, (uint8_t)agid};
	uint8_t *buf;
	size_t len;
	db_status st = read_twice(r, build_structure, &a, 4, false, &buf, &len);
	if (db_failed(st))
		return st;
	/* MMC-6 READ DISC STRUCTURE: a 4-byte header (data length, 2
	 * reserved), then the structure. */
	st = len < 4 ? BAD_RESPONSE : give(buf, 4, len - 4, data, count);
	free(buf);
	return st;
}

db_status db_recorder_ex_send_dvd_structure(struct db_recorder *r, uint32_t format,
					    const uint8_t *data, uint32_t count)
{
	if (!data)
		return DB_E_POINTER;
	if (format > 0xFF || count == 0 || count > 65535 - 4)
		return DB_E_INVALIDARG;
	uint8_t *buf = calloc(1, count + 4);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	mmc_put_be16(buf, (uint16_t)(count + 2)); /* bytes after the length field */
	memcpy(buf + 4, data, count);
	struct db_cmd c;
	db_cdb_send_disc_structure(&c, buf, (uint16_t)(count + 4), 0, (uint8_t)format);
	db_status st = db_device_exec(r->dev, &c);
	free(buf);
	return st;
}

static void build_disc_info(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	(void)arg;
	db_cdb_read_disc_information(c, buf, alloc);
}

db_status db_recorder_ex_get_disc_information(struct db_recorder *r, uint8_t **data,
					      uint32_t *size)
{
	if (!data || !size)
		return DB_E_POINTER;
	uint8_t *buf;
	size_t len;
	db_status st = read_twice(r, build_disc_info, NULL, 4, false, &buf, &len);
	if (db_failed(st)) {
		*data = NULL;
		*size = 0;
		return st;
	}
	st = give(buf, 0, len, data, size);
	free(buf);
	return st;
}

struct track_arg {
	uint8_t type;
	uint32_t addr;
};

static void build_track_info(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	const struct track_arg *a = arg;
	db_cdb_read_track_information(c, buf, alloc, a->type, a->addr);
}

db_status db_recorder_ex_get_track_information(struct db_recorder *r, uint32_t address,
					       enum db_imapi_read_track_address_type address_type,
					       uint8_t **data, uint32_t *size)
{
	if (!data || !size)
		return DB_E_POINTER;
	*data = NULL;
	*size = 0;
	if ((unsigned)address_type > DB_IMAPI_READ_TRACK_ADDRESS_TYPE_SESSION)
		return DB_E_INVALIDARG;
	struct track_arg a = {(uint8_t)address_type, address};
	uint8_t *buf;
	size_t len;
	db_status st = read_twice(r, build_track_info, &a, 4, false, &buf, &len);
	if (db_failed(st))
		return st;
	st = give(buf, 0, len, data, size);
	free(buf);
	return st;
}

static void build_one_feature(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	db_cdb_get_configuration(c, buf, alloc, 2, *(const uint16_t *)arg);
}

db_status db_recorder_ex_get_feature_page(struct db_recorder *r, uint16_t feature,
					  bool current_only, uint8_t **data, uint32_t *size)
{
	if (!data || !size)
		return DB_E_POINTER;
	*data = NULL;
	*size = 0;
	uint8_t *buf;
	size_t len;
	db_status st = read_twice(r, build_one_feature, &feature, 8, true, &buf, &len);
	if (db_failed(st))
		return st;
	/* RT=10b: the header, then the descriptor of that feature only if the
	 * drive has it (MMC-6 GET CONFIGURATION, RT field). */
	size_t dlen;
	const uint8_t *d = db_config_find_feature(buf, len, feature, &dlen);
	if (!d)
		st = DB_E_IMAPI_RECORDER_NO_SUCH_FEATURE;
	else if (current_only && !(d[2] & 0x01))
		st = DB_E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT;
	else
		st = give(d, 0, dlen, data, size);
	free(buf);
	return st;
}

struct mode_arg {
	uint8_t pc, page;
};

static void build_mode(struct db_cmd *c, void *buf, uint16_t alloc, const void *arg)
{
	const struct mode_arg *a = arg;
	db_cdb_mode_sense10(c, buf, alloc, a->pc, a->page);
}

static db_status mode_sense(struct db_recorder *r, uint8_t page,
			    enum db_imapi_mode_page_request_type pc, uint8_t **buf, size_t *len)
{
	if ((unsigned)pc > DB_IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES || page > 0x3F)
		return DB_E_INVALIDARG;
	struct mode_arg a = {(uint8_t)pc, page};
	return read_twice(r, build_mode, &a, 8, false, buf, len);
}

db_status db_recorder_ex_get_mode_page(struct db_recorder *r, uint8_t page,
				       enum db_imapi_mode_page_request_type request_type,
				       uint8_t **data, uint32_t *size)
{
	if (!data || !size)
		return DB_E_POINTER;
	*data = NULL;
	*size = 0;
	if (page == 0x3F) /* all pages is a list, not a page (GetSupportedModePages) */
		return DB_E_INVALIDARG;
	uint8_t *buf;
	size_t len, plen;
	db_status st = mode_sense(r, page, request_type, &buf, &len);
	if (db_failed(st))
		return st;
	const uint8_t *p = db_mode_page_find(buf, len, page, &plen);
	st = p ? give(p, 0, plen, data, size) : DB_E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE;
	free(buf);
	return st;
}

db_status db_recorder_ex_set_mode_page(struct db_recorder *r,
				       enum db_imapi_mode_page_request_type request_type,
				       const uint8_t *data, uint32_t size)
{
	if (!data)
		return DB_E_POINTER;
	if (request_type != DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES &&
	    request_type != DB_IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES)
		return DB_E_INVALIDARG;
	/* SPC-4 7.5.7: page_0 format, 2 + page length bytes (SPF=1
	 * sub_page format: 4 + the 2-byte length). */
	size_t want = size >= 4 && (data[0] & 0x40) ? 4 + (size_t)mmc_get_be16(&data[2])
						       : (size >= 2 ? 2 + (size_t)data[1] : 0);
	if (size < 2 || want != size || size + 8 > 65535)
		return DB_E_INVALIDARG;
	uint8_t *buf = calloc(1, size + 8);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	memcpy(buf + 8, data, size);
	buf[8] &= 0x7F; /* PS is reserved in MODE SELECT */
	struct db_cmd c;
	db_cdb_mode_select10(&c, buf, (uint16_t)(size + 8));
	if (request_type == DB_IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES)
		c.cdb[1] |= 0x01; /* SP: save the page (SPC-4 MODE SELECT(10)) */
	db_status st = db_device_exec(r->dev, &c);
	free(buf);
	return st;
}

db_status db_recorder_ex_get_supported_feature_pages(struct db_recorder *r, bool current_only,
						     uint16_t **pages, uint32_t *n)
{
	if (!pages || !n)
		return DB_E_POINTER;
	*pages = NULL;
	*n = 0;
	unsigned count, got;
	db_status st = current_only ? db_recorder_get_current_feature_pages(r, NULL, 0, &count)
				    : db_recorder_get_supported_feature_pages(r, NULL, 0, &count);
	if (db_failed(st) || count == 0)
		return st;
	uint16_t *out = calloc(count, sizeof(*out));
	if (!out)
		return DB_E_OUTOFMEMORY;
	st = current_only ? db_recorder_get_current_feature_pages(r, out, count, &got)
			  : db_recorder_get_supported_feature_pages(r, out, count, &got);
	if (db_failed(st)) {
		free(out);
		return st;
	}
	*pages = out;
	*n = got < count ? got : count;
	return st;
}

db_status db_recorder_ex_get_supported_profiles(struct db_recorder *r, bool current_only,
						uint16_t **profiles, uint32_t *n)
{
	if (!profiles || !n)
		return DB_E_POINTER;
	*profiles = NULL;
	*n = 0;
	uint16_t tmp[DB_MAX_PROFILES];
	unsigned count;
	db_status st = current_only ? db_recorder_get_current_profiles(r, tmp, DB_MAX_PROFILES, &count)
				    : db_recorder_get_supported_profiles(r, tmp, DB_MAX_PROFILES, &count);
	if (db_failed(st) || count == 0)
		return st;
	if (count > DB_MAX_PROFILES)
		count = DB_MAX_PROFILES; /* what the configuration decoder keeps */
	uint16_t *out = malloc(count * sizeof(*out));
	if (!out)
		return DB_E_OUTOFMEMORY;
	memcpy(out, tmp, count * sizeof(*out));
	*profiles = out;
	*n = count;
	return st;
}

db_status db_recorder_ex_get_supported_mode_pages(struct db_recorder *r,
						  enum db_imapi_mode_page_request_type request_type,
						  uint8_t **pages, uint32_t *n)
{
	if (!pages || !n)
		return DB_E_POINTER;
	*pages = NULL;
	*n = 0;
	uint8_t *buf;
	size_t len;
	db_status st = mode_sense(r, 0x3F, request_type, &buf, &len);
	if (db_failed(st))
		return st;
	uint8_t codes[64];
	unsigned count;
	st = db_decode_mode_page_codes(buf, len, codes, sizeof(codes), &count);
	free(buf);
	if (db_failed(st) || count == 0)
		return st;
	if (count > sizeof(codes))
		count = sizeof(codes);
	return give(codes, 0, count, pages, n);
}

/* A sysfs attribute of a kernel drive as an integer; false when absent. */
static bool sysfs_long(const char *path, long *out)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fscanf(f, "%ld", out) == 1;
	fclose(f);
	return ok;
}

/* The block queue's dma_alignment default (block/blk-settings.c
 * blk_set_default_limits: 511). */
#define BLOCK_DEFAULT_DMA_ALIGNMENT 511u

db_status db_recorder_ex_get_byte_alignment_mask(struct db_recorder *r, uint32_t *value)
{
	if (!value)
		return DB_E_POINTER;
	*value = 0;
	if (!db_recorder_is_kernel(r))
		return DB_S_OK;
	char sr[64], sg[64], path[PATH_MAX];
	long v;
	db_recorder_kernel_names(r, sr, sizeof(sr), sg, sizeof(sg));
	*value = BLOCK_DEFAULT_DMA_ALIGNMENT;
	if (sr[0] &&
	    snprintf(path, sizeof(path), "%s/block/%s/queue/dma_alignment", db_recorder_sysfs(r), sr) <
		    (int)sizeof(path) &&
	    sysfs_long(path, &v) && v >= 0 && v <= UINT32_MAX)
		*value = (uint32_t)v;
	return DB_S_OK;
}

static db_status max_transfer(struct db_recorder *r, uint32_t *value)
{
	if (!value)
		return DB_E_POINTER;
	size_t m = db_device_max_transfer(r->dev);
	*value = m > UINT32_MAX ? UINT32_MAX : (uint32_t)m;
	return m ? DB_S_OK : DB_ERROR_NOT_SUPPORTED;
}

db_status db_recorder_ex_get_maximum_non_page_aligned_transfer_size(struct db_recorder *r,
								     uint32_t *value)
{
	return max_transfer(r, value);
}

db_status db_recorder_ex_get_maximum_page_aligned_transfer_size(struct db_recorder *r,
								 uint32_t *value)
{
	return max_transfer(r, value);
}

/* The SCSI device directory of a kernel drive in sysfs (block/srN/device
 * or class/scsi_generic/sgN/device), "" when there is none. */
static void device_dir(struct db_recorder *r, char *out, size_t cap)
{
	char sr[64], sg[64];
	out[0] = '\0';
	db_recorder_kernel_names(r, sr, sizeof(sr), sg, sizeof(sg));
	int w = -1;
	if (sr[0])
		w = snprintf(out, cap, "%s/block/%s/device", db_recorder_sysfs(r), sr);
	else if (sg[0])
		w = snprintf(out, cap, "%s/class/scsi_generic/%s/device", db_recorder_sysfs(r), sg);
	if (w < 0 || (size_t)w >= cap)
		out[0] = '\0';
}

/* H:C:T:L is the name of the device directory the link points at
 * (drivers/scsi/scsi_sysfs.c names each sdev so). */
static void device_hctl(const char *devdir, char *out, size_t cap)
{
	char real[PATH_MAX];
	out[0] = '\0';
	if (!devdir[0] || !realpath(devdir, real))
		return;
	const char *base = strrchr(real, '/');
	base = base ? base + 1 : real;
	unsigned h, c, t, l;
	if (sscanf(base, "%u:%u:%u:%u", &h, &c, &t, &l) == 4 && strlen(base) < cap)
		snprintf(out, cap, "%s", base);
}

static void read_line(const char *path, char *out, size_t cap)
{
	out[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(out, (int)cap, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

/* libata hosts are named after their driver (ahci, ata_piix, pata_*,
 * sata_*); usb-storage and uas carry USB drives. */
static const char *bus_of(const char *driver)
{
	if (!strcmp(driver, "ahci") || !strncmp(driver, "ata_", 4) || !strncmp(driver, "pata_", 5) ||
	    !strncmp(driver, "sata_", 5))
		return "ata";
	if (!strcmp(driver, "usb-storage") || !strcmp(driver, "uas"))
		return "usb";
	return "scsi";
}

static void host_info(struct db_recorder *r, int32_t *host, char *driver, size_t dcap,
		      char *hctl, size_t hcap)
{
	char devdir[PATH_MAX], path[PATH_MAX];
	*host = -1;
	driver[0] = '\0';
	device_dir(r, devdir, sizeof(devdir));
	device_hctl(devdir, hctl, hcap);
	if (!hctl[0])
		return;
	*host = (int32_t)strtol(hctl, NULL, 10);
	if (snprintf(path, sizeof(path), "%s/class/scsi_host/host%d/proc_name", db_recorder_sysfs(r),
		     (int)*host) < (int)sizeof(path))
		read_line(path, driver, dcap);
}

db_status db_recorder_ex_get_adapter_descriptor(struct db_recorder *r,
						struct db_adapter_descriptor *out)
{
	if (!out)
		return DB_E_POINTER;
	memset(out, 0, sizeof(*out));
	db_status st = db_recorder_ex_get_byte_alignment_mask(r, &out->alignment_mask);
	if (db_failed(st))
		return st;
	size_t m = db_device_max_transfer(r->dev);
	out->max_transfer_length = m > UINT32_MAX ? UINT32_MAX : (uint32_t)m;
	if (!db_recorder_is_kernel(r)) {
		out->host_number = -1;
		snprintf(out->bus_type, sizeof(out->bus_type), "emulated");
		return DB_S_OK;
	}
	char hctl[32], sr[64], sg[64], path[PATH_MAX];
	host_info(r, &out->host_number, out->driver, sizeof(out->driver), hctl, sizeof(hctl));
	snprintf(out->bus_type, sizeof(out->bus_type), "%s", out->driver[0] ? bus_of(out->driver) : "");
	db_recorder_kernel_names(r, sr, sizeof(sr), sg, sizeof(sg));
	long v;
	if (sr[0] &&
	    snprintf(path, sizeof(path), "%s/block/%s/queue/max_sectors_kb", db_recorder_sysfs(r), sr) <
		    (int)sizeof(path) &&
	    sysfs_long(path, &v) && v > 0 && v <= UINT32_MAX / 1024)
		out->max_transfer_length = (uint32_t)v * 1024;
	if (sr[0] &&
	    snprintf(path, sizeof(path), "%s/block/%s/queue/max_segments", db_recorder_sysfs(r), sr) <
		    (int)sizeof(path) &&
	    sysfs_long(path, &v) && v > 0 && v <= UINT32_MAX)
		out->max_physical_pages = (uint32_t)v;
	return DB_S_OK;
}

db_status db_recorder_ex_get_device_descriptor(struct db_recorder *r,
					       struct db_device_descriptor *out)
{
	if (!out)
		return DB_E_POINTER;
	memset(out, 0, sizeof(*out));
	struct db_inquiry id;
	db_status st = db_recorder_identity(r, &id);
	if (db_failed(st))
		return st;
	out->device_type = id.peripheral_type;
	out->removable_media = id.removable;
	memcpy(out->vendor_id, id.vendor, sizeof(out->vendor_id));
	memcpy(out->product_id, id.product, sizeof(out->product_id));
	memcpy(out->product_revision, id.revision, sizeof(out->product_revision));
	uint8_t p80[256];
	size_t n80;
	db_recorder_read_vpd(r, 0x80, p80, sizeof(p80), &n80);
	if (n80 >= 4) {
		size_t n = p80[3] < n80 - 4 ? p80[3] : n80 - 4;
		if (n >= sizeof(out->serial_number))
			n = sizeof(out->serial_number) - 1;
		memcpy(out->serial_number, &p80[4], n);
		while (n > 0 && out->serial_number[n - 1] == ' ') /* SPC-4: padded with blanks */
			out->serial_number[--n] = '\0';
	}
	if (!db_recorder_is_kernel(r)) {
		snprintf(out->bus_type, sizeof(out->bus_type), "emulated");
		return DB_S_OK;
	}
	int32_t host;
	char driver[32];
	host_info(r, &host, driver, sizeof(driver), out->hctl, sizeof(out->hctl));
	snprintf(out->bus_type, sizeof(out->bus_type), "%s", driver[0] ? bus_of(driver) : "");
	return DB_S_OK;
}
