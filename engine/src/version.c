/* db_version(): the library's own version, for programs that check what
 * they were loaded with against DISCBURN_VERSION_STRING. */
#include "discburn/version.h"

const char *db_version(void)
{
	return DISCBURN_VERSION_STRING;
}
