/* The drive's clock. VIRTUAL never sleeps: time moves only when the drive
 * says an operation took time, or a test says the host stalled — so timing
 * tests are deterministic on a loaded machine. REAL sleeps like a drive.
 * UNLIMITED takes no time at all. Time counts from power on. */
#ifndef MMCEMU_CLOCK_H
#define MMCEMU_CLOCK_H

#include <stdint.h>

#include "mmcemu/mmcemu.h"

struct emu_clock {
	enum mmcemu_clock_kind kind;
	uint64_t origin_ns; /* REAL: CLOCK_MONOTONIC at power on */
	uint64_t virtual_ns; /* VIRTUAL/UNLIMITED: current time */
};

void clock_init(struct emu_clock *c, enum mmcemu_clock_kind kind);
uint64_t clock_now_ns(const struct emu_clock *c);
/* Blocks (REAL) or jumps (VIRTUAL) until t; never goes back. */
void clock_wait_until(struct emu_clock *c, uint64_t t_ns);
/* The host stalls: VIRTUAL time jumps ahead; REAL time passes by itself. */
void clock_advance(struct emu_clock *c, uint64_t ns);
/* Whether the drive models speed at all (not UNLIMITED). */
static inline int clock_is_timed(const struct emu_clock *c)
{
	return c->kind != MMCEMU_CLOCK_UNLIMITED;
}

#endif
