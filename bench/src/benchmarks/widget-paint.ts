import path from 'node:path';
import { createDevHost } from '@gatehouse/devhost';
import { launchBrowser } from '@gatehouse/testing/browser';
import type { Frame, Page } from 'playwright-core';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { startServers } from '../lib/child-server.ts';
import { max, median, percentile } from '../lib/stats.ts';

const RUNS = 20;
const WARMUP = 3;
const GOAL_MS = 300;

/** The newest widget view: the srcdoc frame inside the newest `#proxy` frame. */
async function viewFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 400; i++) {
    const proxy = await (await page.$('#proxy'))?.contentFrame();
    const view = proxy?.childFrames()[0];
    if (view !== undefined) return view;
    await page.waitForTimeout(5);
  }
  throw new Error('the widget view frame never appeared');
}

/** One call: ms from the host receiving the tool result to the widget painting it. */
async function oneRun(page: Page, message: string): Promise<number> {
  await page.getByLabel('message', { exact: true }).fill(message);
  await page.getByRole('button', { name: 'Call tool' }).click();
  const view = await viewFrame(page);
  // Resolved on the first animation frame in which the widget shows the new message.
  // Runs in the view. A function, not a string: the view's CSP forbids eval. Typed without DOM
  // types because this package is checked for Node.
  const paintedAt = await view.waitForFunction(
    (text: string) => {
      const { document } = globalThis as unknown as {
        document: { getElementById(id: string): { textContent: string | null } | null };
      };
      const shown = document.getElementById('echo-root')?.textContent?.includes(text) === true;
      return shown ? performance.timeOrigin + performance.now() : false;
    },
    message,
    { polling: 'raf', timeout: 10_000 },
  );
  const painted = (await paintedAt.jsonValue()) as number;
  const received = await page.evaluate(() => {
    const marks = performance.getEntriesByName('gatehouse:tool-result');
    const last = marks[marks.length - 1];
    return last === undefined ? undefined : performance.timeOrigin + last.startTime;
  });
  if (received === undefined) throw new Error('the dev host did not mark the tool result');
  return painted - received;
}

export const widgetPaint: Benchmark = {
  id: 'widget-paint',
  title: 'dev host: tool result to widget paint (Chromium)',
  async run(context: BenchContext) {
    const [template] = await startServers([context.template(0)]);
    if (template === undefined) throw new Error('template did not start');
    const devhost = await createDevHost({
      hostPort: 0,
      sandboxPort: 0,
      appDir: path.resolve(
        import.meta.dirname,
        '..',
        '..',
        '..',
        'packages',
        'devhost',
        'dist',
        'app',
      ),
      defaultServerUrl: `${template.origin}/mcp`,
    });
    const browser = await launchBrowser(process.env);
    try {
      const page = await browser.context.newPage();
      await page.goto(devhost.hostUrl);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('button', { name: /^echo/i }).first().click();
      const times: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const ms = await oneRun(page, `run ${i} today is a great day`);
        if (i >= WARMUP) times.push(ms);
      }
      context.log(`  ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
      const med = median(times);
      const rows: Row[] = [
        {
          metric: `tool result → widget paint, median of ${RUNS}`,
          unit: 'ms',
          value: med,
          goal: { text: `≤ ${GOAL_MS} ms`, met: med <= GOAL_MS },
        },
        { metric: 'p90', unit: 'ms', value: percentile(times, 90) },
        { metric: 'max', unit: 'ms', value: max(times) },
      ];
      return {
        baselineLabel: '—',
        rows,
        notes: [
          'The dev host and the template production server on loopback; Debian Chromium headless via ' +
            'playwright-core. Each run calls echo with a new message: a fresh sandbox proxy and view are ' +
            'created, so this includes loading the inlined echo widget.',
          'Start: the dev host\'s `performance.mark("gatehouse:tool-result")` when the tools/call result ' +
            "arrives. End: the first animation frame in which the view's `#echo-root` shows the message " +
            '(`performance.timeOrigin + now()` in each frame). The widget is mounted while the call ' +
            'runs, so this is how long the user waits for the result to appear after it arrived.',
          `${WARMUP} warm-up runs discarded. No baseline: there is no other MCP Apps host to run here.`,
        ],
      };
    } finally {
      await browser.close();
      await devhost.close();
      await template.stop();
    }
  },
};
