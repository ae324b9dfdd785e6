import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { lookupFor, portOf, ProbeError } from '../http.ts';
import { fail, pass, warn, type CheckResult } from '../types.ts';

/** A certificate this close to expiry gets a warning (ACME renews at 30 days left). */
const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TlsOutcome {
  readonly result: CheckResult;
  /** False when later checks must not trust the connection (the token is then never sent). */
  readonly trusted: boolean;
}

interface Handshake {
  readonly authorized: boolean;
  readonly error: string | undefined;
  readonly cert: PeerCertificate;
}

function handshake(
  url: URL,
  ca: readonly string[],
  resolve: ReadonlyMap<string, string>,
  timeoutMs: number,
): Promise<Handshake> {
  const lookup = lookupFor(url, resolve);
  return new Promise((done, reject) => {
    const socket = connect({
      host: url.hostname,
      port: portOf(url),
      ...(isIP(url.hostname) === 0 ? { servername: url.hostname } : {}),
      ca: [...ca],
      // Verify ourselves below so a bad certificate is reported, not thrown.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(lookup === undefined ? {} : { lookup }),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new ProbeError(
          'timeout',
          `no TLS handshake with ${url.host} within ${String(timeoutMs / 1000)} s`,
        ),
      );
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const error = socket.authorizationError;
      done({
        authorized: socket.authorized,
        error: error === null || error === undefined ? undefined : String(error),
        cert: socket.getPeerCertificate(),
      });
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const code = error.code ?? 'network';
      const where = `${url.hostname}:${String(portOf(url))}`;
      const words: Record<string, string> = {
        ECONNREFUSED: `${where} refused the connection`,
        ENOTFOUND: `${url.hostname} does not resolve (DNS)`,
        EAI_AGAIN: `${url.hostname} does not resolve (DNS)`,
        ECONNRESET: `${where} closed the connection during the TLS handshake (is it https?)`,
      };
      reject(new ProbeError(code, words[code] ?? `cannot connect to ${where} (${code})`));
    });
  });
}

function names(cert: PeerCertificate): string {
  const alt = cert.subjectaltname ?? '';
  const list = alt
    .split(',')
    .map((n) => n.trim().replace(/^(DNS|IP Address):/, ''))
    .filter((n) => n !== '');
  const cn = cert.subject?.CN;
  return list.length > 0 ? list.join(', ') : Array.isArray(cn) ? cn.join(', ') : (cn ?? 'no name');
}

/**
 * The certificate a host presents: chain verified against the trusted CAs, name matched
 * (RFC 6125), expiry. ChatGPT and Claude refuse an invalid certificate without saying why.
 */
export async function checkTls(
  id: string,
  url: URL,
  ca: readonly string[],
  resolve: ReadonlyMap<string, string>,
  timeoutMs: number,
  now: Date = new Date(),
): Promise<TlsOutcome> {
  const { authorized, error, cert } = await handshake(url, ca, resolve, timeoutMs);
  const host = url.hostname;
  if (!authorized) {
    if (error === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return {
        trusted: false,
        result: fail(
          id,
          `the certificate is for ${names(cert)}, not ${host}`,
          `serve a certificate whose subjectAltName includes ${host} (Gatehouse: tls.cert_file, or ACME)`,
        ),
      };
    }
    if (error === 'CERT_HAS_EXPIRED') {
      return {
        trusted: false,
        result: fail(
          id,
          `the certificate of ${host} expired on ${cert.valid_to}`,
          'renew the certificate',
        ),
      };
    }
    return {
      trusted: false,
      result: fail(
        id,
        `the certificate of ${host} does not verify (${error ?? 'unknown error'}): no trusted CA issued it`,
        "use a certificate from a public CA (e.g. Let's Encrypt) and serve the full chain (leaf + intermediates); for a private test CA pass --ca-file",
      ),
    };
  }
  const expires = new Date(cert.valid_to);
  const days = Math.floor((expires.getTime() - now.getTime()) / DAY_MS);
  const issuer = cert.issuer?.O ?? cert.issuer?.CN ?? 'unknown issuer';
  const summary = `valid for ${host}, issued by ${String(issuer)}, expires ${expires.toISOString().slice(0, 10)}`;
  if (days < EXPIRY_WARNING_DAYS) {
    return {
      trusted: true,
      result: warn(
        id,
        `${summary}: only ${String(Math.max(days, 0))} days left`,
        'renew the certificate now (check that automatic renewal runs)',
      ),
    };
  }
  return { trusted: true, result: pass(id, `${summary} (${String(days)} days)`) };
}
