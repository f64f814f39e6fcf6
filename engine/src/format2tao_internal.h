/* DiscFormat2TrackAtOnce internals shared by its files (format2tao*.c).
 * Not installed. */
#ifndef DISCBURN_FORMAT2TAO_INTERNAL_H
#define DISCBURN_FORMAT2TAO_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "discburn/format2tao.h"
#include "discburn/mmc.h"
#include "format2data_internal.h"
#include "mmc/profiles.h"

/* The blocks a TAO recorder puts after a closed track (Orange Book part
 * II; a TAO track is one packet, MMC-5 4.2.3.11 Figure 23: link, 4 run-in,
 * user data, 2 run-out): 2 run-out blocks, counted in the track's size
 * (READ TRACK INFORMATION, READ TOC). They must fit before the lead-out,
 * so a track needs its sectors plus these of the invisible track's free
 * blocks. The link and run-in blocks are the first 5 of the next track's
 * 150-block pregap, which the drive records too: READ TRACK
 * INFORMATION's NWA is already past it, start(n+1) = start(n) +
 * sectors(n) + 2 + 150 (docs/emulator-media.md "The TAO layout"). */
#define DF2TAO_RUN_OUT_BLOCKS 2

/* What one look at the disc gives the properties and AddAudioTrack. */
struct tao_disc {
	uint16_t profile;
	struct db_disc_info di;
	int32_t tracks; /* existing tracks, every session */
	bool nwa_valid;
	int32_t nwa; /* the invisible track's NWA */
	int32_t free_blocks;
	uint16_t invisible; /* its number */
};

struct db_format2tao {
	struct db_recorder *recorder;
	char client[64];
	bool bufe_disabled;
	bool dnf; /* DoNotFinalizeMedia */
	bool simulate;
	enum db_verification_level verify;
	int32_t requested_sps;
	bool pure_cav;
	int32_t current_sps;
	bool current_cav;
	size_t system_buffer;
	db_format2tao_progress_fn progress;
	void *progress_ctx;
	struct db_write_engine *engine;
	atomic_bool prepared;
	atomic_bool writing;
	atomic_bool cancel;
	/* what PrepareMedia took, given back by ReleaseMedia */
	struct db_exclusive_hold hold;
	bool mcn_off;
	uint16_t profile;
	int32_t tracks_added; /* by this session's AddAudioTrack */
	/* the disc as AddAudioTrack found it, for the properties read while
	 * its track is written */
	struct tao_disc before;
	/* events: the current method's start on the device's clock */
	uint64_t t0_ms;
	int32_t track_number;
	enum db_format2tao_action action;
	int64_t written; /* sectors of the current track the drive took */
	int64_t action_total; /* the current track's sectors */
	/* the last track */
	int32_t last_number;
	int32_t last_start;
	int32_t last_sectors;
};

/* format2tao.c */
void tao__begin(struct db_format2tao *f, int32_t track);
void tao__event(struct db_format2tao *f, enum db_format2tao_action a, int64_t done,
		int64_t total, const struct db_write_progress *w);
/* An Immed command already sent: polled until the drive is ready. */
db_status tao__wait(struct db_format2tao *f);
/* CLOSE TRACK / SESSION with Immed, polled. */
db_status tao__close(struct db_format2tao *f, uint8_t func, uint16_t number);
/* SYNCHRONIZE CACHE with Immed, polled. */
db_status tao__sync(struct db_format2tao *f);
/* SetWriteSpeed's request applied now. */
db_status tao__apply_speed(struct db_format2tao *f);

/* format2tao_query.c */
bool tao__profile_supported(uint16_t profile);
/* The disc through READ DISC INFORMATION and READ TRACK INFORMATION. */
db_status tao__look(struct db_recorder *r, struct tao_disc *out);

/* format2tao_session.c */
db_status tao__set_write_params(struct db_format2tao *f);

#endif
