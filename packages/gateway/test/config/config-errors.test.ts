import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configIssues } from '../../src/config/zod-issues.ts';
import { errorLines } from './support.ts';

const ROUTE = (extra = '') =>
  `routes:\n  - from: http://app.localhost:8787\n    to: http://127.0.0.1:3000\n${extra}`;

describe('each bad input gives its own message', () => {
  it.each([
    [
      'unknown top-level key',
      'lsiten: 1\n',
      'gatehouse.yaml: unknown key "lsiten" (did you mean "listen"?)',
    ],
    [
      'unknown route key',
      ROUTE('    timout: 5s\n'),
      'gatehouse.yaml: routes[0]: unknown key "timout" (did you mean "timeout"?)',
    ],
    ['unknown key with no near match', 'colour: blue\n', 'gatehouse.yaml: unknown key "colour"'],
    [
      'bad upstream scheme',
      'routes:\n  - from: http://a.localhost\n    to: ftp://files\n',
      'gatehouse.yaml: routes[0].to: must be http:// or https://, got "ftp:"',
    ],
    [
      'from with a path',
      'routes:\n  - from: http://a.localhost/app\n    to: http://x\n',
      'gatehouse.yaml: routes[0].from: must be an origin only (scheme://host[:port]), got "http://a.localhost/app"',
    ],
    [
      'bad duration',
      ROUTE('    timeout: 5 minutes\n'),
      'gatehouse.yaml: routes[0].timeout: not a duration: "5 minutes" (use e.g. 30s, 5m, 12h, 14d)',
    ],
    [
      'duration of the wrong type',
      'session:\n  lifetime: true\n',
      'gatehouse.yaml: session.lifetime: expected number or string, got boolean',
    ],
    [
      'missing required key',
      'routes:\n  - from: http://a.localhost\n',
      'gatehouse.yaml: routes[0].to: required',
    ],
    [
      'bad listen address',
      'listen: localhost:99999\n',
      'gatehouse.yaml: listen: not a listen address: "localhost:99999" (use host:port, e.g. 127.0.0.1:8787)',
    ],
    [
      'unknown identity provider type',
      'identity_providers:\n  - type: ldap\n',
      'gatehouse.yaml: identity_providers[0].type: expected one of builtin, oidc, got "ldap"',
    ],
    [
      'no identity provider',
      'identity_providers: []\n',
      'gatehouse.yaml: identity_providers: needs at least 1 item(s)',
    ],
    [
      'bad trusted proxy',
      'trusted_proxies: [10.0.0.0/40]\n',
      'gatehouse.yaml: trusted_proxies[0]: not an IP address or CIDR: "10.0.0.0/40"',
    ],
    [
      'top level is a list',
      '- a\n- b\n',
      'gatehouse.yaml: expected a mapping of settings (key: value) at the top level',
    ],
  ])('%s', (_name, text, line) => {
    expect(errorLines(text)).toEqual([line]);
  });

  it('lists every issue, one a line, in file order', () => {
    const text = [
      'foo: 1',
      'routes:',
      '  - from: http://a.localhost',
      '    to: ftp://x',
      'session:',
      '  idle_timeout: soon',
    ].join('\n');
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: unknown key "foo"',
      'gatehouse.yaml: routes[0].to: must be http:// or https://, got "ftp:"',
      'gatehouse.yaml: session.idle_timeout: not a duration: "soon" (use e.g. 30s, 5m, 12h, 14d)',
    ]);
  });
});

