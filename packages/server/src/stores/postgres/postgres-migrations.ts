import type pg from "pg";

// Ordered schema steps; `leadscore_migrations` records how many have been applied. Append, never edit.
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     seq bigserial PRIMARY KEY,
     message_id text NOT NULL UNIQUE,
     lead_id text NOT NULL,
     type text NOT NULL,
     event text NOT NULL,
     ts bigint NOT NULL,
     received_at bigint NOT NULL,
     anonymous_id text,
     user_id text,
     properties text,
     traits text
   );
   CREATE TABLE identities (identifier text PRIMARY KEY, lead_id text NOT NULL);
   CREATE INDEX identities_lead ON identities (lead_id);
   CREATE TABLE merges (from_id text PRIMARY KEY, into_id text NOT NULL, at bigint NOT NULL);
   CREATE TABLE failed_events (
     id bigserial PRIMARY KEY, received_at bigint NOT NULL, code text NOT NULL,
     detail text NOT NULL, pointer text NOT NULL, payload text NOT NULL
   );
   CREATE TABLE feedback (
     id text PRIMARY KEY, lead_id text NOT NULL, model text, verdict text NOT NULL,
     note text, at bigint NOT NULL, key_id text
   );
   CREATE INDEX feedback_lead ON feedback (lead_id);
   CREATE TABLE model_versions (
     model_id text NOT NULL, version integer NOT NULL, name text NOT NULL, document text NOT NULL,
     published_at bigint NOT NULL, retroactive boolean NOT NULL, PRIMARY KEY (model_id, version)
   );
   CREATE TABLE api_keys (
     id text PRIMARY KEY, kind text NOT NULL, name text NOT NULL, scopes text NOT NULL,
     allowed_origins text NOT NULL, hash text NOT NULL UNIQUE, prefix text NOT NULL,
     created_at bigint NOT NULL, revoked_at bigint
   );
   CREATE TABLE suppressions (hash text PRIMARY KEY);
   CREATE TABLE audit (id bigserial PRIMARY KEY, at bigint NOT NULL, action text NOT NULL, detail text NOT NULL);
   CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
   -- What each commit changed besides appending events, for the other processes to follow (ADR 0050).
   CREATE TABLE changes (seq bigserial PRIMARY KEY, writer text NOT NULL, unit text NOT NULL);`,
  `CREATE TABLE idempotency (
     slot text PRIMARY KEY, fingerprint text NOT NULL, status integer, content_type text,
     body text, expires_at bigint NOT NULL
   );`,
  `CREATE TABLE users (
     id text PRIMARY KEY, email text NOT NULL UNIQUE, role text NOT NULL,
     password_hash text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL,
     disabled_at bigint
   );
   CREATE TABLE sessions (
     token_hash text PRIMARY KEY, user_id text NOT NULL, created_at bigint NOT NULL,
     last_seen_at bigint NOT NULL, expires_at bigint NOT NULL
   );
   CREATE INDEX sessions_user ON sessions (user_id);
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   ALTER TABLE api_keys ADD COLUMN public_key text;`,
  `CREATE TABLE presence (lead_id text PRIMARY KEY, seen_at bigint NOT NULL);
   CREATE TABLE queue_versions (
     queue_id text NOT NULL, version integer NOT NULL, document text NOT NULL,
     published_at bigint NOT NULL, deleted boolean NOT NULL, PRIMARY KEY (queue_id, version)
   );
   CREATE TABLE claims (
     lead_id text PRIMARY KEY, id text NOT NULL UNIQUE, queue_id text NOT NULL, agent_id text NOT NULL,
     claimed_at bigint NOT NULL, lease_until bigint NOT NULL
   );`,
  // The log as segments (postgres-event-log.ts): a messageId row and an index entry per event, one
  // wide row per commit. "C" collation: the dedupe index compares bytes, not locale rules.
  `CREATE TABLE event_ids (message_id text COLLATE "C" PRIMARY KEY, seq bigint NOT NULL);
   CREATE TABLE event_segments (
     first_seq bigint PRIMARY KEY, last_seq bigint NOT NULL UNIQUE, body text NOT NULL
   );
   DO $$ BEGIN
     ALTER TABLE event_segments ALTER COLUMN body SET COMPRESSION lz4;
   EXCEPTION WHEN OTHERS THEN NULL; -- a server built without lz4 keeps pglz
   END $$;
   INSERT INTO event_ids (message_id, seq) SELECT message_id, seq FROM events;
   INSERT INTO event_segments (first_seq, last_seq, body)
   SELECT seq, seq, json_build_array(json_build_array(message_id, lead_id, type, event, ts,
     received_at, anonymous_id, user_id, properties::json, traits::json))::text
   FROM events;
   DROP TABLE events;
   -- When each change was written (database clock, epoch ms), so the table can be pruned by age;
   -- and the highest seq pruned, so a follower behind it knows to reload (ADR 0050).
   ALTER TABLE changes ADD COLUMN at bigint NOT NULL DEFAULT 0;
   ALTER TABLE changes ALTER COLUMN at SET DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
   CREATE TABLE changes_pruned (one boolean PRIMARY KEY DEFAULT true CHECK (one), through bigint NOT NULL);`,
];

/** Apply the missing steps in one transaction, under an advisory lock so processes starting together do not race. */
export async function applyMigrations(client: pg.PoolClient, lockKey: number): Promise<void> {
  await client.query("BEGIN");
  await client.query("SELECT pg_advisory_xact_lock($1)", [lockKey]);
  await client.query(
    "CREATE TABLE IF NOT EXISTS leadscore_migrations (version integer PRIMARY KEY)",
  );
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::integer AS n FROM leadscore_migrations",
  );
  for (let step = rows[0]?.n ?? 0; step < POSTGRES_MIGRATIONS.length; step++) {
    await client.query(POSTGRES_MIGRATIONS[step] ?? "");
    await client.query("INSERT INTO leadscore_migrations (version) VALUES ($1)", [step + 1]);
  }
  await client.query("COMMIT");
}
