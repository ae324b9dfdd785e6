import { describe, expect, it } from 'vitest';
import { REFRESH_REUSE_WINDOW_MS } from '../../src/oauth/index.ts';
import { refresh, signedInClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('C3: refresh token rotation and replay', () => {
  it('allows one retry with RT1 while RT2 is unused (a lost response)', async () => {
    const h = as();
    const { clientId, refreshToken: rt1 } = await signedInClient(h);
    const first = await refresh(h, clientId, rt1);
    expect(first.status).toBe(200);
    const retry = await refresh(h, clientId, rt1);
    expect(retry.status, retry.text).toBe(200);
    const next = await refresh(h, clientId, retry.json['refresh_token'] as string);
    expect(next.status).toBe(200);
  });

  it('refuses RT1 once RT2 has been used, and revokes the family', async () => {
    const h = as();
    const { clientId, refreshToken: rt1 } = await signedInClient(h);
    const rt2 = (await refresh(h, clientId, rt1)).json['refresh_token'] as string;
    const rt3 = (await refresh(h, clientId, rt2)).json['refresh_token'] as string;
    const replay = await refresh(h, clientId, rt1);
    expect(replay.status).toBe(400);
    expect(replay.json['error']).toBe('invalid_grant');
    expect((await refresh(h, clientId, rt3)).json['error']).toBe('invalid_grant');
  });

  it('refuses RT1 after the reuse window, and revokes the family', async () => {
    const h = as();
    const { clientId, refreshToken: rt1 } = await signedInClient(h);
    const rt2 = (await refresh(h, clientId, rt1)).json['refresh_token'] as string;
    h.clock.advance(REFRESH_REUSE_WINDOW_MS + 2_000);
    const replay = await refresh(h, clientId, rt1);
    expect(replay.status).toBe(400);
    expect(replay.json['error']).toBe('invalid_grant');
    expect((await refresh(h, clientId, rt2)).json['error']).toBe('invalid_grant');
  });
});
