import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  startTestGateway,
  type TestGateway,
  addAccount,
  browserSignIn,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { startEchoUpstream, type SeenRequest } from '@gatehouse/testing';

let gw: TestGateway;
let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  gw = await startTestGateway(`
routes:
  - from: http://app.localhost:{{port}}
    to: ${upstream.url}
    allowed_users: [ada@example.com]
  - from: http://team.localhost:{{port}}
    to: ${upstream.url}
    allowed_domains: [example.com]
  - from: http://open.localhost:{{port}}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
  - from: http://most.localhost:{{port}}
    to: ${upstream.url}
    policy:
      allow: { and: [{ authenticated_user: true }] }
      deny: { or: [{ email: { is: bob@example.com } }] }
  - from: http://small.localhost:{{port}}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
    max_request_bytes: 100
`);
  await addAccount(gw.gateway.store, 'ada@example.com', ['eng']);
  await addAccount(gw.gateway.store, 'bob@example.com');
  await addAccount(gw.gateway.store, 'eve@elsewhere.test');
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
});

const json = (body: string) => JSON.parse(body) as SeenRequest;

describe('sign-in and route policy', () => {
  it('sends a browser without a session to the sign-in page, with the original URL to return to', async () => {
    const client = new Client();
    const reply = await client.request(`${gw.origin('app')}/docs?x=1`, {
      headers: { accept: 'text/html' },
    });
    expect(reply.status).toBe(302);
    const location = new URL(reply.headers.location ?? '');
    expect(location.origin).toBe(gw.authUrl);
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('return_to')).toBe(`${gw.origin('app')}/docs?x=1`);
  });

  it('answers 401 JSON, not a redirect, to an API client without a session', async () => {
    const reply = await new Client().request(`${gw.origin('app')}/api`, {
      headers: { accept: 'application/json' },
    });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({ error: 'unauthenticated' });
  });

  it('signs a listed user in and proxies to the upstream with a signed assertion, never our cookie', async () => {
    const client = new Client();
    const reply = await browserSignIn(client, `${gw.origin('app')}/hello?q=1`, 'ada@example.com');
    expect(reply.status).toBe(200);
    expect(reply.url).toBe(`${gw.origin('app')}/hello?q=1`);
    const seen = json(reply.body);
    expect(seen.url).toBe('/hello?q=1');
    expect(seen.headers['x-gatehouse-jwt-assertion']).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(seen.headers.cookie ?? '').not.toContain('_gatehouse');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(gw.origin('app')).host);
    // The route cookie is host-only: the auth host's cookie was not sent to the route.
    expect(client.cookies(new URL(gw.origin('app')).host).has('_gatehouse_session')).toBe(true);
  });

  it('refuses a signed-in user the route does not list with a 403 page carrying a request id', async () => {
    const client = new Client();
    const reply = await browserSignIn(client, `${gw.origin('app')}/`, 'bob@example.com');
    expect(reply.status).toBe(403);
    const line = gw.logger.lines
      .filter((l) => l.msg === 'decision' && l.obj['user'] === 'bob@example.com')
      .at(-1);
    expect(line?.obj).toMatchObject({ route: 'app', outcome: 'deny', status: 403 });
    expect(reply.body).toContain(String(line?.obj['requestId']));
  });

  it('allowed_domains admits the domain and refuses another', async () => {
    expect(
      (await browserSignIn(new Client(), `${gw.origin('team')}/`, 'bob@example.com')).status,
    ).toBe(200);
    expect(
      (await browserSignIn(new Client(), `${gw.origin('team')}/`, 'eve@elsewhere.test')).status,
    ).toBe(403);
  });

  it('a deny rule wins over allow', async () => {
    expect(
      (await browserSignIn(new Client(), `${gw.origin('most')}/`, 'ada@example.com')).status,
    ).toBe(200);
    expect(
      (await browserSignIn(new Client(), `${gw.origin('most')}/`, 'bob@example.com')).status,
    ).toBe(403);
  });

  it('a public route needs no sign-in, and J2-empty-identity-no-passthrough: spoofed identity headers are removed', async () => {
    const reply = await new Client().request(`${gw.origin('open')}/`, {
      headers: {
        'X-User': 'victim',
        'x-forwarded-email': 'victim@example.com',
        x_gatehouse_jwt_assertion: 'forged',
      },
    });
    expect(reply.status).toBe(200);
    const seen = json(reply.body);
    expect(seen.headers['x-user']).toBeUndefined();
    expect(seen.headers['x-forwarded-email']).toBeUndefined();
    expect(seen.headers['x-gatehouse-jwt-assertion']).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain('forged');
  });

  it('answers an unknown Host with the 404 page', async () => {
    const reply = await new Client().request(`${gw.origin('nosuch')}/`, {
      headers: { accept: 'text/html' },
    });
    expect(reply.status).toBe(404);
    expect(reply.body).toContain('nosuch.localhost');
  });

  it('refuses a body over max_request_bytes with 413 and never contacts the upstream', async () => {
    const before = upstream.seen.length;
    const reply = await new Client().request(`${gw.origin('small')}/upload`, {
      method: 'POST',
      body: 'x'.repeat(500),
    });
    expect(reply.status).toBe(413);
    expect(upstream.seen.length).toBe(before);
  });

  it('a wrong password gets one generic message, and nothing says whether the account exists', async () => {
    const wrong = await browserSignIn(
      new Client(),
      `${gw.origin('app')}/`,
      'ada@example.com',
      'not the password at all',
    );
    const unknown = await browserSignIn(
      new Client(),
      `${gw.origin('app')}/`,
      'nobody@example.com',
      'not the password at all',
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /role="alert"[^>]*>([\s\S]*?)</.exec(html)?.[1];
    expect(message(wrong.body)).toBeDefined();
    expect(message(wrong.body)).toBe(message(unknown.body));
  });

  it('A12-csrf: a sign-in post without the CSRF token, or from another origin, is refused', async () => {
    const client = new Client();
    const page = await client.request(`${gw.authUrl}/signin`);
    const csrf = Client.field(page.body, 'csrf');
    const noToken = await client.postForm(`${gw.authUrl}/signin`, {
      email: 'ada@example.com',
      password: PASSWORD,
    });
    expect(noToken.status).toBe(403);
    const crossSite = await client.request(`${gw.authUrl}/signin`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://evil.example',
      },
      body: new URLSearchParams({ email: 'ada@example.com', password: PASSWORD, csrf }).toString(),
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringContaining('_gatehouse_session=')]),
    );
  });

  it('A12-origin-null: a browser form post with Origin null counts only when Sec-Fetch-Site says same-origin', async () => {
    // Our pages send Referrer-Policy: no-referrer, under which browsers send `Origin: null`.
    const post = async (site: string) => {
      const client = new Client();
      const page = await client.request(`${gw.authUrl}/signin`);
      return client.request(`${gw.authUrl}/signin`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'null',
          'sec-fetch-site': site,
        },
        body: new URLSearchParams({
          email: 'ada@example.com',
          password: PASSWORD,
          csrf: Client.field(page.body, 'csrf'),
        }).toString(),
      });
    };
    expect((await post('same-origin')).status).toBe(302);
    expect((await post('cross-site')).status).toBe(403);
    expect((await post('same-site')).status).toBe(403);
  });

  it('A12-not-frameable: our pages forbid framing', async () => {
    const page = await new Client().request(`${gw.authUrl}/signin`);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('return_to pointing anywhere but our hosts is not followed (no open redirect)', async () => {
    const client = new Client();
    const page = await client.request(
      `${gw.authUrl}/signin?return_to=${encodeURIComponent('https://evil.example/x')}`,
    );
    const posted = await client.postForm(`${gw.authUrl}/signin`, {
      email: 'ada@example.com',
      password: PASSWORD,
      csrf: Client.field(page.body, 'csrf'),
      return_to: 'https://evil.example/x',
    });
    expect(posted.status).toBe(302);
    expect(new URL(posted.headers.location ?? '').origin).toBe(gw.authUrl);
  });

  it('a sign-in handoff code works once', async () => {
    const client = new Client();
    const first = await client.request(`${gw.origin('app')}/`, {
      headers: { accept: 'text/html' },
    });
    const signIn = new URL(first.headers.location ?? '');
    const page = await client.request(signIn.href);
    const posted = await client.postForm(`${gw.authUrl}/signin`, {
      email: 'ada@example.com',
      password: PASSWORD,
      csrf: Client.field(page.body, 'csrf'),
      return_to: signIn.searchParams.get('return_to') ?? '',
    });
    const handoff = posted.headers.location ?? '';
    expect((await new Client().request(handoff)).status).toBe(302);
    expect((await new Client().request(handoff)).status).toBe(400);
  });

  it('signing out ends the session on every host', async () => {
    const client = new Client();
    expect((await browserSignIn(client, `${gw.origin('app')}/`, 'ada@example.com')).status).toBe(
      200,
    );
    const account = await client.request(`${gw.authUrl}/account`);
    expect(account.status).toBe(200);
    expect(account.body).toContain('ada@example.com');
    const out = await client.postForm(`${gw.authUrl}/signout`, {
      csrf: Client.field(account.body, 'csrf'),
    });
    expect(out.status).toBe(200);
    // The route host's own cookie is still in the jar, but the session behind it is gone.
    const after = await client.request(`${gw.origin('app')}/`, {
      headers: { accept: 'text/html' },
    });
    expect(after.status).toBe(302);
  });

  it('a forged or foreign route cookie is ignored', async () => {
    const client = new Client();
    await browserSignIn(client, `${gw.origin('team')}/`, 'ada@example.com');
    const teamCookie =
      client.cookies(new URL(gw.origin('team')).host).get('_gatehouse_session') ?? '';
    // Replayed on another route host: sealed to the team host, so it does not open there.
    const replay = await new Client().request(`${gw.origin('most')}/`, {
      headers: { cookie: `_gatehouse_session=${teamCookie}`, accept: 'application/json' },
    });
    expect(replay.status).toBe(401);
    const flipped =
      teamCookie.slice(0, 10) + (teamCookie[10] === 'A' ? 'B' : 'A') + teamCookie.slice(11);
    const forged = await new Client().request(`${gw.origin('team')}/`, {
      headers: { cookie: `_gatehouse_session=${flipped}`, accept: 'application/json' },
    });
    expect(forged.status).toBe(401);
  });

  it('decision lines carry request id, route, user, outcome and reasons, and no log line holds a cookie or password', () => {
    const decisions = gw.logger.lines.filter((l) => l.msg === 'decision');
    expect(decisions.length).toBeGreaterThan(5);
    for (const d of decisions)
      expect(Object.keys(d.obj)).toEqual(
        expect.arrayContaining(['requestId', 'route', 'user', 'outcome', 'reasons']),
      );
    const all = JSON.stringify(gw.logger.lines);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toMatch(/_gatehouse_session=/);
  });
});
