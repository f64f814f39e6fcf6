/* The description of a disc written at once (disc-at-once: SAO with a cue
 * sheet, or raw): tracks, their data sources, pauses, indexes, ISRC, the
 * catalog number and CD-TEXT. Beyond IMAPI (which has only
 * IRawCDImageCreator's calls): it is what a CDRWIN .cue or a cdrdao .toc
 * file says (dao_cue.c, dao_toc.c parse them), and what `discburn dao`
 * writes, either as a cue sheet (SAO) or through RawCDImageCreator (raw).
 *
 * Times are in sectors (1/75 s, one CD frame of 2352 bytes). A track's
 * own sectors start at its index 1; its pause (index 0) comes before. */
#ifndef DISCBURN_DAO_LAYOUT_H
#define DISCBURN_DAO_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DB_DAO_MAX_TRACKS 99
#define DB_DAO_MAX_INDEXES 99

/* What a track's sectors hold, and the bytes per sector its source gives. */
enum db_dao_track_mode {
	DB_DAO_AUDIO, /* 2352: 44.1 kHz 16-bit stereo samples */
	DB_DAO_MODE1_2048, /* 2048 user bytes; sync, header, EDC/ECC made here */
	DB_DAO_MODE1_2352, /* 2352 raw sectors as the file has them */
	DB_DAO_MODE2_2336, /* 2336: subheader + user data (XA forms or formless) */
	DB_DAO_MODE2_2352, /* 2352 raw sectors as the file has them */
};

/* How a source file holds its bytes. */
enum db_dao_file_kind {
	DB_DAO_FILE_BINARY, /* raw; audio little-endian (cue BINARY, toc default for .bin) */
	DB_DAO_FILE_MOTOROLA, /* raw; audio big-endian (cue MOTOROLA, toc .cdr/SWAP) */
	DB_DAO_FILE_WAVE, /* an audio file libsndfile decodes (WAV, AIFF, FLAC) */
};

/* Where a stretch of a track's data comes from. length in bytes of the
 * source's decoded form; 0 = to the end of the file. */
struct db_dao_source {
	/* absolute, or relative to the .cue/.toc's directory resolved; NULL:
	 * length bytes of zeros (toc SILENCE / ZERO inside a track) */
	char *path;
	enum db_dao_file_kind kind;
	uint64_t offset; /* bytes into the (decoded) file */
	uint64_t length;
};

/* A track's CD-TEXT: one string per text pack type (mmc/cd_text.h,
 * index = type - CD_TEXT_FIRST_TYPE), NULL = none; block 0, language
 * English unless language says otherwise (EBU Tech 3264 code). */
#define DB_DAO_CDTEXT_FIELDS 16
struct db_dao_cdtext {
	char *text[DB_DAO_CDTEXT_FIELDS];
};

struct db_dao_track {
	enum db_dao_track_mode mode;
	/* Up to a few sources one after the other (cdrdao FILE + FILE; a cue
	 * track whose index 0 is in the previous FILE). */
	unsigned n_sources;
	struct db_dao_source sources[4];
	/* Pause before index 1: silence (or zero data) the drive or image
	 * makes (cue PREGAP, toc PREGAP / START without data)... */
	uint32_t pregap_silence;
	/* ...and the part of the sources that is index 0 (cue INDEX 00,
	 * toc START mm:ss:ff): the first pregap_from_data sectors. */
	uint32_t pregap_from_data;
	uint32_t postgap; /* silence or zeros after the track (cue POSTGAP) */
	/* Indexes 2.. as sector offsets from index 1, increasing. */
	unsigned n_indexes;
	uint32_t indexes[DB_DAO_MAX_INDEXES];
	char isrc[13]; /* "" = none; 12 characters, ISO 3901 */
	bool copy_permitted; /* FLAGS DCP / COPY */
	bool four_channel; /* FLAGS 4CH / FOUR_CHANNEL_AUDIO */
	bool preemphasis; /* FLAGS PRE / PRE_EMPHASIS */
	bool scms; /* FLAGS SCMS: serial copy management (one copy allowed) */
	struct db_dao_cdtext cdtext;
	/* Where the description said it, for messages: "disc.cue:12". */
	char origin[64];
};

struct db_dao_disc {
	unsigned first_track_number; /* 1 unless the file says otherwise */
	unsigned n_tracks;
	struct db_dao_track tracks[DB_DAO_MAX_TRACKS];
	char catalog[14]; /* "" = none; 13 digits (UPC/EAN) */
	struct db_dao_cdtext cdtext; /* the disc's (album) fields */
	uint16_t cdtext_language; /* EBU code, 0x09 English */
	char *cdtext_file; /* CDTEXTFILE: binary packs to use instead */
	bool has_cdtext;
};

/* Parse a CDRWIN cue sheet / a cdrdao toc file. On a bad line the status
 * is discburn's parse-error code (status.h) and err holds
 * "disc.cue:12: INDEX 01 before INDEX 00 of track 3" (file:line, then what is
 * wrong). Paths inside are resolved against the file's directory; the
 * files themselves are not opened here. */
db_status db_dao_parse_cue(const char *path, struct db_dao_disc **out, char *err, size_t cap);
db_status db_dao_parse_toc(const char *path, struct db_dao_disc **out, char *err, size_t cap);
/* Writes the disc back as a cue sheet (for `discburn read-cd --cue`). */
db_status db_dao_write_cue(const struct db_dao_disc *d, const char *bin_name, FILE *out);
void db_dao_disc_free(struct db_dao_disc *d);

#ifdef __cplusplus
}
#endif

#endif
