/* A disc on the host: DISC (metadata, INI text) + DISC.img (sparse image,
 * sector n at byte n * stride: 2352 on CD, 2048 on DVD/BD). Format and crash behaviour:
 * docs/emulator-media.md "Persistence".
 *
 * The metadata is one table of fields (disc, session, track), used both to
 * write the file and to read it back, so the two cannot drift. Saving
 * flushes the image first (fdatasync), then replaces the metadata
 * atomically: temp file, fsync, rename, fsync of the directory. Whatever
 * the metadata says is recorded is therefore on the image, whenever the
 * process dies. */
#include "disc_store.h"
#include "mmcemu/mmcemu.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Version 2 (issue 15): CD images keep 2352 bytes a sector (audio, mode 2)
 * and name it ([disc] image_sector_size); tracks say whether they were
 * recorded TAO and whether mode 2 is XA. Version 1 files still open: a CD
 * image of theirs keeps 2048 bytes a sector unless it holds nothing yet. */
/* Version 3: the disc's media catalogue number ([disc] mcn) and audio
 * tracks' ISRCs ([track N] isrc), left out when there is none; older
 * files open with none and may not name them. */
#define DISC_META_VERSION 3
#define MCN_ISRC_VERSION 3

/* ---- the field table ----------------------------------------------------- */

enum ftype { F_U64, F_U32, F_I32, F_U16, F_U8, F_BOOL, F_ENUM, F_MCN, F_ISRC };

struct field {
	const char *name;
	enum ftype type;
	size_t off;
	int64_t lo, hi; /* accepted range (F_U*, F_I32) */
	const char *const *names; /* F_ENUM: value names, NULL-terminated */
};

static const char *const status_names[] = {"blank", "appendable", "complete", "other", NULL};
static const char *const track_state_names[] = {"invisible", "incomplete", "reserved",
						"complete", NULL};
static const char *const bg_names[] = {"none", "suspended", "in-progress", "complete", NULL};
static const char *const busy_names[] = {"idle", "formatting", "blanking", NULL};

_Static_assert(sizeof(enum media_disc_status) == sizeof(unsigned), "enum size");
_Static_assert(sizeof(enum media_track_state) == sizeof(unsigned), "enum size");
_Static_assert(sizeof(enum media_bg_format) == sizeof(unsigned), "enum size");
_Static_assert(sizeof(enum media_busy) == sizeof(unsigned), "enum size");

#define U32MAX 0xFFFFFFFFll
#define MS(f) offsetof(struct media_state, f)
static const struct field disc_fields[] = {
	{"status", F_ENUM, MS(status), 0, 0, status_names},
	{"write_protected", F_BOOL, MS(write_protected), 0, 1, NULL},
	{"formatted", F_BOOL, MS(formatted), 0, 1, NULL},
	{"formatted_size", F_U32, MS(formatted_size), 0, U32MAX, NULL},
	{"high_water", F_U32, MS(high_water), 0, U32MAX, NULL},
	{"bg_format", F_ENUM, MS(bg_format), 0, 0, bg_names},
	{"busy", F_ENUM, MS(busy), 0, 0, busy_names},
	{"sessions", F_U16, MS(n_sessions), 0, MEDIA_MAX_SESSIONS, NULL},
	{"tracks", F_U16, MS(n_tracks), 0, MEDIA_MAX_TRACKS, NULL},
	{"cue_armed", F_BOOL, MS(cue.armed), 0, 1, NULL},
	{"cue_next", F_I32, MS(cue.next), -0x80000000ll, 0x7FFFFFFFll, NULL},
	{"cue_end", F_I32, MS(cue.end), -0x80000000ll, 0x7FFFFFFFll, NULL},
	{"cue_multisession", F_BOOL, MS(cue.multisession), 0, 1, NULL},
	{"link_count", F_U64, MS(link_count), 0, 0, NULL},
	{"format_count", F_U64, MS(format_count), 0, 0, NULL},
	{"blank_count", F_U64, MS(blank_count), 0, 0, NULL},
	{"mcn", F_MCN, MS(mcn), 0, 0, NULL},
};
#undef MS

