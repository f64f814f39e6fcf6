/* Audio input (engine/src/audio_file.c, issue 15): sine tones written as
 * WAV, AIFF and FLAC by libsndfile read back through the stream as the
 * same samples, little-endian whatever the file's order; files that are
 * not CD audio refused with the file and its format named; raw PCM in
 * both byte orders, whole frames only. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sndfile.h>

#include "discburn/audio_file.h"

/* Not a whole number of sectors (588 frames) nor of the stream's chunks. */
#define FRAMES 20011

static char dir[] = "/tmp/discburn-audio-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static const char *path_in(const char *name)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, 256, "%s/%s", dir, name);
	return p;
}

/* A different tone on each channel (440 Hz left, 660 Hz right), near full
 * scale, so a swapped channel or byte shows. */
static void sine(short *s, sf_count_t frames, int channels)
{
	for (sf_count_t i = 0; i < frames; i++)
		for (int c = 0; c < channels; c++)
			s[i * channels + c] = (short)lrint(32000.0 * sin(2 * M_PI * (c ? 660 : 440) *
									(double)i / 44100.0));
}

/* The samples as the stream must give them: 16-bit little-endian. */
static uint8_t *expected_le(const short *s, size_t samples)
{
	uint8_t *b = malloc(samples * 2);
	assert_non_null(b);
	for (size_t i = 0; i < samples; i++) {
		b[2 * i] = (uint8_t)((uint16_t)s[i] & 0xFF);
		b[2 * i + 1] = (uint8_t)((uint16_t)s[i] >> 8);
	}
	return b;
}

static void write_sound(const char *path, int format, int rate, int channels, sf_count_t frames,
			const char *title)
{
	SF_INFO info = {.samplerate = rate, .channels = channels, .format = format};
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	assert_non_null(sf);
	if (title)
		assert_int_equal(sf_set_string(sf, SF_STR_TITLE, title), 0);
	short *s = calloc((size_t)(frames * channels), sizeof(short));
	assert_non_null(s);
	sine(s, frames, channels);
	assert_int_equal(sf_writef_short(sf, s, frames), frames);
	assert_int_equal(sf_close(sf), 0);
	free(s);
}

/* Everything the stream gives, read in pieces of `piece` bytes. */
static uint8_t *read_all(struct db_stream *s, size_t piece, size_t *len)
{
	size_t cap = 1 << 20, have = 0;
	uint8_t *buf = malloc(cap);
	assert_non_null(buf);
	for (;;) {
		if (have + piece > cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got;
		bool eof;
		assert_int_equal(db_stream_read(s, buf + have, piece, &got, &eof), DB_S_OK);
		have += got;
		if (eof)
			break;
	}
	*len = have;
	return buf;
}

static void check_round_trip(const char *name, int format, const char *title)
{
	const char *path = path_in(name);
	write_sound(path, format, 44100, 2, FRAMES, title);
	short *s = calloc(FRAMES * 2, sizeof(short));
	assert_non_null(s);
	sine(s, FRAMES, 2);
	uint8_t *want = expected_le(s, FRAMES * 2);

	/* Pieces that split frames and samples (1001 is odd) and pieces
	 * larger than the stream's own chunk. */
	const size_t pieces[] = {1001, 4, 3, 1 << 18};
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		struct db_stream *st;
		char err[256] = "";
		assert_int_equal(db_audio_stream_open(path, &st, err, sizeof(err)), DB_S_OK);
		assert_string_equal(err, "");
		assert_int_equal(db_stream_size(st), FRAMES * 4);
		assert_string_equal(db_audio_stream_title(st), title ? title : name);
		size_t len;
		uint8_t *got = read_all(st, pieces[i], &len);
		assert_int_equal(len, FRAMES * 4);
		assert_memory_equal(got, want, len);
		free(got);
		db_stream_close(st);
	}
	free(want);
	free(s);
}

