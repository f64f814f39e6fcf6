/* Recorder (IDiscRecorder2) over a device. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "discburn/recorder.h"
#include "recorder_internal.h"

db_status db_recorder_from_device(struct db_device *d, struct db_recorder **out)
{
	*out = NULL;
	struct db_recorder *r = calloc(1, sizeof(*r));
	if (!r) {
		db_device_close(d);
		return DB_E_OUTOFMEMORY;
	}
	r->dev = d;
	*out = r;
	return DB_S_OK;
}

db_status db_recorder_open(const char *drive, unsigned flags, struct db_recorder **out)
{
	struct db_device *d;
	*out = NULL;
	db_status st = db_device_open(drive, flags, &d);
	if (db_failed(st))
		return st;
	st = db_recorder_from_device(d, out);
	if (db_failed(st))
		return st;
	(*out)->exclusive = (flags & DB_OPEN_EXCLUSIVE) != 0;
	return DB_S_OK;
}

void db_recorder_close(struct db_recorder *r)
{
	if (!r)
		return;
	if (r->mcn_disables > 0) { /* IMAPI: MCN comes back with the client gone */
		r->mcn_disables = 1;
		(void)db_recorder_enable_mcn(r);
	}
	db_device_close(r->dev);
	free(r);
}

struct db_device *db_recorder_device(struct db_recorder *r)
{
	return r->dev;
}

const char *db_recorder_path(const struct db_recorder *r)
{
	return db_device_transport(r->dev)->path;
}

db_status db_recorder_identity(struct db_recorder *r, struct db_inquiry *out)
{
	if (!r->have_identity) {
		db_status st = db_mmc_inquiry(r->dev, &r->identity);
		if (db_failed(st))
			return st;
		r->have_identity = true;
	}
	*out = r->identity;
	return DB_S_OK;
}

/* The decoded configuration points into the raw answer; keep a copy of
 * the fields and drop the buffer. */
