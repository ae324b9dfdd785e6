import { describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import { MCP_RESOURCE, pkce } from './support/harness.ts';
import {
  authorize,
  obtainCode,
  redeem,
  register,
  REDIRECT_URI,
  registerClient,
} from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs({ oauthYaml: '  registration_ttl: 1h' });

describe('D3: registration floods', () => {
  it('answers 429 with Retry-After after 20 registrations from one address in an hour', async () => {
    const h = as();
    for (let i = 0; i < 20; i += 1) {
      expect((await register(h, { redirect_uris: [REDIRECT_URI] })).status).toBe(201);
    }
    const limited = await register(h, { redirect_uris: [REDIRECT_URI] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(3_600_000);
    expect((await register(h, { redirect_uris: [REDIRECT_URI] })).status).toBe(201);
  });

  it('forgets an unused registration after registration_ttl', async () => {
    const h = as();
    const clientId = await registerClient(h);
    h.clock.advance(3_600_000 + 1_000);
    const outcome = await authorize(h, {
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      resource: MCP_RESOURCE,
    });
    expect(outcome.location).toBeUndefined();
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain('invalid_client');
  });

  it('keeps a registration that is used: a token request extends it', async () => {
    const h = as();
    const clientId = await registerClient(h);
    h.clock.advance(50 * 60_000);
    expect((await redeem(h, clientId, await obtainCode(h, { clientId }))).status).toBe(200);
    h.clock.advance(20 * 60_000); // 70 min after registration, 20 after use
    expect((await obtainCode(h, { clientId })).code).toBeTruthy();
  });

  it('is off when the config says so: no registration_endpoint, and /oauth/register is not found', async () => {
    const h = as();
    const before = await h.as.metadata();
    expect(before['registration_endpoint']).toBe(`${h.issuer}/oauth/register`);
    const text = `authenticate_service_url: ${h.issuer}\ndata_dir: /tmp\noauth:\n  dynamic_client_registration: false\n`;
    h.setConfig(configFromText(text, '/tmp/gatehouse.yaml'));
    expect((await h.as.metadata())['registration_endpoint']).toBeUndefined();
    const r = await register(h, { redirect_uris: [REDIRECT_URI] });
    expect(r.status).toBe(404);
  });
});
