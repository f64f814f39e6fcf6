/* handler_mmcemu.so: serves libmmcemu drives to the kernel through
 * tcmu-runner (docs/tcmu-handler.md).
 *
 * A pass-through handler: it has no read/write/flush callouts, so
 * tcmu-runner emulates nothing and hands every CDB the kernel passes on
 * (all but REPORT LUNS and persistent reservations) to handle_cmd, which
 * gives it to mmcemu_execute. Check conditions go back with the emulator's
 * own sense bytes (TCMU_STS_PASSTHROUGH_ERR).
 *
 * Threads: tcmu-runner calls handle_cmd from HANDLER_THREADS worker
 * threads, so the kernel's polls (GESN, TEST UNIT READY) are answered while
 * a BLANK without Immed or a WRITE waiting for buffer room runs, as a
 * real drive's firmware answers them; with one thread they would queue
 * behind it and hit sr's 30 s timeout. libmmcemu decides what runs at the
 * same time: status commands at once, media commands one after the other
 * (docs/emulator-commands.md, "While the drive works"). Commands the
 * kernel has in flight together are SIMPLE tasks, which SAM-4 lets a
 * device server run in any order; burners wait for each WRITE before the
 * next. Transfer buffers are per thread; how a command's data travels is
 * handler_xfer.c. reconfig (media change) arrives
 * on tcmu-runner's netlink thread; mmcemu_load_disc/mmcemu_eject are
 * serialised against mmcemu_execute inside libmmcemu. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libtcmu.h"
#include "tcmu-runner.h"
#include "tcmur_device.h"

#include "handler_cfg.h"
#include "handler_xfer.h"
#include "mmcemu/attach.h"
#include "mmcemu/mmcemu.h"

#define MMC_BLOCK_SIZE 2048

/* Seconds a "drop" fault holds a command when the device's cmd_time_out
 * cannot be read (the kernel's default is 30 s). */
#define DROP_HOLD_DEFAULT 30

/* Commands one device runs at once: the initiator's, the kernel's event
 * poll, a TUR poller, and one held by a "drop" fault. */
#define HANDLER_THREADS 4

struct mmcemu_tcmu_dev {
	struct mmcemu_drive *drive;
	struct mmcemu_tcmu_cfg cfg; /* as opened; reconfig compares against it */
	atomic_bool unplugged; /* the "vanish" fault has pulled the LUN */
};

/* Transfer buffers of one worker thread (handler_xfer.h), grown on
 * demand, freed when tcmu-runner ends the thread. */
static pthread_key_t xfer_key;
static pthread_once_t xfer_once = PTHREAD_ONCE_INIT;
static int xfer_key_rc;

static void xfer_free(void *p)
{
	mmcemu_tcmu_xfer_free(p);
	free(p);
}

static void xfer_key_init(void)
{
	xfer_key_rc = pthread_key_create(&xfer_key, xfer_free);
}

static struct mmcemu_tcmu_xfer *thread_xfer(void)
{
	pthread_once(&xfer_once, xfer_key_init);
	if (xfer_key_rc)
		return NULL;
	struct mmcemu_tcmu_xfer *x = pthread_getspecific(xfer_key);
	if (!x && (x = calloc(1, sizeof(*x))) != NULL && pthread_setspecific(xfer_key, x)) {
		free(x);
		x = NULL;
	}
	return x;
}

/* Directory disc and fault-plan files must live in (MMCEMU_TCMU_BASEDIR in
 * tcmu-runner's environment); NULL allows any absolute path. */
static const char *base_dir(void)
{
	const char *b = getenv("MMCEMU_TCMU_BASEDIR");
	return b && *b ? b : NULL;
}

static bool mmcemu_check_config(const char *cfgstring, char **reason)
{
	struct mmcemu_tcmu_cfg cfg;
	char err[512];
	if (mmcemu_tcmu_cfg_parse(cfgstring, base_dir(), &cfg, err, sizeof(err))) {
		if (asprintf(reason, "%s", err) < 0)
			*reason = NULL;
		return false;
	}
	mmcemu_tcmu_cfg_free(&cfg);
	return true;
}

/* tcmu-runner wants -errno: a bad user file (MMCEMU_E_*) is -EINVAL,
 * its message already logged. */
static int as_errno(int rc)
{
	if (rc == MMCEMU_E_PROFILE || rc == MMCEMU_E_FAULT_PLAN || rc == MMCEMU_E_DISC)
		return -EINVAL;
	return rc < 0 ? rc : -EIO;
}

