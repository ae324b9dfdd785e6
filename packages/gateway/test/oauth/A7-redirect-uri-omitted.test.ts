import { describe, expect, it } from 'vitest';
import { pkce } from './support/harness.ts';
import { authorize, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('A7: redirect_uri omitted by a client with several', () => {
  it('is invalid_request, answered locally', async () => {
    const h = as();
    const clientId = await registerClient(h, {
      redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'],
    });
    const outcome = await authorize(h, {
      client_id: clientId,
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    });
    expect(outcome.location).toBeUndefined();
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain('invalid_request');
  });
});
