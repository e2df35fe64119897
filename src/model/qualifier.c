/* qualifier.c — target qualifiers: codes and Chinese words (qualifier.h). */
#include "model/qualifier.h"

#include <string.h>

static const char *const quals[][2] = {
	{ "about", "左右" },  { "at_least", "以上" }, { "at_most", "以内" },
	{ "nearly", "接近" }, { "strive", "力争" },   { "guarantee", "确保" },
};

const char *qualifier_code(const char *text)
{
	if (!text || !text[0])
		return "";
	for (size_t i = 0; i < sizeof quals / sizeof quals[0]; i++)
		if (strcmp(text, quals[i][0]) == 0 || strcmp(text, quals[i][1]) == 0)
			return quals[i][0];
	if (strcmp(text, "近") == 0)
		return "nearly";
	return NULL;
}

const char *qualifier_label(const char *code)
{
	for (size_t i = 0; code && i < sizeof quals / sizeof quals[0]; i++)
		if (strcmp(code, quals[i][0]) == 0)
			return quals[i][1];
	return code ? code : "";
}