describe('YAML syntax errors', () => {
  it('carry line and column', () => {
    const text = 'listen: 127.0.0.1:8787\nroutes:\n  - from: "http://a.localhost\n';
    const [line, ...rest] = errorLines(text);
    expect(rest).toEqual([]);
    expect(line).toMatch(/^gatehouse\.yaml: line 4, column 1: Missing closing "quote/);
  });

  it('a duplicate key is an error, not last-one-wins', () => {
    expect(errorLines('listen: 1\nlisten: 2\n')).toEqual([
      'gatehouse.yaml: line 2, column 1: Map keys must be unique',
    ]);
  });

  it('never quote the broken line, which may hold a secret', () => {
    const text =
      'cookie_secret_file: x\nidentity_providers:\n  - client_secret: "hunter2-topsecret\n';
    const message = errorLines(text).join('\n');
    expect(message).toContain('line ');
    expect(message).not.toContain('hunter2');
  });
});

describe('routes', () => {
  it('duplicate ids name both indexes', () => {
    const text = [
      'routes:',
      '  - from: http://app.localhost:8787',
      '    to: http://127.0.0.1:3000',
      '  - from: http://app.example.com',
      '    to: http://127.0.0.1:3001',
    ].join('\n');
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: routes[1].from: duplicate route id "app" (also routes[0])',
    ]);
  });

  it('an explicit duplicate id points at the id', () => {
    const text = [
      'routes:',
      '  - { id: web, from: http://a.localhost, to: http://127.0.0.1:3000 }',
      '  - { id: web, from: http://b.localhost, to: http://127.0.0.1:3001 }',
    ].join('\n');
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: routes[1].id: duplicate route id "web" (also routes[0])',
    ]);
  });

  it('the same host twice (case and default port do not hide it)', () => {
    const text = [
      'routes:',
      '  - { from: http://app.localhost, to: http://127.0.0.1:3000 }',
      '  - { id: other, from: "HTTP://APP.localhost:80", to: http://127.0.0.1:3001 }',
    ].join('\n');
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: routes[1].from: duplicate host "app.localhost" (also routes[0].from)',
    ]);
  });

  it('a bad policy names routes[1].policy and the criterion', () => {
    const text = [
      'routes:',
      '  - { from: http://a.localhost, to: http://127.0.0.1:3000, allow_any_authenticated_user: true }',
      '  - from: http://b.localhost',
      '    to: http://127.0.0.1:3001',
      '    policy:',
      '      allow:',
      '        and:',
      '          - emial: { is: ada@example.com }',
    ].join('\n');
    const [line, ...rest] = errorLines(text);
    expect(rest).toEqual([]);
    expect(line).toMatch(
      /^gatehouse\.yaml: routes\[1\]\.policy\.allow\.and\[0\]\.emial: unknown criterion "emial"/,
    );
  });

  it('the auth host may not also be a route host', () => {
    const text = [
      'authenticate_service_url: http://auth.localhost:8787',
      'routes:',
      '  - { from: http://app.localhost:8787, to: http://127.0.0.1:3000 }',
      '  - { from: "http://Auth.localhost:8787", to: http://127.0.0.1:3001 }',
    ].join('\n');
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: authenticate_service_url: host "auth.localhost:8787" is also routes[1].from; give the authenticate service its own host',
    ]);
  });

  it('a host whose first label cannot be an id asks for one', () => {
    const text = 'routes:\n  - { from: "http://[::1]:8080", to: http://127.0.0.1:3000 }\n';
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: routes[0].from: cannot derive a route id from host "[::1]:8080"; set id',
    ]);
  });
});

describe('secrets are never echoed', () => {
  it('a client_secret of the wrong type is named, not shown', () => {
    const text = [
      'identity_providers:',
      '  - type: oidc',
      '    id: corp',
      '    issuer: https://idp.example.com',
      '    client_id: gatehouse',
      '    client_secret: [s3cr3t-value-1]',
    ].join('\n');
    const message = errorLines(text).join('\n');
    expect(message).toBe(
      'gatehouse.yaml: identity_providers[0].client_secret: expected string, got a list',
    );
    expect(message).not.toContain('s3cr3t');
  });

  it('an empty key-like setting is named', () => {
    const text = 'cookie_secret_file: ""\nsigning_key_file: ""\n';
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: cookie_secret_file: must not be empty',
      'gatehouse.yaml: signing_key_file: must not be empty',
    ]);
  });

  it('a password inside a URL is masked', () => {
    const text =
      'routes:\n  - from: http://user:pa55word@a.localhost/x\n    to: http://127.0.0.1:3000\n';
    const message = errorLines(text).join('\n');
    expect(message).not.toContain('pa55word');
    expect(message).toContain('http://***@a.localhost/x');
  });
});

describe('issue wording guards secret-like keys in any schema', () => {
  it('a custom message that quotes the value is replaced at a *secret*/*password*/*key* path', () => {
    const schema = z.strictObject({
      db_password: z.string().refine((v) => v.length > 100, { message: 'too short: "hunter2"' }),
      name: z.string().refine(() => false, { message: 'bad name "bob"' }),
    });
    const input = { db_password: 'hunter2', name: 'bob' };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(configIssues(result.error?.issues ?? [], input, schema)).toEqual([
      { path: 'db_password', message: 'invalid value (not shown)' },
      { path: 'name', message: 'bad name "bob"' },
    ]);
  });
});

describe('identity providers', () => {
  it('duplicate ids name both indexes', () => {
    const text = [
      'identity_providers:',
      '  - { type: oidc, id: corp, issuer: "https://a.example.com", client_id: a }',
      '  - { type: oidc, id: corp, issuer: "https://b.example.com", client_id: b }',
    ].join('\n');
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: identity_providers[1].id: duplicate provider id "corp" (also identity_providers[0])',
    ]);
  });

  it('at most one builtin', () => {
    const text = 'identity_providers:\n  - { type: builtin }\n  - { type: builtin, id: other }\n';
    expect(errorLines(text)).toEqual([
      'gatehouse.yaml: identity_providers[1].type: only one builtin provider is allowed (also identity_providers[0])',
    ]);
  });
});