#define SS(f) offsetof(struct media_session, f)
static const struct field session_fields[] = {
	{"first_track", F_U16, SS(first_track), 1, MEDIA_MAX_TRACKS, NULL},
	{"last_track", F_U16, SS(last_track), 0, MEDIA_MAX_TRACKS, NULL},
	{"start", F_I32, SS(start), -0x80000000ll, 0x7FFFFFFFll, NULL},
	{"closed", F_BOOL, SS(closed), 0, 1, NULL},
};
#undef SS

#define TS(f) offsetof(struct media_track, f)
static const struct field track_fields[] = {
	{"session", F_U16, TS(session), 1, MEDIA_MAX_SESSIONS, NULL},
	{"start", F_I32, TS(start), 0, 0x7FFFFFFFll, NULL},
	{"size", F_U32, TS(size), 0, 0x7FFFFFFFll, NULL},
	{"written", F_U32, TS(written), 0, 0x7FFFFFFFll, NULL},
	{"state", F_ENUM, TS(state), 0, 0, track_state_names},
	{"damaged", F_BOOL, TS(damaged), 0, 1, NULL},
	{"track_mode", F_U8, TS(track_mode), 0, 15, NULL},
	{"data_mode", F_U8, TS(data_mode), 0, 15, NULL},
	{"xa", F_BOOL, TS(xa), 0, 1, NULL},
	{"tao", F_BOOL, TS(tao), 0, 1, NULL},
	{"isrc", F_ISRC, TS(isrc), 0, 0, NULL},
};
#undef TS

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void put_field(FILE *f, const struct field *fd, const void *base)
{
	const char *p = (const char *)base + fd->off;
	uint64_t u64;
	uint32_t u32;
	int32_t i32;
	uint16_t u16;
	unsigned e;
	switch (fd->type) {
	case F_U64: memcpy(&u64, p, 8); fprintf(f, "%s = %llu\n", fd->name, (unsigned long long)u64); break;
	case F_U32: memcpy(&u32, p, 4); fprintf(f, "%s = %u\n", fd->name, u32); break;
	case F_I32: memcpy(&i32, p, 4); fprintf(f, "%s = %d\n", fd->name, i32); break;
	case F_U16: memcpy(&u16, p, 2); fprintf(f, "%s = %u\n", fd->name, u16); break;
	case F_U8: fprintf(f, "%s = %u\n", fd->name, *(const uint8_t *)p); break;
	case F_BOOL: fprintf(f, "%s = %s\n", fd->name, *(const bool *)p ? "yes" : "no"); break;
	case F_ENUM: memcpy(&e, p, sizeof(e)); fprintf(f, "%s = %s\n", fd->name, fd->names[e]); break;
	case F_MCN:
	case F_ISRC: /* none: no key */
		if (*p)
			fprintf(f, "%s = %s\n", fd->name, p);
		break;
	}
}

static const char *parse_enum(const struct field *fd, const char *v, unsigned *out)
{
	for (unsigned i = 0; fd->names[i]; i++) {
		if (!strcmp(v, fd->names[i])) {
			*out = i;
			return NULL;
		}
	}
	return "unknown value";
}

static const char *parse_int(const struct field *fd, const char *v, int64_t *out)
{
	char *end;
	errno = 0;
	if (!*v)
		return "not a number";
	if (fd->type == F_U64) {
		if (*v == '-')
			return "not a number";
		unsigned long long u = strtoull(v, &end, 10);
		*out = (int64_t)u;
		return errno || *end ? "not a number" : NULL;
	}
	long long n = strtoll(v, &end, 10);
	if (errno || *end)
		return "not a number";
	if (n < fd->lo || n > fd->hi)
		return "out of range";
	*out = n;
	return NULL;
}

static const char *set_field(const struct field *fd, void *base, const char *v)
{
	char *p = (char *)base + fd->off;
	int64_t n = 0;
	unsigned e;
	const char *err = NULL;
	if (fd->type == F_BOOL) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return "expected yes or no";
		*(bool *)p = !strcmp(v, "yes");
		return NULL;
	}
	if (fd->type == F_MCN || fd->type == F_ISRC) {
		bool mcn = fd->type == F_MCN;
		if (mcn ? !media_mcn_valid(v) : !media_isrc_valid(v))
			return mcn ? "not a media catalogue number (13 digits)"
				   : "not an ISRC (CCOOOYYSSSSS: 5 of A-Z 0-9, 7 digits)";
		strcpy(p, v);
		return NULL;
	}
	if (fd->type == F_ENUM) {
		err = parse_enum(fd, v, &e);
		if (!err)
			memcpy(p, &e, sizeof(e));
		return err;
	}
	err = parse_int(fd, v, &n);
	if (err)
		return err;
	uint64_t u64 = (uint64_t)n;
	uint32_t u32 = (uint32_t)n;
	int32_t i32 = (int32_t)n;
	uint16_t u16 = (uint16_t)n;
	switch (fd->type) {
	case F_U64: memcpy(p, &u64, 8); break;
	case F_U32: memcpy(p, &u32, 4); break;
	case F_I32: memcpy(p, &i32, 4); break;
	case F_U16: memcpy(p, &u16, 2); break;
	default: *(uint8_t *)p = (uint8_t)n; break;
	}
	return NULL;
}

