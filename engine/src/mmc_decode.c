/* Response decoders. Every decoder checks the length it relies on and
 * answers E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE for a short or
 * inconsistent answer rather than reading past it. */
#include <stdio.h>
#include <string.h>

#include "discburn/mmc.h"
#include "mmc/be.h"
#include "mmc/features.h"
#include "mmc/profiles.h"
#include "mmc/read_cd.h"
#include "mmc/sense.h"

#define BAD_RESPONSE DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE

/* Copies a blank-padded ASCII field and trims the padding. */
static void ascii_field(char *dst, const uint8_t *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '\0'))
		dst[--n] = '\0';
}

db_status db_decode_inquiry(const uint8_t *buf, size_t len, struct db_inquiry *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 36)
		return BAD_RESPONSE;
	out->peripheral_type = buf[0] & 0x1F;
	out->removable = (buf[1] & 0x80) != 0;
	out->version = buf[2];
	ascii_field(out->vendor, &buf[8], 8);
	ascii_field(out->product, &buf[16], 16);
	ascii_field(out->revision, &buf[32], 4);
	return DB_S_OK;
}

db_status db_decode_block_limits(const uint8_t *buf, size_t len, struct db_block_limits *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 16 || buf[1] != 0xB0)
		return BAD_RESPONSE;
	out->max_transfer_blocks = mmc_get_be32(&buf[8]);
	out->optimal_transfer_blocks = mmc_get_be32(&buf[12]);
	return DB_S_OK;
}

/* Feature descriptors follow the 8-byte header: 2-byte code, flags, and
 * an additional length (MMC-6 5.2.2). */
const uint8_t *db_config_find_feature(const uint8_t *buf, size_t len, uint16_t code,
				      size_t *desc_len)
{
	if (len < 8)
		return NULL;
	size_t end = 4 + (size_t)mmc_get_be32(buf);
	if (end > len)
		end = len;
	for (size_t off = 8; off + 4 <= end;) {
		size_t n = 4 + (size_t)buf[off + 3];
		if (off + n > end)
			return NULL;
		if (mmc_get_be16(&buf[off]) == code) {
			if (desc_len)
				*desc_len = n;
			return &buf[off];
		}
		off += n;
	}
	return NULL;
}

static void decode_profile_list(const uint8_t *f, size_t n, struct db_configuration *out)
{
	for (size_t off = 4; off + 4 <= n && out->n_profiles < DB_MAX_PROFILES; off += 4) {
		struct db_profile_entry *e = &out->profiles[out->n_profiles++];
		e->number = mmc_get_be16(&f[off]);
		e->current = (f[off + 2] & 0x01) != 0;
	}
}

db_status db_decode_configuration(const uint8_t *buf, size_t len, struct db_configuration *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 8)
		return BAD_RESPONSE;
	out->raw = buf;
	out->raw_len = len;
	out->current_profile = mmc_get_be16(&buf[6]);
	size_t n;
	const uint8_t *f = db_config_find_feature(buf, len, MMC_FEATURE_PROFILE_LIST, &n);
	if (f)
		decode_profile_list(f, n, out);
	f = db_config_find_feature(buf, len, MMC_FEATURE_REAL_TIME_STREAMING, &n);
	if (f) {
		out->rt_streaming = true;
		out->rt_streaming_current = (f[2] & 0x01) != 0;
		out->rt_streaming_sw = n > 4 && (f[4] & 0x01) != 0;
	}
	return DB_S_OK;
}

db_status db_decode_disc_info(const uint8_t *buf, size_t len, struct db_disc_info *out)
{
	memset(out, 0, sizeof(*out));
	/* 34 bytes up to the OPC table count (MMC-6 6.21.3.1). */
	if (len < 34 || 2u + mmc_get_be16(buf) < 34)
		return BAD_RESPONSE;
	out->erasable = (buf[2] & 0x10) != 0;
	out->last_session_state = (buf[2] >> 2) & 0x03;
	out->disc_status = buf[2] & 0x03;
	out->first_track = buf[3];
	out->n_sessions = (uint16_t)(buf[9] << 8 | buf[4]);
	out->first_track_last_session = (uint16_t)(buf[10] << 8 | buf[5]);
	out->last_track_last_session = (uint16_t)(buf[11] << 8 | buf[6]);
	out->bg_format_status = buf[7] & 0x03;
	out->disc_type = buf[8];
	out->last_session_lead_in = mmc_get_be32(&buf[16]);
	out->last_possible_lead_out = mmc_get_be32(&buf[20]);
	return DB_S_OK;
}

