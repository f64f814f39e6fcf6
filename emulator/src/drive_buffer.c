#include "drive_buffer.h"

#define NS_PER_S 1000000000u

void buffer_init(struct drive_buffer *b, uint64_t capacity, uint64_t rate)
{
	*b = (struct drive_buffer){.capacity = capacity, .rate = rate};
}

/* Bytes the medium takes in dt ns, without overflow for long gaps. */
static uint64_t drained_in(const struct drive_buffer *b, uint64_t dt)
{
	unsigned __int128 n = (unsigned __int128)b->rate * dt / NS_PER_S;
	return n > UINT64_MAX ? UINT64_MAX : (uint64_t)n;
}

/* ns the medium needs for bytes, rounded up so waits never end early. */
static uint64_t time_for(const struct drive_buffer *b, uint64_t bytes)
{
	if (b->rate == 0)
		return 0;
	return (uint64_t)(((unsigned __int128)bytes * NS_PER_S + b->rate - 1) / b->rate);
}

void buffer_drain(struct drive_buffer *b, uint64_t now)
{
	if (now <= b->t)
		return;
	if (b->rate == 0) { /* no speed limit: the medium takes all at once */
		b->fill = 0;
		b->t = now;
		return;
	}
	uint64_t d = drained_in(b, now - b->t);
	if (d >= b->fill) {
		/* Idle time with the laser on: the stream broke. Emptying
		 * exactly when the next data arrives is still in time. */
		if (b->recording && d > b->fill)
			b->ran_dry = true;
		b->fill = 0;
	} else {
		b->fill -= d;
	}
	b->t = now;
}

bool buffer_underrun(struct drive_buffer *b, uint64_t now)
{
	buffer_drain(b, now);
	/* Dry exactly at the moment new data arrives is still in time. */
	return b->recording && b->ran_dry && b->fill == 0;
}

void buffer_resume(struct drive_buffer *b)
{
	b->ran_dry = false;
	b->recording = false;
}

uint64_t buffer_accept(struct drive_buffer *b, uint64_t now, uint64_t bytes)
{
	buffer_drain(b, now);
	b->ran_dry = false;
	b->recording = true;
	if (b->rate == 0)
		return now;
	uint64_t done = now;
	uint64_t total = b->fill + bytes;
	if (total > b->capacity) {
		/* The command holds until the medium has taken the excess. */
		done = now + time_for(b, total - b->capacity);
		b->fill = b->capacity;
		b->t = done;
	} else {
		b->fill = total;
	}
	return done;
}

uint64_t buffer_flush(struct drive_buffer *b, uint64_t now)
{
	buffer_drain(b, now);
	uint64_t done = now + time_for(b, b->fill);
	b->fill = 0;
	b->t = done;
	b->recording = false;
	b->ran_dry = false;
	return done;
}

uint64_t buffer_free(struct drive_buffer *b, uint64_t now)
{
	buffer_drain(b, now);
	return b->capacity - b->fill;
}

uint64_t buffer_held(struct drive_buffer *b, uint64_t now)
{
	buffer_drain(b, now);
	return b->fill;
}

void buffer_set_rate(struct drive_buffer *b, uint64_t now, uint64_t rate)
{
	buffer_drain(b, now);
	b->rate = rate;
}
