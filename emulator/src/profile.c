/* Media profiles: media-profiles/NAME.ini parsed with libinih into struct
 * mmcemu_profile. Every key is described once in key_table[] (section,
 * name, parser, which families may use it, required or not); the parser
 * rejects unknown sections and keys, duplicates, bad values and missing
 * required keys with "path:line: problem". Format: docs/media-profiles.md.
 *
 * libinih (as Debian builds it) does not give the handler a line number, so
 * the profile is read through our own line reader (ini_parse_stream), which
 * counts lines and notes section headers as they go by: when the handler
 * runs, the reader's count is the line being handled. */
#include "profile.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- line reader -------------------------------------------------------- */

struct reader {
	FILE *f; /* or */
	const char *s;
	int line;
	/* The last "[section]" header seen and its line. */
	char section[32];
	int section_line;
};

/* Notes "[name]" headers so problems can point at them. */
static void note_section(struct reader *r, const char *buf)
{
	buf += strspn(buf, " \t");
	if (*buf != '[')
		return;
	size_t n = strcspn(buf + 1, "]");
	if (n >= sizeof(r->section))
		n = sizeof(r->section) - 1;
	memcpy(r->section, buf + 1, n);
	r->section[n] = 0;
	r->section_line = r->line;
}

static char *reader_gets(char *buf, int num, void *stream)
{
	struct reader *r = stream;
	if (r->f) {
		if (!fgets(buf, num, r->f))
			return NULL;
	} else {
		if (!*r->s)
			return NULL;
		int n = 0;
		while (n < num - 1 && r->s[n] && r->s[n] != '\n')
			n++;
		if (n < num - 1 && r->s[n] == '\n')
			n++;
		memcpy(buf, r->s, (size_t)n);
		buf[n] = 0;
		r->s += n;
	}
	/* A line longer than the buffer arrives in pieces: count it once. */
	if (strchr(buf, '\n') || (r->f && feof(r->f)) || (!r->f && !*r->s)) {
		r->line++;
		note_section(r, buf);
	}
	return buf;
}

/* ---- value parsers ------------------------------------------------------ */

struct parse_ctx;
typedef const char *(*value_parser)(struct parse_ctx *x, const char *v);

enum family_mask { FAM_CD = 1, FAM_DVD = 2, FAM_BD = 4, FAM_ALL = 7 };

struct key_desc {
	const char *section;
	const char *name;
	value_parser parse;
	unsigned families; /* enum family_mask: where the key is allowed */
	unsigned required; /* enum family_mask: where it must be present */
};

#define MAX_KEYS 32

struct parse_ctx {
	struct mmcemu_profile *p;
	struct reader rd;
	const char *path;
	char *err;
	size_t errlen;
	bool failed;
	int fail_line;
	int key_line[MAX_KEYS]; /* 0 = not seen */
	int section_line[8];
	bool family_seen;
};

static const char *parse_u32_limited(const char *v, uint32_t lo, uint32_t hi,
				     uint32_t *out)
{
	char *end;
	errno = 0;
	if (!*v || *v == '-' || *v == '+')
		return "not a number";
	unsigned long long n = strtoull(v, &end, 0);
	if (errno || *end)
		return "not a number";
	if (n < lo || n > hi)
		return "number out of range";
	*out = (uint32_t)n;
	return NULL;
}

static const char *parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		*out = false;
	else
		return "expected yes or no";
	return NULL;
}

/* A speed multiple with at most one decimal: "2.4", "16", "16x". */
static const char *parse_tenths(const char *v, uint32_t *tenths)
{
	uint32_t whole = 0, frac = 0;
	int digits = 0;
	for (; isdigit((unsigned char)*v); v++, digits++) {
		if (whole > 1000)
			return "speed out of range";
		whole = whole * 10 + (uint32_t)(*v - '0');
	}
	if (*v == '.') {
		v++;
		if (!isdigit((unsigned char)*v))
			return "bad speed";
		frac = (uint32_t)(*v++ - '0');
	}
	if (*v == 'x' || *v == 'X')
		v++;
	if (!digits || *v)
		return "bad speed (a multiple of 1x such as 2.4 or 16)";
	*tenths = whole * 10 + frac;
	return *tenths ? NULL : "speed must be above 0";
}

