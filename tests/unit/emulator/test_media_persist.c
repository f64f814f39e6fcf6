/* Every state the media model can reach survives a save and a reload
 * unchanged, and is consistent: random sequences of writes, reserves,
 * closes, formats, blanks and cue sheets on every profile (a fixed seed, so
 * a failure reproduces). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disc_store.h"
#include "mmc/features.h"

#define STEPS 100 /* each step saves with three fsyncs */

static unsigned seed = 20261122;

static unsigned rnd(unsigned n)
{
	return (unsigned)rand_r(&seed) % n;
}

/* Writes at the NWA of a random open track. */
static void op_write(struct media_state *m)
{
	int32_t nwa;
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const struct media_track *t = &m->tracks[rnd(m->n_tracks)];
		if (!media_track_nwa(m, t, &nwa))
			continue;
		uint32_t n = 1 + rnd(600);
		if (media_check_write(m, nwa, n) == MMC_SENSE_NO_SENSE)
			media_commit_write(m, nwa, n);
		return;
	}
	if (m->formatted) {
		uint32_t lba = rnd(m->formatted_size - 64);
		if (media_check_write(m, lba, 64) == MMC_SENSE_NO_SENSE)
			media_commit_write(m, lba, 64);
	}
}

static void op_random(struct media_state *m)
{
	struct media_close_opts opts = {.multisession = rnd(4) != 0};
	switch (rnd(11)) {
	case 0:
		media_reserve_track(m, 1 + rnd(5000));
		break;
	case 1:
		media_close_with(m, rnd(7), rnd(m->n_tracks + 2), &opts);
		break;
	case 2:
		if (rnd(8) == 0)
			media_format_with(m, m->profile.capacity - rnd(1000), rnd(2));
		break;
	case 3:
		if (rnd(10) == 0)
			media_blank(m, rnd(2));
		break;
	case 5: {
		/* The drive lost its memory while recording a track: the tail
		 * still in its buffer goes, the track is left damaged. */
		unsigned i = rnd(m->n_tracks);
		media_unrecord_tail(m, i, rnd(m->tracks[i].written + 1));
		media_interrupt_track(m, i);
		break;
	}
	case 4:
		if (media_invisible_track(m))
			media_arm_cue(m, media_invisible_track(m)->start - 150,
				      media_invisible_track(m)->start + 300 + (int32_t)rnd(500), rnd(2));
		break;
	default:
		op_write(m);
		break;
	}
}

static void assert_same(const struct media_state *a, const struct media_state *b)
{
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->formatted, b->formatted);
	assert_int_equal(a->formatted_size, b->formatted_size);
	assert_int_equal(a->high_water, b->high_water);
	assert_int_equal(a->bg_format, b->bg_format);
	assert_int_equal(a->cue.armed, b->cue.armed);
	assert_int_equal(a->cue.next, b->cue.next);
	assert_int_equal(a->cue.end, b->cue.end);
	assert_int_equal(a->cue.multisession, b->cue.multisession);
	assert_int_equal(a->blank_count, b->blank_count);
	assert_int_equal(a->format_count, b->format_count);
	assert_int_equal(a->n_sessions, b->n_sessions);
	assert_int_equal(a->n_tracks, b->n_tracks);
	assert_memory_equal(a->sessions, b->sessions, sizeof(a->sessions[0]) * a->n_sessions);
	for (unsigned i = 0; i < a->n_tracks; i++) {
		const struct media_track *x = &a->tracks[i], *y = &b->tracks[i];
		assert_int_equal(x->number, y->number);
		assert_int_equal(x->session, y->session);
		assert_int_equal(x->start, y->start);
		assert_int_equal(x->size, y->size);
		assert_int_equal(x->written, y->written);
		assert_int_equal(x->state, y->state);
		assert_int_equal(x->damaged, y->damaged);
	}
}

static void one_profile(const char *name)
{
	char dir[] = "/tmp/media-persist-XXXXXX", disc[64], err[256] = "", cmd[96];
	assert_non_null(mkdtemp(dir));
	snprintf(disc, sizeof(disc), "%s/disc", dir);
	struct mmcemu_profile p;
	assert_int_equal(profile_load(DISCBURN_PROFILES_DIR, name, &p, err, sizeof(err)), 0);
	assert_int_equal(disc_store_create(disc, &p, err, sizeof(err)), 0);
	static struct media_state m, back;
	struct disc_store s;
	assert_int_equal(disc_store_open(&s, disc, DISCBURN_PROFILES_DIR, name, &m, err, sizeof(err)), 0);
	for (int step = 0; step < STEPS; step++) {
		op_random(&m);
		const char *bad = media_validate(&m);
		if (bad)
			fail_msg("%s step %d: %s", name, step, bad);
		/* The image must hold what the metadata says was written. */
		int64_t end = (int64_t)m.high_water;
		for (unsigned i = 0; i < m.n_tracks; i++)
			if (m.tracks[i].written && m.tracks[i].start + (int64_t)m.tracks[i].written > end)
				end = m.tracks[i].start + (int64_t)m.tracks[i].written;
		assert_int_equal(ftruncate(s.img_fd, end * s.stride), 0);
		assert_int_equal(disc_store_save(&s, &m), 0);
		struct disc_store s2;
		if (disc_store_open(&s2, disc, DISCBURN_PROFILES_DIR, name, &back, err, sizeof(err)))
			fail_msg("%s step %d: reload: %s", name, step, err);
		assert_same(&m, &back);
		disc_store_close(&s2);
	}
	disc_store_close(&s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void all_profiles(void **state)
{
	(void)state;
	static const char *const names[] = {"cd-r", "cd-rw", "dvd+r", "dvd+rw", "dvd-r", "bd-r", "bd-re"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		one_profile(names[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_profiles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
