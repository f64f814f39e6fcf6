/* Emulated drives through configfs: a TCMU backstore + a tcm_loop LUN.
 *
 * The recipe (DESIGN.md, "TCMU and the VM"):
 *   core/user_0/NAME                 mkdir; control <- dev_config=mmcemu/...,
 *                                    dev_size=N,hw_block_size=2048; enable <- 1
 *   loopback/naa.T/tpgt_1            mkdir; nexus <- naa.I  (before the LUN)
 *   loopback/naa.T/tpgt_1/lun/lun_0  mkdir; symlink to core/user_0/NAME
 * tcm_loop then registers a SCSI device at H:0:1:0 (tpgt_1 address "H:0:1")
 * and the sr and sg drivers bind it. Removal runs the same steps backwards. */
#include "mmcemu/attach.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HANDLER_PREFIX "mmcemu/"
/* The kernel keeps dev_config in a 256-byte buffer (TCMU_CONFIG_LEN). */
#define TCMU_CONFIG_MAX 256
/* Only the data the kernel's generic code sees; every command is passed
 * to the handler, which answers READ CAPACITY from the disc. */
#define NOMINAL_DEV_SIZE (1ULL << 30)
#define DEFAULT_WAIT_MS 15000

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* configfs root of the target subsystem; MMCEMU_TARGET_CONFIGFS lets tests
 * point elsewhere. */
static const char *target_root(void)
{
	const char *r = getenv("MMCEMU_TARGET_CONFIGFS");
	return r && *r ? r : "/sys/kernel/config/target";
}

static int pathf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* One write(2) per value: configfs attributes take a whole store per call. */
static int write_attr(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, val, strlen(val));
	int rc = n < 0 ? -errno : 0;
	close(fd);
	return rc;
}

static int read_attr(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, len - 1);
	int rc = n < 0 ? -errno : 0;
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return rc;
}

static bool value_ok(const char *v)
{
	/* ',' splits configfs control options, ';' splits ours. */
	return !strpbrk(v, ",;\n");
}

static int append_kv(char *cfg, size_t len, const char *key, const char *val,
		     char *err, size_t errlen)
{
	if (!val)
		return 0;
	if (!*val || !value_ok(val))
		return fail(err, errlen, -EINVAL, "%s \"%s\": empty or contains ',', ';' or a newline",
			    key, val);
	size_t used = strlen(cfg);
	int n = snprintf(cfg + used, len - used, "%s%s=%s",
			 used > strlen(HANDLER_PREFIX) ? ";" : "", key, val);
	if (n < 0 || (size_t)n >= len - used)
		return fail(err, errlen, -ENAMETOOLONG,
			    "configuration longer than the kernel's %d bytes", TCMU_CONFIG_MAX - 1);
	return 0;
}

static int build_config(const struct mmcemu_attach_opts *o, char *cfg, size_t len,
			char *err, size_t errlen)
{
	int rc;
	snprintf(cfg, len, "%s", HANDLER_PREFIX);
	if ((rc = append_kv(cfg, len, "disc", o->disc_path, err, errlen)) ||
	    (rc = append_kv(cfg, len, "profile", o->profile, err, errlen)) ||
	    (rc = append_kv(cfg, len, "faults", o->fault_plan, err, errlen)) ||
	    (rc = append_kv(cfg, len, "clock", o->clock, err, errlen)) ||
	    (rc = append_kv(cfg, len, "profiles", o->profiles_dir, err, errlen)))
		return rc;
	return 0;
}

/* A stable NAA-5 WWN per backstore name (FNV-1a), so a drive's tcm_loop
 * target can be found again and two names never share one. */
static void wwn_for(const char *name, const char *salt, char *out, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *s = name; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ULL;
	for (const char *s = salt; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ULL;
	/* 5001405 is the LIO OUI prefix targetcli uses; 9 hex digits follow. */
	snprintf(out, len, "naa.5001405%09llx", (unsigned long long)(h & 0xfffffffffULL));
}

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The first entry of a sysfs directory such as .../block/ ("sr0"). */
static bool first_entry(const char *dir, char *out, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;
	if (!d)
		return false;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		/* A name that does not fit is not a device node we know. */
		size_t n = strlen(e->d_name);
		if (n >= len)
			continue;
		memcpy(out, e->d_name, n + 1);
		found = true;
		break;
	}
	closedir(d);
	return found;
}

