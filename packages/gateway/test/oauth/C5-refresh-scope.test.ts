import { describe, expect, it } from 'vitest';
import { refresh, signedInClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('C5: scope at refresh', () => {
  it('cannot expand beyond the grant (invalid_scope), and the token stays usable', async () => {
    const h = as();
    const { clientId, refreshToken } = await signedInClient(h);
    const wider = await refresh(h, clientId, refreshToken, { scope: 'mcp admin' });
    expect(wider.status).toBe(400);
    expect(wider.json['error']).toBe('invalid_scope');
    const same = await refresh(h, clientId, refreshToken, { scope: 'mcp' });
    expect(same.status, same.text).toBe(200);
    expect(same.json['scope']).toBe('mcp');
  });
});
