/* DiscFormat2Erase (see erase.h for the recipe per medium). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "discburn/erase.h"
#include "format2data_internal.h"
#include "inhibit.h"
#include "discburn/write_engine.h"
#include "mmc/features.h"
#include "mmc/profiles.h"

#define BUSY_MAX_MS (3600u * 1000u)
#define POLL_MS 50u
#define BLANK_FULL 0 /* MMC-6 6.1.3: the whole disc */
#define BLANK_MINIMAL 1 /* PMA, TOC and the first pregap */
/* Zeros a quick erase writes over the start of a DVD+RW / BD-RE: 2 MiB,
 * past the ISO 9660 volume descriptors (sector 16 on) and the UDF anchor
 * (sector 256), a whole number of ECC blocks and clusters. */
#define QUICK_ZERO_SECTORS 1024

struct db_format2erase {
	struct db_recorder *recorder;
	bool full;
	char client[64];
	db_erase_progress_fn progress;
	void *ctx;
	uint64_t t0_ms; /* on the drive's clock (db_device_now_ms) */
	atomic_bool erasing; /* EraseMedia runs: the properties are frozen */
};

db_status db_format2erase_create(struct db_format2erase **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? DB_S_OK : DB_E_OUTOFMEMORY;
}

void db_format2erase_destroy(struct db_format2erase *e)
{
	free(e);
}

/* IMAPI2: "The format is currently using the disc recorder for an erase
 * operation" (E_IMAPI_ERASE_RECORDER_IN_USE) for any put while EraseMedia
 * runs; the options it erases with cannot change under it. */
db_status db_format2erase_put_recorder(struct db_format2erase *e, struct db_recorder *r)
{
	if (atomic_load(&e->erasing))
		return DB_E_IMAPI_ERASE_RECORDER_IN_USE;
	/* imapi2error.h: "The erase format only supports one recorder. You
	 * must clear the current recorder before setting a new one." */
	if (r && e->recorder && r != e->recorder)
		return DB_E_IMAPI_ERASE_ONLY_ONE_RECORDER_SUPPORTED;
	e->recorder = r;
	return DB_S_OK;
}

struct db_recorder *db_format2erase_get_recorder(const struct db_format2erase *e)
{
	return e->recorder;
}

db_status db_format2erase_put_full_erase(struct db_format2erase *e, bool full)
{
	if (atomic_load(&e->erasing))
		return DB_E_IMAPI_ERASE_RECORDER_IN_USE;
	e->full = full;
	return DB_S_OK;
}

bool db_format2erase_get_full_erase(const struct db_format2erase *e)
{
	return e->full;
}

db_status db_format2erase_put_client_name(struct db_format2erase *e, const char *name)
{
	if (!name || !*name || strlen(name) >= sizeof(e->client))
		return DB_E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID;
	if (atomic_load(&e->erasing))
		return DB_E_IMAPI_ERASE_RECORDER_IN_USE;
	strcpy(e->client, name);
	return DB_S_OK;
}

const char *db_format2erase_get_client_name(const struct db_format2erase *e)
{
	return e->client;
}

void db_format2erase_set_progress(struct db_format2erase *e, db_erase_progress_fn fn, void *ctx)
{
	e->progress = fn;
	e->ctx = ctx;
}

static bool written_by_engine(uint16_t p)
{
	enum mmc_media_family f = mmc_profile_family(p);
	return f == MMC_FAMILY_CD || f == MMC_FAMILY_DVD || f == MMC_FAMILY_BD;
}

/* Rewritable media recorded sequentially are blanked (MMC-6 6.1.1):
 * CD-RW, and DVD-RW in sequential recording like a CD-RW; the emulator
 * has no DVD-RW, so that path is untested here. */
static bool blanked_profile(uint16_t p)
{
	return written_by_engine(p) && mmc_profile_is(p, MMC_PA_SEQ | MMC_PA_RW);
}

/* Rewritable random-access media are erased by formatting them again
 * (the list's format type) and overwriting the start. */
static bool erasable_profile(uint16_t p)
{
	return blanked_profile(p) ||
	       (written_by_engine(p) && mmc_profile_is(p, MMC_PA_RAND | MMC_PA_RW | MMC_PA_FMT));
}

/* The medium in the drive: TEST UNIT READY first, so no medium is
 * E_IMAPI_RECORDER_MEDIA_NO_MEDIA and not a profile of 0. */
static db_status current_profile(struct db_recorder *r, uint16_t *profile)
{
	*profile = 0;
	db_status st = db_mmc_test_unit_ready(db_recorder_device(r));
	return db_succeeded(st) ? db_recorder_current_profile(r, profile) : st;
}

db_status db_format2erase_is_current_media_supported(struct db_format2erase *e,
						     struct db_recorder *r, bool *value)
{
	(void)e; /* IMAPI asks of the recorder passed, not the current one */
	if (!r || !value)
		return DB_E_POINTER;
	uint16_t profile;
	db_status st = current_profile(r, &profile);
	*value = db_succeeded(st) && erasable_profile(profile);
	return st;
}

