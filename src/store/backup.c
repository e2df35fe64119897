/* backup.c — store_backup: a consistent copy of the whole database in one new SQLite
 * file.  A backend with a native online copy (SQLite's backup API) does it itself; for
 * the others (PostgreSQL) every duban table is read page by page inside one snapshot
 * transaction and written, with its ids, into a freshly migrated SQLite file in one
 * transaction.  So the backup of a shared provincial server is also one file that
 * `duban --db FILE` opens. */
#include "base/mem.h"
#include "store/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define COPY_PAGE 5000

/* One table: its export and import statements and column types (I integer, R real,
 * T text; any may be NULL).  The first nkeys columns are the paging key. */
typedef struct copy_table {
	store_stmt_t out, in;
	const char *types;
	int nkeys;
} copy_table_t;

/* In foreign-key order (they are deferred anyway: a node's parent may have a higher id
 * after a move). */
static const copy_table_t copy_tables[] = {
	{ ST_COPY_OUT_UNITS, ST_COPY_IN_UNITS, "IITT", 1 },
	{ ST_COPY_OUT_USERS, ST_COPY_IN_USERS, "ITTTTII", 1 },
	{ ST_COPY_OUT_PLANS, ST_COPY_IN_PLANS, "ITTITT", 1 },
	{ ST_COPY_OUT_NODES, ST_COPY_IN_NODES, "IIIITTTTII", 1 },
	{ ST_COPY_OUT_NODE_UNITS, ST_COPY_IN_NODE_UNITS, "II", 2 },
	{ ST_COPY_OUT_TARGETS, ST_COPY_IN_TARGETS, "IITTRTTTTR", 1 },
	{ ST_COPY_OUT_PROJECTS, ST_COPY_IN_PROJECTS, "IITITTRRR", 1 },
	{ ST_COPY_OUT_REPORTS, ST_COPY_IN_REPORTS, "IITITTRTTTTT", 1 },
	{ ST_COPY_OUT_AUDIT, ST_COPY_IN_AUDIT, "ITTTTITTT", 1 },
	{ ST_COPY_OUT_SEARCH, ST_COPY_IN_SEARCH, "ITITT", 1 },
	/* v5: imported documents, results, glossary, promise checks */
	{ ST_COPY_OUT_DOCS, ST_COPY_IN_DOCS, "ITTTITTT", 1 },
	{ ST_COPY_OUT_RESULTS, ST_COPY_IN_RESULTS, "IIITTRRTRTTITII", 1 },
	{ ST_COPY_OUT_GLOSSARY, ST_COPY_IN_GLOSSARY, "IIITTTIIT", 1 },
	{ ST_COPY_OUT_PROMISES, ST_COPY_IN_PROMISES, "IIITTT", 2 },
	/* v7: supervision settings, text keys: one page (only the known keys are ever set) */
	{ ST_COPY_OUT_SETTINGS, ST_COPY_IN_SETTINGS, "TTTT", 0 },
};

#define COPY_MAX_COLS 16

typedef struct copy_state {
	store_t *dst;
	const copy_table_t *t;
	long long key[2];
	long long rows; /* in this page */
	err_t *e;
} copy_state_t;

static int copy_row(store_t *s, const store_row_t *row, void *ud)
{
	copy_state_t *c = ud;
	store_val_t p[COPY_MAX_COLS];
	int n = (int)strlen(c->t->types);
	for (int i = 0; i < n; i++) {
		if (s->be->col_null(row, i))
			p[i] = SV_N();
		else if (c->t->types[i] == 'I')
			p[i] = SV_I(s->be->col_int(row, i));
		else if (c->t->types[i] == 'R')
			p[i] = SV_R(s->be->col_real(row, i));
		else
			p[i] = SV_S(s->be->col_text(row, i));
	}
	for (int k = 0; k < c->t->nkeys; k++)
		c->key[k] = s->be->col_int(row, k); /* keys are never NULL */
	c->rows++;
	return store_q(c->dst, c->t->in, p, n, NULL, c->e);
}

