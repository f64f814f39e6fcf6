/* Drive lifecycle: power on, load and eject media, statistics. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drive.h"

/* Where profiles live beside the code, relative to the prefix it runs
 * from: PREFIX/share/discburn/media-profiles. The build tree has the same
 * shape (BUILD/share/discburn/media-profiles links to the sources), so one
 * rule finds both and nothing compiled in names the source tree. */
#define MMCEMU_PROFILES_SUBDIR "share/discburn/media-profiles"
#define MMCEMU_PROFILES_FALLBACK "/usr/" MMCEMU_PROFILES_SUBDIR

/* Walks up from the directory of the object that holds this code (the
 * mmcemu or discburn binary, libmmcemu.so, or the tcmu handler in
 * PREFIX/lib/ARCH/tcmu-runner/) until PREFIX/share/... exists. Found once
 * per process: the answer cannot change while the code is mapped. */
static char profiles_near_code[PATH_MAX];
static bool profiles_near_code_found;

static void find_profiles_near_code(void)
{
	Dl_info info;
	char dir[PATH_MAX];
	if (!dladdr((void *)mmcemu_default_profiles_dir, &info) || !info.dli_fname ||
	    !realpath(info.dli_fname, dir))
		return;
	for (int up = 0; up < 5; up++) {
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return;
		*slash = '\0';
		struct stat st;
		int n = snprintf(profiles_near_code, sizeof(profiles_near_code), "%s/%s", dir,
				 MMCEMU_PROFILES_SUBDIR);
		if (n > 0 && (size_t)n < sizeof(profiles_near_code) &&
		    stat(profiles_near_code, &st) == 0 && S_ISDIR(st.st_mode)) {
			profiles_near_code_found = true;
			return;
		}
	}
}

/* MMCEMU_PROFILES_DIR, else beside the code (installed prefix or build
 * tree), else /usr/share/... (docs/media-profiles.md). */
const char *mmcemu_default_profiles_dir(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const char *env = getenv("MMCEMU_PROFILES_DIR");
	if (env && *env)
		return env;
	pthread_once(&once, find_profiles_near_code);
	return profiles_near_code_found ? profiles_near_code : MMCEMU_PROFILES_FALLBACK;
}

static const char *profiles_dir_or_default(const char *dir)
{
	return dir ? dir : mmcemu_default_profiles_dir();
}

uint16_t drive_current_profile(const struct mmcemu_drive *d)
{
	return d->has_medium ? d->media.profile.number : 0;
}

void drive_reset_speeds(struct mmcemu_drive *d)
{
	if (!d->has_medium) {
		d->write_speed_kbps = 0;
		d->read_speed_kbps = 0;
		buffer_init(&d->buffer, 0, 0);
		return;
	}
	const struct mmcemu_profile *p = &d->media.profile;
	d->write_speed_kbps = p->n_write_speeds ? p->write_speeds_kbps[p->n_write_speeds - 1] : 0;
	d->read_speed_kbps = p->read_speed_kbps;
	/* A new medium starts with an empty buffer draining at the default
	 * speed; an unlimited clock has no speed to drain at. */
	d->buffer_block = DISC_SECTOR_SIZE;
	buffer_init(&d->buffer, p->buffer_bytes, drive_write_rate(d));
}

uint32_t drive_buffer_block(const struct mmcemu_drive *d)
{
	return d->buffer_block ? d->buffer_block : DISC_SECTOR_SIZE;
}

uint64_t drive_buffer_rate_at(const struct mmcemu_drive *d, int64_t lba)
{
	/* drive_write_rate counts 2048 user bytes a sector. */
	return drive_write_rate_at(d, lba) * drive_buffer_block(d) / DISC_SECTOR_SIZE;
}

uint64_t drive_write_rate(const struct mmcemu_drive *d)
{
	if (!d->has_medium || !clock_is_timed(&d->clk))
		return 0;
	return mmc_user_rate_from_speed_field(d->media.profile.family,
					      (uint64_t)d->write_speed_kbps * 1000);
}

uint64_t drive_write_rate_at(const struct mmcemu_drive *d, int64_t lba)
{
	uint64_t rate = drive_write_rate(d);
	double f = profile_speed_factor(&d->media.profile, d->write_speed_kbps, lba);
	return f < 1.0 ? (uint64_t)(rate * f + 0.5) : rate;
}

/* SPC-4 4.5.2.4.4: SKSV + a 16-bit fraction of 65536, in the bytes a
 * field pointer with C/D=0 and no bit pointer occupies; libburn and
 * IMAPI poll it. */
