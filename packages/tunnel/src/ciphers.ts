import type { CipherAlgorithm } from 'ssh2';

/**
 * The ciphers the SSH server offers. OpenSSH clients pick the first of *their* list that the
 * server offers, and theirs starts with chacha20-poly1305, then aes-ctr, then aes-gcm. Without
 * ssh2's native binding (its install script is not run here, and a fresh machine may have no
 * compiler) chacha20-poly1305 and the separate MAC of aes-ctr run per packet in JavaScript;
 * AES-GCM runs in OpenSSL through node:crypto. Offering AES-GCM only made a 100 MB download as
 * fast as OpenSSH's own sshd and GETs through the tunnel ~1.4× faster (docs/benchmarks.md).
 * Every OpenSSH since 6.2 (2013), PuTTY since 0.76 and ssh2 speak it.
 */
export const TUNNEL_CIPHERS: readonly CipherAlgorithm[] = Object.freeze([
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
]);
