/* The recorded state of one disc: sessions, tracks, next writable address,
 * disc status, formatted state. Pure logic, no I/O: every command handler
 * asks it whether an operation is allowed (a sense code) and then commits
 * the change. disc_store.c persists it. */
#ifndef MMCEMU_MEDIA_H
#define MMCEMU_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmc/sense.h"
#include "profile.h"

/* The emulator records at most this many tracks (CD allows 99; DVD+R and
 * BD-R allow thousands, which no burner under test uses). */
#define MEDIA_MAX_TRACKS 128
#define MEDIA_MAX_SESSIONS MEDIA_MAX_TRACKS

/* Media catalogue number (13 digits, UPC/EAN) and ISRC (12 characters),
 * the Q sub-channel mode 2 and mode 3 contents (MMC-6 4.2.3; READ
 * SUB-CHANNEL formats 02h/03h, MMC-6 6.29). */
#define MEDIA_MCN_LEN 13
#define MEDIA_ISRC_LEN 12

/* READ DISC INFORMATION "disc status" (MMC-6 6.21.3.1.4). */
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
	/* READ TRACK INFORMATION Damage bit: an underrun without BURN-Free
	 * ruined it, or the drive lost its memory (power off, crash) while
	 * recording it. Until closed it has no NWA (MMC-5 6.27.3.7, Damage bit). */
	bool damaged;
	/* CD control nibble (Q sub-channel, MMC-6 4.2.3.4; mode page 05h
	 * Track Mode): bit 2 data (else audio), bit 3 four-channel audio,
	 * bit 1 digital copy permitted, bit 0 pre-emphasis (audio) or
	 * recorded incrementally (data). 4 = data, uninterrupted. */
	uint8_t track_mode;
	/* READ TRACK INFORMATION Data Mode: 1 = mode 1 / DVD / BD data,
	 * 2 = mode 2, Fh = audio (no data mode). */
	uint8_t data_mode;
	/* Mode 2: CD-ROM XA (an 8-byte subheader, form in its submode byte)
	 * rather than formless 2336-byte sectors. */
	bool xa;
	/* Recorded Track At Once: the drive wrote a link and four run-in
	 * blocks at the start of its pregap and, once closed, two run-out
	 * blocks at the end of its size (docs/emulator-media.md "The TAO
	 * layout"). */
	bool tao;
	/* ISRC (MMC-6 7.5.4, page 05h bytes 33-44 with TCVAL): 12 characters,
	 * NUL-terminated; "" = none. Recorded for audio tracks only. */
	char isrc[MEDIA_ISRC_LEN + 1];
};

/* Track mode nibble bits (MMC-6 4.2.3.4, Table 17 "Q Sub-channel
 * control field"). */
#define MEDIA_CONTROL_DATA 0x04
#define MEDIA_DATA_MODE_AUDIO 0x0F

/* What one sector on the disc is (issue 15). */
enum media_sector_kind {
	SECTOR_BLANK, /* never recorded */
	SECTOR_UNREADABLE, /* TAO run-out / link / run-in: recorded, never readable */
	SECTOR_PREGAP, /* the drive-written 2 s pause before a track (index 0):
			  audio pregaps read as digital silence, data pregaps
			  as zeros of the track's mode */
	SECTOR_AUDIO, /* 2352 bytes of CD-DA samples */
	SECTOR_MODE1, /* 2048 user bytes */
	SECTOR_MODE2, /* 2336 bytes: CD-ROM XA (8-byte subheader, form in its
			 submode byte bit 5) or formless, per track */
};

/* Bytes a sector of that kind holds as written (2352, 2048, 2336). */
#define MEDIA_AUDIO_SECTOR 2352
#define MEDIA_MODE1_SECTOR 2048
#define MEDIA_MODE2_SECTOR 2336

/* A mode 2 XA sector as kept: bytes 0-7 the subheader (file, channel,
 * submode, coding information, twice); submode bit 5 set is form 2
 * (2324 user bytes from byte 8), clear form 1 (2048). Formless mode 2
 * sectors are 2336 user bytes. */
#define MEDIA_XA_SUBMODE_FORM2 0x20

