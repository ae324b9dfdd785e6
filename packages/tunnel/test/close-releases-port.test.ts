import { connect } from 'node:net';
import { silentLogger } from '@gatehouse/core';
import { describe, expect, it } from 'vitest';
import { createTunnelServer } from '../src/index.ts';
import { generateKeyPairSync } from 'node:crypto';

const hostKey = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('close()', () => {
  it('stops listening, so a gateway shutdown can end the process', async () => {
    const accounts = {} as never; // no connection is made in this test
    const server = createTunnelServer({ accounts, hostKeys: [hostKey], logger: silentLogger });
    const port = await server.listen(0, '127.0.0.1');
    expect(await refused(port)).toBe(false);
    await server.close();
    expect(await refused(port)).toBe(true);
  });

  it('is harmless on a server that never listened', async () => {
    const server = createTunnelServer({
      accounts: {} as never,
      hostKeys: [hostKey],
      logger: silentLogger,
    });
    await expect(server.close()).resolves.toBeUndefined();
  });
});
