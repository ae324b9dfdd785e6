import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { freePort } from '../net.ts';
import { selfSignedCertificate, type TestPem } from '../tls/test-ca.ts';

/**
 * Debian's real `pebble` ACME server and `pebble-challtestsrv` as its DNS (every name →
 * 127.0.0.1), started per suite on free loopback ports with a config of the test's own.
 * pebble validates http-01 on `httpPort` and tls-alpn-01 on `tlsPort` of 127.0.0.1: the ports
 * the gateway under test listens on.
 */
export interface Pebble {
  readonly directoryUrl: string;
  /** The CA of pebble's own HTTPS API (trust it with `tls.acme.trusted_ca_file`). */
  readonly caFile: string;
  /** Every line pebble printed so far (orders are logged there). */
  readonly output: () => string;
  /** Orders pebble accepted so far (its "Added order" log lines). */
  readonly orders: () => number;
  /** The root that signs issued certificates (changes on every pebble start). */
  root(): Promise<string>;
  /** challtestsrv's management API (`/set-txt`, `/clear-txt`). */
  readonly dnsManagementUrl: string;
  /** Starts pebble again after `stop()` (same ports and config). */
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface PebbleOptions {
  readonly dir: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  /** Seconds a certificate is valid (pebble's `certificateValidityPeriod`). */
  readonly validitySeconds?: number;
  /** Names pebble refuses to order (`domainBlocklist`: a rejectedIdentifier error). */
  readonly blocklist?: readonly string[];
  /** Leave pebble stopped (challtestsrv runs); `start()` later. */
  readonly startStopped?: boolean;
}

export async function startPebble(options: PebbleOptions): Promise<Pebble> {
  const tlsCert: TestPem = selfSignedCertificate(['localhost', '127.0.0.1']);
  const caFile = join(options.dir, 'pebble-ca.pem');
  await writeFile(caFile, tlsCert.cert);
  await writeFile(join(options.dir, 'pebble-key.pem'), tlsCert.key, { mode: 0o600 });
  const [listen = 0, management = 0, dns = 0, dnsManagement = 0] = await distinctFreePorts(4, [
    options.httpPort,
    options.tlsPort,
  ]);
  const configFile = join(options.dir, 'pebble.json');
  await writeFile(
    configFile,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${listen}`,
        managementListenAddress: `127.0.0.1:${management}`,
        certificate: caFile,
        privateKey: join(options.dir, 'pebble-key.pem'),
        httpPort: options.httpPort,
        tlsPort: options.tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
        domainBlocklist: options.blocklist ?? [],
        ...(options.validitySeconds === undefined
          ? {}
          : { certificateValidityPeriod: options.validitySeconds }),
      },
    }),
  );
  const challtest = await run(
    'pebble-challtestsrv',
    [
      '-defaultIPv4',
      '127.0.0.1',
      '-defaultIPv6',
      '',
      '-dns01',
      `127.0.0.1:${dns}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-management',
      `127.0.0.1:${dnsManagement}`,
    ],
    /Starting management server/,
  );
  let output = '';
  let pebble: Awaited<ReturnType<typeof run>> | undefined;
  const start = async (): Promise<void> => {
    pebble = await run(
      'pebble',
      ['-config', configFile, '-dnsserver', `127.0.0.1:${dns}`],
      /ACME directory available/,
      (text) => (output += text),
    );
  };
  const stop = async (): Promise<void> => {
    await pebble?.stop();
    pebble = undefined;
  };
  if (options.startStopped !== true) await start();
  return {
    directoryUrl: `https://127.0.0.1:${listen}/dir`,
    caFile,
    output: () => output,
    orders: () => output.split('\n').filter((l) => l.includes('Added order')).length,
    root: () => httpsText(`https://127.0.0.1:${management}/roots/0`, tlsCert.cert),
    dnsManagementUrl: `http://127.0.0.1:${dnsManagement}`,
    start,
    stop,
    async close() {
      await stop();
      await challtest.stop();
    },
  };
}

async function run(
  command: string,
  args: readonly string[],
  ready: RegExp,
  onOutput?: (text: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: '/usr/bin:/bin',
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: '0',
      PEBBLE_AUTHZREUSE: '0',
    },
  });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      onOutput?.(text);
      seen += text;
      if (ready.test(seen)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}): ${seen}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function httpsText(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `n` ports that were free and differ from each other and from `avoid` (not yet bound). */
async function distinctFreePorts(n: number, avoid: readonly number[]): Promise<number[]> {
  const taken = new Set(avoid);
  const out: number[] = [];
  while (out.length < n) {
    const port = await freePort();
    if (taken.has(port)) continue;
    taken.add(port);
    out.push(port);
  }
  return out;
}
