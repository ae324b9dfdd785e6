import type { SecureContext } from 'node:tls';
import type { LoadedCertificate } from './certificate.ts';

/**
 * Which certificate a handshake gets, by SNI name (RFC 6066 §3): an exact name before a
 * wildcard (`*.example.com` covers one label, RFC 6125 §6.4.3), and a certificate from ACME
 * before a file's. Swapping an entry affects only later handshakes (hot swap, no restart).
 */
export class CertificateBook {
  #fileExact = new Map<string, SecureContext>();
  #fileWild = new Map<string, SecureContext>();
  #fileDefault: SecureContext | undefined;
  readonly #managed = new Map<string, LoadedCertificate>();

  /** Replaces the certificates from files (first one = the default for clients without SNI). */
  setFiles(certificates: readonly LoadedCertificate[]): void {
    const exact = new Map<string, SecureContext>();
    const wild = new Map<string, SecureContext>();
    for (const c of certificates) {
      for (const name of c.names) {
        const map = name.startsWith('*.') ? wild : exact;
        const key = name.startsWith('*.') ? name.slice(2) : name;
        if (!map.has(key)) map.set(key, c.context);
      }
    }
    this.#fileExact = exact;
    this.#fileWild = wild;
    this.#fileDefault = certificates[0]?.context;
  }

  /** Puts (or replaces) the certificate obtained for `name` (`host` or `*.parent`). */
  setManaged(name: string, certificate: LoadedCertificate): void {
    this.#managed.set(name, certificate);
  }

  managed(name: string): LoadedCertificate | undefined {
    return this.#managed.get(name);
  }

  managedNames(): string[] {
    return [...this.#managed.keys()];
  }

  /** The context for an SNI name, or undefined when nothing covers it. */
  find(servername: string): SecureContext | undefined {
    const name = servername.toLowerCase().replace(/\.$/, '');
    const exact = this.#managed.get(name)?.context ?? this.#fileExact.get(name);
    if (exact !== undefined) return exact;
    const dot = name.indexOf('.');
    if (dot === -1) return undefined;
    const parent = name.slice(dot + 1);
    return this.#managed.get(`*.${parent}`)?.context ?? this.#fileWild.get(parent);
  }

  /** The first file certificate: for clients without SNI, and every name when ACME is off. */
  fallback(): SecureContext | undefined {
    return this.#fileDefault;
  }
}
