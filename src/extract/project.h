/* project.h — named key projects with an investment amount ("总投资128亿元的中国电科涞水
 * 产业园", "XX项目，总投资X亿元"), with stage and place when written; aggregates
 * ("106个项目总投资308.12亿元") are not projects. */
#ifndef DUBAN_EXTRACT_PROJECT_H
#define DUBAN_EXTRACT_PROJECT_H

#include "base/err.h"
#include "extract/draft.h"
#include "extract/extract.h"
#include "extract/text.h"

/* Appends the projects of t to d->projects.  d->nodes must be filled already.
 * 0 or ERR_NOMEM. */
int project_extract(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e);

#endif
