/* Device: a transport plus the initiator's policy — which sense is
 * retried, how long, and what every other answer means as a status. All
 * commands of libdiscburn go through db_device_exec(), so the retry rules
 * live in one place (as sr_do_ioctl() does for the kernel's sr driver).
 *
 * Policy (docs/status-codes.md "Retries"):
 *  - 06/28/xx, 06/29/xx, 06/2A/xx unit attentions: reported once by the
 *    drive after a media change or reset; the command is repeated (at
 *    most unit_attention_retries times).
 *  - 02/04/01 becoming ready, 02/04/07 operation in progress, 02/04/08
 *    long write in progress, SCSI BUSY: repeated with a bounded
 *    exponential backoff for at most ready_wait_ms. A WRITE refused with
 *    02/04/08 first polls READ BUFFER CAPACITY until the drive has room for
 *    it, as growisofs and libburn do, instead of hammering WRITE.
 *  - everything else: mapped once through the sense table (sense_map.h).
 * A cancel check set by the caller is consulted between attempts, so a
 * retry loop never outlives a CancelWrite. */
#ifndef DISCBURN_DEVICE_H
#define DISCBURN_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "discburn/status.h"
#include "discburn/transport.h"
#include "mmc/sense.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_device;

struct db_retry_policy {
	unsigned unit_attention_retries; /* default 2: power on + medium changed */
	unsigned ready_wait_ms; /* total budget for not-ready/busy waits, default 120000 */
	unsigned backoff_min_ms; /* first wait, default 10 */
	unsigned backoff_max_ms; /* longest single wait, default 500 */
};

/* Opens the drive by name (see db_transport_open). */
db_status db_device_open(const char *drive, unsigned flags, struct db_device **out);
/* Wraps an open transport; the device owns it from then on. */
db_status db_device_wrap(struct db_transport *t, struct db_device **out);
void db_device_close(struct db_device *d);

struct db_transport *db_device_transport(struct db_device *d);

void db_device_get_retry_policy(const struct db_device *d, struct db_retry_policy *p);
void db_device_set_retry_policy(struct db_device *d, const struct db_retry_policy *p);

/* Called between attempts of a retried command and while waiting; true
 * stops the wait with E_IMAPI_REQUEST_CANCELLED. NULL clears it. */
typedef bool (*db_cancel_check)(void *ctx);
void db_device_set_cancel_check(struct db_device *d, db_cancel_check fn, void *ctx);
/* The check in force, so a layer can chain its own and restore it. */
void db_device_get_cancel_check(const struct db_device *d, db_cancel_check *fn, void **ctx);

/* Waits ms the way the transport wants host waits to pass (see
 * db_transport_ops.host_wait): a sleep, or the emulator's clock. */
void db_device_host_wait(struct db_device *d, unsigned ms);
/* Now on the clock host waits pass on (db_transport_ops.now_ns), in ns:
 * deadlines the host waits for are measured on it. */
uint64_t db_device_now_ns(struct db_device *d);
/* The same clock in ms, for times reported to the user: differences are
 * drive time. */
uint64_t db_device_now_ms(struct db_device *d);

/* Executes one command with the retry policy. S_OK (or an S_IMAPI_*
 * success) when the drive completed it, else the mapped failure. */
db_status db_device_exec(struct db_device *d, struct db_cmd *c);

/* Sense of the last command that ended in CHECK CONDITION (after
 * retries); all zero when the last command succeeded. For diagnostics. */
struct mmc_sense db_device_last_sense(const struct db_device *d);
/* Opcode of that command. */
uint8_t db_device_last_opcode(const struct db_device *d);

/* How many WRITE bytes one command may carry on this device: the
 * transport's limit and the drive's Block Limits VPD (B0h) when it has
 * one, 0 when neither is known. Cached after the first call. */
size_t db_device_max_transfer(struct db_device *d);

/* Counters, for tests and --verbose: commands sent to the transport
 * (retries included), retries, and waits. */
struct db_device_stats {
	unsigned long commands;
	unsigned long retries;
	unsigned long buffer_polls; /* READ BUFFER CAPACITY sent while waiting */
	unsigned long start_units; /* START STOP UNIT sent for 02/04/02 */
};
void db_device_get_stats(const struct db_device *d, struct db_device_stats *out);

#ifdef __cplusplus
}
#endif

#endif