/* Device nodes of the SCSI device at hctl, if both are there. */
static bool nodes_of(const char *hctl, struct mmcemu_attached *a)
{
	char dir[PATH_MAX], sr[64], sg[64];
	snprintf(dir, sizeof(dir), "/sys/bus/scsi/devices/%s/block", hctl);
	if (!first_entry(dir, sr, sizeof(sr)))
		return false;
	snprintf(dir, sizeof(dir), "/sys/bus/scsi/devices/%s/scsi_generic", hctl);
	if (!first_entry(dir, sg, sizeof(sg)))
		return false;
	snprintf(a->sr, sizeof(a->sr), "/dev/%.20s", sr);
	snprintf(a->sg, sizeof(a->sg), "/dev/%.20s", sg);
	return access(a->sr, F_OK) == 0 && access(a->sg, F_OK) == 0;
}

/* Where a backstore is exported: walks loopback/WWN/tpgt_N/lun/lun_M and
 * follows the links, so drives made by other tools are found as well. */
struct lun_ref {
	char tpg[PATH_MAX];
	char lun_dir[PATH_MAX];
	char link[PATH_MAX];
	char hctl[32];
};

static bool link_names(const char *link, const char *hba, const char *name)
{
	char target[PATH_MAX];
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	char *base = strrchr(target, '/');
	if (!base || strcmp(base + 1, name))
		return false;
	*base = '\0';
	char *parent = strrchr(target, '/');
	return parent && !strcmp(parent + 1, hba);
}

static bool scan_lun_dir(const char *tpg, const char *hba, const char *name,
			 struct lun_ref *ref)
{
	char lundir[PATH_MAX];
	if (pathf(lundir, sizeof(lundir), "%s/lun", tpg))
		return false;
	DIR *ld = opendir(lundir);
	struct dirent *l;
	bool found = false;
	if (!ld)
		return false;
	while (!found && (l = readdir(ld))) {
		if (strncmp(l->d_name, "lun_", 4))
			continue;
		char one[PATH_MAX];
		if (pathf(one, sizeof(one), "%s/%s", lundir, l->d_name))
			continue;
		DIR *od = opendir(one);
		struct dirent *e;
		if (!od)
			continue;
		while (!found && (e = readdir(od))) {
			char link[PATH_MAX];
			if (e->d_name[0] == '.' ||
			    pathf(link, sizeof(link), "%s/%s", one, e->d_name) ||
			    !link_names(link, hba, name))
				continue;
			char addr[64];
			if (pathf(ref->tpg, sizeof(ref->tpg), "%s", tpg) ||
			    pathf(ref->lun_dir, sizeof(ref->lun_dir), "%s", one) ||
			    pathf(ref->link, sizeof(ref->link), "%s", link))
				continue;
			ref->hctl[0] = '\0';
			/* tcm_loop's tpgt "address" is "host:0:tpgt", the
			 * target part of the SCSI address; the LUN follows. */
			char apath[PATH_MAX];
			if (!pathf(apath, sizeof(apath), "%s/address", tpg) &&
			    !read_attr(apath, addr, sizeof(addr)))
				snprintf(ref->hctl, sizeof(ref->hctl), "%.20s:%s", addr,
					 l->d_name + 4);
			found = true;
		}
		closedir(od);
	}
	closedir(ld);
	return found;
}

