import { describe, expect, it } from 'vitest';
import { obtainCode, redeem, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('B7: a code is bound to its client and redirect_uri', () => {
  it('another client_id gets invalid_grant', async () => {
    const h = as();
    const clientId = await registerClient(h);
    const intruder = await registerClient(h);
    const code = await obtainCode(h, { clientId });
    const r = await redeem(h, intruder, code);
    expect(r.status).toBe(400);
    expect(r.json['error']).toBe('invalid_grant');
  });

  it('a different redirect_uri gets invalid_grant and leaves the code usable', async () => {
    const h = as();
    const clientId = await registerClient(h, {
      redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'],
    });
    const code = await obtainCode(h, { clientId });
    const wrong = await redeem(h, clientId, code, 'https://app.example/cb2');
    expect(wrong.status).toBe(400);
    expect(wrong.json['error']).toBe('invalid_grant');
    const right = await redeem(h, clientId, code);
    expect(right.status, right.text).toBe(200);
  });
});