static const struct field *find_field(const struct field *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

/* ---- writing ------------------------------------------------------------ */

static void put_metadata(FILE *f, const struct media_state *m, uint32_t stride)
{
	fprintf(f, "; discburn emulated disc. Sectors are in the .img beside this file.\n"
		   "; Format: docs/emulator-media.md. Written by the emulator.\n"
		   "[disc]\nversion = %d\nprofile = %s\nimage_sector_size = %u\n",
		DISC_META_VERSION, m->profile.name, stride);
	for (size_t i = 0; i < N(disc_fields); i++)
		put_field(f, &disc_fields[i], m);
	for (unsigned s = 0; s < m->n_sessions; s++) {
		fprintf(f, "\n[session %u]\n", s + 1);
		for (size_t i = 0; i < N(session_fields); i++)
			put_field(f, &session_fields[i], &m->sessions[s]);
	}
	for (unsigned t = 0; t < m->n_tracks; t++) {
		fprintf(f, "\n[track %u]\n", t + 1);
		for (size_t i = 0; i < N(track_fields); i++)
			put_field(f, &track_fields[i], &m->tracks[t]);
	}
}

static int fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	free(copy);
	if (fd < 0)
		return -errno;
	int rc = fsync(fd) ? -errno : 0;
	close(fd);
	return rc;
}

/* temp + fsync + rename + fsync(dir): a reader sees the old file or the
 * new one, never a mix, even if the process dies half way. Without
 * `durable` the fsyncs are left out: still old-or-new for a killed
 * process (the page cache outlives it), not yet on the host's disk. */
static int write_atomically(const char *path, const struct media_state *m, uint32_t stride,
			    bool durable)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, n, "%s.tmp", path);
	int rc = 0, fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		if (fd >= 0)
			close(fd);
		free(tmp);
		return rc;
	}
	put_metadata(f, m, stride);
	if (fflush(f) || ferror(f) || (durable && fsync(fd)))
		rc = errno ? -errno : -EIO;
	if (fclose(f) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	else if (durable)
		rc = fsync_dir_of(path);
	free(tmp);
	return rc;
}

int disc_store_save(struct disc_store *s, const struct media_state *m)
{
	/* Data first: the metadata may only claim sectors the image holds. */
	if (s->img_fd >= 0 && fdatasync(s->img_fd))
		return -errno;
	return write_atomically(s->meta_path, m, s->stride, true);
}

int disc_store_checkpoint(struct disc_store *s, const struct media_state *m)
{
	/* Any fsync here would also wait for the image's new sectors (ext4
	 * commits a file's data with the journal): a burn saved every buffer
	 * would run at the host disk's sync speed, half the stream rate. */
	return write_atomically(s->meta_path, m, s->stride, false);
}

/* ---- reading ------------------------------------------------------------ */

struct load_ctx {
	FILE *f;
	int line;
	const char *path;
	struct media_state *m;
	int version;
	uint32_t stride; /* [disc] image_sector_size, 0 when absent */
	char profile[PROFILE_NAME_MAX];
	bool seen_session[MEDIA_MAX_SESSIONS];
	bool seen_track[MEDIA_MAX_TRACKS];
	bool counts_given;
	bool any_section; /* a [session N] or [track N] appeared */
	char *err;
	size_t errlen;
	bool failed;
};

static char *load_gets(char *buf, int num, void *stream)
{
	struct load_ctx *x = stream;
	if (!fgets(buf, num, x->f))
		return NULL;
	if (strchr(buf, '\n') || feof(x->f))
		x->line++;
	return buf;
}