db_status db_recorder_profiles(struct db_recorder *r, struct db_configuration *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = db_mmc_get_configuration(r->dev, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_configuration(buf, len, out);
	out->raw = NULL;
	out->raw_len = 0;
	free(buf);
	return st;
}

db_status db_recorder_current_profile(struct db_recorder *r, uint16_t *profile)
{
	struct db_configuration cfg;
	db_status st = db_recorder_profiles(r, &cfg);
	*profile = db_succeeded(st) ? cfg.current_profile : 0;
	return st;
}

db_status db_recorder_streaming_write_supported(struct db_recorder *r, bool *supported)
{
	struct db_configuration cfg;
	db_status st = db_recorder_profiles(r, &cfg);
	*supported = db_succeeded(st) && cfg.rt_streaming_current && cfg.rt_streaming_sw;
	return st;
}

db_status db_recorder_media_present(struct db_recorder *r, bool *present)
{
	db_status st = db_mmc_test_unit_ready(r->dev);
	*present = db_succeeded(st) || st == DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY ||
		   st == DB_E_IMAPI_RECORDER_MEDIA_BUSY ||
		   st == DB_E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS;
	if (st == DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA || *present)
		return DB_S_OK;
	return st;
}

db_status db_recorder_acquire_exclusive(struct db_recorder *r, const char *client)
{
	if (client && strlen(client) >= sizeof(r->client))
		return DB_E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID;
	struct db_transport *t = db_device_transport(r->dev);
	db_transport_note_lock_owner(NULL);
	db_status st = t->ops->set_exclusive ? t->ops->set_exclusive(t, true, client) : DB_S_OK;
	if (db_failed(st))
		return st;
	r->exclusive = true;
	snprintf(r->client, sizeof(r->client), "%s", client ? client : "");
	return DB_S_OK;
}

db_status db_recorder_release_exclusive(struct db_recorder *r)
{
	struct db_transport *t = db_device_transport(r->dev);
	db_status st = t->ops->set_exclusive ? t->ops->set_exclusive(t, false, NULL) : DB_S_OK;
	if (db_succeeded(st)) {
		r->exclusive = false;
		r->client[0] = '\0';
	}
	return st;
}

const char *db_recorder_exclusive_owner(const struct db_recorder *r)
{
	return r->exclusive ? r->client : NULL;
}

const char *db_recorder_lock_owner(void)
{
	return db_transport_lock_owner();
}

void db_recorder_save_exclusive(const struct db_recorder *r, struct db_exclusive_hold *h)
{
	h->held = r->exclusive;
	snprintf(h->client, sizeof(h->client), "%s", r->client);
}

db_status db_recorder_restore_exclusive(struct db_recorder *r, const struct db_exclusive_hold *h)
{
	if (!h->held)
		return r->exclusive ? db_recorder_release_exclusive(r) : DB_S_OK;
	/* Still held (we took it on top): only the name goes back. */
	return db_recorder_acquire_exclusive(r, h->client);
}

db_status db_recorder_eject(struct db_recorder *r)
{
	/* A drive refuses to open its tray while removal is prevented
	 * (05/53/02); we set the lock ourselves during burns only, so lift
	 * it first. */
	(void)db_mmc_prevent_allow(r->dev, false);
	return db_mmc_start_stop(r->dev, false, true);
}

db_status db_recorder_load(struct db_recorder *r)
{
	return db_mmc_start_stop(r->dev, true, true);
}

db_status db_recorder_write_speeds(struct db_recorder *r, struct db_write_speed *out,
				   unsigned cap, unsigned *n)
{
	return db_mmc_write_speeds(r->dev, out, cap, n);
}

/* ---- IMAPI2 IDiscRecorder2 members (issue 14) ---- */

bool db_recorder_is_kernel(const struct db_recorder *r)
{
	return db_recorder_path(r)[0] == '/';
}

const char *db_recorder_sysfs(const struct db_recorder *r)
{
	return r->sysfs_root[0] ? r->sysfs_root : "/sys";
}

static db_status set_path(char *dst, size_t cap, const char *src)
{
	if (src && strlen(src) >= cap)
		return DB_E_INVALIDARG;
	snprintf(dst, cap, "%s", src ? src : "");
	return DB_S_OK;
}

db_status db_recorder_set_sysfs_root(struct db_recorder *r, const char *root)
{
	return set_path(r->sysfs_root, sizeof(r->sysfs_root), root);
}

db_status db_recorder_set_mountinfo_path(struct db_recorder *r, const char *path)
{
	return set_path(r->mountinfo, sizeof(r->mountinfo), path);
}

/* The first entry of a sysfs directory (device/block/srN,
 * block/srN/device/scsi_generic/sgN), "" when there is none. */
static void first_entry(const char *dir, char *out, size_t cap)
{
	out[0] = '\0';
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.' && strlen(e->d_name) < cap) {
			snprintf(out, cap, "%s", e->d_name);
			break;
		}
	}
	closedir(d);
}

void db_recorder_kernel_names(const struct db_recorder *r, char *sr, size_t sr_len, char *sg,
			      size_t sg_len)
{
	sr[0] = sg[0] = '\0';
	if (!db_recorder_is_kernel(r))
		return;
	/* /dev/cdrom and the like are links to the node. */
	char real[PATH_MAX];
	const char *path = db_recorder_path(r);
	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	const char *base = strrchr(real, '/');
	base = base ? base + 1 : real;
	char dir[PATH_MAX];
	int w;
	if (strncmp(base, "sr", 2) == 0 && strlen(base) < sr_len) {
		snprintf(sr, sr_len, "%s", base);
		w = snprintf(dir, sizeof(dir), "%s/block/%s/device/scsi_generic", db_recorder_sysfs(r),
			     base);
		if (w > 0 && (size_t)w < sizeof(dir))
			first_entry(dir, sg, sg_len);
	} else if (strncmp(base, "sg", 2) == 0 && strlen(base) < sg_len) {
		snprintf(sg, sg_len, "%s", base);
		w = snprintf(dir, sizeof(dir), "%s/class/scsi_generic/%s/device/block",
			     db_recorder_sysfs(r), base);
		if (w > 0 && (size_t)w < sizeof(dir))
			first_entry(dir, sr, sr_len);
	}
}

