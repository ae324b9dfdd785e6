import { describe, expect, it } from 'vitest';
import { pkce } from './support/harness.ts';
import { authorize, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('A1: an unregistered redirect_uri', () => {
  it('gets a local 400 page, never a redirect, and no code', async () => {
    const h = as();
    const clientId = await registerClient(h);
    const outcome = await authorize(h, {
      client_id: clientId,
      redirect_uri: 'https://evil.example/cb',
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 's',
    });
    expect(outcome.location).toBeUndefined();
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain('redirect_uri');
    expect(outcome.body).not.toContain('evil.example/cb?code');
  });

  it('A2: an unknown client_id with an attacker redirect_uri gets a local page too', async () => {
    const outcome = await authorize(as(), {
      client_id: 'no-such-client',
      redirect_uri: 'https://evil.example/cb',
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    });
    expect(outcome.location).toBeUndefined();
    expect(outcome.status).toBe(400);
  });
});
