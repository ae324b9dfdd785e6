import type { Benchmark, BenchContext } from '../benchmark.ts';
import { startServers, type RunningServer } from '../lib/child-server.ts';
import { httpRequest } from '../lib/http.ts';
import {
  legacyEchoCall,
  legacyInitialize,
  legacyInitialized,
  modernEchoCall,
} from '../mcp-requests.ts';
import {
  compareThroughput,
  roundsNote,
  throughputRows,
  verifyEcho,
  type LoadTarget,
} from '../throughput.ts';

const CONNECTIONS = 50;

/** initialize + notifications/initialized; returns the session id the server assigned. */
async function openSession(server: RunningServer): Promise<string> {
  const url = `${server.origin}/mcp`;
  const init = legacyInitialize();
  const response = await httpRequest(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
  });
  const sessionId = response.headers['mcp-session-id'];
  if (response.status !== 200 || typeof sessionId !== 'string') {
    throw new Error(`${server.name}: initialize answered ${response.status} without a session id`);
  }
  const initialized = legacyInitialized(sessionId);
  const ack = await httpRequest(url, {
    method: 'POST',
    headers: initialized.headers,
    body: initialized.body,
  });
  if (ack.status !== 202) {
    throw new Error(
      `${server.name}: notifications/initialized answered ${ack.status}, expected 202`,
    );
  }
  return sessionId;
}

export const legacyEchoThroughput: Benchmark = {
  id: 'legacy-echo-throughput',
  title: 'tools/call echo throughput (2025-11-25, one shared session)',
  async run(context: BenchContext) {
    const [template, bare] = await startServers([context.template(0), context.bare(0)]);
    if (template === undefined || bare === undefined) throw new Error('servers did not start');
    try {
      const ours: LoadTarget = {
        server: template,
        request: legacyEchoCall(await openSession(template)),
      };
      // The bare server has no sessions or eras: it gets the same stateless call as benchmark 1.
      const baseline: LoadTarget = { server: bare, request: modernEchoCall() };
      await verifyEcho(ours);
      await verifyEcho(baseline);
      const comparison = await compareThroughput(context, ours, baseline, CONNECTIONS);
      return {
        baselineLabel: 'bare node:http',
        rows: throughputRows(CONNECTIONS, comparison),
        notes: [
          'Legacy era: one session is opened up front (initialize + notifications/initialized) and its ' +
            '`Mcp-Session-Id` is reused by all autocannon connections; real clients open one session ' +
            'each, so session set-up cost is not in these figures. The server answers each POST as a ' +
            'short SSE stream (the SDK transport default) and keeps each event for resumability.',
          `Same method as above: child processes on 127.0.0.1, ${context.warmupSeconds} s warm-up, ` +
            `median of ${context.rounds} alternating rounds of ${context.durationSeconds} s, any ` +
            'non-2xx or error fails the benchmark. The baseline is the same bare node:http echo ' +
            'server (it has no session concept).',
          roundsNote(CONNECTIONS, comparison),
        ],
      };
    } finally {
      await Promise.all([template.stop(), bare.stop()]);
    }
  },
};
