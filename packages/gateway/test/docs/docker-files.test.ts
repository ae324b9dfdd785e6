import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import { REPO_ROOT } from './code-blocks.ts';

/*
 * Our CI has no Docker engine, so the image is never built here (docs/production.md says so).
 * What can be checked without one: the container's config is valid, and the Dockerfile and
 * compose.yaml agree with it and with the repository (command, paths, ports, health check).
 */

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const dockerfile = read('docker/Dockerfile');
const config = () => configFromText(read('docker/gatehouse.yaml'), '/etc/gatehouse/gatehouse.yaml');

interface ComposeService {
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
}
const compose = () =>
  (parse(read('docker/compose.yaml')) as { services: { gatehouse: ComposeService } }).services
    .gatehouse;

/** The JSON-array form of a Dockerfile instruction (`CMD ["a", "b"]`). */
function instruction(name: string): string[] {
  const line = dockerfile.split('\n').find((l) => l.startsWith(`${name} [`));
  if (line === undefined) throw new Error(`no ${name} [...] in docker/Dockerfile`);
  return JSON.parse(line.slice(name.length + 1)) as string[];
}

describe('docker/', () => {
  it('gatehouse.yaml is a valid config for a container', () => {
    const c = config();
    expect(c.listen.host).toBe('0.0.0.0');
    expect(c.ssh).toEqual({ enabled: true, listen: { host: '0.0.0.0', port: 2222 } });
    expect(c.dataDir).toBe('/var/lib/gatehouse');
  });

  it("the image's entry point is a file of the repository, run from the image's WORKDIR", () => {
    const [node, script] = instruction('ENTRYPOINT');
    expect(node).toBe('node');
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(existsSync(join(REPO_ROOT, script ?? '-'))).toBe(true);
    expect(script).toBe('packages/cli/bin/gatehouse.js');
  });

  it('serves the config that compose.yaml mounts, with data on the named volume', () => {
    const [command, flag, path] = instruction('CMD');
    expect([command, flag]).toEqual(['serve', '--config']);
    expect(compose().volumes).toContain(`./gatehouse.yaml:${path ?? '-'}:ro`);
    expect(compose().volumes).toContain(`gatehouse-data:${config().dataDir}`);
    expect(dockerfile).toContain(`VOLUME ["${config().dataDir}"]`);
  });

  it('exposes and publishes the ports the config listens on', () => {
    const c = config();
    const exposed = /^EXPOSE (.+)$/m.exec(dockerfile)?.[1]?.split(/\s+/).map(Number) ?? [];
    expect(exposed).toEqual([c.listen.port, c.ssh.listen.port]);
    const published = compose().ports.map((p) => Number(p.split(':').at(-1)));
    expect(published).toEqual([c.listen.port, c.ssh.listen.port]);
  });

  it('checks health on the admin listener of the config, inside the container', () => {
    const admin = config().adminListen;
    expect(admin?.host).toBe('127.0.0.1');
    expect(dockerfile).toContain(`http://127.0.0.1:${String(admin?.port)}/healthz`);
  });
});
