/* sqlite_request.h — the SQLite statements behind login sessions (store/session.c) and
 * the one-task read, internal to sqlite.c, which includes it once; kept apart so sqlite.c
 * stays under its size guideline.  ST_SESSION_USER_GET is what every API request runs
 * first: the session and its user in one statement (one read lock, one step) instead of
 * two; ST_NODE_GET reads a task with its cooperating units (one snapshot) for
 * GET /api/nodes/{id}.  */
#ifndef DUBAN_STORE_SQLITE_REQUEST_H
#define DUBAN_STORE_SQLITE_REQUEST_H

/* The entries of sq_sql[] for these statements. */
#define SQ_SQL_REQUEST                                                                             \
	[ST_SESSION_ADD] = "INSERT INTO sessions (token_hash, user_id, created_at, last_seen,"     \
			   " expires_at, csrf, client) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", \
	[ST_SESSION_GET] = "SELECT id, token_hash, user_id, created_at, last_seen, expires_at,"    \
			   " csrf, client FROM sessions WHERE token_hash = ?",                     \
	[ST_SESSION_USER_GET] =                                                                    \
		"SELECT s.id, s.token_hash, s.user_id, s.created_at, s.last_seen, s.expires_at,"   \
		" s.csrf, s.client, u.id, u.name, u.display_name, u.pw_hash, u.role,"              \
		" coalesce(u.unit_id, 0), u.disabled FROM sessions s JOIN users u"                 \
		" ON u.id = s.user_id WHERE s.token_hash = ?",                                     \
	[ST_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ? WHERE id = ?",                     \
	[ST_SESSION_DEL] = "DELETE FROM sessions WHERE id = ?",                                    \
	[ST_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ? OR last_seen < ?",        \
	[ST_NODE_GET] = "SELECT id, plan_id, coalesce(parent_id, 0), seq, label, title, body,"     \
			" deadline, coalesce(lead_unit_id, 0), version, (SELECT"                   \
			" group_concat(unit_id) FROM node_units WHERE node_id = nodes.id)"         \
			" FROM nodes WHERE id = ?",

#endif
