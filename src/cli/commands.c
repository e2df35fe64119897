/* commands.c — the table of every `duban` command.  A new command is one file
 * cmd_<name>.c that defines a cli_command_t, plus one line here. */
#include "cli/cli.h"

#include <stddef.h>

extern const cli_command_t cmd_extract;
extern const cli_command_t cmd_help;
extern const cli_command_t cmd_version;

const cli_command_t *const cli_commands[] = {
	&cmd_extract,
	&cmd_help,
	&cmd_version,
	NULL,
};