static const char *copy_string(const char *v, char *dst, size_t cap)
{
	if (!*v)
		return "empty value";
	if (strlen(v) >= cap)
		return "value too long";
	strcpy(dst, v);
	return NULL;
}

/* ---- one parser per key ------------------------------------------------- */

static const char *k_profile(struct parse_ctx *x, const char *v)
{
	uint32_t n = 0;
	const char *e = parse_u32_limited(v, 1, 0xFFFF, &n);
	if (e)
		return e;
	if (!mmc_profile_name((uint16_t)n) || n == MMC_PROFILE_NONE)
		return "unknown MMC profile number";
	x->p->number = (uint16_t)n;
	return NULL;
}

static const char *k_family(struct parse_ctx *x, const char *v)
{
	static const struct { const char *name; enum mmc_media_family f; } fams[] = {
		{"cd", MMC_FAMILY_CD}, {"dvd", MMC_FAMILY_DVD}, {"bd", MMC_FAMILY_BD}};
	for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
		if (!strcmp(v, fams[i].name)) {
			x->p->family = fams[i].f;
			x->family_seen = true;
			return NULL;
		}
	}
	return "family must be cd, dvd or bd";
}

static const char *k_description(struct parse_ctx *x, const char *v)
{
	return copy_string(v, x->p->description, sizeof(x->p->description));
}

static const char *k_capacity(struct parse_ctx *x, const char *v)
{
	/* LBAs are signed 32-bit in CDBs: keep the whole disc addressable. */
	return parse_u32_limited(v, 1, 0x7FFFFFFF, &x->p->capacity);
}

static const char *k_rewritable(struct parse_ctx *x, const char *v)
{
	return parse_bool(v, &x->p->rewritable);
}

static const char *k_sequential(struct parse_ctx *x, const char *v)
{
	return parse_bool(v, &x->p->sequential);
}

static const char *k_needs_format(struct parse_ctx *x, const char *v)
{
	return parse_bool(v, &x->p->needs_format);
}

static const char *k_max_sessions(struct parse_ctx *x, const char *v)
{
	uint32_t n = 0;
	const char *e = parse_u32_limited(v, 1, 65535, &n);
	x->p->max_sessions = n;
	return e;
}

static const struct { const char *name; unsigned bit; } write_mode_names[] = {
	{"tao", WRITE_MODE_TAO},
	{"sao", WRITE_MODE_SAO},
	{"raw", WRITE_MODE_RAW},
	{"incremental", WRITE_MODE_INCREMENTAL},
	{"restricted_overwrite", WRITE_MODE_RESTRICTED_OVERWRITE},
	{"srm", WRITE_MODE_SRM},
	{"random", WRITE_MODE_RANDOM},
};

static const char *one_write_mode(const char *w, unsigned *bits)
{
	for (size_t i = 0; i < sizeof(write_mode_names) / sizeof(write_mode_names[0]); i++) {
		if (!strcmp(w, write_mode_names[i].name)) {
			if (*bits & write_mode_names[i].bit)
				return "write mode listed twice";
			*bits |= write_mode_names[i].bit;
			return NULL;
		}
	}
	return "unknown write mode (tao, sao, raw, incremental, "
	       "restricted_overwrite, srm, random)";
}

/* Splits a comma/space separated list and hands each word to fn. */
static const char *for_each_word(const char *v, void *arg,
				 const char *(*fn)(const char *w, void *arg))
{
	char word[32];
	while (*v) {
		size_t n = strcspn(v, ", \t");
		if (n >= sizeof(word))
			return "list item too long";
		if (n) {
			memcpy(word, v, n);
			word[n] = 0;
			const char *e = fn(word, arg);
			if (e)
				return e;
		}
		v += n;
		v += strspn(v, ", \t");
	}
	return NULL;
}

static const char *write_mode_word(const char *w, void *arg)
{
	return one_write_mode(w, arg);
}

static const char *k_write_modes(struct parse_ctx *x, const char *v)
{
	unsigned bits = 0;
	const char *e = for_each_word(v, &bits, write_mode_word);
	if (e)
		return e;
	if (!bits)
		return "empty list";
	x->p->write_modes = bits;
	return NULL;
}