enum mmc_sense_code drive_busy_sense(enum media_busy kind, uint32_t progress,
				     struct mmc_field_pointer *fp)
{
	*fp = (struct mmc_field_pointer){.valid = true,
					 .byte = (uint16_t)(progress > 0xFFFF ? 0xFFFF : progress)};
	return kind == MEDIA_FORMATTING ? MMC_SENSE_NOT_READY_FORMAT_IN_PROGRESS
					: MMC_SENSE_NOT_READY_OPERATION_IN_PROGRESS;
}

/* Elapsed / duration in 65536ths; 0 while the buffer is still being
 * written out before the operation proper. */
static uint32_t long_op_progress(const struct drive_long_op *op, uint64_t now)
{
	if (now <= op->start_ns || op->end_ns <= op->start_ns)
		return 0;
	unsigned __int128 p = (unsigned __int128)(now - op->start_ns) * 65536;
	return (uint32_t)(p / (op->end_ns - op->start_ns));
}

enum mmc_sense_code drive_long_op_sense(const struct mmcemu_drive *d,
					struct mmc_field_pointer *fp)
{
	const struct drive_long_op *op = &d->long_op;
	uint64_t now = clock_now_ns(&d->clk);
	if (!d->has_medium || op->kind == MEDIA_IDLE || now >= op->end_ns)
		return MMC_SENSE_NO_SENSE;
	return drive_busy_sense(op->kind, long_op_progress(op, now), fp);
}

void drive_long_op_run(struct mmcemu_drive *d, enum media_busy kind, uint64_t duration_ns,
		       bool immed)
{
	/* The drive records what it holds before it formats or blanks, as
	 * SYNCHRONIZE CACHE would; a new operation starts from scratch. */
	uint64_t start = buffer_flush(&d->buffer, clock_now_ns(&d->clk));
	d->long_op = (struct drive_long_op){.kind = kind, .start_ns = start,
					    .end_ns = start + duration_ns};
	/* Without Immed the initiator waits for the status; the drive is
	 * busy exactly as after Immed (MMC-6 6.2 BLANK, 6.5 FORMAT UNIT: Immed
	 * only says when the status comes back), so the others get the busy sense with
	 * its progress meanwhile. The medium was saved above: nothing is left
	 * to do after the wait, so it does not hold the medium. */
	if (!immed)
		drive_sleep_until(d, d->long_op.end_ns);
}

void drive_sleep_until(struct mmcemu_drive *d, uint64_t t_ns)
{
	if (d->clk.kind != MMCEMU_CLOCK_REAL) {
		clock_wait_until(&d->clk, t_ns);
		return;
	}
	/* A REAL clock reads only constants of d->clk: safe unlocked. */
	pthread_mutex_unlock(&d->lock);
	clock_wait_until(&d->clk, t_ns);
	pthread_mutex_lock(&d->lock);
}

enum mmc_sense_code drive_hold_medium_until(struct mmcemu_drive *d, uint64_t t_ns)
{
	if (d->clk.kind != MMCEMU_CLOCK_REAL) {
		clock_wait_until(&d->clk, t_ns);
		return MMC_SENSE_NO_SENSE;
	}
	d->medium_held = true;
	drive_sleep_until(d, t_ns);
	d->medium_held = false;
	pthread_cond_broadcast(&d->medium_free);
	return drive_medium_ready(d);
}

void drive_wait_medium_free(struct mmcemu_drive *d)
{
	while (d->medium_held)
		pthread_cond_wait(&d->medium_free, &d->lock);
}

/* Mode page 05h as a drive powers on: TAO, mode 1 data, BURN-Free on,
 * no multisession (MMC-6 7.5.4; defaults are vendor specific, these are
 * what common drives report). */
struct write_params drive_default_write_params(void)
{
	return (struct write_params){
		.bufe = true,
		.write_type = 1, /* TAO */
		.multisession = 0,
		.track_mode = 4,
		.data_block_type = 8,
		.session_format = 0,
		.audio_pause_length = 150,
	};
}

static void reset_write_params(struct mmcemu_drive *d)
{
	d->wp = drive_default_write_params();
}

/* Each drive of a process gets its own unit serial (VPD 80h/83h, feature
 * 0108h), so several drives served by one tcmu-runner do not share an
 * identity (udev names /dev/disk/by-id links after it): from its disc
 * file when it has one (serial_from_disc), else numbered in opening
 * order. A transport may overwrite it. */
static void assign_serial(struct mmcemu_drive *d)
{
	static atomic_uint next_serial;
	unsigned n = atomic_fetch_add(&next_serial, 1) + 1;
	snprintf(d->serial, sizeof(d->serial), "DB%08u", n % 100000000u);
}

