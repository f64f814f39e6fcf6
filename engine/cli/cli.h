/* Shared pieces of the discburn CLI: error reporting, drive opening,
 * JSON output, progress display. */
#ifndef DISCBURN_CLI_H
#define DISCBURN_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <pthread.h>
#include <stdatomic.h>

#include "discburn/recorder.h"
#include "discburn/status.h"
#include "discburn/write_engine.h"

/* Exit codes (docs/errors.md): one per kind of bad input, so scripts can
 * tell a bad image from a bad drive from a failed burn. */
enum {
	CLI_OK = 0,
	CLI_FAILED = 1, /* the drive or medium failed the operation */
	CLI_USAGE = 2,
	CLI_IMAGE_UNREADABLE = 3, /* missing, unreadable or not a file */
	CLI_IMAGE_NOT_SECTORS = 4, /* not a multiple of 2048 bytes */
	CLI_IMAGE_TOO_LARGE = 5, /* more than the medium's free space */
	CLI_NO_DRIVE = 6, /* no such drive */
	CLI_NOT_MMC = 7, /* the path is not an optical (MMC) drive */
	CLI_BAD_PROFILE = 8, /* emu: a media profile is missing or invalid */
	CLI_BAD_FAULT_PLAN = 9, /* emu: the fault plan is not valid */
	CLI_BAD_DISC = 10, /* emu: the disc file is damaged or of another medium */
	CLI_IMAGE_NO_FILE_SYSTEM = 11, /* check-image: no valid volume recognition sequence */
};

extern const char *cli_command; /* "write-section", for messages */

/* help.c: `discburn COMMAND --help`. The one-line synopsis, the n-th
 * command's name (NULL past the end), and the whole help (false for an
 * unknown command). */
const char *cli_help_synopsis(const char *command);
const char *cli_help_command(size_t i);
bool cli_help_print(FILE *f, const char *command);

/* "discburn: CMD: E_NAME (0xHHHHHHHH): message [sense K/AA/QQ after OP]"
 * on stderr; returns CLI_FAILED, or the image size codes for the
 * Format2Data statuses about the stream. rec may be NULL. */
int cli_fail(db_status st, struct db_recorder *rec, const char *what);
/* The fact the next cli_fail adds after IMAPI's message, in Linux terms
 * ("no such drive: /dev/sr9"); cli_fail clears it. */
