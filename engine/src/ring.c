/* Bounded slot ring: one mutex, one condition variable (both sides wait
 * for "something changed"; with one producer and one consumer a broadcast
 * costs nothing and cannot lose a wake-up). */
#include "ring.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The ring is touched once per page as the reader first fills it: 2048
 * page faults for the default 8 MiB, a measurable part of a short burn
 * (docs/performance.md). Aligned to 2 MiB and marked for transparent huge
 * pages, it takes four. */
#define HUGE_PAGE (2u << 20)

static void *ring_alloc(size_t bytes)
{
	if (bytes < HUGE_PAGE)
		return malloc(bytes);
	void *p = NULL;
	size_t rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	if (posix_memalign(&p, HUGE_PAGE, rounded) != 0)
		return NULL;
	(void)madvise(p, rounded, MADV_HUGEPAGE); /* advice: fine to be refused */
	return p;
}

db_status db__ring_init(struct db__ring *r, size_t slot_size, unsigned n_slots)
{
	memset(r, 0, sizeof(*r));
	if (slot_size == 0 || n_slots == 0)
		return DB_E_INVALIDARG;
	r->mem = ring_alloc(slot_size * n_slots);
	r->fill = calloc(n_slots, sizeof(*r->fill));
	if (!r->mem || !r->fill) {
		free(r->mem);
		free(r->fill);
		return DB_E_OUTOFMEMORY;
	}
	r->slot_size = slot_size;
	r->n_slots = n_slots;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	return DB_S_OK;
}

void db__ring_destroy(struct db__ring *r)
{
	if (!r->mem)
		return;
	pthread_cond_destroy(&r->changed);
	pthread_mutex_destroy(&r->lock);
	free(r->mem);
	free(r->fill);
	r->mem = NULL;
}

unsigned char *db__ring_begin_put(struct db__ring *r)
{
	pthread_mutex_lock(&r->lock);
	while (r->count == r->n_slots && !r->cancelled)
		pthread_cond_wait(&r->changed, &r->lock);
	unsigned char *p = r->cancelled ? NULL : r->mem + (size_t)r->head * r->slot_size;
	pthread_mutex_unlock(&r->lock);
	return p;
}

void db__ring_end_put(struct db__ring *r, size_t len)
{
	pthread_mutex_lock(&r->lock);
	r->fill[r->head] = len;
	r->head = (r->head + 1) % r->n_slots;
	r->count++;
	r->used_bytes += len;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

void db__ring_finish(struct db__ring *r, db_status status)
{
	pthread_mutex_lock(&r->lock);
	r->eof = true;
	r->producer_status = status;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

const unsigned char *db__ring_begin_get(struct db__ring *r, size_t *len, db_status *status)
{
	const unsigned char *p = NULL;
	pthread_mutex_lock(&r->lock);
	while (r->count == 0 && !r->eof && !r->cancelled)
		pthread_cond_wait(&r->changed, &r->lock);
	if (r->cancelled) {
		*status = DB_E_IMAPI_REQUEST_CANCELLED;
	} else if (r->count == 0) {
		*status = r->producer_status;
	} else {
		*status = DB_S_OK;
		*len = r->fill[r->tail];
		p = r->mem + (size_t)r->tail * r->slot_size;
	}
	pthread_mutex_unlock(&r->lock);
	return p;
}

void db__ring_end_get(struct db__ring *r)
{
	pthread_mutex_lock(&r->lock);
	r->used_bytes -= r->fill[r->tail];
	r->fill[r->tail] = 0;
	r->tail = (r->tail + 1) % r->n_slots;
	r->count--;
	/* The producer waits only on a full ring: wake it once half the
	 * ring is free, so it refills in a burst instead of one wake-up
	 * (two futex calls) per slot. */
	if (r->count == r->n_slots / 2)
		pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

void db__ring_cancel(struct db__ring *r)
{
	pthread_mutex_lock(&r->lock);
	r->cancelled = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

size_t db__ring_total(const struct db__ring *r)
{
	return r->slot_size * r->n_slots;
}

size_t db__ring_used(struct db__ring *r)
{
	pthread_mutex_lock(&r->lock);
	size_t n = r->used_bytes;
	pthread_mutex_unlock(&r->lock);
	return n;
}