static const char *speed_word(const char *w, void *arg)
{
	struct parse_ctx *x = arg;
	struct mmcemu_profile *p = x->p;
	uint32_t tenths;
	const char *e = parse_tenths(w, &tenths);
	if (e)
		return e;
	if (p->n_write_speeds == PROFILE_MAX_SPEEDS)
		return "too many write speeds";
	uint32_t kbps = profile_speed_kbps(p->family, tenths);
	if (p->n_write_speeds && kbps <= p->write_speeds_kbps[p->n_write_speeds - 1])
		return "write speeds must be listed in ascending order";
	p->write_speeds_kbps[p->n_write_speeds++] = kbps;
	return NULL;
}

static const char *k_write(struct parse_ctx *x, const char *v)
{
	/* Speeds are multiples of the family's 1x: the family must be known. */
	if (!x->family_seen)
		return "[medium] family must come before the speeds";
	const char *e = for_each_word(v, x, speed_word);
	if (!e && !x->p->n_write_speeds)
		return "empty list";
	return e;
}

static const char *k_read(struct parse_ctx *x, const char *v)
{
	uint32_t tenths;
	if (!x->family_seen)
		return "[medium] family must come before the speeds";
	const char *e = parse_tenths(v, &tenths);
	if (!e)
		x->p->read_speed_kbps = profile_speed_kbps(x->p->family, tenths);
	return e;
}

static const char *k_model(struct parse_ctx *x, const char *v)
{
	if (!strcmp(v, "clv"))
		x->p->speed_model = SPEED_CLV;
	else if (!strcmp(v, "cav"))
		x->p->speed_model = SPEED_CAV;
	else
		return "model must be clv or cav";
	return NULL;
}

static const char *k_cav_inner(struct parse_ctx *x, const char *v)
{
	uint32_t n = 0;
	const char *e = parse_u32_limited(v, 10, 100, &n);
	x->p->cav_inner_percent = n;
	return e;
}

static const char *k_cav_from(struct parse_ctx *x, const char *v)
{
	uint32_t tenths;
	if (!x->family_seen)
		return "[medium] family must come before the speeds";
	const char *e = parse_tenths(v, &tenths);
	if (!e)
		x->p->cav_from_kbps = profile_speed_kbps(x->p->family, tenths);
	return e;
}

static const char *k_buffer(struct parse_ctx *x, const char *v)
{
	uint32_t kib = 0;
	const char *e = parse_u32_limited(v, 64, 1024 * 1024, &kib);
	x->p->buffer_bytes = kib * 1024;
	return e;
}

/* At most ten minutes: longer would be a full certification pass, which
 * the emulator does not model. */
static const char *k_format_ms(struct parse_ctx *x, const char *v)
{
	return parse_u32_limited(v, 0, 600000, &x->p->format_ms);
}

static const char *k_first_gap(struct parse_ctx *x, const char *v)
{
	return parse_u32_limited(v, 0, 1000000, &x->p->session_gap);
}

static const char *k_next_gap(struct parse_ctx *x, const char *v)
{
	return parse_u32_limited(v, 0, 1000000, &x->p->next_session_gap);
}

/* ATIP start time of lead-in, "97:24:01" (MMC-5 6.26.3.6: M S F). */
static const char *k_atip_lead_in(struct parse_ctx *x, const char *v)
{
	unsigned m, s, f;
	char tail;
	if (sscanf(v, "%2u:%2u:%2u%c", &m, &s, &f, &tail) != 3)
		return "expected MM:SS:FF";
	if (m < 90 || s > 59 || f > 74)
		return "lead-in start must be 90:00:00 or later with S < 60, F < 75";
	x->p->atip_lead_in_msf[0] = (uint8_t)m;
	x->p->atip_lead_in_msf[1] = (uint8_t)s;
	x->p->atip_lead_in_msf[2] = (uint8_t)f;
	return NULL;
}

static const char *k_atip_subtype(struct parse_ctx *x, const char *v)
{
	uint32_t n = 0;
	const char *e = parse_u32_limited(v, 0, 7, &n);
	x->p->atip_disc_subtype = (uint8_t)n;
	return e;
}