static void test_wav(void **state)
{
	(void)state;
	check_round_trip("tone.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, NULL);
}

/* AIFF keeps its samples big-endian: the stream still gives them
 * little-endian. */
static void test_aiff(void **state)
{
	(void)state;
	check_round_trip("tone.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, NULL);
	/* The file really holds its samples big-endian (so the stream did
	 * swap them): frame 1's left sample, high byte first, in the SSND
	 * chunk. */
	FILE *f = fopen(path_in("tone.aiff"), "rb");
	assert_non_null(f);
	uint8_t hdr[4096];
	size_t n = fread(hdr, 1, sizeof(hdr), f);
	fclose(f);
	uint8_t *ssnd = memmem(hdr, n, "SSND", 4);
	assert_non_null(ssnd);
	/* SSND: id, size, offset, block size, then the samples. Frame 1 left. */
	const uint8_t *frame1 = ssnd + 16 + 4;
	short s[4];
	sine(s, 2, 2);
	assert_int_equal(frame1[0], (uint8_t)((uint16_t)s[2] >> 8));
	assert_int_equal(frame1[1], (uint8_t)((uint16_t)s[2] & 0xFF));
}

/* FLAC, with a title tag: the title is the tag, not the file name. */
static void test_flac_and_title(void **state)
{
	(void)state;
	check_round_trip("tone.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "Tone Two");
}

static void check_refused(const char *name, int format, int rate, int channels,
			  const char *says)
{
	const char *path = path_in(name);
	write_sound(path, format, rate, channels, 1000, NULL);
	struct db_stream *st = (struct db_stream *)1;
	char err[256] = "";
	assert_int_equal(db_audio_stream_open(path, &st, err, sizeof(err)), DB_E_INVALIDARG);
	assert_null(st);
	/* The message names the file, what it is, and what a CD takes. */
	if (strncmp(err, path, strlen(path)) != 0 || !strstr(err, says) ||
	    !strstr(err, "an audio CD takes 44100 Hz, 2 channels, 16-bit"))
		fail_msg("%s: message \"%s\" lacks \"%s\"", name, err, says);
}

static void test_refusals(void **state)
{
	(void)state;
	check_refused("48k.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2,
		      ": WAV, 48000 Hz, 2 channels, 16-bit PCM: ");
	check_refused("mono.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 1,
		      ": WAV, 44100 Hz, 1 channel, 16-bit PCM: ");
	check_refused("24.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 44100, 2,
		      ": FLAC, 44100 Hz, 2 channels, 24-bit PCM: ");
	check_refused("8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 44100, 2,
		      ": WAV, 44100 Hz, 2 channels, 8-bit unsigned PCM: ");
	check_refused("8.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_S8, 44100, 2,
		      ": AIFF, 44100 Hz, 2 channels, 8-bit PCM: ");
	check_refused("float.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, 2,
		      ": WAV, 44100 Hz, 2 channels, 32-bit float: ");
	check_refused("all.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24, 96000, 1,
		      ": AIFF, 96000 Hz, 1 channel, 24-bit PCM: ");
}

static void test_not_sound_or_missing(void **state)
{
	(void)state;
	const char *text = path_in("notes.txt");
	FILE *f = fopen(text, "w");
	assert_non_null(f);
	fputs("this is not a sound file, only some words\n", f);
	fclose(f);
	struct db_stream *st;
	char err[256] = "";
	assert_int_equal(db_audio_stream_open(text, &st, err, sizeof(err)), DB_E_INVALIDARG);
	assert_null(st);
	assert_true(strncmp(err, text, strlen(text)) == 0);
	assert_non_null(strstr(err, "not a sound file"));

	const char *missing = path_in("missing.wav");
	err[0] = 0;
	assert_int_equal(db_audio_stream_open(missing, &st, err, sizeof(err)),
			 DB_ERROR_FILE_NOT_FOUND);
	assert_null(st);
	assert_true(strncmp(err, missing, strlen(missing)) == 0);
	assert_non_null(strstr(err, strerror(ENOENT)));
	err[0] = 0;
	assert_int_equal(db_audio_stream_open_raw(missing, true, &st, err, sizeof(err)),
			 DB_ERROR_FILE_NOT_FOUND);
	assert_true(strncmp(err, missing, strlen(missing)) == 0);

	assert_int_equal(db_audio_stream_open(dir, &st, err, sizeof(err)), DB_E_INVALIDARG);
	assert_non_null(strstr(err, "directory"));
	assert_int_equal(db_audio_stream_open(NULL, &st, NULL, 0), DB_E_POINTER);
	/* No message buffer: the status alone. */
	assert_int_equal(db_audio_stream_open(text, &st, NULL, 0), DB_E_INVALIDARG);
}

/* 1000 frames of a known pattern in the given order, and the LE bytes. */
static uint8_t *raw_pattern(bool big_endian, uint8_t **le, size_t *len)
{
	short s[2000];
	sine(s, 1000, 2);
	*le = expected_le(s, 2000);
	uint8_t *b = malloc(4000);
	assert_non_null(b);
	for (size_t i = 0; i < 2000; i++) {
		b[2 * i] = (*le)[2 * i + (big_endian ? 1 : 0)];
		b[2 * i + 1] = (*le)[2 * i + (big_endian ? 0 : 1)];
	}
	*len = 4000;
	return b;
}

static void test_raw_byte_orders(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		uint8_t *le;
		size_t len;
		uint8_t *raw = raw_pattern(be, &le, &len);
		const char *path = path_in(be ? "t.be.raw" : "t.le.raw");
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(raw, 1, len, f), len);
		fclose(f);
		struct db_stream *st;
		assert_int_equal(db_audio_stream_open_raw(path, be, &st, NULL, 0), DB_S_OK);
		assert_int_equal(db_stream_size(st), 4000);
		assert_string_equal(db_audio_stream_title(st), be ? "t.be.raw" : "t.le.raw");
		size_t got_len;
		uint8_t *got = read_all(st, 333, &got_len);
		assert_int_equal(got_len, 4000);
		assert_memory_equal(got, le, 4000);
		free(got);
		db_stream_close(st);
		free(raw);
		free(le);
	}
}

static void test_raw_partial_frame(void **state)
{
	(void)state;
	const char *path = path_in("cut.raw");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 4002; i++)
		fputc(i & 0xFF, f);
	fclose(f);
	struct db_stream *st;
	char err[256] = "";
	assert_int_equal(db_audio_stream_open_raw(path, true, &st, err, sizeof(err)),
			 DB_E_INVALIDARG);
	assert_null(st);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_non_null(strstr(err, "4002 bytes"));
	assert_non_null(strstr(err, "4-byte frames"));
}

