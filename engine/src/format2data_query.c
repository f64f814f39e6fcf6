/* DiscFormat2Data's read-only properties (IDiscFormat2, IDiscFormat2Data):
 * what the medium in the drive is and where the next session goes, asked
 * of the drive at every call with the commands the write path validates
 * with (format2data_validate.c), so a property and a Write cannot
 * disagree. The getters of the put properties are here too. */
#include <stdlib.h>
#include <string.h>

#include "format2data_internal.h"
#include "mmc/features.h"

#define SECTOR 2048
#define ISO9660_PVD_LBA 16 /* ECMA-119 6.2.1: the system area is LBA 0-15 */
#define UDF_ANCHOR_LBA 256 /* ECMA-167 3/8.4.2.1: first AVDP location */

/* What one look at the medium gives every property. */
struct medium {
	uint16_t profile;
	bool supported; /* a profile DiscFormat2Data writes */
	bool random; /* random-access: DVD+RW, BD-RE, DVD-RAM, ... */
	bool have_disc;
	struct db_disc_info di;
};

static db_status need_recorder(const struct db_format2data *f)
{
	return f->recorder ? DB_S_OK : DB_E_IMAPI_RECORDER_REQUIRED;
}

/* TEST UNIT READY first: it turns no medium, becoming ready and a
 * pending unit attention into their statuses, as Write's validation. */
static db_status look(struct db_recorder *r, struct medium *m)
{
	*m = (struct medium){0};
	struct db_device *d = db_recorder_device(r);
	db_status st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(r, &m->profile);
	if (db_failed(st))
		return st;
	m->supported = df2d__profile_supported(m->profile);
	m->random = mmc_profile_is(m->profile, MMC_PA_RAND);
	m->have_disc = db_succeeded(db_mmc_read_disc_information(d, &m->di));
	return DB_S_OK;
}

static db_status look_f(struct db_format2data *f, struct medium *m)
{
	db_status st = need_recorder(f);
	return db_succeeded(st) ? look(f->recorder, m) : st;
}

struct bit_name {
	uint32_t bit;
	const char *name;
};

static const struct bit_name media_state_names[] = {
	{DB_DF2D_MEDIA_STATE_OVERWRITE_ONLY, "OVERWRITE_ONLY"},
	{DB_DF2D_MEDIA_STATE_BLANK, "BLANK"},
	{DB_DF2D_MEDIA_STATE_APPENDABLE, "APPENDABLE"},
	{DB_DF2D_MEDIA_STATE_FINAL_SESSION, "FINAL_SESSION"},
	{DB_DF2D_MEDIA_STATE_DAMAGED, "DAMAGED"},
	{DB_DF2D_MEDIA_STATE_ERASE_REQUIRED, "ERASE_REQUIRED"},
	{DB_DF2D_MEDIA_STATE_NON_EMPTY_SESSION, "NON_EMPTY_SESSION"},
	{DB_DF2D_MEDIA_STATE_WRITE_PROTECTED, "WRITE_PROTECTED"},
	{DB_DF2D_MEDIA_STATE_FINALIZED, "FINALIZED"},
	{DB_DF2D_MEDIA_STATE_UNSUPPORTED_MEDIA, "UNSUPPORTED_MEDIA"},
};

static const struct bit_name write_protect_names[] = {
	{DB_WRITEPROTECTED_UNTIL_POWERDOWN, "UNTIL_POWERDOWN"},
	{DB_WRITEPROTECTED_BY_CARTRIDGE, "BY_CARTRIDGE"},
	{DB_WRITEPROTECTED_BY_MEDIA_SPECIFIC_REASON, "BY_MEDIA_SPECIFIC_REASON"},
	{DB_WRITEPROTECTED_BY_SOFTWARE_WRITE_PROTECT, "BY_SOFTWARE_WRITE_PROTECT"},
	{DB_WRITEPROTECTED_BY_DISC_CONTROL_BLOCK, "BY_DISC_CONTROL_BLOCK"},
	{DB_WRITEPROTECTED_READ_ONLY_MEDIA, "READ_ONLY_MEDIA"},
};

static const char *bit_name(const struct bit_name *t, size_t n, uint32_t bit)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].bit == bit)
			return t[i].name;
	return NULL;
}

const char *db_format2data_media_state_bit_name(uint32_t bit)
{
	return bit_name(media_state_names, sizeof(media_state_names) / sizeof(media_state_names[0]),
			bit);
}

const char *db_media_write_protect_bit_name(uint32_t bit)
{
	return bit_name(write_protect_names,
			sizeof(write_protect_names) / sizeof(write_protect_names[0]), bit);
}

