/* qualifier.h — the qualifier of a quantified target (左右 about, 以上 at least, 以内 at
 * most, 接近 nearly, 力争 strive, 确保 guarantee): the stable code the ledger stores and
 * the Chinese word people read. */
#ifndef DUBAN_MODEL_QUALIFIER_H
#define DUBAN_MODEL_QUALIFIER_H

/* The code of a qualifier given as a code or its Chinese word (also 近 for nearly);
 * "" for NULL or ""; NULL when unknown.  Static storage. */
const char *qualifier_code(const char *text);
/* The Chinese word of a code, or the text itself when it is no code ("" for NULL). */
const char *qualifier_label(const char *code);

#endif
