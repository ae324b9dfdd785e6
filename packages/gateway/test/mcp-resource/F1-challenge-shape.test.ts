import { describe, expect, it } from 'vitest';
import { unauthorizedResponse, wwwAuthenticate } from '../../src/mcp/resource/index.ts';
import { bearerParams } from '@gatehouse/testing';
import { ROUTE_A, ROUTE_B, ROUTE_ROOT } from './support.ts';

// Research gateways.md §5 F1, mcp-spec.md §3.2 items 2 and 4: the 401 names the absolute,
// path-inserted PRM URL (RFC 9728 §3.1) and the scope, and is never a redirect.
describe('F1: the 401 challenge carries the absolute PRM URL and the scope', () => {
  it('points at the path-inserted PRM URL of the route, built from config', () => {
    expect(bearerParams(wwwAuthenticate(ROUTE_A))).toEqual({
      resource_metadata: 'https://a.example.test/.well-known/oauth-protected-resource/mcp',
      scope: 'mcp',
    });
    expect(bearerParams(wwwAuthenticate(ROUTE_B))?.['resource_metadata']).toBe(
      'https://b.example.test:8443/.well-known/oauth-protected-resource/tools/mcp',
    );
    expect(bearerParams(wwwAuthenticate(ROUTE_ROOT))?.['resource_metadata']).toBe(
      'https://root.example.test/.well-known/oauth-protected-resource',
    );
  });

  it('adds the error for a bad token but not when no credentials were sent (RFC 6750 §3.1)', () => {
    const missing = unauthorizedResponse(ROUTE_A, 'missing');
    expect(bearerParams(missing.headers['www-authenticate']!)).toEqual({
      resource_metadata: 'https://a.example.test/.well-known/oauth-protected-resource/mcp',
      scope: 'mcp',
    });
    const expired = unauthorizedResponse(ROUTE_A, 'expired');
    expect(bearerParams(expired.headers['www-authenticate']!)).toEqual({
      resource_metadata: 'https://a.example.test/.well-known/oauth-protected-resource/mcp',
      scope: 'mcp',
      error: 'invalid_token',
      error_description: 'The access token expired',
    });
  });

  it('answers 401 with a JSON body and CORS, never a redirect', () => {
    for (const reason of [
      'missing',
      'malformed',
      'invalid',
      'expired',
      'wrong-audience',
      'revoked',
      'user-disabled',
    ] as const) {
      const res = unauthorizedResponse(ROUTE_A, reason, 'https://client.example.test');
      expect(res.status).toBe(401);
      expect(Object.keys(res.headers).map((h) => h.toLowerCase())).not.toContain('location');
      expect(res.headers['access-control-allow-origin']).toBe('https://client.example.test');
      expect(res.headers['access-control-expose-headers']).toContain('WWW-Authenticate');
      expect(res.headers['content-type']).toBe('application/json');
      expect(JSON.parse(res.body)).toEqual({
        error: 'invalid_token',
        error_description: expect.any(String) as string,
      });
    }
  });

  it('can ask for more scope with insufficient_scope (the 403 of MCP step-up)', () => {
    const header = wwwAuthenticate(ROUTE_A, {
      error: 'insufficient_scope',
      scope: 'mcp admin',
      description: 'Additional permission required',
    });
    expect(bearerParams(header)).toEqual({
      resource_metadata: 'https://a.example.test/.well-known/oauth-protected-resource/mcp',
      scope: 'mcp admin',
      error: 'insufficient_scope',
      error_description: 'Additional permission required',
    });
  });
});
