import { isGatehouseError } from '@gatehouse/core';
import { expect } from 'vitest';
import { ConfigError, parseConfigText, resolveConfig } from '../../src/config/index.ts';

/** A config using every section, as an operator would write it. */
export const FULL_EXAMPLE = `
listen: 0.0.0.0:8443
admin_listen: 127.0.0.1:9090
base_domain: Example.COM
authenticate_service_url: https://auth.example.com
data_dir: ./var/gatehouse
signing_key_file: keys/signing.pem
cookie_secret_file: /etc/gatehouse/cookie-secret
tls:
  cert_file: tls/cert.pem
  key_file: tls/key.pem
trusted_proxies: [10.0.0.0/8, "::1"]
session:
  lifetime: 7d
  idle_timeout: 12h
identity_providers:
  - type: builtin
  - type: oidc
    id: google
    name: Google
    issuer: https://accounts.google.com
    client_id: abc.apps.googleusercontent.com
    client_secret: super-secret-value
routes:
  - from: https://app.example.com
    to: http://127.0.0.1:3000
    allowed_domains: [example.com]
  - id: mcp
    from: https://MCP.example.com:443
    to: http://127.0.0.1:3001/
    timeout: 1m
    idle_timeout: 0
    max_request_bytes: 2048
    preserve_host_header: true
    policy:
      allow:
        and:
          - email: { is: ada@example.com }
    mcp:
      server: { audit_arguments: true }
  - from: http://docs.example.com:8080
    to: https://docs.internal
    allow_public_unauthenticated_access: true
`;

/** Parses and resolves; returns the ConfigError's message lines (fails when it is valid). */
export function errorLines(text: string, source = 'gatehouse.yaml'): string[] {
  try {
    resolveConfig(parseConfigText(text, source), { baseDir: '/srv', source });
  } catch (error) {
    expect(isGatehouseError(error, 'ERR_CONFIG_INVALID')).toBe(true);
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected the config to be rejected');
}
