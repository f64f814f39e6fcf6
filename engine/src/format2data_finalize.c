/* DiscFormat2Data, FINALIZATION: make what was written permanent and
 * readable. SYNCHRONIZE CACHE first (data still in the drive's buffer is
 * not on the disc), then per medium (MMC-6 6.2.3, docs/format2data.md):
 *   CD-R/RW, DVD-R   CLOSE track, CLOSE session; page 05h multi-session
 *                    (set before writing) decides appendable or complete
 *   DVD+R            CLOSE track, CLOSE session; ForceMediaToBeClosed:
 *                    finalize with function 101b (6.2.3.4.4)
 *   BD-R             as DVD+R, finalize with 110b (6.2.3.5)
 *   DVD+RW           a running background format is stopped (010b,
 *                    compatible; 000b quick with
 *                    DisableConsumerDvdCompatibilityMode) or, with
 *                    ForceMediaToBeClosed, completed (011b)
 *   BD-RE            nothing more
 * Each command goes with Immed and is polled: a real drive takes minutes
 * to write a lead-out, longer than any command timeout. */
#include "format2data_internal.h"
#include "mmc/features.h"
#include "mmc/profiles.h"

/* Background format status in READ DISC INFORMATION byte 7 (MMC-6
 * 6.21.3.1.13): 10b = in progress. */
#define BG_FORMAT_IN_PROGRESS 2

db_status df2d__close(struct db_device *d, uint8_t func, uint16_t number,
		      struct db_format2data *f)
{
	struct db_cmd c;
	db_cdb_close_track_session(&c, true, func, number);
	c.timeout_ms = DB_TIMEOUT_DEFAULT_MS;
	db_status st = db_device_exec(d, &c);
	if (db_failed(st))
		return st;
	return f ? df2d__wait(f) : db_mmc_wait_while_busy(d, DF2D_BUSY_MAX_MS, DF2D_POLL_MS, NULL, NULL);
}

static db_status sync_cache(struct db_format2data *f)
{
	struct db_device *d = db_recorder_device(f->recorder);
	struct db_cmd c;
	db_cdb_synchronize_cache(&c, true);
	c.timeout_ms = DB_TIMEOUT_DEFAULT_MS;
	db_status st = db_device_exec(d, &c);
	return db_succeeded(st) ? df2d__wait(f) : st;
}

/* The close function that finalizes: 101b on DVD+R and DVD+R DL (MMC-6
 * 6.3.3.4.4), 110b on BD-R (6.3.3.5); 0 where page 05h multi-session 00b
 * already made the disc final. */
static uint8_t finalize_function(uint16_t profile)
{
	if (mmc_profile_is(profile, MMC_PA_SEQ | MMC_PA_PLUS))
		return MMC_CLOSE_FINALIZE_DVD_PLUS_R_30MM;
	if (mmc_profile_family(profile) == MMC_FAMILY_BD && mmc_profile_is(profile, MMC_PA_SEQ))
		return MMC_CLOSE_FINALIZE_DVD_PLUS_R;
	return 0;
}

static db_status finalize_sequential(struct db_format2data *f, const struct df2d_plan *p)
{
	struct db_device *d = db_recorder_device(f->recorder);
	db_status st = df2d__close(d, MMC_CLOSE_TRACK, p->track, f);
	if (db_succeeded(st))
		st = df2d__close(d, MMC_CLOSE_SESSION, 0, f);
	f->closed_session = db_succeeded(st);
	uint8_t fin = finalize_function(p->profile);
	if (db_succeeded(st) && f->force_close && fin)
		st = df2d__close(d, fin, 0, f);
	return st;
}

static db_status finalize_dvd_plus_rw(struct db_format2data *f)
{
	struct db_device *d = db_recorder_device(f->recorder);
	struct db_disc_info di;
	db_status st = db_mmc_read_disc_information(d, &di);
	if (db_failed(st) || di.bg_format_status != BG_FORMAT_IN_PROGRESS)
		return st;
	uint8_t fn = f->force_close ? MMC_CLOSE_FINALIZE_BACKGROUND_FORMAT
		     : f->no_dvd_compat ? MMC_CLOSE_STOP_BACKGROUND_FORMAT_QUICK
					: MMC_CLOSE_SESSION;
	return df2d__close(d, fn, 0, f);
}

db_status df2d__finalize(struct db_format2data *f, const struct df2d_plan *p)
{
	/* The drive's buffer is flushed before FINALIZATION begins: until it
	 * is, the data is not written, and a caller timing the burn (the
	 * CLI's closing line) ends it where FINALIZATION starts. */
	db_status st = sync_cache(f);
	if (db_failed(st))
		return st;
	df2d__event(f, DB_DF2D_FINALIZATION, 0, 0, NULL);
	if (!p->random_access)
		return finalize_sequential(f, p);
	if (mmc_profile_is(p->profile, MMC_PA_BGF))
		return finalize_dvd_plus_rw(f);
	return DB_S_OK;
}
