import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '@gatehouse/gateway';
import { run } from '../src/run.ts';
import type { CliIo } from '../src/io.ts';

function io(cwd: string): CliIo & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readStdin: () => Promise.resolve(''),
    cwd,
    text: () => out,
    errors: () => err,
  };
}
const signals = { onStop: () => undefined };

describe('gatehouse init', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-init-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a public config that serve loads: auth host, tunnel_url, ACME, SSH port, data dir', async () => {
    const cli = io(dir);
    const code = await run(
      ['init', '--domain', 'Example.com', '--email', 'ops@example.com', '--ssh-port', '2222'],
      cli,
      signals,
    );
    expect(cli.errors()).toBe('');
    expect(code).toBe(0);
    const config = await loadConfigFile(join(dir, 'gatehouse.yaml'));
    expect(config.authenticateServiceUrl).toBe('https://auth.example.com');
    expect(config.tunnelUrl).toBe('https://{route}--{namespace}.example.com');
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 443 });
    expect(config.httpListen).toEqual({ host: '0.0.0.0', port: 80 });
    expect(config.ssh.listen).toEqual({ host: '0.0.0.0', port: 2222 });
    expect(config.dataDir).toBe(join(dir, 'data'));
    expect(config.tls?.acme).toMatchObject({
      email: 'ops@example.com',
      directoryUrl: 'https://acme-v02.api.letsencrypt.org/directory',
      tunnels: 'on_demand',
    });
    // The DNS records to create and the commands that follow.
    expect(cli.text()).toMatch(/example\.com\. +A +<this server's IP>/);
    expect(cli.text()).toMatch(/\*\.example\.com\. +A +<this server's IP>/);
    expect(cli.text()).toContain('gatehouse serve --config gatehouse.yaml');
    expect(cli.text()).toContain('ssh -R 0 -p 2222 example.com');
    expect(cli.text()).toContain('gatehouse doctor https://auth.example.com');
  });

  it('prints `ssh -R 0 example.com` with --ssh-port 22', async () => {
    const cli = io(dir);
    await run(
      ['init', '--domain', 'example.com', '--email', 'ops@example.com', '--ssh-port', '22'],
      cli,
      signals,
    );
    expect(cli.text()).toContain('ssh -R 0 example.com\n');
  });

  it('refuses to overwrite an existing file and leaves it as it was', async () => {
    await writeFile(join(dir, 'gatehouse.yaml'), 'listen: 127.0.0.1:1234\n');
    const cli = io(dir);
    const code = await run(
      ['init', '--domain', 'example.com', '--email', 'ops@example.com'],
      cli,
      signals,
    );
    expect(code).toBe(1);
    expect(cli.errors()).toMatch(
      /gatehouse\.yaml already exists; init never overwrites a config .*\[ERR_CLI_INIT_EXISTS\]/,
    );
    expect(await readFile(join(dir, 'gatehouse.yaml'), 'utf8')).toBe('listen: 127.0.0.1:1234\n');
  });

  it('refuses a bad domain or e-mail address, naming the option, and writes nothing', async () => {
    const cli = io(dir);
    expect(
      await run(['init', '--domain', 'localhost', '--email', 'ops@example.com'], cli, signals),
    ).toBe(64);
    expect(await run(['init', '--domain', 'example.com', '--email', 'ops'], cli, signals)).toBe(64);
    expect(cli.errors()).toContain('--domain needs a DNS name');
    expect(cli.errors()).toContain('--email needs an address');
    await expect(stat(join(dir, 'gatehouse.yaml'))).rejects.toThrow(/ENOENT/);
  });
});
