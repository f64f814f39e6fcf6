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

#ifdef __cplusplus
}
#endif

#endif
