import { createPrivateKey, randomBytes } from 'node:crypto';
import ssh2 from 'ssh2';

/**
 * ssh2 reads OpenSSH and PKCS#1/SEC1 PEM keys but not PKCS#8, which is what Node writes for
 * ed25519. This turns a PKCS#8 ed25519 PEM into the unencrypted `openssh-key-v1` format
 * (OpenSSH PROTOCOL.key); any key ssh2 already reads passes through unchanged.
 */
export function toSsh2HostKey(pem: string | Buffer): string | Buffer {
  if (!(ssh2.utils.parseKey(pem) instanceof Error)) return pem;
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') return pem;
  const jwk = key.export({ format: 'jwk' });
  if (jwk.d === undefined || jwk.x === undefined) return pem;
  const seed = Buffer.from(jwk.d, 'base64url');
  const publicKey = Buffer.from(jwk.x, 'base64url');
  const type = Buffer.from('ssh-ed25519');
  const publicBlob = Buffer.concat([sshString(type), sshString(publicKey)]);
  const check = randomBytes(4);
  let secret = Buffer.concat([
    check,
    check,
    sshString(type),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(Buffer.from('gatehouse host key')),
  ]);
  // Padded with 1, 2, 3, … to the cipher block size (8 for "none").
  const padding = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString(Buffer.from('none')),
    sshString(Buffer.from('none')),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(publicBlob),
    sshString(secret),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

/** RFC 4251 §5 `string`. */
function sshString(data: Buffer): Buffer {
  return Buffer.concat([uint32(data.length), data]);
}
