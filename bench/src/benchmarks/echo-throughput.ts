import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { startServers } from '../lib/child-server.ts';
import { modernEchoCall } from '../mcp-requests.ts';
import {
  compareThroughput,
  roundsNote,
  throughputRows,
  verifyEcho,
  type LoadTarget,
} from '../throughput.ts';

const CONCURRENCIES = [1, 50] as const;

export const echoThroughput: Benchmark = {
  id: 'echo-throughput',
  title: 'tools/call echo throughput (2026-07-28, stateless)',
  async run(context: BenchContext) {
    const request = modernEchoCall();
    const [template, bare] = await startServers([context.template(0), context.bare(0)]);
    if (template === undefined || bare === undefined) throw new Error('servers did not start');
    try {
      const ours: LoadTarget = { server: template, request };
      const baseline: LoadTarget = { server: bare, request };
      await verifyEcho(ours);
      await verifyEcho(baseline);
      const rows: Row[] = [];
      const rounds: string[] = [];
      for (const connections of CONCURRENCIES) {
        const comparison = await compareThroughput(context, ours, baseline, connections);
        rows.push(...throughputRows(connections, comparison));
        rounds.push(roundsNote(connections, comparison));
      }
      return {
        baselineLabel: 'bare node:http',
        rows,
        notes: [
          'One stateless `POST /mcp` per request (protocol 2026-07-28: no session, no initialize, ' +
            '`_meta` envelope, `Mcp-Method`/`Mcp-Name` headers), echo message "today is a great day".',
          'Both servers run as child processes bound to 127.0.0.1 (the template from its production ' +
            'build, `NODE_ENV=production LOG_LEVEL=info`); autocannon runs in the bench process with ' +
            'keep-alive connections and no pipelining.',
          `Per concurrency: ${context.warmupSeconds} s warm-up of each server (discarded), then ` +
            `${context.rounds} round(s) of ${context.durationSeconds} s per server, alternating which ` +
            'server goes first; the table shows the median round (by req/s) of each. Each response ' +
            'was checked once before loading (200, body contains `Echo: today is a great day`); any ' +
            'non-2xx, connection error or timeout in any run fails the benchmark.',
          ...rounds,
          'req/s is autocannon’s mean of per-second counts; p50/p99 are over all 2xx responses of ' +
            'that round, timed per response (µs resolution). Lower is better for latency, so there a ' +
            'ratio above 1× means the template is slower.',
          'autocannon shares the CPU cores with the server under test. Against the bare server it is ' +
            'often autocannon that saturates first, so the bare figure is a floor of what node:http ' +
            'can do and the template/bare ratio is, if anything, flattering.',
        ],
      };
    } finally {
      await Promise.all([template.stop(), bare.stop()]);
    }
  },
};
