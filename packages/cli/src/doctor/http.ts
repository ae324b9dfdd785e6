import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/** Largest body the doctor reads; metadata and JSON-RPC answers are far smaller. */
const MAX_BODY_BYTES = 512 * 1024;

export interface ProbeRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ProbeResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A network failure in words a user can act on (never a stack, never a header value). */
export class ProbeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ProbeSettings {
  readonly ca: readonly string[];
  readonly resolve: ReadonlyMap<string, string>;
  readonly timeoutMs: number;
  /** Set once the TLS check failed, so the anonymous checks can still say what else is wrong. */
  readonly insecure: boolean;
}

/** The port a URL connects to (443 when the URL names none). */
export const portOf = (url: URL): number => (url.port === '' ? 443 : Number(url.port));

/** A DNS lookup that honours `--resolve host:port:address` for this connection. */
export function lookupFor(
  url: URL,
  resolve: ReadonlyMap<string, string>,
): LookupFunction | undefined {
  const address = resolve.get(`${url.hostname}:${String(portOf(url))}`);
  if (address === undefined) return undefined;
  const family = isIP(address) === 6 ? 6 : 4;
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function describeNetworkError(error: unknown, url: URL, timeoutMs: number): ProbeError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const where = `${url.hostname}:${String(portOf(url))}`;
  if (code === 'ABORT_ERR' || (error instanceof Error && error.name === 'AbortError'))
    return new ProbeError(
      'timeout',
      `no answer from ${where} within ${String(timeoutMs / 1000)} s`,
    );
  if (code === 'ECONNREFUSED') return new ProbeError(code, `${where} refused the connection`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ProbeError(code, `${url.hostname} does not resolve (DNS)`);
  if (code === 'ECONNRESET') return new ProbeError(code, `${where} closed the connection`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new ProbeError(code, `${where} is unreachable`);
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SELF_SIGNED'))
    return new ProbeError(code, `TLS with ${where} failed (${code})`);
  return new ProbeError(
    code || 'network',
    `request to ${where} failed (${code || 'network error'})`,
  );
}

function options(
  url: URL,
  init: ProbeRequest,
  settings: ProbeSettings,
  signal: AbortSignal | undefined,
): RequestOptions {
  const lookup = lookupFor(url, settings.resolve);
  return {
    method: init.method ?? 'GET',
    host: url.hostname,
    port: portOf(url),
    path: `${url.pathname}${url.search}`,
    servername: isIP(url.hostname) === 0 ? url.hostname : undefined,
    headers: { 'user-agent': 'gatehouse-doctor', ...init.headers },
    ca: [...settings.ca],
    rejectUnauthorized: !settings.insecure,
    agent: false,
    ...(signal === undefined ? {} : { signal }),
    ...(lookup === undefined ? {} : { lookup }),
  };
}

/**
 * Sends a request. `whole`: the time limit covers the whole exchange (body included);
 * otherwise it covers only the wait for the response headers, and the body may stream on.
 */
function send(
  url: URL,
  init: ProbeRequest,
  settings: ProbeSettings,
  whole = true,
): Promise<IncomingMessage> {
  if (url.protocol !== 'https:')
    return Promise.reject(new ProbeError('not-https', `${url.href} is not an https URL`));
  const signal = whole ? AbortSignal.timeout(settings.timeoutMs) : undefined;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(options(url, init, settings, signal), (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = whole
      ? undefined
      : setTimeout(() => {
          req.destroy();
          reject(describeNetworkError({ code: 'ABORT_ERR' }, url, settings.timeoutMs));
        }, settings.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(describeNetworkError(error, url, settings.timeoutMs));
    });
    req.end(init.body);
  });
}

/** One request, whole body read (up to a cap), within the time limit. */
export async function fetchText(
  url: URL,
  init: ProbeRequest,
  settings: ProbeSettings,
): Promise<ProbeResponse> {
  const res = await send(url, init, settings);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.destroy();
        break;
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw describeNetworkError(error, url, settings.timeoutMs);
  }
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

export type FirstBytes =
  | { readonly kind: 'data'; readonly text: string; readonly ended: boolean }
  | { readonly kind: 'ended' }
  | { readonly kind: 'timeout' };

export interface OpenStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Waits for the first body bytes; `ended` tells whether the body was already complete. */
  firstBytes(waitMs: number): Promise<FirstBytes>;
  close(): void;
}

/**
 * Starts a request and returns at the response headers, leaving the body unread, so a caller
 * can see whether the first event comes while the stream is still open (an unbuffered edge).
 */
export async function openStream(
  url: URL,
  init: ProbeRequest,
  settings: ProbeSettings,
): Promise<OpenStream> {
  // The stream may legitimately stay open for longer than one request's limit.
  const res = await send(url, init, settings, false);
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    firstBytes: (waitMs) =>
      new Promise<FirstBytes>((resolve) => {
        let first: string | undefined;
        let grace: NodeJS.Timeout | undefined;
        const timer = setTimeout(() => resolve({ kind: 'timeout' }), waitMs);
        res.once('data', (chunk: Buffer) => {
          clearTimeout(timer);
          first = chunk.toString('utf8');
          const text = first;
          // A body sent in one piece (what a buffering edge does) ends right after its first
          // bytes; an open stream does not. A short grace tells the two apart.
          grace = setTimeout(() => resolve({ kind: 'data', text, ended: false }), 250);
        });
        const finish = () => {
          clearTimeout(timer);
          clearTimeout(grace);
          resolve(
            first === undefined ? { kind: 'ended' } : { kind: 'data', text: first, ended: true },
          );
        };
        res.once('end', finish);
        res.once('error', finish);
        res.once('close', finish);
      }),
    close: () => {
      res.destroy();
      res.socket.destroy();
    },
  };
}

/** A header's value as one string ('' when absent). */
export function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** Parses a JSON object body, or undefined. */
export function jsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
