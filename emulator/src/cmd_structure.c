/* READ DISC STRUCTURE (MMC-6 6.22): the DVD and BD structures burners and
 * dvd+rw-mediainfo ask for. A table per media type lists the formats,
 * which media carry them and how to build them; format FFh (the list of
 * structures) is generated from the same table, so the two never
 * disagree.
 *
 * Errors: a media type field other than DVD (0) or BD (1), a format the
 * loaded medium does not carry, or a layer it does not have is INVALID
 * FIELD IN CDB; a DVD request on a CD or BD (or a BD request on a DVD or
 * CD) is 05/30/02 CANNOT READ MEDIUM - INCOMPATIBLE FORMAT, as MMC-6
 * 6.22.2.1 prescribes and IMAPI reports as
 * E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT. */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"

/* DVD physical sector number of LBA 0 (ECMA-267 data zone start). */
#define DVD_PSN_START 0x30000

struct structure_format {
	uint8_t code;
	/* Present on the loaded medium (NULL: on every medium of the type). */
	bool (*present)(const struct mmcemu_drive *d);
	/* Builds the structure after the 4-byte header; returns its length,
	 * which is always len (0 for the variable-length list, FFh). */
	size_t (*build)(const struct mmcemu_drive *d, uint8_t *p);
	uint16_t len;
};

static uint16_t cur_profile(const struct mmcemu_drive *d)
{
	return d->media.profile.number;
}

/* DVD+ and DVD-R/-RW formats, from mmc/profiles.h. */
static bool is_dvd_plus(const struct mmcemu_drive *d)
{
	return mmc_profile_is(cur_profile(d), MMC_PA_PLUS);
}

static bool is_dvd_dash_r(const struct mmcemu_drive *d)
{
	return mmc_profile_is(cur_profile(d), MMC_PA_DASH);
}

/* Copies an ID string into a fixed field, zero padded. */
static void put_id(uint8_t *dst, size_t width, const char *s)
{
	size_t n = strnlen(s, width);
	memset(dst, 0, width);
	memcpy(dst, s, n);
}

/* Book type (high nibble) and part version (low nibble), ECMA-267/-337/
 * -349: DVD-ROM 0, DVD-R 2 (v2.0 = 5), DVD-RW 3, DVD+RW 9, DVD+R A. */
static uint8_t dvd_book(const struct mmcemu_drive *d)
{
	switch (cur_profile(d)) {
	case MMC_PROFILE_DVD_PLUS_R:
		return 0xA1;
	case MMC_PROFILE_DVD_PLUS_RW:
		return 0x92;
	case MMC_PROFILE_DVD_R_SEQ:
		return 0x25;
	case MMC_PROFILE_DVD_RW_SEQ:
	case MMC_PROFILE_DVD_RW_RO:
		return 0x32;
	default:
		return 0x01;
	}
}

/* Layer type bits: 1 embossed, 2 recordable, 4 rewritable. */
static uint8_t dvd_layer_type(const struct mmcemu_drive *d)
{
	uint16_t n = cur_profile(d);
	if (mmc_profile_is(n, MMC_PA_RW))
		return 0x04;
	return mmc_profile_is(n, MMC_PA_SEQ) || mmc_profile_is(n, MMC_PA_RAND) ? 0x02 : 0x01;
}

/* Format 00h physical format information (MMC-6 table 425): 120 mm,
 * max rate not specified, one layer, PTP, 0.267 um/bit and 0.74 um
 * track, data area from PSN 30000h to the end of the medium. DVD+ media
 * carry their ADIP identifiers at bytes 19-29 too (dvd+rw-mediainfo
 * reads them there when format 11h is missing). */
static size_t dvd_physical(const struct mmcemu_drive *d, uint8_t *p)
{
	uint32_t cap = d->media.profile.capacity;
	memset(p, 0, 2048);
	p[0] = dvd_book(d);
	p[1] = 0x0F;
	p[2] = dvd_layer_type(d);
	p[3] = 0x10;
	mmc_put_be32(&p[4], DVD_PSN_START);
	mmc_put_be32(&p[8], DVD_PSN_START + (cap ? cap - 1 : 0));
	if (is_dvd_plus(d)) {
		put_id(&p[19], 8, d->media.profile.manufacturer_id);
		put_id(&p[27], 3, d->media.profile.media_type_id);
	}
	return 2048;
}

/* Format 01h copyright: no protection (CPS type 0), all regions. */
static size_t dvd_copyright(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	return 4;
}

/* Format 04h disc manufacturing information: 2048 bytes, blank on
 * recordable media until a recorder writes them. */
static size_t dvd_manufacturing(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 2048);
	return 2048;
}

/* Format 0Eh pre-recorded information in lead-in (DVD-R/-RW): five
 * 8-byte fields, field ID then data. Fields 3 and 4 carry the
 * manufacturer ID in two 6-byte halves (where dvd+rw-mediainfo reads
 * it); field 1 the last address of the recordable area. */
static size_t dvd_prerecorded(const struct mmcemu_drive *d, uint8_t *p)
{
	const char *m = d->media.profile.manufacturer_id;
	size_t n = strnlen(m, sizeof(d->media.profile.manufacturer_id));
	memset(p, 0, 40);
	for (int i = 0; i < 5; i++)
		p[8 * i] = (uint8_t)(i + 1);
	mmc_put_be24(&p[5], DVD_PSN_START + d->media.profile.capacity - 1);
	memcpy(&p[17], m, n < 6 ? n : 6);
	if (n > 6)
		memcpy(&p[25], m + 6, n - 6 < 6 ? n - 6 : 6);
	return 40;
}

