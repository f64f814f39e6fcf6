/* Linux SG_IO backend: /dev/sgN or /dev/srN, real burners and the
 * kernel-exposed emulator (tcm_loop + TCMU) alike.
 *
 * Named /dev/sgN with an sr disk bound to it, the transport also opens
 * that /dev/srN and sends the data commands (READ/WRITE) through it: sg
 * copies every transfer through a kernel buffer, while the block layer's
 * SG_IO maps the caller's pages, and on the VM's TCMU path that made sr
 * 1.35 and sg 0.82 of the path's limit at 128 MiB (docs/performance.md
 * finding 2). Everything else, and the exclusive lock, stays on sgN; the
 * sr node is locked with it (flock), so a burner that names /dev/srN sees
 * the drive held. Without a bound sr (sr_mod not loaded, not a CD/DVD
 * device) or when it does not open, all commands use sgN. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/fs.h>

#include "mmc/opcodes.h"
#include "sg_map.h"

struct sg_transport {
	struct db_transport base;
	int fd;
	char dev[256];
	bool exclusive;
	size_t max_transfer; /* 0 until probed */
	int data_fd; /* the bound sr node for data commands; -1: none, use fd */
	char data_dev[64];
};

void db__sg_fill_hdr(struct sg_io_hdr *h, struct db_cmd *c, unsigned char *sense_buf)
{
	memset(h, 0, sizeof(*h));
	h->interface_id = 'S';
	h->cmdp = c->cdb;
	h->cmd_len = c->cdb_len;
	h->sbp = sense_buf;
	h->mx_sb_len = DB_SENSE_MAX;
	h->dxferp = c->buf;
	h->dxfer_len = (unsigned)c->len;
	h->dxfer_direction = c->dir == DB_DIR_IN    ? SG_DXFER_FROM_DEV
			     : c->dir == DB_DIR_OUT ? SG_DXFER_TO_DEV
						    : SG_DXFER_NONE;
	h->timeout = c->timeout_ms ? c->timeout_ms : DB_TIMEOUT_DEFAULT_MS;
}

/* The host byte says whether the command reached the drive at all. */
static db_status host_status(unsigned host)
{
	switch (host) {
	case DB__DID_OK:
		return DB_S_OK;
	case DB__DID_NO_CONNECT:
	case DB__DID_BAD_TARGET:
	case DB__DID_TRANSPORT_FAILFAST:
		return DB_ERROR_DEV_NOT_EXIST;
	case DB__DID_TIME_OUT:
	case DB__DID_ABORT: /* the midlayer aborts a command that timed out */
		return DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT;
	case DB__DID_BUS_BUSY:
	case DB__DID_IMM_RETRY:
	case DB__DID_REQUEUE:
		return DB_E_IMAPI_RECORDER_MEDIA_BUSY;
	default:
		return DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
	}
}

db_status db__sg_map_result(const struct sg_io_hdr *h, struct db_cmd *c)
{
	c->scsi_status = h->status;
	c->sense_len = h->sb_len_wr > DB_SENSE_MAX ? DB_SENSE_MAX : h->sb_len_wr;
	c->resid = h->resid > 0 ? (size_t)h->resid : 0;
	db_status st = host_status(h->host_status);
	if (db_failed(st))
		return st;
	if ((h->driver_status & 0x0F) == DB__DRIVER_TIMEOUT)
		return DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT;
	/* Sense with a GOOD status byte: older HBAs report the CHECK
	 * CONDITION only through DRIVER_SENSE. */
	if (c->scsi_status == DB_SCSI_GOOD && c->sense_len > 0 &&
	    (h->driver_status & 0x0F) == DB__DRIVER_SENSE)
		c->scsi_status = DB_SCSI_CHECK_CONDITION;
	return DB_S_OK;
}

bool db__sg_is_data_opcode(uint8_t opcode)
{
	switch (opcode) {
	case MMC_OP_READ_10:
	case MMC_OP_READ_12:
	case MMC_OP_WRITE_10:
	case MMC_OP_WRITE_12:
	case MMC_OP_READ_CD:
		return true;
	default:
		return false;
	}
}

static db_status sg_execute(struct db_transport *t, struct db_cmd *c)
{
	struct sg_transport *s = (struct sg_transport *)t;
	struct sg_io_hdr h;
	int fd = s->data_fd >= 0 && c->cdb_len > 0 && db__sg_is_data_opcode(c->cdb[0])
			 ? s->data_fd
			 : s->fd;
	db__sg_fill_hdr(&h, c, c->sense);
	if (ioctl(fd, SG_IO, &h) < 0)
		return db_status_from_errno(errno);
	return db__sg_map_result(&h, c);
}

