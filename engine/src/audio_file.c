/* Sound files and raw PCM as streams of CD-DA samples (audio_file.h).
 * libsndfile decodes the files; what it hands back (host-order shorts) is
 * written out little-endian byte by byte, so the stream's order does not
 * depend on the host's. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "discburn/audio_file.h"

/* Red Book CD-DA (IEC 60908): 44.1 kHz, 16-bit two's complement, two
 * channels; one frame (left + right) is 4 bytes. */
#define CDDA_RATE 44100
#define CDDA_CHANNELS 2
#define CDDA_FRAME_BYTES 4
#define CDDA_WANTS "an audio CD takes 44100 Hz, 2 channels, 16-bit PCM"

/* Frames decoded per refill: 64 KiB of samples, the size of a few of
 * WriteEngine2's reads. */
#define CHUNK_FRAMES 16384
#define CHUNK_BYTES (CHUNK_FRAMES * CDDA_FRAME_BYTES)

struct audio_src {
	SNDFILE *sf; /* a sound file, or */
	struct db_stream *raw; /* headerless PCM */
	bool swap; /* raw big-endian: swap each sample's two bytes */
	char *title;
	short samples[CHUNK_FRAMES * CDDA_CHANNELS];
	uint8_t bytes[CHUNK_BYTES + 1]; /* + the odd byte of a raw read */
	size_t have, off; /* bytes[off..have) not handed out yet */
	size_t carry; /* raw: bytes[0..carry) wait for their pair */
	bool eof;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static db_status refill_sf(struct audio_src *a)
{
	sf_count_t n = sf_readf_short(a->sf, a->samples, CHUNK_FRAMES);
	if (n <= 0) {
		if (sf_error(a->sf) != SF_ERR_NO_ERROR)
			return DB_ERROR_READ_FAULT;
		a->eof = true;
		return DB_S_OK;
	}
	size_t count = (size_t)n * CDDA_CHANNELS;
	for (size_t i = 0; i < count; i++) {
		uint16_t v = (uint16_t)a->samples[i];
		a->bytes[2 * i] = (uint8_t)(v & 0xFF);
		a->bytes[2 * i + 1] = (uint8_t)(v >> 8);
	}
	a->off = 0;
	a->have = count * 2;
	return DB_S_OK;
}

static db_status refill_raw(struct audio_src *a)
{
	size_t got;
	bool eof;
	db_status st = db_stream_read(a->raw, a->bytes + a->carry, CHUNK_BYTES, &got, &eof);
	if (db_failed(st))
		return st;
	size_t total = a->carry + got;
	if (eof && got == 0) {
		/* A pipe's size is not known up front: its end is where an
		 * odd length shows. */
		if (a->carry)
			return DB_E_INVALIDARG;
		a->eof = true;
		return DB_S_OK;
	}
	size_t even = total & ~(size_t)1;
	if (a->swap)
		for (size_t i = 0; i < even; i += 2) {
			uint8_t t = a->bytes[i];
			a->bytes[i] = a->bytes[i + 1];
			a->bytes[i + 1] = t;
		}
	a->off = 0;
	a->have = even;
	a->carry = total - even;
	return DB_S_OK;
}

static db_status audio_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct audio_src *a = s->ctx;
	*got = 0;
	*eof = false;
	if (a->off == a->have) {
		if (a->eof) {
			*eof = true;
			return DB_S_OK;
		}
		/* The odd byte of a raw read waits at the front for its pair. */
		if (a->raw && a->carry && a->have)
			a->bytes[0] = a->bytes[a->have];
		db_status st = a->sf ? refill_sf(a) : refill_raw(a);
		if (db_failed(st))
			return st;
		*eof = a->eof;
	}
	size_t n = a->have - a->off;
	if (n > len)
		n = len;
	memcpy(buf, a->bytes + a->off, n);
	a->off += n;
	*got = n;
	return DB_S_OK;
}

static void audio_close(struct db_stream *s)
{
	struct audio_src *a = s->ctx;
	if (a->sf)
		sf_close(a->sf);
	db_stream_close(a->raw);
	free(a->title);
	free(a);
	db_stream_free(s);
}

static const struct db_stream_ops audio_ops = {.read = audio_read, .close = audio_close};

static char *base_name(const char *path)
{
	if (strcmp(path, "-") == 0)
		return strdup("stdin");
	const char *slash = strrchr(path, '/');
	return strdup(slash && slash[1] ? slash + 1 : path);
}

static db_status wrap(struct audio_src *a, const char *path, int64_t size, struct db_stream **out)
{
	if (!a->title)
		a->title = base_name(path);
	db_status st = a->title ? db_stream_create(&audio_ops, a, size, out) : DB_E_OUTOFMEMORY;
	if (db_failed(st)) {
		if (a->sf)
			sf_close(a->sf);
		db_stream_close(a->raw);
		free(a->title);
		free(a);
	}
	return st;
}

/* "WAV", "AIFF", "FLAC": libsndfile's name of the container up to its
 * parenthesis ("WAV (Microsoft)"). */
static void major_name(int format, char *out, size_t cap)
{
	SF_FORMAT_INFO fi = {.format = format & SF_FORMAT_TYPEMASK};
	if (sf_command(NULL, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) != 0 || !fi.name) {
		snprintf(out, cap, "format 0x%X", (unsigned)fi.format);
		return;
	}
	size_t n = strcspn(fi.name, " (");
	snprintf(out, cap, "%.*s", (int)n, fi.name);
}