/* ---- IDiscFormat2 ------------------------------------------------------- */

db_status db_format2data_is_recorder_supported(struct db_format2data *f, struct db_recorder *r,
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
	for (unsigned i = 0; i < cfg.n_profiles; i++)
		if (df2d__profile_supported(cfg.profiles[i].number))
			*supported = true;
	return DB_S_OK;
}

db_status db_format2data_is_current_media_supported(struct db_format2data *f,
						    struct db_recorder *r, bool *supported)
{
	(void)f;
	if (!r || !supported)
		return DB_E_POINTER;
	*supported = false;
	uint16_t profile = 0;
	db_status st = db_recorder_current_profile(r, &profile);
	if (db_failed(st))
		return st;
	*supported = df2d__profile_supported(profile);
	return DB_S_OK;
}

/* READ FORMAT CAPACITIES (MMC-6 6.24): the Current/Maximum descriptor
 * says formatted (10b) or not (01b); an unformatted medium's capacity is
 * the one its format type would give (mmc/profiles.h). */
static db_status random_capacity(struct db_device *d, uint16_t profile, bool *formatted,
				 int32_t *blocks)
{
	struct db_format_capacities fc;
	db_status st = db_mmc_read_format_capacities(d, &fc);
	if (db_failed(st))
		return st;
	*formatted = fc.current.type == 2;
	uint32_t n = fc.current.blocks;
	int type = mmc_profile_format_type(profile);
	const struct db_format_descriptor *fd =
		type < 0 ? NULL : db_format_find(&fc, (uint8_t)type);
	if (!*formatted && fd)
		n = fd->blocks;
	*blocks = n > INT32_MAX ? INT32_MAX : (int32_t)n;
	return DB_S_OK;
}

static db_status physically_blank(struct db_recorder *r, const struct medium *m, bool *blank)
{
	*blank = m->have_disc && m->di.disc_status == 0;
	if (*blank || !m->random)
		return DB_S_OK;
	bool formatted;
	int32_t n;
	db_status st = random_capacity(db_recorder_device(r), m->profile, &formatted, &n);
	if (db_succeeded(st))
		*blank = !formatted;
	return st;
}

db_status df2d__media_physically_blank(struct db_recorder *r, bool *blank)
{
	if (!blank)
		return DB_E_POINTER;
	struct medium m;
	db_status st = look(r, &m);
	return db_succeeded(st) ? physically_blank(r, &m, blank) : st;
}

db_status db_format2data_get_media_physically_blank(struct db_format2data *f, bool *blank)
{
	db_status st = need_recorder(f);
	return db_succeeded(st) ? df2d__media_physically_blank(f->recorder, blank) : st;
}

/* A sector that holds a file system's root: the ISO 9660 volume
 * descriptor's standard identifier "CD001" at bytes 1-5 (ECMA-119 8.1),
 * or a UDF descriptor tag with identifier 2, the Anchor Volume Descriptor
 * Pointer (ECMA-167 3/7.2.1, 3/10.2; tag identifier bytes 0-1 little
 * endian). A sector that does not read holds neither. */
static bool holds_file_system(struct db_device *d, int32_t lba, uint8_t *buf)
{
	if (db_failed(db_mmc_read(d, lba, 1, buf)))
		return false;
	if (lba == ISO9660_PVD_LBA)
		return memcmp(buf + 1, "CD001", 5) == 0;
	return buf[0] == 2 && buf[1] == 0;
}

db_status df2d__media_heuristically_blank(struct db_recorder *r, bool *blank)
{
	if (!blank)
		return DB_E_POINTER;
	struct medium m;
	db_status st = look(r, &m);
	if (db_succeeded(st))
		st = physically_blank(r, &m, blank);
	/* IMAPI2's heuristics are "mainly for DVD+RW and DVD-RAM": media a
	 * file system is overwritten on, which never read blank again. */
	if (db_failed(st) || *blank || !mmc_profile_is(m.profile, MMC_PA_RAND | MMC_PA_RW))
		return st;
	uint8_t *buf = malloc(SECTOR);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	struct db_device *d = db_recorder_device(r);
	*blank = !holds_file_system(d, ISO9660_PVD_LBA, buf) &&
		 !holds_file_system(d, UDF_ANCHOR_LBA, buf);
	free(buf);
	return DB_S_OK;
}

db_status db_format2data_get_media_heuristically_blank(struct db_format2data *f, bool *blank)
{
	db_status st = need_recorder(f);
	return db_succeeded(st) ? df2d__media_heuristically_blank(f->recorder, blank) : st;
}