/* events_poll_msecs (block/disk-events.c): -1 the default interval, 0 no
 * polling, else the interval in ms. */
static db_status read_knob(const char *path, long *out)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return db_status_from_errno(errno);
	char line[32];
	char *end = NULL;
	bool ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (ok) {
		errno = 0;
		*out = strtol(line, &end, 10);
	}
	if (!ok || errno || end == line || *out < -1)
		return DB_E_FAIL; /* not the kernel's format */
	return DB_S_OK;
}

static db_status write_knob(const char *path, long value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return db_status_from_errno(errno);
	char line[32];
	int n = snprintf(line, sizeof(line), "%ld\n", value);
	ssize_t w = write(fd, line, (size_t)n);
	int err = errno;
	close(fd);
	return w == n ? DB_S_OK : db_status_from_errno(w < 0 ? err : EIO);
}

db_status db_recorder_disable_mcn(struct db_recorder *r)
{
	if (r->mcn_disables > 0 || !db_recorder_is_kernel(r)) {
		r->mcn_disables++;
		return DB_S_OK;
	}
	char sr[64], sg[64], knob[PATH_MAX];
	db_recorder_kernel_names(r, sr, sizeof(sr), sg, sizeof(sg));
	if (!sr[0]) { /* an sg node alone: no disk, no polling */
		r->mcn_disables++;
		return DB_S_OK;
	}
	if (snprintf(knob, sizeof(knob), "%s/block/%s/events_poll_msecs", db_recorder_sysfs(r), sr) >=
	    (int)sizeof(knob))
		return DB_E_INVALIDARG;
	long old = 0;
	db_status st = read_knob(knob, &old);
	if (st == DB_ERROR_FILE_NOT_FOUND) { /* a kernel without disk events */
		r->mcn_disables++;
		return DB_S_OK;
	}
	if (db_failed(st))
		return st;
	if (old != 0) {
		st = write_knob(knob, 0);
		if (db_failed(st))
			return st;
		snprintf(r->mcn_knob, sizeof(r->mcn_knob), "%s", knob);
		r->mcn_saved = old;
	}
	r->mcn_disables++;
	return DB_S_OK;
}

db_status db_recorder_enable_mcn(struct db_recorder *r)
{
	if (r->mcn_disables == 0)
		return DB_S_OK;
	if (r->mcn_disables == 1 && r->mcn_knob[0]) {
		db_status st = write_knob(r->mcn_knob, r->mcn_saved);
		if (db_failed(st))
			return st; /* still disabled: the caller may retry */
		r->mcn_knob[0] = '\0';
	}
	r->mcn_disables--;
	return DB_S_OK;
}

bool db_recorder_mcn_disabled(const struct db_recorder *r)
{
	return r->mcn_disables > 0;
}

db_status db_recorder_acquire_exclusive_access(struct db_recorder *r, bool force,
					       const char *client)
{
	(void)force; /* no volume to dismount on Linux (header) */
	return db_recorder_acquire_exclusive(r, client);
}

db_status db_recorder_release_exclusive_access(struct db_recorder *r)
{
	return db_recorder_release_exclusive(r);
}

static db_status copy_out(char *buf, size_t len, const char *s)
{
	if (!buf || strlen(s) >= len)
		return DB_E_INVALIDARG;
	memcpy(buf, s, strlen(s) + 1);
	return DB_S_OK;
}

db_status db_recorder_get_exclusive_access_owner(struct db_recorder *r, char *buf, size_t len)
{
	/* Another holder cannot be asked through r: while it holds the
	 * drive, r's own open or acquire is what gets refused, and the
	 * refusal names it (db_recorder_lock_owner). */
	return copy_out(buf, len, r->exclusive ? r->client : "");
}

db_status db_recorder_eject_media(struct db_recorder *r)
{
	return db_recorder_eject(r);
}

