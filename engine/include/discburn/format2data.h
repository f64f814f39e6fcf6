/* DiscFormat2Data (IMAPI2 IDiscFormat2Data): burns a data image onto a
 * disc as one new session (sequential media) or from sector 0 (random
 * access media), doing everything around WriteEngine2 that a burn needs.
 *
 * db_format2data_write() runs, in order (CurrentAction):
 *   VALIDATING_MEDIA     stream size (whole 2048-byte sectors), medium
 *                        type, disc state, room for the image
 *   FORMATTING_MEDIA     blank DVD+RW (FORMAT UNIT 26h) / BD-RE (00h); a
 *                        non-blank CD-RW with ForceOverwrite (BLANK)
 *   INITIALIZING_HARDWARE  mode page 05h, write speed, medium locked
 *   CALIBRATING_POWER    SEND OPC INFORMATION
 *   WRITING_DATA         WriteEngine2 at the NWA or from sector 0
 *   FINALIZATION         SYNCHRONIZE CACHE, CLOSE track, CLOSE session,
 *                        finalize with ForceMediaToBeClosed
 *   VERIFYING            none / quick (sampled sectors) / full (hash of
 *                        every sector against the hash of what was sent)
 *   COMPLETED
 * Long commands use Immed and are polled (REQUEST SENSE), so none of
 * them needs more than the 30 s a kernel gives a command.
 * docs/format2data.md has the sequences per medium. */
#ifndef DISCBURN_FORMAT2DATA_H
#define DISCBURN_FORMAT2DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "discburn/block_range.h"
#include "discburn/media_type.h"
#include "discburn/multisession.h"
#include "discburn/recorder.h"
#include "discburn/status.h"
#include "discburn/stream.h"
#include "discburn/write_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* IMAPI_FORMAT2_DATA_WRITE_ACTION, same values. */
enum db_format2data_action {
	DB_DF2D_VALIDATING_MEDIA = 0,
	DB_DF2D_FORMATTING_MEDIA = 1,
	DB_DF2D_INITIALIZING_HARDWARE = 2,
	DB_DF2D_CALIBRATING_POWER = 3,
	DB_DF2D_WRITING_DATA = 4,
	DB_DF2D_FINALIZATION = 5,
	DB_DF2D_COMPLETED = 6,
	DB_DF2D_VERIFYING = 7,
};
/* "VALIDATING_MEDIA", ... */
const char *db_format2data_action_name(enum db_format2data_action a);

/* IMAPI_BURN_VERIFICATION_LEVEL. */
enum db_verification_level {
	DB_VERIFY_NONE = 0,
	DB_VERIFY_QUICK = 1,
	DB_VERIFY_FULL = 2,
};

/* IDiscFormat2DataEventArgs: the action, times in seconds as IMAPI gives
 * them, and the IWriteEngine2EventArgs figures (meaningful while
 * WRITING_DATA). */
struct db_format2data_progress {
	enum db_format2data_action current_action;
	int32_t elapsed_time; /* s, since Write began */
	int32_t remaining_time; /* s, estimated */
	int32_t total_time; /* s, elapsed + remaining */
	struct db_write_progress write;
	/* Beyond IMAPI: progress of the current action in its own units
	 * (sectors written or verified; 0..65536 of a format), for bars. */
	int64_t action_done;
	int64_t action_total;
	uint64_t elapsed_ms;
};
typedef void (*db_format2data_progress_fn)(const struct db_format2data_progress *p, void *ctx);

struct db_format2data;

db_status db_format2data_create(struct db_format2data **out);
void db_format2data_destroy(struct db_format2data *f);

/* Properties (IMAPI names). The recorder is borrowed. */
db_status db_format2data_put_recorder(struct db_format2data *f, struct db_recorder *r);
/* Required before Write, as in IMAPI2: 1-63 characters of letters,
 * digits, space, '_', '-', '.'; E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID
 * otherwise. */