/* A drive opened on a disc file is that disc's drive (emu:PROFILE:DISC,
 * the tcmu config string): its serial follows the file's identity (device
 * and inode, FNV-1a), so VPD 80h/83h — and the engine's ActiveDiscRecorder
 * id built from them — are the same every time it is opened, in whatever
 * order, as a real drive's are. Different discs give different serials. */
static void serial_from_disc(struct mmcemu_drive *d, const char *disc_path)
{
	struct stat st;
	if (stat(disc_path, &st) != 0)
		return;
	uint64_t key[2] = {(uint64_t)st.st_dev, (uint64_t)st.st_ino};
	uint32_t h = 2166136261u;
	const uint8_t *b = (const uint8_t *)key;
	for (size_t i = 0; i < sizeof(key); i++)
		h = (h ^ b[i]) * 16777619u;
	snprintf(d->serial, sizeof(d->serial), "DB%08X", h);
}

enum mmc_sense_code drive_persist(struct mmcemu_drive *d)
{
	if (disc_store_save(&d->store, &d->media) != 0)
		return MMC_SENSE_HARDWARE_INTERNAL_TARGET_FAILURE;
	drive_record_reset(d); /* the saved disc is the drive's state again */
	return MMC_SENSE_NO_SENSE;
}

/* Opens (or creates) the disc at path into the drive; caller holds the
 * lock or owns the drive exclusively. */
/* A failure caused by the user's file becomes its MMCEMU_E_* code; a
 * failing system (no memory, no permission, a full disk) stays -errno. */
static int as_input_error(int rc, int input_error)
{
	switch (rc) {
	case -ENOMEM:
	case -EACCES:
	case -EPERM:
	case -ENOSPC:
	case -EROFS:
	case -EEXIST:
		return rc;
	default:
		return input_error;
	}
}

static int load_locked(struct mmcemu_drive *d, const char *path,
		       const char *profile, char *err, size_t errlen)
{
	if (access(path, F_OK) != 0) {
		if (!profile) {
			int orphan = disc_store_check_orphan(path, err, errlen);
			if (orphan)
				return orphan;
			snprintf(err, errlen, "%s: no such disc, and no profile given to create one", path);
			return -ENOENT;
		}
		int rc = mmcemu_disc_create(d->profiles_dir, profile, path, err, errlen);
		if (rc)
			return rc;
	}
	/* The disc in the drive keeps what reached its medium (a swap is
	 * a power off for it), before the new one is read over its state. */
	if (d->has_medium)
		drive_record_power_off(d);
	struct disc_store store = {.img_fd = -1};
	int rc = disc_store_open(&store, path, d->profiles_dir, profile, &d->media, err, errlen);
	if (rc)
		return as_input_error(rc, MMCEMU_E_DISC);
	if (d->has_medium)
		disc_store_close(&d->store);
	d->store = store;
	d->has_medium = true;
	d->sim_active = false; /* the simulation was of the disc that left */
	drive_record_reset(d);
	d->tray_open = false;
	/* A drive busy with the disc that left is not busy with this one. */
	d->long_op = (struct drive_long_op){0};
	d->media_event = GESN_NEW_MEDIA;
	drive_reset_speeds(d);
	return 0;
}

int mmcemu_drive_open(const struct mmcemu_drive_config *cfg,
		      struct mmcemu_drive **out, char *err, size_t errlen)
{
	struct mmcemu_drive *d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	d->scratch = malloc(DRIVE_RESPONSE_MAX);
	d->profiles_dir = strdup(profiles_dir_or_default(cfg->profiles_dir));
	if (!d->scratch || !d->profiles_dir) {
		free(d->scratch);
		free(d->profiles_dir);
		free(d);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->medium_free, NULL);
	d->store.img_fd = -1;
	d->clock = cfg->clock;
	clock_init(&d->clk, cfg->clock);
	reset_write_params(d);
	assign_serial(d);
	d->unit_attention = MMC_SENSE_UNIT_ATTENTION_POWER_ON_RESET;

	int n = profile_load_all(d->profiles_dir, d->profiles, PROFILE_MAX_COUNT, err, errlen);
	if (n < 0) {
		mmcemu_drive_close(d);
		return as_input_error(n, MMCEMU_E_PROFILE);
	}
	d->n_profiles = n;
	if (cfg->fault_plan) {
		d->faults = malloc(sizeof(*d->faults));
		int rc = d->faults ? fault_plan_load(cfg->fault_plan, d->faults, err, errlen) : -ENOMEM;
		if (rc) {
			mmcemu_drive_close(d);
			return as_input_error(rc, MMCEMU_E_FAULT_PLAN);
		}
	}
	if (cfg->disc_path) {
		int rc = load_locked(d, cfg->disc_path, cfg->profile, err, errlen);
		if (rc == 0)
			serial_from_disc(d, cfg->disc_path);
		if (rc) {
			mmcemu_drive_close(d);
			return rc;
		}
	}
	*out = d;
	return 0;
}

