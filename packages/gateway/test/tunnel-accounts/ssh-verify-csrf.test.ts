import { describe, expect, it } from 'vitest';
import { Client, sshKey, useTunnelGateway, verifyPage } from './support/tunnel-gateway.ts';

const gateway = useTunnelGateway();

describe('the verify form is CSRF-protected', () => {
  it('refuses a post without the CSRF token or from another origin, and the code stays usable', async () => {
    const t = gateway();
    const key = sshKey();
    const pending = await t.gateway.tunnelAccounts.begin(key);
    const browser = await t.signedInBrowser('ada@example.com');
    const page = await verifyPage(browser, pending.verifyUrl);
    const fields = { user_code: pending.userCode, decision: 'authorize' };
    const noToken = await browser.postForm(`${t.authUrl}/ssh/verify`, fields);
    expect(noToken.status).toBe(403);
    const forged = await browser.request(`${t.authUrl}/ssh/verify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: new URLSearchParams({ ...fields, csrf: Client.field(page.body, 'csrf') }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await t.gateway.tunnelAccounts.lookup(key)).toBeUndefined();
    expect((await verifyPage(browser, pending.verifyUrl)).status).toBe(200);
    pending.cancel();
    expect(await pending.outcome).toEqual({ approved: false, reason: 'cancelled' });
  });
});