static size_t sysfs_kb(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long kb = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%lu", &kb) != 1)
		kb = 0;
	fclose(f);
	return (size_t)kb * 1024;
}

static size_t min_known(size_t a, size_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

/* The block device's request queue limit: max_sectors_kb for sr;
 * for an sg node, the queue of the sr disk behind it, if any. */
static size_t queue_limit(const struct stat *st)
{
	char path[PATH_MAX];
	if (S_ISBLK(st->st_mode)) {
		snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/queue/max_sectors_kb",
			 major(st->st_rdev), minor(st->st_rdev));
		return sysfs_kb(path);
	}
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/device/block",
		 major(st->st_rdev), minor(st->st_rdev));
	DIR *dir = opendir(path);
	if (!dir)
		return 0; /* an sg node with no block driver bound */
	size_t kb = 0;
	struct dirent *e;
	while (!kb && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char q[PATH_MAX + 300];
		snprintf(q, sizeof(q), "%s/%s/queue/max_sectors_kb", path, e->d_name);
		kb = sysfs_kb(q);
	}
	closedir(dir);
	return kb;
}

/* BLKSECTGET answers in bytes on sg (sg.c: max_sectors_bytes()) but in
 * 512-byte sectors, as an unsigned short, on a block device. */
static size_t blksectget(int fd, const struct stat *st)
{
	if (S_ISBLK(st->st_mode)) {
		unsigned short sectors = 0;
		if (ioctl(fd, BLKSECTGET, &sectors) == 0)
			return (size_t)sectors * 512;
		return 0;
	}
	int bytes = 0;
	if (ioctl(fd, BLKSECTGET, &bytes) == 0 && bytes > 0)
		return (size_t)bytes;
	return 0;
}

static size_t sg_max_transfer(struct db_transport *t)
{
	struct sg_transport *s = (struct sg_transport *)t;
	struct stat st;
	if (s->max_transfer || fstat(s->fd, &st) != 0)
		return s->max_transfer;
	s->max_transfer = min_known(blksectget(s->fd, &st), queue_limit(&st));
	return s->max_transfer;
}

/* O_NONBLOCK at open: sr opens without a medium, and sg's O_EXCL fails
 * with EBUSY instead of sleeping until the other holder closes. It is
 * cleared afterwards so SG_IO itself blocks normally. */
static int open_node(const char *path, bool exclusive)
{
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | (exclusive ? O_EXCL : 0));
	if (fd < 0)
		return -errno;
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

/* sg copies a transfer through the file's reserved buffer (32 KiB by
 * default) and allocates kernel pages for every larger command; a reserve
 * the size of the engine's default largest WRITE (DEFAULT_MAX_TRANSFER in
 * write_engine.c) is allocated once per open instead (bench: 20-30 % less
 * system time per burn on /dev/sgN). Block devices (sr) map the caller's
 * pages and have no such buffer. Best effort: a refusal only costs that. */
static void reserve_sg_buffer(int fd)
{
	struct stat st;
	int size = 256 * 1024;
	if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode))
		(void)ioctl(fd, SG_SET_RESERVED_SIZE, &size);
}

/* Exclusive access in two layers: O_EXCL keeps other sg/sr openers out in
 * the kernel, flock() tells cooperating burners (and us) which process
 * holds the drive. Either refusal is E_IMAPI_RECORDER_LOCKED. */
