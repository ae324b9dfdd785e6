import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { GatehouseError } from '@gatehouse/core';

/** A certificate chain and key, ready for handshakes, with what selection and renewal need. */
export interface LoadedCertificate {
  /** DNS names of the leaf (subjectAltName; `*.example.com` for a wildcard), lower case. */
  readonly names: readonly string[];
  readonly context: SecureContext;
  readonly notBefore: number;
  readonly notAfter: number;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/;

/**
 * Parses a PEM chain (leaf first) and its key. Throws ERR_TLS_CERTIFICATE naming `what` (a file
 * or a certificate name, never key material) when they do not fit together.
 */
export function loadCertificate(certPem: string, keyPem: string, what: string): LoadedCertificate {
  const leafPem = PEM_BLOCK.exec(certPem)?.[0];
  if (leafPem === undefined) {
    throw new GatehouseError('ERR_TLS_CERTIFICATE', `${what}: no PEM certificate found`);
  }
  let leaf: X509Certificate;
  let context: SecureContext;
  try {
    leaf = new X509Certificate(leafPem);
    context = createSecureContext({ cert: certPem, key: keyPem });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatehouseError(
      'ERR_TLS_CERTIFICATE',
      `${what}: cannot use the certificate and key (${reason})`,
      { cause: error },
    );
  }
  return Object.freeze({
    names: Object.freeze(dnsNames(leaf)),
    context,
    notBefore: Date.parse(leaf.validFrom),
    notAfter: Date.parse(leaf.validTo),
  });
}

/** The leaf's DNS subjectAltNames (RFC 5280 §4.2.1.6), or its CN when it has none. */
function dnsNames(leaf: X509Certificate): string[] {
  const names = (leaf.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  if (names.length > 0) return names;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1];
  return cn === undefined ? [] : [cn.toLowerCase()];
}
