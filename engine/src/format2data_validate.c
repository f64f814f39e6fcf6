/* DiscFormat2Data, VALIDATING_MEDIA: is the stream burnable, is the medium
 * one we write, in a state that takes a session, with room for the image?
 * Everything here only reads from the drive: a refusal leaves the disc as
 * it was. */
#include <stdint.h>

#include "format2data_internal.h"
#include "mmc/profiles.h"

#define SECTOR 2048

/* IMAPI2 IDiscFormat2Data::Write: "the size of the passed-in stream must
 * be a multiple of the sector size, 2048". A stream of unknown size
 * cannot be checked against the free space either. */
db_status df2d__stream_blocks(const struct db_stream *s, int32_t *n_blocks)
{
	int64_t size = s ? db_stream_size(s) : -1;
	if (size <= 0 || size % SECTOR || size / SECTOR > INT32_MAX)
		return DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED;
	*n_blocks = (int32_t)(size / SECTOR);
	return DB_S_OK;
}

/* What DiscFormat2Data writes: a CD, DVD or BD medium recorded either
 * sequentially at the NWA or at random (mmc/profiles.h). A DVD-Download
 * disc is a DVD-R for CSS-managed recording only, which IMAPI2 does not
 * do. */
bool df2d__profile_supported(uint16_t profile)
{
	enum mmc_media_family fam = mmc_profile_family(profile);
	if (fam != MMC_FAMILY_CD && fam != MMC_FAMILY_DVD && fam != MMC_FAMILY_BD)
		return false;
	if (profile == MMC_PROFILE_DVD_DOWNLOAD)
		return false;
	return mmc_profile_is(profile, MMC_PA_SEQ) || mmc_profile_is(profile, MMC_PA_RAND);
}

static bool is_random_access(uint16_t profile)
{
	return mmc_profile_is(profile, MMC_PA_RAND);
}

/* Random-writable media: one track over the formatted area, written from 0.
 * A blank one gets the drive's own full-size descriptor of the format type
 * mmc/profiles.h names: 26h for DVD+RW
 * (background format, MMC-6 6.4.4.2.14), 00h for BD-RE (default spares,
 * 6.4.4.2.1). */
static db_status plan_random(struct db_device *d, struct df2d_plan *p)
{
	struct db_format_capacities fc;
	db_status st = db_mmc_read_format_capacities(d, &fc);
	if (db_failed(st))
		return st;
	p->random_access = true;
	p->start_lba = 0;
	if (fc.current.type == 2) { /* formatted media */
		p->free_sectors = fc.current.blocks;
		return DB_S_OK;
	}
	int type = mmc_profile_format_type(p->profile);
	const struct db_format_descriptor *fd = type < 0 ? NULL : db_format_find(&fc, (uint8_t)type);
	if (!fd)
		return DB_E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED;
	p->format_type = (uint8_t)type;
	p->needs_format = true;
	p->format = *fd;
	p->free_sectors = fd->blocks;
	return DB_S_OK;
}

/* A CD-RW that holds something is overwritten from 0 after a BLANK, but
 * only when the caller said so (IMAPI2 ForceOverwrite). Its room is then
 * what the medium offers, known before anything touches it: the ATIP's
 * last possible start of lead-out (READ TOC/PMA/ATIP format 0100b), as
 * libburn sizes a CD-RW it is about to blank. READ DISC INFORMATION
 * cannot say: on a complete disc its lead-out field is FFFFFFFFh (MMC-6
 * READ DISC INFORMATION, Last Possible Lead-out Start Address). */
static db_status plan_overwrite(struct db_format2data *f, struct db_device *d,
				struct df2d_plan *p)
{
	if (!f->force_overwrite)
		return DB_E_IMAPI_DF2DATA_MEDIA_NOT_BLANK;
	struct db_atip atip;
	db_status st = db_mmc_read_atip(d, &atip);
	if (db_failed(st))
		return st;
	p->blank_first = true;
	p->start_lba = 0;
	p->track = 1;
	p->free_sectors = atip.lead_out_start;
	return DB_S_OK;
}

/* Sequential media: the image goes into the invisible track at its NWA
 * (READ TRACK INFORMATION of the last track, MMC-5 6.27), as a new
 * session after the closed ones. */
static db_status plan_sequential(struct db_format2data *f, struct db_device *d,
				 const struct db_disc_info *di, struct df2d_plan *p)
{
	bool cd_rw = p->profile == MMC_PROFILE_CD_RW;
	if (cd_rw && di->disc_status != 0 && (f->force_overwrite || di->disc_status == 2))
		return plan_overwrite(f, d, p);
	/* complete (10b) write-once disc, or "others" (11b) */
	if (di->disc_status >= 2 || di->last_session_state == 2)
		return DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	struct db_track_info ti;
	db_status st = db_mmc_read_track_information(d, 1, di->last_track_last_session, &ti);
	if (db_failed(st))
		return st;
	if (!ti.nwa_valid)
		return DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	p->start_lba = ti.nwa;
	p->free_sectors = ti.free_blocks;
	p->track = ti.track;
	return DB_S_OK;
}

db_status df2d__validate(struct db_format2data *f, int32_t n_blocks, struct df2d_plan *p)
{
	struct db_device *d = db_recorder_device(f->recorder);
	*p = (struct df2d_plan){.n_blocks = n_blocks};
	/* TEST UNIT READY turns no medium / upside down / becoming ready
	 * into their statuses and consumes a pending unit attention. */
	db_status st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(f->recorder, &p->profile);
	if (db_failed(st))
		return st;
	if (!df2d__profile_supported(p->profile))
		return DB_E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED;
	p->family = mmc_profile_family(p->profile);
	/* DVD media carry their physical format in the lead-in; a drive that
	 * cannot read it (E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT) will
	 * not write the disc either. */
	if (p->family == MMC_FAMILY_DVD) {
		struct db_dvd_physical phys;
		st = db_mmc_read_dvd_physical(d, &phys);
		if (db_failed(st))
			return st;
	}
	struct db_disc_info di;
	st = db_mmc_read_disc_information(d, &di);
	if (db_failed(st))
		return st;
	st = is_random_access(p->profile) ? plan_random(d, p) : plan_sequential(f, d, &di, p);
	if (db_failed(st))
		return st;
	p->postgap = p->family == MMC_FAMILY_CD && !f->postgap_in_image ? 150 : 0;
	/* Refused before anything is written (IMAPI2 checks FreeSectorsOnMedia
	 * the same way). */
	if ((int64_t)n_blocks + p->postgap > p->free_sectors)
		return DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA;
	return DB_S_OK;
}
