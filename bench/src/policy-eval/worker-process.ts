import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../lib/child-server.ts';
import type { BatchResult } from './batch.ts';
import type { Engine } from './engines.ts';
import type { BatchRequest, WorkerMessage } from './messages.ts';

const WORKER = fileURLToPath(new URL('worker.ts', import.meta.url));
const KEPT_STDERR_CHARS = 4_000;

/** An engine running in its own worker process (worker.ts), one timed batch at a time. */
export interface EngineProcess {
  readonly engine: Engine;
  batch(seconds: number): Promise<BatchResult>;
  stop(): Promise<void>;
}

/** Forks the worker for `engine` and waits until it has compiled and verified the policy. */
export async function startEngineProcess(engine: Engine): Promise<EngineProcess> {
  // execArgv: [] so flags of the bench process (--cpu-prof, --inspect) do not reach the workers.
  const child = fork(WORKER, [engine.id], {
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-KEPT_STDERR_CHARS);
  });
  const next = () => nextMessage(child, `${engine.label} worker`, () => stderr);
  try {
    await next();
  } catch (error) {
    await stopChild(child, 0);
    throw error;
  }
  return {
    engine,
    async batch(seconds) {
      const request: BatchRequest = { type: 'batch', seconds };
      child.send(request);
      const reply = await next();
      if (reply.type !== 'batch') {
        throw new Error(
          `${engine.label} worker: ${reply.type === 'error' ? reply.message : 'unexpected reply'}`,
        );
      }
      return { evaluations: reply.evaluations, elapsedNs: reply.elapsedNs };
    },
    stop: () => stopChild(child),
  };
}

/** The worker's next message; rejects with its stderr when it exits first. */
function nextMessage(
  child: ChildProcess,
  name: string,
  stderr: () => string,
): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`${name} exited (${signal ?? String(code)})\n${stderr()}`));
    };
    const message = (m: unknown) => {
      cleanup();
      resolve(m as WorkerMessage);
    };
    const cleanup = () => {
      child.off('exit', exited);
      child.off('message', message);
    };
    if (child.exitCode !== null || child.signalCode !== null) {
      exited(child.exitCode, child.signalCode);
      return;
    }
    child.on('exit', exited);
    child.on('message', message);
  });
}
