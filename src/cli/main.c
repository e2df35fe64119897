/* main.c — the entry point of the duban binary; everything else is in cli_main. */
#include "cli/cli.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	return cli_main(argc, argv, stdout, stderr);
}