void mmcemu_drive_close(struct mmcemu_drive *d)
{
	if (!d)
		return;
	if (d->has_medium) {
		drive_record_power_off(d);
		disc_store_close(&d->store);
	}
	pthread_cond_destroy(&d->medium_free);
	pthread_mutex_destroy(&d->lock);
	free(d->faults);
	free(d->scratch);
	free(d->profiles_dir);
	free(d->tray_disc_path);
	free(d);
}

int mmcemu_load_disc(struct mmcemu_drive *d, const char *disc_path,
		     const char *profile, char *err, size_t errlen)
{
	pthread_mutex_lock(&d->lock);
	/* Not under a WRITE that goes on with the disc after its wait. */
	drive_wait_medium_free(d);
	int rc = load_locked(d, disc_path, profile, err, errlen);
	if (rc == 0 && d->unit_attention != MMC_SENSE_UNIT_ATTENTION_POWER_ON_RESET)
		d->unit_attention = MMC_SENSE_UNIT_ATTENTION_MEDIUM_CHANGED;
	pthread_mutex_unlock(&d->lock);
	return rc;
}

enum mmc_sense_code drive_eject_locked(struct mmcemu_drive *d)
{
	if (d->prevent_removal)
		return MMC_SENSE_ILLEGAL_MEDIUM_REMOVAL_PREVENTED;
	if (d->has_medium) {
		/* The disc stays on the tray: remember it for a reload. */
		char *path = d->store.meta_path ? strdup(d->store.meta_path) : NULL;
		drive_record_power_off(d);
		disc_store_close(&d->store);
		free(d->tray_disc_path);
		d->tray_disc_path = path;
		d->media_event = GESN_MEDIA_REMOVAL;
	}
	d->has_medium = false;
	d->tray_open = true;
	drive_reset_speeds(d);
	return MMC_SENSE_NO_SENSE;
}

enum mmc_sense_code drive_load_tray_locked(struct mmcemu_drive *d)
{
	char err[256];
	d->tray_open = false;
	if (d->has_medium || !d->tray_disc_path)
		return MMC_SENSE_NO_SENSE;
	if (load_locked(d, d->tray_disc_path, NULL, err, sizeof(err)) != 0)
		return MMC_SENSE_NOT_READY_UNKNOWN_FORMAT; /* the disc went bad */
	free(d->tray_disc_path);
	d->tray_disc_path = NULL;
	return MMC_SENSE_NO_SENSE;
}

int mmcemu_eject(struct mmcemu_drive *d)
{
	pthread_mutex_lock(&d->lock);
	drive_wait_medium_free(d);
	enum mmc_sense_code rc = drive_eject_locked(d);
	pthread_mutex_unlock(&d->lock);
	return rc == MMC_SENSE_NO_SENSE ? 0 : -EBUSY;
}

void mmcemu_get_stats(struct mmcemu_drive *d, struct mmcemu_stats *out)
{
	pthread_mutex_lock(&d->lock);
	*out = d->stats;
	out->links = d->has_medium ? d->media.link_count : 0;
	pthread_mutex_unlock(&d->lock);
}

int mmcemu_disc_create(const char *profiles_dir, const char *profile,
		       const char *disc_path, char *err, size_t errlen)
{
	struct mmcemu_profile p;
	int rc = profile_load(profiles_dir_or_default(profiles_dir), profile, &p, err, errlen);
	if (rc)
		return as_input_error(rc, MMCEMU_E_PROFILE);
	return disc_store_create(disc_path, &p, err, errlen);
}

int mmcemu_disc_remove(const char *disc_path, char *err, size_t errlen)
{
	return disc_store_remove(disc_path, err, errlen);
}

uint64_t mmcemu_now_ns(struct mmcemu_drive *d)
{
	pthread_mutex_lock(&d->lock);
	uint64_t t = clock_now_ns(&d->clk);
	pthread_mutex_unlock(&d->lock);
	return t;
}

void mmcemu_advance_clock(struct mmcemu_drive *d, uint64_t ns)
{
	pthread_mutex_lock(&d->lock);
	clock_advance(&d->clk, ns);
	pthread_mutex_unlock(&d->lock);
}

void mmcemu_drive_set_max_transfer(struct mmcemu_drive *d, uint32_t blocks)
{
	pthread_mutex_lock(&d->lock);
	d->max_transfer_blocks = blocks;
	pthread_mutex_unlock(&d->lock);
}
