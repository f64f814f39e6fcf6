/* Fault plans: scripted failures a test or a user injects into a drive.
 * A plan is a list of rules "on TRIGGER do ACTION" (format and presets:
 * docs/fault-plans.md). The dispatcher asks the plan before each command;
 * the plan counts commands and firings itself. Pure logic, no I/O except
 * loading the file. */
#ifndef MMCEMU_FAULT_PLAN_H
#define MMCEMU_FAULT_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmc/sense.h"

#define FAULT_MAX_RULES 32
#define FAULT_MAX_OPCODES 8

enum fault_action_kind {
	FAULT_SENSE, /* fail the command with this sense */
	FAULT_DELAY, /* the command takes this much longer */
	FAULT_NOT_READY, /* 02/04/01 to every media command for a while */
	FAULT_LONG_WRITE, /* 02/04/08 to every command for a while */
	FAULT_EJECT, /* the medium leaves the drive (then 02/3A/xx) */
	FAULT_CHANGE_MEDIUM, /* eject and reload: the next command gets 06/28/00 */
	FAULT_WRITE_PROTECT, /* the medium becomes write protected */
	FAULT_DROP, /* no reply: the initiator times out */
	FAULT_VANISH, /* the device is gone: every later command is dropped */
	FAULT_CORRUPT, /* flip bits in the data read back */
	FAULT_GARBAGE, /* answer with a malformed (truncated) response */
};

struct fault_action {
	enum fault_action_kind kind;
	struct mmc_sense sense; /* FAULT_SENSE */
	uint32_t ms; /* DELAY, NOT_READY, LONG_WRITE */
};

enum fault_repeat { FAULT_ONCE, FAULT_ALWAYS, FAULT_TIMES };

struct fault_rule {
	/* Trigger. No opcode = any command. */
	uint8_t opcodes[FAULT_MAX_OPCODES];
	unsigned n_opcodes;
	bool has_lba;
	int64_t lba_first, lba_last; /* the command's blocks overlap this range */
	uint64_t nth; /* 0 = any; else fire from the n-th matching command */
	uint64_t after_ms; /* 0 = any time; else only after this much drive time */
	enum fault_repeat repeat;
	uint32_t times; /* FAULT_TIMES */
	/* "until OPCODES": the first command with one of these opcodes ends
	 * the rule for good (a condition the host clears with a command,
	 * such as 02/04/02 until START STOP UNIT). */
	uint8_t until_ops[FAULT_MAX_OPCODES];
	unsigned n_until;
	/* State. */
	bool ended; /* an "until" command has arrived */
	uint64_t matched; /* matching commands seen */
	uint32_t fired;
	struct fault_action action;
	unsigned line; /* for messages */
};

struct fault_plan {
	char name[64]; /* preset name or file name */
	struct fault_rule rules[FAULT_MAX_RULES];
	unsigned n_rules;
};

/* What the dispatcher knows about a command before running it. */
struct fault_ctx {
	uint8_t opcode;
	bool has_lba;
	int64_t lba;
	uint32_t blocks;
	uint64_t now_ms; /* drive clock */
};

/* Parses plan text; on error returns -EINVAL with "NAME:LINE: problem". */
int fault_plan_parse(const char *text, const char *name, struct fault_plan *out,
		     char *err, size_t errlen);

/* Loads a preset by name (case-insensitive) or else a file. */
int fault_plan_load(const char *preset_or_path, struct fault_plan *out,
		    char *err, size_t errlen);

/* The action to apply to this command, or NULL. Updates the counters. */
const struct fault_action *fault_plan_match(struct fault_plan *plan,
					    const struct fault_ctx *ctx);

struct fault_preset {
	const char *name;
	const char *imapi_status; /* what the engine should report */
	const char *description;
	const char *text;
};

/* The presets, one per IMAPI failure condition; NULL-terminated. */
extern const struct fault_preset fault_presets[];
const struct fault_preset *fault_preset_find(const char *name);

#endif
