/* mmcemu faults [NAME]: the fault plan presets (docs/fault-plans.md), one
 * per IMAPI failure condition, or the rules of one of them. A preset name
 * or a plan file goes to `mmcemu raw --faults PLAN`. */
#include <string.h>

#include "cli.h"
#include "fault_plan.h"

int cli_faults(const struct cli *cli, int argc, char **argv)
{
	if (argc > 2)
		return cli_fail(cli, "usage: mmcemu faults [PRESET]");
	if (argc == 2) {
		const struct fault_preset *p = fault_preset_find(argv[1]);
		if (!p)
			return cli_fail(cli, "no fault preset %s (see mmcemu faults)", argv[1]);
		printf("# %s: %s (engine: %s)\n%s", p->name, p->description, p->imapi_status,
		       p->text);
		return CLI_OK;
	}
	for (const struct fault_preset *p = fault_presets; p->name; p++)
		printf("%-26s %-46s %s\n", p->name, p->imapi_status, p->description);
	return CLI_OK;
}
