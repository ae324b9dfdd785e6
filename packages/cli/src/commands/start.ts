import type { CliIo } from '../io.ts';
import { createLogger } from '../logger.ts';
import { createDisplay, shownPath, type StartDisplay } from '../start/display.ts';
import { parseStartOptions, START_USAGE } from '../start/options.ts';
import { startParts, type StartedParts } from '../start/parts.ts';
import { plannedPorts } from '../start/plan.ts';
import { checkPorts } from '../start/ports.ts';
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
  // Listen for Ctrl-C/SIGTERM before starting anything: a signal that came before `process.on`
  // would meet the default action, killing us and leaving the children (own process groups)
  // behind, and "Ready" is followed at once by a stop in scripts. A stop during start-up
  // waits for the start to finish, then stops everything.
  const display = createDisplay(io.out);
  let ready = false;
  let stopAsked = false;
  const stopRequested = new Promise<void>((done) =>
    signals.onStop(() => {
      if (!ready) display.line('Stopping once start-up ends (Ctrl-C again quits at once)');
      stopAsked = true;
      done();
    }),
  );

  const logger = createLogger(options.logLevel);
  const dataDir = shownPath(fileConfig?.dataDir ?? options.dataDir, io.cwd);
  display.line(`Starting Gatehouse (data in ${dataDir})`);

  // Child output is held back during start-up (the progress lines say what matters) and shown,
  // prefixed, once everything is up; warnings and errors are shown at once.
  let streaming = false;
  const childLine = (name: string, line: string) => {
    if (streaming || /\b(warn|error|fatal)/i.test(line)) io.out(`${name.padStart(7)} │ ${line}\n`);
  };
  const started = await startParts({ options, display, logger, childLine }, fileConfig);
  ready = true;
  if (!stopAsked) {
    showReady(display, started, { dataDir, elapsedMs: performance.now() - began });
    streaming = true;
  }
  const stopping = watchWhileRunning(display, started);
  await stopRequested;
  // One line for a clean stop: the children's own goodbyes are held back (warnings and errors
  // still show), and the tunnel watch stops before the sessions end.
  streaming = false;
  io.out('\nStopping… ');
  stopping();
  await started.stop();
  logger.flush();
  display.line('Stopped.');
  return 0;
}

/** The ready box: the first-run link, the account page, the ssh command, the local URLs. */
function showReady(
  display: StartDisplay,
  { system, config, devhost, template }: StartedParts,
  at: { dataDir: string; elapsedMs: number },
): void {
  const sshHost = config.ssh.listen.host === '0.0.0.0' ? 'localhost' : config.ssh.listen.host;
  display.ready(at.elapsedMs, {
    firstRunLink: system.gateway.firstRunLink,
    accountUrl: `${config.authenticateServiceUrl}/account`,
    sshCommand:
      system.sshPort === undefined
        ? undefined
        : `ssh -p ${String(system.sshPort)} -R 0 ${sshHost === '127.0.0.1' ? 'localhost' : sshHost}`,
    devhostUrl: devhost?.hostUrl,
    mcpUrl: template?.mcpUrl,
    dataDir: at.dataDir,
  });
}

/**
 * While everything runs: tunnel changes and a template process that stops are shown. Returns
 * what to call when stopping (the watch ends, and the template's exits are no longer news).
 */
function watchWhileRunning(display: StartDisplay, started: StartedParts): () => void {
  const { system, devhost, template } = started;
  const watcher =
    system.tunnel === undefined
      ? undefined
      : watchTunnels(system.tunnel, system.gateway.tunnelAccounts, (change) =>
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
  return () => {
    stopping = true;
    watcher?.stop();
  };
}
