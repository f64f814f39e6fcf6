/* Emulated drives in a running Linux kernel: a TCMU backstore served by
 * tcmu-runner's handler_mmcemu.so plus a tcm_loop LUN on it, made through
 * configfs (no targetcli), so the kernel shows /dev/srN + /dev/sgN.
 *
 * Needs root, configfs mounted with target_core_mod loaded, and tcmu-runner
 * running with handler_mmcemu.so in its handler directory
 * (docs/tcmu-handler.md). Several drives may be attached at once; each is
 * known by its backstore name. */
#ifndef MMCEMU_ATTACH_H
#define MMCEMU_ATTACH_H

#include <stddef.h>

struct mmcemu_attach_opts {
	const char *name;         /* backstore name; NULL: first free "mmcemuN" */
	const char *disc_path;    /* absolute; NULL: empty tray */
	const char *profile;      /* profile for a new disc; NULL: the disc's own */
	const char *fault_plan;   /* preset name or absolute file; NULL: none */
	const char *clock;        /* "real" (default), "virtual", "unlimited" */
	const char *profiles_dir; /* NULL: the handler's default */
	unsigned hw_max_sectors;  /* largest transfer in 2048-byte blocks; 0: kernel default (128) */
	unsigned cmd_time_out;    /* seconds before the kernel aborts a command; 0: default (30) */
	int wait_ms;              /* how long to wait for the device nodes; 0: 15000 */
};

struct mmcemu_attached {
	char name[64];     /* backstore name */
	char sr[32];       /* "/dev/sr0" */
	char sg[32];       /* "/dev/sg1" */
	char hctl[32];     /* SCSI address "H:C:T:L" */
	char config[256];  /* the handler's configuration string */
};

/* Creates a drive and waits for its nodes. On failure everything made so
 * far is removed again. 0 or -errno, with a message in err. */
int mmcemu_attach(const struct mmcemu_attach_opts *opts, struct mmcemu_attached *out,
		  char *err, size_t errlen);

/* Removes a drive, named by backstore name, /dev/srN or /dev/sgN. */
int mmcemu_detach(const char *which, char *err, size_t errlen);

/* Pulls the drive out of the SCSI bus: its tcm_loop LUN goes, so /dev/srN
 * and /dev/sgN disappear, while the backstore stays for mmcemu_detach. The
 * tcmu handler uses it for the fault plan's "vanish". */
int mmcemu_attach_unplug(const char *which, char *err, size_t errlen);

/* The attached mmcemu drives (those whose configuration names the mmcemu
 * handler). Fills up to max entries; *count gets the total. */
int mmcemu_attach_list(struct mmcemu_attached *out, size_t max, size_t *count,
		       char *err, size_t errlen);

/* Media change on an attached drive, through tcmu-runner's reconfig: loads
 * disc_path (created with profile when new), or empties the tray when
 * disc_path is NULL. The drive reports the change to the host (06/28/00). */
int mmcemu_attach_change_media(const char *which, const char *disc_path,
			       const char *profile, char *err, size_t errlen);

#endif
