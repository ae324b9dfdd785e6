import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

export type SocksOutcome =
  /** CONNECT succeeded; any bytes after the reply were unshifted back onto the stream. */
  | { readonly kind: 'connected' }
  /** The first byte back was not 0x05: the client forwards to its own target (static). */
  | { readonly kind: 'not-socks' }
  /** The SOCKS server could not reach the target (REP ≠ 0, or it closed the channel). */
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'timeout' };

// RFC 1928 §6 reply codes.
const REPLIES: Readonly<Record<number, string>> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

/** RFC 1928 greeting (v5, one method: no auth) and CONNECT, in one write to save a round trip. */
export function socks5Request(host: string, port: number): Buffer {
  const family = isIP(host);
  let address: Buffer;
  if (family === 4) address = Buffer.from([1, ...host.split('.').map(Number)]);
  else if (family === 6) address = Buffer.concat([Buffer.from([4]), ipv6Bytes(host)]);
  else {
    const name = Buffer.from(host, 'ascii');
    address = Buffer.concat([Buffer.from([3, name.length]), name]);
  }
  const portBytes = Buffer.from([port >> 8, port & 0xff]);
  return Buffer.concat([Buffer.from([5, 1, 0, 5, 1, 0]), address, portBytes]);
}

/** Runs the client side of a pipelined SOCKS5 CONNECT over `stream`. Never rejects. */
export function socks5Connect(
  stream: Duplex,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<SocksOutcome> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const finish = (outcome: SocksOutcome, rest?: Buffer): void => {
      clearTimeout(timer);
      stream.off('readable', onReadable).off('end', onEnd).off('close', onEnd);
      stream.off('error', onEnd);
      if (rest !== undefined && rest.length > 0) stream.unshift(rest);
      resolve(outcome);
    };
    const onEnd = (): void =>
      finish({ kind: 'failed', reason: 'the SSH client closed the channel (connection refused)' });
    const onReadable = (): void => {
      let chunk: unknown;
      while ((chunk = stream.read()) !== null) {
        if (chunk instanceof Buffer) buffered = Buffer.concat([buffered, chunk]);
      }
      const outcome = parseReply(buffered);
      if (outcome !== undefined) finish(outcome.outcome, buffered.subarray(outcome.used));
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    stream.on('readable', onReadable).once('end', onEnd).once('close', onEnd);
    stream.once('error', onEnd);
    stream.write(socks5Request(host, port));
  });
}

/** The outcome once enough bytes are in, and how many bytes the replies used. */
function parseReply(bytes: Buffer): { outcome: SocksOutcome; used: number } | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes[0] !== 5) return { outcome: { kind: 'not-socks' }, used: 0 };
  if (bytes.length < 2) return undefined;
  if (bytes[1] !== 0) {
    return {
      outcome: { kind: 'failed', reason: 'the SOCKS server wants authentication' },
      used: 2,
    };
  }
  // Method selection (2 bytes), then VER REP RSV ATYP BND.ADDR BND.PORT (RFC 1928 §6).
  if (bytes.length < 7) return undefined;
  const rep = bytes[3] ?? 0;
  const atyp = bytes[5];
  const addressLength = atyp === 1 ? 4 : atyp === 4 ? 16 : 1 + (bytes[6] ?? 0);
  const used = 2 + 4 + addressLength + 2;
  if (rep !== 0) {
    return { outcome: { kind: 'failed', reason: REPLIES[rep] ?? `SOCKS error ${rep}` }, used };
  }
  if (bytes.length < used) return undefined;
  return { outcome: { kind: 'connected' }, used };
}

function ipv6Bytes(host: string): Buffer {
  const [head = '', tail = ''] = host.split('::');
  const part = (text: string): number[] =>
    text === '' ? [] : text.split(':').map((h) => parseInt(h, 16));
  const left = part(head);
  const right = host.includes('::') ? part(tail) : [];
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return Buffer.from(groups.flatMap((g) => [g >> 8, g & 0xff]));
}
