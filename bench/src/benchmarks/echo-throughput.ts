import { BARE_GOAL } from '../throughput.ts';
import { modernThroughput } from './modern-throughput.ts';

export const echoThroughput = modernThroughput({
  id: 'echo-throughput',
  title: 'tools/call echo throughput (2026-07-28, stateless)',
  baselineLabel: 'bare node:http',
  baseline: (context) => context.bare,
  goal: BARE_GOAL,
  notes: (context) => [
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
    'req/s is autocannon’s mean of per-second counts; p50/p99 are over all 2xx responses of ' +
      'that round, timed per response (µs resolution). Lower is better for latency, so there a ' +
      'ratio above 1× means the template is slower.',
    'autocannon shares the CPU cores with the server under test. Against the bare server it is ' +
      'often autocannon that saturates first, so the bare figure is a floor of what node:http ' +
      'can do and the template/bare ratio is, if anything, flattering.',
  ],
});
