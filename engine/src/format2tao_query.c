/* DiscFormat2TrackAtOnce's read-only properties: the disc's tracks and
 * sectors (READ DISC INFORMATION, READ TRACK INFORMATION), the TOC it
 * will have, IDiscFormat2's media questions and the write speeds. */
#include <stdlib.h>
#include <string.h>

#include "format2tao_internal.h"
#include "mmc/be.h"

/* CD-R and CD-RW: the media TAO audio goes on (IMAPI2: "blank CD-R or
 * CD-RW media"); the profile list names them. */
bool tao__profile_supported(uint16_t profile)
{
	return profile == MMC_PROFILE_CD_R || profile == MMC_PROFILE_CD_RW;
}

/* The tracks are those of every session, READ DISC INFORMATION's last
 * track of the last session (MMC-6 6.21) less the invisible track when
 * the disc takes more: READ TRACK INFORMATION (MMC-5 6.27) of that track
 * says Blank, and gives the NWA and free blocks the next track uses. */
db_status tao__look(struct db_recorder *r, struct tao_disc *t)
{
	struct db_device *d = db_recorder_device(r);
	*t = (struct tao_disc){0};
	db_status st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(r, &t->profile);
	if (db_succeeded(st))
		st = db_mmc_read_disc_information(d, &t->di);
	if (db_failed(st))
		return st;
	uint16_t last = t->di.last_track_last_session;
	struct db_track_info ti;
	st = db_mmc_read_track_information(d, 1, last, &ti);
	if (db_failed(st))
		return st;
	bool invisible = ti.blank || t->di.disc_status == 0;
	t->tracks = invisible ? last - 1 : last;
	if (t->tracks < 0)
		t->tracks = 0;
	if (invisible && ti.nwa_valid) {
		t->nwa_valid = true;
		t->nwa = ti.nwa;
		t->free_blocks = (int32_t)ti.free_blocks;
		t->invisible = ti.track;
	}
	return DB_S_OK;
}

static db_status need_prepared(struct db_format2tao *f)
{
	if (!f)
		return DB_E_POINTER;
	return atomic_load(&f->prepared) ? DB_S_OK : DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED;
}

/* While a track is written, what AddAudioTrack found before it (IMAPI2
 * UsedSectorsOnMedia: "the sectors used before the write began"); the
 * writer thread owns the drive then. */
static db_status disc(struct db_format2tao *f, struct tao_disc *t)
{
	db_status st = need_prepared(f);
	if (db_failed(st))
		return st;
	if (atomic_load(&f->writing)) {
		*t = f->before;
		return DB_S_OK;
	}
	return tao__look(f->recorder, t);
}

db_status db_format2tao_get_number_of_existing_tracks(struct db_format2tao *f, int32_t *out)
{
	if (!out)
		return DB_E_POINTER;
	struct tao_disc t;
	db_status st = disc(f, &t);
	if (db_succeeded(st))
		*out = t.tracks;
	return st;
}

/* A disc that takes no track has no free sectors and all of its
 * recorded ones used: READ CAPACITY's last LBA + 1. */
static db_status counts(struct db_format2tao *f, int32_t *total, int32_t *used, int32_t *free_)
{
	struct tao_disc t;
	db_status st = disc(f, &t);
	if (db_failed(st))
		return st;
	if (t.nwa_valid) {
		*used = t.nwa;
		*free_ = t.free_blocks;
	} else {
		struct db_capacity cap;
		st = db_mmc_read_capacity(db_recorder_device(f->recorder), &cap);
		if (db_failed(st))
			return st;
		*used = cap.last_lba + 1;
		*free_ = 0;
	}
	*total = *used + *free_;
	return DB_S_OK;
}

db_status db_format2tao_get_total_sectors_on_media(struct db_format2tao *f, int32_t *out)
{
	int32_t t, u, fr;
	if (!out)
		return DB_E_POINTER;
	db_status st = counts(f, &t, &u, &fr);
	if (db_succeeded(st))
		*out = t;
	return st;
}

