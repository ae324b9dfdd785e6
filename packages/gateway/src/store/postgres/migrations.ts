import type { Migration } from '../sqlite/migrations.ts';

/**
 * The PostgreSQL schema, version for version the same tables as `sqlite/migrations.ts` (same
 * names, columns and meaning; only the dialect differs), so the repositories share their row
 * readers. Append-only like the SQLite list: never edit or reorder a shipped entry. Booleans stay
 * 0/1 integers and JSON stays text (except OAuth payloads, which are `jsonb` so a consume can
 * set a key atomically), which keeps one row shape for both adapters. Times are BIGINT ms. One
 * extra column: `mcp_traffic.seq` stands in for SQLite's implicit rowid (migration 7).
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
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
        created_at    BIGINT NOT NULL
      );
      CREATE TABLE sessions (
        id            TEXT PRIMARY KEY,
        user_id       TEXT NOT NULL,
        email         TEXT,
        name          TEXT,
        groups_json   TEXT NOT NULL,
        claims_json   TEXT NOT NULL,
        idp           TEXT NOT NULL,
        created_at    BIGINT NOT NULL,
        last_seen_at  BIGINT NOT NULL,
        expires_at    BIGINT NOT NULL,
        ip            TEXT,
        user_agent    TEXT
      );
      CREATE INDEX sessions_user_id ON sessions (user_id);
      CREATE INDEX sessions_expires_at ON sessions (expires_at);
      CREATE TABLE records (
        kind        TEXT NOT NULL,
        key         TEXT NOT NULL,
        value       TEXT NOT NULL,
        expires_at  BIGINT,
        PRIMARY KEY (kind, key)
      );
      CREATE INDEX records_expires_at ON records (expires_at) WHERE expires_at IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'oauth-entries-revocations',
    sql: `
      CREATE TABLE oauth_entries (
        model       TEXT NOT NULL,
        id          TEXT NOT NULL,
        payload     JSONB NOT NULL,
        grant_id    TEXT,
        uid         TEXT,
        user_code   TEXT,
        account_id  TEXT,
        expires_at  BIGINT,
        PRIMARY KEY (model, id)
      );
      CREATE INDEX oauth_entries_grant_id ON oauth_entries (grant_id) WHERE grant_id IS NOT NULL;
      CREATE INDEX oauth_entries_uid ON oauth_entries (model, uid) WHERE uid IS NOT NULL;
      CREATE INDEX oauth_entries_user_code ON oauth_entries (model, user_code)
        WHERE user_code IS NOT NULL;
      CREATE INDEX oauth_entries_account_id ON oauth_entries (model, account_id)
        WHERE account_id IS NOT NULL;
      CREATE INDEX oauth_entries_expires_at ON oauth_entries (expires_at)
        WHERE expires_at IS NOT NULL;
      CREATE TABLE oauth_revocations (
        grant_id    TEXT PRIMARY KEY,
        revoked_at  BIGINT NOT NULL
      );
      CREATE INDEX oauth_revocations_revoked_at ON oauth_revocations (revoked_at);
    `,
  },
  {
    version: 3,
    name: 'tunnel-namespaces-bindings-shares',
    sql: `
      CREATE TABLE tunnel_namespaces (
        account_id  TEXT PRIMARY KEY,
        namespace   TEXT NOT NULL UNIQUE,
        created_at  BIGINT NOT NULL
      );
      CREATE TABLE tunnel_key_bindings (
        fingerprint   TEXT PRIMARY KEY,
        account_id    TEXT NOT NULL,
        public_key    TEXT NOT NULL,
        remember      INTEGER NOT NULL CHECK (remember IN (0, 1)),
        created_at    BIGINT NOT NULL,
        last_used_at  BIGINT NOT NULL,
        expires_at    BIGINT
      );
      CREATE INDEX tunnel_key_bindings_account_id ON tunnel_key_bindings (account_id);
      CREATE INDEX tunnel_key_bindings_expires_at ON tunnel_key_bindings (expires_at)
        WHERE expires_at IS NOT NULL;
      CREATE TABLE tunnel_shares (
        namespace   TEXT NOT NULL,
        route       TEXT NOT NULL,
        email       TEXT NOT NULL,
        created_at  BIGINT NOT NULL,
        PRIMARY KEY (namespace, route, email)
      );
    `,
  },
  {
    version: 4,
    name: 'tls-certificates-acme-leases',
    sql: `
      CREATE TABLE acme_accounts (
        directory_url  TEXT PRIMARY KEY,
        key_pem        TEXT NOT NULL,
        account_url    TEXT,
        created_at     BIGINT NOT NULL
      );
      CREATE TABLE tls_certificates (
        name           TEXT PRIMARY KEY,
        directory_url  TEXT NOT NULL,
        cert_pem       TEXT NOT NULL,
        key_pem        TEXT NOT NULL,
        not_before     BIGINT NOT NULL,
        not_after      BIGINT NOT NULL,
        updated_at     BIGINT NOT NULL
      );
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY,
        holder      TEXT NOT NULL,
        expires_at  BIGINT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'cluster-nodes-route-holders',
    sql: `
      CREATE TABLE cluster_nodes (
        id                TEXT PRIMARY KEY,
        internal_address  TEXT NOT NULL,
        started_at        BIGINT NOT NULL,
        expires_at        BIGINT NOT NULL
      );
      CREATE INDEX cluster_nodes_expires_at ON cluster_nodes (expires_at);
      CREATE TABLE route_holders (
        route_key      TEXT NOT NULL,
        node_id        TEXT NOT NULL,
        connection_id  TEXT NOT NULL,
        claimed_at     BIGINT NOT NULL,
        local_address  TEXT,
        PRIMARY KEY (route_key, node_id, connection_id)
      );
      CREATE INDEX route_holders_node_id ON route_holders (node_id);
    `,
  },
  {
    version: 6,
    name: 'store-changes',
    sql: `
      CREATE TABLE store_changes (
        id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic       TEXT NOT NULL,
        payload     TEXT NOT NULL,
        created_at  BIGINT NOT NULL
      );
      CREATE INDEX store_changes_created_at ON store_changes (created_at);
    `,
  },
  {
    version: 7,
    name: 'mcp-traffic',
    sql: `
      -- The traffic inspector's persisted captures (inspect_persist): masked JSON, newest N per
      -- route (the repository trims on every append). \`seq\` stands in for SQLite's implicit
      -- rowid: it breaks ties between exchanges of the same millisecond by first insertion, and
      -- an upsert keeps it, as SQLite keeps the rowid.
      CREATE TABLE mcp_traffic (
        route_id  TEXT NOT NULL,
        id        TEXT NOT NULL,
        at        BIGINT NOT NULL,
        value     TEXT NOT NULL,
        seq       BIGINT GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (route_id, id)
      );
      CREATE INDEX mcp_traffic_route_at ON mcp_traffic (route_id, at, seq);
    `,
  },
];
