import { describe, expect, it } from 'vitest';
import { refresh, registerClient, signedInClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('C7: a refresh token presented by another client', () => {
  it('is refused, and remains usable by its own client', async () => {
    const h = as();
    const { clientId, refreshToken } = await signedInClient(h);
    const thief = await registerClient(h);
    const stolen = await refresh(h, thief, refreshToken);
    expect(stolen.status).toBe(400);
    expect(stolen.json['error']).toBe('invalid_grant');
    expect((await refresh(h, clientId, refreshToken)).status).toBe(200);
  });
});
