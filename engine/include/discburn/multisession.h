/* Multisession import (IMAPI2 IMultisessionSequential): where the previous
 * sessions of a sequential disc are and where the next one goes, so an ISO
 * 9660 image for the append can be built against the old one
 * (`xorriso -as mkisofs -C start,nwa -M ...`, the numbers `cdrecord -msinfo`
 * prints).
 *
 * Everything comes from the drive: READ DISC INFORMATION (status, last
 * track), READ TRACK INFORMATION of the invisible track (NWA, free blocks)
 * and READ TOC format 1 (first track of the last complete session). Gaps
 * between sessions are the medium's business; nothing here computes them. */
#ifndef DISCBURN_MULTISESSION_H
#define DISCBURN_MULTISESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "discburn/mmc.h"
#include "discburn/recorder.h"
#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_multisession_info {
	/* IsSupportedOnCurrentMediaState: a sequential medium that takes
	 * another session (blank or appendable). */
	bool supported_on_current_media_state;
	/* IsFirstDataSession: nothing recorded yet. */
	bool first_data_session;
	uint16_t profile;
	int32_t next_writable_address; /* NextWritableAddress */
	int32_t free_sectors_on_media; /* FreeSectorsOnMedia */
	/* StartAddressOfPreviousSession / LastWrittenAddressOfPreviousSession:
	 * -1 on a blank disc. */
	int32_t start_address_of_previous_session;
	int32_t last_written_address_of_previous_session;
	uint16_t sessions; /* closed sessions on the disc */
};

/* Fills out from the medium in the drive. Random-access media (DVD+RW,
 * BD-RE) and complete discs answer with supported = false and S_OK (the
 * caller decides); no medium is E_IMAPI_RECORDER_MEDIA_NO_MEDIA. */
db_status db_multisession_import(struct db_recorder *r, struct db_multisession_info *out);

/* ---- IMultisessionSequential2 / IMultisessionRandomWrite objects --------
 * What DiscFormat2Data::MultisessionInterfaces hands out (or a caller
 * creates for a recorder): each getter asks the drive at the call. The
 * recorder is borrowed and must outlive the object. Getters fail with
 * E_POINTER for a NULL out, the drive's status (E_IMAPI_RECORDER_MEDIA_NO_MEDIA,
 * ...) when it fails, and the address getters with
 * E_IMAPI_DF2DATA_INVALID_MEDIA_STATE when the medium is not in a state
 * the object describes (IsSupportedOnCurrentMediaState false). */
struct db_multisession_sequential;
db_status db_multisession_sequential_create(struct db_recorder *r,
					    struct db_multisession_sequential **out);
void db_multisession_sequential_destroy(struct db_multisession_sequential *m);
/* IMultisession: a sequential medium that takes another session. */
db_status db_multisession_sequential_get_is_supported_on_current_media_state(
	struct db_multisession_sequential *m, bool *out);
/* InUse (default false): the caller uses this object to import the
 * previous session (IMAPI: the file system image reads it). */
bool db_multisession_sequential_get_in_use(const struct db_multisession_sequential *m);
db_status db_multisession_sequential_put_in_use(struct db_multisession_sequential *m, bool on);
/* ImportRecorder: the recorder the previous session is read from. */
struct db_recorder *
db_multisession_sequential_get_import_recorder(const struct db_multisession_sequential *m);
/* IsFirstDataSession: nothing recorded yet (the session written next is
 * the first). */
db_status db_multisession_sequential_get_is_first_data_session(struct db_multisession_sequential *m,
							       bool *out);
/* -1 on a blank disc, as DiscFormat2Data's. */
db_status db_multisession_sequential_get_start_address_of_previous_session(
	struct db_multisession_sequential *m, int32_t *out);
db_status db_multisession_sequential_get_last_written_address_of_previous_session(
	struct db_multisession_sequential *m, int32_t *out);
db_status db_multisession_sequential_get_next_writable_address(
	struct db_multisession_sequential *m, int32_t *out);
db_status db_multisession_sequential_get_free_sectors_on_media(
	struct db_multisession_sequential *m, int32_t *out);
/* IMultisessionSequential2::WriteUnitSize: sectors per ECC block, what a
 * session is padded to: CD 1, DVD 16, BD 32 (mmc_family_blocking). */
db_status db_multisession_sequential_get_write_unit_size(struct db_multisession_sequential *m,
							 int32_t *out);