db_status db_decode_track_info(const uint8_t *buf, size_t len, struct db_track_info *out)
{
	memset(out, 0, sizeof(*out));
	/* Through the last recorded address; older drives stop at 28 but
	 * every MMC-3+ burner returns at least 32. */
	if (len < 32)
		return BAD_RESPONSE;
	bool long_form = len >= 34;
	out->track = (uint16_t)((long_form ? buf[32] << 8 : 0) | buf[2]);
	out->session = (uint16_t)((long_form ? buf[33] << 8 : 0) | buf[3]);
	out->damage = (buf[5] & 0x20) != 0;
	out->copy = (buf[5] & 0x10) != 0;
	out->track_mode = buf[5] & 0x0F;
	out->rt = (buf[6] & 0x80) != 0;
	out->blank = (buf[6] & 0x40) != 0;
	out->packet = (buf[6] & 0x20) != 0;
	out->fp = (buf[6] & 0x10) != 0;
	out->data_mode = buf[6] & 0x0F;
	out->lra_valid = (buf[7] & 0x02) != 0;
	out->nwa_valid = (buf[7] & 0x01) != 0;
	out->start = (int32_t)mmc_get_be32(&buf[8]);
	out->nwa = (int32_t)mmc_get_be32(&buf[12]);
	out->free_blocks = mmc_get_be32(&buf[16]);
	out->fixed_packet_size = mmc_get_be32(&buf[20]);
	out->size = mmc_get_be32(&buf[24]);
	out->last_recorded = (int32_t)mmc_get_be32(&buf[28]);
	return DB_S_OK;
}

db_status db_decode_buffer_capacity(const uint8_t *buf, size_t len, struct db_buffer_capacity *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 12)
		return BAD_RESPONSE;
	out->size = mmc_get_be32(&buf[4]);
	out->available = mmc_get_be32(&buf[8]);
	if (out->available > out->size)
		return BAD_RESPONSE;
	return DB_S_OK;
}

/* GET PERFORMANCE type 03h: 8-byte header, 16-byte descriptors
 * (MMC-5 6.8.5.3). */
db_status db_decode_write_speeds(const uint8_t *buf, size_t len, struct db_write_speed *out,
				 unsigned cap, unsigned *n)
{
	*n = 0;
	if (len < 8)
		return BAD_RESPONSE;
	size_t end = 4 + (size_t)mmc_get_be32(buf);
	if (end > len)
		end = len;
	for (size_t off = 8; off + 16 <= end && *n < cap; off += 16) {
		struct db_write_speed *w = &out[(*n)++];
		const uint8_t *p = &buf[off];
		w->wrc = (p[0] >> 3) & 0x03;
		w->exact = (p[0] & 0x02) != 0;
		w->mrw = (p[0] & 0x01) != 0;
		w->end_lba = (int32_t)mmc_get_be32(&p[4]);
		w->read_kbps = mmc_get_be32(&p[8]);
		w->write_kbps = mmc_get_be32(&p[12]);
	}
	return DB_S_OK;
}

uint32_t db_write_speed_sectors_per_second(const struct db_write_speed *w, uint16_t profile)
{
	uint32_t sector = mmc_family_speed_sector_bytes(mmc_profile_family(profile));
	/* Rounded: drives round kB/s, so 48x CD is 8467 kB/s, 3599.9 sectors. */
	return (uint32_t)(((uint64_t)w->write_kbps * 1000 + sector / 2) / sector);
}

