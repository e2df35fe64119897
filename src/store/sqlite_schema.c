/* sqlite_schema.c — the SQLite schema as its migrations, v1 to STORE_SCHEMA_VERSION, in
 * order (sqlite.c applies them; pg.c has the PostgreSQL text of the same steps).  Text
 * that is the same on both backends comes from sql_shared.h. */
#include "store/sqlite_schema.h"

#include "store/sql_shared.h"
#include "store/sqlite_v5.h"
#include "store/store.h"

static const char mig1[] =
	"CREATE TABLE units ("
	" id INTEGER PRIMARY KEY,"
	" parent_id INTEGER REFERENCES units(id),"
	" name TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" display_name TEXT NOT NULL DEFAULT '',"
	" pw_hash TEXT NOT NULL,"
	" role TEXT NOT NULL,"
	" unit_id INTEGER REFERENCES units(id),"
	" disabled INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE plans ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" source TEXT NOT NULL DEFAULT '',"
	" year INTEGER NOT NULL DEFAULT 0,"
	" state TEXT NOT NULL DEFAULT 'draft',"
	" created_at TEXT NOT NULL);"
	"CREATE TABLE nodes ("
	" id INTEGER PRIMARY KEY,"
	" plan_id INTEGER NOT NULL REFERENCES plans(id),"
	" parent_id INTEGER REFERENCES nodes(id),"
	" seq INTEGER NOT NULL DEFAULT 0,"
	" label TEXT NOT NULL DEFAULT '',"
	" title TEXT NOT NULL,"
	" body TEXT NOT NULL DEFAULT '',"
	" deadline TEXT NOT NULL DEFAULT '',"
	" lead_unit_id INTEGER REFERENCES units(id),"
	" version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX nodes_plan ON nodes(plan_id, parent_id, seq);"
	"CREATE INDEX nodes_lead ON nodes(lead_unit_id);"
	"CREATE TABLE node_units ("
	" node_id INTEGER NOT NULL REFERENCES nodes(id),"
	" unit_id INTEGER NOT NULL REFERENCES units(id),"
	" PRIMARY KEY (node_id, unit_id));"
	"CREATE INDEX node_units_unit ON node_units(unit_id);"
	"CREATE TABLE targets ("
	" id INTEGER PRIMARY KEY,"
	" node_id INTEGER NOT NULL REFERENCES nodes(id),"
	" indicator TEXT NOT NULL,"
	" verb TEXT NOT NULL DEFAULT '',"
	" value REAL,"
	" unit TEXT NOT NULL DEFAULT '',"
	" qualifier TEXT NOT NULL DEFAULT '',"
	" deadline TEXT NOT NULL DEFAULT '',"
	" text TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX targets_node ON targets(node_id);"
	"CREATE TABLE projects ("
	" id INTEGER PRIMARY KEY,"
	" plan_id INTEGER REFERENCES plans(id),"
	" name TEXT NOT NULL,"
	" owner_unit_id INTEGER REFERENCES units(id),"
	" place TEXT NOT NULL DEFAULT '',"
	" stage TEXT NOT NULL DEFAULT '',"
	" total_invest REAL NOT NULL DEFAULT 0,"
	" plan_invest REAL NOT NULL DEFAULT 0,"
	" done_invest REAL NOT NULL DEFAULT 0);"
	"CREATE TABLE reports ("
	" id INTEGER PRIMARY KEY,"
	" unit_id INTEGER NOT NULL REFERENCES units(id),"
	" item_kind TEXT NOT NULL CHECK (item_kind IN ('node', 'target', 'project')),"
	" item_id INTEGER NOT NULL,"
	" period TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),"
	" actual_value REAL,"
	" stage TEXT NOT NULL DEFAULT '',"
	" narrative TEXT NOT NULL DEFAULT '',"
	" comment TEXT NOT NULL DEFAULT '',"
	" updated_at TEXT NOT NULL,"
	" UNIQUE (unit_id, item_kind, item_id, period));"
	"CREATE INDEX reports_period ON reports(period);"
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" entity TEXT NOT NULL,"
	" entity_id INTEGER NOT NULL,"
	" before_json TEXT,"
	" after_json TEXT);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are immutable'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are immutable'); END;";