/* The format a write gives a track (CD: from mode page 05h). */
struct media_track_format {
	uint8_t track_mode;
	uint8_t data_mode;
	bool xa;
	bool tao;
	/* The ISRC page 05h holds with TCVAL set ("" = none): the track takes
	 * it if it is an audio track. */
	char isrc[MEDIA_ISRC_LEN + 1];
	/* The MCN page 05h holds with MCVAL set ("" = none): the disc takes it
	 * when a track of it is written. */
	char mcn[MEDIA_MCN_LEN + 1];
};

struct media_session {
	uint16_t number;
	uint16_t first_track;
	uint16_t last_track;
	int32_t start; /* first LBA of its first track */
	bool closed;
};

/* READ DISC INFORMATION "BG format status" (MMC-6 6.21.3.1.13), DVD+RW. */
enum media_bg_format {
	BG_FORMAT_NONE = 0, /* neither formatted nor formatting */
	BG_FORMAT_SUSPENDED = 1, /* started, stopped before the end */
	BG_FORMAT_IN_PROGRESS = 2,
	BG_FORMAT_COMPLETE = 3,
};

/* A long operation the medium is busy with (TEST UNIT READY answers
 * 02/04/04 or 02/04/07, reads and writes are refused with it). FORMAT
 * UNIT and BLANK never save these: they change the medium at once and the
 * drive, not the disc, stays busy for the time they take (struct
 * drive_long_op in drive.h). A disc file edited to say busy stays busy,
 * with its fixed busy_progress, until a format or blank clears it. */
enum media_busy {
	MEDIA_IDLE = 0,
	MEDIA_FORMATTING,
	MEDIA_BLANKING,
};

/* A CD session announced by SEND CUE SHEET (session at once): writes run
 * from `next` (LBA -150 for the pregap of track 1, MMC-5 6.33) to `end`
 * (the lead-out start) and nowhere else; the session closes by itself
 * when the last sector is written. */
struct media_cue {
	bool armed;
	int32_t next;
	int32_t end;
	bool multisession; /* mode page 05h multi-session = 11b when sent */
};

/* How CLOSE TRACK/SESSION ends a session where mode page 05h decides
 * (CD, DVD-R: MMC-6 6.2.3.1.3, 6.2.3.2.3). */
struct media_close_opts {
	bool multisession; /* 11b: leave the disc appendable; 00b: finalize */
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
	enum media_bg_format bg_format;
	enum media_busy busy;
	uint32_t busy_progress; /* 0..65536 of the long operation */
	struct media_cue cue;
	/* The disc's media catalogue number ("" = none), from page 05h with
	 * MCVAL set when a track is written. */
	char mcn[MEDIA_MCN_LEN + 1];
	/* Counters shown by `mmcemu show`. */
	uint64_t link_count; /* BURN-Free pauses */
	uint64_t format_count;
	uint64_t blank_count;
};

/* A media catalogue number is 13 digits '0'-'9'; an ISRC is 2 country
 * and 3 owner characters 'A'-'Z'/'0'-'9', then 2 year and 5 serial
 * digits (ISO 3901; Red Book, IEC 60908, Q mode 3). NUL-terminated. */
bool media_mcn_valid(const char *s);
bool media_isrc_valid(const char *s);

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
/* A write's sectors must be of the kind the track already holds (one
 * track, one mode: MMC-6 4.2.3.4): 05/64/00 when a track holding audio
 * gets data, or the other way round. NO_SENSE for an empty track. */
enum mmc_sense_code media_check_write_format(const struct media_state *m, int64_t lba,
					     const struct media_track_format *f);
/* media_commit_write, and an empty track takes the format (NULL: keeps
 * the mode 1 data default). */
void media_commit_write_format(struct media_state *m, int64_t lba, uint32_t blocks,
			       const struct media_track_format *f);

/* The kind of sector lba is, from the track layout (track mode, data mode,
 * pregaps, the TAO overhead blocks). */
