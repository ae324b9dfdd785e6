import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSignInLink } from '../../src/index.ts';
import {
  Client,
  startTestGateway,
  type TestGateway,
  addAccount,
  browserSignIn,
} from '@gatehouse/testing/gateway';
import { startEchoUpstream } from '@gatehouse/testing';

// `gatehouse users reset-password` hands out a one-time link for an existing account. Setting a
// password through it ends every session of the old password: someone who knew it is out.

const NEW_PASSWORD = 'a brand new passphrase';
let gw: TestGateway;
let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  gw = await startTestGateway(`
routes:
  - from: http://app.localhost:{{port}}
    to: ${upstream.url}
    allow_any_authenticated_user: true
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
});
afterAll(async () => {
  await gw.close();
  await upstream.close();
});

it('a password set from a reset link ends the old sessions, and only the new password signs in', async () => {
  const before = new Client();
  expect((await browserSignIn(before, `${gw.origin('app')}/`, 'ada@example.com')).status).toBe(200);

  const link = await createSignInLink(
    gw.gateway.store.records,
    gw.authUrl,
    { email: 'ada@example.com', groups: [] },
    Date.now(),
  );
  const resetter = new Client();
  const form = await resetter.request(link);
  const set = await resetter.postForm(`${gw.authUrl}/signin/link`, {
    token: Client.field(form.body, 'token'),
    csrf: Client.field(form.body, 'csrf'),
    password: NEW_PASSWORD,
    password_confirm: NEW_PASSWORD,
  });
  expect(set.status).toBe(302);

  // The session from before the reset is gone at once: back to sign-in.
  const old = await before.request(`${gw.origin('app')}/`, { headers: { accept: 'text/html' } });
  expect(old.status).toBe(302);
  expect(old.headers.location).toContain('/signin');
  // The old password no longer works; the new one does.
  expect(
    (await browserSignIn(new Client(), `${gw.origin('app')}/`, 'ada@example.com')).status,
  ).not.toBe(200);
  expect(
    (await browserSignIn(new Client(), `${gw.origin('app')}/`, 'ada@example.com', NEW_PASSWORD))
      .status,
  ).toBe(200);
});
