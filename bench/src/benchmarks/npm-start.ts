import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { max, median } from '../lib/stats.ts';
import { freeStartPorts, startNpmStart, type RunningStart } from '../startup/npm-start.ts';
import { timeTemplateDev } from '../startup/template-dev.ts';

interface StartSample {
  readonly wallMs: number;
  readonly printedMs: number;
  readonly stopMs: number;
  readonly firstRunLink: boolean;
}

/** One `npm start` on `dataDir` with fresh ports, up to its Ready line, then Ctrl-C (SIGINT). */
async function timeStart(dataDir: string): Promise<StartSample> {
  const running: RunningStart = await startNpmStart(dataDir, await freeStartPorts());
  const stopMs = await running.group.stop('SIGINT');
  // `gatehouse start` ends with the line "Stopping… Stopped." (commands/start.ts).
  if (!/^Stopping… Stopped\.$/m.test(running.group.output()))
    throw new Error(`npm start exited on SIGINT without "Stopped.":\n${running.group.output()}`);
  return { ...running, stopMs };
}

function rows(fresh: StartSample[], warm: StartSample[], template: number[]): Row[] {
  const wall = (s: StartSample[]) => s.map((x) => x.wallMs);
  const printed = (s: StartSample[]) => s.map((x) => x.printedMs);
  const n = template.length;
  return [
    {
      metric: `spawn → Ready, fresh data dir, median of ${n}`,
      unit: 'ms',
      value: median(wall(fresh)),
      baseline: median(template),
    },
    {
      metric: `spawn → Ready, fresh data dir, max of ${n}`,
      unit: 'ms',
      value: max(wall(fresh)),
      baseline: max(template),
    },
    {
      metric: `spawn → Ready, second start (keys exist), median`,
      unit: 'ms',
      value: median(wall(warm)),
      baseline: median(template),
    },
    {
      metric: `spawn → Ready, second start (keys exist), max`,
      unit: 'ms',
      value: max(wall(warm)),
      baseline: max(template),
    },
    {
      metric: 'printed `Ready in`, fresh data dir, median',
      unit: 'ms',
      value: median(printed(fresh)),
    },
    {
      metric: 'printed `Ready in`, second start, median',
      unit: 'ms',
      value: median(printed(warm)),
    },
  ];
}

function notes(fresh: StartSample[], warm: StartSample[], template: number[]): string[] {
  const list = (ms: readonly number[]) => ms.map((t) => t.toFixed(0)).join(', ');
  const links = (s: StartSample[]) => s.filter((x) => x.firstRunLink).length;
  return [
    'Method: spawn `node scripts/start.js` (what `npm start` runs, without npm’s own start-up ' +
      'in front) from the repository root with a new temporary `--data-dir` and a free port for ' +
      'every port flag, and time until it prints `Ready in X.X s.` on stdout. It is then stopped ' +
      'with SIGINT to its process group (Ctrl-C) and must print `Stopped.`, exit and leave none ' +
      'of the processes it started running before the next start. Each run is a fresh data dir ' +
      '(first start: host key, signing keys and database are created) followed by a second ' +
      'start on the same dir (warm: keys exist), then one baseline start.',
    'Baseline: the template alone as the seed started it, `npm run dev` in `template/` ' +
      '(`concurrently`, `node --watch` MCP server, vite widget dev server) with free PORT and ' +
      'WIDGET_PORT, from spawn until `GET /health` answers 200 and the widget dev server answers ' +
      '(polled every 10 ms; stopped the same way). `npm start` starts that same pair (its ' +
      '`dev:server` and `dev:widgets` scripts) plus the Gatehouse server and the dev host, and ' +
      'polls the template every 100 ms. Lower is better: a ratio of 1.2× means 20 % slower.',
    'The printed figure is measured by the process itself from the start of `gatehouse start` ' +
      '(after Node has started and loaded the CLI), so it is smaller than spawn → Ready.',
    `One unmeasured start of each first (warms the OS file cache and vite’s dependency cache). ` +
      'The dev host’s web app was already built (`npm run build`); on a fresh clone the first ' +
      '`npm start` builds it once, which is not measured here. Issue 8 gives no goal number: ' +
      'reported, no goal.',
    `Runs (ms): fresh ${list(fresh.map((s) => s.wallMs))}; second ${list(warm.map((s) => s.wallMs))}; ` +
      `template alone ${list(template)}. Ctrl-C → exit: median ` +
      `${median([...fresh, ...warm].map((s) => s.stopMs)).toFixed(0)} ms. First-run admin link ` +
      `shown: ${links(fresh)}/${fresh.length} fresh, ${links(warm)}/${warm.length} second starts.`,
  ];
}

export const npmStart: Benchmark = {
  id: 'npm-start',
  title: 'npm start → Ready (Gatehouse server, template in dev mode, dev host)',
  async run(context: BenchContext) {
    const root = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-npm-start-'));
    try {
      const dir = (i: number) => path.join(root, `data-${i}`);
      await timeStart(dir(0));
      await timeTemplateDev();
      const fresh: StartSample[] = [];
      const warm: StartSample[] = [];
      const template: number[] = [];
      for (let i = 1; i <= context.coldStartRuns; i++) {
        fresh.push(await timeStart(dir(i)));
        warm.push(await timeStart(dir(i)));
        template.push(await timeTemplateDev());
        context.log(
          `  run ${i}: fresh ${fresh.at(-1)?.wallMs.toFixed(0)} ms, second ` +
            `${warm.at(-1)?.wallMs.toFixed(0)} ms, template alone ${template.at(-1)?.toFixed(0)} ms`,
        );
      }
      return {
        baselineLabel: 'template `npm run dev`',
        rows: rows(fresh, warm, template),
        notes: notes(fresh, warm, template),
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
