/* CDRWIN cue sheets (.cue) into struct db_dao_disc (docs/dao.md lists
 * the grammar accepted). INDEX times are positions in the current FILE,
 * counted in sectors of the track's own size (2048 for MODE1/2048, 2336
 * for MODE2/2336, 2352 otherwise), as CDRWIN and libburn read them; a
 * track runs to the next track's first index in the same file, or to the
 * end of its file. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dao_internal.h"
#include "mmc/cd_text.h"

#define CUE_MAX_TOKENS 8

struct cue_file {
	char *path; /* resolved; owned by the parse until a track takes a copy */
	enum db_dao_file_kind kind;
	unsigned line;
	bool has_track;
	/* Position where the last track in this file began: byte offsets of
	 * later tracks are counted on from here in that track's sector size. */
	uint32_t anchor_time;
	uint64_t anchor_byte;
	int anchor_track; /* -1: no track started in this file yet */
};

struct cue_parse {
	struct dao_ctx ctx;
	struct db_dao_disc *d;
	struct cue_file file;
	bool have_file;
	/* The open track's progress */
	int track; /* index into d->tracks, -1 before the first TRACK */
	unsigned track_line;
	int last_index; /* -1: none yet */
	uint32_t index0_time, index1_time, last_index_time;
	bool pregap_seen, postgap_seen;
};

/* Splits line into words and "quoted strings" (no escapes: CDRWIN has
 * none). Returns the count, or -1 for an unterminated quote, -2 for too
 * many words. quoted[i] tells a "" token from a bare one. */
static int tokenize(char *line, char **tok, bool *quoted)
{
	int n = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return n;
		if (n == CUE_MAX_TOKENS)
			return -2;
		if (*p == '"') {
			char *end = strchr(p + 1, '"');
			if (!end)
				return -1;
			*end = '\0';
			quoted[n] = true;
			tok[n++] = p + 1;
			p = end + 1;
			if (*p && *p != ' ' && *p != '\t')
				return -1;
		} else {
			quoted[n] = false;
			tok[n++] = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
			if (*p)
				*p++ = '\0';
		}
	}
}

static struct db_dao_track *cur(struct cue_parse *c)
{
	return &c->d->tracks[c->track];
}

static db_status end_track(struct cue_parse *c, unsigned line)
{
	(void)line;
	if (c->track < 0)
		return DB_S_OK;
	if (c->last_index < 1)
		return dao_fail(&c->ctx, c->track_line, "track %u has no INDEX 01",
				c->d->first_track_number + (unsigned)c->track);
	return DB_S_OK;
}

static bool parse_number(const char *s, unsigned max, unsigned *out)
{
	if (!*s || strlen(s) > 2)
		return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	*out = (unsigned)atoi(s);
	return *out <= max;
}

static db_status kw_file(struct cue_parse *c, unsigned line, int n, char **tok)
{
	if (n != 3)
		return dao_fail(&c->ctx, line, "FILE takes a name and a type (BINARY, MOTOROLA, WAVE, AIFF)");
	enum db_dao_file_kind kind;
	if (strcasecmp(tok[2], "BINARY") == 0)
		kind = DB_DAO_FILE_BINARY;
	else if (strcasecmp(tok[2], "MOTOROLA") == 0)
		kind = DB_DAO_FILE_MOTOROLA;
	else if (strcasecmp(tok[2], "WAVE") == 0 || strcasecmp(tok[2], "AIFF") == 0)
		kind = DB_DAO_FILE_WAVE;
	else
		return dao_fail(&c->ctx, line,
				"FILE type %s not supported: BINARY, MOTOROLA, WAVE or AIFF", tok[2]);
	if (!tok[1][0])
		return dao_fail(&c->ctx, line, "FILE with an empty name");
	if (c->have_file && !c->file.has_track)
		return dao_fail(&c->ctx, c->file.line, "FILE holds no TRACK (the next FILE is on line %u)",
				line);
	/* The track open in the previous file runs to that file's end; one
	 * whose INDEX 01 would be in this file needs the previous file's
	 * length to know its pregap, which is not read here. */
	if (c->track >= 0 && c->last_index == 0)
		return dao_fail(&c->ctx, line,
				"track %u has its INDEX 00 in the previous FILE and INDEX 01 in this one: "
				"not supported (put its pregap in one file, or use PREGAP)",
				c->d->first_track_number + (unsigned)c->track);
	free(c->file.path);
	memset(&c->file, 0, sizeof(c->file));
	c->file.path = dao_resolve(&c->ctx, tok[1]);
	if (!c->file.path)
		return DB_E_OUTOFMEMORY;
	c->file.kind = kind;
	c->file.line = line;
	c->file.anchor_track = -1;
	c->have_file = true;
	return DB_S_OK;
}