db_status db_format2data_put_client_name(struct db_format2data *f, const char *name);
db_status db_format2data_put_force_overwrite(struct db_format2data *f, bool on);
db_status db_format2data_put_force_media_to_be_closed(struct db_format2data *f, bool on);
db_status db_format2data_put_buffer_underrun_free_disabled(struct db_format2data *f, bool on);
db_status db_format2data_put_verification_level(struct db_format2data *f,
						enum db_verification_level v);
/* SetWriteSpeed: sectors per second (-1 = the drive's fastest), pure CAV
 * rotation or any the drive supports. Applied at Write (SET CD SPEED on
 * CD, SET STREAMING on DVD and BD, each with the rotation); when the drive
 * picks another speed Write ends with S_IMAPI_SPEEDADJUSTED, when it does
 * not record pure CAV as asked with S_IMAPI_ROTATIONADJUSTED, both with
 * S_IMAPI_BOTHADJUSTED (all successes). */
db_status db_format2data_set_write_speed(struct db_format2data *f, int32_t sectors_per_second,
					 bool pure_cav);
/* CurrentWriteSpeed after Write (sectors per second, read back from the
 * drive), -1 when unknown. */
int32_t db_format2data_get_current_write_speed(const struct db_format2data *f);
/* CurrentRotationTypeIsPureCAV after Write: the drive reports recording
 * at constant angular velocity (mode page 2Ah Rotation Control Selected). */
bool db_format2data_get_current_rotation_is_pure_cav(const struct db_format2data *f);
/* PostgapAlreadyInImage (default false): on CD media a 150-sector (2 s)
 * postgap of zeros is recorded after the image, in the same track, unless
 * the image already ends with one. */
db_status db_format2data_put_postgap_already_in_image(struct db_format2data *f, bool on);
/* DisableConsumerDvdCompatibilityMode (default false): a DVD+RW's
 * background format is stopped the compatible way after a burn (CLOSE
 * 010b, the drive writes a lead-out players need); true stops it quickly
 * (000b). */
db_status db_format2data_put_disable_consumer_dvd_compatibility_mode(struct db_format2data *f,
								     bool on);
/* Beyond IMAPI (cdrecord -dummy, growisofs -dry-run): Simulate (default
 * false). Write sets Test Write in mode page 05h (MMC-6 7.5.4, byte 2
 * bit 4): the drive goes through the whole burn with the laser off and
 * records nothing. Write then skips what would change the disc: no blank
 * or format first, no CLOSE TRACK/SESSION after the data (cdrecord -dummy
 * does not fixate either), no verification (nothing to read back); the
 * closed-session flag stays false. Only media written through page 05h
 * can simulate: CD-R/RW and DVD-R/-RW (sequential). On DVD+R, DVD+RW, BD
 * and every other medium Write fails with
 * E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE after validating the medium and
 * before any command that changes drive or disc; so it does when the burn
 * would have to blank or format the medium first. */
db_status db_format2data_put_simulate(struct db_format2data *f, bool on);
bool db_format2data_get_simulate(const struct db_format2data *f);
/* Beyond IMAPI: whether the current medium (profile) can be written with
 * Test Write, the media Simulate accepts. */
bool db_format2data_profile_can_simulate(uint16_t profile);
/* Not in IMAPI: WriteEngine2's ring size (default 8 MiB). */
db_status db_format2data_put_system_buffer(struct db_format2data *f, size_t bytes);
void db_format2data_set_progress(struct db_format2data *f, db_format2data_progress_fn fn,
				 void *ctx);

/* Write: the whole stream. Its size must be known and a multiple of 2048
 * (E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED before the disc is touched). */
db_status db_format2data_write(struct db_format2data *f, struct db_stream *s);
/* Write with IBlockRangeList: on random-access media only the listed
 * sectors of the image are recorded (the stream is still read from its
 * start: the sectors between ranges are skipped); on sequential media the
 * list is ignored and the whole image is the new session, as IMAPI2. */