static const char *k_manufacturer(struct parse_ctx *x, const char *v)
{
	return copy_string(v, x->p->manufacturer_id, sizeof(x->p->manufacturer_id));
}

static const char *k_media_type(struct parse_ctx *x, const char *v)
{
	return copy_string(v, x->p->media_type_id, sizeof(x->p->media_type_id));
}

/* Section order here is the order of section_line[]. */
static const char *const sections[] = {"medium", "speeds", "drive", "session", "id"};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

/* [session] is required for sequential media only: checked separately. */
static const struct key_desc key_table[] = {
	{"medium", "profile", k_profile, FAM_ALL, FAM_ALL},
	{"medium", "family", k_family, FAM_ALL, FAM_ALL},
	{"medium", "description", k_description, FAM_ALL, FAM_ALL},
	{"medium", "capacity", k_capacity, FAM_ALL, FAM_ALL},
	{"medium", "rewritable", k_rewritable, FAM_ALL, FAM_ALL},
	{"medium", "sequential", k_sequential, FAM_ALL, FAM_ALL},
	{"medium", "needs_format", k_needs_format, FAM_ALL, FAM_ALL},
	{"medium", "write_modes", k_write_modes, FAM_ALL, FAM_ALL},
	{"medium", "max_sessions", k_max_sessions, FAM_ALL, FAM_ALL},
	{"speeds", "write", k_write, FAM_ALL, FAM_ALL},
	{"speeds", "read", k_read, FAM_ALL, FAM_ALL},
	{"speeds", "model", k_model, FAM_ALL, FAM_ALL},
	{"speeds", "cav_inner_percent", k_cav_inner, FAM_ALL, 0},
	{"speeds", "cav_from", k_cav_from, FAM_ALL, 0},
	{"drive", "buffer_kib", k_buffer, FAM_ALL, FAM_ALL},
	{"drive", "format_ms", k_format_ms, FAM_ALL, 0},
	{"session", "first_gap", k_first_gap, FAM_ALL, 0},
	{"session", "next_gap", k_next_gap, FAM_ALL, 0},
	{"id", "atip_lead_in", k_atip_lead_in, FAM_CD, FAM_CD},
	{"id", "atip_disc_subtype", k_atip_subtype, FAM_CD, FAM_CD},
	{"id", "manufacturer", k_manufacturer, FAM_ALL, FAM_ALL},
	{"id", "media_type", k_media_type, FAM_DVD | FAM_BD, 0},
};
#define N_KEYS (sizeof(key_table) / sizeof(key_table[0]))
_Static_assert(N_KEYS <= MAX_KEYS, "key_line[] too small");

/* ---- the handler -------------------------------------------------------- */

static int fail_at(struct parse_ctx *x, int line, const char *fmt, ...)
{
	if (x->failed)
		return 0; /* keep the first problem: it is the one to fix */
	x->failed = true;
	x->fail_line = line;
	int n = snprintf(x->err, x->errlen, "%s:%d: ", x->path, line);
	if (n < 0 || (size_t)n >= x->errlen)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->err + n, x->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return 0;
}

static unsigned family_bit(enum mmc_media_family f)
{
	return f == MMC_FAMILY_CD ? FAM_CD : f == MMC_FAMILY_DVD ? FAM_DVD
					    : f == MMC_FAMILY_BD ? FAM_BD : 0;
}

static int section_index(const char *section)
{
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (!strcmp(section, sections[i]))
			return (int)i;
	return -1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse_ctx *x = user;
	int line = x->rd.line;
	int header = strcmp(section, x->rd.section) ? line : x->rd.section_line;
	int si = section_index(section);
	if (si < 0)
		return fail_at(x, header, "unknown section [%s]", section);
	if (!x->section_line[si])
		x->section_line[si] = header;
	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key_desc *k = &key_table[i];
		if (strcmp(k->section, section) || strcmp(k->name, name))
			continue;
		if (x->key_line[i])
			return fail_at(x, line, "duplicate key '%s' (first on line %d)",
				       name, x->key_line[i]);
		x->key_line[i] = line;
		if (x->family_seen && !(k->families & family_bit(x->p->family)))
			return fail_at(x, line, "key '%s' does not apply to this family", name);
		const char *e = k->parse(x, value);
		if (e)
			return fail_at(x, line, "%s: %s: '%s'", name, e, value);
		return 1;
	}
	return fail_at(x, line, "unknown key '%s' in [%s]", name, section);
}

