import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPLICABLE,
  listedServerScenarios,
  NOT_APPLICABLE,
  runScenario,
  type SpecVersion,
} from './support/conformance.ts';
import { startServer, type TestServer } from './support/server.ts';

// The official MCP conformance suite, run as its CLI against the real server, in both eras.
// support/conformance.ts lists the scenarios that apply and, for every other one, why not.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const MATRIX = (Object.entries(APPLICABLE) as [SpecVersion, readonly string[]][]).flatMap(
  ([version, scenarios]) => scenarios.map((scenario) => [scenario, version] as const),
);

describe('@modelcontextprotocol/conformance server scenarios', () => {
  it.each(MATRIX)('%s passes at %s', { timeout: 150_000 }, async (scenario, version) => {
    const result = await runScenario(server.mcpUrl, scenario, version);
    // A scenario that ran nothing must not count as a pass.
    const passed = result.checks.filter((c) => c.status === 'SUCCESS');
    expect(passed.length, result.stdout).toBeGreaterThan(0);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it('classifies every server scenario of the installed suite', async () => {
    const listed = await listedServerScenarios();
    expect(listed.length).toBeGreaterThan(20);
    const classified = new Set([
      ...Object.values(APPLICABLE).flat(),
      ...Object.keys(NOT_APPLICABLE),
    ]);
    expect(listed.filter((name) => !classified.has(name))).toEqual([]);
    // …and names nothing the suite no longer has.
    expect([...classified].filter((name) => !listed.includes(name))).toEqual([]);
  });
});