db_status db_format2data_write_ranges(struct db_format2data *f, struct db_stream *s,
				      const struct db_block_range_list *ranges);
/* CancelWrite, from any thread. S_IMAPI_WRITE_NOT_IN_PROGRESS when idle. */
db_status db_format2data_cancel(struct db_format2data *f);

/* Where the last Write put the image: first LBA and sector count. */
void db_format2data_last_extent(const struct db_format2data *f, int32_t *start_lba,
				int32_t *sectors);
/* Not in IMAPI: whether the last Write that got past the stream checks
 * closed a session (sequential media). The medium's capacity and TOC
 * changed without a medium change, which an operating system's block
 * driver (Linux sr) does not notice until the medium is reloaded
 * (docs/tcmu-handler.md "After a burn"). */
bool db_format2data_closed_session(const struct db_format2data *f);

/* ---- IDiscFormat2 / IDiscFormat2Data read-only properties ---------------
 * Every one that needs the medium asks the drive at the call (nothing is
 * cached between calls) and, as IMAPI, fails with E_IMAPI_RECORDER_REQUIRED
 * when no recorder is put, E_IMAPI_RECORDER_MEDIA_NO_MEDIA without a
 * medium, and the drive's own status when a command fails. The sector
 * addresses fail with E_IMAPI_DF2DATA_INVALID_MEDIA_STATE ("only valid
 * with supported media") on a medium DiscFormat2Data does not write
 * (CD-ROM, DVD-ROM, ...). docs/format2data.md has the table. */

/* IMAPI_FORMAT2_DATA_MEDIA_STATE bits (imapi2.h), same values. */
enum db_format2data_media_state {
	DB_DF2D_MEDIA_STATE_UNKNOWN = 0x0000,
	DB_DF2D_MEDIA_STATE_INFORMATIONAL_MASK = 0x000F,
	DB_DF2D_MEDIA_STATE_UNSUPPORTED_MASK = 0xFC00,
	DB_DF2D_MEDIA_STATE_OVERWRITE_ONLY = 0x0001,
	DB_DF2D_MEDIA_STATE_RANDOMLY_WRITABLE = 0x0001, /* deprecated name */
	DB_DF2D_MEDIA_STATE_BLANK = 0x0002,
	DB_DF2D_MEDIA_STATE_APPENDABLE = 0x0004,
	DB_DF2D_MEDIA_STATE_FINAL_SESSION = 0x0008,
	DB_DF2D_MEDIA_STATE_DAMAGED = 0x0400,
	DB_DF2D_MEDIA_STATE_ERASE_REQUIRED = 0x0800,
	DB_DF2D_MEDIA_STATE_NON_EMPTY_SESSION = 0x1000,
	DB_DF2D_MEDIA_STATE_WRITE_PROTECTED = 0x2000,
	DB_DF2D_MEDIA_STATE_FINALIZED = 0x4000,
	DB_DF2D_MEDIA_STATE_UNSUPPORTED_MEDIA = 0x8000,
};

/* IMAPI_MEDIA_WRITE_PROTECT_STATE bits (imapi2.h), same values. */
enum db_media_write_protect_state {
	DB_WRITEPROTECTED_UNTIL_POWERDOWN = 0x0001,
	DB_WRITEPROTECTED_BY_CARTRIDGE = 0x0002,
	DB_WRITEPROTECTED_BY_MEDIA_SPECIFIC_REASON = 0x0004,
	DB_WRITEPROTECTED_BY_SOFTWARE_WRITE_PROTECT = 0x0008,
	DB_WRITEPROTECTED_BY_DISC_CONTROL_BLOCK = 0x0010,
	DB_WRITEPROTECTED_READ_ONLY_MEDIA = 0x4000,
};

/* The IMAPI name of one bit ("BLANK", "APPENDABLE", ... for
 * IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK, ...; "UNTIL_POWERDOWN", ...,
 * "READ_ONLY_MEDIA" for IMAPI_WRITEPROTECTED_*), NULL for a value that
 * is not exactly one known bit. */
