import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchContext } from './benchmark.ts';
import { clusterHop } from './benchmarks/cluster-hop.ts';
import { coldStart } from './benchmarks/cold-start.ts';
import { echoThroughput } from './benchmarks/echo-throughput.ts';
import { gatewayProxy } from './benchmarks/gateway-proxy.ts';
import { gatewayWorkers } from './benchmarks/gateway-workers.ts';
import { gatewaySseIdle } from './benchmarks/gateway-sse-idle.ts';
import { sdkEchoThroughput } from './benchmarks/sdk-echo-throughput.ts';
import { tlsHandshake } from './benchmarks/tls-handshake.ts';
import { tlsOnDemand } from './benchmarks/tls-on-demand.ts';
import { tokenVerify } from './benchmarks/token-verify.ts';
import { tunnelConnect } from './benchmarks/tunnel-connect.ts';
import { tunnelForward } from './benchmarks/tunnel-forward.ts';
import { tunnelIdle } from './benchmarks/tunnel-idle.ts';
import { legacyEchoThroughput } from './benchmarks/legacy-echo-throughput.ts';
import { mcpGateway } from './benchmarks/mcp-gateway.ts';
import { mcpInspect } from './benchmarks/mcp-inspect.ts';
import { mcpWorkers } from './benchmarks/mcp-workers.ts';
import { npmStart } from './benchmarks/npm-start.ts';
import { npmStartTunnel } from './benchmarks/npm-start-tunnel.ts';
import { policyEval } from './benchmarks/policy-eval.ts';
import { widgetPaint } from './benchmarks/widget-paint.ts';
import { widgetSize } from './benchmarks/widget-size.ts';
import { describeMachine } from './lib/machine.ts';
import { mergeReport } from './lib/merge-report.ts';
import { toPlainJs } from './lib/plain-js.ts';
import { renderReport, type ReportInput } from './lib/report.ts';
import { withSummary } from './lib/summary-table.ts';
import { renderSummary } from './lib/summary.ts';
import type { Outcome } from './outcome.ts';
import { bareServer, sdkServer, templateServer } from './servers.ts';
import { loadSettings } from './settings.ts';

// Composition root of the bench: reads the environment, runs the registry, writes the report.
// Usage: npm run bench (builds first) or node bench/src/run.ts [benchmark-id | group ...] [--merge].

/** Every benchmark, in report order. A new benchmark is one file in benchmarks/ plus one line here. */
const BENCHMARKS: readonly Benchmark[] = [
  echoThroughput,
  sdkEchoThroughput,
  widgetSize,
  widgetPaint,
  coldStart,
  legacyEchoThroughput,
  policyEval,
  gatewayProxy,
  gatewayWorkers,
  mcpWorkers,
  clusterHop,
  gatewaySseIdle,
  mcpGateway,
  mcpInspect,
  tokenVerify,
  tunnelForward,
  tunnelIdle,
  tunnelConnect,
  npmStart,
  npmStartTunnel,
  tlsHandshake,
  tlsOnDemand,
];

/** Names for several benchmarks at once on the command line. */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  startup: [npmStart.id, npmStartTunnel.id],
  tls: [tlsHandshake.id, tlsOnDemand.id],
};

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const templateDir = path.join(repoRoot, 'template');

async function main(): Promise<number> {
  const settings = loadSettings(process.env);
  const args = process.argv.slice(2);
  // --merge: rewrite only the sections of the benchmarks that ran; keep the rest of the report.
  const merge = args.includes('--merge');
  const names = args.filter((a) => a !== '--merge');
  const only = names.flatMap((a) => GROUPS[a] ?? [a]);
  const unknown = only.filter((id) => !BENCHMARKS.some((b) => b.id === id));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${[...BENCHMARKS.map((b) => b.id), ...Object.keys(GROUPS)].join(', ')}`,
    );
    return 2;
  }
  const selected = only.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => only.includes(b.id));

  const templateEntry = path.join(templateDir, settings.templateEntry);
  const assetsDir = path.join(templateDir, 'assets');
  for (const required of [templateEntry, path.join(assetsDir, 'manifest.json')]) {
    if (!existsSync(required)) {
      console.error(
        `${path.relative(repoRoot, required)} is missing: run \`npm run build\` first.`,
      );
      return 1;
    }
  }

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-'));
  try {
    const bareJs = await toPlainJs(path.join(here, 'baselines', 'bare-echo-server.ts'), workDir);
    const context: BenchContext = {
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      rounds: settings.rounds,
      coldStartRuns: settings.coldStartRuns,
      template: templateServer(templateDir, settings.templateEntry),
      bare: bareServer(bareJs),
      // Run in place (not copied) so it resolves the SDK from the repository's node_modules.
      sdk: sdkServer(path.join(here, 'baselines', 'sdk-echo-server.ts')),
      assetsDir,
      log: (message) => console.log(message),
    };

    const date = new Date();
    const machine = describeMachine();
    const outcomes: Outcome[] = [];
    for (const benchmark of selected) {
      console.log(`▶ ${benchmark.title}`);
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        outcomes.push({ benchmark, result: await benchmark.run(context), seconds: seconds() });
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        console.error(`✖ ${benchmark.title} failed: ${err.message}`);
        outcomes.push({ benchmark, error: err, seconds: seconds() });
      }
    }

    const input: ReportInput = {
      date,
      machine,
      settings: [
        [
          'Load runs',
          `${settings.warmupSeconds} s warm-up, then ${settings.rounds} round(s) × ` +
            `${settings.durationSeconds} s per server and concurrency (median round reported)`,
        ],
        ['Cold starts', `${settings.coldStartRuns} per server`],
        ['Template entry', `\`template/${settings.templateEntry}\``],
        ...(only.length > 0 ? [['Benchmarks', only.join(', ')] as const] : []),
      ],
      outcomes,
    };
    const reportFile = path.resolve(repoRoot, settings.reportPath);
    const report = withSummary(
      merge
        ? mergeReport(await readFile(reportFile, 'utf8').catch(() => undefined), input, names)
        : renderReport(input),
    );
    await writeFile(reportFile, report);

    console.log(
      `\n${renderSummary(outcomes)}\n\nReport: ${path.relative(process.cwd(), reportFile)}`,
    );
    const failed = outcomes.filter((o) => 'error' in o).length;
    if (failed > 0) console.error(`${failed} benchmark(s) failed.`);
    return failed > 0 ? 1 : 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
