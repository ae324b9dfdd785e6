/**
 * The schema, as an append-only list. To change it, add an entry with the next version; never
 * edit or reorder a shipped one (databases in the field have already applied it). Each entry
 * runs once, in its own transaction, and is recorded in `schema_migrations`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts-sessions-records',
    sql: `
      CREATE TABLE accounts (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        name          TEXT,
        password_hash TEXT,
        groups_json   TEXT NOT NULL DEFAULT '[]',
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at    INTEGER NOT NULL
      ) STRICT;

      -- user_id is an account id or '<idp>:<sub>', so it is not a foreign key.
      CREATE TABLE sessions (
        id            TEXT PRIMARY KEY,
        user_id       TEXT NOT NULL,
        email         TEXT,
        name          TEXT,
        groups_json   TEXT NOT NULL,
        claims_json   TEXT NOT NULL,
        idp           TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        last_seen_at  INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,
        ip            TEXT,
        user_agent    TEXT
      ) STRICT;
      CREATE INDEX sessions_user_id ON sessions (user_id);
      CREATE INDEX sessions_expires_at ON sessions (expires_at);

      CREATE TABLE records (
        kind        TEXT NOT NULL,
        key         TEXT NOT NULL,
        value       TEXT NOT NULL,
        expires_at  INTEGER,
        PRIMARY KEY (kind, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX records_expires_at ON records (expires_at) WHERE expires_at IS NOT NULL;
    `,
  },
];
