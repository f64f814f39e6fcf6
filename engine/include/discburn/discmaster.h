/* DiscMaster (IMAPI2 IDiscMaster2): the optical drives of this machine,
 * from sysfs — every scsi_generic device whose peripheral type is 5
 * (CD/DVD, SPC-4 table 49) — with identity and device nodes. Emulated
 * drives are not in sysfs; callers add the ones the user names
 * (db_discmaster_describe). */
#ifndef DISCBURN_DISCMASTER_H
#define DISCBURN_DISCMASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	/* The drive's stable unique id (IMAPI's DiscMaster2 Item and
	 * DiscRecorder2 ActiveDiscRecorder, db_decode_unique_id) from sysfs's
	 * copy of its VPD pages (device/vpd_pg83, vpd_pg80); "" when sysfs
	 * has neither (db_discmaster_get_item then asks the drive). */
	char unique_id[128];
};

/* Enumerates under sysfs_root ("/sys" normally; tests pass a fake tree),
 * sorted by sg number. *n may exceed cap: the entries that did not fit
 * are counted but not stored. A machine without scsi_generic has none. */
db_status db_discmaster_enumerate(const char *sysfs_root, struct db_drive_entry *out,
				  unsigned cap, unsigned *n);

/* Opens a drive by name (any scheme) and fills its entry from INQUIRY. */
db_status db_discmaster_describe(const char *drive, struct db_drive_entry *out);

/* IMAPI2 IDiscMaster2 members (issue 14), over the same enumeration
 * (sysfs_root as above).
 * IsSupportedEnvironment: true when there is at least one optical drive
 * and this process may open its node read-write (access(2) R_OK|W_OK),
 * which is what IMAPI means by "the execution context has permission
 * to access the devices". */
db_status db_discmaster_get_is_supported_environment(const char *sysfs_root, bool *out);
/* Count: how many optical drives sysfs lists. */
db_status db_discmaster_get_count(const char *sysfs_root, int32_t *out);
/* Item(index): the unique id of drive index (0-based, in enumeration
 * order) into buf: sysfs's VPD copy, else the drive's answer
 * (db_recorder_get_active_disc_recorder), so both give the same string.
 * E_INVALIDARG for an index out of range or a buf too small. */
db_status db_discmaster_get_item(const char *sysfs_root, int32_t index, char *buf, size_t len);
/* The entry whose unique id is id (IMAPI's
 * IDiscRecorder2::InitializeDiscRecorder(uniqueId) finds its drive so):
 * ERROR_DEV_NOT_EXIST when no drive has it. */
db_status db_discmaster_find_unique_id(const char *sysfs_root, const char *id,
				       struct db_drive_entry *out);

#ifdef __cplusplus
}
#endif

#endif