static bool find_lun(const char *hba, const char *name, struct lun_ref *ref)
{
	char loop[PATH_MAX];
	snprintf(loop, sizeof(loop), "%s/loopback", target_root());
	DIR *wd = opendir(loop);
	struct dirent *w;
	bool found = false;
	if (!wd)
		return false;
	while (!found && (w = readdir(wd))) {
		if (strncmp(w->d_name, "naa.", 4))
			continue;
		char wwn[PATH_MAX];
		if (pathf(wwn, sizeof(wwn), "%s/%s", loop, w->d_name))
			continue;
		DIR *td = opendir(wwn);
		struct dirent *t;
		if (!td)
			continue;
		while (!found && (t = readdir(td))) {
			char tpg[PATH_MAX];
			if (strncmp(t->d_name, "tpgt_", 5) ||
			    pathf(tpg, sizeof(tpg), "%s/%s", wwn, t->d_name))
				continue;
			found = scan_lun_dir(tpg, hba, name, ref);
		}
		closedir(td);
	}
	closedir(wd);
	return found;
}

/* Removes the LUN, and the target with its nexus once no LUN is left. */
static void remove_lun(const struct lun_ref *ref)
{
	char path[PATH_MAX];
	unlink(ref->link);
	rmdir(ref->lun_dir);
	if (pathf(path, sizeof(path), "%s/lun", ref->tpg) == 0) {
		char any[64];
		if (first_entry(path, any, sizeof(any)))
			return; /* another LUN still uses this target */
	}
	/* tcm_loop drops its I_T nexus when "NULL" is written. */
	if (pathf(path, sizeof(path), "%s/nexus", ref->tpg) == 0)
		write_attr(path, "NULL");
	rmdir(ref->tpg);
	char wwn[PATH_MAX];
	snprintf(wwn, sizeof(wwn), "%s", ref->tpg);
	char *slash = strrchr(wwn, '/');
	if (slash) {
		*slash = '\0';
		rmdir(wwn);
	}
}

static int remove_drive(const char *hba, const char *name)
{
	struct lun_ref ref;
	char dev[PATH_MAX];
	if (find_lun(hba, name, &ref))
		remove_lun(&ref);
	if (pathf(dev, sizeof(dev), "%s/core/%s/%s", target_root(), hba, name))
		return -ENAMETOOLONG;
	/* rmdir makes the kernel tell tcmu-runner, which closes the drive
	 * (the disc's metadata is already on disk). */
	return rmdir(dev) ? -errno : 0;
}

static int make_backstore(const char *name, const struct mmcemu_attach_opts *o,
			  const char *cfg, char *err, size_t errlen)
{
	char dev[PATH_MAX], path[PATH_MAX + 32], control[TCMU_CONFIG_MAX + 128];
	int rc;
	snprintf(dev, sizeof(dev), "%s/core/user_0/%s", target_root(), name);
	snprintf(control, sizeof(control), "dev_config=%s,dev_size=%llu,hw_block_size=2048",
		 cfg, (unsigned long long)NOMINAL_DEV_SIZE);
	if (o->hw_max_sectors) {
		size_t n = strlen(control);
		snprintf(control + n, sizeof(control) - n, ",hw_max_sectors=%u",
			 o->hw_max_sectors);
	}
	snprintf(path, sizeof(path), "%s/control", dev);
	if ((rc = write_attr(path, control)))
		return fail(err, errlen, rc, "%s: %s", path, strerror(-rc));
	if (o->cmd_time_out) {
		char v[16];
		snprintf(v, sizeof(v), "%u", o->cmd_time_out);
		snprintf(path, sizeof(path), "%s/attrib/cmd_time_out", dev);
		if ((rc = write_attr(path, v)))
			return fail(err, errlen, rc, "%s: %s", path, strerror(-rc));
	}
	/* The kernel asks tcmu-runner to open the device and waits for its
	 * answer: a refused configuration fails right here. */
	snprintf(path, sizeof(path), "%s/enable", dev);
	if ((rc = write_attr(path, "1")))
		return fail(err, errlen, rc,
			    "enabling %s failed (%s): is tcmu-runner running with "
			    "handler_mmcemu.so? its log says why it refused \"%s\"",
			    name, strerror(-rc), cfg);
	return 0;
}

