import { describe, expect, it } from 'vitest';
import { Client, answer, sshKey, useTunnelGateway, verifyPage } from './support/tunnel-gateway.ts';

const gateway = useTunnelGateway();

describe('SSH sign-in codes are single-use and expire', () => {
  it('a used code answers 410 on the page and on a second post', async () => {
    const t = gateway();
    const pending = await t.gateway.tunnelAccounts.begin(sshKey());
    const browser = await t.signedInBrowser('ada@example.com');
    const page = await verifyPage(browser, pending.verifyUrl);
    const form = {
      csrf: Client.field(page.body, 'csrf'),
      user_code: pending.userCode,
      decision: 'authorize',
    };
    expect((await browser.postForm(`${t.authUrl}/ssh/verify`, form)).status).toBe(200);
    await pending.outcome;
    const replay = await browser.postForm(`${t.authUrl}/ssh/verify`, { ...form, decision: 'deny' });
    expect(replay.status).toBe(410);
    expect(replay.body).toContain('Run the ssh command again');
    expect((await verifyPage(browser, pending.verifyUrl)).status).toBe(410);
  });

  it('an expired code settles as expired and its page answers 410', async () => {
    const t = gateway();
    const key = sshKey();
    const pending = await t.gateway.tunnelAccounts.begin(key);
    const browser = await t.signedInBrowser('ada@example.com');
    t.clock.advance(15 * 60_000 + 1);
    expect(await pending.outcome).toEqual({ approved: false, reason: 'expired' });
    expect((await verifyPage(browser, pending.verifyUrl)).status).toBe(410);
    expect(await t.gateway.tunnelAccounts.lookup(key)).toBeUndefined();
  });

  it('a cancelled attempt (the SSH client left) invalidates its code', async () => {
    const t = gateway();
    const pending = await t.gateway.tunnelAccounts.begin(sshKey());
    const browser = await t.signedInBrowser('ada@example.com');
    pending.cancel();
    expect(await pending.outcome).toEqual({ approved: false, reason: 'cancelled' });
    expect((await verifyPage(browser, pending.verifyUrl)).status).toBe(410);
  });

  it('accepts the code typed in lower case without the dash, and refuses unknown ones', async () => {
    const t = gateway();
    const pending = await t.gateway.tunnelAccounts.begin(sshKey());
    const browser = await t.signedInBrowser('ada@example.com');
    const typed = pending.userCode.replace('-', '').toLowerCase();
    expect((await verifyPage(browser, `${t.authUrl}/ssh/verify?user_code=${typed}`)).status).toBe(
      200,
    );
    for (const code of ['BBBB-BBBB', 'AAAA-AAAA', '', '<script>']) {
      const reply = await verifyPage(
        browser,
        `${t.authUrl}/ssh/verify?user_code=${encodeURIComponent(code)}`,
      );
      expect(reply.status).toBe(410);
    }
    await answer(browser, pending.verifyUrl, 'deny');
    expect(await pending.outcome).toEqual({ approved: false, reason: 'denied' });
  });

  it('of two concurrent answers to one code exactly one is taken', async () => {
    const t = gateway();
    const pending = await t.gateway.tunnelAccounts.begin(sshKey());
    const browser = await t.signedInBrowser('ada@example.com');
    const page = await verifyPage(browser, pending.verifyUrl);
    const post = (decision: string) =>
      browser.postForm(`${t.authUrl}/ssh/verify`, {
        csrf: Client.field(page.body, 'csrf'),
        user_code: pending.userCode,
        decision,
      });
    const replies = await Promise.all([post('authorize'), post('deny')]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 410]);
    const outcome = await pending.outcome;
    expect(outcome.approved).toBe(replies[0]?.status === 200);
  });
});
