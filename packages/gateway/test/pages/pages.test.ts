import { describe, expect, it } from 'vitest';
import {
  accountPage,
  forbiddenPage,
  messagePage,
  notFoundPage,
  PAGE_CSP,
  pageCsp,
  setPasswordPage,
  signedOutPage,
  signInPage,
  upstreamErrorPage,
  type Page,
} from '../../src/pages/index.ts';

const EVIL = `<script>alert(1)</script>"'&`;
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;';

/**
 * Pages are compared with whitespace normalised: the source templates are formatted by
 * prettier, which reflows markup without changing what a browser renders.
 */
function n(page: Page): Page {
  const html = page.html
    .replace(/\s+/g, ' ')
    .replace(/ ?\/?>/g, '>')
    .replace(/> </g, '><');
  return { status: page.status, html };
}

/** Every page: one document, English, a viewport, one main landmark, no script, no external asset. */
function expectWellFormed(page: Page) {
  const doc = page.html;
  expect(doc.startsWith('<!doctype html><html lang="en">')).toBe(true);
  expect(doc).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(doc.match(/<main[ >]/g)).toHaveLength(1);
  expect(doc.match(/<h1>/g)).toHaveLength(1);
  expect(doc).toContain('prefers-color-scheme:dark');
  expect(doc).toContain(':focus-visible');
  expect(doc).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
}

/** Every input that a person fills in has a <label for=...> naming its id. */
function expectLabelled(doc: string) {
  const inputs = [...doc.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
  for (const input of inputs.filter((i) => !i.includes('type="hidden"'))) {
    const id = /\bid="([^"]+)"/.exec(input)?.[1];
    expect(id, input).toBeDefined();
    expect(doc).toContain(`<label for="${id}">`);
  }
}

/** The forms posting to `action`, with their hidden csrf value. */
function forms(doc: string): Array<{ action: string; csrf: string | undefined; body: string }> {
  return [...doc.matchAll(/<form\b[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => ({
    action: m[1] ?? '',
    body: m[2] ?? '',
    csrf: /name="csrf" value="([^"]*)"/.exec(m[2] ?? '')?.[1],
  }));
}

describe('sign-in page', () => {
  const page = n(
    signInPage({
      providers: [
        { id: 'builtin', name: 'Email and password', type: 'builtin' },
        {
          id: 'google',
          name: `Google ${EVIL}`,
          type: 'oidc',
          startUrl: `/oauth2/start/google?return_to=${EVIL}`,
        },
      ],
      csrfToken: `tok${EVIL}`,
      returnTo: `http://app.localhost:8787/${EVIL}`,
      error: `Wrong password ${EVIL}`,
      email: `ada${EVIL}@example.com`,
    }),
  );

  it('escapes every interpolated value', () => {
    expectWellFormed(page);
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).toContain(`value="ada${ESCAPED}@example.com"`);
    expect(page.html).toContain(`value="http://app.localhost:8787/${ESCAPED}"`);
    expect(page.html).toContain(`Google ${ESCAPED}`);
    expect(page.html).toContain(`Wrong password ${ESCAPED}`);
    expect(page.html).toContain(`href="/oauth2/start/google?return_to=${ESCAPED}"`);
  });

  it('posts email, password, csrf and return_to to /signin', () => {
    const [form, ...rest] = forms(page.html);
    expect(rest).toEqual([]);
    expect(form?.action).toBe('/signin');
    expect(form?.csrf).toBe(`tok${ESCAPED}`);
    for (const name of ['email', 'password', 'csrf', 'return_to']) {
      expect(form?.body).toContain(`name="${name}"`);
    }
    expect(page.html).toContain('<form method="post" action="/signin">');
    expectLabelled(page.html);
  });

  it('shows the error in an alert region the fields point at, with status 401', () => {
    expect(page.status).toBe(401);
    expect(page.html).toMatch(/<div id="form-error" class="alert" role="alert">Wrong password/);
    expect(page.html).toContain('aria-describedby="form-error"');
  });

  it('is 200 without an error, and a javascript: start URL never becomes a link', () => {
    const clean = n(
      signInPage({
        providers: [{ id: 'x', name: 'X', type: 'oidc', startUrl: 'javascript:alert(1)' }],
        csrfToken: 't',
        returnTo: '/',
      }),
    );
    expect(clean.status).toBe(200);
    expect(clean.html).not.toContain('javascript:');
    expect(clean.html).toContain('href="#"');
    expect(clean.html).not.toContain('role="alert"');
    expect(forms(clean.html)).toEqual([]);
  });
});

describe('set-password page', () => {
  const page = n(
    setPasswordPage({
      email: `a${EVIL}@x`,
      csrfToken: 'c1',
      token: `t${EVIL}`,
      error: `bad ${EVIL}`,
    }),
  );

  it('posts token, csrf, password and password_confirm to /signin/link', () => {
    expectWellFormed(page);
    expectLabelled(page.html);
    const [form] = forms(page.html);
    expect(form?.action).toBe('/signin/link');
    expect(form?.csrf).toBe('c1');
    expect(form?.body).toContain(`name="token" value="t${ESCAPED}"`);
    expect(form?.body).toMatch(
      /name="password" type="password" autocomplete="new-password" required minlength="12"/,
    );
    expect(form?.body).toMatch(/name="password_confirm" type="password"/);
    expect(page.html).toContain('At least 12 characters');
    expect(page.html).not.toContain('<script>alert');
    expect(page.status).toBe(400);
  });
});

