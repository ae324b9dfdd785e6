import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configFromText } from '../../src/index.ts';

describe('the example config in the README', () => {
  it('loads, with the routes and policies it documents', async () => {
    const path = fileURLToPath(new URL('../../examples/gatehouse.yaml', import.meta.url));
    const config = configFromText(await readFile(path, 'utf8'), path);
    expect(config.routes.map((r) => r.id)).toEqual(['mcp', 'wiki', 'status']);
    expect(config.routesByHost.get('wiki.localhost:8787')?.timeoutMs).toBe(30_000);
    expect(config.adminListen).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(config.routesByHost.get('mcp.localhost:8787')?.mcpResource).toBe(
      'http://mcp.localhost:8787/mcp',
    );
    expect(config.oauth.accessTokenTtlMs).toBe(600_000);
  });
});
