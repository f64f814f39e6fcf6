/* The recorder's state, shared by recorder.c (IDiscRecorder2) and
 * recorder_ex.c (IDiscRecorder2Ex, the same object in IMAPI). */
#ifndef DISCBURN_RECORDER_INTERNAL_H
#define DISCBURN_RECORDER_INTERNAL_H

#include <limits.h>
#include <stdbool.h>

#include "discburn/mmc.h"
#include "discburn/recorder.h"

struct db_recorder {
	struct db_device *dev;
	bool have_identity;
	struct db_inquiry identity;
	bool exclusive;
	char client[64];
	/* DisableMcn count and the events_poll_msecs value to restore
	 * (mcn_knob[0] == '\0': nothing was changed). */
	unsigned mcn_disables;
	long mcn_saved;
	char mcn_knob[PATH_MAX];
	char sysfs_root[PATH_MAX]; /* "" = /sys */
	char mountinfo[PATH_MAX]; /* "" = /proc/self/mountinfo */
};

/* A drive reached through a kernel node (/dev/...) rather than a scheme
 * (emu:...). */
bool db_recorder_is_kernel(const struct db_recorder *r);
/* The sr disk ("sr0") and sg node ("sg1") names of a kernel drive, ""
 * when there is none. */
void db_recorder_kernel_names(const struct db_recorder *r, char *sr, size_t sr_len, char *sg,
			      size_t sg_len);
const char *db_recorder_sysfs(const struct db_recorder *r);
/* One VPD page, its header included; *n 0 when the drive has none. */
void db_recorder_read_vpd(struct db_recorder *r, uint8_t page, uint8_t *buf, size_t cap, size_t *n);

#endif