describe('forbidden page', () => {
  const page = n(
    forbiddenPage({
      requestId: `req${EVIL}`,
      email: `ada${EVIL}`,
      reasons: ['user-unauthenticated', `x${EVIL}`],
      accountUrl: 'http://auth.localhost:8787/account',
    }),
  );

  it('is 403 with the request id, who is signed in, the reasons and a sign-out hint', () => {
    expectWellFormed(page);
    expect(page.status).toBe(403);
    expect(page.html).toContain(`<code>req${ESCAPED}</code>`);
    expect(page.html).toContain(`<strong>ada${ESCAPED}</strong>`);
    expect(page.html).toContain('<code>user-unauthenticated</code>');
    expect(page.html).toContain(
      '<a href="http://auth.localhost:8787/account">Sign out on your account page</a>',
    );
    expect(page.html).not.toContain('<script>alert');
  });

  it('without a session says so without naming anyone', () => {
    const anon = n(forbiddenPage({ requestId: 'r1', email: null }));
    expect(anon.html).not.toContain('signed in as');
    expect(anon.html).toContain('<code>r1</code>');
  });
});

describe('not-found page', () => {
  it('is 404 "No route for <host>", escaped', () => {
    const page = n(notFoundPage({ host: `evil${EVIL}.localhost`, requestId: 'r2' }));
    expectWellFormed(page);
    expect(page.status).toBe(404);
    expect(page.html).toContain(`No route for <code>evil${ESCAPED}.localhost</code>`);
    expect(page.html).not.toContain('<script>alert');
  });
});

describe('upstream error page', () => {
  const base = {
    requestId: 'r3',
    routeId: 'app',
    upstream: 'http://user:pw@127.0.0.1:3000/private?q=1',
  };

  it.each([
    [
      502,
      'ERR_UPSTREAM_REFUSED',
      'Nothing is listening at <code>http://127.0.0.1:3000</code>; start your server (<code>npm run dev</code>)',
    ],
    [
      502,
      'ERR_UPSTREAM_FAILED',
      'closed the connection or sent a response the gateway could not read',
    ],
    [503, 'ERR_UPSTREAM_OFFLINE', 'No tunnel is connected for route <code>app</code>'],
    [504, 'ERR_UPSTREAM_TIMEOUT', 'did not answer in time'],
    [413, 'ERR_GATEWAY_BODY_TOO_LARGE', 'raise <code>max_request_bytes</code>'],
  ] as const)('%i %s explains the fix', (status, code, text) => {
    const page = n(upstreamErrorPage({ ...base, status, code }));
    expectWellFormed(page);
    expect(page.status).toBe(status);
    expect(page.html).toContain(text);
    expect(page.html).toContain('<code>r3</code>');
    expect(page.html).not.toContain('pw@');
    expect(page.html).not.toContain('/private');
  });

  it('escapes the route id and code', () => {
    const page = n(upstreamErrorPage({ ...base, status: 502, routeId: EVIL, code: EVIL }));
    expect(page.html).not.toContain('<script>alert');
  });
});

describe('account page', () => {
  const page = n(
    accountPage({
      user: {
        email: `ada${EVIL}@example.com`,
        name: `Ada ${EVIL}`,
        groups: ['admins', EVIL],
        idp: 'builtin',
      },
      sessions: [
        {
          current: true,
          createdAt: Date.UTC(2026, 0, 2, 13, 4),
          lastSeenAt: Date.UTC(2026, 0, 3),
          ip: '127.0.0.1',
          userAgent: 'Firefox',
          handle: 'h-current',
        },
        {
          current: false,
          createdAt: 0,
          lastSeenAt: 1000,
          ip: null,
          userAgent: `Evil ${EVIL}`,
          handle: `h2${EVIL}`,
        },
      ],
      csrfToken: 'csrf-acc',
    }),
  );

  it('has a sign-out form and a revoke form per other session, each with csrf', () => {
    expectWellFormed(page);
    const all = forms(page.html);
    expect(all.map((f) => f.action)).toEqual(['/signout', '/account/sessions/revoke']);
    expect(all.every((f) => f.csrf === 'csrf-acc')).toBe(true);
    expect(all[1]?.body).toContain(`name="handle" value="h2${ESCAPED}"`);
    expect(page.html).not.toContain('h-current');
  });

  it('escapes user and session values and shows times in UTC', () => {
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).toContain(`ada${ESCAPED}@example.com`);
    expect(page.html).toContain(
      `<time datetime="2026-01-02T13:04:00.000Z">2026-01-02 13:04 UTC</time>`,
    );
    expect(page.html).toContain('This browser');
  });
});

describe('signed-out and message pages', () => {
  it('signed-out links to sign in again', () => {
    const page = n(signedOutPage());
    expectWellFormed(page);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<a href="/signin">');
  });

  it('a message page escapes title and message and shows the request id', () => {
    const page = n(
      messagePage({
        status: 410,
        title: `Gone ${EVIL}`,
        message: `m ${EVIL}`,
        requestId: 'r9',
      }),
    );
    expectWellFormed(page);
    expect(page.status).toBe(410);
    expect(page.html).toContain(`<title>Gone ${ESCAPED} · Gatehouse</title>`);
    expect(page.html).toContain(`<p>m ${ESCAPED}</p>`);
    expect(page.html).toContain('<code>r9</code>');
  });
});

describe('CSP', () => {
  it('allows no script and no framing', () => {
    expect(PAGE_CSP).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it('pageCsp adds route origins to form-action and drops anything that is not an origin', () => {
    const csp = pageCsp({
      formActionOrigins: [
        'http://app.localhost:8787',
        'https://x.example.com',
        "https://a; script-src 'unsafe-inline'",
        'http://[::1]:80',
      ],
    });
    expect(csp).toContain(
      "form-action 'self' http://app.localhost:8787 https://x.example.com http://[::1]:80;",
    );
    expect(csp).not.toContain('script-src');
  });
});
