import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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

const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/**
 * A test CA and one P-256 leaf per name, made by the real openssl CLI into `dir` (the caller
 * removes it). P-256 is what ACME certificates from Let's Encrypt default to in acme-client.
 */
export async function makeTestPki(dir: string, names: readonly string[]): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.pem');
  await run('openssl', [
    'req',
    '-x509',
    ...P256,
    '-keyout',
    caKey,
    '-out',
    caCert,
    '-days',
    '2',
    '-subj',
    '/CN=Gatehouse bench test CA',
  ]);
  const leaves: LeafFiles[] = [];
  for (const [i, name] of names.entries()) {
    const certFile = path.join(dir, `leaf-${i}.pem`);
    const keyFile = path.join(dir, `leaf-${i}.key`);
    // OpenSSL 3 `req -x509 -CA` signs the new key with the CA in one process per leaf.
    await run('openssl', [
      'req',
      '-x509',
      ...P256,
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=DNS:${name}`,
      '-addext',
      'basicConstraints=critical,CA:FALSE',
    ]);
    leaves.push({ name, certFile, keyFile });
  }
  return { caPem: await readFile(caCert, 'utf8'), leaves };
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