static int copy_table(store_t *s, store_t *dst, const copy_table_t *t, err_t *e)
{
	copy_state_t c = { .dst = dst, .t = t, .key = { LLONG_MIN, LLONG_MIN }, .e = e };
	int rc = 0;
	do {
		store_val_t p[3];
		int n = 0;
		for (int k = 0; k < t->nkeys; k++)
			p[n++] = SV_I(c.key[k]);
		p[n++] = SV_I(COPY_PAGE);
		c.rows = 0;
		rc = store_q_rows(s, t->out, p, n, copy_row, &c, e);
	} while (rc == 0 && t->nkeys > 0 && c.rows == COPY_PAGE);
	return rc;
}

static int row_version(store_t *s, const store_row_t *row, void *ud)
{
	*(long long *)ud = s->be->col_null(row, 0) ? 0 : s->be->col_int(row, 0);
	return 0;
}

/* Copies every table while s holds its snapshot transaction. */
static int copy_all(store_t *s, store_t *dst, int dst_version, err_t *e)
{
	long long version = 0;
	int rc = store_q_rows(s, ST_MIG_MAX, NULL, 0, row_version, &version, e);
	if (rc == 0 && version != dst_version)
		rc = err_set(e, ERR_DB,
			     "store: backup: the database has schema version %lld, this program "
			     "writes %d: run `duban migrate` first",
			     version, dst_version);
	if (rc == 0)
		rc = store_begin(dst, e);
	if (rc < 0)
		return rc;
	rc = store_q(dst, ST_COPY_BEGIN, NULL, 0, NULL, e);
	for (size_t i = 0; rc == 0 && i < sizeof(copy_tables) / sizeof(copy_tables[0]); i++)
		rc = copy_table(s, dst, &copy_tables[i], e);
	if (rc == 0) /* derived from the reports: rebuilt rather than copied */
		rc = store_q(dst, ST_LATEST_REBUILD, NULL, 0, NULL, e);
	if (rc == 0)
		return store_commit(dst, e);
	store_rollback(dst, NULL);
	return rc;
}

static int backup_logical(store_t *s, const char *path, err_t *e)
{
	char url[4096];
	if (snprintf(url, sizeof(url), "sqlite:%s", path) >= (int)sizeof(url))
		return err_set(e, ERR_LIMIT, "store: backup path too long");
	store_t *dst = store_open(url, e);
	if (dst == NULL)
		return e ? e->code : ERR_DB;
	int version = 0;
	int rc = store_migrate(dst, &version, e);
	if (rc == 0)
		rc = s->be->begin_snapshot(s, e);
	if (rc == 0) {
		s->depth = 1;
		rc = copy_all(s, dst, version, e);
		s->depth = 0;
		s->be->rollback(s, NULL); /* read only: nothing to keep */
	}
	store_close(dst);
	return rc;
}

static void remove_copy(const char *path)
{
	static const char *const sides[] = { "-wal", "-shm", "-journal" };
	char side[4200];
	unlink(path);
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", path, sides[i]);
		unlink(side);
	}
}

int store_backup(store_t *s, const char *path, err_t *e)
{
	if (path == NULL || path[0] == '\0')
		return err_set(e, ERR_INVALID, "store: backup needs a file name");
	if (s->depth > 0)
		return err_set(e, ERR_USAGE, "store: backup inside a transaction");
	/* O_EXCL: never overwrite, even when another process creates the file meanwhile */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST
			       ? err_set(e, ERR_CONFLICT, "store: backup: %s already exists", path)
			       : err_set(e, ERR_IO, "store: backup: cannot create %s: %s", path,
					 strerror(errno));
	close(fd);
	int rc = s->be->backup ? s->be->backup(s, path, e) : backup_logical(s, path, e);
	if (rc < 0)
		remove_copy(path);
	return rc;
}
