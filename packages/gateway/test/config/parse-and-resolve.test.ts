import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfigText, resolveConfig } from '../../src/config/index.ts';
import { FULL_EXAMPLE } from './support.ts';

describe('a valid full config', () => {
  const config = resolveConfig(parseConfigText(FULL_EXAMPLE, 'gatehouse.yaml'), {
    baseDir: '/srv/gh',
    source: 'gatehouse.yaml',
  });

  it('resolves listeners, paths and durations', () => {
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(config.adminListen).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(config.baseDomain).toBe('example.com');
    expect(config.dataDir).toBe('/srv/gh/var/gatehouse');
    expect(config.signingKeyFile).toBe('/srv/gh/keys/signing.pem');
    expect(config.cookieSecretFile).toBe('/etc/gatehouse/cookie-secret');
    expect(config.tls).toEqual({
      files: [{ certFile: '/srv/gh/tls/cert.pem', keyFile: '/srv/gh/tls/key.pem' }],
      acme: undefined,
    });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(config.session).toEqual({ lifetimeMs: 7 * 86_400_000, idleTimeoutMs: 12 * 3_600_000 });
  });

  it('gives the auth host in Host-header form, without the default port', () => {
    expect(config.authenticateServiceUrl).toBe('https://auth.example.com');
    expect(config.authHost).toBe('auth.example.com');
  });

  it('resolves identity providers', () => {
    expect(config.identityProviders).toEqual([
      { type: 'builtin', id: 'builtin', name: 'Email and password' },
      {
        type: 'oidc',
        id: 'google',
        name: 'Google',
        issuer: 'https://accounts.google.com',
        clientId: 'abc.apps.googleusercontent.com',
        clientSecret: 'super-secret-value',
        scopes: ['openid', 'email', 'profile'],
      },
    ]);
  });

  it('derives route ids from the first DNS label and hosts as clients send them', () => {
    expect(config.routes.map((r) => [r.id, r.host, r.from])).toEqual([
      ['app', 'app.example.com', 'https://app.example.com'],
      ['mcp', 'mcp.example.com', 'https://mcp.example.com'],
      ['docs', 'docs.example.com:8080', 'http://docs.example.com:8080'],
    ]);
  });

  it('indexes routes by host', () => {
    expect(config.routesByHost.get('mcp.example.com')?.id).toBe('mcp');
    expect(config.routesByHost.get('docs.example.com:8080')?.id).toBe('docs');
    expect(config.routesByHost.get('docs.example.com')).toBeUndefined();
  });

  it('keeps per-route options, in ms, and mcp as written', () => {
    const mcp = config.routesByHost.get('mcp.example.com');
    expect(mcp).toMatchObject({
      to: 'http://127.0.0.1:3001/',
      timeoutMs: 60_000,
      idleTimeoutMs: 0,
      maxRequestBytes: 2048,
      preserveHostHeader: true,
      passIdentityHeaders: true,
      allowPublicUnauthenticatedAccess: false,
      mcp: { server: { audit_arguments: true } },
    });
    expect(config.routes[0]?.mcp).toBeUndefined();
    expect(config.routes[0]).toMatchObject({ timeoutMs: 30_000, idleTimeoutMs: 300_000 });
  });

  it('compiles each route policy from shorthands and policy', () => {
    expect(config.routes[0]?.policy.allow).toHaveLength(1);
    expect(config.routes[1]?.policy.allow[0]?.children[0]).toMatchObject({
      kind: 'criterion',
      path: 'routes[1].policy.allow.and[0].email',
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.routes)).toBe(true);
    expect(Object.isFrozen(config.routes[0])).toBe(true);
    expect(() => (config.routes as unknown[]).push(1)).toThrow(TypeError);
  });

  it('warns about valid but risky settings', () => {
    expect(config.warnings).toEqual([
      'route "docs" (http://docs.example.com:8080) is public: anyone can reach it without signing in',
    ]);
  });

  it('warns when the edge listens beyond loopback without tls', () => {
    const plain = resolveConfig(
      parseConfigText('listen: 8787\nadmin_listen: 0.0.0.0:9090\n', 'g.yaml'),
      {
        baseDir: '/srv',
      },
    );
    expect(plain.warnings).toEqual([
      expect.stringContaining('listen 0.0.0.0:8787 is reachable from other machines without tls'),
      expect.stringContaining('admin_listen 0.0.0.0:9090 exposes /metrics'),
    ]);
  });
});

describe('defaults', () => {
  it('an empty file is the embedded defaults', () => {
    const config = resolveConfig(parseConfigText('# nothing yet\n', 'g.yaml'), { baseDir: '/srv' });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(config.authenticateServiceUrl).toBe('http://localhost:8787');
    expect(config.authHost).toBe('localhost:8787');
    expect(config.dataDir).toBe('/srv/data');
    expect(config.identityProviders).toEqual([
      { type: 'builtin', id: 'builtin', name: 'Email and password' },
    ]);
    expect(config.routes).toEqual([]);
    expect(config.adminListen).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });

  it('defaultConfig is the same, with an absolute data dir under baseDir', () => {
    const config = defaultConfig({ baseDir: '/opt/gh' });
    expect(config.source).toBe('<defaults>');
    expect(isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe('/opt/gh/data');
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(config.routesByHost.size).toBe(0);
  });

  it('a route with no policy and no shorthands allows nothing', () => {
    const text = 'routes:\n  - from: http://app.localhost:8787\n    to: http://127.0.0.1:3000\n';
    const config = resolveConfig(parseConfigText(text, 'g.yaml'), { baseDir: '/srv' });
    expect(config.routes[0]?.policy.allow).toEqual([]);
    expect(config.routes[0]?.host).toBe('app.localhost:8787');
  });
});