/* The profiles of the one list (mmc/profiles.h) this format writes and,
 * with a recorder, the drive has; their types in IMAPI's order. */
db_status db_format2data_get_supported_media_types(struct db_format2data *f,
						   enum db_media_physical_type *out, unsigned cap,
						   unsigned *n)
{
	static const uint16_t all[] = {
#define P(sym, code, ...) code,
		MMC_PROFILE_LIST(P)
#undef P
	};
	if (!n || (cap && !out))
		return DB_E_POINTER;
	*n = 0;
	struct db_configuration cfg = {0};
	if (f->recorder) {
		db_status st = db_recorder_profiles(f->recorder, &cfg);
		if (db_failed(st))
			return st;
	}
	uint16_t mine[sizeof(all) / sizeof(all[0])];
	unsigned k = 0;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		bool has = !f->recorder;
		for (unsigned j = 0; j < cfg.n_profiles; j++)
			has |= cfg.profiles[j].number == all[i];
		if (has && df2d__profile_supported(all[i]))
			mine[k++] = all[i];
	}
	enum db_media_physical_type types[DB_MEDIA_TYPE_COUNT];
	*n = db_media_physical_types_of_profiles(mine, k, types);
	for (unsigned i = 0; i < *n && i < cap; i++)
		out[i] = types[i];
	return DB_S_OK;
}

