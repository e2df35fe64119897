/* commands.c — the table of every `duban` command.  A new command is one file
 * cmd_<name>.c that defines a cli_command_t, plus its two lines here. */
#include "cli/cli.h"

#include <stddef.h>

extern const cli_command_t cmd_help;
extern const cli_command_t cmd_version;
extern const cli_command_t cmd_extract;
extern const cli_command_t cmd_init;
extern const cli_command_t cmd_unit;
extern const cli_command_t cmd_user;
extern const cli_command_t cmd_plan;
extern const cli_command_t cmd_assign;
extern const cli_command_t cmd_target;
extern const cli_command_t cmd_project;
extern const cli_command_t cmd_report;
extern const cli_command_t cmd_status;
extern const cli_command_t cmd_rank;
extern const cli_command_t cmd_config;
extern const cli_command_t cmd_promise;
extern const cli_command_t cmd_import;
extern const cli_command_t cmd_import_ledger;
extern const cli_command_t cmd_export;
extern const cli_command_t cmd_demo;
extern const cli_command_t cmd_serve;
extern const cli_command_t cmd_backup;

/* clang-format off */
const cli_command_t *const cli_commands[] = {
	&cmd_help,
	&cmd_version,
	&cmd_extract,
	&cmd_import,
	&cmd_init,
	&cmd_unit,
	&cmd_user,
	&cmd_plan,
	&cmd_assign,
	&cmd_target,
	&cmd_project,
	&cmd_report,
	&cmd_status,
	&cmd_rank,
	&cmd_config,
	&cmd_promise,
	&cmd_import_ledger,
	&cmd_export,
	&cmd_demo,
	&cmd_serve,
	&cmd_backup,
	NULL,
};
/* clang-format on */