static int load_fail(struct load_ctx *x, const char *fmt, ...)
{
	if (x->failed)
		return 0;
	x->failed = true;
	int n = snprintf(x->err, x->errlen, "%s:%d: ", x->path, x->line);
	if (n >= 0 && (size_t)n < x->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(x->err + n, x->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return 0;
}

/* Pass 1: version and profile only (the profile decides the blank state
 * the rest is applied to). */
static int on_header(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *x = user;
	if (strcmp(section, "disc"))
		return 1;
	if (!strcmp(name, "version")) {
		char *end;
		long v = strtol(value, &end, 10);
		if (*end || v < 1)
			return load_fail(x, "version: not a version number: '%s'", value);
		x->version = (int)v;
	} else if (!strcmp(name, "profile")) {
		if (strlen(value) >= sizeof(x->profile) || !*value)
			return load_fail(x, "profile: bad name '%s'", value);
		strcpy(x->profile, value);
	} else if (!strcmp(name, "image_sector_size")) {
		if (strcmp(value, "2048") && strcmp(value, "2352"))
			return load_fail(x, "image_sector_size: expected 2048 or 2352: '%s'", value);
		x->stride = (uint32_t)atoi(value);
	}
	return 1;
}

/* "track 12" -> 12 when the prefix matches and 1 <= n <= max. */
static unsigned section_number(const char *section, const char *prefix, unsigned max)
{
	size_t n = strlen(prefix);
	if (strncmp(section, prefix, n) || section[n] != ' ')
		return 0;
	char *end;
	long v = strtol(section + n + 1, &end, 10);
	return *end || v < 1 || v > (long)max ? 0 : (unsigned)v;
}

static int apply(struct load_ctx *x, const struct field *t, size_t n, void *base,
		 const char *name, const char *value)
{
	const struct field *fd = find_field(t, n, name);
	if (!fd)
		return load_fail(x, "unknown key '%s'", name);
	const char *e = set_field(fd, base, value);
	return e ? load_fail(x, "%s: %s: '%s'", name, e, value) : 1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *x = user;
	unsigned n;
	if (!strcmp(section, "disc")) {
		if (!strcmp(name, "version") || !strcmp(name, "profile") ||
		    !strcmp(name, "image_sector_size"))
			return 1;
		if (!strcmp(name, "sessions") || !strcmp(name, "tracks"))
			x->counts_given = true;
		if (!strcmp(name, "mcn") && x->version < MCN_ISRC_VERSION)
			return load_fail(x, "mcn is a version %d key (this is version %d)",
					 MCN_ISRC_VERSION, x->version);
		return apply(x, disc_fields, N(disc_fields), x->m, name, value);
	}
	if ((n = section_number(section, "session", MEDIA_MAX_SESSIONS))) {
		x->seen_session[n - 1] = x->any_section = true;
		x->m->sessions[n - 1].number = (uint16_t)n;
		return apply(x, session_fields, N(session_fields), &x->m->sessions[n - 1], name, value);
	}
	if ((n = section_number(section, "track", MEDIA_MAX_TRACKS))) {
		x->seen_track[n - 1] = x->any_section = true;
		x->m->tracks[n - 1].number = (uint16_t)n;
		if (!strcmp(name, "isrc") && x->version < MCN_ISRC_VERSION)
			return load_fail(x, "isrc is a version %d key (this is version %d)",
					 MCN_ISRC_VERSION, x->version);
		return apply(x, track_fields, N(track_fields), &x->m->tracks[n - 1], name, value);
	}
	return load_fail(x, "unknown section [%s]", section);
}

static int run_pass(struct load_ctx *x, ini_handler h)
{
	rewind(x->f);
	x->line = 0;
	int rc = ini_parse_stream(load_gets, x, h, x);
	if (rc > 0 && !x->failed) {
		x->line = rc;
		load_fail(x, "syntax error");
	}
	return x->failed ? -EINVAL : 0;
}

/* Counts and sections agree: every session and track the counts name has
 * its section, and none beyond. */
static const char *check_sections(const struct load_ctx *x)
{
	const struct media_state *m = x->m;
	for (unsigned i = 0; i < MEDIA_MAX_SESSIONS; i++)
		if (x->seen_session[i] != (i < m->n_sessions))
			return i < m->n_sessions ? "a session section is missing"
						 : "a session section beyond the session count";
	for (unsigned i = 0; i < MEDIA_MAX_TRACKS; i++)
		if (x->seen_track[i] != (i < m->n_tracks))
			return i < m->n_tracks ? "a track section is missing"
					       : "a track section beyond the track count";
	return NULL;
}

static int parse_metadata(struct load_ctx *x, const char *profiles_dir,
			  const char *expected)
{
	int rc = run_pass(x, on_header);
	if (rc)
		return rc;
	if (x->version == 0 || !x->profile[0]) {
		snprintf(x->err, x->errlen, "%s: not a disc (no [disc] version and profile)", x->path);
		return -EINVAL;
	}
	if (x->version > DISC_META_VERSION) {
		snprintf(x->err, x->errlen, "%s: metadata version %d is newer than this emulator's (%d)",
			 x->path, x->version, DISC_META_VERSION);
		return -EINVAL;
	}
	if (x->stride && x->version < 2) {
		snprintf(x->err, x->errlen, "%s: image_sector_size is a version 2 key (this is version %d)",
			 x->path, x->version);
		return -EINVAL;
	}
	if (expected && strcmp(expected, x->profile)) {
		snprintf(x->err, x->errlen, "disc %s is a %s, not a %s", x->path, x->profile, expected);
		return -EMEDIUMTYPE;
	}
	struct mmcemu_profile p;
	rc = profile_load(profiles_dir, x->profile, &p, x->err, x->errlen);
	if (rc)
		return rc;
	if (x->stride == DISC_RAW_SECTOR_SIZE && p.family != MMC_FAMILY_CD) {
		snprintf(x->err, x->errlen, "%s: image_sector_size 2352 is for CD media, not a %s",
			 x->path, x->profile);
		return -EINVAL;
	}
	media_init_blank(x->m, &p);
	return run_pass(x, on_key);
}

static int load_metadata(struct load_ctx *x, const char *profiles_dir, const char *expected)
{
	int rc = parse_metadata(x, profiles_dir, expected);
	if (rc)
		return rc;
	/* Without counts and sections the disc is the blank one the profile
	 * starts with; once either appears they must agree. */
	const char *bad = x->counts_given || x->any_section ? check_sections(x) : NULL;
	if (!bad)
		bad = media_validate(x->m);
	if (bad) {
		snprintf(x->err, x->errlen, "%s: inconsistent disc: %s", x->path, bad);
		return -EINVAL;
	}
	return 0;
}

/* The image must hold every sector the metadata says the host wrote. */
static int check_image(int fd, const char *img, const struct media_state *m,
		       uint32_t stride, char *err, size_t errlen)
{
	struct stat st;
	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", img);
		return -EINVAL;
	}
	int64_t need = m->high_water;
	for (unsigned i = 0; i < m->n_tracks; i++) {
		int64_t end = (int64_t)m->tracks[i].start + m->tracks[i].written;
		if (m->tracks[i].written && end > need)
			need = end;
	}
	/* The last sector need not fill its slot (a 2048-byte sector in a
	 * 2352-byte slot). */
	int64_t held = (st.st_size + stride - DISC_SECTOR_SIZE) / stride;
	if (held < need) {
		snprintf(err, errlen, "%s: image holds %lld sectors, the metadata says %lld are recorded",
			 img, (long long)held, (long long)need);
		return -EINVAL;
	}
	return 0;
}

static char *image_path(const char *meta)
{
	size_t n = strlen(meta) + 5;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s.img", meta);
	return p;
}

static int open_image(struct disc_store *s, const struct media_state *m, char *err,
		      size_t errlen)
{
	s->img_fd = open(s->img_path, O_RDWR | O_CLOEXEC);
	if (s->img_fd < 0) {
		int rc = -errno;
		snprintf(err, errlen, "%s: image %s: %s", s->meta_path, s->img_path, strerror(errno));
		return rc;
	}
	return check_image(s->img_fd, s->img_path, m, s->stride, err, errlen);
}

static uint32_t family_stride(const struct mmcemu_profile *p)
{
	return p->family == MMC_FAMILY_CD ? DISC_RAW_SECTOR_SIZE : DISC_SECTOR_SIZE;
}

/* The image's sector slot: as the metadata names it (version 2), else as
 * version 1 wrote it (2048), except that a version 1 CD image that holds
 * nothing yet takes the version 2 layout at once. */
static int choose_stride(struct disc_store *s, const struct load_ctx *x,
			 const struct media_state *m)
{
	if (x->stride) {
		s->stride = x->stride;
		return 0;
	}
	s->stride = x->version >= 2 ? family_stride(&m->profile) : DISC_SECTOR_SIZE;
	if (x->version < 2 && m->profile.family == MMC_FAMILY_CD) {
		struct stat st;
		if (stat(s->img_path, &st) == 0 && st.st_size == 0)
			s->stride = DISC_RAW_SECTOR_SIZE;
	}
	return 0;
}

/* DISC gone, DISC.img still there (`rm DISC`): an orphan image. Opening
 * it blank would hide the sectors, recreating it would destroy them, so
 * it is named as bad disc input (MMCEMU_E_DISC, exit status 10 of
 * docs/errors.md) with the way out. 0 when there is no orphan. */
int disc_store_check_orphan(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (access(path, F_OK) == 0 || errno != ENOENT)
		return 0;
	char *img = image_path(path);
	if (!img)
		return -ENOMEM;
	int rc = 0;
	if (stat(img, &st) == 0) {
		snprintf(err, errlen,
			 "%s: orphan image: its metadata %s is missing (removed?); restore %s, "
			 "or remove the image (mmcemu rm %s) to start a new disc",
			 img, path, path, path);
		rc = MMCEMU_E_DISC;
	}
	free(img);
	return rc;
}

int disc_store_open(struct disc_store *s, const char *path, const char *profiles_dir,
		    const char *expected_profile, struct media_state *m, char *err,
		    size_t errlen)
{
	*s = (struct disc_store){.img_fd = -1};
	FILE *f = fopen(path, "re");
	if (!f) {
		int rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		int orphan = rc == -ENOENT ? disc_store_check_orphan(path, err, errlen) : 0;
		return orphan ? orphan : rc;
	}
	static struct load_ctx zero;
	struct load_ctx *x = malloc(sizeof(*x));
	int rc = -ENOMEM;
	if (x) {
		*x = zero;
		x->f = f, x->path = path, x->m = m, x->err = err, x->errlen = errlen;
		rc = load_metadata(x, profiles_dir, expected_profile);
		if (!rc) {
			s->meta_path = strdup(path);
			s->img_path = image_path(path);
			if (!s->meta_path || !s->img_path)
				rc = -ENOMEM;
			else
				rc = choose_stride(s, x, m);
		}
		free(x);
	}
	fclose(f);
	if (rc) {
		disc_store_close(s);
		return rc;
	}
	rc = open_image(s, m, err, errlen);
	if (rc)
		disc_store_close(s);
	return rc;
}

void disc_store_close(struct disc_store *s)
{
	if (s->img_fd >= 0)
		close(s->img_fd);
	free(s->meta_path);
	free(s->img_path);
	*s = (struct disc_store){.img_fd = -1};
}

int disc_store_create(const char *path, const struct mmcemu_profile *p, char *err,
		      size_t errlen)
{
	if (access(path, F_OK) == 0) {
		snprintf(err, errlen, "%s: already exists (a disc is never overwritten)", path);
		return -EEXIST;
	}
	int orphan = disc_store_check_orphan(path, err, errlen);
	if (orphan)
		return orphan;
	struct disc_store s = {.img_fd = -1, .meta_path = strdup(path), .img_path = image_path(path),
			       .stride = family_stride(p)};
	int rc = -ENOMEM;
	if (s.meta_path && s.img_path) {
		s.img_fd = open(s.img_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		rc = s.img_fd < 0 ? -errno : 0;
		if (rc)
			snprintf(err, errlen, "%s: %s", s.img_path, strerror(-rc));
	}
	if (!rc) {
		struct media_state m; /* about 5 KiB; drives open in parallel */
		media_init_blank(&m, p);
		rc = disc_store_save(&s, &m);
		if (rc) {
			snprintf(err, errlen, "%s: %s", path, strerror(-rc));
			unlink(s.img_path);
		}
	}
	disc_store_close(&s);
	return rc;
}

/* ---- removing ----------------------------------------------------------- */

/* An emulated disc's metadata has a [disc] section naming its profile
 * (put_metadata): anything else is not ours to delete. */
static int on_disc_key(void *user, const char *section, const char *name, const char *value)
{
	(void)value;
	if (!strcmp(section, "disc") && !strcmp(name, "profile"))
		*(bool *)user = true;
	return 1;
}

static bool is_disc_metadata(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	bool found = false;
	/* A parse error (a binary file, a stray line) does not make it a
	 * disc; the key does. */
	return ini_parse(path, on_disc_key, &found) >= 0 && found;
}

static int unlink_beside(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *p = malloc(n);
	if (!p)
		return -ENOMEM;
	snprintf(p, n, "%s%s", path, suffix);
	int rc = unlink(p) == 0 || errno == ENOENT ? 0 : -errno;
	free(p);
	return rc;
}

/* The lock the in-process drive holds (engine/emu: DISC.lock, flock):
 * a disc in a drive is not removed under it. */
static int check_not_in_use(const char *path, char *err, size_t errlen)
{
	size_t n = strlen(path) + 6;
	char *lock = malloc(n);
	if (!lock)
		return -ENOMEM;
	snprintf(lock, n, "%s.lock", path);
	int rc = 0, fd = open(lock, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			snprintf(err, errlen, "%s: in use by a drive (%s is locked); not removing it",
				 path, lock);
			rc = -EBUSY;
		}
		close(fd);
	}
	free(lock);
	return rc;
}

int disc_store_remove(const char *path, char *err, size_t errlen)
{
	struct stat st;
	bool meta = lstat(path, &st) == 0;
	char *img = image_path(path);
	if (!img)
		return -ENOMEM;
	bool have_img = access(img, F_OK) == 0;
	int rc = 0;
	if (!meta && !have_img) {
		snprintf(err, errlen, "%s: no such disc (neither %s nor %s exists)", path, path, img);
		rc = -ENOENT;
	} else if (meta && !is_disc_metadata(path)) {
		snprintf(err, errlen,
			 "%s is not an emulated disc (no [disc] section with a profile); not removing it",
			 path);
		rc = MMCEMU_E_DISC;
	} else {
		rc = check_not_in_use(path, err, errlen);
	}
	/* The image first: a disc interrupted here is an orphan-free
	 * metadata file that reopens as "image missing", never the reverse. */
	if (!rc && have_img && unlink(img) != 0)
		rc = -errno;
	if (!rc && meta && unlink(path) != 0)
		rc = -errno;
	if (!rc)
		rc = unlink_beside(path, ".tmp");
	if (!rc)
		rc = unlink_beside(path, ".lock");
	if (rc && rc != MMCEMU_E_DISC && rc != -ENOENT && rc != -EBUSY)
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
	free(img);
	return rc;
}

/* ---- sectors ------------------------------------------------------------ */

static int pread_full(int fd, void *buf, size_t len, off_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, off + (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) { /* past the end of a sparse image: never written */
			memset((char *)buf + done, 0, len - done);
			break;
		}
		done += (size_t)n;
	}
	return 0;
}

