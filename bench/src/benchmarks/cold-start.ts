import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { spawnServer, type ServerCommand } from '../lib/child-server.ts';
import { freePort } from '../lib/free-port.ts';
import { max, median } from '../lib/stats.ts';
import { waitForHttp200 } from '../lib/wait-for-http.ts';

const POLL_INTERVAL_MS = 2;
const START_TIMEOUT_MS = 30_000;

/** Milliseconds from spawn() to the first 200 from GET /health. */
async function timeToHealthy(command: (port: number) => ServerCommand): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const server = spawnServer(command(port));
  try {
    const healthy = await waitForHttp200(`http://127.0.0.1:${port}/health`, {
      intervalMs: POLL_INTERVAL_MS,
      timeoutMs: START_TIMEOUT_MS,
      child: server.child,
    });
    return healthy - started;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${command(port).name}: ${message}\n${server.output()}`, { cause: error });
  } finally {
    await server.stop();
  }
}

export const coldStart: Benchmark = {
  id: 'cold-start',
  title: 'cold start to GET /health 200',
  async run(context: BenchContext) {
    // One unmeasured start each first, so every measured run finds the same (warm) file cache.
    await timeToHealthy(context.template);
    await timeToHealthy(context.bare);
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < context.coldStartRuns; i++) {
      ours.push(await timeToHealthy(context.template));
      bare.push(await timeToHealthy(context.bare));
    }
    context.log(
      `  template ${ours.map((ms) => ms.toFixed(0)).join(', ')} ms; bare ${bare.map((ms) => ms.toFixed(0)).join(', ')} ms`,
    );
    const rows: Row[] = [
      {
        metric: `median of ${context.coldStartRuns}`,
        unit: 'ms',
        value: median(ours),
        baseline: median(bare),
      },
      {
        metric: `max of ${context.coldStartRuns}`,
        unit: 'ms',
        value: max(ours),
        baseline: max(bare),
      },
    ];
    return {
      baselineLabel: 'bare node:http',
      rows,
      notes: [
        'Time from `spawn()` of a new `node` process to the first 200 answer of `GET /health`, polled ' +
          `on a fresh loopback connection every ${POLL_INTERVAL_MS} ms (a pre-chosen free port is ` +
          'passed as PORT). The process is stopped after each run.',
        `One unmeasured start of each server first (warms the OS file cache), then ${context.coldStartRuns} ` +
          'measured starts of each, alternating template and bare.',
        'The bare server’s TypeScript source is type-stripped to a `.mjs` file before the runs, so ' +
          'neither side pays for loading Node’s type stripper at start-up — unless the template itself ' +
          'imports `.ts` files (workspace packages that export their sources do).',
        'No goal is set for this metric yet; lower is better, so a ratio above 1× means the template ' +
          'starts slower.',
      ],
    };
  },
};
