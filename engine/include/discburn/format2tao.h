/* DiscFormat2TrackAtOnce (IMAPI2 IDiscFormat2TrackAtOnce): writes CD-DA
 * audio tracks onto a CD-R or CD-RW in Track At Once, one AddAudioTrack
 * per track, between PrepareMedia and ReleaseMedia. A sibling of
 * DiscFormat2Data on the same WriteEngine2 (2352-byte sectors here).
 *
 *   PrepareMedia     recorder and client name required; exclusive access;
 *                    a blank or appendable CD-R/RW; media change
 *                    notification off until ReleaseMedia; tray locked;
 *                    mode page 05h: write type TAO (01h), track mode 0
 *                    (audio), data block type 0 (2352 bytes raw), BUFE,
 *                    multi-session 11b with DoNotFinalizeMedia, else 00b;
 *                    write speed                         (PREPARING)
 *   AddAudioTrack    the stream as the next track, at the NWA READ TRACK
 *                    INFORMATION gives (the drive records the 2 s pregap
 *                    before it, docs/format2tao.md): padded with silence
 *                    to whole sectors and to 4 s (300 sectors); refused
 *                    before anything is written when it does not fit or
 *                    the disc has 99 tracks             (WRITING)
 *                    SYNCHRONIZE CACHE, CLOSE TRACK     (FINISHING)
 *                    quick verification: READ TRACK INFORMATION of the
 *                    track                              (VERIFYING)
 *   CancelAddTrack   from any thread (the progress callback too): the
 *                    part written stays as a shorter complete track
 *                    (padded to 4 s, closed); AddAudioTrack ends with
 *                    E_IMAPI_REQUEST_CANCELLED
 *   ReleaseMedia     CLOSE SESSION (finalizes unless DoNotFinalizeMedia),
 *                    quick verification: READ TOC against
 *                    ExpectedTableOfContents; tray and exclusive access
 *                    released, media change notification back on
 *
 * Samples are 44,100 Hz, 16-bit signed, 2 channels interleaved,
 * LITTLE-ENDIAN: WAV data without its header (IMAPI2's AddAudioTrack),
 * sent to the drive as they are: the order drives take CD-DA in (cdrecord
 * swaps big-endian input for them, libburn sends WAV data as it is).
 * docs/format2tao.md has the sequences and the layout. */
#ifndef DISCBURN_FORMAT2TAO_H
#define DISCBURN_FORMAT2TAO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discburn/format2data.h"
#include "discburn/media_type.h"
#include "discburn/recorder.h"
#include "discburn/status.h"
#include "discburn/stream.h"
#include "discburn/write_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CD-DA sector: 588 stereo samples of 4 bytes (IEC 60908). */
#define DB_CDDA_SECTOR_BYTES 2352
/* The shortest audio track (Red Book: 4 s) and the TAO pause before each
 * track (2 s), in sectors of 1/75 s. */
#define DB_CDDA_MIN_TRACK_SECTORS 300
#define DB_CDDA_PREGAP_SECTORS 150
/* Tracks of a CD: 1-99. */
#define DB_CD_MAX_TRACKS 99

/* IMAPI_FORMAT2_TAO_WRITE_ACTION, same values. */
enum db_format2tao_action {
	DB_DF2TAO_UNKNOWN = 0,
	DB_DF2TAO_PREPARING = 1,
	DB_DF2TAO_WRITING = 2,
	DB_DF2TAO_FINISHING = 3,
	DB_DF2TAO_VERIFYING = 4,
};
/* "PREPARING", ...; "UNKNOWN" for anything else. */
const char *db_format2tao_action_name(enum db_format2tao_action a);

/* IDiscFormat2TrackAtOnceEventArgs: the track (1-99; 0 in PrepareMedia
 * and ReleaseMedia's session close), the action, times in seconds since
 * the method began (PrepareMedia, AddAudioTrack or ReleaseMedia), and the
 * IWriteEngine2EventArgs figures (meaningful while WRITING). */
struct db_format2tao_progress {
	int32_t current_track_number;
	enum db_format2tao_action current_action;
	int32_t elapsed_time;
	int32_t remaining_time;
	struct db_write_progress write;
	/* Beyond IMAPI, for bars: sectors of the track written so far and
	 * the track's sectors (padding included); ms since the method began. */
	int64_t action_done;
	int64_t action_total;
	uint64_t elapsed_ms;
};
typedef void (*db_format2tao_progress_fn)(const struct db_format2tao_progress *p, void *ctx);

