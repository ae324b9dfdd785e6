import { createRequire } from 'node:module';
import type { Connection } from 'ssh2';

/**
 * Two SSH messages ssh2's public API cannot send with our own text: a USERAUTH_BANNER during
 * publickey auth (ssh2 only sends its static, per-server `banner` before auth starts) and a
 * DISCONNECT with a description (ssh2's `end()` sends an empty one, which OpenSSH prints as
 * "Received disconnect from …:11: " with no reason). Both are built the way ssh2 builds its own
 * packets, through its Protocol instance; if a future ssh2 changes those internals, the
 * functions return false and the caller falls back to what the public API does. The tests drive
 * the real OpenSSH client and check the text arrives, so such a change cannot go unnoticed.
 */

// RFC 4253 §12, RFC 4252 §6.
const MSG_DISCONNECT = 1;
const MSG_USERAUTH_BANNER = 53;
/** RFC 4253 §11.1: SSH_DISCONNECT_BY_APPLICATION. */
const DISCONNECT_BY_APPLICATION = 11;

interface PacketWriter {
  readonly allocStart: number;
  readonly allocStartKEX: number;
  alloc(length: number, forceNormal?: boolean): Buffer;
  finalize(packet: Buffer, forceNormal?: boolean): Buffer;
}

interface ProtocolInternals {
  readonly _packetRW: { readonly write: PacketWriter };
}

type SendPacket = (protocol: ProtocolInternals, packet: Buffer, bypass?: boolean) => boolean;

const require = createRequire(import.meta.url);

function internals(client: Connection): { protocol: ProtocolInternals; send: SendPacket } | null {
  try {
    const protocol = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
    const utils = require('ssh2/lib/protocol/utils.js') as { sendPacket?: unknown };
    const writer = protocol?._packetRW?.write;
    if (
      protocol === undefined ||
      writer === undefined ||
      typeof writer.alloc !== 'function' ||
      typeof writer.finalize !== 'function' ||
      typeof utils.sendPacket !== 'function'
    ) {
      return null;
    }
    return { protocol, send: utils.sendPacket as SendPacket };
  } catch {
    return null;
  }
}

/**
 * SSH_MSG_USERAUTH_BANNER (RFC 4252 §5.4): allowed any time before auth succeeds. OpenSSH prints
 * it on stderr (unless `-q`), which is the only text an `ssh -N` user ever sees from the server.
 */
export function sendAuthBanner(client: Connection, text: string): boolean {
  const wire = internals(client);
  if (wire === null) return false;
  const message = text.endsWith('\n') ? text.replace(/\r?\n/g, '\r\n') : `${text}\r\n`;
  const length = Buffer.byteLength(message);
  const writer = wire.protocol._packetRW.write;
  const p = writer.allocStart;
  const packet = writer.alloc(1 + 4 + length + 4);
  packet[p] = MSG_USERAUTH_BANNER;
  packet.writeUInt32BE(length, p + 1);
  packet.write(message, p + 5, 'utf8');
  packet.writeUInt32BE(0, p + 5 + length); // empty language tag
  wire.send(wire.protocol, writer.finalize(packet));
  return true;
}

/**
 * SSH_MSG_DISCONNECT with a description (RFC 4253 §11.1), which OpenSSH prints as
 * `Received disconnect from <host> port <port>:11: <text>` (unless `-q`). Allocated like ssh2's
 * own disconnect(), so it may go out even during a key exchange.
 */
export function sendDisconnect(client: Connection, text: string): boolean {
  const wire = internals(client);
  if (wire === null) return false;
  const description = Buffer.from(text.slice(0, 400), 'utf8');
  const writer = wire.protocol._packetRW.write;
  const p = writer.allocStartKEX;
  const packet = writer.alloc(1 + 4 + 4 + description.length + 4, true);
  packet[p] = MSG_DISCONNECT;
  packet.writeUInt32BE(DISCONNECT_BY_APPLICATION, p + 1);
  packet.writeUInt32BE(description.length, p + 5);
  description.copy(packet, p + 9);
  packet.writeUInt32BE(0, p + 9 + description.length); // empty language tag
  wire.send(wire.protocol, writer.finalize(packet, true), true);
  return true;
}
