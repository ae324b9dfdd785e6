import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Client,
  answer,
  sshKey,
  startTunnelGateway,
  type TunnelGateway,
} from '@gatehouse/testing/gateway';
import { fakeTunnelStatus } from './support/local-server.ts';

let t: TunnelGateway;
let status: ReturnType<typeof fakeTunnelStatus>;
beforeEach(async () => {
  status = fakeTunnelStatus();
  t = await startTunnelGateway({ tunnelStatus: status });
});
afterEach(async () => {
  await t.close();
});

const accountPage = (browser: Client) =>
  browser.request(`${t.authUrl}/account`, { headers: { accept: 'text/html' } });

describe('the account page lists SSH keys, live tunnels and shares', () => {
  it('shows them, revokes a key (closing its connections) and removes a share', async () => {
    const ada = await t.signedInBrowser('ada@example.com');
    const before = await accountPage(ada);
    expect(before.body).toContain('No namespace yet');

    const key = sshKey();
    const pending = await t.gateway.tunnelAccounts.begin(key);
    await answer(ada, pending.verifyUrl, 'authorize', true);
    const outcome = await pending.outcome;
    if (!outcome.approved) throw new Error('expected approval');
    const { identity } = outcome;
    await t.gateway.tunnelAccounts.share(identity, 'mcp', 'bob@example.com');
    status.live.push({
      userId: identity.userId,
      namespace: identity.namespace,
      route: 'mcp',
      connectionId: 'c1',
      fingerprint: key.fingerprint,
      clientIp: key.clientIp,
      since: Date.UTC(2026, 0, 2, 13, 4),
      localAddress: 'localhost:8080',
    });

    const page = await accountPage(ada);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<code>${identity.namespace}</code>`);
    expect(page.body).toContain(key.fingerprint);
    expect(page.body).toContain('Until revoked');
    expect(page.body).toContain(`http://mcp.${identity.namespace}.localhost:${t.port}`);
    expect(page.body).toContain('localhost:8080');
    expect(page.body).toContain('2026-01-02 13:04 UTC');
    expect(page.body).toContain('bob@example.com');

    // Without the CSRF token nothing happens.
    const forged = await ada.postForm(`${t.authUrl}/account/ssh-keys/revoke`, {
      fingerprint: key.fingerprint,
    });
    expect(forged.status).toBe(403);
    expect(await t.gateway.tunnelAccounts.lookup(key)).toBeDefined();

    const csrf = Client.field(page.body, 'csrf');
    const revoked = await ada.postForm(`${t.authUrl}/account/ssh-keys/revoke`, {
      csrf,
      fingerprint: key.fingerprint,
    });
    expect(revoked.status).toBe(302);
    expect(await t.gateway.tunnelAccounts.lookup(key)).toBeUndefined();
    // Closed at once by the revoke action; the same revocation also arrives through
    // Store.changes (for the other nodes) and closes nothing more.
    expect(new Set(status.disconnected)).toEqual(new Set([key.fingerprint]));

    const removed = await ada.postForm(`${t.authUrl}/account/tunnel-shares/remove`, {
      csrf,
      route: 'mcp',
      email: 'bob@example.com',
    });
    expect(removed.status).toBe(302);
    expect(await t.gateway.tunnelAccounts.shares(identity)).toEqual([]);

    const added = await ada.postForm(`${t.authUrl}/account/tunnel-shares/add`, {
      csrf,
      route: 'echo',
      email: 'carol@example.com',
    });
    expect(added.status).toBe(302);
    expect(await t.gateway.tunnelAccounts.shares(identity)).toEqual([
      { route: 'echo', email: 'carol@example.com' },
    ]);
    const invalid = await ada.postForm(`${t.authUrl}/account/tunnel-shares/add`, {
      csrf,
      route: 'Not A Label',
      email: 'carol@example.com',
    });
    expect(invalid.status).toBe(400);
  });

  it("does not revoke another account's key", async () => {
    const key = sshKey();
    const pending = await t.gateway.tunnelAccounts.begin(key);
    await answer(await t.signedInBrowser('ada@example.com'), pending.verifyUrl, 'authorize', true);
    await pending.outcome;
    const bob = await t.signedInBrowser('bob@example.com');
    const page = await accountPage(bob);
    expect(page.body).not.toContain(key.fingerprint);
    const reply = await bob.postForm(`${t.authUrl}/account/ssh-keys/revoke`, {
      csrf: Client.field(page.body, 'csrf'),
      fingerprint: key.fingerprint,
    });
    expect(reply.status).toBe(302);
    expect(await t.gateway.tunnelAccounts.lookup(key)).toBeDefined();
    expect(status.disconnected).toEqual([]);
  });
});
