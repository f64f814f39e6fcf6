/* For vm/scenarios/08-audio.sh: writes a CD-DA WAV file (44,100 Hz,
 * 16-bit signed little-endian, 2 channels) holding a sine tone, because
 * the VM image has no sox.
 *   wavgen OUT.wav FRAMES FREQ_HZ
 * FRAMES is the number of stereo samples (44100 = one second; 588 = one CD
 * sector of 2352 bytes). The left channel carries FREQ_HZ, the right one
 * 1.5 x FREQ_HZ, so a rip with swapped channels or a byte-order mistake
 * does not compare equal. The 44-byte canonical header is followed
 * directly by the samples, so `cmp OUT.wav RIP 44 0` compares the PCM. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 44100u
#define CHANNELS 2u
#define BYTES_PER_FRAME 4u

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static int16_t tone(double freq, uint64_t i)
{
	const double pi = 3.14159265358979323846;
	return (int16_t)lround(16000.0 * sin(2.0 * pi * freq * (double)i / RATE));
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: wavgen OUT.wav FRAMES FREQ_HZ\n");
		return 2;
	}
	char *end;
	errno = 0;
	unsigned long long frames = strtoull(argv[2], &end, 10);
	/* The RIFF sizes are 32-bit: a CD holds at most ~80 min anyway. */
	if (errno || *end || frames == 0 || frames > (0xFFFFFFFFull - 36) / BYTES_PER_FRAME) {
		fprintf(stderr, "wavgen: FRAMES '%s' is not a number of samples 1..%llu\n", argv[2],
			(0xFFFFFFFFull - 36) / BYTES_PER_FRAME);
		return 2;
	}
	double freq = strtod(argv[3], &end);
	if (*end || !(freq > 0 && freq < RATE / 2.0)) {
		fprintf(stderr, "wavgen: FREQ_HZ '%s' is not a frequency below 22050 Hz\n", argv[3]);
		return 2;
	}
	FILE *f = fopen(argv[1], "wb");
	if (!f) {
		fprintf(stderr, "wavgen: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	uint32_t data = (uint32_t)(frames * BYTES_PER_FRAME);
	uint8_t h[44];
	memcpy(h, "RIFF", 4);
	put_le32(h + 4, 36 + data);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le32(h + 16, 16);            /* fmt chunk size */
	put_le16(h + 20, 1);             /* PCM */
	put_le16(h + 22, CHANNELS);
	put_le32(h + 24, RATE);
	put_le32(h + 28, RATE * BYTES_PER_FRAME); /* byte rate */
	put_le16(h + 32, BYTES_PER_FRAME);        /* block align */
	put_le16(h + 34, 16);                     /* bits per sample */
	memcpy(h + 36, "data", 4);
	put_le32(h + 40, data);
	int ok = fwrite(h, sizeof(h), 1, f) == 1;
	for (uint64_t i = 0; ok && i < frames; i++) {
		uint8_t s[BYTES_PER_FRAME];
		put_le16(s, (uint16_t)tone(freq, i));
		put_le16(s + 2, (uint16_t)tone(freq * 1.5, i));
		ok = fwrite(s, sizeof(s), 1, f) == 1;
	}
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		fprintf(stderr, "wavgen: cannot write %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
