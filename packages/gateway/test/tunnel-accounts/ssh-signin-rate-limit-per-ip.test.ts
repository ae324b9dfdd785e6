import { describe, expect, it } from 'vitest';
import { isGatehouseError } from '@gatehouse/core';
import { sshKey, useTunnelGateway } from './support/tunnel-gateway.ts';

const gateway = useTunnelGateway();

describe('SSH sign-in attempts are rate-limited per IP', () => {
  it('allows 10 attempts per 15 minutes from one IP, then refuses with ERR_TUNNEL_RATE_LIMITED', async () => {
    const t = gateway();
    const accounts = t.gateway.tunnelAccounts;
    const started = [];
    for (let i = 0; i < 10; i += 1) started.push(await accounts.begin(sshKey('192.0.2.1')));
    const refused = await accounts.begin(sshKey('192.0.2.1')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isGatehouseError(refused, 'ERR_TUNNEL_RATE_LIMITED')).toBe(true);
    expect((refused as Error).message).toMatch(/try again in \d+ minutes/);
    // Another address is not affected; the window ends.
    started.push(await accounts.begin(sshKey('192.0.2.2')));
    t.clock.advance(15 * 60_000);
    started.push(await accounts.begin(sshKey('192.0.2.1')));
    for (const p of started) p.cancel();
  });
});
