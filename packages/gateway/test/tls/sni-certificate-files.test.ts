import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromText, startGateway, type RunningGateway } from '../../src/index.ts';
import { freePort, selfSignedCertificate, type TestPem, handshake } from '@gatehouse/testing';
import { recordingLogger } from '@gatehouse/testing/gateway';

describe('SNI: a certificate per host from tls.cert_file and tls.certificates', () => {
  let dir: string;
  let gateway: RunningGateway;
  let port: number;
  const certs: Record<string, TestPem> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-sni-'));
    certs['default'] = selfSignedCertificate(['localhost']);
    certs['hosts'] = selfSignedCertificate(['auth.example.test', 'app.example.test']);
    certs['wild'] = selfSignedCertificate(['*.tunnels.example.test']);
    for (const [name, pem] of Object.entries(certs)) {
      await writeFile(join(dir, `${name}.pem`), pem.cert);
      await writeFile(join(dir, `${name}.key`), pem.key, { mode: 0o600 });
    }
    port = await freePort();
    gateway = await startGateway({
      config: configFromText(
        `listen: 127.0.0.1:${port}
authenticate_service_url: https://auth.example.test:${port}
data_dir: ${dir}/data
tls:
  cert_file: default.pem
  key_file: default.key
  certificates:
    - { cert_file: hosts.pem, key_file: hosts.key }
    - { cert_file: wild.pem, key_file: wild.key }
`,
        join(dir, 'gatehouse.yaml'),
      ),
      logger: recordingLogger(),
    });
  });
  afterAll(async () => {
    await gateway.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives each SNI name the certificate that names it, verified against that certificate', async () => {
    const auth = await handshake(port, 'auth.example.test', certs['hosts']?.cert);
    expect(auth.authorized).toBe(true);
    expect(auth.subjectAltName).toContain('DNS:auth.example.test');
    const app = await handshake(port, 'app.example.test', certs['hosts']?.cert);
    expect(app.authorized).toBe(true);
  });

  it('covers one label under a wildcard file, not two', async () => {
    const tunnel = await handshake(
      port,
      'mcp--brave-otter-123.tunnels.example.test',
      certs['wild']?.cert,
    );
    expect(tunnel.authorized).toBe(true);
    expect(tunnel.subjectAltName).toBe('DNS:*.tunnels.example.test');
    const deeper = await handshake(port, 'mcp.brave-otter-123.tunnels.example.test');
    expect(deeper.subjectAltName).toBe('DNS:localhost');
  });

  it('gives clients without SNI, and names no file covers, the first certificate (as before SNI)', async () => {
    expect((await handshake(port, undefined)).subjectAltName).toBe('DNS:localhost');
    expect((await handshake(port, 'other.example.test')).subjectAltName).toBe('DNS:localhost');
  });
});

describe('tls config errors name the key', () => {
  const load = (yaml: string) => () => configFromText(yaml, '/tmp/gatehouse.yaml');

  it('refuses cert_file without key_file', () => {
    expect(load('tls: { cert_file: a.pem }')).toThrow(
      /tls\.key_file: required with tls\.cert_file/,
    );
  });

  it('refuses http_listen without tls', () => {
    expect(load('http_listen: 127.0.0.1:8080')).toThrow(/http_listen: needs tls/);
  });

  it('refuses a wildcard without dns_hook, and a tunnel_url a wildcard cannot cover', () => {
    const wildcard = load(`tls: { acme: { email: ops@example.com, tunnels: wildcard } }`);
    expect(wildcard).toThrow(/tls\.acme\.dns_hook: required when tls\.acme\.tunnels is wildcard/);
    expect(wildcard).toThrow(/tls\.acme\.tunnels: wildcard needs tunnel_url/);
  });

  it('warns when ACME is on but the authenticate service is plain http', () => {
    const config = configFromText(
      'tls: { acme: { email: ops@example.com } }',
      '/tmp/gatehouse.yaml',
    );
    expect(config.warnings).toContain(
      'tls.acme is set but authenticate_service_url is http://localhost:8787: ACME only covers https:// hosts',
    );
  });

  it('refuses an ACME contact that is not an e-mail address', () => {
    expect(load('tls: { acme: { email: ops } }')).toThrow(/tls\.acme\.email/);
  });
});
