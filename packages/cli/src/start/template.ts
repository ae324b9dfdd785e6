import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { childEnv, npmInvocation, startChild, type Child } from './child.ts';

/** The template in dev mode: its MCP server, and its widget dev server (or watch build). */
export interface RunningTemplate {
  readonly mcpUrl: string;
  /** `http://localhost:<port>`, or `undefined` in inline mode (widgets are inlined). */
  readonly widgetsUrl: string | undefined;
  readonly children: readonly Child[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 90_000;

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

async function until(
  child: Child,
  what: string,
  ready: () => Promise<boolean> | boolean,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let died: string | undefined;
  void child.exited.then((how) => (died = how));
  for (;;) {
    if (await ready()) return;
    if (died !== undefined)
      throw new GatehouseError(
        'ERR_START_TEMPLATE_FAILED',
        `The ${what} stopped during start-up (${died}). Its last lines:\n` +
          child
            .tail()
            .map((l) => `  ${l}`)
            .join('\n'),
      );
    if (Date.now() > deadline)
      throw new GatehouseError(
        'ERR_START_TEMPLATE_TIMEOUT',
        `The ${what} was not ready after ${READY_TIMEOUT_MS / 1000} s.`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Runs the template's own npm scripts (`dev:server`, and `dev:widgets` or, inline,
 * `build:widgets -- --watch`), so a user who edits them gets what they wrote.
 */
export async function startTemplate(options: {
  readonly dir: string;
  readonly mcpPort: number;
  readonly widgetsPort: number;
  readonly inline: boolean;
  readonly color: boolean;
  readonly onLine: (name: string, line: string) => void;
}): Promise<RunningTemplate> {
  if (!existsSync(join(options.dir, 'package.json')))
    throw new GatehouseError(
      'ERR_START_NO_TEMPLATE',
      `No MCP App template at ${options.dir}. Run npm start from the Gatehouse repository root, ` +
        'pass --template-dir <folder>, or --no-template to run without it.',
    );
  const npm = npmInvocation();
  const common = {
    PORT: String(options.mcpPort),
    WIDGET_PORT: String(options.widgetsPort),
    INLINE_DEV_MODE: options.inline ? 'true' : 'false',
    FORCE_COLOR: options.color ? '1' : '0',
  };
  // `gatehouse` itself runs with NODE_ENV=production (React's build for the TUI). The template's
  // server runs in development; Vite picks its own mode, and a NODE_ENV it inherited would put
  // React's development build (whose messages mention import('./MyComponent')) into the bundle.
  const serverEnv = childEnv({ ...common, NODE_ENV: 'development' });
  const widgetsEnv = childEnv(common);
  delete widgetsEnv['NODE_ENV'];
  const children: Child[] = [];
  const run = (
    name: string,
    script: readonly string[],
    env: NodeJS.ProcessEnv,
    watch?: (line: string) => void,
  ) => {
    const child = startChild({
      name,
      command: npm.command,
      args: [...npm.prefix, 'run', '--silent', ...script],
      cwd: options.dir,
      env,
      onLine: (line) => {
        watch?.(line);
        options.onLine(name, line);
      },
    });
    children.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  try {
    const server = run('mcp', ['dev:server'], serverEnv);
    const mcpUrl = `http://localhost:${options.mcpPort}/mcp`;
    if (options.inline) {
      let built = false;
      const widgets = run('widgets', ['build:widgets', '--', '--watch'], widgetsEnv, (line) => {
        if (/built in/i.test(line)) built = true;
      });
      await until(widgets, 'widget build (inline mode)', () => built);
    } else {
      const widgets = run('widgets', ['dev:widgets'], widgetsEnv);
      await until(widgets, 'widget dev server', () =>
        answers(`http://localhost:${options.widgetsPort}/`),
      );
    }
    await until(server, 'MCP server', () => answers(`http://127.0.0.1:${options.mcpPort}/health`));
    return {
      mcpUrl,
      widgetsUrl: options.inline ? undefined : `http://localhost:${options.widgetsPort}`,
      children,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
