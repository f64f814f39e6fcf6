/* Bounded ring of equal slots between one producer (the reader thread
 * pulling the stream) and one consumer (the writer sending WRITEs). Memory
 * is fixed at init — slot_size x n_slots — whatever the image size, which
 * is what keeps a 4 GiB burn inside a few MiB. Each slot holds up to one
 * WRITE's worth of sectors, so the writer never copies. */
#ifndef DISCBURN_RING_H
#define DISCBURN_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "discburn/status.h"

struct db__ring {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned char *mem;
	size_t slot_size;
	unsigned n_slots;
	size_t *fill; /* bytes in each slot */
	unsigned head; /* next slot the producer fills */
	unsigned tail; /* next slot the consumer takes */
	unsigned count; /* filled slots */
	size_t used_bytes;
	bool eof; /* producer is done: no more slots will come */
	db_status producer_status; /* why it stopped (S_OK at a clean end) */
	bool cancelled; /* both sides stop waiting */
};

db_status db__ring_init(struct db__ring *r, size_t slot_size, unsigned n_slots);
void db__ring_destroy(struct db__ring *r);

/* Producer: a free slot to fill (waits while full). NULL when cancelled. */
unsigned char *db__ring_begin_put(struct db__ring *r);
/* Publishes the slot begun last with len bytes. */
void db__ring_end_put(struct db__ring *r, size_t len);
/* No more data; status says why (S_OK, or the stream's error). */
void db__ring_finish(struct db__ring *r, db_status status);

/* Consumer: the oldest filled slot (waits while empty). NULL at the end
 * (then *status is the producer's status) or when cancelled
 * (E_IMAPI_REQUEST_CANCELLED). */
const unsigned char *db__ring_begin_get(struct db__ring *r, size_t *len, db_status *status);
/* Frees the slot begun last. */
void db__ring_end_get(struct db__ring *r);

/* Wakes both sides; every later wait returns at once. */
void db__ring_cancel(struct db__ring *r);

size_t db__ring_total(const struct db__ring *r);
size_t db__ring_used(struct db__ring *r);

#endif
