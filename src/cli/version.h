/* version.h — duban's version string. */
#ifndef DUBAN_CLI_VERSION_H
#define DUBAN_CLI_VERSION_H

#define DUBAN_VERSION "0.1.0"

#endif