db_status db_decode_dvd_physical(const uint8_t *buf, size_t len, struct db_dvd_physical *out)
{
	memset(out, 0, sizeof(*out));
	/* 4-byte header, then the 17 bytes of the layer descriptor that
	 * carry book type, layers and the data area. */
	if (len < 4 + 17 || 2 + (size_t)mmc_get_be16(buf) < 4 + 17)
		return BAD_RESPONSE;
	out->book_type = buf[4] >> 4;
	out->part_version = buf[4] & 0x0F;
	out->layers = (uint8_t)(((buf[6] >> 5) & 0x03) + 1);
	out->data_start = mmc_get_be24(&buf[9]);
	return DB_S_OK;
}

db_status db_decode_capacity(const uint8_t *buf, size_t len, struct db_capacity *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 8)
		return BAD_RESPONSE;
	out->last_lba = (int32_t)mmc_get_be32(buf);
	out->block_len = mmc_get_be32(&buf[4]);
	return DB_S_OK;
}

static void format_descriptor(const uint8_t *p, struct db_format_descriptor *d, bool current)
{
	d->blocks = mmc_get_be32(p);
	d->type = current ? (p[4] & 0x03) : (uint8_t)(p[4] >> 2);
	d->param = mmc_get_be24(&p[5]);
}

/* 4-byte capacity list header, the current/maximum descriptor, then the
 * formattable descriptors, 8 bytes each (MMC-6 6.23.3). */
db_status db_decode_format_capacities(const uint8_t *buf, size_t len, struct db_format_capacities *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 12 || buf[3] < 8 || buf[3] % 8)
		return BAD_RESPONSE;
	size_t end = 4 + (size_t)buf[3];
	if (end > len)
		end = len;
	format_descriptor(&buf[4], &out->current, true);
	for (size_t off = 12; off + 8 <= end && out->n_formats < DB_MAX_FORMATS; off += 8)
		format_descriptor(&buf[off], &out->formats[out->n_formats++], false);
	return DB_S_OK;
}

const struct db_format_descriptor *db_format_find(const struct db_format_capacities *fc, uint8_t type)
{
	for (unsigned i = 0; i < fc->n_formats; i++)
		if (fc->formats[i].type == type)
			return &fc->formats[i];
	return NULL;
}

/* Pages follow the 8-byte MODE SENSE(10) header and the block
 * descriptors (none with DBD, but a drive may send them anyway). */
const uint8_t *db_mode_page_find(const uint8_t *buf, size_t len, uint8_t page, size_t *page_len)
{
	if (len < 8)
		return NULL;
	size_t end = 2 + (size_t)mmc_get_be16(buf);
	if (end > len)
		end = len;
	for (size_t off = 8 + mmc_get_be16(&buf[6]); off + 2 <= end;) {
		size_t n = 2 + (size_t)buf[off + 1];
		if ((buf[off] & 0x3F) == page) {
			if (off + n > end)
				return NULL;
			*page_len = n;
			return &buf[off];
		}
		off += n;
	}
	return NULL;
}

void db_streaming_descriptor(uint8_t desc[28], int32_t start_lba, int32_t end_lba,
			     uint32_t read_kbps, uint32_t write_kbps, bool exact, bool cav)
{
	memset(desc, 0, 28);
	/* Byte 0: WRC (bits 4-3, 01b CAV), RDD, Exact, RA (MMC-6 6.39.3.1);
	 * GET PERFORMANCE type 03h reports WRC in the same bits. */
	desc[0] = (uint8_t)((cav ? 0x08 : 0x00) | (exact ? 0x02 : 0x00));
	mmc_put_be32(&desc[4], (uint32_t)start_lba);
	mmc_put_be32(&desc[8], (uint32_t)end_lba);
	/* Sizes in kB per 1000 ms: the speed in kB/s (MMC-5 6.39.3.1). */
	mmc_put_be32(&desc[12], read_kbps);
	mmc_put_be32(&desc[16], 1000);
	mmc_put_be32(&desc[20], write_kbps);
	mmc_put_be32(&desc[24], 1000);
}

db_status db_decode_sense_info(const uint8_t *buf, size_t len, struct db_sense_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!mmc_sense_decode(buf, len, &out->sense))
		return BAD_RESPONSE;
	/* Fixed format only: descriptor sense carries progress in a
	 * descriptor no MMC drive uses. */
	uint8_t code = buf[0] & 0x7F;
	if ((code == 0x70 || code == 0x71) && len >= 18 && (buf[15] & 0x80)) {
		out->progress_valid = true;
		out->progress = mmc_get_be16(&buf[16]);
	}
	return DB_S_OK;
}