static db_status kw_track(struct cue_parse *c, unsigned line, int n, char **tok)
{
	if (n != 3)
		return dao_fail(&c->ctx, line, "TRACK takes a number and a mode");
	if (!c->have_file)
		return dao_fail(&c->ctx, line, "TRACK before any FILE");
	unsigned num;
	if (!parse_number(tok[1], 99, &num) || num == 0)
		return dao_fail(&c->ctx, line, "track number %s: not 01-99", tok[1]);
	static const struct {
		const char *name;
		enum db_dao_track_mode mode;
	} modes[] = {
		{"AUDIO", DB_DAO_AUDIO},
		{"MODE1/2048", DB_DAO_MODE1_2048},
		{"MODE1/2352", DB_DAO_MODE1_2352},
		{"MODE2/2336", DB_DAO_MODE2_2336},
		{"MODE2/2352", DB_DAO_MODE2_2352},
	};
	int m = -1;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcasecmp(tok[2], modes[i].name) == 0)
			m = (int)i;
	if (m < 0)
		return dao_fail(&c->ctx, line,
				"track mode %s not supported: AUDIO, MODE1/2048, MODE1/2352, "
				"MODE2/2336 or MODE2/2352",
				tok[2]);
	if (modes[m].mode != DB_DAO_AUDIO && c->file.kind == DB_DAO_FILE_WAVE)
		return dao_fail(&c->ctx, line, "a %s track in a WAVE/AIFF file: data tracks need BINARY",
				tok[2]);
	db_status st = end_track(c, line);
	if (db_failed(st))
		return st;
	if (c->track < 0) {
		c->d->first_track_number = num;
	} else if (num != c->d->first_track_number + (unsigned)c->track + 1) {
		return dao_fail(&c->ctx, line, "TRACK %02u after track %02u: tracks must be numbered one after another",
				num, c->d->first_track_number + (unsigned)c->track);
	}
	if (c->d->n_tracks == DB_DAO_MAX_TRACKS)
		return dao_fail(&c->ctx, line, "more than 99 tracks");
	c->track = (int)c->d->n_tracks++;
	struct db_dao_track *t = cur(c);
	t->mode = modes[m].mode;
	dao_set_origin(t, &c->ctx, line);
	c->track_line = line;
	c->last_index = -1;
	c->pregap_seen = c->postgap_seen = false;
	c->file.has_track = true;
	return DB_S_OK;
}

/* The track's first index in the current file: where its source starts. */
static db_status start_source(struct cue_parse *c, unsigned line, uint32_t time)
{
	struct cue_file *f = &c->file;
	struct db_dao_track *t = cur(c);
	uint64_t byte;
	if (f->anchor_track < 0) {
		byte = (uint64_t)time * dao_mode_bytes(t->mode);
	} else {
		if (time < f->anchor_time)
			return dao_fail(&c->ctx, line,
					"track %u starts at %02u:%02u:%02u, before the previous track in this FILE",
					c->d->first_track_number + (unsigned)c->track,
					time / (60 * DAO_FRAMES_PER_SEC), time / DAO_FRAMES_PER_SEC % 60,
					time % DAO_FRAMES_PER_SEC);
		struct db_dao_track *prev = &c->d->tracks[f->anchor_track];
		byte = f->anchor_byte + (uint64_t)(time - f->anchor_time) * dao_mode_bytes(prev->mode);
		/* The previous track ends where this one starts. */
		struct db_dao_source *ps = &prev->sources[prev->n_sources - 1];
		ps->length = byte - ps->offset;
	}
	f->anchor_time = time;
	f->anchor_byte = byte;
	f->anchor_track = c->track;
	struct db_dao_source *s = &t->sources[t->n_sources];
	s->path = strdup(f->path);
	if (!s->path)
		return DB_E_OUTOFMEMORY;
	t->n_sources++;
	s->kind = f->kind;
	s->offset = byte;
	s->length = 0; /* to the end of the file, unless a later track says */
	return DB_S_OK;
}