struct db_multisession_random;
db_status db_multisession_random_create(struct db_recorder *r,
					struct db_multisession_random **out);
void db_multisession_random_destroy(struct db_multisession_random *m);
/* A random-access medium that is formatted (an unformatted one holds
 * nothing to import; Write formats it first). */
db_status db_multisession_random_get_is_supported_on_current_media_state(
	struct db_multisession_random *m, bool *out);
bool db_multisession_random_get_in_use(const struct db_multisession_random *m);
db_status db_multisession_random_put_in_use(struct db_multisession_random *m, bool on);
struct db_recorder *
db_multisession_random_get_import_recorder(const struct db_multisession_random *m);
/* WriteUnitSize: the Random Writable feature's Blocking (MMC-6 5.3.11),
 * else the family's ECC block (DVD 16, BD 32). */
db_status db_multisession_random_get_write_unit_size(struct db_multisession_random *m,
						     int32_t *out);
/* LastWrittenAddress: the highest LBA written (track 1's Last Recorded
 * Address, READ TRACK INFORMATION), -1 when nothing was. */
db_status db_multisession_random_get_last_written_address(struct db_multisession_random *m,
							  int32_t *out);
/* TotalSectorsOnMedia: the formatted capacity (READ CAPACITY). */
db_status db_multisession_random_get_total_sectors_on_media(struct db_multisession_random *m,
							    int32_t *out);

/* ---- reading a disc back ------------------------------------------------ */

/* The tracks of the medium, for `info` and `read`: READ TRACK INFORMATION
 * (MMC-5 6.27) of every track READ DISC INFORMATION (MMC-6 6.21) counts; when
 * the drive answers neither (CD-ROM drives, QEMU's ide-cd and scsi-cd),
 * READ TOC format 0 (MMC-5 6.26.3.2), as the kernel's cdrom.c falls back to the
 * TOC: a track's size then runs to the next TOC entry and its session is 0
 * (the formatted TOC does not say), unless the drive also answers the full
 * TOC of a CD (format 2, MMC-5 6.26.3.4), which gives each track's session and
 * ends the last track of each session at that session's lead-out. */
#define DB_MAX_TRACKS 1024
struct db_disc_tracks {
	bool from_toc;
	bool truncated; /* the disc has more tracks than DB_MAX_TRACKS */
	unsigned n;
	struct db_track_info t[DB_MAX_TRACKS];
};
/* S_OK with n = 0 when the disc has no track (blank, or no TOC); the
 * drive's failure when neither command answers. */
db_status db_disc_tracks_read(struct db_device *d, struct db_disc_tracks *out);

/* Sectors from a track's start that hold data a READ returns: up to the
 * Last Recorded Address when the drive reports one (the link, run-out
 * and padding blocks after it hold none), else the whole track; 0 for a
 * blank track and for an audio track of the TOC (READ(10) reads data). */
uint32_t db_track_data_sectors(const struct db_track_info *t);

/* The extent `discburn read` copies. Sectors inside [start, start+n)
 * that no track holds (between sessions: the lead-out and lead-in, on CD
 * 11,400 sectors; a track's run-out and link blocks) cannot be read on any
 * drive: they are zero-filled, so every sector of an ISO 9660 session
 * stays at its own LBA and the image mounts at any session. */
struct db_read_plan {
	int32_t start;
	int64_t n;
	int32_t last_session_start; /* newest session's first LBA, -1 unknown */
};
/* Which part: track > 0 one track, else session > 0 one session, else
 * LBA 0 to the end of the last track holding data. E_INVALIDARG (with
 * *bad set to "track" or "session") when the disc has no such one. */
db_status db_read_plan_for(const struct db_disc_tracks *tr, unsigned track, unsigned session,
			   struct db_read_plan *out, const char **bad);
/* The data run that holds lba (its end in *end), or, when no track
 * holds it, false with *end the first LBA after lba that one does (or
 * INT64_MAX when none). */
bool db_disc_tracks_hold(const struct db_disc_tracks *tr, int64_t lba, int64_t *end);

/* Over LBA 0 to the end of the last data: the sectors the tracks hold,
 * that end, and the runs between that no track holds. */
struct db_disc_extent {
	int64_t data_sectors;
	int64_t end;
	unsigned gaps;
	int64_t gap_sectors;
};
void db_disc_tracks_extent(const struct db_disc_tracks *tr, struct db_disc_extent *out);

#ifdef __cplusplus
}
#endif

#endif
