/* The mmcemu handler's configuration string (docs/tcmu-handler.md).
 *
 *   mmcemu/KEY=VALUE[;KEY=VALUE...]
 *
 * Keys: disc, profile, faults, clock, profiles. No commas anywhere: the
 * kernel's configfs `control` file splits its options on commas, and the
 * whole string travels inside one of them (dev_config=...). Kept apart from
 * the tcmu glue so it can be tested without tcmu-runner. */
#ifndef MMCEMU_TCMU_HANDLER_CFG_H
#define MMCEMU_TCMU_HANDLER_CFG_H

#include <stdbool.h>
#include <stddef.h>

#include "mmcemu/mmcemu.h"

#define MMCEMU_TCMU_SUBTYPE "mmcemu"

struct mmcemu_tcmu_cfg {
	char *buf;              /* owned copy the fields point into */
	const char *disc;       /* NULL: empty tray */
	const char *profile;    /* NULL: the disc's recorded profile */
	const char *faults;     /* fault plan file or preset; NULL: none */
	const char *profiles;   /* profiles directory; NULL: libmmcemu's default */
	enum mmcemu_clock_kind clock;
};

/* Parses and validates cfgstring (with or without the "mmcemu/" prefix).
 * base_dir, when not NULL, is a directory that disc and fault plan files
 * must resolve inside (symlinks followed), so a configfs writer cannot make
 * tcmu-runner (root) create files elsewhere. Returns 0, or -EINVAL/-ENOMEM
 * with a message in err. */
int mmcemu_tcmu_cfg_parse(const char *cfgstring, const char *base_dir,
			  struct mmcemu_tcmu_cfg *out, char *err, size_t errlen);
void mmcemu_tcmu_cfg_free(struct mmcemu_tcmu_cfg *cfg);

/* True when two configurations differ in what only opening a drive can
 * apply (faults, clock, profiles): a media change cannot alter those. */
bool mmcemu_tcmu_cfg_drive_differs(const struct mmcemu_tcmu_cfg *a,
				   const struct mmcemu_tcmu_cfg *b);

#endif