static int make_lun(const char *name, char *hctl, size_t hlen, char *err, size_t errlen)
{
	char twwn[64], iwwn[64], tpg[PATH_MAX], path[PATH_MAX + 64], dev[PATH_MAX];
	int rc;
	wwn_for(name, "", twwn, sizeof(twwn));
	wwn_for(name, "-initiator", iwwn, sizeof(iwwn));
	snprintf(tpg, sizeof(tpg), "%s/loopback/%s/tpgt_1", target_root(), twwn);
	snprintf(path, sizeof(path), "%s/lun/lun_0", tpg);
	/* mkdir -p: loopback/ itself appears when tcm_loop is loaded, which
	 * the first mkdir below this point triggers. */
	char step[PATH_MAX + 64];
	for (char *p = path + strlen(target_root()) + 1; (p = strchr(p, '/')); p++) {
		snprintf(step, sizeof(step), "%.*s", (int)(p - path), path);
		if (mkdir(step, 0755) && errno != EEXIST)
			return fail(err, errlen, -errno, "mkdir %s: %s", step, strerror(errno));
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		return fail(err, errlen, -errno, "mkdir %s: %s", path, strerror(errno));
	/* The I_T nexus must exist before the LUN is linked, or no SCSI
	 * device is registered for it. */
	snprintf(step, sizeof(step), "%s/nexus", tpg);
	if ((rc = write_attr(step, iwwn)))
		return fail(err, errlen, rc, "%s: %s", step, strerror(-rc));
	snprintf(dev, sizeof(dev), "%s/core/user_0/%s", target_root(), name);
	if (pathf(step, sizeof(step), "%s/%s", path, name))
		return fail(err, errlen, -ENAMETOOLONG, "drive name too long");
	if (symlink(dev, step))
		return fail(err, errlen, -errno, "link %s: %s", step, strerror(errno));
	char addr[64];
	snprintf(step, sizeof(step), "%s/address", tpg);
	if ((rc = read_attr(step, addr, sizeof(addr))))
		return fail(err, errlen, rc, "%s: %s", step, strerror(-rc));
	snprintf(hctl, hlen, "%.20s:0", addr);
	return 0;
}

static int new_name(const struct mmcemu_attach_opts *o, char *name, size_t len,
		    char *err, size_t errlen)
{
	char base[PATH_MAX];
	snprintf(base, sizeof(base), "%s/core/user_0", target_root());
	if (mkdir(base, 0755) && errno != EEXIST)
		return fail(err, errlen, -errno, "mkdir %s: %s", base, strerror(errno));
	if (o->name) {
		if (!*o->name || strchr(o->name, '/') || o->name[0] == '.' || strlen(o->name) >= len)
			return fail(err, errlen, -EINVAL, "bad drive name \"%s\"", o->name);
		snprintf(name, len, "%s", o->name);
		char dir[PATH_MAX];
		if (pathf(dir, sizeof(dir), "%s/%s", base, name))
			return fail(err, errlen, -ENAMETOOLONG, "name too long");
		if (mkdir(dir, 0755))
			return fail(err, errlen, -errno, "drive %s: %s", name,
				    errno == EEXIST ? "already exists" : strerror(errno));
		return 0;
	}
	/* mkdir is the allocation: two attaches racing get different names. */
	for (int i = 0; i < 1000; i++) {
		char dir[PATH_MAX];
		snprintf(name, len, "mmcemu%d", i);
		if (pathf(dir, sizeof(dir), "%s/%s", base, name))
			return fail(err, errlen, -ENAMETOOLONG, "configfs path too long");
		if (mkdir(dir, 0755) == 0)
			return 0;
		if (errno != EEXIST)
			return fail(err, errlen, -errno, "mkdir %s: %s", dir, strerror(errno));
	}
	return fail(err, errlen, -ENOSPC, "no free drive name");
}

int mmcemu_attach(const struct mmcemu_attach_opts *o, struct mmcemu_attached *out,
		  char *err, size_t errlen)
{
	char cfg[TCMU_CONFIG_MAX], core[PATH_MAX];
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = build_config(o, cfg, sizeof(cfg), err, errlen)))
		return rc;
	snprintf(core, sizeof(core), "%s/core", target_root());
	if (access(core, F_OK))
		return fail(err, errlen, -ENODEV,
			    "%s missing: mount configfs and load target_core_user "
			    "(modprobe target_core_user tcm_loop)", core);
	if ((rc = new_name(o, out->name, sizeof(out->name), err, errlen)))
		return rc;
	snprintf(out->config, sizeof(out->config), "%s", cfg);
	if ((rc = make_backstore(out->name, o, cfg, err, errlen)) ||
	    (rc = make_lun(out->name, out->hctl, sizeof(out->hctl), err, errlen)))
		goto undo;

	int waited = 0, limit = o->wait_ms > 0 ? o->wait_ms : DEFAULT_WAIT_MS;
	while (!nodes_of(out->hctl, out)) {
		if (waited >= limit) {
			rc = fail(err, errlen, -ETIMEDOUT,
				  "no /dev/sr and /dev/sg for %s (SCSI %s) after %d ms: does "
				  "the handler answer INQUIRY? (tcmu-runner's log)",
				  out->name, out->hctl, limit);
			goto undo;
		}
		sleep_ms(50);
		waited += 50;
	}
	return 0;