/* READ TOC format 1: 4-byte header, one 8-byte track descriptor. */
db_status db_decode_session_info(const uint8_t *buf, size_t len, struct db_session_info *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 12 || 2u + mmc_get_be16(buf) < 12)
		return BAD_RESPONSE;
	out->first_session = buf[2];
	out->last_session = buf[3];
	out->first_track_last_session = buf[6];
	out->last_session_start = (int32_t)mmc_get_be32(&buf[8]);
	return DB_S_OK;
}

/* An ATIP time M:S:F as an LBA. Lead-in times have minutes 90 and up
 * and lie before LBA 0 (MMC-6 Table "LBA to MSF translation"). */
static int32_t atip_lba(const uint8_t *msf)
{
	int32_t frames = ((int32_t)msf[0] * 60 + msf[1]) * 75 + msf[2];
	return msf[0] >= 90 ? frames - 450150 : frames - 150;
}

/* Header (4 bytes), then the descriptor: byte 2 bit 6 Disc Type, bytes
 * 4-6 Start Time of Lead-in, bytes 8-10 Last Possible Start Time of
 * Lead-out. A lead-out that does not follow the lead-in is not an ATIP
 * (libburn drops such answers from drives that invent one for pressed
 * discs). */
db_status db_decode_atip(const uint8_t *buf, size_t len, struct db_atip *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 15 || 2u + mmc_get_be16(buf) < 15)
		return BAD_RESPONSE;
	const uint8_t *a = buf + 4;
	out->rewritable = (a[2] & 0x40) != 0;
	out->lead_in_start = atip_lba(&a[4]);
	out->lead_out_start = atip_lba(&a[8]);
	if (out->lead_out_start <= 0 || out->lead_out_start <= out->lead_in_start)
		return BAD_RESPONSE;
	return DB_S_OK;
}

/* READ TOC format 0 (MMC-5 6.26.3.2): 4-byte header (TOC data length,
 * first and last track), then 8-byte descriptors: byte 1 ADR/CONTROL,
 * byte 2 the track number, bytes 4-7 the start address. The tracks
 * ascend and the lead-out ends the list; anything else is not a TOC. */
db_status db_decode_toc(const uint8_t *buf, size_t len, struct db_toc *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 4)
		return BAD_RESPONSE;
	size_t total = 2u + mmc_get_be16(buf);
	if (total < len)
		len = total;
	if (len < 12 || (len - 4) % 8 != 0)
		return BAD_RESPONSE;
	out->first_track = buf[2];
	out->last_track = buf[3];
	for (size_t off = 4; off + 8 <= len && out->n < DB_MAX_TOC_ENTRIES; off += 8) {
		struct db_toc_entry *e = &out->e[out->n];
		e->adr_control = buf[off + 1];
		e->track = buf[off + 2];
		e->lba = (int32_t)mmc_get_be32(&buf[off + 4]);
		if (out->n > 0 && (e->lba < out->e[out->n - 1].lba ||
				   out->e[out->n - 1].track == DB_TOC_LEADOUT))
			return BAD_RESPONSE;
		out->n++;
	}
	if (out->e[out->n - 1].track != DB_TOC_LEADOUT)
		return BAD_RESPONSE;
	return DB_S_OK;
}

/* READ TOC format 2 (MMC-5 6.26.3.4): 4-byte header (data length, first
 * and last complete session), then 11-byte descriptors: session, ADR/
 * CONTROL, TNO, POINT, MIN/SEC/FRAME, ZERO, PMIN/PSEC/PFRAME (binary, not
 * BCD). A PMSF address counts from the start of the pregap, 150 frames
 * before LBA 0 (MMC-6 4.2.3.6). */
