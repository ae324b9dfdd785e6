import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { fillPadding, poolSshPadding } from '../src/connection/ssh-padding.ts';

// ssh2 filled each packet's padding with its own randomFillSync call (~4 µs each); the tunnel
// now draws it from a pooled CSPRNG buffer (docs/adr/0015). The wire format must not change.

interface Ssh2Crypto {
  readonly CIPHER_INFO: Readonly<
    Record<string, { readonly keyLen: number; readonly ivLen: number }>
  >;
  createCipher(config: unknown): { allocPacket(n: number): Buffer; free(): void };
}

const ssh2Crypto = createRequire(import.meta.url)('ssh2/lib/protocol/crypto.js') as Ssh2Crypto;

function gcmCipher(name: string) {
  const info = ssh2Crypto.CIPHER_INFO[name];
  if (info === undefined) throw new Error(`ssh2 has no ${name}`);
  return ssh2Crypto.createCipher({
    outbound: {
      onWrite: () => {},
      cipherInfo: info,
      cipherKey: Buffer.alloc(info.keyLen),
      cipherIV: Buffer.alloc(info.ivLen),
      seqno: 0,
    },
  });
}

it('AES-GCM packets keep RFC 4253 §6 / RFC 5647 framing with pooled padding', () => {
  expect(poolSshPadding()).toBe('pooled');
  for (const name of ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com']) {
    const cipher = gcmCipher(name);
    for (let payload = 0; payload <= 64; payload++) {
      const packet = cipher.allocPacket(payload);
      const length = packet.readUInt32BE(0);
      const padLen = packet[4] ?? 0;
      // padding_length + payload + padding fill packet_length, ≥ 4 bytes of padding, and the
      // part after the (unencrypted) length field is a whole number of 16-byte blocks.
      expect(1 + payload + padLen).toBe(length);
      expect(padLen).toBeGreaterThanOrEqual(4);
      expect(padLen).toBeLessThan(4 + 16);
      expect(length % 16).toBe(0);
      // Room for the auth tag (the native binding) or none (the JavaScript path), nothing else.
      expect([4 + length, 4 + length + 16]).toContain(packet.length);
    }
    cipher.free();
  }
});

it('pooled padding bytes are random and never handed out twice, across refills', () => {
  const record = 20;
  const count = 2000; // 40 KB: several refills of the 8 KB pool
  const out = Buffer.alloc(record * count);
  for (let i = 0; i < count; i++) fillPadding(out, i * record, record);
  const seen = new Set<string>();
  for (let i = 0; i < count; i++)
    seen.add(out.subarray(i * record, (i + 1) * record).toString('hex'));
  expect(seen.size).toBe(count);
  expect(seen.has('00'.repeat(record))).toBe(false);
});