db_status db_format2tao_get_free_sectors_on_media(struct db_format2tao *f, int32_t *out)
{
	int32_t t, u, fr;
	if (!out)
		return DB_E_POINTER;
	db_status st = counts(f, &t, &u, &fr);
	if (db_succeeded(st))
		*out = fr;
	return st;
}

db_status db_format2tao_get_used_sectors_on_media(struct db_format2tao *f, int32_t *out)
{
	int32_t t, u, fr;
	if (!out)
		return DB_E_POINTER;
	db_status st = counts(f, &t, &u, &fr);
	if (db_succeeded(st))
		*out = u;
	return st;
}

/* READ TOC format 0000b (MMC-5 6.26.3.2), TIME 0: a 4-byte header (data
 * length, first and last track), 8-byte descriptors (reserved, ADR/CONTROL,
 * track, reserved, start LBA), the lead-out AAh last. Each closed track's
 * start and control nibble (READ TRACK INFORMATION track mode) come from
 * the drive; the lead-out begins after the last track's recorded blocks,
 * where CLOSE SESSION puts it. */
db_status db_format2tao_get_expected_table_of_contents(struct db_format2tao *f, uint8_t *buf,
						       size_t cap, size_t *len)
{
	if (!len || (cap && !buf))
		return DB_E_POINTER;
	db_status st = need_prepared(f);
	if (db_failed(st))
		return st;
	if (atomic_load(&f->writing))
		return DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS;
	struct tao_disc t;
	st = tao__look(f->recorder, &t);
	if (db_failed(st))
		return st;
	if (t.tracks == 0)
		return DB_E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC;
	struct db_device *d = db_recorder_device(f->recorder);
	uint8_t toc[4 + 8 * (DB_CD_MAX_TRACKS + 1)] = {0};
	size_t n = 4;
	uint8_t control = 0;
	int32_t end = 0;
	uint16_t first = t.di.first_track ? t.di.first_track : 1;
	for (int32_t k = first; k <= t.tracks; k++) {
		struct db_track_info ti;
		st = db_mmc_read_track_information(d, 1, (uint32_t)k, &ti);
		if (db_failed(st))
			return st;
		control = ti.track_mode & 0x0F;
		toc[n + 1] = (uint8_t)(0x10 | control); /* ADR 1: Q mode 1 position */
		toc[n + 2] = (uint8_t)k;
		mmc_put_be32(&toc[n + 4], (uint32_t)ti.start);
		n += 8;
		end = ti.start + (int32_t)ti.size;
	}
	toc[n + 1] = (uint8_t)(0x10 | control);
	toc[n + 2] = 0xAA;
	mmc_put_be32(&toc[n + 4], (uint32_t)end);
	n += 8;
	mmc_put_be16(&toc[0], (uint16_t)(n - 2));
	toc[2] = (uint8_t)first;
	toc[3] = (uint8_t)t.tracks;
	*len = n;
	memcpy(buf, toc, n < cap ? n : cap);
	return DB_S_OK;
}

/* ---- IDiscFormat2 --------------------------------------------------------------- */

db_status db_format2tao_is_recorder_supported(struct db_format2tao *f, struct db_recorder *r,
					      bool *supported)
{
	(void)f;
	if (!r || !supported)
		return DB_E_POINTER;
	*supported = false;
	struct db_configuration cfg;
	db_status st = db_recorder_profiles(r, &cfg);
	if (db_failed(st))
		return st;
	/* A drive that lists no profiles still names its current one. */
	*supported = tao__profile_supported(cfg.current_profile);
	for (unsigned i = 0; i < cfg.n_profiles; i++)
		if (tao__profile_supported(cfg.profiles[i].number))
			*supported = true;
	return DB_S_OK;
}

db_status db_format2tao_is_current_media_supported(struct db_format2tao *f,
						   struct db_recorder *r, bool *supported)
{
	(void)f;
	if (!r || !supported)
		return DB_E_POINTER;
	*supported = false;
	uint16_t profile = 0;
	db_status st = db_recorder_current_profile(r, &profile);
	if (db_succeeded(st))
		*supported = tao__profile_supported(profile);
	return st;
}

/* CD-R and CD-RW, in IMAPI_MEDIA_PHYSICAL_TYPE order; with a recorder,
 * those it has a profile for. */
