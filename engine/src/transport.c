/* Opening a transport by drive name: "SCHEME:rest" through the registered
 * openers (the emulator backend registers "emu" from its own library, so
 * libdiscburn does not depend on it), anything else through SG_IO. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "discburn/transport.h"

#define MAX_SCHEMES 8

static struct {
	char scheme[16];
	db_transport_opener open;
} schemes[MAX_SCHEMES];
static unsigned n_schemes;
static pthread_mutex_t schemes_lock = PTHREAD_MUTEX_INITIALIZER;

/* Per thread, like errno: the refusal and its detail belong to the caller
 * that got it. */
static _Thread_local char lock_owner[64];

db_status db_transport_register(const char *scheme, db_transport_opener open)
{
	db_status st = DB_S_OK;
	if (!scheme || !open || strlen(scheme) >= sizeof(schemes[0].scheme))
		return DB_E_INVALIDARG;
	pthread_mutex_lock(&schemes_lock);
	unsigned i = 0;
	while (i < n_schemes && strcmp(schemes[i].scheme, scheme) != 0)
		i++;
	if (i == MAX_SCHEMES) {
		st = DB_E_OUTOFMEMORY;
	} else {
		strcpy(schemes[i].scheme, scheme);
		schemes[i].open = open;
		if (i == n_schemes)
			n_schemes++;
	}
	pthread_mutex_unlock(&schemes_lock);
	return st;
}

static db_transport_opener find_scheme(const char *drive, const char **rest)
{
	const char *colon = strchr(drive, ':');
	if (!colon)
		return NULL;
	size_t n = (size_t)(colon - drive);
	/* Only "word:" is a scheme; "./a:b" and "/dev/x:y" are paths. */
	if (n == 0 || strspn(drive, "abcdefghijklmnopqrstuvwxyz0123456789") != n)
		return NULL;
	db_transport_opener fn = NULL;
	pthread_mutex_lock(&schemes_lock);
	for (unsigned i = 0; i < n_schemes && !fn; i++) {
		if (strlen(schemes[i].scheme) == n && strncmp(schemes[i].scheme, drive, n) == 0)
			fn = schemes[i].open;
	}
	pthread_mutex_unlock(&schemes_lock);
	*rest = colon + 1;
	return fn;
}

db_status db_transport_open(const char *drive, unsigned flags, struct db_transport **out)
{
	*out = NULL;
	if (!drive || !*drive)
		return DB_E_IMAPI_RECORDER_REQUIRED;
	db_transport_note_lock_owner(NULL);
	const char *rest = NULL;
	db_transport_opener fn = find_scheme(drive, &rest);
	db_status st;
	if (fn)
		st = fn(rest, flags, out);
	else if (rest)
		/* "emu:..." without the emulator backend linked in: a name we
		 * cannot reach, not a device path. */
		return DB_ERROR_NOT_SUPPORTED;
	else
		st = db_transport_open_sg(drive, flags, out);
	if (db_succeeded(st) && *out)
		snprintf((*out)->path, sizeof((*out)->path), "%s", drive);
	return st;
}

void db_transport_close(struct db_transport *t)
{
	if (t)
		t->ops->close(t);
}

const char *db_transport_lock_owner(void)
{
	return lock_owner;
}

void db_transport_note_lock_owner(const char *client)
{
	snprintf(lock_owner, sizeof(lock_owner), "%s", client ? client : "");
}
