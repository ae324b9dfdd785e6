import type { ChangeFeed } from './store-changes.ts';
import type { NodeRepository } from './store-nodes.ts';

/**
 * The storage port. Every durable fact (accounts, sessions, one-time links, OAuth state) lives
 * behind it so that a multi-node deployment can swap the embedded SQLite adapter for a shared
 * database (ARCHITECTURE.md "Scale-out"). Methods are async for that reason even when the
 * adapter is synchronous. Nothing outside an adapter writes SQL.
 */
export interface Store {
  readonly accounts: AccountRepository;
  readonly sessions: SessionRepository;
  readonly records: RecordRepository;
  readonly oauth: OAuthRepository;
  readonly tunnels: TunnelRepository;
  readonly certificates: CertificateRepository;
  /** Change notification to every process on this store (store-changes.ts). */
  readonly changes: ChangeFeed;
  /** Live nodes of a cluster and which of them hold each tunnel route (store-nodes.ts). */
  readonly nodes: NodeRepository;
  /**
   * Captured MCP exchanges kept across restarts (`inspect_persist`, issue 16). Optional: a
   * store without it keeps captures in memory only.
   */
  readonly traffic?: TrafficRepository;
  /** Closes the underlying database; later calls fail with ERR_STORE_CLOSED. */
  close(): Promise<void>;
}

export interface Account {
  /** Stable opaque id (the `sub` of the signed identity assertion). */
  readonly id: string;
  /** Lower-cased e-mail address; unique. */
  readonly email: string;
  readonly name: string | null;
  /** scrypt hash in our own `scrypt$N$r$p$salt$hash` format; null for accounts without a password. */
  readonly passwordHash: string | null;
  readonly groups: readonly string[];
  readonly disabled: boolean;
  readonly createdAt: number;
}

export interface NewAccount {
  readonly email: string;
  readonly name?: string | null;
  readonly passwordHash?: string | null;
  readonly groups?: readonly string[];
}

export interface AccountPatch {
  readonly name?: string | null;
  readonly passwordHash?: string | null;
  readonly groups?: readonly string[];
  readonly disabled?: boolean;
}

export interface AccountRepository {
  /** Throws GatehouseError ERR_STORE_CONFLICT when the e-mail address is taken. */
  create(account: NewAccount): Promise<Account>;
  findById(id: string): Promise<Account | undefined>;
  /** Case-insensitive. */
  findByEmail(email: string): Promise<Account | undefined>;
  list(): Promise<readonly Account[]>;
  /** Throws ERR_STORE_NOT_FOUND for an unknown id. */
  update(id: string, patch: AccountPatch): Promise<Account>;
  count(): Promise<number>;
}

