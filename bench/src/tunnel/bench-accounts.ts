import {
  GatehouseError,
  type PendingSshSignIn,
  type SshIdentity,
  type SshKeyInfo,
  type TunnelAccounts,
  type TunnelShare,
} from '@gatehouse/core';

/** The account every bench key belongs to. */
export const BENCH_IDENTITY: SshIdentity = Object.freeze({
  userId: 'bench-account',
  email: 'bench@example.com',
  namespace: 'brisk-otter-100',
});

/**
 * TunnelAccounts for the tunnel benchmarks (packages/core/src/tunnel.ts): the keys are bound up
 * front, as a key remembered from an earlier sign-in would be, so `lookup` is the whole sign-in.
 * There is no browser here: an unbound key is refused ("Sign-in unavailable") instead of
 * waiting. Shares are kept in memory; nothing in the benchmarks uses them.
 */
export class BenchTunnelAccounts implements TunnelAccounts {
  readonly #bound = new Map<string, SshIdentity>();
  readonly #shares = new Map<string, TunnelShare[]>();

  constructor(fingerprints: readonly string[], identity: SshIdentity = BENCH_IDENTITY) {
    for (const fingerprint of fingerprints) this.#bound.set(fingerprint, identity);
  }

  lookup(key: SshKeyInfo): Promise<SshIdentity | undefined> {
    return Promise.resolve(this.#bound.get(key.fingerprint));
  }

  begin(): Promise<PendingSshSignIn> {
    return Promise.reject(
      new GatehouseError(
        'ERR_BENCH_SIGN_IN_UNAVAILABLE',
        'the bench binds its keys up front; an unbound key cannot sign in here',
      ),
    );
  }

  // Bindings are remembered ones: they outlive the connection.
  sessionEnded(): Promise<void> {
    return Promise.resolve();
  }

  forget(key: SshKeyInfo): Promise<void> {
    this.#bound.delete(key.fingerprint);
    return Promise.resolve();
  }

  share(identity: SshIdentity, route: string, email: string): Promise<void> {
    const list = this.#shares.get(identity.userId) ?? [];
    if (!list.some((s) => s.route === route && s.email === email)) list.push({ route, email });
    this.#shares.set(identity.userId, list);
    return Promise.resolve();
  }

  unshare(identity: SshIdentity, route: string, email: string): Promise<boolean> {
    const list = this.#shares.get(identity.userId) ?? [];
    const kept = list.filter((s) => !(s.route === route && s.email === email));
    this.#shares.set(identity.userId, kept);
    return Promise.resolve(kept.length !== list.length);
  }

  shares(identity: SshIdentity): Promise<readonly TunnelShare[]> {
    return Promise.resolve(this.#shares.get(identity.userId) ?? []);
  }

  publicUrl(identity: SshIdentity, route: string): string {
    return `http://${route}.${identity.namespace}.localhost`;
  }
}