void cli_fact(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Set by a command given --json / --json-events: cli_fail then also
 * prints the JSON error object on stdout (docs/engine.md). */
extern bool cli_json;
/* That object: message NULL for IMAPI's, the fact set by cli_fact (then
 * cleared by cli_fail only), what the file or drive, d (may be NULL) for
 * the command and sense. */
struct db_device;
/* Keeps d's last sense and opcode for the next cli_fail (which clears
 * it): for a fact that sends commands of its own to find out. */
void cli_hold_sense(struct db_device *d);
void cli_json_error(db_status st, const char *message, const char *what, struct db_device *d);
/* 409600 -> "409,600". */
const char *cli_grouped(long long v, char out[32]);
/* The same for a drive that did not open, and an image that did not:
 * they return the exit code of that kind of bad input. */
int cli_fail_drive(db_status st, const char *drive);
int cli_fail_image(db_status st, const char *path);
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A whole integer option value (decimal, 0x hex): anything else — empty,
 * trailing junk, out of range — is a usage error naming the option. */
bool cli_number(const char *option, const char *arg, long long *out);

/* Opens a recorder by name (emu: drives included). */
db_status cli_open_recorder(const char *drive, struct db_recorder **out);

/* cli_simulate.c, --simulate: DB_S_OK when the medium in r can be
 * written with Test Write (page 05h), else prints "DVD+R has no test
 * write (simulation)" and returns E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE.
 * cli_simulate_set turns the Test Write bit of the drive's page 05h on or
 * off (write-section; DiscFormat2Data sets it itself). */
db_status cli_simulate_refusal(struct db_recorder *r);
db_status cli_simulate_set(struct db_recorder *r, bool on);

/* cli_burn.c: the drive, then the image; CLI_OK or the exit status of
 * what did not open (message printed, nothing left open). */
int cli_open_drive_and_image(const char *drive, const char *image, struct db_recorder **r,
			     struct db_stream **s);
/* Ctrl-C / SIGTERM cancel a burn: block them first thing, then watch
 * around the burn. */
struct cli_cancel_watch {
	pthread_t thread;
	bool running;
	void (*cancel)(void *ctx);
	void *ctx;
	/* The signal that cancelled, 0 if none: set by the watcher thread,
	 * read by the burn's loop while it runs (cmd_audio: no new track). */
	atomic_int signal;
};
/* The fact of a cancelled burn of n sectors from start: what the drive
 * says reached the disc (READ TRACK INFORMATION). */
void cli_explain_cancel(struct db_recorder *r, int32_t start, int32_t n);
/* The fact of a WRITE refused at lba for its address (5/21/02): the
 * next writable address. */
void cli_explain_address(struct db_recorder *r, long long lba);
/* After a cancelled burn: 128 + the signal (130 SIGINT, 143 SIGTERM). */
int cli_cancel_exit(int signal);
void cli_block_cancel_signals(void);
void cli_cancel_watch_start(struct cli_cancel_watch *w, void (*cancel)(void *ctx), void *ctx);
void cli_cancel_watch_stop(struct cli_cancel_watch *w);

/* JSON helpers: a string with escapes. */
void json_string(FILE *f, const char *s);

/* Progress arithmetic, pure (unit-tested in tests/unit/engine/
 * test_cli_progress.c). The rate is a moving window over the last
 * window_ms, as burners show the current speed, not the average since
 * the start. */
#define CLI_RATE_SAMPLES 64
struct cli_rate {
	uint64_t window_ms;
	unsigned first, count; /* ring of samples, oldest at first */
	uint64_t ms[CLI_RATE_SAMPLES];
	int64_t done[CLI_RATE_SAMPLES];
	uint64_t now_ms; /* the newest sample, kept even when the ring drops it */
	int64_t now_done;
};
void cli_rate_init(struct cli_rate *r, uint64_t window_ms);
/* One sample: done units after ms. Samples closer than window/32 to the
 * last are dropped, so the ring spans the window at any call rate. */
void cli_rate_add(struct cli_rate *r, uint64_t ms, int64_t done);
/* Units per second over the window (from its oldest kept sample to the
 * newest); 0 before two samples apart in time. */
double cli_rate_per_second(const struct cli_rate *r);
/* Seconds left at rate; -1 when unknown (no rate yet). */
double cli_eta_seconds(int64_t done, int64_t total, double rate);
/* The speed in multiples of the medium's 1x (bytes per second of user
 * data, mmc_family_1x_bytes_per_second); -1 when the 1x is unknown. */
double cli_speed_x(double sectors_per_s, uint32_t bytes_per_sector, uint32_t one_x);
/* "h:mm:ss"; "-:--:--" for a negative (unknown) time. */
void cli_format_time(char *out, size_t cap, double seconds);

/* The write graph (--graph FILE.svg): speed in Nx and both buffer fills
 * against the LBA, from the same samples as --json-events (graph.c). */
struct cli_graph_point {
	int32_t lba;
	double x; /* Nx; < 0 unknown */
	int host; /* percent; < 0 unknown */
	int drive;
};
struct cli_graph_mark {
	int32_t lba;
	char label[48];
};
struct cli_graph {
	const char *path;
	int32_t start_lba, end_lba;
	size_t n, cap;
	struct cli_graph_point *pts;
	size_t n_marks, cap_marks;
	struct cli_graph_mark *marks;
	char medium[32]; /* "DVD+RW" for the title */
};
void cli_graph_init(struct cli_graph *g, const char *path);
void cli_graph_add(struct cli_graph *g, const struct cli_graph_point *pt);
void cli_graph_mark(struct cli_graph *g, int32_t lba, const char *label);
/* Writes the SVG; false (with a message) when the file cannot be written. */
bool cli_graph_write_svg(const struct cli_graph *g, FILE *f);
bool cli_graph_save(const struct cli_graph *g);
/* --graph's argument: an .svg name that can be written; false with a
 * message otherwise. */
bool cli_graph_check_path(const char *path);
void cli_graph_free(struct cli_graph *g);

/* Progress output for write-section, write, erase and read: a bar on a
 * terminal, plain lines every few seconds otherwise, JSON lines with
 * json. */
struct cli_progress {
	bool json;
	bool tty;
	const char *verb; /* "write", "read" */
	uint64_t last_ms;
	int last_percent;
	/* The done event's message instead of the status's IMAPI one. */
	const char *message;
	/* Erase: percent and time only (no sectors, no rate). */
	bool time_only;
	struct cli_rate rate;
	double rate_sps; /* the window's rate, sectors (units) per second */
	/* From cli_progress_attach: the drive whose buffer is polled and
	 * the medium's 1x. */
	struct db_device *dev;
	uint32_t one_x; /* bytes/s; 0 unknown */
	uint32_t bytes_per_sector;
	uint64_t last_poll_ms;
	bool polled, poll_failed;
	uint32_t drive_size, drive_free; /* READ BUFFER CAPACITY, bytes */
	int drive_fill, host_fill; /* percent; -1 unknown */
	struct cli_graph *graph; /* NULL: no --graph */
	/* BURN-Free links: known only for an emulated drive (a real drive
	 * does not report them); counted from cli_progress_attach on, each
	 * new one marked on the graph at the LBA it happened by. */
	struct db_transport *transport;
	bool links_known;
	uint64_t links0, links;
	/* For the closing summary. */
	int64_t written;
	uint64_t write_ms;
};
void cli_progress_init(struct cli_progress *p, const char *verb, bool json);
/* Polls the recorder's buffer and takes the medium's 1x from its profile. */
void cli_progress_attach(struct cli_progress *p, struct db_recorder *r);
/* A new action with its own bar: keeps the drive, graph and totals. */
void cli_progress_restart(struct cli_progress *p, const char *verb);
/* Takes one write event: rate window, host and drive buffer (polled at
 * most every 500 ms), the graph. cli_progress_write calls it. */
void cli_progress_sample(struct cli_progress *p, const struct db_write_progress *ev);
/* The keys --json-events adds to a write event: ,"rate_sectors_per_second":..
 * (no braces). */
void cli_progress_json_extra(const struct cli_progress *p, FILE *f);
void cli_progress_write(const struct db_write_progress *ev, void *ctx);
/* done/total sectors after elapsed ms, with an optional buffer fill. */
void cli_progress_show(struct cli_progress *p, int64_t done, int64_t total, uint64_t ms,
		       int buffer_percent, bool final);
/* "in 0:01:02, average 7.9x" for the closing line; "" before a write. */
void cli_progress_summary(const struct cli_progress *p, char *out, size_t cap);
void cli_progress_end(struct cli_progress *p, db_status st);

/* cli_fsimage.c: the file-system image of mkimage and burn. */
struct db_fs_image;
#define CLI_MAX_GRAFTS 256
struct cli_tree_opts {
	const char *volume; /* -V */
	bool no_joliet, no_rockridge;
	int level; /* --iso-level, 0: the image's default */
	const char *grafts[CLI_MAX_GRAFTS]; /* --graft DISCPATH=LOCALPATH */
	size_t n_grafts;
	const char *boot; /* --boot IMG: El Torito, no emulation */
	bool efi; /* --efi: its platform is EFI, not x86 */
	bool append; /* burn --append: grow the disc's last session */
};
/* getopt codes of the tree options (with 'V' for --volume); each command
 * lists the long options in its own table (help_man_check.sh reads them). */
enum {
	CLI_OPT_NO_JOLIET = 0x1000,
	CLI_OPT_JOLIET,
	CLI_OPT_NO_ROCKRIDGE,
	CLI_OPT_ROCKRIDGE,
	CLI_OPT_ISO_LEVEL,
	CLI_OPT_GRAFT,
	CLI_OPT_BOOT,
	CLI_OPT_EFI,
	CLI_OPT_APPEND,
};
/* CLI_OK, CLI_USAGE (message printed), or -1 when c is no tree option. */
int cli_tree_option(int c, const char *arg, struct cli_tree_opts *t);
/* The image of PATHs (a directory's contents into the root, a file under
 * its name) and the grafts; r: the drive it is for (ChooseImageDefaults),
 * NULL for a file. CLI_OK, or the exit code after the message. */
int cli_build_fs_image(const struct cli_tree_opts *t, char **paths, int n,
		       struct db_recorder *r, struct db_fs_image **out);
/* Destroys what cli_build_fs_image made (the image, and for --append the
 * multisession object it borrows). */
void cli_fs_image_free(struct db_fs_image *img);
/* cli_fail with the image's last error as the fact. */
int cli_fs_image_fail(struct db_fs_image *img, db_status st, const char *what);
/* "discburn: VERB: 17 files, 12 directories, 1,234 blocks (2.4 MiB), volume X" */
void cli_fs_image_summary(const char *verb, struct db_fs_image *img, int32_t blocks);

int cli_cmd_drives(int argc, char **argv);
int cli_cmd_info(int argc, char **argv);
int cli_cmd_write_section(int argc, char **argv);
int cli_cmd_read(int argc, char **argv);
/* cmd_read_audio.c: read --track N --audio OUT.wav. */
int cli_read_audio(const char *drive, unsigned track, const char *out, bool json);
int cli_cmd_write(int argc, char **argv);
int cli_cmd_erase(int argc, char **argv);
int cli_cmd_msinfo(int argc, char **argv);
int cli_cmd_eject(int argc, char **argv);
int cli_cmd_load(int argc, char **argv);
int cli_cmd_check_image(int argc, char **argv);
int cli_cmd_mkimage(int argc, char **argv);
int cli_cmd_burn(int argc, char **argv);
int cli_cmd_audio(int argc, char **argv);

#endif