db_status db_format2tao_get_supported_media_types(struct db_format2tao *f,
						  enum db_media_physical_type *out, unsigned cap,
						  unsigned *n)
{
	static const uint16_t mine[] = {MMC_PROFILE_CD_R, MMC_PROFILE_CD_RW};
	if (!f || !n || (cap && !out))
		return DB_E_POINTER;
	*n = 0;
	struct db_configuration cfg = {0};
	if (f->recorder) {
		db_status st = db_recorder_profiles(f->recorder, &cfg);
		if (db_failed(st))
			return st;
	}
	uint16_t have[2];
	unsigned k = 0;
	for (unsigned i = 0; i < 2; i++) {
		bool has = !f->recorder;
		for (unsigned j = 0; j < cfg.n_profiles; j++)
			has |= cfg.profiles[j].number == mine[i];
		if (has)
			have[k++] = mine[i];
	}
	enum db_media_physical_type types[DB_MEDIA_TYPE_COUNT];
	*n = db_media_physical_types_of_profiles(have, k, types);
	for (unsigned i = 0; i < *n && i < cap; i++)
		out[i] = types[i];
	return DB_S_OK;
}

static db_status need_recorder(const struct db_format2tao *f)
{
	if (!f)
		return DB_E_POINTER;
	return f->recorder ? DB_S_OK : DB_E_IMAPI_RECORDER_REQUIRED;
}

/* The same answers DiscFormat2Data gives: both inherit IDiscFormat2. */
db_status db_format2tao_get_media_physically_blank(struct db_format2tao *f, bool *blank)
{
	if (!blank)
		return DB_E_POINTER;
	db_status st = need_recorder(f);
	return db_succeeded(st) ? df2d__media_physically_blank(f->recorder, blank) : st;
}

db_status db_format2tao_get_media_heuristically_blank(struct db_format2tao *f, bool *blank)
{
	if (!blank)
		return DB_E_POINTER;
	db_status st = need_recorder(f);
	return db_succeeded(st) ? df2d__media_heuristically_blank(f->recorder, blank) : st;
}

db_status db_format2tao_get_current_physical_media_type(struct db_format2tao *f,
							enum db_media_physical_type *out)
{
	if (!out)
		return DB_E_POINTER;
	*out = DB_MEDIA_TYPE_UNKNOWN;
	db_status st = need_recorder(f);
	uint16_t profile = 0;
	if (db_succeeded(st))
		st = db_recorder_current_profile(f->recorder, &profile);
	if (db_succeeded(st))
		*out = db_media_physical_type_from_profile(profile);
	return st;
}

db_status db_format2tao_get_supported_write_speed_descriptors(struct db_format2tao *f,
							      struct db_write_speed *out,
							      unsigned cap, unsigned *n)
{
	if (!n || (cap && !out))
		return DB_E_POINTER;
	*n = 0;
	db_status st = need_recorder(f);
	uint16_t profile = 0;
	if (db_succeeded(st))
		st = db_recorder_current_profile(f->recorder, &profile);
	if (db_succeeded(st))
		st = db_recorder_write_speeds(f->recorder, out, cap, n);
	if (db_failed(st))
		return st;
	for (unsigned i = 0; i < *n && i < cap; i++)
		out[i].profile = profile;
	return DB_S_OK;
}

db_status db_format2tao_get_supported_write_speeds(struct db_format2tao *f, int32_t *out,
						   unsigned cap, unsigned *n)
{
	if (!n || (cap && !out))
		return DB_E_POINTER;
	struct db_write_speed ws[DB_MAX_SPEEDS];
	unsigned k = 0;
	db_status st = db_format2tao_get_supported_write_speed_descriptors(f, ws, DB_MAX_SPEEDS, &k);
	*n = 0;
	if (db_failed(st))
		return st;
	for (unsigned i = 0; i < k && i < DB_MAX_SPEEDS; i++) {
		if (*n < cap)
			out[*n] = db_write_speed_get_write_speed(&ws[i]);
		(*n)++;
	}
	return DB_S_OK;
}
