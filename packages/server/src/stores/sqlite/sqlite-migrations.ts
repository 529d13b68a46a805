// Ordered schema steps; `PRAGMA user_version` records how many have been applied.
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     seq INTEGER PRIMARY KEY,
     message_id TEXT NOT NULL UNIQUE,
     lead_id TEXT NOT NULL,
     type TEXT NOT NULL,
     event TEXT NOT NULL,
     ts INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     anonymous_id TEXT,
     user_id TEXT,
     properties TEXT,
     traits TEXT
   );
   CREATE INDEX events_lead ON events (lead_id);
   CREATE TABLE identities (identifier TEXT PRIMARY KEY, lead_id TEXT NOT NULL) WITHOUT ROWID;
   CREATE INDEX identities_lead ON identities (lead_id);
   CREATE TABLE merges (from_id TEXT PRIMARY KEY, into_id TEXT NOT NULL, at INTEGER NOT NULL);
   CREATE TABLE failed_events (
     id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, code TEXT NOT NULL,
     detail TEXT NOT NULL, pointer TEXT NOT NULL, payload TEXT NOT NULL
   );
   CREATE TABLE feedback (
     id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, model TEXT, verdict TEXT NOT NULL,
     note TEXT, at INTEGER NOT NULL, key_id TEXT
   );
   CREATE INDEX feedback_lead ON feedback (lead_id);
   CREATE TABLE model_versions (
     model_id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, document TEXT NOT NULL,
     published_at INTEGER NOT NULL, retroactive INTEGER NOT NULL, PRIMARY KEY (model_id, version)
   );
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, scopes TEXT NOT NULL,
     allowed_origins TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
     created_at INTEGER NOT NULL, revoked_at INTEGER
   );
   CREATE TABLE suppressions (hash TEXT PRIMARY KEY) WITHOUT ROWID;
   CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // The log is read by seq and erased by messageId (the lead book names an erased lead's events):
  // a second random-key index would double the pages each commit dirties.
  `DROP INDEX events_lead;`,
  `CREATE TABLE idempotency (
     slot TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER, content_type TEXT,
     body TEXT, expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // users and sessions; publishable keys keep their (public) value so the snippet can show it
  `CREATE TABLE users (
     id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
     password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
     disabled_at INTEGER
   );
   CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX sessions_user ON sessions (user_id);
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   ALTER TABLE api_keys ADD COLUMN public_key TEXT;`,
  // realtime: presence heartbeats (one row per lead), queue definitions with versions, claims with leases.
  `CREATE TABLE presence (lead_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE queue_versions (
     queue_id TEXT NOT NULL, version INTEGER NOT NULL, document TEXT NOT NULL,
     published_at INTEGER NOT NULL, deleted INTEGER NOT NULL, PRIMARY KEY (queue_id, version)
   );
   CREATE TABLE claims (
     lead_id TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, queue_id TEXT NOT NULL, agent_id TEXT NOT NULL,
     claimed_at INTEGER NOT NULL, lease_until INTEGER NOT NULL
   );`,
];
