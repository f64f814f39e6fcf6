#include "clock.h"

#include <errno.h>
#include <time.h>

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void clock_init(struct emu_clock *c, enum mmcemu_clock_kind kind)
{
	c->kind = kind;
	c->origin_ns = monotonic_ns();
	c->virtual_ns = 0;
}

uint64_t clock_now_ns(const struct emu_clock *c)
{
	if (c->kind == MMCEMU_CLOCK_REAL)
		return monotonic_ns() - c->origin_ns;
	return c->virtual_ns;
}

void clock_wait_until(struct emu_clock *c, uint64_t t_ns)
{
	if (c->kind != MMCEMU_CLOCK_REAL) {
		if (t_ns > c->virtual_ns)
			c->virtual_ns = t_ns;
		return;
	}
	/* Absolute sleep: no drift however many short waits a burn makes. */
	uint64_t abs_ns = c->origin_ns + t_ns;
	struct timespec ts = {.tv_sec = (time_t)(abs_ns / 1000000000u),
			      .tv_nsec = (long)(abs_ns % 1000000000u)};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

void clock_advance(struct emu_clock *c, uint64_t ns)
{
	if (c->kind != MMCEMU_CLOCK_REAL)
		c->virtual_ns += ns;
}
