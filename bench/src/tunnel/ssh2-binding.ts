import { createRequire } from 'node:module';

/**
 * Whether ssh2, as `@gatehouse/tunnel` resolves it, can load its native crypto binding
 * (`sshcrypto.node`, built at install time for one Node ABI). Without it ssh2 silently falls
 * back to JavaScript ciphers that create a Node cipher object per packet, which costs the
 * tunnel much of its throughput; the report says which one was measured.
 */
export function ssh2NativeCrypto(): boolean {
  const fromTunnel = createRequire(import.meta.resolve('@gatehouse/tunnel'));
  try {
    fromTunnel('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node');
    return true;
  } catch {
    return false;
  }
}
