import { describe, expect, it } from 'vitest';
import { isIdentityHeader, stripIdentityHeaders } from '../../src/proxy/index.ts';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { recordingUpstream } from './support/servers.ts';

// Research gateways.md §5 J1/J2: a client must never be able to say who it is.
const SPOOFED = [
  'X-Gatehouse-Jwt-Assertion',
  'x-gatehouse-user',
  'X_GATEHOUSE_EMAIL',
  'X-Pomerium-Jwt-Assertion',
  'x_pomerium_claim_email',
  'X-Forwarded-User',
  'X_Forwarded_User',
  'X-FORWARDED-EMAIL',
  'x-forwarded-groups',
  'X-Forwarded-Preferred-Username',
  'X-Auth-Request-User',
  'x_auth_request_email',
  'X-User-Id',
  'X_User_Email',
  'X-User',
  'X-Email',
  'Remote-User',
  'REMOTE_USER',
  'X-Remote-User',
];

const NOT_IDENTITY = [
  'x-forwarded-for',
  'authorization',
  'x-users-list',
  'x-useragent',
  'user-agent',
];

describe('J1: client identity headers never reach the upstream', () => {
  it('recognises every spelling of the identity headers and nothing else', () => {
    for (const name of SPOOFED) expect(isIdentityHeader(name), name).toBe(true);
    for (const name of NOT_IDENTITY) expect(isIdentityHeader(name), name).toBe(false);
    expect(stripIdentityHeaders({ 'X-User': 'victim', accept: 'text/html' })).toEqual({
      accept: 'text/html',
    });
  });

  it('strips them in any case and with underscores; the edge-set assertion wins', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({
      to: upstream.url,
      target: { setHeaders: { 'X-Gatehouse-Jwt-Assertion': 'signed-by-gateway' } },
    });
    const headers = Object.fromEntries(SPOOFED.map((name) => [name, 'victim@example.com']));
    await send(`${edge.url}/`, { headers });
    const seen = upstream.seen[0];
    const identity = seen?.rawNames.filter((name) => isIdentityHeader(name)) ?? [];
    expect(identity.map((name) => name.toLowerCase())).toEqual(['x-gatehouse-jwt-assertion']);
    expect(seen?.headers['x-gatehouse-jwt-assertion']).toBe('signed-by-gateway');
  });

  it('J2: with no identity to send, a client X-User is removed, not passed through', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({ to: upstream.url });
    await send(`${edge.url}/`, { headers: { 'X-User': 'victim', 'x-user-id': '1' } });
    expect(upstream.seen[0]?.headers['x-user']).toBeUndefined();
    expect(upstream.seen[0]?.headers['x-user-id']).toBeUndefined();
  });

  it('drops identity headers an upstream sends back to the client', async () => {
    const upstream = await recordingUpstream((_req, res) => {
      res.setHeader('X-Pomerium-Jwt-Assertion', 'leak');
      res.setHeader('X-Forwarded-Email', 'someone@example.com');
      res.setHeader('X-Gatehouse-Jwt-Assertion', 'leak');
      res.end('ok');
    });
    const edge = await startEdge({ to: upstream.url });
    const reply = await send(`${edge.url}/`);
    expect(Object.keys(reply.headers).filter((name) => isIdentityHeader(name))).toEqual([]);
  });
});