db_status db_decode_full_toc(const uint8_t *buf, size_t len, struct db_full_toc *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 4)
		return BAD_RESPONSE;
	size_t total = 2u + mmc_get_be16(buf);
	if (total < len)
		len = total;
	if (len < 15 || (len - 4) % 11 != 0)
		return BAD_RESPONSE;
	out->first_session = buf[2];
	out->last_session = buf[3];
	for (size_t off = 4; off + 11 <= len && out->n < DB_MAX_FULL_TOC; off += 11) {
		const uint8_t *d = &buf[off];
		if (d[9] > 59 || d[10] > 74)
			return BAD_RESPONSE; /* not a time */
		out->e[out->n++] = (struct db_full_toc_entry){
			.session = d[0],
			.adr_control = d[1],
			.point = d[3],
			.plba = ((int32_t)d[8] * 60 + d[9]) * 75 + d[10] - 150,
		};
	}
	return DB_S_OK;
}

db_status db_decode_write_params(const uint8_t *page, size_t len, struct db_write_params *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 16 || (page[0] & 0x3F) != 0x05)
		return BAD_RESPONSE;
	out->bufe = (page[2] & 0x40) != 0;
	out->ls_v = (page[2] & 0x20) != 0;
	out->test_write = (page[2] & 0x10) != 0;
	out->write_type = page[2] & 0x0F;
	out->multisession = page[3] >> 6;
	out->fp = (page[3] & 0x20) != 0;
	out->copy = (page[3] & 0x10) != 0;
	out->track_mode = page[3] & 0x0F;
	out->data_block_type = page[4] & 0x0F;
	out->link_size = page[5];
	out->session_format = page[8];
	out->packet_size = mmc_get_be32(&page[10]);
	out->audio_pause_length = mmc_get_be16(&page[14]);
	return DB_S_OK;
}

void db_encode_write_params(uint8_t *page, size_t len, const struct db_write_params *w)
{
	if (len < 16)
		return;
	page[0] &= 0x3F; /* PS is reserved in MODE SELECT */
	page[2] = (uint8_t)((page[2] & 0x80) | (w->bufe ? 0x40 : 0) | (w->ls_v ? 0x20 : 0) |
			    (w->test_write ? 0x10 : 0) | (w->write_type & 0x0F));
	page[3] = (uint8_t)((w->multisession & 0x03) << 6 | (w->fp ? 0x20 : 0) |
			    (w->copy ? 0x10 : 0) | (w->track_mode & 0x0F));
	page[4] = (uint8_t)((page[4] & 0xF0) | (w->data_block_type & 0x0F));
	page[5] = w->link_size;
	page[8] = w->session_format;
	mmc_put_be32(&page[10], w->packet_size);
	mmc_put_be16(&page[14], w->audio_pause_length);
}

/* ---- issue 14: DiscRecorder2 lists and the drive's unique id ---- */

db_status db_decode_feature_codes(const uint8_t *buf, size_t len, bool current_only,
				  uint16_t *out, unsigned cap, unsigned *n)
{
	*n = 0;
	if (len < 8)
		return BAD_RESPONSE;
	size_t end = 4 + (size_t)mmc_get_be32(buf);
	if (end > len)
		end = len; /* a truncated answer: what arrived */
	for (size_t off = 8; off + 4 <= end; off += 4 + (size_t)buf[off + 3]) {
		if (current_only && !(buf[off + 2] & 0x01))
			continue;
		if (*n < cap)
			out[*n] = mmc_get_be16(&buf[off]);
		(*n)++;
	}
	return DB_S_OK;
}

db_status db_decode_mode_page_codes(const uint8_t *buf, size_t len, uint8_t *out, unsigned cap,
				    unsigned *n)
{
	*n = 0;
	if (len < 8)
		return BAD_RESPONSE;
	size_t end = 2 + (size_t)mmc_get_be16(buf);
	if (end > len)
		end = len;
	size_t off = 8 + (size_t)mmc_get_be16(&buf[6]); /* block descriptors */
	while (off + 2 <= end) {
		bool spf = buf[off] & 0x40;
		size_t plen = spf ? (off + 4 <= end ? 4 + (size_t)mmc_get_be16(&buf[off + 2]) : end)
				  : 2 + (size_t)buf[off + 1];
		if (!spf || buf[off + 1] == 0) { /* subpages are listed under their page */
			if (*n < cap)
				out[*n] = buf[off] & 0x3F;
			(*n)++;
		}
		off += plen;
	}
	return DB_S_OK;
}

