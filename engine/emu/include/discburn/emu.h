/* In-process transport onto libmmcemu: drive names "emu:PROFILE:DISCFILE".
 * The disc lives in DISCFILE (+ DISCFILE.img) and persists between opens;
 * it is created blank with PROFILE when missing (PROFILE may be empty to
 * take whatever the existing disc is).
 *
 * An emulated drive lives in one process at a time: every open takes an
 * exclusive flock() on DISCFILE.lock, so a second open — exclusive or
 * not — fails with E_IMAPI_RECORDER_LOCKED instead of two emulator
 * instances writing one disc.
 *
 * Environment: DISCBURN_EMU_CLOCK=virtual|real|unlimited (default
 * virtual: deterministic, never sleeps), DISCBURN_EMU_FAULTS=plan file or
 * preset, MMCEMU_PROFILES_DIR=profile directory, DISCBURN_EMU_STATS=FILE
 * (the drive's statistics as JSON, written when the drive closes: what a
 * test of the CLI asserts from the emulator's side). */
#ifndef DISCBURN_EMU_H
#define DISCBURN_EMU_H

#include "discburn/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mmcemu_drive;

/* Registers the "emu" scheme with db_transport_open(). Idempotent. */
db_status db_emu_register(void);

/* spec is "PROFILE:DISCFILE" (what follows "emu:"). */
db_status db_emu_transport_open(const char *spec, unsigned flags, struct db_transport **out);

/* The emulator drive behind an emu transport (tests read its statistics),
 * NULL for any other transport. */
struct mmcemu_drive *db_emu_drive(struct db_transport *t);

#ifdef __cplusplus
}
#endif

#endif
