import { request } from 'node:http';
import { wallClockMs } from './upstream-server.ts';

/**
 * Opens `GET /events?n=&gap=` on 127.0.0.1:<port> and returns, per event, the milliseconds
 * from the upstream writing it (the wall-clock instant in its `data:` line) to this process
 * parsing it. Throws unless all `count` events arrive.
 */
export function sseLatencies(port: number, count: number, gapMs: number): Promise<number[]> {
  const path = `/events?n=${count}&gap=${gapMs}`;
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const timeoutMs = count * gapMs + 10_000;
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET ${path} on port ${port} answered ${res.statusCode ?? 0}`));
          return;
        }
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          const now = wallClockMs();
          const events = (pending + text).split('\n\n');
          pending = events.pop() ?? '';
          for (const event of events) {
            const sent = /^data: ([\d.]+)$/m.exec(event)?.[1];
            if (sent !== undefined) latencies.push(now - Number(sent));
          }
        });
        res.once('error', reject);
        res.once('end', () => {
          if (latencies.length === count) resolve(latencies);
          else reject(new Error(`GET ${path}: ${latencies.length} of ${count} events arrived`));
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path}: not done in time`)));
    req.once('error', reject);
    req.end();
  });
}
