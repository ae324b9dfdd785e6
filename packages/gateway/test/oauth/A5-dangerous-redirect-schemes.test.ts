import { describe, expect, it } from 'vitest';
import { pkce } from './support/harness.ts';
import { authorize, register, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

const DANGEROUS = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
];

describe('A5: script and local-file redirect URIs', () => {
  it.each(DANGEROUS)('are refused at registration: %j', async (uri) => {
    const r = await register(as(), { redirect_uris: [uri] });
    expect(r.status).toBe(400);
    expect(r.json['error']).toMatch(/^invalid_(redirect_uri|client_metadata)$/);
  });

  it.each(DANGEROUS)('are refused at authorize without a redirect: %j', async (uri) => {
    const h = as();
    const clientId = await registerClient(h);
    const outcome = await authorize(h, {
      client_id: clientId,
      redirect_uri: uri,
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    });
    expect(outcome.location).toBeUndefined();
    expect(outcome.status).toBe(400);
  });
});