static db_status kw_index(struct cue_parse *c, unsigned line, int n, char **tok)
{
	if (n != 3)
		return dao_fail(&c->ctx, line, "INDEX takes a number and a time mm:ss:ff");
	if (c->track < 0)
		return dao_fail(&c->ctx, line, "INDEX before any TRACK");
	unsigned num;
	if (!parse_number(tok[1], 99, &num))
		return dao_fail(&c->ctx, line, "index number %s: not 00-99", tok[1]);
	uint32_t time;
	if (!dao_parse_msf(tok[2], &time))
		return dao_fail(&c->ctx, line, "time %s: not mm:ss:ff (seconds < 60, frames < 75)", tok[2]);
	unsigned tn = c->d->first_track_number + (unsigned)c->track;
	if (c->postgap_seen)
		return dao_fail(&c->ctx, line, "INDEX after POSTGAP in track %u", tn);
	if (c->last_index < 0 && num > 1)
		return dao_fail(&c->ctx, line, "INDEX %02u before INDEX 01 of track %u", num, tn);
	if (c->last_index >= 0 && (int)num != c->last_index + 1)
		return dao_fail(&c->ctx, line, "INDEX %02u after INDEX %02d of track %u: indexes go one after another",
				num, c->last_index, tn);
	if (c->last_index >= 0 && time <= c->last_index_time)
		return dao_fail(&c->ctx, line, "INDEX %02u at %s is not after the previous index of track %u",
				num, tok[2], tn);
	struct db_dao_track *t = cur(c);
	if (c->last_index < 0) {
		db_status st = start_source(c, line, time);
		if (db_failed(st))
			return st;
	}
	if (num == 0) {
		c->index0_time = time;
	} else if (num == 1) {
		c->index1_time = time;
		if (c->last_index == 0)
			t->pregap_from_data = time - c->index0_time;
	} else {
		if (t->n_indexes == DB_DAO_MAX_INDEXES)
			return dao_fail(&c->ctx, line, "more than 99 indexes in track %u", tn);
		t->indexes[t->n_indexes++] = time - c->index1_time;
	}
	c->last_index = (int)num;
	c->last_index_time = time;
	return DB_S_OK;
}

static db_status kw_gap(struct cue_parse *c, unsigned line, int n, char **tok, bool post)
{
	const char *kw = post ? "POSTGAP" : "PREGAP";
	if (n != 2)
		return dao_fail(&c->ctx, line, "%s takes one time mm:ss:ff", kw);
	if (c->track < 0)
		return dao_fail(&c->ctx, line, "%s before any TRACK", kw);
	uint32_t time;
	if (!dao_parse_msf(tok[1], &time))
		return dao_fail(&c->ctx, line, "time %s: not mm:ss:ff (seconds < 60, frames < 75)", tok[1]);
	unsigned tn = c->d->first_track_number + (unsigned)c->track;
	if (post) {
		if (c->last_index < 1)
			return dao_fail(&c->ctx, line, "POSTGAP before INDEX 01 of track %u", tn);
		if (c->postgap_seen)
			return dao_fail(&c->ctx, line, "a second POSTGAP in track %u", tn);
		cur(c)->postgap = time;
		c->postgap_seen = true;
	} else {
		if (c->last_index >= 0)
			return dao_fail(&c->ctx, line, "PREGAP after an INDEX of track %u: it comes before them", tn);
		if (c->pregap_seen)
			return dao_fail(&c->ctx, line, "a second PREGAP in track %u", tn);
		cur(c)->pregap_silence = time;
		c->pregap_seen = true;
	}
	return DB_S_OK;
}

static db_status kw_flags(struct cue_parse *c, unsigned line, int n, char **tok)
{
	if (c->track < 0)
		return dao_fail(&c->ctx, line, "FLAGS before any TRACK");
	struct db_dao_track *t = cur(c);
	for (int i = 1; i < n; i++) {
		if (strcasecmp(tok[i], "DCP") == 0)
			t->copy_permitted = true;
		else if (strcasecmp(tok[i], "4CH") == 0)
			t->four_channel = true;
		else if (strcasecmp(tok[i], "PRE") == 0)
			t->preemphasis = true;
		else if (strcasecmp(tok[i], "SCMS") == 0)
			t->scms = true;
		else
			return dao_fail(&c->ctx, line, "flag %s not known: DCP, 4CH, PRE or SCMS", tok[i]);
	}
	if (n == 1)
		return dao_fail(&c->ctx, line, "FLAGS without a flag (DCP, 4CH, PRE, SCMS)");
	return DB_S_OK;
}

