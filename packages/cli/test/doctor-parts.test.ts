import { describe, expect, it } from 'vitest';
import { metadataUrls } from '../src/doctor/checks/as-metadata.ts';
import { bearerParams } from '../src/doctor/checks/challenge.ts';
import { clientIdFor, HOST_CLIENTS } from '../src/doctor/checks/host-clients.ts';
import { pathSuffixedPrmUrl, rootPrmUrl } from '../src/doctor/checks/prm.ts';
import { wrap } from '../src/doctor/report.ts';

describe('gatehouse doctor: where hosts look', () => {
  it('inserts the PRM well-known suffix before the path (RFC 9728 §3.1) and has a root fallback', () => {
    const mcp = new URL('https://mcp.example.com/mcp');
    expect(pathSuffixedPrmUrl(mcp).href).toBe(
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    );
    expect(rootPrmUrl(mcp).href).toBe(
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    );
  });

  it('probes an issuer with a path the MCP way: RFC 8414 and OIDC path-inserted, then OIDC path-appended', () => {
    expect(
      metadataUrls(new URL('https://auth.example.com/tenant1')).map((u) => u.url.href),
    ).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      'https://auth.example.com/tenant1/.well-known/openid-configuration',
    ]);
    expect(metadataUrls(new URL('https://auth.example.com')).map((u) => u.url.pathname)).toEqual([
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
    ]);
  });

  it('reads resource_metadata and scope from a Bearer challenge, quoted or not, among other schemes', () => {
    const params = bearerParams(
      'DPoP algs="ES256", Bearer error="invalid_token", resource_metadata="https://x.example/.well-known/oauth-protected-resource/mcp", scope=mcp',
    );
    expect(params?.get('resource_metadata')).toBe(
      'https://x.example/.well-known/oauth-protected-resource/mcp',
    );
    expect(params?.get('scope')).toBe('mcp');
    expect(bearerParams('Basic realm="x"')).toBeUndefined();
  });

  it('uses the hosts’ documented client ids, and the test origin only when asked', () => {
    const [chatgpt, claude] = HOST_CLIENTS;
    expect(clientIdFor(chatgpt, undefined)).toBe('https://chatgpt.com/oauth/client.json');
    expect(clientIdFor(claude, undefined)).toBe(
      'https://claude.ai/oauth/mcp-oauth-client-metadata',
    );
    expect(clientIdFor(claude, new URL('https://127.0.0.1:9443'))).toBe(
      'https://127.0.0.1:9443/oauth/mcp-oauth-client-metadata',
    );
  });

  it('wraps words to the width and breaks a word longer than a line', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('https://a.example/very/long', 10)).toEqual([
      'https://a.',
      'example/ve',
      'ry/long',
    ]);
  });
});
