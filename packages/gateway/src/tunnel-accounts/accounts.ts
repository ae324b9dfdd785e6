import { randomBytes } from 'node:crypto';
import type {
  Clock,
  Logger,
  PendingSshSignIn,
  SshKeyInfo,
  Store,
  TunnelAccounts,
} from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import { createRateLimiter } from '../session/rate-limit.ts';
import { TUNNEL_ERROR_CODES, tunnelError } from './errors.ts';
import { createTunnelIdentityOf } from './identity.ts';
import { createSignInNotifier, type SignInNotifier } from './notifier.ts';
import { PENDING_KIND, SIGN_IN_TTL_MS, type PendingSignIn } from './pending.ts';
import { tunnelOrigin } from './public-url.ts';
import { addShare, listShares, normalizeRoute, removeShare } from './shares.ts';
import { newUserCode, userCodeKey } from './user-code.ts';
import { waitForAnswer } from './waiter.ts';

export interface TunnelAccountsOptions {
  readonly store: Store;
  readonly config: () => GatewayConfig;
  /** The edge's bound port (known once it listens). */
  readonly edgePort: () => number;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Shared with the verify page so an answer wakes the waiter at once (default: a new one). */
  readonly notifier?: SignInNotifier;
  /** How often a waiting sign-in reads the store (default 250 ms). */
  readonly pollMs?: number;
  /** Called after a namespace's shares changed (the gateway drops its cached routes). */
  readonly onSharesChanged?: (namespace: string) => void;
}

/** Sign-in attempts per client IP and window (issue 7: "attempts are rate-limited per IP"). */
export const SIGN_IN_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** `ssh-ed25519 AAAA… comment` and `ssh-ed25519 AAAA…` are the same key. */
const keyOf = (publicKey: string): string => publicKey.trim().split(/\s+/).slice(0, 2).join(' ');

/** The gateway side of the SSH tunnel's `TunnelAccounts` port (packages/core/src/tunnel.ts). */
export function createTunnelAccounts(options: TunnelAccountsOptions): TunnelAccounts {
  const { store, clock, logger } = options;
  const notifier = options.notifier ?? createSignInNotifier();
  const identityOf = createTunnelIdentityOf(store, clock);
  const changed = options.onSharesChanged ?? (() => undefined);
  const limiter = createRateLimiter({
    records: store.records,
    kind: 'rl-ssh-signin-ip',
    limit: SIGN_IN_LIMIT,
    windowMs: SIGN_IN_WINDOW_MS,
    clock,
  });

  async function storePending(key: SshKeyInfo): Promise<{ code: string; pending: PendingSignIn }> {
    const issuedAt = clock.now();
    const pending: PendingSignIn = {
      id: randomBytes(16).toString('base64url'),
      fingerprint: key.fingerprint,
      publicKey: keyOf(key.publicKey),
      clientIp: key.clientIp,
      issuedAt,
      expiresAt: issuedAt + SIGN_IN_TTL_MS,
    };
    for (;;) {
      const code = newUserCode();
      // A live code is never overwritten (that would hijack another user's sign-in).
      if ((await store.records.get(PENDING_KIND, userCodeKey(code), issuedAt)) !== undefined)
        continue;
      await store.records.put(PENDING_KIND, userCodeKey(code), pending, pending.expiresAt);
      return { code, pending };
    }
  }

  return {
    async lookup(key) {
      const now = clock.now();
      const binding = await store.tunnels.getBinding(key.fingerprint, now);
      if (binding === undefined || binding.publicKey !== keyOf(key.publicKey)) return undefined;
      const identity = await identityOf(binding.accountId);
      if (identity !== undefined) await store.tunnels.touchBinding(key.fingerprint, now);
      return identity;
    },

    async begin(key): Promise<PendingSshSignIn> {
      const limit = await limiter.hit(key.clientIp);
      if (!limit.allowed) {
        logger.warn(
          { event: 'ssh-signin-rate-limited', clientIp: key.clientIp },
          'SSH sign-in refused',
        );
        throw tunnelError(
          TUNNEL_ERROR_CODES.rateLimited,
          `too many sign-in attempts from ${key.clientIp}; try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minutes`,
        );
      }
      const { code, pending } = await storePending(key);
      logger.info(
        { event: 'ssh-signin-started', fingerprint: key.fingerprint, clientIp: key.clientIp },
        'SSH sign-in waiting for the browser',
      );
      const waiter = waitForAnswer(
        { records: store.records, notifier, clock, logger, pollMs: options.pollMs ?? 250 },
        pending,
        userCodeKey(code),
      );
      const verify = new URL('/ssh/verify', options.config().authenticateServiceUrl);
      verify.searchParams.set('user_code', code);
      return {
        verifyUrl: verify.href,
        userCode: code,
        expiresAt: pending.expiresAt,
        outcome: waiter.outcome,
        cancel: () => waiter.cancel(),
      };
    },

    async sessionEnded(key) {
      await store.tunnels.deleteSessionBinding(key.fingerprint);
    },

    async forget(key) {
      await store.tunnels.deleteBinding(key.fingerprint);
    },

    async share(identity, route, email) {
      changed(await addShare(store, identity, route, email, clock.now()));
    },

    async unshare(identity, route, email) {
      const removed = await removeShare(store, identity, route, email);
      if (removed) changed(identity.namespace);
      return removed;
    },

    shares: (identity) => listShares(store, identity),

    publicUrl: (identity, route) =>
      tunnelOrigin(options.config(), options.edgePort(), normalizeRoute(route), identity.namespace),
  };
}