db_status db_format2erase_media_supported(struct db_recorder *r, bool *supported)
{
	return db_format2erase_is_current_media_supported(NULL, r, supported);
}

/* The profiles of r's GET CONFIGURATION list this format erases. */
static db_status erasable_profiles(struct db_recorder *r, uint16_t *out, unsigned *n)
{
	struct db_configuration cfg;
	db_status st = db_recorder_profiles(r, &cfg);
	*n = 0;
	for (unsigned i = 0; db_succeeded(st) && i < cfg.n_profiles; i++)
		if (erasable_profile(cfg.profiles[i].number))
			out[(*n)++] = cfg.profiles[i].number;
	return st;
}

db_status db_format2erase_is_recorder_supported(struct db_format2erase *e,
						struct db_recorder *r, bool *value)
{
	(void)e;
	if (!r || !value)
		return DB_E_POINTER;
	uint16_t p[DB_MAX_PROFILES];
	unsigned n;
	db_status st = erasable_profiles(r, p, &n);
	*value = db_succeeded(st) && n > 0;
	return st;
}

db_status db_format2erase_get_supported_media_types(struct db_format2erase *e,
						    enum db_media_physical_type *out,
						    unsigned cap, unsigned *n)
{
	if (!n || (cap && !out))
		return DB_E_POINTER;
	*n = 0;
	if (!e->recorder)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	uint16_t p[DB_MAX_PROFILES];
	unsigned np;
	db_status st = erasable_profiles(e->recorder, p, &np);
	if (db_failed(st))
		return st;
	enum db_media_physical_type all[DB_MEDIA_TYPE_COUNT];
	*n = db_media_physical_types_of_profiles(p, np, all);
	if (*n > cap)
		return DB_E_INVALIDARG;
	memcpy(out, all, *n * sizeof(*out));
	return DB_S_OK;
}

/* IDiscFormat2::MediaPhysicallyBlank / MediaHeuristicallyBlank, the same
 * answers as DiscFormat2Data gives (format2data_query.c): whether there is
 * anything to erase. */
db_status db_format2erase_get_media_physically_blank(struct db_format2erase *e, bool *blank)
{
	if (!e->recorder)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	return df2d__media_physically_blank(e->recorder, blank);
}

db_status db_format2erase_get_media_heuristically_blank(struct db_format2erase *e, bool *blank)
{
	if (!e->recorder)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	return df2d__media_heuristically_blank(e->recorder, blank);
}

db_status db_format2erase_get_current_physical_media_type(struct db_format2erase *e,
							  enum db_media_physical_type *out)
{
	if (!out)
		return DB_E_POINTER;
	*out = DB_MEDIA_TYPE_UNKNOWN;
	if (!e->recorder)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	uint16_t profile;
	db_status st = current_profile(e->recorder, &profile);
	if (db_succeeded(st))
		*out = db_media_physical_type_from_profile(profile);
	return st;
}

/* Drive time since EraseMedia began: what the drive spent, so on a
 * virtual clock a 20-minute blank reports 20 minutes in no wall time. */
static uint64_t elapsed_ms(struct db_format2erase *e)
{
	return db_device_now_ms(db_recorder_device(e->recorder)) - e->t0_ms;
}

/* Total time from the progress so far: elapsed / fraction done. */
static void on_poll(int progress, void *ctx)
{
	struct db_format2erase *e = ctx;
	if (!e->progress)
		return;
	uint64_t el = elapsed_ms(e);
	uint64_t total = progress > 0 ? el * 65536 / (uint64_t)progress : el;
	e->progress((int32_t)(el / 1000), (int32_t)(total / 1000), progress, e->ctx);
}

/* IMAPI gives a blank or format an hour (E_IMAPI_ERASE_TOOK_LONGER_THAN_
 * ONE_HOUR); a full BLANK of a CD-RW at 1x takes about 80 minutes of a
 * 74-minute disc's, the drives IMAPI targets are faster. */
static db_status wait_done(struct db_format2erase *e)
{
	db_status st = db_mmc_wait_while_busy(db_recorder_device(e->recorder), BUSY_MAX_MS,
					      POLL_MS, on_poll, e);
	return st == DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT ? DB_E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR
							  : st;
}

static db_status erase_blank(struct db_format2erase *e)
{
	db_status st = db_mmc_blank(db_recorder_device(e->recorder), true,
				    e->full ? BLANK_FULL : BLANK_MINIMAL, 0);
	return db_succeeded(st) ? wait_done(e) : st;
}

/* FORMAT UNIT with the drive's own full-size descriptor of the format
 * type mmc/profiles.h names: 26h on DVD+RW, 00h on BD-RE (MMC-6 6.4.4.2). */
