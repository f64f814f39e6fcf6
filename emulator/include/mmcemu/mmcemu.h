/* libmmcemu: a transport-independent model of an MMC optical burner.
 *
 * A drive executes CDBs (mmcemu_execute) against the disc loaded in it. A
 * disc is a metadata file DISC plus a sparse image DISC.img; its medium is
 * described by a profile read from media-profiles/NAME.ini. The same drive
 * object serves the in-process transport of the engine, the `mmcemu` CLI and
 * the tcmu-runner handler. */
#ifndef MMCEMU_MMCEMU_H
#define MMCEMU_MMCEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mmcemu_drive;

/* How the drive's clock runs (emulator/src/clock.c):
 * VIRTUAL   deterministic, never sleeps; time advances with the commands
 *           (tests);
 * REAL      the drive takes as long as a real one would (kernel path, demos);
 * UNLIMITED no speed limit at all (throughput work). */
enum mmcemu_clock_kind {
	MMCEMU_CLOCK_VIRTUAL,
	MMCEMU_CLOCK_REAL,
	MMCEMU_CLOCK_UNLIMITED,
};

struct mmcemu_drive_config {
	/* Directory of profile .ini files; NULL: mmcemu_default_profiles_dir(). */
	const char *profiles_dir;
	/* Profile of the disc to create when disc_path does not exist yet;
	 * when it exists, NULL accepts its recorded profile and a name must
	 * match it. */
	const char *profile;
	/* Disc metadata path; NULL: the drive starts with an empty tray. */
	const char *disc_path;
	/* Fault plan: a file path or a preset name; NULL for none. */
	const char *fault_plan;
	enum mmcemu_clock_kind clock;
};

/* Bad input, as distinct from a failing system (-errno): the open and
 * load calls return one of these with the message in err, so a tool can
 * tell the user which of their files is wrong. */
#define MMCEMU_E_PROFILE (-2001) /* a media profile is missing or invalid */
#define MMCEMU_E_FAULT_PLAN (-2002) /* neither a preset nor a valid plan file */
#define MMCEMU_E_DISC (-2003) /* the disc file is damaged or of another profile */

/* Opens a drive (and loads/creates the disc). 0 on success, else -errno or
 * an MMCEMU_E_* code, with a message naming the problem in err. */
int mmcemu_drive_open(const struct mmcemu_drive_config *cfg,
		      struct mmcemu_drive **out, char *err, size_t errlen);
void mmcemu_drive_close(struct mmcemu_drive *d);

/* One command. The caller fills the inputs; the drive fills the outputs. */
struct mmcemu_io {
	const uint8_t *cdb;
	size_t cdb_len;
	const uint8_t *data_out; /* bytes sent to the drive (WRITE, MODE SELECT...) */
	size_t data_out_len;
	uint8_t *data_in; /* room for bytes returned by the drive */
	size_t data_in_cap;
	/* out: */
	uint8_t status; /* SCSI status: 0x00 GOOD, 0x02 CHECK CONDITION */
	uint8_t sense[18]; /* fixed-format sense when status is CHECK CONDITION */
	size_t sense_len;
	size_t data_in_len; /* bytes placed in data_in */
	/* Set by the fault plan's "drop" action: the drive does not answer, the
	 * transport must let the initiator time out. */
	bool dropped;
	/* Set with dropped once the device has vanished (fault "vanish"): the
	 * transport reports the device missing rather than a timeout. */
	bool device_gone;
};

/* Executes one command. Thread-safe: commands on one drive are serialised
 * (the kernel polls GET EVENT STATUS NOTIFICATION while a burn runs).
 * Returns io->status. */
int mmcemu_execute(struct mmcemu_drive *d, struct mmcemu_io *io);

/* Media change: load another disc (a unit attention 06/28/00 follows), or
 * eject. profile as in mmcemu_drive_config. */
int mmcemu_load_disc(struct mmcemu_drive *d, const char *disc_path,
		     const char *profile, char *err, size_t errlen);
int mmcemu_eject(struct mmcemu_drive *d);

/* What the drive has seen, for tests and benchmarks (the engine's tests
 * assert from the drive's side that WRITE(12) carried the streaming bit). */
struct mmcemu_stats {
	uint64_t commands[256]; /* per opcode */
	uint64_t write12_streaming; /* WRITE(12) with the streaming bit */
	uint64_t blocks_written;
	uint64_t blocks_read;
	/* BURN-Free links on the loaded disc: underruns the drive survived
	 * because mode page 05h had BUFE set. */
	uint64_t links;
};
void mmcemu_get_stats(struct mmcemu_drive *d, struct mmcemu_stats *out);

/* The most blocks one command may carry on the path serving this drive
 * (TCMU: the device's hw_max_sectors), reported in the Block Limits VPD
 * page (B0h) so initiators size their transfers truthfully. 0: the
 * emulator's own default. */
void mmcemu_drive_set_max_transfer(struct mmcemu_drive *d, uint32_t blocks);

/* The drive's clock, in ns since power on (virtual, real or unlimited). */
uint64_t mmcemu_now_ns(struct mmcemu_drive *d);
/* The host stalls for ns: a virtual clock jumps ahead (the drive buffer
 * drains meanwhile); a real clock needs nothing, time passes by itself. */
void mmcemu_advance_clock(struct mmcemu_drive *d, uint64_t ns);

/* The i-th fault-plan preset (docs/fault-plans.md): its name, and the
 * IMAPI status name a burn under it should end with. NULL past the last. */
const char *mmcemu_fault_preset(unsigned i, const char **expected_status);

/* Creates a blank disc without opening a drive (mmcemu new). */
int mmcemu_disc_create(const char *profiles_dir, const char *profile,
		       const char *disc_path, char *err, size_t errlen);

/* Removes a disc whole (mmcemu rm): DISC and DISC.img, or an orphan
 * DISC.img whose DISC is gone. Refuses a DISC that is not an emulated
 * disc (MMCEMU_E_DISC) and one in use (-EBUSY), with the reason in err. */
int mmcemu_disc_remove(const char *disc_path, char *err, size_t errlen);

/* The directory profiles are read from when the caller names none:
 * $MMCEMU_PROFILES_DIR, else PREFIX/share/discburn/media-profiles beside
 * the code (the installed prefix, or the build tree), else
 * /usr/share/discburn/media-profiles. */
const char *mmcemu_default_profiles_dir(void);

#ifdef __cplusplus
}
#endif

#endif
