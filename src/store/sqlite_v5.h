/* sqlite_v5.h — SQLite schema version 5 and its statements (internal to sqlite.c, which
 * includes it once; kept apart so sqlite.c stays readable): the source document of an
 * imported plan, its results and glossary, promise checks, and search document keys
 * widened from id * 4 + kind to id * 8 + kind for the new kinds (store.c doc_id).
 * Columns are in the order docs.c reads them. */
#ifndef DUBAN_STORE_SQLITE_V5_H
#define DUBAN_STORE_SQLITE_V5_H

#define SQ_MIG_V5                                                                                  \
	"CREATE TABLE documents ("                                                                 \
	" plan_id INTEGER PRIMARY KEY REFERENCES plans(id),"                                       \
	" file_name TEXT NOT NULL DEFAULT '',"                                                     \
	" encoding TEXT NOT NULL DEFAULT '',"                                                      \
	" script TEXT NOT NULL DEFAULT '',"                                                        \
	" bytes INTEGER NOT NULL DEFAULT 0,"                                                       \
	" dropped_json TEXT NOT NULL DEFAULT '[]',"                                                \
	" text TEXT NOT NULL,"                                                                     \
	" created_at TEXT NOT NULL);"                                                              \
	"CREATE TABLE results ("                                                                   \
	" id INTEGER PRIMARY KEY,"                                                                 \
	" plan_id INTEGER NOT NULL REFERENCES plans(id),"                                          \
	" node_id INTEGER REFERENCES nodes(id),"                                                   \
	" indicator TEXT NOT NULL DEFAULT '',"                                                     \
	" verb TEXT NOT NULL DEFAULT '',"                                                          \
	" value REAL NOT NULL,"                                                                    \
	" value_max REAL NOT NULL,"                                                                \
	" unit TEXT NOT NULL DEFAULT '',"                                                          \
	" base_value REAL,"                                                                        \
	" base_unit TEXT NOT NULL DEFAULT '',"                                                     \
	" qualifier TEXT NOT NULL DEFAULT '',"                                                     \
	" year INTEGER NOT NULL DEFAULT 0,"                                                        \
	" text TEXT NOT NULL DEFAULT '',"                                                          \
	" span_start INTEGER NOT NULL DEFAULT 0,"                                                  \
	" span_end INTEGER NOT NULL DEFAULT 0);"                                                   \
	"CREATE INDEX results_plan ON results(plan_id, id);"                                       \
	"CREATE TABLE glossary ("                                                                  \
	" id INTEGER PRIMARY KEY,"                                                                 \
	" plan_id INTEGER NOT NULL REFERENCES plans(id),"                                          \
	" seq INTEGER NOT NULL,"                                                                   \
	" label TEXT NOT NULL DEFAULT '',"                                                         \
	" term TEXT NOT NULL DEFAULT '',"                                                          \
	" definition TEXT NOT NULL DEFAULT '',"                                                    \
	" span_start INTEGER NOT NULL DEFAULT 0,"                                                  \
	" span_end INTEGER NOT NULL DEFAULT 0,"                                                    \
	" cited_json TEXT NOT NULL DEFAULT '[]');"                                                 \
	"CREATE INDEX glossary_plan ON glossary(plan_id, seq);"                                    \
	"CREATE TABLE promise_checks ("                                                            \
	" target_id INTEGER NOT NULL REFERENCES targets(id),"                                      \
	" against_plan_id INTEGER NOT NULL REFERENCES plans(id),"                                  \
	" result_id INTEGER REFERENCES results(id),"                                               \
	" verdict TEXT NOT NULL CHECK (verdict IN ('met', 'missed', 'unverified')),"               \
	" reason TEXT NOT NULL DEFAULT '',"                                                        \
	" checked_at TEXT NOT NULL,"                                                               \
	" PRIMARY KEY (target_id, against_plan_id));"                                              \
	"UPDATE search_fts SET rowid = -((rowid / 4) * 8 + rowid % 4);"                            \
	"UPDATE search_fts SET rowid = -rowid;"

#define SQ_RESULT_COLS                                                                             \
	"SELECT id, plan_id, coalesce(node_id, 0), indicator, verb, value, value_max, unit,"       \
	" base_value, base_unit, qualifier, year, text, span_start, span_end FROM results "
#define SQ_PROMISE_COLS                                                                            \
	"SELECT pc.target_id, pc.against_plan_id, coalesce(pc.result_id, 0), pc.verdict,"          \
	" pc.reason, pc.checked_at FROM promise_checks pc "

