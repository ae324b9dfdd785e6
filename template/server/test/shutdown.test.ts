import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The real entry point as a process: signals, logging and exit codes.
const templateDir = path.resolve(import.meta.dirname, '..', '..');
const entry = path.join(templateDir, 'server', 'src', 'index.ts');

function start(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [entry], {
    cwd: templateDir,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Server started')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${String(code)}:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, started, exited, output: () => out };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([
    promise,
    new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref()),
  ]);
}

describe('shutdown', () => {
  it('stops cleanly on SIGTERM and says so', async () => {
    const server = start();
    await server.started;
    server.child.kill('SIGTERM');
    expect(await within(server.exited, 10_000)).toBe(0);
    expect(server.output()).toContain('"msg":"Stopped"');
  });

  it('stops on SIGTERM even when its stdout pipe is gone (EPIPE)', async () => {
    const server = start();
    await server.started;
    // The log reader dies (a crashed log shipper, `| head`): every later log line hits EPIPE.
    server.child.stdout.destroy();
    server.child.kill('SIGTERM');
    const code = await within(server.exited, 10_000);
    if (code === 'timeout') server.child.kill('SIGKILL');
    expect(code).toBe(0);
  });

  it('refuses to start with a bad variable and names it', async () => {
    const server = start({ PORT: 'eighty' });
    const stderr: string[] = [];
    server.child.stderr.on('data', (c: Buffer) => stderr.push(c.toString()));
    await expect(server.started).rejects.toThrow(/exited 1/);
    expect(stderr.join('')).toContain(
      'PORT: must be a whole number between 0 and 65535 (got "eighty")',
    );
  });
});