static int pwrite_full(int fd, const void *buf, size_t len, off_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = pwrite(fd, (const char *)buf + done, len - done, off + (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

/* Sectors go through the image in runs of this many slots when a sector
 * does not fill its slot (2048 bytes in a 2352-byte slot). */
#define RUN_SLOTS 32

int disc_store_read_sized(struct disc_store *s, int64_t lba, uint32_t blocks, size_t size,
			  void *buf)
{
	if (lba < 0)
		return -EINVAL;
	if (size > s->stride)
		return -EMEDIUMTYPE;
	if (size == s->stride)
		return pread_full(s->img_fd, buf, (size_t)blocks * size, (off_t)lba * s->stride);
	uint8_t run[RUN_SLOTS * DISC_RAW_SECTOR_SIZE];
	for (uint32_t i = 0; i < blocks;) {
		uint32_t n = blocks - i < RUN_SLOTS ? blocks - i : RUN_SLOTS;
		int rc = pread_full(s->img_fd, run, (size_t)n * s->stride,
				    (off_t)(lba + i) * s->stride);
		if (rc)
			return rc;
		for (uint32_t k = 0; k < n; k++)
			memcpy((uint8_t *)buf + (size_t)(i + k) * size, run + (size_t)k * s->stride,
			       size);
		i += n;
	}
	return 0;
}

int disc_store_write_sized(struct disc_store *s, int64_t lba, uint32_t blocks, size_t size,
			   const void *buf)
{
	if (lba < 0)
		return -EINVAL;
	if (size > s->stride)
		return -EMEDIUMTYPE;
	if (size == s->stride)
		return pwrite_full(s->img_fd, buf, (size_t)blocks * size, (off_t)lba * s->stride);
	/* The rest of each slot is written as zeros: a sector rewritten
	 * smaller (DVD+RW never; CD after BLANK) shows nothing of the old. */
	uint8_t run[RUN_SLOTS * DISC_RAW_SECTOR_SIZE];
	for (uint32_t i = 0; i < blocks;) {
		uint32_t n = blocks - i < RUN_SLOTS ? blocks - i : RUN_SLOTS;
		memset(run, 0, (size_t)n * s->stride);
		for (uint32_t k = 0; k < n; k++)
			memcpy(run + (size_t)k * s->stride, (const uint8_t *)buf + (size_t)(i + k) * size,
			       size);
		/* The last slot only as far as its sector: the image ends
		 * where the data does. */
		size_t len = (size_t)(n - 1) * s->stride + size;
		int rc = pwrite_full(s->img_fd, run, len, (off_t)(lba + i) * s->stride);
		if (rc)
			return rc;
		i += n;
	}
	return 0;
}

int disc_store_read(struct disc_store *s, int64_t lba, uint32_t blocks, void *buf)
{
	return disc_store_read_sized(s, lba, blocks, DISC_SECTOR_SIZE, buf);
}

int disc_store_write(struct disc_store *s, int64_t lba, uint32_t blocks, const void *buf)
{
	return disc_store_write_sized(s, lba, blocks, DISC_SECTOR_SIZE, buf);
}

/* The track whose sectors or pregap hold lba, for the size of a pregap. */
static const struct media_track *track_near(const struct media_state *m, int64_t lba)
{
	for (unsigned i = 0; i < m->n_tracks; i++)
		if (lba < (int64_t)m->tracks[i].start + (int64_t)m->tracks[i].size ||
		    m->tracks[i].state == TRACK_INVISIBLE)
			return &m->tracks[i];
	return NULL;
}

int disc_store_read_sector(struct disc_store *s, const struct media_state *m, int64_t lba,
			   uint8_t out[2352], size_t *len)
{
	enum media_sector_kind k = media_sector_kind(m, lba);
	const struct media_track *t = k == SECTOR_PREGAP || k == SECTOR_UNREADABLE
					      ? track_near(m, lba) : media_track_at(m, lba);
	size_t size = t && k != SECTOR_BLANK ? media_kind_size(media_track_kind(t))
					     : DISC_SECTOR_SIZE;
	if (m->profile.family != MMC_FAMILY_CD)
		size = DISC_SECTOR_SIZE;
	*len = size;
	memset(out, 0, DISC_RAW_SECTOR_SIZE);
	/* Only what the host wrote is in the image: padding, run-out and
	 * pregaps are the drive's zeros, whatever a slot held before. */
	bool written = t && lba >= t->start && lba < (int64_t)t->start + t->written;
	if (m->profile.sequential ? !written || k == SECTOR_UNREADABLE : k == SECTOR_BLANK)
		return 0;
	int rc = disc_store_read_sized(s, lba, 1, size, out);
	if (rc) {
		errno = -rc;
		return -1;
	}
	return 0;
}

int disc_store_sync(struct disc_store *s)
{
	return fdatasync(s->img_fd) ? -errno : 0;
}

/* Zeros [lba, lba+blocks): a hole punched in the image, or the image cut
 * short when the range runs to its end (BLANK and FORMAT drop everything). */
int disc_store_discard(struct disc_store *s, int64_t lba, uint32_t blocks)
{
	if (lba < 0)
		return -EINVAL;
	struct stat st;
	if (fstat(s->img_fd, &st))
		return -errno;
	off_t off = (off_t)lba * s->stride;
	off_t len = (off_t)blocks * s->stride;
	if (off >= st.st_size)
		return 0;
	if (off + len >= st.st_size)
		return ftruncate(s->img_fd, off) ? -errno : 0;
	if (fallocate(s->img_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len) == 0)
		return 0;
	static const char zeros[DISC_RAW_SECTOR_SIZE];
	for (uint32_t i = 0; i < blocks; i++) {
		int rc = disc_store_write_sized(s, lba + i, 1, s->stride, zeros);
		if (rc)
			return rc;
	}
	return 0;
}