/* designated initializers for sq_sql[] */
#define SQ_SQL_V5                                                                                  \
	[ST_DOC_PUT] = "INSERT INTO documents (plan_id, file_name, encoding, script, bytes,"       \
		       " dropped_json, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",         \
	[ST_DOC_GET] = "SELECT plan_id, file_name, encoding, script, bytes, dropped_json, text,"   \
		       " created_at FROM documents WHERE plan_id = ?",                             \
	[ST_RESULT_ADD] = "INSERT INTO results (plan_id, node_id, indicator, verb, value,"         \
			  " value_max, unit, base_value, base_unit, qualifier, year, text,"        \
			  " span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"     \
			  " ?, ?) RETURNING id",                                                   \
	[ST_RESULT_LIST] = SQ_RESULT_COLS "WHERE plan_id = ? ORDER BY id",                         \
	[ST_GLOSS_ADD] = "INSERT INTO glossary (plan_id, seq, label, term, definition,"            \
			 " span_start, span_end, cited_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"      \
			 " RETURNING id",                                                          \
	[ST_GLOSS_LIST] = "SELECT id, plan_id, seq, label, term, definition, span_start,"          \
			  " span_end, cited_json FROM glossary WHERE plan_id = ?"                  \
			  " ORDER BY seq, id",                                                     \
	[ST_PROMISE_GET] = SQ_PROMISE_COLS "WHERE pc.target_id = ? AND pc.against_plan_id = ?",    \
	[ST_PROMISE_PUT] =                                                                         \
		"INSERT INTO promise_checks (target_id, against_plan_id, result_id, verdict,"      \
		" reason, checked_at) VALUES (?, ?, ?, ?, ?, ?)"                                   \
		" ON CONFLICT (target_id, against_plan_id) DO UPDATE SET"                          \
		" result_id = excluded.result_id, verdict = excluded.verdict,"                     \
		" reason = excluded.reason, checked_at = excluded.checked_at",                     \
	[ST_PROMISE_LIST] = SQ_PROMISE_COLS "JOIN targets t ON t.id = pc.target_id"                \
					    " JOIN nodes n ON n.id = t.node_id"                    \
					    " WHERE n.plan_id = ?1 AND (?2 = 0"                    \
					    " OR pc.against_plan_id = ?2)"                         \
					    " ORDER BY pc.target_id, pc.against_plan_id",          \
	[ST_COPY_OUT_DOCS] = "SELECT plan_id, file_name, encoding, script, bytes, dropped_json,"   \
			     " text, created_at FROM documents WHERE plan_id > ?1"                 \
			     " ORDER BY plan_id LIMIT ?2",                                         \
	[ST_COPY_OUT_RESULTS] = "SELECT id, plan_id, node_id, indicator, verb, value, value_max,"  \
				" unit, base_value, base_unit, qualifier, year, text, span_start," \
				" span_end FROM results WHERE id > ?1 ORDER BY id LIMIT ?2",       \
	[ST_COPY_OUT_GLOSSARY] = "SELECT id, plan_id, seq, label, term, definition, span_start,"   \
				 " span_end, cited_json FROM glossary WHERE id > ?1"               \
				 " ORDER BY id LIMIT ?2",                                          \
	[ST_COPY_OUT_PROMISES] = "SELECT target_id, against_plan_id, result_id, verdict, reason,"  \
				 " checked_at FROM promise_checks WHERE target_id > ?1 OR"         \
				 " (target_id = ?1 AND against_plan_id > ?2)"                      \
				 " ORDER BY target_id, against_plan_id LIMIT ?3",                  \
	[ST_COPY_IN_DOCS] = "INSERT INTO documents (plan_id, file_name, encoding, script, bytes,"  \
			    " dropped_json, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"     \
			    " ?7, ?8)",                                                            \
	[ST_COPY_IN_RESULTS] = "INSERT INTO results (id, plan_id, node_id, indicator, verb,"       \
			       " value, value_max, unit, base_value, base_unit, qualifier, year,"  \
			       " text, span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"  \
			       " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",                           \
	[ST_COPY_IN_GLOSSARY] = "INSERT INTO glossary (id, plan_id, seq, label, term, definition," \
				" span_start, span_end, cited_json) VALUES (?1, ?2, ?3, ?4, ?5,"   \
				" ?6, ?7, ?8, ?9)",                                                \
	[ST_COPY_IN_PROMISES] = "INSERT INTO promise_checks (target_id, against_plan_id,"          \
				" result_id, verdict, reason, checked_at) VALUES (?1, ?2, ?3, ?4," \
				" ?5, ?6)",

#endif
