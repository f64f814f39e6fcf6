/* The mmcemu tool: one file per subcommand, shared helpers in cli_util.c.
 * Exit status: 0 success, 1 a command got CHECK CONDITION, 2 bad
 * arguments, unknown profile, unreadable or unwritable files. */
#ifndef MMCEMU_CLI_H
#define MMCEMU_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_CHECK_CONDITION = 1, CLI_USAGE = 2 };

struct cli {
	const char *prog;
	const char *profiles_dir; /* NULL: the library's default */
};

/* Subcommands: argv[0] is the subcommand name. */
int cli_profiles(const struct cli *cli, int argc, char **argv);
int cli_new(const struct cli *cli, int argc, char **argv);
int cli_rm(const struct cli *cli, int argc, char **argv);
int cli_show(const struct cli *cli, int argc, char **argv);
int cli_raw(const struct cli *cli, int argc, char **argv);
int cli_faults(const struct cli *cli, int argc, char **argv);
#ifdef MMCEMU_CLI_ATTACH
int cli_attach(const struct cli *cli, int argc, char **argv);
int cli_detach(const struct cli *cli, int argc, char **argv);
#endif

/* Prints "mmcemu: message" on stderr and returns CLI_USAGE. */
int cli_fail(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Value of an option given as "--name VALUE" or "--name=VALUE" at
 * argv[*i]; advances *i past it. NULL when argv[*i] is not that option;
 * *missing is set when the option has no value. */
const char *cli_option(int argc, char **argv, int *i, const char *name, bool *missing);

/* Parses hex bytes ("12 00 00 00 60 00", "120000006000", "12:00:..").
 * Returns the count, or -1 on a bad digit or an odd number of digits. */
int cli_parse_hex(const char *s, uint8_t *out, size_t cap);

/* xxd-style dump: offset, 16 bytes in groups of two, ASCII. */
void cli_hexdump(FILE *f, const uint8_t *p, size_t n);

/* Reads a whole file (malloc'd); -errno on failure. */
int cli_read_file(const char *path, uint8_t **out, size_t *len);
int cli_write_file(const char *path, const uint8_t *p, size_t len);

/* Writes s as a JSON string literal. */
void cli_json_string(FILE *f, const char *s);

#endif
