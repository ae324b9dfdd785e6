import { openSqliteStore } from '@gatehouse/gateway';
import type { SshKey } from '../tunnel/ssh-client.ts';

/** A namespace of the shape the tunnel hands out (`<adjective>-<animal>-<NNN>`). */
export const BENCH_NAMESPACE = 'brisk-otter-100';

/**
 * Gives the account `email` the bench's namespace and binds `key` to it as remembered, straight
 * in the shared store before the nodes start: what a browser sign-in on `/ssh/verify` with
 * "remember this key" leaves behind, without a browser in the benchmark.
 */
export async function bindTunnelKey(storeFile: string, email: string, key: SshKey): Promise<void> {
  const store = await openSqliteStore(storeFile);
  try {
    const account = await store.accounts.findByEmail(email);
    if (account === undefined) throw new Error(`no account ${email} in ${storeFile}`);
    const now = Date.now();
    const namespace = await store.tunnels.claimNamespace(account.id, BENCH_NAMESPACE, now);
    if (namespace !== BENCH_NAMESPACE) throw new Error(`namespace ${BENCH_NAMESPACE} is taken`);
    await store.tunnels.putBinding({
      fingerprint: key.fingerprint,
      accountId: account.id,
      // authorized_keys form without the comment.
      publicKey: key.publicKey.split(' ').slice(0, 2).join(' '),
      remember: true,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: null,
    });
  } finally {
    await store.close();
  }
}
