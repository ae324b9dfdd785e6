import { randomFillSync } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * SSH packet padding from a pooled CSPRNG buffer instead of one `randomFillSync` call per packet.
 *
 * ssh2 builds every outgoing packet in its cipher's `allocPacket` and fills the 4–19 padding
 * bytes (RFC 4253 §6) with `crypto.randomFillSync`, which costs ~4 µs a call on this machine
 * (OpenSSL's RAND_bytes behind a C++ job) against ~0.1 µs for copying the same bytes out of a
 * buffer filled by one call. A proxied GET sends one or two packets, so the call was ~5% of the
 * tunnel process's CPU at c=50 (docs/adr/0015). The padding stays CSPRNG output and every byte
 * is handed out once; only the number of calls into OpenSSL changes.
 *
 * ssh2 does not export its cipher classes, so the prototype is taken from an instance that
 * `createCipher` builds for AES-GCM (the only cipher family the server offers, ciphers.ts), and
 * the replacement is installed only after it produced exactly ssh2's own packet layout for a
 * range of payload sizes. Anything unexpected leaves ssh2 as it is.
 */

/** Bytes drawn from the CSPRNG at once; a GET needs ~20. */
const POOL_BYTES = 8192;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

/** Copies `length` fresh random bytes into `target` at `start`; no byte is handed out twice. */
export function fillPadding(target: Uint8Array, start: number, length: number): void {
  if (length > POOL_BYTES) {
    randomFillSync(target, start, length);
    return;
  }
  if (used + length > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  pool.copy(target, start, used, used + length);
  used += length;
}

type AllocPacket = (this: unknown, payloadLen: number) => Buffer;

interface CipherPrototype {
  allocPacket: AllocPacket;
}

interface Ssh2Crypto {
  readonly CIPHER_INFO: Readonly<
    Record<string, { readonly keyLen: number; readonly ivLen: number }>
  >;
  createCipher(config: unknown): { free(): void };
}

/** AES-GCM's block: RFC 5647 §7.1 aligns the packet minus its length field to 16 bytes. */
const GCM_BLOCK = 16;
/** Payload sizes whose packets are compared with ssh2's own before anything is replaced. */
const PROBE_LENGTHS = [0, 1, 10, 11, 12, 27, 100, 1000, 32768];

/**
 * RFC 4253 §6 framing for AES-GCM (RFC 5647 §7.2: the length field is not encrypted and not in
 * the alignment): uint32 packet_length, byte padding_length, payload, ≥ 4 bytes of padding,
 * then `trailer` spare bytes (ssh2's native binding writes the auth tag there).
 */
function gcmAllocPacket(trailer: number): AllocPacket {
  return function allocPacket(payloadLen: number): Buffer {
    let padLen = GCM_BLOCK - ((1 + payloadLen) % GCM_BLOCK);
    if (padLen < 4) padLen += GCM_BLOCK;
    const length = 1 + payloadLen + padLen;
    const packet = Buffer.allocUnsafe(4 + length + trailer);
    packet.writeUInt32BE(length, 0);
    packet[4] = padLen;
    fillPadding(packet, 5 + payloadLen, padLen);
    return packet;
  };
}

function sameLayout(ours: AllocPacket, theirs: AllocPacket, self: unknown): boolean {
  return PROBE_LENGTHS.every((n) => {
    const a = ours.call(self, n);
    const b = theirs.call(self, n);
    return a.length === b.length && a.subarray(0, 5).equals(b.subarray(0, 5));
  });
}

export type PaddingSource = 'pooled' | 'per-packet';

let installed: PaddingSource | undefined;

/**
 * Makes ssh2's AES-GCM cipher (the binding's or the JavaScript one, whichever this process
 * uses) take its padding from the pool. Idempotent; says which source runs.
 */
export function poolSshPadding(): PaddingSource {
  if (installed !== undefined) return installed;
  installed = 'per-packet';
  try {
    const require = createRequire(import.meta.url);
    const ssh2Crypto = require('ssh2/lib/protocol/crypto.js') as Ssh2Crypto;
    const info = ssh2Crypto.CIPHER_INFO['aes128-gcm@openssh.com'];
    if (info === undefined) return installed;
    const cipher = ssh2Crypto.createCipher({
      outbound: {
        onWrite: () => {},
        cipherInfo: info,
        cipherKey: Buffer.alloc(info.keyLen),
        cipherIV: Buffer.alloc(info.ivLen),
        seqno: 0,
      },
    });
    cipher.free();
    const proto = Object.getPrototypeOf(cipher) as CipherPrototype;
    const theirs = proto.allocPacket;
    if (typeof theirs !== 'function') return installed;
    const trailer = theirs.call(cipher, 0).length - gcmAllocPacket(0).call(cipher, 0).length;
    const ours = gcmAllocPacket(trailer);
    if (trailer < 0 || !sameLayout(ours, theirs, cipher)) return installed;
    proto.allocPacket = ours;
    installed = 'pooled';
  } catch {
    // An ssh2 whose internals moved: its own per-packet padding keeps working.
  }
  return installed;
}