struct db_format2tao;

db_status db_format2tao_create(struct db_format2tao **out);
/* Releases the media first if it is still prepared. */
void db_format2tao_destroy(struct db_format2tao *f);

/* ---- put properties ------------------------------------------------------
 * None may change while a track is written (E_IMAPI_DF2TAO_WRITE_IN_PROGRESS);
 * Recorder, ClientName and DoNotFinalizeMedia neither while the media is
 * prepared (E_IMAPI_DF2TAO_MEDIA_IS_PREPARED). */
db_status db_format2tao_put_recorder(struct db_format2tao *f, struct db_recorder *r);
struct db_recorder *db_format2tao_get_recorder(const struct db_format2tao *f);
/* 1-63 letters, digits, space, '_', '-', '.'; else
 * E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID. Required by PrepareMedia. */
db_status db_format2tao_put_client_name(struct db_format2tao *f, const char *name);
/* "" until put; owned by f. */
const char *db_format2tao_get_client_name(const struct db_format2tao *f);
db_status db_format2tao_put_buffer_underrun_free_disabled(struct db_format2tao *f, bool on);
bool db_format2tao_get_buffer_underrun_free_disabled(const struct db_format2tao *f);
/* DoNotFinalizeMedia (default false): ReleaseMedia closes the session
 * leaving the disc open for another session (page 05h multi-session 11b):
 * audio first, then a data session by DiscFormat2Data, an Enhanced CD.
 * While prepared: E_IMAPI_DF2TAO_MEDIA_IS_PREPARED, or
 * E_IMAPI_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY once a track was written. */
db_status db_format2tao_put_do_not_finalize_media(struct db_format2tao *f, bool on);
bool db_format2tao_get_do_not_finalize_media(const struct db_format2tao *f);
/* BurnVerification (IBurnVerification): none or quick (READ TRACK
 * INFORMATION after each track, READ TOC after the session). Full is not
 * offered for TAO, as in IMAPI2: E_INVALIDARG. */
db_status db_format2tao_put_verification_level(struct db_format2tao *f,
					       enum db_verification_level v);
enum db_verification_level db_format2tao_get_verification_level(const struct db_format2tao *f);
/* Beyond IMAPI (cdrecord -dummy): Test Write in page 05h; tracks go
 * through the drive with the laser off, each one closed as cdrecord
 * -dummy closes them (the drive records nothing and keeps its NWA, where
 * the next one goes); the session is not closed, nothing is verified. */
db_status db_format2tao_put_simulate(struct db_format2tao *f, bool on);
bool db_format2tao_get_simulate(const struct db_format2tao *f);
/* Not in IMAPI: WriteEngine2's ring size (default 8 MiB). */
db_status db_format2tao_put_system_buffer(struct db_format2tao *f, size_t bytes);
void db_format2tao_set_progress(struct db_format2tao *f, db_format2tao_progress_fn fn, void *ctx);

/* SetWriteSpeed: sectors per second (2352-byte CD sectors, 75 = 1x; -1
 * the fastest) and pure CAV. Stored, and applied by PrepareMedia (SET CD
 * SPEED); while prepared, applied at once. Where it is applied, the
 * result says what the drive changed: S_IMAPI_SPEEDADJUSTED,
 * S_IMAPI_ROTATIONADJUSTED, S_IMAPI_BOTHADJUSTED (successes). */
db_status db_format2tao_set_write_speed(struct db_format2tao *f, int32_t sectors_per_second,
					bool pure_cav);
int32_t db_format2tao_get_requested_write_speed(const struct db_format2tao *f);
bool db_format2tao_get_requested_rotation_type_is_pure_cav(const struct db_format2tao *f);
/* Read back from the drive (page 2Ah) when the speed was applied; -1 /
 * false before. */
int32_t db_format2tao_get_current_write_speed(const struct db_format2tao *f);
bool db_format2tao_get_current_rotation_type_is_pure_cav(const struct db_format2tao *f);
db_status db_format2tao_get_supported_write_speeds(struct db_format2tao *f, int32_t *out,
						   unsigned cap, unsigned *n);
db_status db_format2tao_get_supported_write_speed_descriptors(struct db_format2tao *f,
							      struct db_write_speed *out,
							      unsigned cap, unsigned *n);