static db_status sg_reopen(struct sg_transport *s, bool exclusive)
{
	int fd = open_node(s->dev, exclusive);
	if (fd < 0)
		return db_status_from_errno(-fd);
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
		int err = errno;
		close(fd);
		return db_status_from_errno(err == EWOULDBLOCK ? EBUSY : err);
	}
	/* The bound sr node is the same drive: lock it alike, so an opener
	 * of /dev/srN is refused as one of /dev/sgN is. */
	if (s->data_fd >= 0 && flock(s->data_fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
		int err = errno;
		close(fd);
		return db_status_from_errno(err == EWOULDBLOCK ? EBUSY : err);
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = fd;
	s->exclusive = exclusive;
	reserve_sg_buffer(fd);
	return DB_S_OK;
}

/* client: the kernel keeps no name for the holder of an sg node. */
static db_status sg_set_exclusive(struct db_transport *t, bool exclusive, const char *client)
{
	(void)client;
	struct sg_transport *s = (struct sg_transport *)t;
	if (s->exclusive == exclusive)
		return DB_S_OK;
	/* O_EXCL counts our own open too, so the node is reopened: close
	 * first, then take it exclusively; on refusal get the shared one
	 * back. */
	close(s->fd);
	s->fd = -1;
	db_status st = sg_reopen(s, exclusive);
	if (db_failed(st) && db_failed(sg_reopen(s, !exclusive)))
		return DB_ERROR_DEV_NOT_EXIST;
	return st;
}

static void sg_close(struct db_transport *t)
{
	struct sg_transport *s = (struct sg_transport *)t;
	if (s->fd >= 0)
		close(s->fd);
	if (s->data_fd >= 0)
		close(s->data_fd);
	free(s);
}

static const struct db_transport_ops sg_ops = {
	.name = "sg",
	.execute = sg_execute,
	.max_transfer = sg_max_transfer,
	.set_exclusive = sg_set_exclusive,
	.close = sg_close,
};

/* A node that answers SG_GET_VERSION_NUM speaks SG_IO (sg, sr, and any
 * block device of the SCSI layer); a regular file or /dev/null does not. */
static db_status check_sg_capable(int fd)
{
	int version = 0;
	if (ioctl(fd, SG_GET_VERSION_NUM, &version) != 0)
		return db_status_from_errno(errno == EINVAL ? ENOTTY : errno);
	return DB_S_OK;
}

/* Reads "MAJ:MIN" from a sysfs dev attribute. */
static bool read_devno(const char *path, dev_t *out)
{
	FILE *f = fopen(path, "r");
	unsigned ma, mi;
	if (!f)
		return false;
	bool ok = fscanf(f, "%u:%u", &ma, &mi) == 2;
	fclose(f);
	if (ok)
		*out = makedev(ma, mi);
	return ok;
}

int db__sg_bound_sr(const char *sysfs_root, dev_t sg_rdev, char *name, size_t cap,
		    dev_t *blk_rdev)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/dev/char/%u:%u/device/block", sysfs_root,
		 major(sg_rdev), minor(sg_rdev));
	DIR *d = opendir(dir);
	if (!d)
		return -ENOENT;
	int rc = -ENOENT;
	struct dirent *e;
	while (rc != 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= cap)
			continue;
		char dev[PATH_MAX + 300];
		snprintf(dev, sizeof(dev), "%s/%s/dev", dir, e->d_name);
		if (read_devno(dev, blk_rdev)) {
			snprintf(name, cap, "%s", e->d_name);
			rc = 0;
		}
	}
	closedir(d);
	return rc;
}

/* The sr node bound to an sg node, opened for data commands; quietly
 * nothing when there is none or it does not open (then sg carries all).
 * The node must be the block device sysfs names: a /dev/srN that udev
 * made for another disc is not used. */
static void open_data_node(struct sg_transport *s)
{
	struct stat st;
	char name[32];
	dev_t blk;
	if (fstat(s->fd, &st) != 0 || !S_ISCHR(st.st_mode) ||
	    db__sg_bound_sr("/sys", st.st_rdev, name, sizeof(name), &blk) != 0)
		return;
	snprintf(s->data_dev, sizeof(s->data_dev), "/dev/%s", name);
	int fd = open_node(s->data_dev, false);
	struct stat bst;
	if (fd >= 0 && (fstat(fd, &bst) != 0 || !S_ISBLK(bst.st_mode) || bst.st_rdev != blk ||
			check_sg_capable(fd) != DB_S_OK)) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		s->data_dev[0] = '\0';
		return;
	}
	s->data_fd = fd;
}

const char *db_transport_sg_data_node(const struct db_transport *t)
{
	if (!t || t->ops != &sg_ops)
		return NULL;
	const struct sg_transport *s = (const struct sg_transport *)t;
	return s->data_fd >= 0 ? s->data_dev : s->dev;
}

db_status db_transport_open_sg(const char *path, unsigned flags, struct db_transport **out)
{
	*out = NULL;
	struct sg_transport *s = calloc(1, sizeof(*s));
	if (!s)
		return DB_E_OUTOFMEMORY;
	s->base.ops = &sg_ops;
	s->fd = -1;
	s->data_fd = -1;
	snprintf(s->dev, sizeof(s->dev), "%s", path);
	snprintf(s->base.path, sizeof(s->base.path), "%s", path);
	bool exclusive = (flags & DB_OPEN_EXCLUSIVE) != 0;
	db_status st = sg_reopen(s, exclusive);
	if (db_succeeded(st))
		st = check_sg_capable(s->fd);
	if (db_succeeded(st)) {
		open_data_node(s);
		/* Lock the sr node as sgN is locked (sg_reopen does so from
		 * now on). */
		if (s->data_fd >= 0 &&
		    flock(s->data_fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
			st = db_status_from_errno(errno == EWOULDBLOCK ? EBUSY : errno);
	}
	if (db_failed(st)) {
		sg_close(&s->base);
		return st;
	}
	*out = &s->base;
	return DB_S_OK;
}
