/* DiscFormat2Data internals shared by its steps (format2data_*.c,
 * verify.c). Not installed. */
#ifndef DISCBURN_FORMAT2DATA_INTERNAL_H
#define DISCBURN_FORMAT2DATA_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "discburn/format2data.h"
#include "discburn/mmc.h"
#include "mmc/profiles.h"

/* Longest we wait for one Immed operation (format, blank, close, sync)
 * to finish, and how often we ask. Each poll is a short command. */
#define DF2D_BUSY_MAX_MS (3600u * 1000u)
#define DF2D_POLL_MS 50u

struct db_format2data {
	struct db_recorder *recorder;
	char client[64];
	bool force_overwrite;
	bool force_close;
	bool bufe_disabled;
	bool simulate; /* beyond IMAPI: page 05h Test Write */
	bool postgap_in_image; /* PostgapAlreadyInImage */
	bool no_dvd_compat; /* DisableConsumerDvdCompatibilityMode */
	enum db_verification_level verify;
	int32_t requested_sps; /* -1: fastest */
	bool pure_cav;
	int32_t current_sps;
	bool current_cav; /* the drive records pure CAV (page 2Ah byte 27) */
	size_t system_buffer;
	db_format2data_progress_fn progress;
	void *progress_ctx;
	atomic_bool in_progress;
	atomic_bool cancel;
	struct db_write_engine *engine; /* one per object: CancelWrite can always reach it */
	/* the current Write */
	/* Write's start on the device's clock (db_device_now_ms), the clock
	 * the write engine reports on: ElapsedTime on the emulator's virtual
	 * clock is the time the drive would have taken. */
	uint64_t t0_ms;
	enum db_format2data_action action;
	uint64_t action_t0_ms; /* when the current action began, ms into Write */
	int32_t last_start;
	int32_t last_sectors;
	int32_t verify_failed_lba; /* -1 unless the last verification failed */
	bool closed_session; /* the last Write closed a session */
};

/* What validation learned about the medium: the plan of the burn. */
struct df2d_plan {
	uint16_t profile;
	enum mmc_media_family family;
	bool random_access; /* DVD+RW, BD-RE: written from sector 0 */
	bool needs_format; /* blank DVD+RW / BD-RE */
	bool blank_first; /* CD-RW overwritten with ForceOverwrite */
	uint8_t format_type; /* FORMAT UNIT type when needs_format */
	struct db_format_descriptor format;
	int32_t start_lba; /* NWA, or 0 */
	int64_t free_sectors;
	uint16_t track; /* the invisible track written (sequential) */
	int32_t n_blocks; /* sectors of the image */
	int32_t postgap; /* zero sectors recorded after it (CD), 0 or 150 */
};

/* format2data.c */
void df2d__event(struct db_format2data *f, enum db_format2data_action a, int64_t done,
		 int64_t total, const struct db_write_progress *w);
bool df2d__cancelled(struct db_format2data *f);
/* An Immed command already sent: polls until the drive is ready,
 * reporting the progress under the current action. */
db_status df2d__wait(struct db_format2data *f);

/* A stream of sectors of zeros (postgap, erase). */
db_status df2d__zero_stream(int32_t sectors, struct db_stream **out);

/* format2data_validate.c */
db_status df2d__stream_blocks(const struct db_stream *s, int32_t *n_blocks);
db_status df2d__validate(struct db_format2data *f, int32_t n_blocks, struct df2d_plan *plan);
bool df2d__profile_supported(uint16_t profile);
/* IDiscFormat2's MediaPhysicallyBlank and MediaHeuristicallyBlank of the
 * medium in r (format2data_query.c): DiscFormat2Data and DiscFormat2Erase
 * both inherit them. */
db_status df2d__media_physically_blank(struct db_recorder *r, bool *blank);
db_status df2d__media_heuristically_blank(struct db_recorder *r, bool *blank);

/* IMAPI's ClientName rule, shared by DiscFormat2Data and TrackAtOnce:
 * 1 to cap-1 characters of A-Z a-z 0-9 space _ - . */
bool df2d__client_name_ok(const char *name, size_t cap);

/* format2data_prepare.c */
db_status df2d__format(struct db_format2data *f, const struct df2d_plan *plan);
/* What the drive changed of SetWriteSpeed's request. */
struct df2d_adjusted {
	bool speed;
	bool rotation;
};
/* SetWriteSpeed as DiscFormat2Data and DiscFormat2TrackAtOnce apply it:
 * SET CD SPEED (CD) or SET STREAMING, the drive's choice read back from
 * page 2Ah. */
struct df2d_speed_request {
	int32_t sps; /* -1: fastest */
	bool pure_cav;
	uint16_t profile;
	int32_t start_lba; /* the extent SET STREAMING names */
	int64_t free_sectors;
};
struct df2d_speed_result {
	struct df2d_adjusted adjusted;
	int32_t current_sps; /* -1 unknown */
	bool current_cav;
};
db_status df2d__apply_speed(struct db_recorder *r, const struct df2d_speed_request *q,
			   struct df2d_speed_result *out);
/* st, or the S_IMAPI_*ADJUSTED success saying what the drive changed. */
db_status df2d__adjusted_status(const struct df2d_adjusted *a, db_status st);
db_status df2d__init_hardware(struct db_format2data *f, const struct df2d_plan *plan,
			      struct df2d_adjusted *adjusted);
db_status df2d__calibrate(struct db_format2data *f, const struct df2d_plan *plan);

/* format2data_finalize.c */
db_status df2d__finalize(struct db_format2data *f, const struct df2d_plan *plan);
/* Immed command + poll; used by erase too. */
db_status df2d__close(struct db_device *d, uint8_t func, uint16_t number,
		      struct db_format2data *f);

/* verify.c: a stream wrapper that hashes what WriteEngine2 takes, and
 * the read-back that compares. */
struct df2d_tap;
db_status df2d__tap_create(struct db_stream *inner, enum db_verification_level level,
			   int32_t n_blocks, struct df2d_tap **tap, struct db_stream **out);
/* While off, bytes pass through unhashed (the gaps between ranges). */
void df2d__tap_enable(struct df2d_tap *t, bool on);
void df2d__tap_destroy(struct df2d_tap *t, struct db_stream *wrapper);
db_status df2d__verify(struct db_format2data *f, struct df2d_tap *t, const struct df2d_plan *p,
		       const struct db_block_range_list *ranges);

#endif
