import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runProcess } from '@gatehouse/testing';
import { SEMI_SPACE_CAP_MB } from '../src/young-generation.ts';

const PROBE = fileURLToPath(new URL('./support/quiet-memory-probe.ts', import.meta.url));
const MB = 1024 * 1024;
/** How long the process without the release stays quiet: ten of the probe's 3 s windows. */
const CONTROL_QUIET_MS = 30_000;

interface ProbeResult {
  readonly grown: number;
  readonly afterQuiet: number;
  readonly savingWhenQuiet: boolean;
  readonly savingWhenBusy: boolean;
}

async function probe(mode: 'release' | 'none', waitMs: number): Promise<ProbeResult> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [
    PROBE,
    mode,
    String(waitMs),
  ]);
  if (code !== 0) throw new Error(`probe exited ${String(code)}: ${stderr}`);
  return JSON.parse(stdout) as ProbeResult;
}

// Issue 18 / ADR 0022: after a burst of connections V8 keeps the young generation's pages (16 MB
// per semi-space under the cap) however quiet the process gets; `gatehouse serve` turns on V8's
// memory saver mode once quiet, and its memory reducer gives them back.
it('a quiet process gives the young generation back, and saves memory only while quiet', async () => {
  const [released, control] = await Promise.all([
    // Waits for the release itself (the test's timeout bounds it).
    probe('release', 100_000),
    probe('none', CONTROL_QUIET_MS),
  ]);
  for (const result of [released, control]) {
    expect(
      result.grown,
      `the burst grew a semi-space to the cap: ${JSON.stringify(result)}`,
    ).toBeGreaterThanOrEqual(SEMI_SPACE_CAP_MB * MB * 0.9);
  }
  // Without the release V8 keeps the pages: the check below can fail.
  expect(control.afterQuiet, JSON.stringify(control)).toBeGreaterThan(MB);
  expect(released.savingWhenQuiet).toBe(true);
  expect(
    released.afterQuiet,
    `semi-space ${String(released.afterQuiet)} bytes`,
  ).toBeLessThanOrEqual(MB);
  // Requests again: V8's usual sizing, not the memory saver's.
  expect(released.savingWhenBusy).toBe(false);
}, 120_000);

it('an operator’s own memory-saver flag turns the release off', async () => {
  const { code, stdout, stderr } = await runProcess(process.execPath, [
    '--no-memory-saver-mode',
    PROBE,
    'release',
    '8000',
  ]);
  if (code !== 0) throw new Error(`probe exited ${String(code)}: ${stderr}`);
  const result = JSON.parse(stdout) as ProbeResult;
  expect(result.savingWhenQuiet).toBe(false);
  expect(result.afterQuiet, JSON.stringify(result)).toBeGreaterThan(MB);
}, 120_000);
