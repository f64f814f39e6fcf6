/* Status names and messages, generated from DB_STATUS_LIST. */
#include "discburn/status.h"

#include <errno.h>
#include <string.h>

static const struct {
	db_status value;
	const char *name;
	const char *message;
} status_table[] = {
#define DB_X_ROW(sym, value, msg) {DB_##sym, #sym, msg},
	DB_STATUS_LIST(DB_X_ROW)
#undef DB_X_ROW
};

#define STATUS_COUNT (sizeof(status_table) / sizeof(status_table[0]))

static int status_index(db_status s)
{
	for (size_t i = 0; i < STATUS_COUNT; i++)
		if (status_table[i].value == s)
			return (int)i;
	return -1;
}

const char *db_status_name(db_status s)
{
	int i = status_index(s);
	return i < 0 ? NULL : status_table[i].name;
}

const char *db_strerror(db_status s)
{
	int i = status_index(s);
	return i < 0 ? "Unknown status." : status_table[i].message;
}

bool db_status_from_name(const char *name, db_status *out)
{
	if (!name)
		return false;
	if (strncmp(name, "DB_", 3) == 0)
		name += 3;
	for (size_t i = 0; i < STATUS_COUNT; i++) {
		if (strcmp(status_table[i].name, name) == 0) {
			*out = status_table[i].value;
			return true;
		}
	}
	return false;
}

db_status db_status_from_errno(int err)
{
	switch (err) {
	case 0:
		return DB_S_OK;
	case ENODEV:
	case ENXIO:
		/* The device node exists but nothing answers behind it (unplugged
		 * drive, removed TCMU device): IMAPI's "no longer available". */
		return DB_ERROR_DEV_NOT_EXIST;
	case ENOENT:
	case ENOTDIR:
		return DB_ERROR_FILE_NOT_FOUND;
	case EACCES:
	case EPERM:
	case EROFS:
		return DB_ERROR_ACCESS_DENIED;
	case EBUSY:
	case EWOULDBLOCK:
		/* O_EXCL on an open sg/sr node, or flock held by another
		 * process: someone else has the recorder exclusively. */
		return DB_E_IMAPI_RECORDER_LOCKED;
	case ETIMEDOUT:
		return DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT;
	case EISDIR:
	case ENOTTY:
	case EINVAL:
	case EOPNOTSUPP:
		return DB_ERROR_NOT_SUPPORTED;
	case EBADF:
		return DB_ERROR_INVALID_HANDLE;
	case ENOMEM:
		return DB_E_OUTOFMEMORY;
	case EIO:
		return DB_ERROR_READ_FAULT;
	case ECANCELED:
		return DB_E_IMAPI_REQUEST_CANCELLED;
	default:
		return DB_E_FAIL;
	}
}