static const char hexdig[] = "0123456789abcdef";

/* Appends a designator to out as text: hex for binary code sets, ASCII
 * with blank runs folded into one '_' otherwise. */
static bool put_designator(char *out, size_t cap, const char *prefix, const uint8_t *d, size_t n,
			   bool binary)
{
	size_t o = strlen(prefix);
	if (o >= cap)
		return false;
	memcpy(out, prefix, o);
	bool blank = false;
	for (size_t i = 0; i < n; i++) {
		if (binary) {
			if (o + 2 >= cap)
				return false;
			out[o++] = hexdig[d[i] >> 4];
			out[o++] = hexdig[d[i] & 15];
			continue;
		}
		char ch = (char)d[i];
		if (ch == ' ' || ch == '\0') {
			blank = true;
			continue;
		}
		if (ch < 0x21 || ch > 0x7E)
			ch = '_';
		if (blank && o > strlen(prefix)) {
			if (o + 1 >= cap)
				return false;
			out[o++] = '_';
		}
		blank = false;
		if (o + 1 >= cap)
			return false;
		out[o++] = ch;
	}
	out[o] = '\0';
	return o > strlen(prefix);
}

bool db_decode_unique_id(const uint8_t *vpd83, size_t len83, const uint8_t *vpd80, size_t len80,
			 const char *vendor, const char *product, char *out, size_t cap)
{
	/* SPC-4 7.8.6: designators after the 4-byte header; byte 0 code
	 * set (1 binary), byte 1 association (bits 5-4, 0 = the logical
	 * unit) and type (bits 3-0), byte 3 length. */
	if (vpd83 && len83 >= 4 && vpd83[1] == 0x83) {
		size_t end = 4 + (size_t)mmc_get_be16(&vpd83[2]);
		if (end > len83)
			end = len83;
		static const struct {
			uint8_t type;
			const char *prefix;
		} pref[] = {{3, "naa."}, {2, "eui."}, {1, "t10."}};
		for (size_t k = 0; k < sizeof(pref) / sizeof(pref[0]); k++) {
			for (size_t off = 4; off + 4 <= end; off += 4 + (size_t)vpd83[off + 3]) {
				size_t n = vpd83[off + 3];
				if (off + 4 + n > end)
					break;
				if (((vpd83[off + 1] >> 4) & 3) != 0 || (vpd83[off + 1] & 0x0F) != pref[k].type)
					continue;
				bool binary = (vpd83[off] & 0x0F) == 1;
				if (put_designator(out, cap, pref[k].prefix, &vpd83[off + 4], n, binary))
					return true;
			}
		}
	}
	/* SPC-4 7.8.15: the serial alone is unique only per vendor and model. */
	if (vpd80 && len80 >= 4 && vpd80[1] == 0x80) {
		size_t n = vpd80[3];
		if (4 + n > len80)
			n = len80 - 4;
		char sn[256];
		if (!put_designator(sn, sizeof(sn), "", &vpd80[4], n, false))
			return false;
		int w = snprintf(out, cap, "serial.%s_%s_%s", vendor ? vendor : "",
				 product ? product : "", sn);
		for (char *p = out; w > 0 && *p; p++)
			if (*p == ' ')
				*p = '_';
		return w > 0 && (size_t)w < cap;
	}
	return false;
}

uint8_t db_capabilities_loading_mechanism(const uint8_t *page, size_t len)
{
	return len > 6 ? (uint8_t)(page[6] >> 5) : 0;
}

/* READ CD, CD-DA user data (MMC-6 6.19): each sector is 588 frames of
 * left and right 16-bit two's complement samples, low byte first. */
void db_decode_cdda(const uint8_t *sectors, size_t n_sectors, int16_t *samples)
{
	size_t n = n_sectors * (MMC_CD_RAW_SECTOR / 2);
	for (size_t i = 0; i < n; i++)
		samples[i] = (int16_t)(uint16_t)(sectors[2 * i] | (uint16_t)sectors[2 * i + 1] << 8);
}
