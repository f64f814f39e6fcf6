/* The disc-at-once description (discburn/dao_layout.h): what both
 * parsers share, freeing, and writing it back as a CDRWIN cue sheet. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dao_internal.h"
#include "mmc/cd_text.h"

void dao_ctx_init(struct dao_ctx *c, const char *path, char *err, size_t cap)
{
	c->path = path;
	c->err = err;
	c->cap = cap;
	if (err && cap)
		err[0] = '\0';
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0;
	if (n >= sizeof(c->dir))
		n = 0;
	memcpy(c->dir, path, n);
	c->dir[n] = '\0';
}

db_status dao_fail(struct dao_ctx *c, unsigned line, const char *fmt, ...)
{
	if (c->err && c->cap) {
		int n = snprintf(c->err, c->cap, "%s:%u: ", c->path, line);
		if (n >= 0 && (size_t)n < c->cap) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(c->err + n, c->cap - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return DB_E_DISCBURN_DAO_PARSE;
}

db_status dao_read_file(struct dao_ctx *c, char **out)
{
	FILE *f = fopen(c->path, "rb");
	if (!f) {
		int e = errno;
		if (c->err && c->cap)
			snprintf(c->err, c->cap, "%s: %s", c->path, strerror(e));
		return e == ENOENT ? DB_ERROR_FILE_NOT_FOUND : db_status_from_errno(e);
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
		if (cap - len - 1 == 0) {
			/* A cue sheet is a few kilobytes: anything past 16 MiB is
			 * not one, and reading on would only use memory. */
			if (cap >= (16u << 20)) {
				free(buf);
				fclose(f);
				return dao_fail(c, 1, "not a cue sheet or toc file: over 16 MiB");
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	bool bad = ferror(f);
	fclose(f);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	if (bad) {
		free(buf);
		if (c->err && c->cap)
			snprintf(c->err, c->cap, "%s: read error", c->path);
		return DB_ERROR_READ_FAULT;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		return dao_fail(c, 1, "not a text file (it holds NUL bytes)");
	}
	*out = buf;
	return DB_S_OK;
}

char *dao_resolve(const struct dao_ctx *c, const char *name)
{
	if (name[0] == '/' || c->dir[0] == '\0')
		return strdup(name);
	size_t n = strlen(c->dir) + strlen(name) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s", c->dir, name);
	return p;
}

bool dao_parse_msf(const char *s, uint32_t *sectors)
{
	unsigned long v[3];
	for (int i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*s))
			return false;
		char *end;
		errno = 0;
		v[i] = strtoul(s, &end, 10);
		if (errno || end - s > 6)
			return false;
		s = end;
		if (i < 2 && *s++ != ':')
			return false;
	}
	if (*s || v[1] >= 60 || v[2] >= DAO_FRAMES_PER_SEC || v[0] > 99)
		return false;
	*sectors = (uint32_t)((v[0] * 60 + v[1]) * DAO_FRAMES_PER_SEC + v[2]);
	return true;
}

bool dao_isrc_valid(const char *s)
{
	if (strlen(s) != 12)
		return false;
	for (int i = 0; i < 12; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool ok = i < 2 ? isupper(ch) : i < 5 ? (isupper(ch) || isdigit(ch)) : isdigit(ch);
		if (!ok)
			return false;
	}
	return true;
}

bool dao_catalog_valid(const char *s)
{
	if (strlen(s) != 13)
		return false;
	for (int i = 0; i < 13; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

int dao_cdtext_type(const char *keyword)
{
	static const struct {
		const char *kw;
		int type;
	} kws[] = {
#define DAO_KW(name, code, kw) {kw, code},
		CD_TEXT_PACK_TYPES(DAO_KW)
#undef DAO_KW
	};
	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (kws[i].kw && strcmp(kws[i].kw, keyword) == 0)
			return kws[i].type;
	return -1;
}

bool dao_cdtext_set(struct db_dao_cdtext *t, int type, const char *s)
{
	char *copy = strdup(s);
	if (!copy)
		return false;
	free(t->text[type - CD_TEXT_FIRST_TYPE]);
	t->text[type - CD_TEXT_FIRST_TYPE] = copy;
	return true;
}

unsigned dao_mode_bytes(enum db_dao_track_mode m)
{
	switch (m) {
	case DB_DAO_MODE1_2048: return 2048;
	case DB_DAO_MODE2_2336: return 2336;
	case DB_DAO_AUDIO:
	case DB_DAO_MODE1_2352:
	case DB_DAO_MODE2_2352: return 2352;
	}
	return 2352;
}

void dao_set_origin(struct db_dao_track *t, const struct dao_ctx *c, unsigned line)
{
	const char *base = strrchr(c->path, '/');
	snprintf(t->origin, sizeof(t->origin), "%s:%u", base ? base + 1 : c->path, line);
}

struct db_dao_disc *dao_disc_new(void)
{
	struct db_dao_disc *d = calloc(1, sizeof(*d));
	if (d) {
		d->first_track_number = 1;
		d->cdtext_language = 0x09;
	}
	return d;
}

static void cdtext_free(struct db_dao_cdtext *t)
{
	for (int i = 0; i < DB_DAO_CDTEXT_FIELDS; i++)
		free(t->text[i]);
}

void db_dao_disc_free(struct db_dao_disc *d)
{
	if (!d)
		return;
	for (unsigned i = 0; i < d->n_tracks; i++) {
		for (unsigned s = 0; s < d->tracks[i].n_sources; s++)
			free(d->tracks[i].sources[s].path);
		cdtext_free(&d->tracks[i].cdtext);
	}
	cdtext_free(&d->cdtext);
	free(d->cdtext_file);
	free(d);
}
