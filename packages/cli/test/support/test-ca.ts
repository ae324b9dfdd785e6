import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface IssuedCertificate {
  readonly cert: string;
  readonly key: string;
}

export interface TestCa {
  /** The CA certificate (PEM): what `--ca-file` and clients trust. */
  readonly cert: string;
  /** Writes the CA certificate to a file and returns its path. */
  readonly certFile: string;
  /** A leaf certificate for `names` (DNS names or IPs), valid for `days`, signed by this CA. */
  issue(names: readonly string[], days?: number): IssuedCertificate;
  close(): void;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

/** A throwaway certificate authority made with the real openssl CLI. */
export function createTestCa(): TestCa {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-doctor-ca-'));
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.pem');
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caCert,
    '-days',
    '2',
    '-subj',
    '/O=Gatehouse Doctor Test CA/CN=Doctor Test CA',
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
      const san = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
      writeFileSync(
        `${base}.ext`,
        `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
      );
      openssl([
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
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
      };
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface RunningHttps {
  readonly port: number;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 port 0 (a deployment standing in for a third party's). */
export async function startHttps(
  certificate: IssuedCertificate,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RunningHttps> {
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads a request body as text. */
export async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
