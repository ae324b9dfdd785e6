import { describe, expect, it } from 'vitest';
import { register } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('D1: registration without redirect_uris', () => {
  it('is refused (RFC 7591 §3.2.2 invalid_redirect_uri / invalid_client_metadata)', async () => {
    const r = await register(as(), { client_name: 'x' });
    expect(r.status).toBe(400);
    expect(r.json['error']).toMatch(/^invalid_(client_metadata|redirect_uri)$/);
    expect(r.json['client_id']).toBeUndefined();
  });
});

describe('D2: unsupported grant and response types', () => {
  it.each([
    [{ grant_types: ['implicit'], response_types: ['token'] }],
    [{ grant_types: ['password'] }],
    [{ grant_types: ['client_credentials'] }],
    [{ response_types: ['code id_token'] }],
  ])('refuses %j before storing anything', async (metadata) => {
    const r = await register(as(), { redirect_uris: ['https://app.example/cb'], ...metadata });
    expect(r.status).toBe(400);
    expect(r.json['error']).toMatch(/^invalid_(client_metadata|redirect_uri)$/);
    expect(r.json['client_id']).toBeUndefined();
  });

  it('completes an inconsistent pair instead of storing it (code needs authorization_code)', async () => {
    const r = await register(as(), {
      redirect_uris: ['https://app.example/cb'],
      response_types: ['code'],
      grant_types: ['refresh_token'],
    });
    expect(r.status).toBe(201);
    expect(r.json['grant_types']).toEqual(['refresh_token', 'authorization_code']);
  });

  it('defaults a registration without a method to a public client (no secret handed out)', async () => {
    const r = await register(as(), { redirect_uris: ['https://app.example/cb'] });
    expect(r.status).toBe(201);
    expect(r.json['token_endpoint_auth_method']).toBe('none');
    expect(r.json['client_secret']).toBeUndefined();
    expect(r.json['grant_types']).toEqual(['authorization_code', 'refresh_token']);
  });
});
