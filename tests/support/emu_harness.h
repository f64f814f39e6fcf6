/* Test harness for emulator tests: a drive on a fresh disc in a temporary
 * directory, commands given as hex strings the way MMC tables print them,
 * and assertions on status + sense triple. Header-only (static functions)
 * so each test file is one self-contained executable. Include after
 * <cmocka.h>. */
#ifndef DISCBURN_EMU_HARNESS_H
#define DISCBURN_EMU_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mmc/sense.h"
#include "mmcemu/mmcemu.h"

struct emu {
	struct mmcemu_drive *drive;
	char dir[64];
	char disc[128];
};

struct emu_result {
	uint8_t status;
	struct mmc_sense sense;
	uint8_t raw_sense[18];
	size_t len; /* data-in bytes */
};

/* Parses "12 00 00 00 60 00" into bytes; returns the count. */
static inline size_t emu_hex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	while (*hex && n < cap) {
		while (*hex == ' ' || *hex == ':')
			hex++;
		if (!hex[0] || !hex[1])
			break;
		char b[3] = {hex[0], hex[1], 0};
		out[n++] = (uint8_t)strtoul(b, NULL, 16);
		hex += 2;
	}
	return n;
}

/* Opens a drive with a blank disc of `profile` (NULL: empty tray) and
 * consumes the power-on unit attention so tests start from a ready drive. */
static inline void emu_open(struct emu *e, const char *profile)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->dir, "/tmp/emu-test-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->disc, sizeof(e->disc), "%s/disc", e->dir);
	struct mmcemu_drive_config cfg = {
		.profiles_dir = DISCBURN_PROFILES_DIR,
		.profile = profile,
		.disc_path = profile ? e->disc : NULL,
		.clock = MMCEMU_CLOCK_VIRTUAL,
	};
	char err[256] = "";
	int rc = mmcemu_drive_open(&cfg, &e->drive, err, sizeof(err));
	if (rc)
		fail_msg("mmcemu_drive_open(%s): %s", profile ? profile : "-", err);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
	mmcemu_execute(e->drive, &io); /* 06/29/00 power on */
}

static inline void emu_close(struct emu *e)
{
	char cmd[160];
	mmcemu_drive_close(e->drive);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
}

/* Runs one command: cdb as hex, optional data-out, data-in into `in`. */
static inline struct emu_result emu_cmd_data(struct emu *e, const char *cdb_hex,
					     const void *out, size_t out_len,
					     void *in, size_t in_cap)
{
	uint8_t cdb[16];
	size_t n = emu_hex(cdb_hex, cdb, sizeof(cdb));
	struct mmcemu_io io = {.cdb = cdb, .cdb_len = n, .data_out = out,
			       .data_out_len = out_len, .data_in = in,
			       .data_in_cap = in_cap};
	struct emu_result r = {0};
	r.status = (uint8_t)mmcemu_execute(e->drive, &io);
	r.len = io.data_in_len;
	if (io.sense_len) {
		memcpy(r.raw_sense, io.sense, sizeof(r.raw_sense));
		mmc_sense_decode(io.sense, io.sense_len, &r.sense);
	}
	return r;
}

static inline struct emu_result emu_cmd(struct emu *e, const char *cdb_hex,
					void *in, size_t in_cap)
{
	return emu_cmd_data(e, cdb_hex, NULL, 0, in, in_cap);
}

#define assert_good(r)                                                         \
	do {                                                                   \
		struct emu_result r_ = (r);                                    \
		if (r_.status != 0)                                            \
			fail_msg("expected GOOD, got CHECK CONDITION %X/%02X/%02X", \
				 r_.sense.key, r_.sense.asc, r_.sense.ascq);     \
	} while (0)

#define assert_sense(r, k, a, q)                                               \
	do {                                                                   \
		struct emu_result r_ = (r);                                    \
		if (r_.status != 2 || r_.sense.key != (k) ||                   \
		    r_.sense.asc != (a) || r_.sense.ascq != (q))               \
			fail_msg("expected %X/%02X/%02X, got status %u %X/%02X/%02X", \
				 (k), (a), (q), r_.status, r_.sense.key,        \
				 r_.sense.asc, r_.sense.ascq);                  \
	} while (0)

#endif
