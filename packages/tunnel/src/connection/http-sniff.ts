export interface SniffedRequest {
  readonly hostname: string;
  readonly path: string;
  /** The last X-Forwarded-For entry: the public client as the gateway saw it. */
  readonly client: string | undefined;
}

/** Only the start of the first chunk is looked at: nothing is buffered for this. */
const SNIFF_LIMIT = 4096;

/**
 * Reads the request line and the Host / X-Forwarded-For headers (RFC 9112 §3, §7.2) from the
 * first bytes the gateway writes into a tunnel connection. Undefined when it is not HTTP.
 */
export function sniffRequest(chunk: Uint8Array): SniffedRequest | undefined {
  const text = Buffer.from(
    chunk.buffer,
    chunk.byteOffset,
    Math.min(chunk.length, SNIFF_LIMIT),
  ).toString('latin1');
  const lines = text.split('\r\n');
  const requestLine = /^[A-Z]+ (\S+) HTTP\/\d(?:\.\d)?$/.exec(lines[0] ?? '');
  if (requestLine === null) return undefined;
  let hostname = '';
  let client: string | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'host') hostname = value;
    else if (name === 'x-forwarded-for') client = value.split(',').at(-1)?.trim();
  }
  return { hostname, path: requestLine[1] ?? '', client };
}