/* ---- checks once the whole file is read ---------------------------------- */

static const char *check_missing(struct parse_ctx *x, int *line, char *msg,
				 size_t cap)
{
	unsigned fam = family_bit(x->p->family);
	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key_desc *k = &key_table[i];
		bool required = (k->required & fam) ||
				(x->p->sequential && !strcmp(k->section, "session")) ||
				(x->p->speed_model == SPEED_CAV && k->parse == k_cav_inner);
		if (x->key_line[i] && !(k->families & fam)) {
			*line = x->key_line[i];
			snprintf(msg, cap, "key '%s' does not apply to this family",
				 k->name);
			return msg;
		}
		if (required && !x->key_line[i]) {
			int si = section_index(k->section);
			*line = x->section_line[si] ? x->section_line[si] : x->rd.line;
			snprintf(msg, cap, "missing required key '%s' in [%s]",
				 k->name, k->section);
			return msg;
		}
	}
	return NULL;
}

static const char *check_consistency(const struct mmcemu_profile *p)
{
	if (p->read_speed_kbps < p->write_speeds_kbps[0])
		return "read speed is below the slowest write speed";
	if (p->needs_format && p->sequential)
		return "a medium that needs formatting is random access (sequential = no)";
	if (!p->sequential && !(p->write_modes & WRITE_MODE_RANDOM))
		return "random-access media must list write mode 'random'";
	if (p->sequential && (p->write_modes & WRITE_MODE_RANDOM))
		return "sequential media cannot list write mode 'random'";
	if (!p->sequential && p->max_sessions != 1)
		return "random-access media have exactly one session";
	if (p->cav_from_kbps && p->speed_model != SPEED_CAV)
		return "cav_from needs model = cav";
	if (p->format_ms && p->sequential)
		return "format_ms applies to random-access media only (FORMAT UNIT)";
	return NULL;
}

static int finish(struct parse_ctx *x, int rc)
{
	if (rc == -1 || rc == -2)
		return fail_at(x, 0, "cannot read"), -EIO;
	if (rc > 0 && (!x->failed || rc < x->fail_line)) {
		/* A syntax error inih found itself (no handler call), before any
		 * problem the handler saw: report the earlier line. */
		x->failed = false;
		return fail_at(x, rc, "syntax error (expected [section] or key = value)"),
		       -EINVAL;
	}
	if (x->failed)
		return -EINVAL;
	/* Family first: which keys are required depends on it. */
	if (x->p->number && x->family_seen &&
	    mmc_profile_family(x->p->number) != x->p->family)
		return fail_at(x, x->section_line[0], "family does not match the profile number"),
		       -EINVAL;
	int line = 0;
	char msg[96];
	const char *e = check_missing(x, &line, msg, sizeof(msg));
	if (e)
		return fail_at(x, line, "%s", e), -EINVAL;
	e = check_consistency(x->p);
	if (e)
		return fail_at(x, x->section_line[0], "%s", e), -EINVAL;
	return 0;
}

/* Name from the path: "dir/cd-r.ini" -> "cd-r". */
static int name_from_path(const char *path, struct mmcemu_profile *p, char *err,
			  size_t errlen)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".ini"))
		n -= 4;
	if (n == 0 || n >= sizeof(p->name)) {
		snprintf(err, errlen, "%s: profile name empty or too long", path);
		return -EINVAL;
	}
	memcpy(p->name, base, n);
	p->name[n] = 0;
	return 0;
}

static int parse_with(struct parse_ctx *x)
{
	x->p->speed_model = SPEED_CLV;
	int rc = ini_parse_stream(reader_gets, &x->rd, on_key, x);
	return finish(x, rc);
}

