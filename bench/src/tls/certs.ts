import { createTestCa } from '@gatehouse/testing';

/** A certificate file pair on disk for one SNI name, signed by the bench's own test CA. */
export interface LeafFiles {
  readonly name: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TestPki {
  /** PEM of the test CA that signed every leaf (what a client trusts). */
  readonly caPem: string;
  readonly leaves: readonly LeafFiles[];
}

/** `count` SNI names under a reserved test domain (RFC 6761 §6.2: `.test` never resolves). */
export function benchNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `host-${String(i).padStart(3, '0')}.bench.test`);
}

/**
 * A test CA and one P-256 leaf per name (the shared test PKI of `@gatehouse/testing`, real openssl
 * CLI) in `dir` (the caller removes it). P-256 is what ACME certificates from Let's Encrypt default
 * to in acme-client.
 */
export function makeTestPki(dir: string, names: readonly string[]): Promise<TestPki> {
  const ca = createTestCa({ dir, name: 'Gatehouse bench test CA' });
  const leaves = names.map((name) => {
    const { certFile, keyFile } = ca.issue([name], 2);
    return { name, certFile, keyFile };
  });
  return Promise.resolve({ caPem: ca.cert, leaves });
}

/** `tls:` YAML listing `leaves` as `tls.certificates`, the first also as the no-SNI default. */
export function tlsYaml(leaves: readonly LeafFiles[]): string {
  const first = leaves[0];
  if (first === undefined) throw new Error('tlsYaml: no certificates');
  return (
    `tls:\n  cert_file: ${first.certFile}\n  key_file: ${first.keyFile}\n  certificates:\n` +
    leaves.map((l) => `    - { cert_file: ${l.certFile}, key_file: ${l.keyFile} }\n`).join('')
  );
}
