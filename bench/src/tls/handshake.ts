import { connect } from 'node:tls';

export interface HandshakeTarget {
  readonly port: number;
  readonly servername: string;
  /** A TLS session (ticket) from an earlier handshake to offer for resumption (RFC 8446 §2.2). */
  readonly session?: Buffer | undefined;
  /** Verify the chain against this CA for `servername`; without it the chain is not checked. */
  readonly ca?: string | undefined;
  /** Wait for the server's session ticket and return it (TLS 1.3 sends it after the handshake). */
  readonly wantSession?: boolean;
}

export interface HandshakeOutcome {
  readonly ok: boolean;
  readonly reused: boolean;
  readonly authorized: boolean;
  readonly subjectAltName: string | undefined;
  readonly session: Buffer | undefined;
  readonly error: string | undefined;
  /** Connect to secureConnect, in ms. */
  readonly ms: number;
}

const TIMEOUT_MS = 30_000;

/** One real TLS handshake to 127.0.0.1; resolves with the outcome, never rejects. */
export function handshakeOnce(target: HandshakeTarget): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({
      host: '127.0.0.1',
      port: target.port,
      servername: target.servername,
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: false,
      ...(target.ca === undefined ? {} : { ca: target.ca }),
      ...(target.session === undefined ? {} : { session: target.session }),
    });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('handshake timed out')));
    let settled = false;
    const finish = (outcome: Omit<HandshakeOutcome, 'ms'>, ms: number) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, ms });
      socket.end();
    };
    socket.once('secureConnect', () => {
      const ms = performance.now() - started;
      const base = {
        ok: true,
        reused: socket.isSessionReused(),
        authorized: socket.authorized,
        subjectAltName:
          target.ca === undefined ? undefined : socket.getPeerCertificate().subjectaltname,
        error: socket.authorizationError?.toString(),
      };
      if (target.wantSession !== true) return finish({ ...base, session: undefined }, ms);
      socket.once('session', (session: Buffer) => finish({ ...base, session }, ms));
    });
    socket.once('error', (error: Error) =>
      finish(
        {
          ok: false,
          reused: false,
          authorized: false,
          subjectAltName: undefined,
          session: undefined,
          error: error.message,
        },
        performance.now() - started,
      ),
    );
  });
}

export interface LoadResult {
  readonly handshakes: number;
  readonly perSecond: number;
  readonly errors: number;
  /** Handshakes whose resumption did not match what was asked (full when resuming, or vice versa). */
  readonly wrongKind: number;
  readonly firstError: string | undefined;
}

export interface LoadOptions {
  readonly port: number;
  /** SNI names, used in turn. */
  readonly names: readonly string[];
  /** A session per name to resume; without it every handshake is a full one. */
  readonly sessions?: ReadonlyMap<string, Buffer>;
  readonly concurrency: number;
  readonly seconds: number;
}

/**
 * `concurrency` loops of back-to-back handshakes for `seconds`, each on a new connection closed
 * right after the handshake. Bounded in time and, through the loops, in open connections.
 */
export async function handshakeLoad(options: LoadOptions): Promise<LoadResult> {
  const endAt = performance.now() + options.seconds * 1000;
  let next = 0;
  let handshakes = 0;
  let errors = 0;
  let wrongKind = 0;
  let firstError: string | undefined;
  const resuming = options.sessions !== undefined;
  const loop = async () => {
    while (performance.now() < endAt) {
      const servername = options.names[next++ % options.names.length] ?? '';
      const outcome = await handshakeOnce({
        port: options.port,
        servername,
        session: options.sessions?.get(servername),
      });
      if (!outcome.ok) {
        errors++;
        firstError ??= outcome.error;
      } else if (outcome.reused !== resuming) wrongKind++;
      else handshakes++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  return { handshakes, perSecond: handshakes / seconds, errors, wrongKind, firstError };
}
