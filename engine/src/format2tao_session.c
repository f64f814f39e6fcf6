/* DiscFormat2TrackAtOnce's session: PrepareMedia (exclusive access, the
 * medium checked, page 05h for audio TAO, speed) and ReleaseMedia (CLOSE
 * SESSION, the TOC checked, everything given back). */
#include <stdlib.h>
#include <string.h>

#include "format2tao_internal.h"
#include "inhibit.h"
#include "mmc/features.h"

/* Page 05h (MMC-6 7.5.4) for CD-DA in Track At Once: write type 01h,
 * track mode 0 (2 audio channels, no pre-emphasis, copy prohibited: the
 * Q control nibble of every sector of the track), data block type 0 (2352
 * bytes of raw samples), session format 00h (CD-DA or CD-ROM).
 * Multi-session 11b leaves the disc open for a next session when the
 * session closes, 00b makes that close final (MMC-6 6.3.3.1.3): what
 * DoNotFinalizeMedia chooses. Audio pause length: the 150 sectors the
 * drive records before each track. */
db_status tao__set_write_params(struct db_format2tao *f)
{
	struct db_device *d = db_recorder_device(f->recorder);
	struct db_write_params w;
	db_status st = db_mmc_get_write_params(d, &w);
	if (db_failed(st))
		return st;
	w.bufe = !f->bufe_disabled;
	w.test_write = f->simulate;
	w.write_type = MMC_WRITE_TYPE_TAO;
	w.track_mode = 0;
	w.data_block_type = 0;
	w.session_format = 0x00;
	w.multisession = f->dnf ? 3 : 0;
	w.fp = false;
	w.copy = false;
	w.audio_pause_length = DB_CDDA_PREGAP_SECTORS;
	return db_mmc_set_write_params(d, &w);
}

/* The drive writes CD-R/RW, and the medium is one: a blank disc, or one
 * whose last session is open or empty with an NWA:
 * not a complete disc (10b), not "others" (11b), not a damaged session. */
static db_status check_medium(struct db_format2tao *f)
{
	struct db_device *d = db_recorder_device(f->recorder);
	/* A drive with no CD-R/RW profile (a DVD-ROM or BD-only drive)
	 * cannot write audio whatever the medium. */
	bool supported = false;
	db_status st = db_format2tao_is_recorder_supported(f, f->recorder, &supported);
	if (db_failed(st))
		return st;
	if (!supported)
		return DB_E_IMAPI_DF2TAO_RECORDER_NOT_SUPPORTED;
	st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(f->recorder, &f->profile);
	if (db_failed(st))
		return st;
	if (!tao__profile_supported(f->profile))
		return DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED;
	struct tao_disc t;
	st = tao__look(f->recorder, &t);
	if (db_failed(st))
		return st;
	if (t.di.disc_status >= 2 || t.di.last_session_state == 2 || !t.nwa_valid)
		return DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK;
	return DB_S_OK;
}

/* SEND OPC INFORMATION with DoOPC (MMC-5 6.36): a drive without OPC for
 * the medium answers ILLEGAL REQUEST, which is no failure. */
static db_status calibrate(struct db_format2tao *f)
{
	struct db_device *d = db_recorder_device(f->recorder);
	struct db_cmd c;
	db_cdb_send_opc(&c, true);
	c.timeout_ms = DB_TIMEOUT_DEFAULT_MS;
	db_status st = db_device_exec(d, &c);
	if (db_failed(st) && db_device_last_sense(d).key == 0x5)
		return DB_S_OK;
	return st;
}

/* Undoes what PrepareMedia took, in reverse. */
static void give_back(struct db_format2tao *f)
{
	(void)db_mmc_prevent_allow(db_recorder_device(f->recorder), false);
	if (f->mcn_off)
		(void)db_recorder_enable_mcn(f->recorder);
	f->mcn_off = false;
	db__inhibit_release();
	(void)db_recorder_restore_exclusive(f->recorder, &f->hold);
	atomic_store(&f->prepared, false);
}