const char *db_format2data_media_state_bit_name(uint32_t bit);
const char *db_media_write_protect_bit_name(uint32_t bit);

/* IsRecorderSupported(recorder): the drive has a profile DiscFormat2Data
 * writes (GET CONFIGURATION profile list). E_POINTER for a NULL recorder
 * or out. f may have no recorder of its own. */
db_status db_format2data_is_recorder_supported(struct db_format2data *f, struct db_recorder *r,
					       bool *supported);
/* IsCurrentMediaSupported(recorder): the current profile is one
 * DiscFormat2Data writes (false with no medium, S_OK). */
db_status db_format2data_is_current_media_supported(struct db_format2data *f,
						    struct db_recorder *r, bool *supported);
/* MediaPhysicallyBlank: READ DISC INFORMATION Disc Status 00b (blank),
 * or, on random-access media, not formatted yet. */
db_status db_format2data_get_media_physically_blank(struct db_format2data *f, bool *blank);
/* MediaHeuristicallyBlank: physically blank, or a rewritable medium (an
 * overwritable one, DVD+RW, DVD-RAM, BD-RE, DVD-RW restricted
 * overwrite) that holds no file system a reader would mount: no ISO 9660
 * volume descriptor ("CD001") at LBA 16 and no UDF Anchor Volume
 * Descriptor Pointer (tag 2, ECMA-167 3/10.2) at LBA 256 (sectors that do
 * not read count as holding none). A written sequential disc is not blank. */
db_status db_format2data_get_media_heuristically_blank(struct db_format2data *f, bool *blank);
/* SupportedMediaTypes: the media types DiscFormat2Data writes, in
 * IMAPI_MEDIA_PHYSICAL_TYPE order; with a recorder put, only those the
 * drive has a profile for. Up to cap into out (DB_MEDIA_TYPE_COUNT always
 * suffices), *n = how many there are. */
db_status db_format2data_get_supported_media_types(struct db_format2data *f,
						   enum db_media_physical_type *out, unsigned cap,
						   unsigned *n);
/* CurrentPhysicalMediaType: DB_MEDIA_TYPE_UNKNOWN with no medium (S_OK). */
db_status db_format2data_get_current_physical_media_type(struct db_format2data *f,
							 enum db_media_physical_type *out);
/* CurrentMediaStatus: enum db_format2data_media_state bits from READ DISC
 * INFORMATION (Disc Status, State of Last Session), the profile and
 * WriteProtectStatus. */
db_status db_format2data_get_current_media_status(struct db_format2data *f, uint32_t *bits);
/* WriteProtectStatus: enum db_media_write_protect_state bits. READ_ONLY_MEDIA
 * for a profile no drive writes (CD-ROM, DVD-ROM, BD-ROM, HD DVD-ROM);
 * the Write Protect feature 0004h (MMC-6 5.3.6: SWPP, SPWP, WDCB) when the
 * drive reports it current; BY_MEDIA_SPECIFIC_REASON for a random-writable
 * medium whose Random Writable feature (0020h) the drive does not mark
 * current (MMC-6 5.3.11: current when the medium can be written). */
db_status db_format2data_get_write_protect_status(struct db_format2data *f, uint32_t *bits);
/* TotalSectorsOnMedia: sequential media the start of the invisible track
 * plus its free blocks (a complete disc: READ CAPACITY), random-access
 * media the formatted capacity (a blank one the capacity its format
 * would give, READ FORMAT CAPACITIES). */
db_status db_format2data_get_total_sectors_on_media(struct db_format2data *f, int32_t *out);
/* FreeSectorsOnMedia: the invisible track's free blocks (0 on a complete
 * disc); random-access media all of TotalSectorsOnMedia. */
