import type { DevHost } from '@gatehouse/devhost';
import type { GatewayConfig } from '@gatehouse/gateway';
import type { GatehouseSystem } from '../system.ts';
import type { CliIo } from '../io.ts';
import { createLogger } from '../logger.ts';
import { buildDevhost, devhostNeedsBuild, startDevhost } from '../start/devhost.ts';
import { createDisplay, shownPath } from '../start/display.ts';
import { parseStartOptions, START_USAGE } from '../start/options.ts';
import { defaultsFor, plannedPorts } from '../start/plan.ts';
import { checkPorts } from '../start/ports.ts';
import { startTemplate, type RunningTemplate } from '../start/template.ts';
import { watchTunnels } from '../start/tunnel-watch.ts';

/**
 * `gatehouse start` (what `npm start` runs): the Gatehouse server (edge, sign-in, OAuth, SSH),
 * the MCP App template in dev mode and the dev host, with a progress display and the next steps.
 * Runs until SIGINT/SIGTERM, then stops everything it started.
 */
export async function startCommand(
  argv: readonly string[],
  io: CliIo,
  signals: { onStop(handler: () => void): void },
): Promise<number> {
  const began = performance.now();
  const options = parseStartOptions(argv, io.cwd);
  if (options === undefined) {
    io.out(START_USAGE);
    return 0;
  }
  const fileConfig =
    options.configPath === undefined
      ? undefined
      : await (await import('@gatehouse/gateway')).loadConfigFile(options.configPath);
  await checkPorts(plannedPorts(options, fileConfig));

  const display = createDisplay(io.out);
  const logger = createLogger(options.logLevel);
  const dataDir = shownPath(fileConfig?.dataDir ?? options.dataDir, io.cwd);
  display.line(`Starting Gatehouse (data in ${dataDir})`);

  // Child output is held back during start-up (the progress lines say what matters) and shown,
  // prefixed, once everything is up; warnings and errors are shown at once.
  let streaming = false;
  const childLine = (name: string, line: string) => {
    if (streaming || /\b(warn|error|fatal)/i.test(line)) io.out(`${name.padStart(7)} │ ${line}\n`);
  };
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const value = await work();
    return [value, performance.now() - t0];
  };

  let config: GatewayConfig | undefined = fileConfig;
  let system: GatehouseSystem | undefined;
  let template: RunningTemplate | undefined;
  let devhost: DevHost | undefined;
  const stopAll = async () => {
    await Promise.all([devhost?.close(), template?.stop(), system?.close()]);
  };
  const mcpUrl = `http://localhost:${String(options.mcpPort)}/mcp`;

  try {
    // The template's processes take longest to come up: they are spawned first.
    const app = !options.template
      ? Promise.resolve()
      : timed(() =>
          startTemplate({
            dir: options.templateDir,
            mcpPort: options.mcpPort,
            widgetsPort: options.widgetsPort,
            inline: options.inline,
            color: process.stdout.isTTY,
            onLine: childLine,
          }),
        ).then(([value, ms]) => {
          template = value;
          display.step('MCP server', value.mcpUrl, ms);
          display.step(
            options.inline ? 'Widgets (inline)' : 'Widget dev server',
            value.widgetsUrl ?? 'bundled into the widget HTML, rebuilt on change',
            ms,
          );
        });
    // The server's modules take ~0.3 s to load: load them once the template is spawning.
    const server = timed(async () => {
      const { startSystem } = await import('../system.ts');
      const resolved = fileConfig ?? (await defaultsFor(options));
      config = resolved;
      const started = await startSystem({
        config: resolved,
        logger,
        tunnelLocalAddress: `localhost:${String(options.mcpPort)}`,
        // The dev host runs in this process on a port it holds: its OAuth callback is ours, so
        // the consent page need not warn that another local program could be listening there.
        ...(options.devhost
          ? { ownRedirectUris: [`http://localhost:${String(options.devhostPort)}/oauth/callback`] }
          : {}),
      });
      return { started, url: resolved.authenticateServiceUrl };
    }).then(([{ started, url }, ms]) => {
      system = started;
      const ssh = started.sshPort === undefined ? 'no SSH' : `SSH port ${String(started.sshPort)}`;
      display.step('Gatehouse server', `${url} · ${ssh}`, ms);
    });
    const host = !options.devhost
      ? Promise.resolve()
      : timed(async () => {
          if (devhostNeedsBuild()) {
            display.line('  … building the dev host web app (first run only)');
            // Its output is shown only if it fails (the last lines, in the error).
            await buildDevhost(() => {});
          }
          return startDevhost({
            port: options.devhostPort,
            sandboxPort: options.sandboxPort,
            serverUrl: mcpUrl,
            logger: logger.child({ component: 'devhost' }),
          });
        }).then(([value, ms]) => {
          devhost = value;
          display.step('Dev host', value.hostUrl, ms);
        });
    const results = await Promise.allSettled([server, app, host]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  } catch (error) {
    await stopAll();
    logger.flush();
    throw error;
  }
  const running = system;
  if (running === undefined || config === undefined)
    throw new Error('the Gatehouse server did not start');
  const sshHost = config.ssh.listen.host === '0.0.0.0' ? 'localhost' : config.ssh.listen.host;
  display.ready(performance.now() - began, {
    firstRunLink: running.gateway.firstRunLink,
    accountUrl: `${config.authenticateServiceUrl}/account`,
    sshCommand:
      running.sshPort === undefined
        ? undefined
        : `ssh -p ${String(running.sshPort)} -R 0 ${sshHost === '127.0.0.1' ? 'localhost' : sshHost}`,
    devhostUrl: devhost?.hostUrl,
    mcpUrl: template?.mcpUrl,
    dataDir,
  });
  streaming = true;
  const watcher =
    running.tunnel === undefined
      ? undefined
      : watchTunnels(running.tunnel, running.gateway.tunnelAccounts, (change) =>
          display.tunnel(change, devhost?.hostUrl),
        );
  let stopping = false;
  for (const child of template?.children ?? []) {
    void child.exited.then((how) => {
      if (!stopping)
        display.line(
          `! The template's ${child.name} process stopped (${how}); the tunnel now answers 502. ` +
            'Fix the error above and run npm start again.',
        );
    });
  }
  await new Promise<void>((done) => signals.onStop(done));
  stopping = true;
  // One line for a clean stop: the children's own goodbyes are held back (warnings and errors
  // still show), and the tunnel watch stops before the sessions end.
  streaming = false;
  io.out('\nStopping… ');
  watcher?.stop();
  await stopAll();
  logger.flush();
  display.line('Stopped.');
  return 0;
}
