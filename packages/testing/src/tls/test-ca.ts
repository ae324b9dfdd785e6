// The one test PKI of the repository (it used to exist in three copies: the gateway's TLS and
// proxy tests, the cli's doctor tests, and the benchmarks). Every certificate is made by the real
// openssl CLI, P-256, valid for a couple of days.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A certificate and its private key, as PEM text. */
export interface TestPem {
  readonly cert: string;
  readonly key: string;
}

/** A leaf issued by a {@link TestCa}: its PEM text and where it lies on disk. */
export interface IssuedCertificate extends TestPem {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TestCa {
  /** The CA certificate (PEM): what `--ca-file` and clients trust. */
  readonly cert: string;
  /** The CA certificate's file. */
  readonly certFile: string;
  /** A leaf certificate for `names` (DNS names or IPs), valid for `days`, signed by this CA. */
  issue(names: readonly string[], days?: number): IssuedCertificate;
  /** Removes the CA's folder (only when the CA made it itself). */
  close(): void;
}

const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

/** `subjectAltName` for `names`: IP addresses as `IP:`, everything else as `DNS:`. */
function subjectAltName(names: readonly string[]): string {
  return names.map((n) => (isIP(n) === 0 ? `DNS:${n}` : `IP:${n}`)).join(',');
}

/**
 * A self-signed certificate for `names` (DNS names, wildcards or IPs; the first is the CN).
 * The default is what a loopback test server needs: `localhost` and 127.0.0.1.
 */
export function selfSignedCertificate(
  names: readonly string[] = ['localhost', '127.0.0.1'],
): TestPem {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cert-'));
  try {
    openssl([
      'req',
      '-x509',
      ...P256,
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      `/CN=${names[0] ?? 'localhost'}`,
      '-addext',
      `subjectAltName=${subjectAltName(names)}`,
    ]);
    return {
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A throwaway certificate authority. Its key and every leaf live in `options.dir` (the caller
 * removes it) or in a fresh temporary folder that `close()` removes.
 */
export function createTestCa(options: { dir?: string; name?: string } = {}): TestCa {
  const own = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-ca-'));
  mkdirSync(dir, { recursive: true });
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.pem');
  const name = options.name ?? 'Gatehouse Test CA';
  openssl([
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
    `/O=${name}/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  let serial = 0;
  return {
    cert: readFileSync(caCert, 'utf8'),
    certFile: caCert,
    issue(names, days = 60) {
      serial += 1;
      const base = path.join(dir, `leaf-${String(serial)}`);
      writeFileSync(
        `${base}.ext`,
        `subjectAltName=${subjectAltName(names)}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
      );
      openssl([
        'req',
        '-new',
        ...P256,
        '-keyout',
        `${base}.key`,
        '-out',
        `${base}.csr`,
        '-subj',
        `/CN=${names[0] ?? 'localhost'}`,
      ]);
      openssl([
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        caCert,
        '-CAkey',
        caKey,
        '-set_serial',
        String(1000 + serial),
        '-days',
        String(days),
        '-extfile',
        `${base}.ext`,
        '-out',
        `${base}.pem`,
      ]);
      return {
        cert: readFileSync(`${base}.pem`, 'utf8'),
        key: readFileSync(`${base}.key`, 'utf8'),
        certFile: `${base}.pem`,
        keyFile: `${base}.key`,
      };
    },
    close: () => {
      if (own) rmSync(dir, { recursive: true, force: true });
    },
  };
}