/* A pipe hands bytes over in odd pieces: a sample split between two reads
 * is still swapped whole, and a pipe that ends inside a sample is refused. */
static void feed_fifo(const char *fifo, const uint8_t *data, size_t len)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid > 0)
		return;
	int fd = open(fifo, O_WRONLY);
	if (fd < 0)
		_exit(1);
	static const size_t pieces[] = {3, 1, 5, 2, 7, 1000};
	size_t off = 0;
	for (size_t i = 0; off < len; i = (i + 1) % 6) {
		size_t n = pieces[i] < len - off ? pieces[i] : len - off;
		if (write(fd, data + off, n) != (ssize_t)n)
			_exit(1);
		off += n;
		usleep(2000); /* each piece its own read */
	}
	close(fd);
	_exit(0);
}

static void reap(void)
{
	int status;
	assert_true(wait(&status) > 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_raw_pipe(void **state)
{
	(void)state;
	uint8_t *le;
	size_t len;
	uint8_t *raw = raw_pattern(true, &le, &len);
	const char *fifo = path_in("fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	feed_fifo(fifo, raw, 200);
	struct db_stream *st;
	assert_int_equal(db_audio_stream_open_raw(fifo, true, &st, NULL, 0), DB_S_OK);
	assert_int_equal(db_stream_size(st), -1);
	size_t got_len;
	uint8_t *got = read_all(st, 64, &got_len);
	assert_int_equal(got_len, 200);
	assert_memory_equal(got, le, 200);
	free(got);
	db_stream_close(st);
	reap();

	/* 201 bytes: the last sample has one byte. */
	feed_fifo(fifo, raw, 201);
	assert_int_equal(db_audio_stream_open_raw(fifo, true, &st, NULL, 0), DB_S_OK);
	uint8_t buf[512];
	size_t have = 0, n;
	bool eof = false;
	db_status rc = DB_S_OK;
	while (!eof && have < sizeof(buf)) {
		rc = db_stream_read(st, buf + have, sizeof(buf) - have, &n, &eof);
		if (db_failed(rc))
			break;
		have += n;
	}
	assert_int_equal(rc, DB_E_INVALIDARG);
	assert_int_equal(have, 200);
	db_stream_close(st);
	reap();
	free(raw);
	free(le);
}

static void test_title_of_other_streams(void **state)
{
	(void)state;
	const char *path = path_in("plain.bin");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	struct db_stream *st;
	assert_int_equal(db_stream_open_file(path, &st), DB_S_OK);
	assert_null(db_audio_stream_title(st));
	db_stream_close(st);
	assert_null(db_audio_stream_title(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wav),
		cmocka_unit_test(test_aiff),
		cmocka_unit_test(test_flac_and_title),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_not_sound_or_missing),
		cmocka_unit_test(test_raw_byte_orders),
		cmocka_unit_test(test_raw_partial_frame),
		cmocka_unit_test(test_raw_pipe),
		cmocka_unit_test(test_title_of_other_streams),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