undo:
	remove_drive("user_0", out->name);
	return rc;
}

/* Calls fn for every mmcemu backstore: hba ("user_N"), name, config. */
static int for_each_drive(int (*fn)(const char *hba, const char *name, const char *cfg,
				    void *arg),
			  void *arg)
{
	char core[PATH_MAX];
	snprintf(core, sizeof(core), "%s/core", target_root());
	DIR *cd = opendir(core);
	struct dirent *h;
	int rc = 0;
	if (!cd)
		return -errno;
	while (!rc && (h = readdir(cd))) {
		if (strncmp(h->d_name, "user_", 5))
			continue;
		char hba[PATH_MAX];
		if (pathf(hba, sizeof(hba), "%s/%s", core, h->d_name))
			continue;
		DIR *hd = opendir(hba);
		struct dirent *d;
		if (!hd)
			continue;
		while (!rc && (d = readdir(hd))) {
			char path[PATH_MAX], cfg[TCMU_CONFIG_MAX + 8];
			if (d->d_name[0] == '.' ||
			    pathf(path, sizeof(path), "%s/%s/attrib/dev_config", hba, d->d_name) ||
			    read_attr(path, cfg, sizeof(cfg)) ||
			    strncmp(cfg, HANDLER_PREFIX, strlen(HANDLER_PREFIX)))
				continue;
			rc = fn(h->d_name, d->d_name, cfg, arg);
		}
		closedir(hd);
	}
	closedir(cd);
	return rc;
}

struct list_ctx {
	struct mmcemu_attached *out;
	size_t max, count;
};

static void describe(const char *hba, const char *name, const char *cfg,
		     struct mmcemu_attached *a)
{
	struct lun_ref ref;
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	snprintf(a->config, sizeof(a->config), "%s", cfg);
	if (find_lun(hba, name, &ref)) {
		snprintf(a->hctl, sizeof(a->hctl), "%s", ref.hctl);
		if (!nodes_of(a->hctl, a))
			a->sr[0] = a->sg[0] = '\0';
	}
}

static int list_one(const char *hba, const char *name, const char *cfg, void *arg)
{
	struct list_ctx *c = arg;
	if (c->count < c->max)
		describe(hba, name, cfg, &c->out[c->count]);
	c->count++;
	return 0;
}

int mmcemu_attach_list(struct mmcemu_attached *out, size_t max, size_t *count, char *err,
		       size_t errlen)
{
	struct list_ctx c = {.out = out, .max = max};
	int rc = for_each_drive(list_one, &c);
	*count = c.count;
	if (rc == -ENOENT) {
		*count = 0;
		return 0; /* no target subsystem: no drives */
	}
	if (rc)
		return fail(err, errlen, rc, "reading %s/core: %s", target_root(), strerror(-rc));
	return 0;
}

struct find_ctx {
	const char *which;
	char hba[64], name[64], cfg[TCMU_CONFIG_MAX + 8];
};

