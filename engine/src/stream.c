/* File and fd streams. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "discburn/stream.h"

struct fd_stream {
	struct db_stream base;
	int fd;
	bool own;
	bool regular;
};

/* How long one read waits for a slow pipe before handing control back to
 * the reader thread to check for a cancel. */
#define POLL_SLICE_MS 100

static db_status fd_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct fd_stream *f = (struct fd_stream *)s;
	*got = 0;
	*eof = false;
	/* A regular file is always readable: poll only what can starve. */
	struct pollfd p = {.fd = f->fd, .events = POLLIN};
	int r = f->regular ? 1 : poll(&p, 1, POLL_SLICE_MS);
	if (r < 0)
		return errno == EINTR ? DB_S_OK : db_status_from_errno(errno);
	if (r == 0)
		return DB_S_OK;
	ssize_t n = read(f->fd, buf, len);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return DB_S_OK;
		return DB_ERROR_READ_FAULT;
	}
	*got = (size_t)n;
	*eof = n == 0;
	return DB_S_OK;
}

static void fd_close(struct db_stream *s)
{
	struct fd_stream *f = (struct fd_stream *)s;
	if (f->own)
		close(f->fd);
	free(f);
}

/* lseek does it all for a file or block device; a pipe says ESPIPE. */
static db_status fd_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			 int64_t *pos)
{
	struct fd_stream *f = (struct fd_stream *)s;
	static const int whence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
	off_t r = lseek(f->fd, (off_t)offset, whence[origin]);
	if (r < 0)
		return errno == ESPIPE ? DB_ERROR_NOT_SUPPORTED
		       : errno == EINVAL ? DB_E_INVALIDARG
					 : db_status_from_errno(errno);
	*pos = r;
	return DB_S_OK;
}

static const struct db_stream_ops fd_ops = {.read = fd_read, .close = fd_close, .seek = fd_seek};

db_status db_stream_from_fd(int fd, int64_t size, bool own, struct db_stream **out)
{
	*out = NULL;
	struct fd_stream *f = calloc(1, sizeof(*f));
	if (!f)
		return DB_E_OUTOFMEMORY;
	f->base.ops = &fd_ops;
	f->base.size = size;
	f->fd = fd;
	f->own = own;
	struct stat st;
	f->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	*out = &f->base;
	return DB_S_OK;
}

static int64_t fd_size(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -1;
	if (S_ISREG(st.st_mode))
		return st.st_size;
	uint64_t bytes;
	if (S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &bytes) == 0)
		return (int64_t)bytes;
	return -1;
}

db_status db_stream_open_file(const char *path, struct db_stream **out)
{
	*out = NULL;
	if (!path)
		return DB_E_POINTER;
	if (strcmp(path, "-") == 0)
		return db_stream_from_fd(STDIN_FILENO, fd_size(STDIN_FILENO), false, out);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return db_status_from_errno(errno);
	/* A directory opens for reading but is no image: refuse it here
	 * rather than as "a pipe of unknown size" later. */
	struct stat st_buf;
	if (fstat(fd, &st_buf) == 0 && S_ISDIR(st_buf.st_mode)) {
		close(fd);
		return DB_ERROR_ACCESS_DENIED;
	}
	db_status st = db_stream_from_fd(fd, fd_size(fd), true, out);
	if (db_failed(st))
		close(fd);
	return st;
}

struct ops_stream {
	struct db_stream base;
};

db_status db_stream_create(const struct db_stream_ops *ops, void *ctx, int64_t size,
			   struct db_stream **out)
{
	*out = NULL;
	struct ops_stream *o = calloc(1, sizeof(*o));
	if (!o)
		return DB_E_OUTOFMEMORY;
	o->base.ops = ops;
	o->base.ctx = ctx;
	o->base.size = size;
	*out = &o->base;
	return DB_S_OK;
}

db_status db_stream_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	return s->ops->read(s, buf, len, got, eof);
}

int64_t db_stream_size(const struct db_stream *s)
{
	return s->size;
}

db_status db_stream_seek(struct db_stream *s, int64_t offset, enum db_stream_seek_origin origin,
			 int64_t *pos)
{
	if (!s)
		return DB_E_POINTER;
	if (origin != DB_STREAM_SEEK_SET && origin != DB_STREAM_SEEK_CUR &&
	    origin != DB_STREAM_SEEK_END)
		return DB_E_INVALIDARG;
	if (!s->ops->seek)
		return DB_ERROR_NOT_SUPPORTED;
	int64_t p;
	db_status st = s->ops->seek(s, offset, origin, &p);
	if (db_succeeded(st) && pos)
		*pos = p;
	return st;
}

db_status db_stream_set_size(struct db_stream *s, int64_t size)
{
	if (!s)
		return DB_E_POINTER;
	if (size < 0)
		return DB_E_INVALIDARG;
	if (!s->ops->set_size)
		return DB_ERROR_NOT_SUPPORTED;
	return s->ops->set_size(s, size);
}

void db_stream_free(struct db_stream *s)
{
	free(s);
}

void db_stream_close(struct db_stream *s)
{
	if (s)
		s->ops->close(s);
}