enum media_sector_kind media_sector_kind(const struct media_state *m, int64_t lba);
/* The track a CD sector belongs to for its Q sub-channel (MMC-6 4.2.3.7):
 * the track holding it (*index 1, run-out and padding included), or the
 * track whose 150-block pregap holds it (*index 0, link and run-in
 * included); NULL outside both. Pregaps count once recorded or not. */
const struct media_track *media_sector_track(const struct media_state *m, int64_t lba,
					     unsigned *index);
/* The kind of the sectors a track holds (SECTOR_AUDIO, _MODE1, _MODE2)
 * and their size. */
enum media_sector_kind media_track_kind(const struct media_track *t);
size_t media_kind_size(enum media_sector_kind k);

/* What the disc holds when the drive loses its memory while recording
 * (docs/emulator-media.md "Persistence"); both change a copy the drive
 * saves, never the state it works on. media_unrecord_tail() takes back
 * the newest `blocks` sectors of track index i: they were still in the
 * drive buffer. media_interrupt_track() leaves track index i as a real
 * drive finds a track whose recording stopped without SYNCHRONIZE CACHE
 * or CLOSE: what reached the medium stays readable, the track is damaged
 * and has no NWA until CLOSE TRACK/SESSION closes it; a cue sheet session
 * loses its cue sheet. A track that holds nothing is left as it is. */
void media_unrecord_tail(struct media_state *m, unsigned i, uint32_t blocks);
void media_interrupt_track(struct media_state *m, unsigned i);

/* Track and session operations (RESERVE TRACK, CLOSE TRACK/SESSION,
 * FORMAT UNIT, BLANK). Each returns a sense code and changes nothing on
 * error. close_function is the CDB field (enum mmc_close_function). */
enum mmc_sense_code media_reserve_track(struct media_state *m, uint32_t blocks);
/* media_close() leaves sequential CD/DVD-R media appendable; the handler
 * uses media_close_with() to pass mode page 05h's multi-session field. */
enum mmc_sense_code media_close(struct media_state *m, unsigned close_function,
				unsigned track_number);
/* Whether this medium knows the close function at all (else the handler
 * reports 05/24/00 on CDB byte 2). */
bool media_close_function_supported(const struct media_state *m, unsigned fn);
enum mmc_sense_code media_close_with(struct media_state *m, unsigned close_function,
				     unsigned track_number,
				     const struct media_close_opts *opts);
/* Formats a random-access rewritable (DVD+RW type 26h, BD-RE 00h/30h/31h)
 * to `blocks` usable sectors; background says the format keeps running
 * after the command (DVD+RW). */
enum mmc_sense_code media_format(struct media_state *m, uint32_t blocks);
enum mmc_sense_code media_format_with(struct media_state *m, uint32_t blocks,
				      bool background);
enum mmc_sense_code media_blank(struct media_state *m, bool full);

/* SEND CUE SHEET for one CD session: pregap from `first` (usually -150)
 * to the lead-out at `leadout`, the data track starting at 0. */
enum mmc_sense_code media_arm_cue(struct media_state *m, int32_t first,
				  int32_t leadout, bool multisession);

/* Last LBA of user data readable (READ CAPACITY), -1 for a blank disc. */
int64_t media_last_readable_lba(const struct media_state *m);

/* Sectors of a track that hold data or drive padding (reads succeed). */
uint32_t media_track_recorded(const struct media_track *t);
/* The open (invisible) track at the end, or NULL on a complete disc. */
const struct media_track *media_invisible_track(const struct media_state *m);
/* NWA of a track that can still take writes; false otherwise. */
bool media_track_nwa(const struct media_state *m, const struct media_track *t,
		     int32_t *nwa);
/* Sectors still writable in a track (reserved: to its end; invisible: to
 * the end of the disc). */
uint32_t media_track_free(const struct media_state *m, const struct media_track *t);
/* State of the last session (READ DISC INFORMATION). */
enum media_session_state media_last_session_state(const struct media_state *m);
/* Start of the last possible lead-out (READ DISC INFORMATION, ATIP). */
int32_t media_leadout_limit(const struct media_state *m);
/* Checks the invariants a loaded disc must hold (disc_store, fuzzing):
 * NULL when consistent, else what is wrong. */
const char *media_validate(const struct media_state *m);

#endif
