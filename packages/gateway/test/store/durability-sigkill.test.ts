import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();
const fixture = fileURLToPath(new URL('./fixtures/write-loop.ts', import.meta.url));

describe('sqlite store durability', () => {
  it('keeps every write a SIGKILLed process reported as committed, with an intact file', async () => {
    const file = path.join(await tempDir(), 'g.db');
    const child = spawn(process.execPath, [fixture, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Never leave a writer running if the test fails before the kill below.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    let err = '';
    let lines = 0;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      lines += chunk.split('\n').length - 1;
      // Killed while the loop is busy writing: some transaction is likely in flight.
      if (lines >= 2000) child.kill('SIGKILL');
    });
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal, err }).toEqual({ code: null, signal: 'SIGKILL', err: '' });

    // Only complete lines were reported; a partial last line may be a write that was cut off.
    const committed = out.split('\n').slice(0, -1);
    expect(committed.length).toBeGreaterThanOrEqual(2000);

    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    raw.close();

    const store = await openSqliteStore(file);
    const missing: string[] = [];
    for (const line of committed) {
      const i = Number(line.slice(1));
      const found = line.startsWith('a')
        ? (await store.accounts.findByEmail(`u${i}@example.com`))?.groups[0] === `g${i}`
        : (await store.records.get('durability', line, 0)) !== undefined;
      if (!found) missing.push(line);
    }
    expect(missing).toEqual([]);
    await store.close();
  }, 60_000);
});
