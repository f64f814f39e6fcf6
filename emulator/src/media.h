/* The recorded state of one disc: sessions, tracks, next writable address,
 * disc status, formatted state. Pure logic, no I/O: every command handler
 * asks it whether an operation is allowed (a sense code) and then commits
 * the change. disc_store.c persists it. */
#ifndef MMCEMU_MEDIA_H
#define MMCEMU_MEDIA_H

#include <stdbool.h>
#include <stdint.h>

#include "mmc/sense.h"
#include "profile.h"

/* The emulator records at most this many tracks (CD allows 99; DVD+R and
 * BD-R allow thousands, which no burner under test uses). */
#define MEDIA_MAX_TRACKS 128
#define MEDIA_MAX_SESSIONS MEDIA_MAX_TRACKS

/* READ DISC INFORMATION "disc status" (MMC-6 6.22.3.1.4). */
enum media_disc_status {
	DISC_BLANK = 0,
	DISC_APPENDABLE = 1,
	DISC_COMPLETE = 2,
	DISC_OTHER = 3, /* random-access rewritable media (DVD+RW, BD-RE) */
};

/* READ DISC INFORMATION "state of last session". */
enum media_session_state {
	SESSION_EMPTY = 0,
	SESSION_INCOMPLETE = 1,
	SESSION_DAMAGED = 2,
	SESSION_COMPLETE = 3,
};

enum media_track_state {
	TRACK_INVISIBLE, /* the open track at the end of the disc: grows with writes */
	TRACK_INCOMPLETE, /* written but not closed, with more tracks after it */
	TRACK_RESERVED, /* RESERVE TRACK gave it a fixed size; may be partly written */
	TRACK_COMPLETE,
};

struct media_track {
	uint16_t number;
	uint16_t session;
	int32_t start; /* first LBA */
	uint32_t size; /* fixed size (reserved/complete); 0 while invisible */
	uint32_t written; /* sectors written from start: NWA = start + written */
	enum media_track_state state;
	bool damaged; /* an underrun without BURN-Free ruined it */
	uint8_t track_mode; /* CD control nibble: 4 = data, uninterrupted */
	uint8_t data_mode; /* 1 = mode 1 / DVD / BD data */
};

struct media_session {
	uint16_t number;
	uint16_t first_track;
	uint16_t last_track;
	int32_t start; /* first LBA of its first track */
	bool closed;
};

struct media_state {
	struct mmcemu_profile profile;
	enum media_disc_status status;
	bool write_protected;
	/* Rewritables: formatted at all, and how many sectors are usable. */
	bool formatted;
	uint32_t formatted_size;
	/* Random-access rewritables: one past the highest LBA ever written,
	 * so READ CAPACITY and the "last recorded" figures are truthful. */
	uint32_t high_water;
	uint16_t n_sessions;
	struct media_session sessions[MEDIA_MAX_SESSIONS];
	uint16_t n_tracks;
	struct media_track tracks[MEDIA_MAX_TRACKS];
	/* Counters shown by `mmcemu show`. */
	uint64_t link_count; /* BURN-Free pauses */
	uint64_t format_count;
	uint64_t blank_count;
};

/* A fresh blank disc of that profile. */
void media_init_blank(struct media_state *m, const struct mmcemu_profile *p);

/* Next writable address of the open track and the free sectors after it;
 * false when nothing more can be written (complete disc, no room). */
bool media_next_writable(const struct media_state *m, int32_t *nwa,
			 uint32_t *free_blocks);

/* The track holding lba, or NULL. */
const struct media_track *media_track_at(const struct media_state *m, int64_t lba);

/* Write and read rules: return MMC_SENSE_NO_SENSE when allowed, else the
 * sense a real drive reports (05/21/02 off the NWA on sequential media,
 * 05/21/00 past capacity, 07/27/00 write protected, ...). */
enum mmc_sense_code media_check_write(const struct media_state *m, int64_t lba,
				      uint32_t blocks);
void media_commit_write(struct media_state *m, int64_t lba, uint32_t blocks);
enum mmc_sense_code media_check_read(const struct media_state *m, int64_t lba,
				     uint32_t blocks);

/* Track and session operations (RESERVE TRACK, CLOSE TRACK/SESSION,
 * FORMAT UNIT, BLANK). Each returns a sense code and changes nothing on
 * error. close_function is the CDB field (enum mmc_close_function). */
enum mmc_sense_code media_reserve_track(struct media_state *m, uint32_t blocks);
enum mmc_sense_code media_close(struct media_state *m, unsigned close_function,
				unsigned track_number);
enum mmc_sense_code media_format(struct media_state *m, uint32_t blocks);
enum mmc_sense_code media_blank(struct media_state *m, bool full);

/* Last LBA of user data readable (READ CAPACITY), -1 for a blank disc. */
int64_t media_last_readable_lba(const struct media_state *m);

#endif