db_status db_format2data_get_free_sectors_on_media(struct db_format2data *f, int32_t *out);
/* NextWritableAddress: the invisible track's NWA; 0 on random-access
 * media (written from sector 0). E_IMAPI_DF2DATA_INVALID_MEDIA_STATE on a
 * complete disc. */
db_status db_format2data_get_next_writable_address(struct db_format2data *f, int32_t *out);
/* StartAddressOfPreviousSession / LastWrittenAddressOfPreviousSession: -1
 * when the medium is blank or takes no further session (IMAPI: "no
 * previous session could be detected"), as db_multisession_import. */
db_status db_format2data_get_start_address_of_previous_session(struct db_format2data *f,
							       int32_t *out);
db_status db_format2data_get_last_written_address_of_previous_session(struct db_format2data *f,
								      int32_t *out);
/* SupportedWriteSpeeds: sectors per second for the current medium,
 * fastest first, from GET PERFORMANCE type 03h (MMC-6 6.8.5.3). */
db_status db_format2data_get_supported_write_speeds(struct db_format2data *f, int32_t *out,
						    unsigned cap, unsigned *n);
/* SupportedWriteSpeedDescriptors: the same descriptors, each with its
 * profile set (db_write_speed_get_media_type / _rotation_type_is_pure_cav
 * / _write_speed in recorder.h). */
db_status db_format2data_get_supported_write_speed_descriptors(struct db_format2data *f,
							       struct db_write_speed *out,
							       unsigned cap, unsigned *n);
/* CurrentRotationTypeIsPureCAV (IMAPI name; the older
 * db_format2data_get_current_rotation_is_pure_cav is the same). */
bool db_format2data_get_current_rotation_type_is_pure_cav(const struct db_format2data *f);
/* RequestedWriteSpeed / RequestedRotationTypeIsPureCAV: what
 * SetWriteSpeed stored (-1 and false by default). */
int32_t db_format2data_get_requested_write_speed(const struct db_format2data *f);
bool db_format2data_get_requested_rotation_type_is_pure_cav(const struct db_format2data *f);

/* MultisessionInterfaces: the multisession objects the current medium
 * takes: a MultisessionSequential2 for a sequential disc that takes
 * another session, a MultisessionRandomWrite for an overwritable one,
 * none for a complete disc (count 0, S_OK). Each is created for f's
 * recorder and owned by the caller: db_multisession_interfaces_free(). */
struct db_multisession_interfaces {
	unsigned count;
	struct db_multisession_sequential *sequential; /* NULL when not offered */
	struct db_multisession_random *random;
};
db_status db_format2data_get_multisession_interfaces(struct db_format2data *f,
						     struct db_multisession_interfaces *out);
void db_multisession_interfaces_free(struct db_multisession_interfaces *m);

/* ---- getters of the put properties (plain stored values) -------------- */
struct db_recorder *db_format2data_get_recorder(const struct db_format2data *f);
/* "" until put; owned by f. */
const char *db_format2data_get_client_name(const struct db_format2data *f);
bool db_format2data_get_force_overwrite(const struct db_format2data *f);
bool db_format2data_get_force_media_to_be_closed(const struct db_format2data *f);
bool db_format2data_get_buffer_underrun_free_disabled(const struct db_format2data *f);
bool db_format2data_get_postgap_already_in_image(const struct db_format2data *f);
bool db_format2data_get_disable_consumer_dvd_compatibility_mode(const struct db_format2data *f);
enum db_verification_level db_format2data_get_verification_level(const struct db_format2data *f);
size_t db_format2data_get_system_buffer(const struct db_format2data *f);

/* After Write failed with E_IMAPI_BURN_VERIFICATION_FAILED: the first LBA
 * whose sector read back differs from what was sent (full: the first
 * differing sector of the session; quick: the first differing sample),
 * or, when the track structure was what differed, the LBA the image's
 * track should have ended at. -1 when the last Write's verification did
 * not fail. */
int32_t db_format2data_get_verification_failed_lba(const struct db_format2data *f);

#ifdef __cplusplus
}
#endif

#endif
