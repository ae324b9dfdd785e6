// The three parts `gatehouse start` runs side by side (the template, the Gatehouse server, the dev
// host), each timed for the progress display, and starting them together so that a failure of one
// stops the others.
import type { DevHost } from '@gatehouse/devhost';
import type { GatewayConfig } from '@gatehouse/gateway';
import type { ClosableLogger } from '../logger.ts';
import type { GatehouseSystem } from '../system.ts';
import { buildDevhost, devhostNeedsBuild, startDevhost } from './devhost.ts';
import type { StartDisplay } from './display.ts';
import type { StartOptions } from './options.ts';
import { defaultsFor } from './plan.ts';
import { startTemplate, type RunningTemplate } from './template.ts';

/** What every part needs: the options, the progress display, the logger, where child lines go. */
export interface PartContext {
  readonly options: StartOptions;
  readonly display: StartDisplay;
  readonly logger: ClosableLogger;
  readonly childLine: (name: string, line: string) => void;
}

/** Everything `gatehouse start` started; the template and the dev host are optional. */
export interface StartedParts {
  readonly system: GatehouseSystem;
  readonly config: GatewayConfig;
  readonly template: RunningTemplate | undefined;
  readonly devhost: DevHost | undefined;
  stop(): Promise<void>;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

/** The MCP App template in dev mode (its MCP server and its widget dev server or build). */
async function launchTemplate(ctx: PartContext): Promise<RunningTemplate | undefined> {
  const { options, display } = ctx;
  if (!options.template) return undefined;
  const [template, ms] = await timed(() =>
    startTemplate({
      dir: options.templateDir,
      mcpPort: options.mcpPort,
      widgetsPort: options.widgetsPort,
      inline: options.inline,
      color: process.stdout.isTTY,
      onLine: ctx.childLine,
    }),
  );
  display.step('MCP server', template.mcpUrl, ms);
  display.step(
    options.inline ? 'Widgets (inline)' : 'Widget dev server',
    template.widgetsUrl ?? 'bundled into the widget HTML, rebuilt on change',
    ms,
  );
  return template;
}

/** The Gatehouse server (edge, sign-in, OAuth, SSH) with the file's config or the defaults. */
async function launchServer(
  ctx: PartContext,
  fileConfig: GatewayConfig | undefined,
): Promise<{ system: GatehouseSystem; config: GatewayConfig }> {
  const { options } = ctx;
  const [started, ms] = await timed(async () => {
    // The server's modules take ~0.3 s to load: they load once the template is spawning.
    const { startSystem } = await import('../system.ts');
    const config = fileConfig ?? (await defaultsFor(options));
    const system = await startSystem({
      config,
      logger: ctx.logger,
      tunnelLocalAddress: `localhost:${String(options.mcpPort)}`,
      // The dev host runs in this process on a port it holds: its OAuth callback is ours, so
      // the consent page need not warn that another local program could be listening there.
      ...(options.devhost
        ? { ownRedirectUris: [`http://localhost:${String(options.devhostPort)}/oauth/callback`] }
        : {}),
    });
    return { system, config };
  });
  const { system, config } = started;
  const ssh = system.sshPort === undefined ? 'no SSH' : `SSH port ${String(system.sshPort)}`;
  ctx.display.step('Gatehouse server', `${config.authenticateServiceUrl} · ${ssh}`, ms);
  return started;
}

/** The dev host, built first when its web app was never built. */
async function launchDevhost(ctx: PartContext): Promise<DevHost | undefined> {
  const { options, display } = ctx;
  if (!options.devhost) return undefined;
  const [devhost, ms] = await timed(async () => {
    if (devhostNeedsBuild()) {
      display.line('  … building the dev host web app (first run only)');
      // Its output is shown only if it fails (the last lines, in the error).
      await buildDevhost(() => {});
    }
    return startDevhost({
      port: options.devhostPort,
      sandboxPort: options.sandboxPort,
      serverUrl: `http://localhost:${String(options.mcpPort)}/mcp`,
      logger: ctx.logger.child({ component: 'devhost' }),
    });
  });
  display.step('Dev host', devhost.hostUrl, ms);
  return devhost;
}

const valueOf = <T>(result: PromiseSettledResult<T>): T | undefined =>
  result.status === 'fulfilled' ? result.value : undefined;

/**
 * Starts the three parts together (the template's processes take longest: they are spawned
 * first). When one fails, the others that did start are stopped and the first failure is thrown.
 */
export async function startParts(
  ctx: PartContext,
  fileConfig: GatewayConfig | undefined,
): Promise<StartedParts> {
  const template = launchTemplate(ctx);
  const server = launchServer(ctx, fileConfig);
  const devhost = launchDevhost(ctx);
  const [s, t, d] = await Promise.allSettled([server, template, devhost]);
  const started = { server: valueOf(s), template: valueOf(t), devhost: valueOf(d) };
  const stop = async () => {
    await Promise.all([
      started.devhost?.close(),
      started.template?.stop(),
      started.server?.system.close(),
    ]);
  };
  const failed = [s, t, d].find((r) => r.status === 'rejected');
  if (failed !== undefined || started.server === undefined) {
    await stop();
    ctx.logger.flush();
    throw failed?.reason ?? new Error('the Gatehouse server did not start');
  }
  return { ...started.server, template: started.template, devhost: started.devhost, stop };
}