static db_status cue_line(struct cue_parse *c, unsigned line, char *text)
{
	char *tok[CUE_MAX_TOKENS];
	bool quoted[CUE_MAX_TOKENS];
	int n = tokenize(text, tok, quoted);
	if (n == -1)
		return dao_fail(&c->ctx, line, "unterminated quoted string");
	if (n == -2)
		return dao_fail(&c->ctx, line, "too many words on the line");
	if (n == 0 || strcasecmp(tok[0], "REM") == 0)
		return DB_S_OK;
	const char *kw = tok[0];
	if (strcasecmp(kw, "FILE") == 0)
		return kw_file(c, line, n, tok);
	if (strcasecmp(kw, "TRACK") == 0)
		return kw_track(c, line, n, tok);
	if (strcasecmp(kw, "INDEX") == 0)
		return kw_index(c, line, n, tok);
	if (strcasecmp(kw, "PREGAP") == 0)
		return kw_gap(c, line, n, tok, false);
	if (strcasecmp(kw, "POSTGAP") == 0)
		return kw_gap(c, line, n, tok, true);
	if (strcasecmp(kw, "FLAGS") == 0)
		return kw_flags(c, line, n, tok);
	if (strcasecmp(kw, "ISRC") == 0) {
		if (c->track < 0)
			return dao_fail(&c->ctx, line, "ISRC before any TRACK");
		if (n != 2 || !dao_isrc_valid(tok[1]))
			return dao_fail(&c->ctx, line,
					"ISRC %s: not 12 characters CCOOOYYNNNNN (country letters, "
					"owner letters/digits, year and number digits)",
					n > 1 ? tok[1] : "");
		memcpy(cur(c)->isrc, tok[1], 13);
		return DB_S_OK;
	}
	if (strcasecmp(kw, "CATALOG") == 0) {
		if (c->track >= 0)
			return dao_fail(&c->ctx, line, "CATALOG inside a track: it belongs before the first TRACK");
		if (n != 2 || !dao_catalog_valid(tok[1]))
			return dao_fail(&c->ctx, line, "CATALOG %s: not 13 digits (UPC/EAN)", n > 1 ? tok[1] : "");
		memcpy(c->d->catalog, tok[1], 14);
		return DB_S_OK;
	}
	if (strcasecmp(kw, "CDTEXTFILE") == 0) {
		if (c->track >= 0)
			return dao_fail(&c->ctx, line, "CDTEXTFILE inside a track: it belongs before the first TRACK");
		if (n != 2 || !tok[1][0])
			return dao_fail(&c->ctx, line, "CDTEXTFILE takes one file name");
		free(c->d->cdtext_file);
		c->d->cdtext_file = dao_resolve(&c->ctx, tok[1]);
		if (!c->d->cdtext_file)
			return DB_E_OUTOFMEMORY;
		c->d->has_cdtext = true;
		return DB_S_OK;
	}
	char upper[16];
	size_t kl = strlen(kw);
	if (kl < sizeof(upper)) {
		for (size_t i = 0; i <= kl; i++)
			upper[i] = (char)toupper((unsigned char)kw[i]);
		int type = dao_cdtext_type(upper);
		if (type >= 0) {
			if (n != 2)
				return dao_fail(&c->ctx, line, "%s takes one value (quote it if it has spaces)", upper);
			struct db_dao_cdtext *t = c->track < 0 ? &c->d->cdtext : &cur(c)->cdtext;
			if (!dao_cdtext_set(t, type, tok[1]))
				return DB_E_OUTOFMEMORY;
			c->d->has_cdtext = true;
			return DB_S_OK;
		}
	}
	(void)quoted;
	return dao_fail(&c->ctx, line, "unknown keyword %s", kw);
}

db_status db_dao_parse_cue(const char *path, struct db_dao_disc **out, char *err, size_t cap)
{
	if (!path || !out)
		return DB_E_POINTER;
	*out = NULL;
	struct cue_parse c;
	memset(&c, 0, sizeof(c));
	dao_ctx_init(&c.ctx, path, err, cap);
	c.track = -1;
	char *text;
	db_status st = dao_read_file(&c.ctx, &text);
	if (db_failed(st))
		return st;
	c.d = dao_disc_new();
	if (!c.d) {
		free(text);
		return DB_E_OUTOFMEMORY;
	}
	char *p = text;
	/* A UTF-8 byte order mark, as Windows editors write one. */
	if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
		p += 3;
	unsigned line = 0;
	while (db_succeeded(st) && *p) {
		line++;
		char *nl = strchr(p, '\n');
		char *next = nl ? nl + 1 : p + strlen(p);
		if (nl)
			*nl = '\0';
		size_t len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[len - 1] = '\0';
		st = cue_line(&c, line, p);
		p = next;
	}
	if (db_succeeded(st))
		st = end_track(&c, line);
	if (db_succeeded(st) && c.have_file && !c.file.has_track)
		st = dao_fail(&c.ctx, c.file.line, "FILE holds no TRACK");
	if (db_succeeded(st) && c.d->n_tracks == 0)
		st = dao_fail(&c.ctx, line ? line : 1, "no TRACK in the cue sheet");
	free(c.file.path);
	free(text);
	if (db_failed(st)) {
		db_dao_disc_free(c.d);
		return st;
	}
	*out = c.d;
	return DB_S_OK;
}
