import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchedLogDestination } from '../src/log-destination.ts';

const WRITER = fileURLToPath(new URL('./support/log-lines-writer.ts', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A log file of its own, appended to like a redirected stdout. */
function logFile(flags = 'a'): { readonly fd: number; read(): string[]; close(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-log-'));
  dirs.push(dir);
  const file = path.join(dir, 'out.log');
  closeSync(openSync(file, 'a'));
  const fd = openSync(file, flags);
  return {
    fd,
    read: () => readFileSync(file, 'utf8').split('\n').slice(0, -1),
    close: () => closeSync(fd),
  };
}

const line = (i: number): string => `${JSON.stringify({ n: i, msg: 'décision ✓' })}\n`;

describe('batched log lines', () => {
  it('writes every line once, in order, in batches', () => {
    const file = logFile();
    const destination = new BatchedLogDestination(file.fd);
    // ~40 bytes a line: several 16 KiB batches go out while lines keep coming.
    for (let i = 0; i < 3_000; i += 1) destination.write(line(i));
    const written = file.read().length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(3_000);
    destination.flush();
    file.close();
    const lines = file.read();
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).toEqual(
      Array.from({ length: 3_000 }, (_, i) => i),
    );
    expect((JSON.parse(lines[0] ?? '{}') as { msg: string }).msg).toBe('décision ✓');
  });

  it('writes a few waiting lines on flush(), without reaching a full batch', () => {
    const file = logFile();
    const destination = new BatchedLogDestination(file.fd);
    destination.write(line(1));
    destination.write(line(2));
    expect(file.read()).toEqual([]);
    destination.flushSync();
    expect(file.read().length).toBe(2);
    destination.write(line(3));
    destination.flush();
    file.close();
    expect(file.read().map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([1, 2, 3]);
  });

  it('drops what it cannot write instead of throwing, and keeps accepting lines', () => {
    // Opened read-only: every write fails (EBADF), as writes to a reader that went away do.
    const file = logFile('r');
    const destination = new BatchedLogDestination(file.fd);
    for (let i = 0; i < 1_000; i += 1) destination.write(line(i));
    expect(() => destination.flushSync()).not.toThrow();
    expect(destination.write(line(1_000))).toBe(true);
    expect(() => destination.flushSync()).not.toThrow();
    file.close();
    expect(file.read()).toEqual([]);
  });

  it('two processes sharing one stdout pipe (--workers) never tear each other’s lines', async () => {
    const node = JSON.stringify(process.execPath);
    const writer = JSON.stringify(WRITER);
    const script = `${node} ${writer} A 6000 & ${node} ${writer} B 6000 & wait`;
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const chunks: Buffer[] = [];
    // A slow reader, as a busy log collector is: the writers find the pipe full and wait on it,
    // which is when writes of more than a pipe's atomic size interleave.
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 1);
    });
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code, stderr).toBe(0);
    const lines = Buffer.concat(chunks).toString('utf8').split('\n').slice(0, -1);
    const torn = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(torn.length, `torn lines, e.g. ${torn[0]?.slice(0, 120) ?? ''}`).toBe(0);
    const parsed = lines.map((l) => JSON.parse(l) as { tag: string; n: number });
    for (const tag of ['A', 'B']) {
      expect(parsed.filter((p) => p.tag === tag).map((p) => p.n)).toEqual(
        Array.from({ length: 6000 }, (_, i) => i),
      );
    }
  }, 60_000);
});