int profile_parse_string(const char *text, const char *path,
			 struct mmcemu_profile *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	int rc = name_from_path(path, out, err, errlen);
	if (rc)
		return rc;
	struct parse_ctx x = {.p = out, .rd = {.s = text}, .path = path,
			      .err = err, .errlen = errlen};
	return parse_with(&x);
}

int profile_parse_file(const char *path, struct mmcemu_profile *out,
		       char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	int rc = name_from_path(path, out, err, errlen);
	if (rc)
		return rc;
	FILE *f = fopen(path, "r");
	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return rc;
	}
	struct parse_ctx x = {.p = out, .rd = {.f = f}, .path = path,
			      .err = err, .errlen = errlen};
	rc = parse_with(&x);
	fclose(f);
	return rc;
}

/* A profile name is a file name in the profiles directory, nothing more:
 * no path separators, no dot files (the tcmu handler takes names from an
 * untrusted config string). */
static bool valid_name(const char *name)
{
	if (!name || !*name || name[0] == '.' || strlen(name) >= PROFILE_NAME_MAX)
		return false;
	for (const char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("+-_.", *c))
			return false;
	return true;
}

int profile_load(const char *dir, const char *name, struct mmcemu_profile *out,
		 char *err, size_t errlen)
{
	if (!valid_name(name)) {
		snprintf(err, errlen, "'%s' is not a profile name", name ? name : "");
		return -EINVAL;
	}
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.ini", dir, name) >= sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -ENAMETOOLONG;
	}
	int rc = profile_parse_file(path, out, err, errlen);
	if (rc == -ENOENT)
		snprintf(err, errlen, "unknown profile '%s' (no %s)", name, path);
	return rc;
}

static int by_number_then_name(const void *a, const void *b)
{
	const struct mmcemu_profile *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool is_ini(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && name[0] != '.' && !strcmp(name + n - 4, ".ini");
}

int profile_load_all(const char *dir, struct mmcemu_profile *out, int max,
		     char *err, size_t errlen)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		int rc = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return rc;
	}
	int n = 0, rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(dh))) {
		if (!is_ini(de->d_name))
			continue;
		if (n == max) {
			snprintf(err, errlen, "%s: more than %d profiles", dir, max);
			rc = -E2BIG;
			break;
		}
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		rc = profile_parse_file(path, &out[n], err, errlen);
		n += rc == 0;
	}
	closedir(dh);
	if (rc)
		return rc;
	qsort(out, (size_t)n, sizeof(*out), by_number_then_name);
	return n;
}

/* The one 1x of mmc/profiles.h (user-data bytes per second), in the
 * bytes per second MMC speed fields count: CD speeds count 2352-byte
 * sectors, so CD 1x is 176,400; DVD and BD use the user-data rate. */
uint32_t profile_speed_kbps(enum mmc_media_family family, uint32_t tenths_x)
{
	uint64_t one_x = mmc_speed_field_from_user_rate(family, mmc_family_1x_bytes_per_second(family));
	uint64_t milli = one_x * tenths_x / 10;
	return (uint32_t)((milli + 500) / 1000);
}

bool profile_speed_is_cav(const struct mmcemu_profile *p, uint32_t kbps)
{
	return p->speed_model == SPEED_CAV && kbps >= p->cav_from_kbps;
}

/* A constant spin makes the linear speed proportional to the radius r, and
 * the LBA count proportional to the area swept from the inner edge r0,
 * r^2 - r0^2. With q = r0 / r_max (= inner speed / outer speed):
 * r / r_max = sqrt(q^2 + (1 - q^2) * lba / capacity). */
double profile_speed_factor(const struct mmcemu_profile *p, uint32_t kbps, int64_t lba)
{
	if (!profile_speed_is_cav(p, kbps) || !p->capacity || p->cav_inner_percent >= 100)
		return 1.0;
	double q = p->cav_inner_percent / 100.0;
	double f = lba <= 0 ? 0.0 : lba >= p->capacity ? 1.0 : (double)lba / p->capacity;
	return sqrt(q * q + (1.0 - q * q) * f);
}

uint32_t profile_1x_kbps(const struct mmcemu_profile *p)
{
	return profile_speed_kbps(p->family, 10);
}
