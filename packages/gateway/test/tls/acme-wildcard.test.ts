import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/index.ts';
import { freePort, handshake, until } from '@gatehouse/testing';
import {
  logged,
  startAcmeGateway,
  type RecordingLogger,
  startPebble,
  type Pebble,
} from '@gatehouse/testing/gateway';

/**
 * A DNS hook as an operator would write one: `present|cleanup <fqdn> <value>`, here writing the
 * TXT record into pebble-challtestsrv (pebble's DNS) through its management API.
 */
async function writeHook(file: string, dnsApi: string, log: string): Promise<void> {
  await writeFile(
    file,
    `#!/bin/sh
set -e
echo "$1 $2" >> '${log}'
case "$1" in
  present) curl -sS -f -X POST -d "{\\"host\\":\\"$2.\\",\\"value\\":\\"$3\\"}" '${dnsApi}/set-txt' ;;
  cleanup) curl -sS -f -X POST -d "{\\"host\\":\\"$2.\\"}" '${dnsApi}/clear-txt' ;;
esac
`,
  );
  await chmod(file, 0o755);
}

describe('the tunnels wildcard through DNS-01 and tls.acme.dns_hook', () => {
  let dir: string;
  let pebble: Pebble;
  let gateway: RunningGateway | undefined;
  let logger: RecordingLogger;
  let port: number;
  let root: string;
  const start = async (hook: string, data: string) => {
    ({ gateway, logger } = await startAcmeGateway({
      dir: join(dir, data),
      port,
      pebble,
      extra: `tunnel_url: https://{route}--{namespace}.tunnels.example.test:${port}\n`,
      acmeExtra: `    tunnels: wildcard\n    dns_hook: ${hook}\n`,
    }));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-acme-wild-'));
    port = await freePort();
    pebble = await startPebble({ dir, httpPort: await freePort(), tlsPort: port });
    root = await pebble.root();
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await pebble?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gets *.tunnels.example.test with the hook, which presents and then cleans up the TXT record', async () => {
    const hook = join(dir, 'dns-hook.sh');
    const hookLog = join(dir, 'hook.log');
    await writeHook(hook, pebble.dnsManagementUrl, hookLog);
    await start(hook, 'ok');
    const tunnel = await until('a verified wildcard', async () => {
      const h = await handshake(port, 'mcp--brave-otter-123.tunnels.example.test', root);
      return h.authorized ? h : undefined;
    });
    expect(tunnel.subjectAltName).toBe('DNS:*.tunnels.example.test');
    const other = await handshake(port, 'echo--calm-heron-456.tunnels.example.test', root);
    expect(other.authorized).toBe(true);
    await until('the cleanup call', async () =>
      (await readFile(hookLog, 'utf8')).includes('cleanup _acme-challenge.tunnels.example.test'),
    );
    expect(await readFile(hookLog, 'utf8')).toContain(
      'present _acme-challenge.tunnels.example.test',
    );
    await gateway?.close();
    gateway = undefined;
  }, 120_000);

  it('logs a hook that exits 1 with the reason and the fix, retries, and leaves the rest working', async () => {
    const hook = join(dir, 'failing-hook.sh');
    await writeFile(hook, '#!/bin/sh\necho "no API token for example.test" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    await start(hook, 'failing');
    const pattern =
      /^certificate for \*\.tunnels\.example\.test not obtained: tls\.acme\.dns_hook present _acme-challenge\.tunnels\.example\.test failed \(exit 1: no API token for example\.test\); fix the hook/;
    await until('two failed attempts', () => logged(logger, pattern).length >= 2);
    // The authenticate host is validated by tls-alpn-01 and not held up by the wildcard.
    await until(
      'the authenticate host certificate',
      async () => (await handshake(port, 'auth.example.test', root)).authorized,
    );
    expect((await handshake(port, 'mcp--brave-otter-123.tunnels.example.test', root)).ok).toBe(
      false,
    );
  }, 120_000);
});
