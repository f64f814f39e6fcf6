/* Drive enumeration from sysfs. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "discburn/discmaster.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"

/* snprintf that reports truncation: a sysfs path or a device name that
 * does not fit is skipped rather than used cut short. */
static bool fmt(char *out, size_t cap, const char *f, const char *a, const char *b)
{
	int n = snprintf(out, cap, f, a, b);
	return n >= 0 && (size_t)n < cap;
}

/* Reads one sysfs attribute, trimmed of the newline and the blank padding
 * INQUIRY strings carry. */
static bool read_attr(const char *dir, const char *name, char *out, size_t cap)
{
	char path[PATH_MAX];
	out[0] = '\0';
	if (!fmt(path, sizeof(path), "%s/%s", dir, name))
		return false;
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fgets(out, (int)cap, f) != NULL;
	fclose(f);
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	return ok;
}

/* The sr disk bound to this sg device, if any (device/block/srN). */
static void find_block_name(const char *devdir, char *out, size_t cap)
{
	char path[PATH_MAX];
	out[0] = '\0';
	if (!fmt(path, sizeof(path), "%s/%s", devdir, "block"))
		return;
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.' && fmt(out, cap, "%s%s", e->d_name, ""))
			break;
	}
	closedir(d);
}

/* A binary sysfs attribute (vpd_pg83: the page as the drive sent it,
 * header included; drivers/scsi/scsi_sysfs.c); 0 when absent. */
static size_t read_bin(const char *dir, const char *name, uint8_t *out, size_t cap)
{
	char path[PATH_MAX];
	if (!fmt(path, sizeof(path), "%s/%s", dir, name))
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(out, 1, cap, f);
	fclose(f);
	return n;
}

static void sysfs_unique_id(const char *devdir, struct db_drive_entry *e)
{
	uint8_t p83[512], p80[256];
	size_t n83 = read_bin(devdir, "vpd_pg83", p83, sizeof(p83));
	size_t n80 = read_bin(devdir, "vpd_pg80", p80, sizeof(p80));
	if (!db_decode_unique_id(p83, n83, p80, n80, e->vendor, e->product, e->unique_id,
				 sizeof(e->unique_id)))
		e->unique_id[0] = '\0';
}

/* Fills an entry for class/scsi_generic/NAME; false when not type 5. */
static bool describe_sg(const char *classdir, const char *name, struct db_drive_entry *e)
{
	char devdir[PATH_MAX], type[16], block[56];
	if (!fmt(devdir, sizeof(devdir), "%s/%s/device", classdir, name) ||
	    !read_attr(devdir, "type", type, sizeof(type)) || atoi(type) != 5)
		return false;
	memset(e, 0, sizeof(*e));
	read_attr(devdir, "vendor", e->vendor, sizeof(e->vendor));
	read_attr(devdir, "model", e->product, sizeof(e->product));
	read_attr(devdir, "rev", e->revision, sizeof(e->revision));
	if (!fmt(e->sg, sizeof(e->sg), "/dev/%s%s", name, ""))
		return false;
	sysfs_unique_id(devdir, e);
	find_block_name(devdir, block, sizeof(block));
	if (block[0] && !fmt(e->sr, sizeof(e->sr), "/dev/%s%s", block, ""))
		e->sr[0] = '\0';
	return fmt(e->path, sizeof(e->path), "%s%s", e->sr[0] ? e->sr : e->sg, "");
}

static int sg_number(const char *name)
{
	return strncmp(name, "sg", 2) == 0 ? atoi(name + 2) : INT_MAX;
}

static int by_sg_number(const void *a, const void *b)
{
	const struct dirent *const *x = a, *const *y = b;
	return sg_number((*x)->d_name) - sg_number((*y)->d_name);
}

static int not_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

db_status db_discmaster_enumerate(const char *sysfs_root, struct db_drive_entry *out,
				  unsigned cap, unsigned *n)
{
	char classdir[PATH_MAX];
	struct dirent **names;
	*n = 0;
	if (!fmt(classdir, sizeof(classdir), "%s/%s", sysfs_root ? sysfs_root : "/sys",
		 "class/scsi_generic"))
		return DB_E_INVALIDARG;
	int count = scandir(classdir, &names, not_dot, NULL);
	if (count < 0)
		return DB_S_OK; /* no sg driver loaded: no drives */
	qsort(names, (size_t)count, sizeof(*names), by_sg_number);
	for (int i = 0; i < count; i++) {
		struct db_drive_entry e;
		if (describe_sg(classdir, names[i]->d_name, &e)) {
			if (*n < cap)
				out[*n] = e;
			(*n)++;
		}
		free(names[i]);
	}
	free(names);
	return DB_S_OK;
}

