import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from '@gatehouse/core';
import { silentLogger } from '@gatehouse/core';
import { expect, it } from 'vitest';
import { createTunnelServer, loadOrCreateHostKey, sshCrypto } from '../src/index.ts';
import { MemoryTunnelAccounts } from '@gatehouse/testing/tunnel';

// The server says at startup which SSH crypto runs: ssh2's native binding when its install
// script could build it, else the slower JavaScript fallback with the fix (docs/adr/0011).

function recording(): Logger & { lines: { obj: Record<string, unknown>; msg?: string }[] } {
  const lines: { obj: Record<string, unknown>; msg?: string }[] = [];
  const log = (obj: Record<string, unknown> | string, msg?: string): void => {
    if (typeof obj === 'string') lines.push({ obj: {}, msg: obj });
    else lines.push(msg === undefined ? { obj } : { obj, msg });
  };
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return Object.assign(logger, { lines });
}

it('the startup line names the SSH crypto that runs, and the fix when it is the fallback', async () => {
  // Independently of ssh2: does the built binding file exist next to ssh2's crypto module?
  const require = createRequire(import.meta.url);
  const ssh2Dir = dirname(
    require.resolve('ssh2/package.json', { paths: [join(import.meta.dirname, '..')] }),
  );
  const built = existsSync(join(ssh2Dir, 'lib/protocol/crypto/build/Release/sshcrypto.node'));
  expect(sshCrypto()).toBe(built ? 'native' : 'javascript');

  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-crypto-'));
  const logger = recording();
  const server = createTunnelServer({
    accounts: new MemoryTunnelAccounts(),
    hostKeys: [await loadOrCreateHostKey(dir, silentLogger)],
    logger,
  });
  try {
    await server.listen(0, '127.0.0.1');
    const line = logger.lines.find((l) => l.obj['sshCrypto'] !== undefined);
    expect(line?.obj['sshCrypto']).toBe(sshCrypto());
    // Both of ssh2's AES-GCM ciphers take their padding from the pool (docs/adr/0015).
    expect(line?.obj['sshPadding']).toBe('pooled');
    // Gateway channels hand undici one SSH payload per read() (docs/adr/0018).
    expect(line?.obj['channelReads']).toBe('one-per-read');
    // A bulk transfer's read buffers die in scavenges, not mark-compacts (docs/adr/0021).
    expect(line?.obj['readScavenge']).toBe('on-external-growth');
    expect(line?.msg).toMatch(
      built ? /native .*sshcrypto\.node/ : /JavaScript fallback.*npm rebuild ssh2/,
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