static int match_one(const char *hba, const char *name, const char *cfg, void *arg)
{
	struct find_ctx *f = arg;
	struct mmcemu_attached a;
	bool hit = !strcmp(f->which, name);
	if (!hit && !strncmp(f->which, "/dev/", 5)) {
		describe(hba, name, cfg, &a);
		hit = !strcmp(f->which, a.sr) || !strcmp(f->which, a.sg);
	}
	if (!hit)
		return 0;
	snprintf(f->hba, sizeof(f->hba), "%s", hba);
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->cfg, sizeof(f->cfg), "%s", cfg);
	return 1;
}

static int find_drive(const char *which, struct find_ctx *f, char *err, size_t errlen)
{
	memset(f, 0, sizeof(*f));
	f->which = which;
	int rc = for_each_drive(match_one, f);
	if (rc == 1)
		return 0;
	if (rc < 0 && rc != -ENOENT)
		return fail(err, errlen, rc, "reading %s/core: %s", target_root(), strerror(-rc));
	return fail(err, errlen, -ENOENT, "no attached mmcemu drive \"%s\"", which);
}

int mmcemu_detach(const char *which, char *err, size_t errlen)
{
	struct find_ctx f;
	int rc = find_drive(which, &f, err, errlen);
	if (rc)
		return rc;
	if ((rc = remove_drive(f.hba, f.name)))
		return fail(err, errlen, rc, "removing %s: %s", f.name, strerror(-rc));
	return 0;
}

int mmcemu_attach_unplug(const char *which, char *err, size_t errlen)
{
	struct find_ctx f;
	struct lun_ref ref;
	int rc = find_drive(which, &f, err, errlen);
	if (rc)
		return rc;
	if (!find_lun(f.hba, f.name, &ref))
		return fail(err, errlen, -ENOENT, "%s is not on a tcm_loop LUN", f.name);
	remove_lun(&ref);
	return 0;
}

/* Keeps the items a media change cannot alter (faults, clock, profiles). */
static void keep_drive_items(const char *old, char *cfg, size_t len)
{
	char copy[TCMU_CONFIG_MAX + 8], *save = NULL;
	snprintf(copy, sizeof(copy), "%s", old + strlen(HANDLER_PREFIX));
	for (char *it = strtok_r(copy, ";", &save); it; it = strtok_r(NULL, ";", &save)) {
		if (!strncmp(it, "disc=", 5) || !strncmp(it, "profile=", 8))
			continue;
		size_t used = strlen(cfg);
		snprintf(cfg + used, len - used, "%s%s",
			 used > strlen(HANDLER_PREFIX) ? ";" : "", it);
	}
}

int mmcemu_attach_change_media(const char *which, const char *disc_path,
			       const char *profile, char *err, size_t errlen)
{
	struct find_ctx f;
	char cfg[TCMU_CONFIG_MAX], path[PATH_MAX];
	int rc = find_drive(which, &f, err, errlen);
	if (rc)
		return rc;
	snprintf(cfg, sizeof(cfg), "%s", HANDLER_PREFIX);
	if ((rc = append_kv(cfg, sizeof(cfg), "disc", disc_path, err, errlen)) ||
	    (rc = append_kv(cfg, sizeof(cfg), "profile", profile, err, errlen)))
		return rc;
	keep_drive_items(f.cfg, cfg, sizeof(cfg));
	if (strlen(cfg) >= TCMU_CONFIG_MAX - 1)
		return fail(err, errlen, -ENAMETOOLONG, "configuration too long");
	if (pathf(path, sizeof(path), "%s/core/%s/%s/attrib/dev_config", target_root(), f.hba,
		  f.name))
		return fail(err, errlen, -ENAMETOOLONG, "path too long");
	/* The kernel forwards this to tcmu-runner as a reconfig and fails the
	 * write when the handler refuses it. */
	if ((rc = write_attr(path, cfg)))
		return fail(err, errlen, rc, "media change on %s refused (%s); see tcmu-runner's log",
			    f.name, strerror(-rc));
	return 0;
}