db_status db_discmaster_describe(const char *drive, struct db_drive_entry *out)
{
	struct db_recorder *r;
	struct db_inquiry id;
	memset(out, 0, sizeof(*out));
	db_status st = db_recorder_open(drive, 0, &r);
	if (db_failed(st))
		return st;
	st = db_recorder_identity(r, &id);
	if (db_succeeded(st)) {
		snprintf(out->path, sizeof(out->path), "%s", drive);
		memcpy(out->vendor, id.vendor, sizeof(out->vendor));
		memcpy(out->product, id.product, sizeof(out->product));
		memcpy(out->revision, id.revision, sizeof(out->revision));
		out->emulated = strncmp(drive, "/", 1) != 0;
		if (strncmp(drive, "/dev/sg", 7) == 0)
			snprintf(out->sg, sizeof(out->sg), "%s", drive);
		else if (strncmp(drive, "/dev/sr", 7) == 0)
			snprintf(out->sr, sizeof(out->sr), "%s", drive);
	}
	db_recorder_close(r);
	return st;
}

/* ---- IMAPI2 IDiscMaster2 members (issue 14) ---- */

/* Enough for any machine: SCSI allows more, no PC has this many burners. */
#define MAX_ITEMS 64

static db_status list_all(const char *sysfs_root, struct db_drive_entry **out, unsigned *n)
{
	*out = calloc(MAX_ITEMS, sizeof(**out));
	if (!*out)
		return DB_E_OUTOFMEMORY;
	db_status st = db_discmaster_enumerate(sysfs_root, *out, MAX_ITEMS, n);
	if (*n > MAX_ITEMS)
		*n = MAX_ITEMS;
	return st;
}

db_status db_discmaster_get_is_supported_environment(const char *sysfs_root, bool *out)
{
	struct db_drive_entry *e;
	unsigned n;
	*out = false;
	db_status st = list_all(sysfs_root, &e, &n);
	for (unsigned i = 0; db_succeeded(st) && i < n && !*out; i++)
		*out = access(e[i].path, R_OK | W_OK) == 0;
	free(e);
	return st;
}

db_status db_discmaster_get_count(const char *sysfs_root, int32_t *out)
{
	unsigned n;
	*out = 0;
	db_status st = db_discmaster_enumerate(sysfs_root, NULL, 0, &n);
	*out = (int32_t)n;
	return st;
}

/* The id of an entry sysfs had none for: the drive's own answer, as
 * ActiveDiscRecorder gives it. */
static void ask_drive(struct db_drive_entry *e)
{
	struct db_recorder *r;
	if (db_succeeded(db_recorder_open(e->path, 0, &r))) {
		if (db_failed(db_recorder_get_active_disc_recorder(r, e->unique_id,
								   sizeof(e->unique_id))))
			e->unique_id[0] = '\0';
		db_recorder_close(r);
	}
	if (!e->unique_id[0])
		snprintf(e->unique_id, sizeof(e->unique_id), "path.%.100s", e->path);
}

db_status db_discmaster_get_item(const char *sysfs_root, int32_t index, char *buf, size_t len)
{
	struct db_drive_entry *e;
	unsigned n;
	if (buf && len)
		buf[0] = '\0';
	db_status st = list_all(sysfs_root, &e, &n);
	if (db_succeeded(st) && (index < 0 || (unsigned)index >= n))
		st = DB_E_INVALIDARG;
	if (db_succeeded(st)) {
		if (!e[index].unique_id[0])
			ask_drive(&e[index]);
		if (!buf || strlen(e[index].unique_id) >= len)
			st = DB_E_INVALIDARG;
		else
			snprintf(buf, len, "%s", e[index].unique_id);
	}
	free(e);
	return st;
}

db_status db_discmaster_find_unique_id(const char *sysfs_root, const char *id,
				       struct db_drive_entry *out)
{
	struct db_drive_entry *e;
	unsigned n;
	memset(out, 0, sizeof(*out));
	if (!id || !id[0])
		return DB_E_INVALIDARG;
	db_status st = list_all(sysfs_root, &e, &n);
	bool found = false;
	for (unsigned i = 0; db_succeeded(st) && i < n && !found; i++) {
		if (!e[i].unique_id[0])
			ask_drive(&e[i]);
		if (strcmp(e[i].unique_id, id) == 0) {
			*out = e[i];
			found = true;
		}
	}
	free(e);
	return db_failed(st) ? st : found ? DB_S_OK : DB_ERROR_DEV_NOT_EXIST;
}
