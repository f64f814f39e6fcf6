/* Transport: how one CDB reaches a drive. A small ops table (as the Linux
 * cdrom layer's generic_packet): the MMC layer above builds CDBs and decodes
 * answers, a backend below only moves bytes. Backends: Linux SG_IO
 * (transport_sg.c: real drives and the kernel-exposed emulator) and
 * in-process onto libmmcemu (engine/emu/, a separate library so libdiscburn
 * never links the emulator).
 *
 * A transport reports what happened on the wire and nothing more: the SCSI
 * status and sense bytes of a completed command (CHECK CONDITION is a
 * delivered command, execute returns S_OK), or a transport failure (timeout,
 * device gone). Interpreting sense, retrying, is the device layer's job
 * (device.h), in one place. */
#ifndef DISCBURN_TRANSPORT_H
#define DISCBURN_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum db_dir {
	DB_DIR_NONE,
	DB_DIR_IN, /* drive -> host (INQUIRY, READ) */
	DB_DIR_OUT, /* host -> drive (WRITE, MODE SELECT) */
};

/* SCSI status byte values (SAM-5 5.3.1). */
enum db_scsi_status {
	DB_SCSI_GOOD = 0x00,
	DB_SCSI_CHECK_CONDITION = 0x02,
	DB_SCSI_BUSY = 0x08,
	DB_SCSI_RESERVATION_CONFLICT = 0x18,
	DB_SCSI_TASK_SET_FULL = 0x28,
};

#define DB_CDB_MAX 16
#define DB_SENSE_MAX 64

/* Default command timeout: the kernel's sr uses 30 s; a write that the
 * drive has to link or calibrate for can take most of that. */
#define DB_TIMEOUT_DEFAULT_MS 30000u

struct db_cmd {
	/* in */
	uint8_t cdb[DB_CDB_MAX];
	uint8_t cdb_len;
	enum db_dir dir;
	void *buf;
	size_t len;
	unsigned timeout_ms; /* 0: DB_TIMEOUT_DEFAULT_MS */
	/* out */
	uint8_t scsi_status;
	uint8_t sense[DB_SENSE_MAX];
	size_t sense_len;
	size_t resid; /* bytes of len not transferred */
};

struct db_transport;

struct db_transport_ops {
	const char *name; /* "sg", "emu", "test" */
	/* Delivers one command. S_OK when the drive answered (any SCSI
	 * status); a failure status when it did not. */
	db_status (*execute)(struct db_transport *t, struct db_cmd *c);
	/* Most bytes one command may carry (0: unknown). */
	size_t (*max_transfer)(struct db_transport *t);
	/* Exclusive access against other openers (IMAPI2
	 * AcquireExclusiveAccess / ReleaseExclusiveAccess). client names the
	 * holder (ExclusiveAccessOwner) for a backend that can tell others;
	 * NULL or "" when unnamed. A refusal is E_IMAPI_RECORDER_LOCKED, with
	 * the holder noted (db_transport_note_lock_owner). NULL op: not
	 * supported, always granted. */
	db_status (*set_exclusive)(struct db_transport *t, bool exclusive, const char *client);
	/* The host waits ms before its next command (retry backoff, busy
	 * polling). NULL: the device layer sleeps. A simulated drive with its
	 * own clock lets the time pass there instead (the emulator's virtual
	 * clock), so waiting out a drive that becomes ready is deterministic
	 * and takes no wall time. */
	void (*host_wait)(struct db_transport *t, unsigned ms);
	/* The clock host_wait passes time on, in ns from an origin of the
	 * transport's choosing, so a host that waits for a moment (the
	 * WriteEngine's pacing) measures on the same clock it waits on, and
	 * times shown to the user (erase progress) are drive time: on a
	 * virtual clock a 20-minute blank shows 20 minutes.
	 * NULL: CLOCK_MONOTONIC, right for a host_wait that sleeps and for a
	 * real drive. */
	uint64_t (*now_ns)(struct db_transport *t);
	void (*close)(struct db_transport *t);
};

/* Backends embed this as their first member. */
struct db_transport {
	const struct db_transport_ops *ops;
	char path[256]; /* what the user named: /dev/sg1, emu:dvd+rw:/tmp/d */
};

/* Opening flags. */
enum db_open_flags {
	/* Take exclusive access at open: a second exclusive open anywhere
	 * fails with E_IMAPI_RECORDER_LOCKED. */
	DB_OPEN_EXCLUSIVE = 1 << 0,
};

/* Opens the transport for a drive name. "SCHEME:rest" goes to the opener
 * registered for SCHEME (emu: by the emulator backend); anything else is a
 * device path for SG_IO. */
db_status db_transport_open(const char *drive, unsigned flags,
			    struct db_transport **out);
void db_transport_close(struct db_transport *t);

/* When this thread's last open or set_exclusive was refused with
 * E_IMAPI_RECORDER_LOCKED: the holder's client name as far as the
 * backend could tell, "" when it cannot (an sg node held by another
 * program: the kernel does not say by whom). Cleared when an open or an
 * acquire starts; backends note the holder with the refusal. */
const char *db_transport_lock_owner(void);
void db_transport_note_lock_owner(const char *client);

typedef db_status (*db_transport_opener)(const char *rest, unsigned flags,
					 struct db_transport **out);
/* Registers a scheme ("emu"). Returns E_OUTOFMEMORY when the (small) table
 * is full; registering a scheme again replaces it. */
db_status db_transport_register(const char *scheme, db_transport_opener open);

/* The Linux SG_IO backend, directly (also reached by db_transport_open). */
db_status db_transport_open_sg(const char *path, unsigned flags,
			       struct db_transport **out);
/* The node an SG_IO transport sends READ/WRITE through: the /dev/srN
 * bound to the /dev/sgN it was opened on, else its own node; NULL for
 * other transports. */
const char *db_transport_sg_data_node(const struct db_transport *t);

#ifdef __cplusplus
}
#endif

#endif