static int mmcemu_open(struct tcmu_device *dev, bool reopen)
{
	(void)reopen; /* the disc's state is on disk: a reopen is an open */
	struct mmcemu_tcmu_dev *md = calloc(1, sizeof(*md));
	char err[512];
	int rc;
	if (!md)
		return -ENOMEM;
	rc = mmcemu_tcmu_cfg_parse(tcmu_dev_get_cfgstring(dev), base_dir(), &md->cfg,
				   err, sizeof(err));
	if (rc) {
		tcmu_dev_err(dev, "bad config \"%s\": %s\n", tcmu_dev_get_cfgstring(dev), err);
		free(md);
		return rc;
	}
	struct mmcemu_drive_config dc = {
		.profiles_dir = md->cfg.profiles,
		.profile = md->cfg.profile,
		.disc_path = md->cfg.disc,
		.fault_plan = md->cfg.faults,
		.clock = md->cfg.clock,
	};
	rc = mmcemu_drive_open(&dc, &md->drive, err, sizeof(err));
	if (rc) {
		tcmu_dev_err(dev, "cannot open the drive: %s\n", err);
		mmcemu_tcmu_cfg_free(&md->cfg);
		free(md);
		return as_errno(rc);
	}
	/* Only informs tcmu-runner's own logic (every CDB comes to us): MMC
	 * logical blocks are 2048 bytes. No transfer is sized from it: a
	 * WRITE of 2352-byte audio sectors or a READ CD arrives with the
	 * length the initiator gave (handler_xfer.h). */
	tcmu_dev_set_block_size(dev, MMC_BLOCK_SIZE);
	/* hw_max_sectors is the device's advertised limit: Block Limits says
	 * so, and initiators that read it size WRITEs to fit. (On this
	 * passthrough path the target core does not enforce it: tcm_loop's
	 * queue limits decide what reaches the ring, docs/tcmu-handler.md.) */
	int max_blocks = tcmu_cfgfs_dev_get_attr_int(dev, "hw_max_sectors");
	if (max_blocks > 0)
		mmcemu_drive_set_max_transfer(md->drive, (uint32_t)max_blocks);
	tcmur_dev_set_private(dev, md);
	tcmu_dev_info(dev, "mmcemu drive open: %s\n", tcmu_dev_get_cfgstring(dev));
	return 0;
}

static void mmcemu_close(struct tcmu_device *dev)
{
	struct mmcemu_tcmu_dev *md = tcmur_dev_get_private(dev);
	mmcemu_drive_close(md->drive);
	mmcemu_tcmu_cfg_free(&md->cfg);
	free(md);
}

/* A dropped reply: hold the command past the kernel's cmd_time_out so the
 * kernel fails it and the initiator sees a timeout, as with a hung drive.
 * The late completion is then discarded by the kernel. */
static int hold_dropped(struct tcmu_device *dev)
{
	int t = tcmu_cfgfs_dev_get_attr_int(dev, "cmd_time_out");
	if (t <= 0)
		t = DROP_HOLD_DEFAULT;
	tcmu_dev_warn(dev, "fault plan: dropping a command (held %d s)\n", t + 1);
	sleep((unsigned)t + 1);
	return TCMU_STS_TIMEOUT;
}

/* The backstore's name, from the UIO device's name
 * "tcm-user/<hba>/<name>/<subtype>/<cfg>" (target_core_user). */
static int backstore_name(struct tcmu_device *dev, char *name, size_t len)
{
	char path[128], buf[512];
	snprintf(path, sizeof(path), "/sys/class/uio/%s/name", tcmu_dev_get_uio_name(dev));
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	bool ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	char *p = ok ? strchr(buf, '/') : NULL;          /* after "tcm-user" */
	p = p ? strchr(p + 1, '/') : NULL;                /* after the hba */
	char *end = p ? strchr(p + 1, '/') : NULL;
	if (!end)
		return -EINVAL;
	snprintf(name, len, "%.*s", (int)(end - p - 1), p + 1);
	return 0;
}

static void *unplug_thread(void *arg)
{
	char err[512];
	if (mmcemu_attach_unplug(arg, err, sizeof(err)))
		tcmu_err("vanish: cannot pull %s: %s\n", (char *)arg, err);
	free(arg);
	return NULL;
}

/* The fault plan's "vanish": the device must disappear from the host, as
 * an unplugged drive does. Removing the tcm_loop LUN waits for the
 * commands in flight, this one included, so it runs on its own thread. */
static int vanish(struct tcmu_device *dev, struct mmcemu_tcmu_dev *md)
{
	char name[128];
	pthread_t t;
	pthread_attr_t attr;
	/* One worker pulls the LUN; the others' commands just go unanswered. */
	if (!atomic_exchange(&md->unplugged, true)) {
		char *arg = backstore_name(dev, name, sizeof(name)) == 0 ? strdup(name) : NULL;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (arg && pthread_create(&t, &attr, unplug_thread, arg) == 0) {
			tcmu_dev_warn(dev, "fault plan: the device vanishes (%s)\n", name);
		} else {
			free(arg);
			atomic_store(&md->unplugged, false); /* the next one tries again */
		}
		pthread_attr_destroy(&attr);
	}
	/* No answer worth having: the initiator sees the device go away. */
	return TCMU_STS_TIMEOUT;
}

