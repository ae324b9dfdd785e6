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
  {
    version: 2,
    name: 'oauth-entries-revocations',
    sql: `
      -- oidc-provider artefacts by (model, id); the lookup keys it needs are copied out of the
      -- JSON payload at upsert so every lookup is an index seek.
      CREATE TABLE oauth_entries (
        model       TEXT NOT NULL,
        id          TEXT NOT NULL,
        payload     TEXT NOT NULL,
        grant_id    TEXT,
        uid         TEXT,
        user_code   TEXT,
        account_id  TEXT,
        expires_at  INTEGER,
        PRIMARY KEY (model, id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX oauth_entries_grant_id ON oauth_entries (grant_id) WHERE grant_id IS NOT NULL;
      CREATE INDEX oauth_entries_uid ON oauth_entries (model, uid) WHERE uid IS NOT NULL;
      CREATE INDEX oauth_entries_user_code ON oauth_entries (model, user_code)
        WHERE user_code IS NOT NULL;
      CREATE INDEX oauth_entries_account_id ON oauth_entries (model, account_id)
        WHERE account_id IS NOT NULL;
      CREATE INDEX oauth_entries_expires_at ON oauth_entries (expires_at)
        WHERE expires_at IS NOT NULL;

      -- Revoked grants, read by every node to refuse JWT access tokens of the grant (gid).
      CREATE TABLE oauth_revocations (
        grant_id    TEXT PRIMARY KEY,
        revoked_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX oauth_revocations_revoked_at ON oauth_revocations (revoked_at);
    `,
  },
  {
    version: 3,
    name: 'tunnel-namespaces-bindings-shares',
    sql: `
      -- account_id is an account id or '<idp>:<sub>', so it is not a foreign key.
      CREATE TABLE tunnel_namespaces (
        account_id  TEXT PRIMARY KEY,
        namespace   TEXT NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE tunnel_key_bindings (
        fingerprint   TEXT PRIMARY KEY,
        account_id    TEXT NOT NULL,
        public_key    TEXT NOT NULL,
        remember      INTEGER NOT NULL CHECK (remember IN (0, 1)),
        created_at    INTEGER NOT NULL,
        last_used_at  INTEGER NOT NULL,
        expires_at    INTEGER
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX tunnel_key_bindings_account_id ON tunnel_key_bindings (account_id);
      CREATE INDEX tunnel_key_bindings_expires_at ON tunnel_key_bindings (expires_at)
        WHERE expires_at IS NOT NULL;

      CREATE TABLE tunnel_shares (
        namespace   TEXT NOT NULL,
        route       TEXT NOT NULL,
        email       TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (namespace, route, email)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'tls-certificates-acme-leases',
    sql: `
      -- ACME accounts and certificates: their keys are secrets (the file is 0600, never logged).
      CREATE TABLE acme_accounts (
        directory_url  TEXT PRIMARY KEY,
        key_pem        TEXT NOT NULL,
        account_url    TEXT,
        created_at     INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE tls_certificates (
        name           TEXT PRIMARY KEY,
        directory_url  TEXT NOT NULL,
        cert_pem       TEXT NOT NULL,
        key_pem        TEXT NOT NULL,
        not_before     INTEGER NOT NULL,
        not_after      INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- Named leases: one holder at a time (e.g. who orders a certificate for a name).
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY,
        holder      TEXT NOT NULL,
        expires_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'cluster-nodes-route-holders',
    sql: `
      -- Live gateway processes of a cluster, each on a lease it renews by heartbeat.
      CREATE TABLE cluster_nodes (
        id                TEXT PRIMARY KEY,
        internal_address  TEXT NOT NULL,
        started_at        INTEGER NOT NULL,
        expires_at        INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX cluster_nodes_expires_at ON cluster_nodes (expires_at);

      -- Which node holds an SSH connection for a tunnel route. A holder lives exactly as long as
      -- its node's lease (read through a join: a holder without a live node reads as absent) and
      -- is purged with it.
      CREATE TABLE route_holders (
        route_key      TEXT NOT NULL,
        node_id        TEXT NOT NULL,
        connection_id  TEXT NOT NULL,
        claimed_at     INTEGER NOT NULL,
        local_address  TEXT,
        PRIMARY KEY (route_key, node_id, connection_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX route_holders_node_id ON route_holders (node_id);
    `,
  },
];
