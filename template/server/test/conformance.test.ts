import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBin, run } from './support/process.ts';
import { startServer, type TestServer } from './support/server.ts';

// The official MCP conformance suite, run as its CLI against the real server. Only scenarios that
// do not depend on the reference fixture's tool names are meaningful for a product server.
const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'dns-rebinding-protection',
  'server-session-lifecycle',
  'server-sse-multiple-streams',
  'server-sse-polling',
  'server-stateless',
  'http-header-validation',
];

const here = import.meta.dirname;
const templateDir = path.resolve(here, '..', '..');
const cli = localBin(templateDir, 'conformance');

let server: TestServer;
let outDir: string;
beforeAll(async () => {
  server = await startServer();
  outDir = await mkdtemp(path.join(tmpdir(), 'conformance-'));
});
afterAll(async () => {
  await server.close();
  await rm(outDir, { recursive: true, force: true });
});

async function checksOf(dir: string): Promise<{ id: string; status: string }[]> {
  const checks: { id: string; status: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!entry.endsWith('checks.json')) continue;
    checks.push(
      ...(JSON.parse(await readFile(path.join(dir, entry), 'utf8')) as {
        id: string;
        status: string;
      }[]),
    );
  }
  return checks;
}

describe('@modelcontextprotocol/conformance server scenarios', () => {
  it.each(SCENARIOS)('%s passes', async (scenario) => {
    const dir = path.join(outDir, scenario);
    const result = await run(
      cli,
      [
        'server',
        '--url',
        server.mcpUrl,
        '--scenario',
        scenario,
        '--expected-failures',
        path.join(here, 'conformance-baseline.yml'),
        '-o',
        dir,
      ],
      { cwd: templateDir, timeoutMs: 90_000 },
    );
    const checks = await checksOf(dir);
    // A scenario that ran nothing must not count as a pass.
    expect(checks.filter((c) => c.status === 'SUCCESS').length, result.stdout).toBeGreaterThan(0);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});
