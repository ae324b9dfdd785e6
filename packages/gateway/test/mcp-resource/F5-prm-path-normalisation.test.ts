import { describe, expect, it } from 'vitest';
import { matchPrmRequest, prmPaths } from '../../src/mcp/resource/index.ts';
import { ROUTE_A, ROUTE_B, ROUTE_ROOT } from './support.ts';

// Research gateways.md §5 F5 (Pomerium spec-prm-normalization): spelling variants of the PRM
// path find this route's metadata or nothing; never another route's.
describe('F5: PRM paths are normalised consistently', () => {
  it('serves the root and the path-inserted form', () => {
    expect(prmPaths(ROUTE_A)).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]);
    expect(prmPaths(ROUTE_ROOT)).toEqual(['/.well-known/oauth-protected-resource']);
  });

  it('accepts trailing slashes, doubled slashes, a query and escaped unreserved characters', () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource/mcp/',
      '//.well-known//oauth-protected-resource///mcp//',
      '/.well-known/oauth-protected-resource/mcp?x=1',
      '/.well-known/oauth-protected-resource/%6Dcp',
      '/.well-known/oauth-protected-resource/',
      '/.well-known/oauth-protected-resource?resource=x',
    ]) {
      expect(matchPrmRequest(path, ROUTE_A), path).toBe(true);
    }
  });

  it('refuses %2F, dot segments, other paths, case changes and broken escapes', () => {
    for (const path of [
      '/.well-known/oauth-protected-resource%2Fmcp',
      '/.well-known%2Foauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource/x/../mcp',
      '/.well-known/oauth-protected-resource/./mcp',
      '/.well-known/oauth-protected-resource/%2E%2E/mcp',
      '/.well-known/oauth-protected-resource/MCP',
      '/.well-known/oauth-protected-resource/mcp/extra',
      '/.well-known/oauth-protected-resource/mc',
      '/.well-known/oauth-protected-resource/mcp%',
      '/.well-known/oauth-protected-resource/mcp%zz',
      '/.well-known/oauth-authorization-server/mcp',
      '/mcp',
      'mcp',
    ]) {
      expect(matchPrmRequest(path, ROUTE_A), path).toBe(false);
    }
  });

  it("never serves another route's PRM path", () => {
    expect(matchPrmRequest('/.well-known/oauth-protected-resource/tools/mcp', ROUTE_A)).toBe(false);
    expect(matchPrmRequest('/.well-known/oauth-protected-resource/mcp', ROUTE_B)).toBe(false);
    expect(matchPrmRequest('/.well-known/oauth-protected-resource/tools/mcp/', ROUTE_B)).toBe(true);
    expect(matchPrmRequest('/.well-known/oauth-protected-resource/mcp', ROUTE_ROOT)).toBe(false);
    expect(matchPrmRequest('/.well-known/oauth-protected-resource/', ROUTE_ROOT)).toBe(true);
  });
});