/** A signed-in browser session. The cookie carries a random token; the store keeps only its hash. */
export interface SessionRecord {
  /** SHA-256 (base64url) of the cookie token. */
  readonly id: string;
  /** Account id for built-in accounts, `<idp>:<sub>` for upstream identities. */
  readonly userId: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly groups: readonly string[];
  /** Identity-provider claims (never tokens). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** Identity provider id from config (`builtin`, `google`, …). */
  readonly idp: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** Absolute expiry (ms since epoch). */
  readonly expiresAt: number;
  /** Client IP and user agent at sign-in, for the account page. */
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  touch(id: string, lastSeenAt: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  deleteByUser(userId: string): Promise<number>;
  listByUser(userId: string): Promise<readonly SessionRecord[]>;
  /** Sessions not yet past their absolute expiry. */
  countActive(now: number): Promise<number>;
  purgeExpired(now: number): Promise<number>;
}

/**
 * Short-lived JSON records by (kind, key): sign-in state, one-time links, CSRF-bound flows,
 * rate-limit counters and, later, OAuth artefacts. Expired records read as absent.
 */
/** One record for `RecordRepository.putMany`. */
export interface RecordPut {
  readonly kind: string;
  readonly key: string;
  readonly value: unknown;
  readonly expiresAt: number | null;
}

export interface RecordRepository {
  /** Inserts or replaces. `expiresAt` null = never expires. */
  put(kind: string, key: string, value: unknown, expiresAt: number | null): Promise<void>;
  /**
   * `put` of each, in order, in one transaction: all are stored or none (a value that is not
   * JSON refuses the whole call). One commit for many writes (the audit log's batches).
   */
  putMany(records: readonly RecordPut[]): Promise<void>;
  get(kind: string, key: string, now: number): Promise<unknown>;
  /** Atomic read-and-delete: of two concurrent consumers exactly one gets the value. */
  consume(kind: string, key: string, now: number): Promise<unknown>;
  delete(kind: string, key: string): Promise<boolean>;
  /**
   * Adds one to a counter that lives until `windowEndsAt` (a new window starts at 1 once the old
   * one expired) and returns the new count. Used for rate limits.
   */
  increment(kind: string, key: string, now: number, windowEndsAt: number): Promise<number>;
  purgeExpired(now: number): Promise<number>;
}

/**
 * OAuth artefacts of the authorization server (oidc-provider models: `Client`, `Grant`,
 * `AuthorizationCode`, `RefreshToken`, `Interaction`, `Session`, …), stored as JSON payloads by
 * (model, id) with the lookup keys oidc-provider needs. Expired entries read as absent.
 */
export interface OAuthRepository {
  upsert(
    model: string,
    id: string,
    payload: Readonly<Record<string, unknown>>,
    expiresAt: number | null,
  ): Promise<void>;
  find(model: string, id: string): Promise<Record<string, unknown> | undefined>;
  /** Looks up by `payload.uid` (sessions and interactions). */
  findByUid(model: string, uid: string): Promise<Record<string, unknown> | undefined>;
  findByUserCode(model: string, userCode: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Marks the entry consumed (`payload.consumed` = epoch seconds) atomically and returns true only
   * for the first caller: of two concurrent redemptions of one code, exactly one wins.
   */
  consume(model: string, id: string): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  /** Deletes every entry of the grant and records the revocation (for the gateway's token cache). */
  revokeByGrantId(grantId: string): Promise<void>;
  /** Grant ids revoked at or after `since` (ms), for refreshing the hot path's revocation cache. */
  revokedGrantsSince(
    since: number,
  ): Promise<readonly { readonly grantId: string; readonly revokedAt: number }[]>;
  /** Every entry of a model whose payload has `accountId` = the given id (account page, disable). */
  listByAccount(model: string, accountId: string): Promise<readonly Record<string, unknown>[]>;
  purgeExpired(now: number): Promise<number>;
}

/** An SSH key bound to an account by a browser sign-in (the tunnel's `/ssh/verify` page). */
export interface TunnelKeyBinding {
  /** `SHA256:<base64>` as OpenSSH prints it; unique. */
  readonly fingerprint: string;
  readonly accountId: string;
  /** authorized_keys form: `ssh-ed25519 AAAA…`. */
  readonly publicKey: string;
  /** "Remember me": kept until revoked. Otherwise it lives while its SSH session does. */
  readonly remember: boolean;
  readonly createdAt: number;
  readonly lastUsedAt: number;
  /** Epoch ms, or null = until revoked. Expired bindings read as absent. */
  readonly expiresAt: number | null;
}

/** Another user allowed to use one tunnel route of a namespace. */
export interface TunnelShareRecord {
  readonly namespace: string;
  readonly route: string;
  /** Lower-cased e-mail address. */
  readonly email: string;
  readonly createdAt: number;
}

/**
 * What the SSH tunnel keeps: each account's namespace (`<adjective>-<animal>-<NNN>`, both sides
 * unique), SSH key bindings, and route shares.
 */
export interface TunnelRepository {
  namespaceOf(accountId: string): Promise<string | undefined>;
  ownerOf(namespace: string): Promise<string | undefined>;
  /**
   * Gives the account `namespace` unless it already has one. Returns the account's namespace
   * (the existing one, or `namespace`), or undefined when `namespace` belongs to another account.
   */
  claimNamespace(accountId: string, namespace: string, now: number): Promise<string | undefined>;
  /** Inserts or replaces the binding of `binding.fingerprint`. */
  putBinding(binding: TunnelKeyBinding): Promise<void>;
  getBinding(fingerprint: string, now: number): Promise<TunnelKeyBinding | undefined>;
  touchBinding(fingerprint: string, lastUsedAt: number): Promise<void>;
  deleteBinding(fingerprint: string): Promise<boolean>;
  /** Deletes the binding only when it is not remembered (its SSH session ended). */
  deleteSessionBinding(fingerprint: string): Promise<boolean>;
  listBindings(accountId: string, now: number): Promise<readonly TunnelKeyBinding[]>;
  /** False when the share already existed. */
  addShare(namespace: string, route: string, email: string, now: number): Promise<boolean>;
  removeShare(namespace: string, route: string, email: string): Promise<boolean>;
  listShares(namespace: string): Promise<readonly TunnelShareRecord[]>;
  purgeExpired(now: number): Promise<number>;
}

/** An ACME account (RFC 8555 §7.3) per directory: its key is a secret, never logged. */
export interface AcmeAccountRecord {
  readonly directoryUrl: string;
  /** PKCS#8 PEM private key. */
  readonly keyPem: string;
  /** The account URL the server returned (`kid`), once registered. */
  readonly accountUrl: string | null;
  readonly createdAt: number;
}

/** A certificate the gateway obtained (ACME), shared by every node of the store. */
export interface StoredCertificate {
  /** The name it was ordered for: `auth.example.com` or `*.tunnels.example.com`. */
  readonly name: string;
  /** The ACME directory that issued it (a certificate from another directory is not reused). */
  readonly directoryUrl: string;
  /** Leaf first, then the chain (PEM). */
  readonly certPem: string;
  /** PKCS#8 PEM private key: a secret, never logged. */
  readonly keyPem: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly updatedAt: number;
}

/** ACME accounts, certificates and issuance leases (so two nodes never order the same name). */
export interface CertificateRepository {
  getAccount(directoryUrl: string): Promise<AcmeAccountRecord | undefined>;
  /** Inserts unless the directory has one; returns the stored account (the first writer wins). */
  putAccountIfAbsent(account: AcmeAccountRecord): Promise<AcmeAccountRecord>;
  setAccountUrl(directoryUrl: string, accountUrl: string): Promise<void>;
  get(name: string): Promise<StoredCertificate | undefined>;
  /** Inserts or replaces the certificate of `certificate.name`. */
  put(certificate: StoredCertificate): Promise<void>;
  list(): Promise<readonly StoredCertificate[]>;
  /**
   * Takes lease `name` for `holder` until `expiresAt` when it is free, expired or already the
   * holder's (then extended). True when `holder` has it afterwards.
   */
  acquireLease(name: string, holder: string, now: number, expiresAt: number): Promise<boolean>;
  /** Gives the lease up, only when `holder` has it. */
  releaseLease(name: string, holder: string): Promise<void>;
}

/** One persisted capture: an already-masked exchange as JSON, with the replay context. */
export interface StoredExchange {
  readonly routeId: string;
  readonly id: string;
  /** Epoch ms the exchange started; orders a route's exchanges. */
  readonly at: number;
  /** JSON-serializable and masked before it gets here: never holds a secret. */
  readonly value: unknown;
}

/**
 * The traffic inspector's persistence (issue 16): the newest N captured exchanges per route.
 * Three calls; an adapter needs one table keyed by (route_id, id) with an index on (route_id, at).
 */
export interface TrafficRepository {
  /** Stores one exchange, then deletes all but the newest `keep` of its route (one transaction). */
  append(exchange: StoredExchange, keep: number): Promise<void>;
  /** A route's newest `limit` exchanges, newest first. */
  recent(routeId: string, limit: number): Promise<readonly StoredExchange[]>;
  /** Every route id with stored exchanges. */
  routes(): Promise<readonly string[]>;
}
