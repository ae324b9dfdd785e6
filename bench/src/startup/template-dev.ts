import { request } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../lib/free-port.ts';
import { REPO_ROOT } from './npm-start.ts';
import { spawnGroup, type GroupProcess } from './process-group.ts';

const POLL_MS = 10;
const READY_TIMEOUT_MS = 120_000;

/** Status of one GET on a fresh connection, or undefined when nothing answered. */
function status(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
    req.end();
  });
}

/** performance.now() once `ok(status)` holds for `url`, polled every POLL_MS. */
async function answered(
  group: GroupProcess,
  url: string,
  ok: (status: number) => boolean,
): Promise<number> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    const got = await status(url);
    if (got !== undefined && ok(got)) return performance.now();
    if (group.child.exitCode !== null) throw new Error(`exited before ${url} answered`);
    if (performance.now() > deadline) throw new Error(`${url} did not answer in time`);
    await sleep(POLL_MS);
  }
}

/** `npm` as the running npm invoked the bench (npm_execpath), else `npm` from PATH. */
function npm(): { readonly command: string; readonly prefix: readonly string[] } {
  const execPath = process.env['npm_execpath'];
  if (execPath !== undefined && /npm-cli\.js$/.test(execPath))
    return { command: process.execPath, prefix: [execPath] };
  return { command: 'npm', prefix: [] };
}

/**
 * The baseline: the template alone as the seed started it, `npm run dev` in template/ (the
 * MCP server under `node --watch` and vite's widget dev server, run by `concurrently`). Ready
 * once `GET /health` answers 200 and the widget dev server answers (any status below 500, the
 * check `npm start` makes). Returns the milliseconds from spawn(); the group is stopped after.
 */
export async function timeTemplateDev(): Promise<number> {
  const [port, widgetPort] = [await freePort(), await freePort()];
  const { command, prefix } = npm();
  const node = path.dirname(process.execPath);
  const group = spawnGroup(command, [...prefix, 'run', 'dev'], {
    cwd: path.join(REPO_ROOT, 'template'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      WIDGET_PORT: String(widgetPort),
      PATH: `${node}${path.delimiter}${process.env['PATH'] ?? ''}`,
    },
  });
  try {
    const [health, widgets] = await Promise.all([
      answered(group, `http://127.0.0.1:${port}/health`, (s) => s === 200),
      answered(group, `http://localhost:${widgetPort}/`, (s) => s < 500),
    ]);
    return Math.max(health, widgets) - group.spawnedAt;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`template npm run dev: ${message}\n${group.output()}`, { cause: error });
  } finally {
    await group.stop('SIGINT');
  }
}