db_status db_recorder_get_device_can_load_media(struct db_recorder *r, bool *out)
{
	uint8_t *buf;
	size_t len, plen;
	*out = false;
	db_status st = db_mmc_mode_sense10(r->dev, 0x2A, &buf, &len);
	if (db_failed(st))
		return st;
	const uint8_t *page = db_mode_page_find(buf, len, 0x2A, &plen);
	if (!page || plen < 7) {
		free(buf);
		return DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
	}
	uint8_t lm = db_capabilities_loading_mechanism(page, plen);
	free(buf);
	/* 001b tray, 100b/101b changers load; 000b caddy, 010b pop-up
	 * do not (MMC-3 table 361). */
	*out = lm == 1 || lm == 4 || lm == 5;
	return DB_S_OK;
}

db_status db_recorder_close_tray(struct db_recorder *r)
{
	bool can;
	db_status st = db_recorder_get_device_can_load_media(r, &can);
	if (db_failed(st))
		return st;
	if (!can)
		return DB_E_NOTIMPL;
	return db_recorder_load(r);
}

db_status db_recorder_get_vendor_id(struct db_recorder *r, char *buf, size_t len)
{
	struct db_inquiry id;
	db_status st = db_recorder_identity(r, &id);
	return db_failed(st) ? st : copy_out(buf, len, id.vendor);
}

db_status db_recorder_get_product_id(struct db_recorder *r, char *buf, size_t len)
{
	struct db_inquiry id;
	db_status st = db_recorder_identity(r, &id);
	return db_failed(st) ? st : copy_out(buf, len, id.product);
}

db_status db_recorder_get_product_revision(struct db_recorder *r, char *buf, size_t len)
{
	struct db_inquiry id;
	db_status st = db_recorder_identity(r, &id);
	return db_failed(st) ? st : copy_out(buf, len, id.revision);
}

/* One VPD page (SPC-4 7.8), its header included; *n 0 when the drive
 * has none (ILLEGAL REQUEST: an unsupported page). */
void db_recorder_read_vpd(struct db_recorder *r, uint8_t page, uint8_t *buf, size_t cap, size_t *n)
{
	struct db_cmd c;
	*n = 0;
	memset(buf, 0, cap);
	db_cdb_inquiry(&c, buf, (uint16_t)cap, true, page);
	if (db_failed(db_device_exec(r->dev, &c)))
		return;
	size_t got = c.resid <= c.len ? c.len - c.resid : 0;
	if (got >= 4 && buf[1] == page)
		*n = got;
}

db_status db_recorder_get_active_disc_recorder(struct db_recorder *r, char *buf, size_t len)
{
	struct db_inquiry id;
	db_status st = db_recorder_identity(r, &id);
	if (db_failed(st))
		return st;
	uint8_t p83[256], p80[256];
	size_t n83, n80;
	db_recorder_read_vpd(r, 0x83, p83, sizeof(p83), &n83);
	db_recorder_read_vpd(r, 0x80, p80, sizeof(p80), &n80);
	char idbuf[512];
	if (!db_decode_unique_id(p83, n83, p80, n80, id.vendor, id.product, idbuf, sizeof(idbuf)))
		snprintf(idbuf, sizeof(idbuf), "path.%s", db_recorder_path(r));
	return copy_out(buf, len, idbuf);
}

db_status db_recorder_get_volume_name(struct db_recorder *r, char *buf, size_t len)
{
	char sr[64], sg[64], node[80];
	db_recorder_kernel_names(r, sr, sizeof(sr), sg, sizeof(sg));
	snprintf(node, sizeof(node), "%s%s", sr[0] ? "/dev/" : "", sr);
	return copy_out(buf, len, node);
}

void db_strings_free(char **strings, unsigned n)
{
	if (!strings)
		return;
	for (unsigned i = 0; i < n; i++)
		free(strings[i]);
	free(strings);
}

/* Undoes mountinfo's octal escapes (\040 space, \011 tab, \012, \134)
 * in place. */
static void unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