db_status db_format2data_get_current_physical_media_type(struct db_format2data *f,
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

/* ---- write protection --------------------------------------------------- */

/* Profiles that are only ever read (MMC-6 Table 97 ROM profiles). */
static bool read_only_profile(uint16_t p)
{
	return p == MMC_PROFILE_CD_ROM || p == MMC_PROFILE_DVD_ROM || p == MMC_PROFILE_BD_ROM ||
	       p == MMC_PROFILE_HD_DVD_ROM || p == MMC_PROFILE_DDCD_ROM;
}

static db_status write_protect(struct db_recorder *r, const struct medium *m, uint32_t *bits)
{
	*bits = 0;
	if (read_only_profile(m->profile)) {
		*bits = DB_WRITEPROTECTED_READ_ONLY_MEDIA;
		return DB_S_OK;
	}
	if (!mmc_profile_is(m->profile, MMC_PA_RAND) || !mmc_profile_is(m->profile, MMC_PA_RW))
		return DB_S_OK;
	uint8_t *buf;
	size_t len, dlen;
	db_status st = db_mmc_get_configuration(db_recorder_device(r), &buf, &len);
	if (db_failed(st))
		return st;
	/* Random Writable (MMC-6 5.3.11): Current "if the medium is
	 * writable"; on a rewritable random-access medium that it is not,
	 * the medium itself refuses writes. */
	const uint8_t *rw = db_config_find_feature(buf, len, MMC_FEATURE_RANDOM_WRITABLE, &dlen);
	if (rw && !(rw[2] & 0x01))
		*bits |= DB_WRITEPROTECTED_BY_MEDIA_SPECIFIC_REASON;
	free(buf);
	return DB_S_OK;
}

db_status db_format2data_get_write_protect_status(struct db_format2data *f, uint32_t *bits)
{
	if (!bits)
		return DB_E_POINTER;
	struct medium m;
	db_status st = look_f(f, &m);
	return db_succeeded(st) ? write_protect(f->recorder, &m, bits) : st;
}

/* ---- media state -------------------------------------------------------- */

/* IMAPI_FORMAT2_DATA_MEDIA_STATE from READ DISC INFORMATION (MMC-6 6.22.3.1:
 * Disc Status 00b empty, 01b incomplete/appendable, 10b complete, 11b
 * others, i.e. random-access; State of Last Session 00b empty, 01b
 * incomplete, 10b damaged, 11b complete). */
static uint32_t media_state(const struct medium *m, uint32_t wp, bool blank)
{
	uint32_t b = 0;
	if (!m->supported)
		b |= DB_DF2D_MEDIA_STATE_UNSUPPORTED_MEDIA;
	if (wp)
		b |= DB_DF2D_MEDIA_STATE_WRITE_PROTECTED;
	if (!m->have_disc)
		return b;
	if (m->random) {
		b |= DB_DF2D_MEDIA_STATE_OVERWRITE_ONLY;
		return blank ? b | DB_DF2D_MEDIA_STATE_BLANK : b;
	}
	if (m->di.last_session_state == 2)
		b |= DB_DF2D_MEDIA_STATE_DAMAGED;
	switch (m->di.disc_status) {
	case 0:
		b |= DB_DF2D_MEDIA_STATE_BLANK;
		break;
	case 1:
		b |= DB_DF2D_MEDIA_STATE_APPENDABLE;
		/* An incomplete session holds tracks that are not closed yet. */
		if (m->di.last_session_state == 1)
			b |= DB_DF2D_MEDIA_STATE_NON_EMPTY_SESSION;
		break;
	case 2:
		b |= DB_DF2D_MEDIA_STATE_FINALIZED;
		/* A complete DVD-RW (sequential) takes no session until it is
		 * blanked; a complete CD-RW Write overwrites itself (BLANK with
		 * ForceOverwrite, format2data_validate.c). */
		if (mmc_profile_is(m->profile, MMC_PA_RW) && m->profile != MMC_PROFILE_CD_RW)
			b |= DB_DF2D_MEDIA_STATE_ERASE_REQUIRED;
		break;
	default:
		break;
	}
	return b;
}

db_status db_format2data_get_current_media_status(struct db_format2data *f, uint32_t *bits)
{
	if (!bits)
		return DB_E_POINTER;
	*bits = DB_DF2D_MEDIA_STATE_UNKNOWN;
	struct medium m;
	db_status st = look_f(f, &m);
	uint32_t wp = 0;
	bool blank = false;
	if (db_succeeded(st))
		st = write_protect(f->recorder, &m, &wp);
	if (db_succeeded(st) && m.random)
		st = physically_blank(f->recorder, &m, &blank);
	if (db_succeeded(st))
		*bits = media_state(&m, wp, blank);
	return st;
}

/* ---- sector addresses --------------------------------------------------- */

struct addresses {
	int32_t total, free, nwa;
	bool writable; /* takes a Write (NWA valid) */
};

static db_status addresses(struct db_format2data *f, struct addresses *a)
{
	*a = (struct addresses){.nwa = -1};
	struct medium m;
	db_status st = look_f(f, &m);
	if (db_failed(st))
		return st;
	if (!m.supported)
		return DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	struct db_device *d = db_recorder_device(f->recorder);
	if (m.random) {
		bool formatted;
		st = random_capacity(d, m.profile, &formatted, &a->total);
		a->free = a->total;
		a->nwa = 0;
		a->writable = db_succeeded(st);
		return st;
	}
	if (!m.have_disc)
		return DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	if (m.di.disc_status == 2) {
		struct db_capacity cap;
		st = db_mmc_read_capacity(d, &cap);
		if (db_succeeded(st))
			a->total = (int32_t)cap.last_lba + 1;
		return st;
	}
	struct db_track_info ti;
	st = db_mmc_read_track_information(d, 1, m.di.last_track_last_session, &ti);
	if (db_failed(st))
		return st;
	if (ti.nwa_valid) {
		a->nwa = ti.nwa;
		a->free = (int32_t)ti.free_blocks;
		a->total = ti.nwa + a->free;
		a->writable = true;
	}
	return DB_S_OK;
}

db_status db_format2data_get_total_sectors_on_media(struct db_format2data *f, int32_t *out)
{
	if (!out)
		return DB_E_POINTER;
	struct addresses a;
	db_status st = addresses(f, &a);
	*out = db_succeeded(st) ? a.total : 0;
	return st;
}

db_status db_format2data_get_free_sectors_on_media(struct db_format2data *f, int32_t *out)
{
	if (!out)
		return DB_E_POINTER;
	struct addresses a;
	db_status st = addresses(f, &a);
	*out = db_succeeded(st) ? a.free : 0;
	return st;
}

db_status db_format2data_get_next_writable_address(struct db_format2data *f, int32_t *out)
{
	if (!out)
		return DB_E_POINTER;
	struct addresses a;
	db_status st = addresses(f, &a);
	if (db_succeeded(st) && !a.writable)
		st = DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	*out = db_succeeded(st) ? a.nwa : -1;
	return st;
}

static db_status previous_session(struct db_format2data *f, struct db_multisession_info *mi)
{
	struct medium m;
	db_status st = look_f(f, &m);
	if (db_succeeded(st) && !m.supported)
		st = DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	if (db_succeeded(st))
		st = db_multisession_import(f->recorder, mi);
	return st;
}

db_status db_format2data_get_start_address_of_previous_session(struct db_format2data *f,
							       int32_t *out)
{
	if (!out)
		return DB_E_POINTER;
	struct db_multisession_info mi;
	db_status st = previous_session(f, &mi);
	*out = db_succeeded(st) ? mi.start_address_of_previous_session : -1;
	return st;
}

db_status db_format2data_get_last_written_address_of_previous_session(struct db_format2data *f,
								      int32_t *out)
{
	if (!out)
		return DB_E_POINTER;
	struct db_multisession_info mi;
	db_status st = previous_session(f, &mi);
	*out = db_succeeded(st) ? mi.last_written_address_of_previous_session : -1;
	return st;
}

/* ---- speeds ------------------------------------------------------------- */

db_status db_format2data_get_supported_write_speed_descriptors(struct db_format2data *f,
							       struct db_write_speed *out,
							       unsigned cap, unsigned *n)
{
	if (!n || (cap && !out))
		return DB_E_POINTER;
	*n = 0;
	struct medium m;
	db_status st = look_f(f, &m);
	if (db_succeeded(st))
		st = db_recorder_write_speeds(f->recorder, out, cap, n);
	if (db_failed(st))
		return st;
	for (unsigned i = 0; i < *n; i++)
		out[i].profile = m.profile;
	return DB_S_OK;
}

db_status db_format2data_get_supported_write_speeds(struct db_format2data *f, int32_t *out,
						    unsigned cap, unsigned *n)
{
	if (!n || (cap && !out))
		return DB_E_POINTER;
	struct db_write_speed ws[DB_MAX_SPEEDS];
	unsigned k = 0;
	db_status st = db_format2data_get_supported_write_speed_descriptors(f, ws, DB_MAX_SPEEDS, &k);
	*n = 0;
	if (db_failed(st))
		return st;
	for (unsigned i = 0; i < k; i++) {
		if (*n < cap)
			out[*n] = db_write_speed_get_write_speed(&ws[i]);
		(*n)++;
	}
	return DB_S_OK;
}

bool db_format2data_get_current_rotation_type_is_pure_cav(const struct db_format2data *f)
{
	return f->current_cav;
}

int32_t db_format2data_get_requested_write_speed(const struct db_format2data *f)
{
	return f->requested_sps;
}

bool db_format2data_get_requested_rotation_type_is_pure_cav(const struct db_format2data *f)
{
	return f->pure_cav;
}

/* ---- multisession ------------------------------------------------------- */

db_status db_format2data_get_multisession_interfaces(struct db_format2data *f,
						     struct db_multisession_interfaces *out)
{
	if (!out)
		return DB_E_POINTER;
	*out = (struct db_multisession_interfaces){0};
	struct medium m;
	db_status st = look_f(f, &m);
	if (db_failed(st))
		return st;
	bool ok = false;
	if (m.supported && m.random) {
		st = db_multisession_random_create(f->recorder, &out->random);
		if (db_succeeded(st))
			st = db_multisession_random_get_is_supported_on_current_media_state(out->random,
											   &ok);
	} else if (m.supported) {
		st = db_multisession_sequential_create(f->recorder, &out->sequential);
		if (db_succeeded(st))
			st = db_multisession_sequential_get_is_supported_on_current_media_state(
				out->sequential, &ok);
	}
	if (db_failed(st) || !ok) {
		db_multisession_interfaces_free(out);
		return st;
	}
	out->count = 1;
	return DB_S_OK;
}

void db_multisession_interfaces_free(struct db_multisession_interfaces *m)
{
	if (!m)
		return;
	db_multisession_sequential_destroy(m->sequential);
	db_multisession_random_destroy(m->random);
	*m = (struct db_multisession_interfaces){0};
}

/* ---- getters of the put properties -------------------------------------- */

struct db_recorder *db_format2data_get_recorder(const struct db_format2data *f)
{
	return f->recorder;
}

const char *db_format2data_get_client_name(const struct db_format2data *f)
{
	return f->client;
}

bool db_format2data_get_force_overwrite(const struct db_format2data *f)
{
	return f->force_overwrite;
}

bool db_format2data_get_force_media_to_be_closed(const struct db_format2data *f)
{
	return f->force_close;
}

bool db_format2data_get_buffer_underrun_free_disabled(const struct db_format2data *f)
{
	return f->bufe_disabled;
}

bool db_format2data_get_postgap_already_in_image(const struct db_format2data *f)
{
	return f->postgap_in_image;
}

bool db_format2data_get_disable_consumer_dvd_compatibility_mode(const struct db_format2data *f)
{
	return f->no_dvd_compat;
}

enum db_verification_level db_format2data_get_verification_level(const struct db_format2data *f)
{
	return f->verify;
}

size_t db_format2data_get_system_buffer(const struct db_format2data *f)
{
	return f->system_buffer;
}

int32_t db_format2data_get_verification_failed_lba(const struct db_format2data *f)
{
	return f->verify_failed_lba;
}
