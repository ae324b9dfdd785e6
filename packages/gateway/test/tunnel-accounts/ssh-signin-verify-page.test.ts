import { describe, expect, it } from 'vitest';
import { Client, answer, sshKey, useTunnelGateway, verifyPage } from './support/tunnel-gateway.ts';

const gateway = useTunnelGateway();

describe('SSH sign-in through the verify page', () => {
  it('shows the attempt, and Authorize with Remember me binds the key until revoked', async () => {
    const t = gateway();
    const accounts = t.gateway.tunnelAccounts;
    const key = sshKey('198.51.100.23');
    expect(await accounts.lookup(key)).toBeUndefined();
    const pending = await accounts.begin(key);
    expect(pending.userCode).toMatch(/^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
    expect(pending.verifyUrl).toBe(`${t.authUrl}/ssh/verify?user_code=${pending.userCode}`);
    expect(pending.expiresAt - t.clock.now()).toBeGreaterThan(14 * 60_000);

    const browser = await t.signedInBrowser('ada@example.com');
    const page = await verifyPage(browser, pending.verifyUrl);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain(key.fingerprint);
    expect(page.body).toContain('198.51.100.23');
    expect(page.body).toMatch(/Expires in 1[45] minutes \(at \d\d:\d\d UTC\)/);
    expect(page.body).toContain('name="remember"');
    expect(page.body).toMatch(/value="deny"[^>]*>\s*Deny/);
    expect(page.body).toMatch(/value="authorize"[^>]*>\s*Authorize/);

    const done = await answer(browser, pending.verifyUrl, 'authorize', true);
    expect(done.status).toBe(200);
    expect(done.body).toContain('SSH sign-in authorized');
    // Issue 15 item 2: the terminal goes on by itself; nobody is told to press Enter.
    expect(done.body).toContain('Your terminal goes on by itself');
    expect(done.body).not.toMatch(/press Enter/i);
    const outcome = await pending.outcome;
    if (!outcome.approved) throw new Error(`expected approval, got ${outcome.reason}`);
    const account = await t.gateway.store.accounts.findByEmail('ada@example.com');
    expect(outcome.identity).toEqual({
      userId: account?.id,
      email: 'ada@example.com',
      namespace: expect.stringMatching(/^[a-z]+-[a-z]+-\d{3}$/) as unknown,
    });
    expect(done.body).toContain(`http://mcp.${outcome.identity.namespace}.localhost:${t.port}`);
    expect(await t.gateway.store.tunnels.namespaceOf(account?.id ?? '')).toBe(
      outcome.identity.namespace,
    );
    expect(await accounts.lookup(key)).toEqual(outcome.identity);
    const binding = await t.gateway.store.tunnels.getBinding(key.fingerprint, t.clock.now());
    expect(binding).toMatchObject({ remember: true, expiresAt: null, accountId: account?.id });
    // Remembered: the end of the SSH session does not forget it.
    await accounts.sessionEnded(key);
    expect(await accounts.lookup(key)).toEqual(outcome.identity);
    // The same account keeps its namespace for its next key.
    const second = await accounts.begin(sshKey());
    await answer(browser, second.verifyUrl, 'authorize');
    const again = await second.outcome;
    expect(again.approved && again.identity.namespace).toBe(outcome.identity.namespace);
  });

  it('Authorize without Remember me binds the key for its SSH session only', async () => {
    const t = gateway();
    const accounts = t.gateway.tunnelAccounts;
    const key = sshKey();
    const pending = await accounts.begin(key);
    const browser = await t.signedInBrowser('ada@example.com');
    await answer(browser, pending.verifyUrl, 'authorize');
    const outcome = await pending.outcome;
    expect(outcome.approved).toBe(true);
    const binding = await t.gateway.store.tunnels.getBinding(key.fingerprint, t.clock.now());
    expect(binding?.remember).toBe(false);
    // Never longer than the browser session that approved it.
    expect(binding?.expiresAt).toBeGreaterThan(t.clock.now());
    expect(await accounts.lookup(key)).toBeDefined();
    await accounts.sessionEnded(key);
    expect(await accounts.lookup(key)).toBeUndefined();
  });

  it('Deny ends the attempt as denied and binds nothing', async () => {
    const t = gateway();
    const accounts = t.gateway.tunnelAccounts;
    const key = sshKey();
    const pending = await accounts.begin(key);
    const browser = await t.signedInBrowser('ada@example.com');
    const done = await answer(browser, pending.verifyUrl, 'deny');
    expect(done.status).toBe(200);
    expect(done.body).toContain('SSH sign-in denied');
    expect(await pending.outcome).toEqual({ approved: false, reason: 'denied' });
    expect(await accounts.lookup(key)).toBeUndefined();
  });

  it('sends a browser that is not signed in to sign in first, then back to the same code', async () => {
    const t = gateway();
    const pending = await t.gateway.tunnelAccounts.begin(sshKey());
    const reply = await new Client().request(pending.verifyUrl, {
      headers: { accept: 'text/html' },
    });
    expect(reply.status).toBe(302);
    const location = new URL(reply.headers.location ?? '');
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('return_to')).toBe(pending.verifyUrl);
    pending.cancel();
  });

  it('logout (forget) drops a remembered binding', async () => {
    const t = gateway();
    const accounts = t.gateway.tunnelAccounts;
    const key = sshKey();
    const pending = await accounts.begin(key);
    await answer(await t.signedInBrowser('ada@example.com'), pending.verifyUrl, 'authorize', true);
    await pending.outcome;
    await accounts.forget(key);
    expect(await accounts.lookup(key)).toBeUndefined();
  });

  it('a key bound to a disabled account no longer signs in', async () => {
    const t = gateway();
    const accounts = t.gateway.tunnelAccounts;
    const key = sshKey();
    const pending = await accounts.begin(key);
    await answer(await t.signedInBrowser('ada@example.com'), pending.verifyUrl, 'authorize', true);
    const outcome = await pending.outcome;
    if (!outcome.approved) throw new Error('expected approval');
    await t.gateway.store.accounts.update(outcome.identity.userId, { disabled: true });
    expect(await accounts.lookup(key)).toBeUndefined();
  });
});