db_status db_recorder_get_volume_path_names(struct db_recorder *r, char ***paths, unsigned *n)
{
	char node[80];
	*paths = NULL;
	*n = 0;
	db_status st = db_recorder_get_volume_name(r, node, sizeof(node));
	if (db_failed(st) || !node[0])
		return st;
	struct stat sb;
	bool have_dev = stat(node, &sb) == 0 && S_ISBLK(sb.st_mode);
	FILE *f = fopen(r->mountinfo[0] ? r->mountinfo : "/proc/self/mountinfo", "r");
	if (!f)
		return db_status_from_errno(errno);
	char *line = NULL;
	size_t cap = 0;
	unsigned count = 0;
	char **out = NULL;
	st = DB_S_OK;
	while (getline(&line, &cap, f) > 0) {
		/* id parent maj:min root mountpoint options [optional...] - fstype source super */
		unsigned maj, min;
		char mnt[4096];
		if (sscanf(line, "%*s %*s %u:%u %*s %4095s", &maj, &min, mnt) != 3)
			continue;
		const char *sep = strstr(line, " - ");
		char src[4096] = "";
		if (sep && sscanf(sep + 3, "%*s %4095s", src) != 1)
			src[0] = '\0';
		unescape(src);
		bool match = have_dev ? makedev(maj, min) == sb.st_rdev : strcmp(src, node) == 0;
		if (!match)
			continue;
		unescape(mnt);
		char **grown = realloc(out, (count + 1) * sizeof(*out));
		char *copy = strdup(mnt);
		if (!grown || !copy) {
			free(copy);
			if (grown)
				out = grown;
			st = DB_E_OUTOFMEMORY;
			break;
		}
		out = grown;
		out[count++] = copy;
	}
	free(line);
	fclose(f);
	if (db_failed(st)) {
		db_strings_free(out, count);
		return st;
	}
	*paths = out;
	*n = count;
	return DB_S_OK;
}

static db_status config_codes(struct db_recorder *r, bool profiles, bool current, uint16_t *out,
			      unsigned cap, unsigned *n)
{
	uint8_t *buf;
	size_t len;
	*n = 0;
	db_status st = db_mmc_get_configuration(r->dev, &buf, &len);
	if (db_failed(st))
		return st;
	if (!profiles) {
		st = db_decode_feature_codes(buf, len, current, out, cap, n);
	} else {
		struct db_configuration cfg;
		st = db_decode_configuration(buf, len, &cfg);
		for (unsigned i = 0; db_succeeded(st) && i < cfg.n_profiles; i++) {
			if (current && !cfg.profiles[i].current)
				continue;
			if (*n < cap)
				out[*n] = cfg.profiles[i].number;
			(*n)++;
		}
	}
	free(buf);
	return st;
}

db_status db_recorder_get_supported_profiles(struct db_recorder *r, uint16_t *out, unsigned cap,
					     unsigned *n)
{
	return config_codes(r, true, false, out, cap, n);
}

db_status db_recorder_get_current_profiles(struct db_recorder *r, uint16_t *out, unsigned cap,
					   unsigned *n)
{
	return config_codes(r, true, true, out, cap, n);
}

db_status db_recorder_get_supported_feature_pages(struct db_recorder *r, uint16_t *out,
						  unsigned cap, unsigned *n)
{
	return config_codes(r, false, false, out, cap, n);
}

db_status db_recorder_get_current_feature_pages(struct db_recorder *r, uint16_t *out,
						unsigned cap, unsigned *n)
{
	return config_codes(r, false, true, out, cap, n);
}

db_status db_recorder_get_supported_mode_pages(struct db_recorder *r, uint8_t *out, unsigned cap,
					       unsigned *n)
{
	uint8_t *buf;
	size_t len;
	*n = 0;
	db_status st = db_mmc_mode_sense10(r->dev, 0x3F, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_mode_page_codes(buf, len, out, cap, n);
	free(buf);
	return st;
}

db_status db_recorder_get_legacy_device_number(struct db_recorder *r, int32_t *out)
{
	char sr[64], sg[64];
	*out = -1;
	db_recorder_kernel_names(r, sr, sizeof(sr), sg, sizeof(sg));
	const char *name = sr[0] ? sr : sg;
	if (!name[0] || name[2] < '0' || name[2] > '9')
		return DB_ERROR_NOT_SUPPORTED;
	*out = (int32_t)strtol(name + 2, NULL, 10);
	return DB_S_OK;
}