db_status db_format2tao_prepare_media(struct db_format2tao *f)
{
	if (!f)
		return DB_E_POINTER;
	if (!f->recorder)
		return DB_E_IMAPI_DF2TAO_NO_RECORDER_SPECIFIED;
	if (!f->client[0])
		return DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID;
	bool idle = false;
	if (!atomic_compare_exchange_strong(&f->prepared, &idle, true))
		return DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED;
	tao__begin(f, 0);
	tao__event(f, DB_DF2TAO_PREPARING, 0, 0, NULL);
	f->tracks_added = 0;
	f->current_sps = -1;
	f->current_cav = false;
	db_recorder_save_exclusive(f->recorder, &f->hold);
	db__inhibit_take(f->client);
	db_status st = db_recorder_acquire_exclusive(f->recorder, f->client);
	if (db_succeeded(st))
		st = check_medium(f);
	if (db_succeeded(st)) {
		/* Nothing else reacts to the medium while tracks go on it
		 * (IMAPI2: MCN off until ReleaseMedia). Best effort, as in
		 * DiscFormat2Data: without root the knob stays. */
		f->mcn_off = db_succeeded(db_recorder_disable_mcn(f->recorder));
		/* An eject between two tracks would leave the session open. */
		(void)db_mmc_prevent_allow(db_recorder_device(f->recorder), true);
		st = tao__set_write_params(f);
	}
	db_status speed = DB_S_OK;
	if (db_succeeded(st))
		speed = st = tao__apply_speed(f);
	if (db_succeeded(st))
		st = calibrate(f);
	if (db_failed(st)) {
		give_back(f);
		return st;
	}
	return speed;
}

/* The drive's READ TOC format 0 against the one AddAudioTrack's tracks
 * predicted: track numbers, starts, control, lead-out. */
static db_status verify_toc(struct db_format2tao *f, const uint8_t *want, size_t want_len)
{
	struct db_device *d = db_recorder_device(f->recorder);
	uint8_t *got = calloc(1, want_len);
	if (!got)
		return DB_E_OUTOFMEMORY;
	struct db_cmd c;
	db_cdb_read_toc(&c, got, (uint16_t)want_len, 0, false, 1);
	db_status st = db_device_exec(d, &c);
	if (db_succeeded(st) && (c.resid != 0 || memcmp(got, want, want_len)))
		st = DB_E_IMAPI_BURN_VERIFICATION_FAILED;
	free(got);
	return st;
}

/* IMAPI2 ReleaseMedia: "closes the track-writing session and releases the
 * lock". CLOSE SESSION (function 010b, MMC-6 6.3.3.1.3) writes the lead-in
 * and lead-out; with multi-session 00b in page 05h the disc is complete
 * after it, with 11b it takes another session. A session no track went
 * into has nothing to close; a simulation recorded nothing. */
db_status db_format2tao_release_media(struct db_format2tao *f)
{
	if (!f)
		return DB_E_POINTER;
	if (atomic_load(&f->writing))
		return DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS;
	if (!atomic_load(&f->prepared))
		return DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED;
	tao__begin(f, 0);
	db_status st = DB_S_OK;
	if (f->tracks_added && !f->simulate) {
		uint8_t *toc = NULL;
		size_t len = 0;
		if (f->verify == DB_VERIFY_QUICK) {
			/* predicted before the close, checked after it */
			toc = malloc(4 + 8 * (DB_CD_MAX_TRACKS + 1));
			st = toc ? db_format2tao_get_expected_table_of_contents(
					   f, toc, 4 + 8 * (DB_CD_MAX_TRACKS + 1), &len)
				 : DB_E_OUTOFMEMORY;
		}
		tao__event(f, DB_DF2TAO_FINISHING, 0, 0, NULL);
		if (db_succeeded(st))
			st = tao__sync(f);
		if (db_succeeded(st))
			st = tao__close(f, MMC_CLOSE_SESSION, 0);
		if (db_succeeded(st) && toc) {
			tao__event(f, DB_DF2TAO_VERIFYING, 0, 0, NULL);
			st = verify_toc(f, toc, len);
		}
		free(toc);
	}
	f->tracks_added = 0;
	give_back(f);
	return st;
}
