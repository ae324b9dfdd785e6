import { randomBytes } from 'node:crypto';
import type {
  PendingSshSignIn,
  SshIdentity,
  SshKeyInfo,
  SshSignInOutcome,
  TunnelAccounts,
  TunnelShare,
} from '@gatehouse/core';

interface Binding {
  readonly identity: SshIdentity;
  readonly remember: boolean;
}

interface Pending {
  readonly key: SshKeyInfo;
  settled: boolean;
  settle(outcome: SshSignInOutcome): void;
}

/**
 * An honest in-memory TunnelAccounts: the test plays the browser by approving or denying the
 * pending code it read from ssh's output.
 */
export class MemoryTunnelAccounts implements TunnelAccounts {
  readonly bindings = new Map<string, Binding>();
  readonly pending = new Map<string, Pending>();
  readonly sharesByAccount = new Map<string, TunnelShare[]>();
  readonly events: string[] = [];
  begins = 0;
  /** When set, `share` rejects with it (as the gateway does for a full or foreign namespace). */
  shareFailure: Error | undefined;
  /** When set, `lookup` rejects with it (the store is down). */
  lookupFailure: Error | undefined;
  readonly #verifyBase: string;
  readonly #ttlMs: number;

  constructor(options: { verifyBase?: string; ttlMs?: number } = {}) {
    this.#verifyBase = options.verifyBase ?? 'http://auth.localhost:8787';
    this.#ttlMs = options.ttlMs ?? 15 * 60_000;
  }

  bind(fingerprint: string, identity: SshIdentity, remember = true): void {
    this.bindings.set(fingerprint, { identity, remember });
  }

  lookup(key: SshKeyInfo): Promise<SshIdentity | undefined> {
    if (this.lookupFailure !== undefined) return Promise.reject(this.lookupFailure);
    return Promise.resolve(this.bindings.get(key.fingerprint)?.identity);
  }

  begin(key: SshKeyInfo): Promise<PendingSshSignIn> {
    this.begins += 1;
    const userCode = randomBytes(8).toString('hex');
    let settle!: (outcome: SshSignInOutcome) => void;
    const outcome = new Promise<SshSignInOutcome>((resolve) => (settle = resolve));
    const entry: Pending = {
      key,
      settled: false,
      settle: (result) => {
        if (entry.settled) return;
        entry.settled = true;
        this.pending.delete(userCode);
        settle(result);
      },
    };
    this.pending.set(userCode, entry);
    return Promise.resolve({
      verifyUrl: `${this.#verifyBase}/ssh/verify?user_code=${userCode}`,
      userCode,
      expiresAt: Date.now() + this.#ttlMs,
      outcome,
      cancel: () => {
        this.events.push(`cancel ${userCode}`);
        entry.settle({ approved: false, reason: 'cancelled' });
      },
    });
  }

  /** The browser's Authorize. */
  approve(userCode: string, identity: SshIdentity, remember = false): void {
    const entry = this.pending.get(userCode);
    if (entry === undefined) throw new Error(`no pending code ${userCode}`);
    this.bind(entry.key.fingerprint, identity, remember);
    entry.settle({ approved: true, identity });
  }

  /** The browser's Deny. */
  deny(userCode: string): void {
    const entry = this.pending.get(userCode);
    if (entry === undefined) throw new Error(`no pending code ${userCode}`);
    entry.settle({ approved: false, reason: 'denied' });
  }

  sessionEnded(key: SshKeyInfo): Promise<void> {
    this.events.push(`sessionEnded ${key.fingerprint}`);
    if (this.bindings.get(key.fingerprint)?.remember === false)
      this.bindings.delete(key.fingerprint);
    return Promise.resolve();
  }

  forget(key: SshKeyInfo): Promise<void> {
    this.events.push(`forget ${key.fingerprint}`);
    this.bindings.delete(key.fingerprint);
    return Promise.resolve();
  }

  share(identity: SshIdentity, route: string, email: string): Promise<void> {
    if (this.shareFailure !== undefined) return Promise.reject(this.shareFailure);
    const list = this.sharesByAccount.get(identity.userId) ?? [];
    if (!list.some((s) => s.route === route && s.email === email)) list.push({ route, email });
    this.sharesByAccount.set(identity.userId, list);
    return Promise.resolve();
  }

  unshare(identity: SshIdentity, route: string, email: string): Promise<boolean> {
    const list = this.sharesByAccount.get(identity.userId) ?? [];
    const kept = list.filter((s) => !(s.route === route && s.email === email));
    this.sharesByAccount.set(identity.userId, kept);
    return Promise.resolve(kept.length !== list.length);
  }

  shares(identity: SshIdentity): Promise<readonly TunnelShare[]> {
    return Promise.resolve(this.sharesByAccount.get(identity.userId) ?? []);
  }

  publicUrl(identity: SshIdentity, route: string): string {
    return `http://${route}.${identity.namespace}.localhost:8787`;
  }
}
