import { afterEach, beforeEach } from 'vitest';
import { startTunnelGateway, type TunnelGateway } from '@gatehouse/testing/gateway';

// The SSH sign-in tests drive the verify page with these; one import for all of them.
export { Client, answer, sshKey, verifyPage } from '@gatehouse/testing/gateway';

/**
 * A fresh tunnel gateway (default config) for each test of the calling file, closed after it.
 * The returned function gives the current test's gateway.
 */
export function useTunnelGateway(): () => TunnelGateway {
  let current: TunnelGateway | undefined;
  beforeEach(async () => {
    current = await startTunnelGateway();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error('useTunnelGateway: no test is running');
    return current;
  };
}
