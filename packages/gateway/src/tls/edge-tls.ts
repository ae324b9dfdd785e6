import type { ServerOptions } from 'node:https';
import type { SecureContext, TLSSocket } from 'node:tls';
import type { Logger } from '@gatehouse/core';
import type { CertificateBook } from './certificate-book.ts';

/** RFC 8737 §4: the ALPN protocol of tls-alpn-01 validation handshakes. */
export const ACME_TLS_ALPN = 'acme-tls/1';

export interface EdgeTlsDeps {
  readonly book: CertificateBook;
  /** The tls-alpn-01 challenge certificate for a name being validated now, if any. */
  readonly alpnChallenge: (name: string) => SecureContext | undefined;
  /** A certificate for a name nothing covers yet (on-demand ACME); undefined = fail. */
  readonly onDemand?: ((name: string) => Promise<SecureContext | undefined>) | undefined;
  /** True with ACME: an uncovered name fails the handshake instead of getting the fallback. */
  readonly strict: boolean;
  readonly logger: Logger;
}

const challenged = new WeakSet<TLSSocket>();

/**
 * HTTPS options for the edge: the certificate per SNI name from the book, tls-alpn-01
 * answers, and on-demand issuance that never blocks other handshakes (the callback is async).
 */
export function edgeTlsOptions(deps: EdgeTlsDeps): ServerOptions {
  return {
    // OpenSSL asks ALPN before SNI in TLS 1.3 and after it in TLS 1.2: remember the choice on the
    // socket for the SNI callback, and set the key directly for the TLS 1.2 order.
    ALPNCallback(this: TLSSocket, { servername, protocols }) {
      if (protocols.includes(ACME_TLS_ALPN)) {
        const context = alpnChallenge(deps, servername);
        if (context === undefined) return undefined;
        challenged.add(this);
        this.setKeyCert(context);
        return ACME_TLS_ALPN;
      }
      return protocols.includes('http/1.1') ? 'http/1.1' : undefined;
    },
    SNICallback(this: TLSSocket, servername, done) {
      if (challenged.has(this)) {
        done(null, alpnChallenge(deps, servername));
        return;
      }
      const found = deps.book.find(servername);
      if (found !== undefined) return done(null, found);
      const name = servername.toLowerCase().replace(/\.$/, '');
      if (!deps.strict) return done(null, deps.book.fallback());
      if (deps.onDemand === undefined) return done(new Error(`no certificate for ${name}`));
      deps.onDemand(name).then(
        (context) =>
          context === undefined
            ? done(new Error(`no certificate for ${name}`))
            : done(null, context),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    },
  };
}

function alpnChallenge(deps: EdgeTlsDeps, servername: string): SecureContext | undefined {
  return deps.alpnChallenge(servername.toLowerCase().replace(/\.$/, ''));
}
