/* In-process transport onto libmmcemu: drive names "emu:PROFILE:DISCFILE".
 * The disc lives in DISCFILE (+ DISCFILE.img) and persists between opens;
 * it is created blank with PROFILE when missing (PROFILE may be empty to
 * take whatever the existing disc is).
 *
 * One emulated drive per disc: opens of the same disc in one process
 * share it (two initiators on one drive), and the process holds an
 * exclusive flock() on DISCFILE.lock while it has the drive open, so
 * another process's open fails with E_IMAPI_RECORDER_LOCKED instead of
 * two emulator instances writing one disc. Exclusive access
 * (DB_OPEN_EXCLUSIVE, db_recorder_acquire_exclusive) behaves as on an sg
 * node opened O_EXCL: refused while another transport has the drive
 * open, and every other open refused while it is held. A refusal names
 * the holder's client (db_transport_lock_owner; across processes from
 * the client name the holder keeps in DISCFILE.lock). A further open of
 * a disc already open in the process joins its drive as it is: clock,
 * fault plan and profile are the first open's (a different profile name
 * is refused as E_DISCBURN_EMU_DISC).
 *
 * Environment: DISCBURN_EMU_CLOCK=virtual|real|unlimited (default
 * virtual: deterministic, never sleeps), DISCBURN_EMU_FAULTS=plan file or
 * preset, MMCEMU_PROFILES_DIR=profile directory, DISCBURN_EMU_STATS=FILE
 * (the drive's statistics as JSON, written when the drive closes: what a
 * test of the CLI asserts from the emulator's side). */
#ifndef DISCBURN_EMU_H
#define DISCBURN_EMU_H

#include <stdbool.h>
#include <stdint.h>

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

/* The BURN-Free links the emulated drive has made on its disc so far
 * (underruns it survived with BUFE set): true and *links for an emu
 * transport, false for any other (a real drive does not report them). */
bool db_emu_burnfree_links(struct db_transport *t, uint64_t *links);

#ifdef __cplusplus
}
#endif

#endif
