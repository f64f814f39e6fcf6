/* IMultisessionSequential from the drive's own answers: READ DISC
 * INFORMATION (MMC-6 6.21) for the state and the last track, READ TRACK
 * INFORMATION (MMC-5 6.27) of that track for the NWA and free blocks, READ TOC
 * format 0001b (MMC-5 6.26.3.3) for the start of the last complete session, and
 * the track before the invisible one for the last sector it holds. */
#include "discburn/multisession.h"
#include "mmc/profiles.h"

static bool sequential_profile(uint16_t p)
{
	return mmc_profile_is(p, MMC_PA_SEQ);
}

/* The last sector the previous session holds: the Last Recorded Address
 * of the highest track before the open one (or its end when the drive
 * gives no LRA). */
static db_status previous_session_end(struct db_device *d, uint16_t open_track, int32_t *last)
{
	struct db_track_info ti;
	db_status st = db_mmc_read_track_information(d, 1, open_track - 1u, &ti);
	if (db_failed(st))
		return st;
	*last = ti.lra_valid ? ti.last_recorded : ti.start + (int32_t)ti.size - 1;
	return DB_S_OK;
}

static db_status fill_previous(struct db_device *d, const struct db_disc_info *di,
			       struct db_multisession_info *o)
{
	struct db_session_info si;
	db_status st = db_mmc_read_session_info(d, &si);
	if (db_failed(st))
		return st;
	o->start_address_of_previous_session = si.last_session_start;
	o->sessions = si.last_session;
	/* An appendable disc's open session is empty: the previous one's
	 * last track is the one before the invisible track. */
	return previous_session_end(d, di->last_track_last_session,
				    &o->last_written_address_of_previous_session);
}

db_status db_multisession_import(struct db_recorder *r, struct db_multisession_info *o)
{
	struct db_device *d = db_recorder_device(r);
	*o = (struct db_multisession_info){.start_address_of_previous_session = -1,
					   .last_written_address_of_previous_session = -1,
					   .next_writable_address = -1};
	db_status st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(r, &o->profile);
	struct db_disc_info di;
	if (db_succeeded(st))
		st = db_mmc_read_disc_information(d, &di);
	if (db_failed(st) || !sequential_profile(o->profile) || di.disc_status >= 2)
		return st;
	struct db_track_info ti;
	st = db_mmc_read_track_information(d, 1, di.last_track_last_session, &ti);
	if (db_failed(st) || !ti.nwa_valid)
		return st;
	o->supported_on_current_media_state = true;
	o->next_writable_address = ti.nwa;
	o->free_sectors_on_media = (int32_t)ti.free_blocks;
	o->first_data_session = di.disc_status == 0;
	if (o->first_data_session || di.last_track_last_session <= 1)
		return DB_S_OK;
	return fill_previous(d, &di, o);
}