static int mmcemu_handle_cmd(struct tcmu_device *dev, struct tcmur_cmd *tcmur_cmd)
{
	struct mmcemu_tcmu_dev *md = tcmur_dev_get_private(dev);
	struct tcmulib_cmd *cmd = tcmur_cmd->lib_cmd;
	int cdb_len = tcmu_cdb_get_length(cmd->cdb);
	struct mmcemu_tcmu_xfer *x = thread_xfer();
	struct mmcemu_io io;

	/* The iovec is as long as the initiator's transfer (a WRITE of
	 * 2352-byte audio sectors, a READ CD with sub-channel, ...): it goes
	 * to the emulator as it is, which checks it against the CDB and the
	 * write parameters (handler_xfer.h). */
	if (!x || mmcemu_tcmu_xfer_run(md->drive, x, cmd->cdb,
				       /* Vendor-specific groups: let the
					* emulator reject the opcode. */
				       cdb_len > 0 ? (size_t)cdb_len : 16, cmd->iovec,
				       cmd->iov_cnt, &io))
		return TCMU_STS_NO_RESOURCE;
	if (io.device_gone)
		return vanish(dev, md);
	if (io.dropped)
		return hold_dropped(dev);
	if (io.status != 0x00) {
		/* Only CHECK CONDITION is produced; its sense is the drive's. */
		memset(cmd->sense_buf, 0, sizeof(cmd->sense_buf));
		memcpy(cmd->sense_buf, io.sense,
		       io.sense_len < sizeof(io.sense) ? io.sense_len : sizeof(io.sense));
		return TCMU_STS_PASSTHROUGH_ERR;
	}
	return TCMU_STS_OK;
}

/* Media change: writing a new dev_config to the device's configfs
 * attrib/dev_config reaches here. The same string syntax; disc= loads that
 * disc (the drive reports 06/28/00), no disc= empties the tray. */
static int mmcemu_reconfig(struct tcmu_device *dev, struct tcmulib_cfg_info *info)
{
	struct mmcemu_tcmu_dev *md = tcmur_dev_get_private(dev);
	struct mmcemu_tcmu_cfg cfg;
	char err[512];
	int rc;

	switch (info->type) {
	case TCMULIB_CFG_DEV_SIZE:
		return 0; /* capacity comes from the disc, not from dev_size */
	case TCMULIB_CFG_DEV_CFGSTR:
		break;
	default:
		return -EOPNOTSUPP;
	}
	rc = mmcemu_tcmu_cfg_parse(info->data.dev_cfgstring, base_dir(), &cfg, err,
				   sizeof(err));
	if (rc) {
		tcmu_dev_err(dev, "bad config \"%s\": %s\n", info->data.dev_cfgstring, err);
		return rc;
	}
	if (mmcemu_tcmu_cfg_drive_differs(&cfg, &md->cfg)) {
		tcmu_dev_err(dev, "reconfig can change only disc= and profile= "
			     "(faults, clock and profiles need a new device)\n");
		mmcemu_tcmu_cfg_free(&cfg);
		return -EINVAL;
	}
	if (cfg.disc)
		rc = mmcemu_load_disc(md->drive, cfg.disc, cfg.profile, err, sizeof(err));
	else
		rc = mmcemu_eject(md->drive);
	if (rc) {
		tcmu_dev_err(dev, "media change to \"%s\" failed: %s\n",
			     info->data.dev_cfgstring, cfg.disc ? err : strerror(-rc));
		mmcemu_tcmu_cfg_free(&cfg);
		return as_errno(rc);
	}
	tcmu_dev_info(dev, "media change: %s\n", cfg.disc ? cfg.disc : "tray emptied");
	/* Keep the new strings: the old cfg's buffer is freed here, and the
	 * drive copied what it needed. */
	mmcemu_tcmu_cfg_free(&md->cfg);
	md->cfg = cfg;
	return 0;
}

static const char mmcemu_cfg_desc[] =
	"disc=PATH;profile=NAME;faults=PLAN;clock=real|virtual|unlimited;profiles=DIR "
	"(';'-separated, no commas; see discburn docs/tcmu-handler.md)";

static struct tcmur_handler mmcemu_handler = {
	.name = "discburn MMC optical burner emulator",
	.subtype = MMCEMU_TCMU_SUBTYPE,
	.cfg_desc = mmcemu_cfg_desc,
	.check_config = mmcemu_check_config,
	.reconfig = mmcemu_reconfig,
	.open = mmcemu_open,
	.close = mmcemu_close,
	.handle_cmd = mmcemu_handle_cmd,
	.nr_threads = HANDLER_THREADS,
};

/* tcmu-runner dlopen()s handler_*.so from its handler directory and calls
 * this by name: the one symbol the plugin exports. */
__attribute__((visibility("default"))) int handler_init(void);
int handler_init(void)
{
	return tcmur_register_handler(&mmcemu_handler);
}