/* ---- the session ---------------------------------------------------------
 * PrepareMedia: E_IMAPI_DF2TAO_NO_RECORDER_SPECIFIED, _CLIENT_NAME_IS_NOT_VALID,
 * _MEDIA_IS_PREPARED (already), _MEDIA_IS_NOT_SUPPORTED (not a CD-R/RW),
 * _MEDIA_IS_NOT_BLANK (a complete or damaged disc), the drive's status. */
db_status db_format2tao_prepare_media(struct db_format2tao *f);
/* AddAudioTrack: the stream's size must be known, above 0 and a multiple
 * of 4 bytes (whole stereo samples): else E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED.
 * E_POINTER, _MEDIA_IS_NOT_PREPARED, _WRITE_IN_PROGRESS,
 * _TRACK_LIMIT_REACHED (the disc has 99 tracks), _NOT_ENOUGH_SPACE (the
 * padded track and its run-out exceed FreeSectorsOnMedia): all before the
 * first WRITE. */
db_status db_format2tao_add_audio_track(struct db_format2tao *f, struct db_stream *s);
/* CancelAddTrack, from any thread: E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS
 * when no track is being written. */
db_status db_format2tao_cancel_add_track(struct db_format2tao *f);
/* ReleaseMedia: _WRITE_IN_PROGRESS, _MEDIA_IS_NOT_PREPARED; closes the
 * session (when a track was written) and releases what PrepareMedia took
 * even when the close fails (its status is returned). */
db_status db_format2tao_release_media(struct db_format2tao *f);

/* ---- read-only properties ------------------------------------------------
 * NumberOfExistingTracks, the sector counts and ExpectedTableOfContents
 * need a prepared medium (E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED) and are
 * read from the drive at the call; while a track is written they give
 * what was there before it began. */
/* Tracks on the disc, every session, audio or data. */
db_status db_format2tao_get_number_of_existing_tracks(struct db_format2tao *f, int32_t *out);
/* Total = Used + Free. Used: every sector before the next track's first
 * one, the tracks and the overhead the drive records between them
 * (pregaps, run-out / link / run-in; lead-in and lead-out of closed
 * sessions): the invisible track's NWA, 0 on a blank disc. Free: the
 * invisible track's free blocks. */
db_status db_format2tao_get_total_sectors_on_media(struct db_format2tao *f, int32_t *out);
db_status db_format2tao_get_free_sectors_on_media(struct db_format2tao *f, int32_t *out);
db_status db_format2tao_get_used_sectors_on_media(struct db_format2tao *f, int32_t *out);
/* ExpectedTableOfContents: the READ TOC/PMA/ATIP format 0000b answer (MMC-5
 * 6.26.3.2, LBA addresses: TIME 0) the drive will give for the disc once the
 * session is closed: header, a descriptor per track (ADR 1, the track's
 * control nibble, its start), the lead-out (AAh) last. Up to cap bytes into
 * buf; *len = the whole answer's length. E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC
 * when the disc has no track. */
db_status db_format2tao_get_expected_table_of_contents(struct db_format2tao *f, uint8_t *buf,
						       size_t cap, size_t *len);

/* IDiscFormat2: CD-R and CD-RW only. */
db_status db_format2tao_is_recorder_supported(struct db_format2tao *f, struct db_recorder *r,
					      bool *supported);
db_status db_format2tao_is_current_media_supported(struct db_format2tao *f,
						   struct db_recorder *r, bool *supported);
db_status db_format2tao_get_supported_media_types(struct db_format2tao *f,
						  enum db_media_physical_type *out, unsigned cap,
						  unsigned *n);
db_status db_format2tao_get_media_physically_blank(struct db_format2tao *f, bool *blank);
db_status db_format2tao_get_media_heuristically_blank(struct db_format2tao *f, bool *blank);
db_status db_format2tao_get_current_physical_media_type(struct db_format2tao *f,
							enum db_media_physical_type *out);

/* Beyond IMAPI: where the last AddAudioTrack put its track (first LBA,
 * sectors recorded, padding included; after a cancel the part kept), and
 * its number. */
void db_format2tao_last_track(const struct db_format2tao *f, int32_t *number, int32_t *start_lba,
			      int32_t *sectors);

#ifdef __cplusplus
}
#endif

#endif
