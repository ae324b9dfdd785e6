import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock, Store } from '@gatehouse/core';
import { createOidcProvider, type OidcIdentityProvider } from '../../src/identity/oidc/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import {
  DEFAULT_OIDC_CLIENT,
  DEFAULT_OIDC_USER,
  startOidcIdp,
  type OidcIdp,
  type OidcIdpOptions,
} from '../support/oidc-idp.ts';

export const REDIRECT_URI = 'http://auth.localhost:8787/oauth2/callback/corp';
export const CLIENT_SECRET = DEFAULT_OIDC_CLIENT.client_secret ?? '';

/** A clock a test can move forward. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

export interface Harness {
  readonly idp: OidcIdp;
  readonly store: Store;
  readonly clock: TestClock;
  readonly provider: OidcIdentityProvider;
  close(): Promise<void>;
}

/** A real IdP, a real SQLite store in a temp dir and our OIDC provider wired to both. */
export interface HarnessOptions {
  readonly idp?: OidcIdpOptions;
  /** Issuer our provider is configured with (default: the IdP's). */
  readonly issuer?: string;
  /** Client id and secret our provider uses (default: DEFAULT_OIDC_CLIENT's). */
  readonly client?: { readonly id: string; readonly secret?: string };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-oidc-'));
  const idp = await startOidcIdp(options.idp);
  const clock = testClock();
  const store = await openSqliteStore(path.join(dir, 'gatehouse.db'), { clock });
  const provider = createOidcProvider({
    id: 'corp',
    issuer: options.issuer ?? idp.issuer,
    clientId: options.client?.id ?? DEFAULT_OIDC_CLIENT.client_id,
    ...(options.client === undefined
      ? { clientSecret: CLIENT_SECRET }
      : options.client.secret === undefined
        ? {}
        : { clientSecret: options.client.secret }),
    scopes: ['openid', 'email', 'profile', 'groups'],
    redirectUri: REDIRECT_URI,
    store: store.records,
    clock,
    allowInsecureRequests: true,
  });
  return {
    idp,
    store,
    clock,
    provider,
    close: async () => {
      await idp.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` and returns what it threw (fails the test when it did not throw). */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & { code?: unknown }> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection, but it resolved');
}

/** The message of an error and of every cause below it, for "no secret leaked" checks. */
export function messagesOf(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 10; e = e.cause) {
    parts.push(e.message, e.stack ?? '');
  }
  return parts.join('\n');
}

/** A sign-in that reached the IdP and came back: the callback URL (not yet completed) and state. */
export async function signInAtIdp(
  h: Harness,
  credentials = DEFAULT_OIDC_USER,
): Promise<{ callback: URL; state: string }> {
  const { authorizationUrl, state } = await h.provider.begin({ returnTo: '/' });
  return { callback: new URL(await h.idp.authorizeWithForm(authorizationUrl, credentials)), state };
}
