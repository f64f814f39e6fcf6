/* Audio input for audio CDs (issue 15): a sound file, or headerless PCM,
 * as a db_stream of CD-DA samples, the one order the engine's audio
 * tracks take (db_format2tao_add_audio_track, IMAPI2's AddAudioTrack):
 * 44,100 Hz, 16-bit signed, 2 channels interleaved (left first),
 * LITTLE-ENDIAN, as the data chunk of a CD-quality WAV file. Red Book
 * audio is exactly this: 588 such frames (2352 bytes) per sector.
 *
 * Sound files are decoded by libsndfile (WAV, AIFF, FLAC and the other
 * formats it reads), never resampled or converted: a file that is not
 * 44.1 kHz / 16-bit / stereo is refused with its format named, so the
 * user converts it knowingly (sox, ffmpeg). */
#ifndef DISCBURN_AUDIO_FILE_H
#define DISCBURN_AUDIO_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "discburn/status.h"
#include "discburn/stream.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The sound file at path ("-" is stdin) as a stream of CD-DA samples
 * (above), whatever byte order the file keeps them in (AIFF is
 * big-endian). db_stream_size() is the byte size of the samples, without
 * the file's header (-1 when libsndfile cannot tell, as for some formats
 * on a pipe).
 * Refusals, each with a message in err (when err is not NULL) naming the
 * file and the problem:
 *   DB_E_INVALIDARG  not 44.1 kHz / 16-bit PCM / 2 channels ("a.wav: WAV,
 *                    48000 Hz, 1 channel, 24-bit PCM: an audio CD takes
 *                    44100 Hz, 2 channels, 16-bit PCM"), or not a sound
 *                    file libsndfile reads;
 *   DB_ERROR_FILE_NOT_FOUND, DB_ERROR_ACCESS_DENIED, ...  the file does not
 *                    open (db_status_from_errno);
 *   DB_E_POINTER     path or out is NULL. */
db_status db_audio_stream_open(const char *path, struct db_stream **out, char *err,
			       size_t errlen);

/* Headerless 16-bit stereo PCM at 44.1 kHz in the given byte order (cdrdao
 * and wodim raw files are big-endian, the data of a WAV little-endian),
 * as the same little-endian stream. A regular file's size must be a
 * multiple of 4 bytes (whole stereo frames): DB_E_INVALIDARG otherwise,
 * with the file named. */
db_status db_audio_stream_open_raw(const char *path, bool big_endian, struct db_stream **out,
				   char *err, size_t errlen);

/* The track's title for progress lines: the file's title tag when it has
 * one, else the file's base name ("stdin" for "-"). NULL for a stream
 * that these functions did not open. Valid until the stream is closed. */
const char *db_audio_stream_title(const struct db_stream *s);

#ifdef __cplusplus
}
#endif

#endif
