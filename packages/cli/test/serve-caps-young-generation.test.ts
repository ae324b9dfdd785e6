import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runProcess } from '@gatehouse/testing';
import { SEMI_SPACE_CAP_MB, START_UP_CAP_MB } from '../src/young-generation.ts';

const PROBE = fileURLToPath(new URL('./support/young-generation-probe.ts', import.meta.url));
const BURST_HOOK = fileURLToPath(
  new URL('./support/young-generation-burst-hook.ts', import.meta.url),
);
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const MB = 1024 * 1024;
// V8 reports a semi-space of N MB as a little more (its pages' headers); the next size after a
// doubling is twice that. Between the two tells "stopped at N" from "grew once more".
const stoppedAt = (bytes: number, mb: number) => bytes >= mb * MB * 0.9 && bytes < mb * MB * 1.5;
// What the cap promises: the semi-space reaches the cap and stays there, or one doubling past it
// when a full collection ends with the new space run past its capacity (V8 does that while it
// marks, under load: young-generation.ts). Never the 64 MB Node 24 grows to without the cap.
const heldByCap = (bytes: number) =>
  bytes >= SEMI_SPACE_CAP_MB * MB * 0.9 && bytes < 2 * SEMI_SPACE_CAP_MB * MB * 1.5;

interface ProbeResult {
  readonly capped: boolean;
  readonly largest: number;
  readonly afterStartUp?: number;
  readonly afterRaise?: number;
}

async function probe(
  nodeArgs: readonly string[],
  mode: 'cap' | 'none' | 'start-up',
): Promise<ProbeResult> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [...nodeArgs, PROBE, mode]);
  if (code !== 0) throw new Error(`probe exited ${String(code)}: ${stderr}`);
  return JSON.parse(stdout) as ProbeResult;
}

// Issue 18: 10,000 idle SSE streams in 300 MB. Node 24 grows each young-generation semi-space to
// 64 MB under a burst of connections and keeps it; `gatehouse serve` caps it at 16 MB.
it('the young generation stays at the cap under a burst of surviving allocations, and grows past it without the cap', async () => {
  const [uncapped, capped] = await Promise.all([probe([], 'none'), probe([], 'cap')]);
  // Without the cap the same allocations grow V8's semi-space past 16 MB: the probe can fail.
  expect(uncapped.capped).toBe(false);
  expect(uncapped.largest).toBeGreaterThanOrEqual(2 * SEMI_SPACE_CAP_MB * MB * 1.5);
  expect(capped.capped).toBe(true);
  expect(capped.largest, `largest semi-space ${String(capped.largest)} bytes`).toSatisfy(heldByCap);
}, 120_000);

// ADR 0019: start-up allocations would grow the semi-space to the full cap, pages an idle
// gateway then keeps; `serve` caps it lower until it listens, then raises the cap.
it('the start-up cap holds a burst at its lower size, and the raised cap lets the next one grow to the full cap', async () => {
  const result = await probe([], 'start-up');
  expect(result.capped).toBe(true);
  // At most one doubling past it (capYoungGeneration: two collections in one task).
  expect(
    result.afterStartUp,
    `after start-up ${String(result.afterStartUp)} bytes`,
  ).toBeLessThanOrEqual(2 * START_UP_CAP_MB * MB);
  expect(result.afterRaise, `after the raise ${String(result.afterRaise)} bytes`).toSatisfy(
    heldByCap,
  );
}, 120_000);

it('an operator’s own young-generation flag turns the cap off', async () => {
  const own = await probe(['--max-semi-space-size=32'], 'cap');
  expect(own.capped).toBe(false);
  expect(own.largest, `largest semi-space ${String(own.largest)} bytes`).toSatisfy(
    (bytes: number) => stoppedAt(bytes, 32),
  );
}, 120_000);

it('gatehouse serve, started plainly, caps its young generation under a burst', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-young-gen-'));
  try {
    const config = join(dir, 'gatehouse.yaml');
    await writeFile(config, `listen: 127.0.0.1:0\ndata_dir: ${dir}\nssh: { enabled: false }\n`);
    const child = spawn(
      process.execPath,
      ['--import', BURST_HOOK, MAIN, 'serve', '--config', config, '--log-level', 'warn'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const burst = new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (stderr.includes('Gatehouse is up') && !child.killed) child.kill('SIGUSR2');
        const line = /young-generation-burst: (\{.*\})/.exec(stderr)?.[1];
        if (line !== undefined) resolve((JSON.parse(line) as { largest: number }).largest);
      });
      child.once('close', (code) =>
        reject(new Error(`serve exited with ${String(code)}: ${stderr}`)),
      );
    });
    burst.catch(() => undefined);
    try {
      const largest = await burst;
      expect(largest, `largest semi-space ${String(largest)} bytes`).toSatisfy(heldByCap);
    } finally {
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGTERM');
      await closed;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