static db_status format_random(struct db_format2erase *e, uint16_t profile, uint32_t *blocks)
{
	struct db_device *d = db_recorder_device(e->recorder);
	struct db_format_capacities fc;
	db_status st = db_mmc_read_format_capacities(d, &fc);
	if (db_failed(st))
		return st;
	int type = mmc_profile_format_type(profile);
	const struct db_format_descriptor *fd = type < 0 ? NULL : db_format_find(&fc, (uint8_t)type);
	if (!fd)
		return DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED;
	*blocks = fd->blocks;
	st = db_mmc_format_unit(d, true, fd->blocks, (uint8_t)type, 0, fd->param);
	return db_succeeded(st) ? wait_done(e) : st;
}

/* The highest sector that holds data: the track's Last Recorded
 * Address, or the whole formatted area when the drive does not say. */
static int64_t recorded_extent(struct db_device *d, uint32_t formatted)
{
	struct db_track_info ti;
	if (db_succeeded(db_mmc_read_track_information(d, 1, 1, &ti)) && ti.lra_valid)
		return (int64_t)ti.last_recorded + 1;
	return formatted;
}

/* SYNCHRONIZE CACHE with Immed, then polled: flushing a full drive
 * buffer at 1x takes longer than a command may. */
static db_status sync_cache(struct db_device *d)
{
	struct db_cmd c;
	db_cdb_synchronize_cache(&c, true);
	c.timeout_ms = DB_TIMEOUT_DEFAULT_MS;
	db_status st = db_device_exec(d, &c);
	return db_succeeded(st) ? db_mmc_wait_while_busy(d, BUSY_MAX_MS, POLL_MS, NULL, NULL) : st;
}

static db_status write_zeros(struct db_recorder *r, int32_t sectors)
{
	struct db_stream *s;
	db_status st = df2d__zero_stream(sectors, &s);
	if (db_failed(st))
		return st;
	struct db_write_engine *we;
	st = db_write_engine_create(&we);
	if (db_succeeded(st))
		st = db_write_engine_put_recorder(we, r);
	if (db_succeeded(st))
		st = db_write_engine_write_section(we, s, 0, sectors);
	db_write_engine_destroy(we);
	db_stream_close(s);
	if (db_succeeded(st))
		st = sync_cache(db_recorder_device(r));
	return st;
}

/* FORMAT UNIT 26h left a background format running (MMC-6 4.3.6.2.3):
 * stop it the compatible way (CLOSE 010b), as a burn does. */
static db_status stop_background_format(struct db_device *d)
{
	struct db_disc_info di;
	db_status st = db_mmc_read_disc_information(d, &di);
	if (db_failed(st) || di.bg_format_status != 2)
		return st;
	return df2d__close(d, MMC_CLOSE_SESSION, 0, NULL);
}

static db_status erase_random(struct db_format2erase *e, uint16_t profile)
{
	struct db_device *d = db_recorder_device(e->recorder);
	int64_t extent = recorded_extent(d, 0);
	uint32_t formatted = 0;
	db_status st = format_random(e, profile, &formatted);
	if (db_failed(st))
		return st;
	int64_t n = e->full ? (extent > 0 ? extent : formatted) : QUICK_ZERO_SECTORS;
	if (n > formatted)
		n = formatted;
	n = (n + 31) / 32 * 32; /* whole ECC blocks / clusters */
	st = n > 0 ? write_zeros(e->recorder, (int32_t)n) : DB_S_OK;
	if (db_succeeded(st) && mmc_profile_is(profile, MMC_PA_BGF))
		st = stop_background_format(d);
	return st;
}

static db_status erase_media(struct db_format2erase *e)
{
	e->t0_ms = db_device_now_ms(db_recorder_device(e->recorder));
	db_status st = db_recorder_acquire_exclusive(e->recorder, e->client[0] ? e->client : NULL);
	uint16_t profile = 0;
	if (db_succeeded(st))
		st = current_profile(e->recorder, &profile);
	if (db_failed(st))
		return st;
	if (!erasable_profile(profile))
		return DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED;
	st = blanked_profile(profile) ? erase_blank(e) : erase_random(e, profile);
	if (db_succeeded(st) && e->progress) {
		int32_t el = (int32_t)(elapsed_ms(e) / 1000);
		e->progress(el, el, 65536, e->ctx);
	}
	return st;
}

db_status db_format2erase_erase_media(struct db_format2erase *e)
{
	if (!e->recorder)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	/* As Write: the caller gets back the exclusive access it held. */
	bool idle = false;
	if (!atomic_compare_exchange_strong(&e->erasing, &idle, true))
		return DB_E_IMAPI_ERASE_RECORDER_IN_USE;
	struct db_exclusive_hold hold;
	db_recorder_save_exclusive(e->recorder, &hold);
	db__inhibit_take(e->client); /* no sleep mid-erase (inhibit.h) */
	/* As Write: no media polling while the medium changes (best effort). */
	bool mcn_off = db_succeeded(db_recorder_disable_mcn(e->recorder));
	db_status st = erase_media(e);
	if (mcn_off)
		(void)db_recorder_enable_mcn(e->recorder);
	db__inhibit_release();
	(void)db_recorder_restore_exclusive(e->recorder, &hold);
	atomic_store(&e->erasing, false);
	return st;
}