static const char mig2[] = "CREATE VIRTUAL TABLE search_fts USING fts5("
			   "kind UNINDEXED, item_id UNINDEXED, title UNINDEXED, body,"
			   " tokenize = 'trigram');";

/* Sessions shared by every `duban serve` on the database, and login-failure counters
 * (per account and per address, within a time window).  Times are Unix seconds. */
static const char mig_sessions[] = "CREATE TABLE sessions ("
				   " id INTEGER PRIMARY KEY,"
				   " token_hash TEXT NOT NULL UNIQUE,"
				   " user_id INTEGER NOT NULL REFERENCES users(id),"
				   " created_at INTEGER NOT NULL,"
				   " last_seen INTEGER NOT NULL,"
				   " expires_at INTEGER NOT NULL,"
				   " csrf TEXT NOT NULL,"
				   " client TEXT NOT NULL DEFAULT '');"
				   "CREATE INDEX sessions_user ON sessions(user_id);"
				   "CREATE TABLE login_failures ("
				   " key TEXT PRIMARY KEY,"
				   " count INTEGER NOT NULL,"
				   " window_start INTEGER NOT NULL);";

/* v4: target baselines, the submission time of reports, the indexes the supervision
 * queries need (unit subtree, projects by plan and owner, one item's reports by period),
 * and report_latest: per item x unit its latest submitted or accepted report, kept by
 * report.c in the same transaction as every report write (status rows join it) */
static const char mig_status[] =
	"ALTER TABLE targets ADD COLUMN baseline REAL;"
	"ALTER TABLE reports ADD COLUMN submitted_at TEXT;"
	"UPDATE reports SET submitted_at = updated_at WHERE state = 'submitted';"
	"CREATE INDEX units_parent ON units(parent_id);"
	"CREATE INDEX projects_plan ON projects(plan_id);"
	"CREATE INDEX projects_owner ON projects(owner_unit_id);"
	"CREATE INDEX reports_item ON reports(item_kind, item_id, unit_id, period, state);"
	"CREATE TABLE report_latest (item_kind TEXT NOT NULL, item_id INTEGER NOT NULL,"
	" unit_id INTEGER NOT NULL, report_id INTEGER NOT NULL, period TEXT NOT NULL,"
	" state TEXT NOT NULL, actual_value REAL, submitted_at TEXT NOT NULL,"
	" PRIMARY KEY (item_kind, item_id, unit_id)) WITHOUT ROWID;"
	"INSERT INTO report_latest (item_kind, item_id, unit_id, report_id, period, "
	"state, actual_value, submitted_at) SELECT item_kind, item_id, unit_id, id, "
	"period, state, actual_value, coalesce(submitted_at, updated_at) FROM (SELECT "
	"r.*, row_number() OVER (PARTITION BY item_kind, item_id, unit_id ORDER BY "
	"period DESC) AS rn FROM reports r WHERE state IN ('submitted', 'accepted')) AS "
	"z WHERE rn = 1;";

/* v5: documents, results, glossary, promise checks (sqlite_v5.h) */
static const char mig_docs[] = SQ_MIG_V5;

static const char mig_latest_stage[] = STORE_MIG_V6;

static const char mig_client_settings[] = STORE_MIG_V7;

const char *const sq_migrations[] = {
	mig1, mig2, mig_sessions, mig_status, mig_docs, mig_latest_stage, mig_client_settings
};
_Static_assert(sizeof sq_migrations / sizeof sq_migrations[0] == STORE_SCHEMA_VERSION,
	       "STORE_SCHEMA_VERSION must count the migrations");
