import { describe, expect, it } from 'vitest';
import { MCP_RESOURCE, OTHER_RESOURCE } from './support/harness.ts';
import { obtainCode, redeem, refresh, registerClient, token } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

// Issue 13, defect 2: oidc-provider compares `resource` with the code only after consuming it.
async function freshCode() {
  const h = as();
  const clientId = await registerClient(h);
  const code = await obtainCode(h, { clientId, resource: MCP_RESOURCE });
  const form = {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: code.code,
    code_verifier: code.verifier,
    redirect_uri: 'https://app.example/cb',
  };
  return { h, clientId, code, form };
}

describe('a code exchanged with the resource of another configured MCP route', () => {
  it('is refused with invalid_target and the code still works for the right resource', async () => {
    const { h, clientId, form } = await freshCode();
    const wrong = await token(h, { ...form, resource: OTHER_RESOURCE });
    expect(wrong.status).toBe(400);
    expect(wrong.json['error']).toBe('invalid_target');
    expect(wrong.text).not.toContain(form.code);

    const right = await token(h, { ...form, resource: MCP_RESOURCE });
    expect(right.status, right.text).toBe(200);
    // The grant was not revoked as a replay: its refresh token rotates.
    const rotated = await refresh(h, clientId, right.json['refresh_token'] as string);
    expect(rotated.status, rotated.text).toBe(200);
  });

  it('is refused when several resources are named, and the code survives', async () => {
    const { h, form } = await freshCode();
    const both = await token(h, { ...form, resource: [MCP_RESOURCE, OTHER_RESOURCE] });
    expect(both.status).toBe(400);
    expect(both.json['error']).toBe('invalid_target');
    const retry = await token(h, form); // no resource: the one the code was issued for
    expect(retry.status, retry.text).toBe(200);
  });

  it('still revokes the grant when a used code comes back (a real replay), whatever resource it names', async () => {
    for (const resource of [MCP_RESOURCE, OTHER_RESOURCE]) {
      const { h, clientId, code, form } = await freshCode();
      const first = await redeem(h, clientId, code);
      expect(first.status, first.text).toBe(200);
      const replay = await token(h, { ...form, resource });
      expect(replay.status).toBe(400);
      expect(replay.json['error']).toBe('invalid_grant');
      const dead = await refresh(h, clientId, first.json['refresh_token'] as string);
      expect(dead.json['error'], `replay naming ${resource}`).toBe('invalid_grant');
    }
  });
});
