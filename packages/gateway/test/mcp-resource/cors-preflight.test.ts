import { describe, expect, it } from 'vitest';
import { mcpCorsHeaders, preflightResponse } from '../../src/mcp/resource/index.ts';

// pomerium.md §2.2: MCP endpoints answer preflights before any auth, and expose the challenge
// and session headers so browser-based MCP clients can read them.
describe('CORS on MCP endpoints', () => {
  it('answers a preflight with 204 and the MCP methods and headers', () => {
    const res = preflightResponse('https://client.example.test');
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'https://client.example.test',
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-expose-headers': 'WWW-Authenticate, Mcp-Session-Id',
      vary: 'Origin',
    });
    const allowed = res.headers['access-control-allow-headers']!.split(', ');
    expect(allowed).toEqual([
      'Authorization',
      'Content-Type',
      'Accept',
      'Mcp-Protocol-Version',
      'Mcp-Session-Id',
      'Mcp-Method',
      'Mcp-Name',
      'Last-Event-Id',
      'DPoP',
    ]);
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
  });

  it('never allows credentials, and never echoes something that is not an origin', () => {
    for (const origin of [
      undefined,
      'null',
      'https://a.example.test\r\nx: y',
      'https://a/b',
      '*',
    ]) {
      const headers = mcpCorsHeaders(origin);
      expect(headers['access-control-allow-origin']).toBe('*');
      expect(Object.keys(headers)).not.toContain('access-control-allow-credentials');
    }
    expect(Object.keys(preflightResponse().headers)).not.toContain(
      'access-control-allow-credentials',
    );
  });
});