/* Format 11h ADIP information (DVD+R/+RW, MMC-6 table 438): disc
 * category and version, then manufacturer ID (bytes 19-26), media type
 * ID (27-29) and product revision (30). */
static size_t dvd_adip(const struct mmcemu_drive *d, uint8_t *p)
{
	memset(p, 0, 256);
	p[0] = dvd_book(d);
	p[1] = 0x0F;
	p[2] = dvd_layer_type(d);
	put_id(&p[19], 8, d->media.profile.manufacturer_id);
	put_id(&p[27], 3, d->media.profile.media_type_id);
	p[30] = 1;
	return 256;
}

/* BD format 00h disc information (BD-R/RE part 1, DI unit): "DI",
 * format 1, one unit per layer, disc type id "BDO" (BD-R) / "BDW"
 * (BD-RE) / "BDR" (BD-ROM), disc manufacturer (100-105), media type
 * (106-108), revision (111). Returned as the 4096-byte DI block. */
static size_t bd_disc_information(const struct mmcemu_drive *d, uint8_t *p)
{
	uint16_t prof = cur_profile(d);
	bool writable = mmc_profile_is(prof, MMC_PA_SEQ) || mmc_profile_is(prof, MMC_PA_RAND);
	const char *type = mmc_profile_is(prof, MMC_PA_RW) ? "BDW" : writable ? "BDO" : "BDR";
	memset(p, 0, 4096);
	p[0] = 'D';
	p[1] = 'I';
	p[2] = 0x01;
	p[3] = 0x01;
	p[6] = 0x64; /* bytes in use in the unit */
	memcpy(&p[8], type, 3);
	p[11] = 0x11; /* single layer, 25 GB class */
	put_id(&p[100], 6, d->media.profile.manufacturer_id);
	put_id(&p[106], 3, d->media.profile.media_type_id);
	p[111] = 1;
	return 4096;
}

static size_t structure_list(const struct mmcemu_drive *d, uint8_t *p);

static const struct structure_format dvd_formats[] = {
	{0x00, NULL, dvd_physical, 2048},
	{0x01, NULL, dvd_copyright, 4},
	{0x04, NULL, dvd_manufacturing, 2048},
	{0x0E, is_dvd_dash_r, dvd_prerecorded, 40},
	{0x11, is_dvd_plus, dvd_adip, 256},
	{0xFF, NULL, structure_list, 0},
};

static const struct structure_format bd_formats[] = {
	{0x00, NULL, bd_disc_information, 4096},
	{0xFF, NULL, structure_list, 0},
};

struct format_table {
	const struct structure_format *f;
	size_t n;
};

static struct format_table formats_for(enum mmc_media_family fam)
{
	if (fam == MMC_FAMILY_BD)
		return (struct format_table){bd_formats, sizeof(bd_formats) / sizeof(bd_formats[0])};
	return (struct format_table){dvd_formats, sizeof(dvd_formats) / sizeof(dvd_formats[0])};
}

static bool format_present(const struct mmcemu_drive *d, const struct structure_format *f)
{
	return !f->present || f->present(d);
}

/* Format FFh (MMC-6 table 447): one 4-byte entry per structure the
 * medium carries: format code, RDS (readable by READ DISC STRUCTURE),
 * structure length (what its header's data length field says). */
static size_t structure_list(const struct mmcemu_drive *d, uint8_t *p)
{
	struct format_table t = formats_for(d->media.profile.family);
	size_t count = 0, n = 0;
	for (size_t i = 0; i < t.n; i++)
		count += format_present(d, &t.f[i]);
	for (size_t i = 0; i < t.n; i++) {
		if (!format_present(d, &t.f[i]))
			continue;
		size_t len = t.f[i].len ? t.f[i].len : 4 * count;
		p[n] = t.f[i].code;
		p[n + 1] = 0x40;
		mmc_put_be16(&p[n + 2], (uint16_t)(len + 2));
		n += 4;
	}
	return n;
}

/* The medium must be of the family the media type names. */
static enum mmc_sense_code check_media_type(const struct mmcemu_drive *d, uint8_t mt)
{
	enum mmc_media_family fam = d->media.profile.family;
	if ((mt == 0 && fam != MMC_FAMILY_DVD) || (mt == 1 && fam != MMC_FAMILY_BD))
		return MMC_SENSE_ILLEGAL_CANNOT_READ_INCOMPATIBLE_FORMAT;
	return MMC_SENSE_NO_SENSE;
}

static const struct structure_format *find_format(const struct mmcemu_drive *d, uint8_t code)
{
	struct format_table t = formats_for(d->media.profile.family);
	for (size_t i = 0; i < t.n; i++)
		if (t.f[i].code == code && format_present(d, &t.f[i]))
			return &t.f[i];
	return NULL;
}

enum mmc_sense_code cmd_read_disc_structure(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	uint8_t mt = c->cdb[1] & 0x0F, layer = c->cdb[6], code = c->cdb[7];
	if (mt > 1)
		return cdb_field_error(c, 1, 3);
	enum mmc_sense_code rc = drive_medium_ready(d);
	if (rc == MMC_SENSE_NO_SENSE)
		rc = check_media_type(d, mt);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	const struct structure_format *f = find_format(d, code);
	if (!f)
		return cdb_field_error(c, 7, 7);
	/* Every emulated medium is single layer. */
	if (layer != 0 && code != 0xFF)
		return cdb_field_error(c, 6, 7);
	size_t len = f->build(d, c->in + 4);
	mmc_put_be16(&c->in[0], (uint16_t)(len + 2));
	c->in[2] = c->in[3] = 0;
	c->in_len = 4 + len;
	return MMC_SENSE_NO_SENSE;
}
