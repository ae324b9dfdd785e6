import { startTunnelGateway, type TunnelGateway } from '@gatehouse/testing/gateway';
import { perTest } from '../../support/per-test.ts';

// The SSH sign-in tests drive the verify page with these; one import for all of them.
export { Client, answer, sshKey, verifyPage } from '@gatehouse/testing/gateway';

/**
 * A fresh tunnel gateway (default config) for each test of the calling file, closed after it.
 * The returned function gives the current test's gateway.
 */
export function useTunnelGateway(): () => TunnelGateway {
  return perTest(() => startTunnelGateway(), 'tunnel gateway');
}
