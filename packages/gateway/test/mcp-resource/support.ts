import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  SignJWT,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { afterEach } from 'vitest';
import type { Clock, LogFn, Logger, Store } from '@gatehouse/core';
import type { McpRouteView, RevocationView } from '../../src/mcp/resource/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';

export const ISSUER = 'https://auth.example.test';

export const ROUTE_A: McpRouteView = {
  id: 'a',
  from: 'https://a.example.test',
  mcp: { server: { path: '/mcp', audit_arguments: false, allowed_origins: [] } },
  mcpResource: 'https://a.example.test/mcp',
};

export const ROUTE_B: McpRouteView = {
  id: 'b',
  from: 'https://b.example.test:8443',
  mcp: { server: { path: '/tools/mcp', audit_arguments: false, allowed_origins: [] } },
  mcpResource: 'https://b.example.test:8443/tools/mcp',
};

/** An MCP endpoint at the origin itself (`mcp.server.path: /`). */
export const ROUTE_ROOT: McpRouteView = {
  id: 'root',
  from: 'https://root.example.test',
  mcp: { server: { path: '/', audit_arguments: false, allowed_origins: [] } },
  mcpResource: 'https://root.example.test',
};

/** The authorization server's signing key, as the AS helper issues tokens: ES256 with a kid. */
export interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly kid: string;
  readonly jwks: JSONWebKeySet;
}

export async function signingKey(kid = 'k1'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { privateKey, kid, jwks: { keys: [jwk] } };
}

export const NOW_S = Math.floor(Date.now() / 1000);

/** Claims of an access token for ROUTE_A as our AS issues it; override or drop (undefined) any. */
export function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: ROUTE_A.mcpResource,
    sub: 'user-1',
    client_id: 'client-1',
    scope: 'mcp',
    iat: NOW_S,
    exp: NOW_S + 600,
    jti: 'jti-1',
    email: 'ada@example.test',
    name: 'Ada',
    groups: ['eng'],
    gid: 'grant-1',
  };
  const merged = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

/** Signs like the AS: ES256, `typ: at+jwt`, the key's kid. */
export function mint(
  key: SigningKey,
  payload: JWTPayload = claims(),
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid, ...header })
    .sign(key.privateKey);
}

export const bearer = (token: string): string => `Bearer ${token}`;

/** For tests about token shape only; revocation tests use the real cache over a real store. */
export const NOTHING_REVOKED: RevocationView = {
  isGrantRevoked: () => false,
  isUserDisabled: () => false,
};

/** A clock the test moves by hand. */
export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(start: number = NOW_S * 1000): ManualClock {
  let now = start;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Registers cleanup and returns a factory of real SQLite stores in fresh temp dirs. */
export function useStores(): (clock?: Clock) => Promise<Store> {
  const opened: { store: Store; dir: string }[] = [];
  afterEach(async () => {
    for (const { store, dir } of opened.splice(0)) {
      await store.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
  return async (clock) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-mcp-resource-'));
    const store = await openSqliteStore(path.join(dir, 'gatehouse.db'), clock ? { clock } : {});
    opened.push({ store, dir });
    return store;
  };
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly obj: Record<string, unknown>;
}

/** A real Logger that keeps what it is given, so tests can read the log. */
export function recordingLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']): LogFn =>
    (objOrMsg: Record<string, unknown> | string, msg?: string) => {
      if (typeof objOrMsg === 'string') lines.push({ level, msg: objOrMsg, obj: {} });
      else lines.push({ level, msg: msg ?? '', obj: objOrMsg });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}
