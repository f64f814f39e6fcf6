/* Shared by the .cue and .toc parsers (dao_cue.c, dao_toc.c) and
 * dao_layout.c: error text, times, identifiers, CD-TEXT fields. */
#ifndef DISCBURN_DAO_INTERNAL_H
#define DISCBURN_DAO_INTERNAL_H

#include <stdarg.h>

#include "discburn/dao_layout.h"

#define DAO_FRAMES_PER_SEC 75
#define DAO_SAMPLES_PER_SECTOR 588 /* 2352 / 4: 16-bit stereo frames */

/* The parse being done: the file's name for messages and its directory
 * for relative paths. */
struct dao_ctx {
	const char *path; /* as given: "disc.cue" */
	char dir[4096]; /* its directory, "" for the current one */
	char *err;
	size_t cap;
};

void dao_ctx_init(struct dao_ctx *c, const char *path, char *err, size_t cap);
/* "disc.cue:12: what"; returns DB_E_DISCBURN_DAO_PARSE. */
db_status dao_fail(struct dao_ctx *c, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The whole file, NUL-terminated; a missing file is ERROR_FILE_NOT_FOUND
 * with "disc.cue: No such file or directory" in err. */
db_status dao_read_file(struct dao_ctx *c, char **out);
/* name resolved against the file's directory (absolute names kept). */
char *dao_resolve(const struct dao_ctx *c, const char *name);
/* "mm:ss:ff" (minutes any, seconds < 60, frames < 75) -> sectors. */
bool dao_parse_msf(const char *s, uint32_t *sectors);
/* ISO 3901: CC (letters), OOO (letters/digits), YY NNNNN (digits). */
bool dao_isrc_valid(const char *s);
/* 13 digits (UPC/EAN). */
bool dao_catalog_valid(const char *s);
/* The CD-TEXT pack type (cd_text.h) of a text keyword, -1 for none. */
int dao_cdtext_type(const char *keyword);
/* Sets field type of t to a copy of s (replacing an earlier one). */
bool dao_cdtext_set(struct db_dao_cdtext *t, int type, const char *s);
/* Bytes per sector a track's source holds for its mode. */
unsigned dao_mode_bytes(enum db_dao_track_mode m);
/* "disc.cue:12" into the track. */
void dao_set_origin(struct db_dao_track *t, const struct dao_ctx *c, unsigned line);
struct db_dao_disc *dao_disc_new(void);

#endif
