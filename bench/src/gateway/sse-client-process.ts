import { request, type ClientRequest } from 'node:http';

// One process of SSE clients for the idle-streams benchmark, so the bench process's own socket
// count and event loop stay out of it. Args: <port> <host> <path> <count> [accept] with the
// cookie, if any, in env SSE_COOKIE (not on the command line, where `ps` would show it). Opens
// <count> streams, at most IN_FLIGHT at once (a burst of thousands of SYNs would overflow the
// listen backlog and measure SYN retries), and counts a stream as open when its first body
// bytes have arrived. Prints `{"open":n,"failed":n,"error":"…"}` lines; holds the streams until
// SIGTERM.

const IN_FLIGHT = 64;
const REPORT_EVERY_MS = 200;

const [portText = '', host = '', path = '', countText = ''] = process.argv.slice(2);
const port = Number(portText);
const count = Number(countText);
const cookie = process.env['SSE_COOKIE'];

const requests: ClientRequest[] = [];
let started = 0;
let open = 0;
let failed = 0;
let firstError = '';

function report(): void {
  const line = { open, failed, ...(firstError === '' ? {} : { error: firstError }) };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function openOne(): void {
  started++;
  let state: 'pending' | 'open' | 'lost' = 'pending';
  const opened = (): void => {
    if (state !== 'pending') return;
    state = 'open';
    open++;
    if (started < count) openOne();
  };
  // A stream that fails before its first bytes, or ends or breaks after them, is lost.
  const lost = (message: string): void => {
    if (state === 'lost') return;
    const wasPending = state === 'pending';
    if (state === 'open') open--;
    state = 'lost';
    failed++;
    if (firstError === '') firstError = message;
    if (wasPending && started < count) openOne();
  };
  const headers: Record<string, string> = { host, accept: 'text/event-stream' };
  if (cookie !== undefined && cookie !== '') headers['cookie'] = cookie;
  const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
    if (res.statusCode !== 200) {
      lost(`status ${res.statusCode ?? 0}`);
      res.resume();
      return;
    }
    res.once('data', opened);
    res.once('end', () => lost('stream ended'));
    res.once('error', (error) => lost(error.message));
  });
  req.on('error', (error) => lost(error.message));
  req.end();
  requests.push(req);
}

for (let i = 0; i < Math.min(IN_FLIGHT, count); i++) openOne();
const timer = setInterval(report, REPORT_EVERY_MS);

process.on('SIGTERM', () => {
  clearInterval(timer);
  for (const req of requests) req.destroy();
  process.exit(0);
});
