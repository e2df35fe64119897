/* commands.c — the table of every `duban` command.  A new command is one file
 * cmd_<name>.c that defines a cli_command_t, plus one line here. */
#include "cli/cli.h"

#include <stddef.h>

extern const cli_command_t cmd_help;
extern const cli_command_t cmd_version;
extern const cli_command_t cmd_backup;

const cli_command_t *const cli_commands[] = {
	&cmd_help,
	&cmd_version,
	&cmd_backup,
	NULL,
};
