/* deadline.h — reading a deadline as plan documents and ledgers write it ("年底",
 * "到2025年", "2025年前", "2024-06-30") into the last day it means. */
#ifndef DUBAN_MODEL_DEADLINE_H
#define DUBAN_MODEL_DEADLINE_H

#include "base/err.h"
#include "base/str.h"
#include "model/date.h"

/* The last day text means for a plan of plan_year: "2024-06-30" as is; "2025",
 * "到2025年", "2025年底", "2025年前" (the first four-digit year: its 31 December);
 * "年底", "年内", "年末", "今年" or empty (31 December of plan_year).  ERR_INVALID with a
 * message quoting the text when it is none of these. */
int deadline_parse(str_t text, int plan_year, date_t *out_date, err_t *e);

#endif
