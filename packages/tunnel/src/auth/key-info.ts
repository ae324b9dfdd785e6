import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import type { SshKeyInfo } from '@gatehouse/core';

/** `SHA256:<base64 without padding>` of the key blob, exactly as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export interface ClientKey {
  readonly info: SshKeyInfo;
  readonly parsed: ParsedKey;
}

/** Parses the public key blob a client offered; undefined when it is not a key ssh2 knows. */
export function clientKey(blob: Buffer, clientIp: string): ClientKey | undefined {
  const parsed = ssh2.utils.parseKey(blob);
  if (parsed instanceof Error) return undefined;
  return {
    parsed,
    info: {
      fingerprint: fingerprintOf(blob),
      // The key type comes from the blob, not from the signature algorithm (rsa-sha2-256 …).
      publicKey: `${parsed.type} ${blob.toString('base64')}`,
      clientIp,
    },
  };
}