static void subtype_name(int format, char *out, size_t cap)
{
	static const struct {
		int subtype;
		const char *name;
	} names[] = {
		{SF_FORMAT_PCM_S8, "8-bit PCM"},     {SF_FORMAT_PCM_U8, "8-bit unsigned PCM"},
		{SF_FORMAT_PCM_16, "16-bit PCM"},    {SF_FORMAT_PCM_24, "24-bit PCM"},
		{SF_FORMAT_PCM_32, "32-bit PCM"},    {SF_FORMAT_FLOAT, "32-bit float"},
		{SF_FORMAT_DOUBLE, "64-bit float"},
	};
	int sub = format & SF_FORMAT_SUBMASK;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].subtype == sub) {
			snprintf(out, cap, "%s", names[i].name);
			return;
		}
	/* The rest (u-law, ADPCM, Vorbis, MP3, ...) by libsndfile's name. */
	SF_FORMAT_INFO fi = {.format = sub};
	if (sf_command(NULL, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) == 0 && fi.name)
		snprintf(out, cap, "%s", fi.name);
	else
		snprintf(out, cap, "encoding 0x%X", (unsigned)sub);
}

static bool is_cdda(const SF_INFO *info)
{
	return info->samplerate == CDDA_RATE && info->channels == CDDA_CHANNELS &&
	       (info->format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16;
}

/* open(2) first, so a missing or unreadable file gets its errno's status
 * (libsndfile's own open reports only a message). */
static db_status open_fd(const char *path, int *fd, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0) {
		*fd = STDIN_FILENO;
		return DB_S_OK;
	}
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;
		set_err(err, errlen, "%s: %s", path, strerror(e));
		return db_status_from_errno(e);
	}
	struct stat st;
	if (fstat(*fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(*fd);
		set_err(err, errlen, "%s: is a directory, not a sound file", path);
		return DB_E_INVALIDARG;
	}
	return DB_S_OK;
}

db_status db_audio_stream_open(const char *path, struct db_stream **out, char *err,
			       size_t errlen)
{
	if (out)
		*out = NULL;
	if (!path || !out)
		return DB_E_POINTER;
	int fd;
	db_status st = open_fd(path, &fd, err, errlen);
	if (db_failed(st))
		return st;
	SF_INFO info = {0};
	/* close_desc: sf_close closes the file, not stdin. A failed open
	 * has closed it already (libsndfile closes a descriptor it owns on
	 * error too). */
	SNDFILE *sf = sf_open_fd(fd, SFM_READ, &info, fd != STDIN_FILENO);
	if (!sf) {
		set_err(err, errlen,
			"%s: not a sound file libsndfile reads (WAV, AIFF, FLAC, ...): %s", path,
			sf_strerror(NULL));
		return DB_E_INVALIDARG;
	}
	if (!is_cdda(&info)) {
		char major[64], sub[64];
		major_name(info.format, major, sizeof(major));
		subtype_name(info.format, sub, sizeof(sub));
		set_err(err, errlen, "%s: %s, %d Hz, %d channel%s, %s: " CDDA_WANTS, path, major,
			info.samplerate, info.channels, info.channels == 1 ? "" : "s", sub);
		sf_close(sf);
		return DB_E_INVALIDARG;
	}
	struct audio_src *a = calloc(1, sizeof(*a));
	if (!a) {
		sf_close(sf);
		return DB_E_OUTOFMEMORY;
	}
	a->sf = sf;
	const char *tag = sf_get_string(sf, SF_STR_TITLE);
	if (tag && *tag)
		a->title = strdup(tag);
	/* libsndfile says SF_COUNT_MAX frames when it cannot know (a pipe). */
	int64_t size = info.frames >= 0 && info.frames < SF_COUNT_MAX / CDDA_FRAME_BYTES
			       ? (int64_t)info.frames * CDDA_FRAME_BYTES
			       : -1;
	return wrap(a, path, size, out);
}

db_status db_audio_stream_open_raw(const char *path, bool big_endian, struct db_stream **out,
				   char *err, size_t errlen)
{
	if (out)
		*out = NULL;
	if (!path || !out)
		return DB_E_POINTER;
	struct stat sb;
	if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		set_err(err, errlen, "%s: is a directory, not raw PCM", path);
		return DB_E_INVALIDARG;
	}
	struct db_stream *raw;
	errno = 0;
	db_status st = db_stream_open_file(path, &raw);
	if (db_failed(st)) {
		set_err(err, errlen, "%s: %s", path, errno ? strerror(errno) : db_strerror(st));
		return st;
	}
	int64_t size = db_stream_size(raw);
	if (size >= 0 && size % CDDA_FRAME_BYTES != 0) {
		set_err(err, errlen,
			"%s: %lld bytes of raw PCM is not a whole number of 4-byte frames "
			"(16-bit stereo): the file is cut short or is not CD audio",
			path, (long long)size);
		db_stream_close(raw);
		return DB_E_INVALIDARG;
	}
	struct audio_src *a = calloc(1, sizeof(*a));
	if (!a) {
		db_stream_close(raw);
		return DB_E_OUTOFMEMORY;
	}
	a->raw = raw;
	a->swap = big_endian;
	return wrap(a, path, size, out);
}

const char *db_audio_stream_title(const struct db_stream *s)
{
	if (!s || s->ops != &audio_ops)
		return NULL;
	return ((const struct audio_src *)s->ctx)->title;
}
