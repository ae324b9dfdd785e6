import path from 'node:path';
import { spawnServer, type SpawnedServer } from '../lib/child-server.ts';
import { openFilesLimit } from './proc-status.ts';

const CLIENT = path.join(import.meta.dirname, 'sse-client-process.ts');
/** Streams per client process, at most; fewer when the open-files limit is lower. */
export const STREAMS_PER_PROCESS = 2_500;
/** Descriptors a client process keeps for itself (stdio, the event loop, Node's own files). */
const CLIENT_FD_RESERVE = 64;

export interface SseStreamsOptions {
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly total: number;
  readonly cookie?: string;
  /** Give up when not all streams are open by then. */
  readonly timeoutMs: number;
}

export interface OpenStreams {
  readonly open: number;
  readonly processes: number;
  /** Milliseconds from the first spawn until every stream had its first bytes. */
  readonly openedInMs: number;
  /** Throws when any stream was lost since they all opened. */
  assertStillOpen(): void;
  close(): Promise<void>;
}

interface Progress {
  open: number;
  failed: number;
  error?: string;
}

function parseProgress(line: string): Progress | undefined {
  try {
    const value = JSON.parse(line) as Partial<Progress>;
    if (typeof value.open !== 'number' || typeof value.failed !== 'number') return undefined;
    return {
      open: value.open,
      failed: value.failed,
      ...(typeof value.error === 'string' ? { error: value.error } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Opens `total` idle SSE streams from client processes of at most STREAMS_PER_PROCESS each
 * (fewer, in more processes, when the open-files limit is lower);
 * resolves when every stream has received its first bytes. Any failed stream throws.
 */
export async function openSseStreams(options: SseStreamsOptions): Promise<OpenStreams> {
  // Node raises its soft open-files limit to the hard one at start; children get the same.
  const perProcess = Math.min(
    STREAMS_PER_PROCESS,
    (await openFilesLimit('self')) - CLIENT_FD_RESERVE,
  );
  const counts: number[] = [];
  for (let left = options.total; left > 0; left -= perProcess) {
    counts.push(Math.min(perProcess, left));
  }
  const started = performance.now();
  const progress = counts.map((): Progress => ({ open: 0, failed: 0 }));
  const clients: SpawnedServer[] = counts.map((count, i) =>
    spawnServer(
      {
        name: `sse clients ${i + 1}`,
        args: [CLIENT, String(options.port), options.host, options.path, String(count)],
        cwd: import.meta.dirname,
        env: options.cookie === undefined ? {} : { SSE_COOKIE: options.cookie },
      },
      (line) => {
        const p = parseProgress(line);
        if (p !== undefined) progress[i] = p;
      },
    ),
  );
  const close = async () => {
    await Promise.all(clients.map((c) => c.stop()));
  };
  const sum = (key: 'open' | 'failed') => progress.reduce((n, p) => n + p[key], 0);
  const failure = (): string | undefined => {
    const bad = progress.find((p) => p.failed > 0);
    if (bad !== undefined) return `${sum('failed')} stream(s) failed, first: ${bad.error ?? '?'}`;
    const exited = clients.find((c) => c.child.exitCode !== null);
    return exited === undefined ? undefined : `a client process exited:\n${exited.output()}`;
  };
  try {
    for (;;) {
      const problem = failure();
      if (problem !== undefined) throw new Error(problem);
      if (sum('open') === options.total) break;
      if (performance.now() - started > options.timeoutMs) {
        throw new Error(
          `only ${sum('open')} of ${options.total} streams open after ${options.timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    open: sum('open'),
    processes: clients.length,
    openedInMs: performance.now() - started,
    assertStillOpen() {
      const problem = failure();
      if (problem !== undefined || sum('open') !== options.total) {
        throw new Error(`streams were lost while idle: ${problem ?? `${sum('open')} open`}`);
      }
    },
    close,
  };
}
