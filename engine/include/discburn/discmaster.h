/* DiscMaster (IMAPI2 IDiscMaster2): the optical drives of this machine,
 * from sysfs — every scsi_generic device whose peripheral type is 5
 * (CD/DVD, SPC-4 table 49) — with identity and device nodes. Emulated
 * drives are not in sysfs; callers add the ones the user names
 * (db_discmaster_describe). */
#ifndef DISCBURN_DISCMASTER_H
#define DISCBURN_DISCMASTER_H

#include <stdbool.h>

#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_drive_entry {
	char path[256]; /* what to open: /dev/srN when bound, else /dev/sgN */
	char sg[64]; /* /dev/sgN, "" for emulated drives */
	char sr[64]; /* /dev/srN, "" when sr is not bound */
	char vendor[9];
	char product[17];
	char revision[5];
	bool emulated;
};

/* Enumerates under sysfs_root ("/sys" normally; tests pass a fake tree),
 * sorted by sg number. *n may exceed cap: the entries that did not fit
 * are counted but not stored. A machine without scsi_generic has none. */
db_status db_discmaster_enumerate(const char *sysfs_root, struct db_drive_entry *out,
				  unsigned cap, unsigned *n);

/* Opens a drive by name (any scheme) and fills its entry from INQUIRY. */
db_status db_discmaster_describe(const char *drive, struct db_drive_entry *out);

#ifdef __cplusplus
}
#endif

#endif
