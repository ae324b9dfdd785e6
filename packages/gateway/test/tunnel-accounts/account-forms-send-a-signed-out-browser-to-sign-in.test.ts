import { describe, expect, it } from 'vitest';
import type { Reply } from '@gatehouse/testing/gateway';
import { Client, sshKey, useTunnelGateway } from './support/tunnel-gateway.ts';

const gateway = useTunnelGateway();

/** The reply is the redirect to sign-in that comes back to `returnTo`. */
function expectSignInThen(reply: Reply, returnTo: string) {
  expect(reply.status).toBe(302);
  const location = new URL(reply.headers.location ?? '');
  expect(location.pathname).toBe('/signin');
  expect(location.searchParams.get('return_to')).toBe(returnTo);
}

describe('pages and forms behind sign-in, for a browser whose session ended', () => {
  it('send it to sign in and back to the page it was on; the form changes nothing', async () => {
    const t = gateway();
    const browser = await t.signedInBrowser('ada@example.com');
    const account = await browser.request(`${t.authUrl}/account`, {
      headers: { accept: 'text/html' },
    });
    const csrf = Client.field(account.body, 'csrf');
    const pending = await t.gateway.tunnelAccounts.begin(sshKey());
    // Signing out ends the session; the CSRF cookie stays, so the forms below pass their checks.
    expect((await browser.postForm(`${t.authUrl}/signout`, { csrf })).status).toBe(200);

    const accountUrl = `${t.authUrl}/account`;
    expectSignInThen(
      await browser.request(accountUrl, { headers: { accept: 'text/html' } }),
      accountUrl,
    );
    for (const path of [
      '/account/sessions/revoke',
      '/account/clients/revoke',
      '/account/ssh-keys/revoke',
      '/account/tunnel-shares/add',
      '/account/tunnel-shares/remove',
    ]) {
      expectSignInThen(await browser.postForm(`${t.authUrl}${path}`, { csrf }), accountUrl);
    }
    expectSignInThen(
      await browser.postForm(`${t.authUrl}/ssh/verify`, {
        csrf,
        user_code: pending.userCode,
        decision: 'authorize',
      }),
      pending.verifyUrl,
    );
    // The code was not answered: it still waits for a signed-in browser.
    pending.cancel();
    expect(await pending.outcome).toEqual({ approved: false, reason: 'cancelled' });
  });
});
