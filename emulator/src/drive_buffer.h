/* The drive's write buffer (MMC-6 4.3.5 "Buffer underrun"): WRITE commands
 * fill it, the medium drains it at the write speed. A WRITE that does not
 * fit waits until the medium has made room — that is how a drive paces a
 * host that is faster than the disc. If the buffer runs dry while a track is
 * being recorded and more data arrives later, the stream was broken: an
 * underrun. With BURN-Free the drive stopped cleanly and links on (a link
 * event); without it the track is ruined (03/0C/09).
 *
 * Pure arithmetic over a clock value: no sleeping here. */
#ifndef MMCEMU_DRIVE_BUFFER_H
#define MMCEMU_DRIVE_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

struct drive_buffer {
	uint64_t capacity; /* bytes */
	uint64_t fill; /* bytes held at time t */
	uint64_t t; /* ns of the last update */
	uint64_t rate; /* bytes per second the medium takes; 0 = no limit */
	bool recording; /* the laser is writing: data came and no flush since */
	bool ran_dry; /* emptied while recording, before the host sent more */
};

void buffer_init(struct drive_buffer *b, uint64_t capacity, uint64_t rate);
/* Brings the buffer to time now (never backwards). */
void buffer_drain(struct drive_buffer *b, uint64_t now);
/* True when data arriving now finds the buffer dry after a recording
 * stream: the caller decides between a link (BURN-Free) and a failure,
 * then calls buffer_resume(). */
bool buffer_underrun(struct drive_buffer *b, uint64_t now);
void buffer_resume(struct drive_buffer *b);
/* Accepts bytes arriving at now; returns the time the command completes
 * (now, or later when it had to wait for room). */
uint64_t buffer_accept(struct drive_buffer *b, uint64_t now, uint64_t bytes);
/* SYNCHRONIZE CACHE: the time the buffer is empty; recording stops. */
uint64_t buffer_flush(struct drive_buffer *b, uint64_t now);
uint64_t buffer_free(struct drive_buffer *b, uint64_t now);
/* Bytes still in the buffer at now: accepted from the host, not yet on
 * the medium. Everything else the host sent is recorded (a drive that
 * loses power now keeps it, docs/emulator-media.md "Persistence"). */
uint64_t buffer_held(struct drive_buffer *b, uint64_t now);
/* A new speed from SET STREAMING / SET CD SPEED, effective now. */
void buffer_set_rate(struct drive_buffer *b, uint64_t now, uint64_t rate);

#endif
