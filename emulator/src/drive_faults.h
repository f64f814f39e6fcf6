/* The dispatcher's side of fault plans (drive_faults.c). */
#ifndef MMCEMU_DRIVE_FAULTS_H
#define MMCEMU_DRIVE_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive.h"

struct fault_outcome {
	bool drop; /* no reply at all */
	bool fail; /* fail with sense */
	struct mmc_sense sense;
	bool corrupt; /* damage the data read back */
	bool garbage; /* cut the response short */
};

void faults_before(struct mmcemu_drive *d, const uint8_t *cdb, size_t len,
		   const struct drive_command *dc, struct fault_outcome *o);
void faults_after(struct mmcemu_io *io, const struct fault_outcome *o);
uint64_t drive_now_ms(const struct mmcemu_drive *d);

#endif
